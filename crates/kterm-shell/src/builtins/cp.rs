use super::util;
use crate::{CmdError, Ctx};

builtin!(Cp, "cp", "copy files and directories", "Usage: cp [-r] SOURCE... DEST\nCopy SOURCE to DEST, or SOURCEs into the directory DEST.\n  -r  copy directories recursively\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "rRf", "", &[("recursive", 'r')], None)?;
    let targets = match util::copy_targets(ctx, &f.operands) {
        Ok(t) => t,
        Err(status) => return Ok(status),
    };
    let now = ctx.host.now_ms();
    let mut status = 0;
    for (src, from, to) in targets {
        if ctx.sh.fs.is_dir(&from) && !(f.has('r') || f.has('R')) {
            ctx.stderr
                .line(&format!("cp: -r not specified; omitting directory '{src}'"));
            status = 1;
            continue;
        }
        if let Err(e) = ctx.sh.fs.copy(&from, &to, true, now) {
            ctx.stderr.line(&format!("cp: cannot copy '{src}': {e}"));
            status = 1;
        }
    }
    Ok(status)
}
