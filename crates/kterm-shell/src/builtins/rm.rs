use super::util;
use crate::fs::FsError;
use crate::{CmdError, Ctx};

builtin!(Rm, "rm", "remove files or directories", "Usage: rm [-rf] FILE...\nRemove the FILE(s).\n  -f  ignore nonexistent files, never prompt\n  -r  remove directories and their contents recursively\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "rRf", "", &[("recursive", 'r'), ("force", 'f')], None)?;
    if f.operands.is_empty() && !f.has('f') {
        ctx.stderr.line("rm: missing operand");
        ctx.stderr.line("Try 'rm --help' for more information.");
        return Ok(1);
    }
    let recursive = f.has('r') || f.has('R');
    let mut status = 0;
    for op in &f.operands {
        let path = ctx.sh.abs_path(op);
        if ctx.sh.fs.is_dir(&path) && !recursive {
            ctx.stderr
                .line(&format!("rm: cannot remove '{op}': Is a directory"));
            status = 1;
            continue;
        }
        match ctx.sh.fs.remove(&path, recursive) {
            Ok(()) => {}
            Err(FsError::NotFound) if f.has('f') => {}
            Err(e) => {
                ctx.stderr.line(&format!("rm: cannot remove '{op}': {e}"));
                status = 1;
            }
        }
    }
    Ok(status)
}
