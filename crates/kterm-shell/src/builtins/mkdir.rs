use super::util;
use crate::{CmdError, Ctx};

builtin!(Mkdir, "mkdir", "make directories", "Usage: mkdir [-p] DIRECTORY...\nCreate the DIRECTORY(ies).\n  -p  no error if existing, make parent directories as needed\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "p", "", &[("parents", 'p')], None)?;
    if f.operands.is_empty() {
        ctx.stderr.line("mkdir: missing operand");
        ctx.stderr.line("Try 'mkdir --help' for more information.");
        return Ok(1);
    }
    let mut status = 0;
    for op in &f.operands {
        let path = ctx.sh.abs_path(op);
        let r = if f.has('p') {
            ctx.sh.fs.mkdir_p(&path)
        } else {
            ctx.sh.fs.mkdir(&path)
        };
        if let Err(e) = r {
            ctx.stderr
                .line(&format!("mkdir: cannot create directory '{op}': {e}"));
            status = 1;
        }
    }
    Ok(status)
}
