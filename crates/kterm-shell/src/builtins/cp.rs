use super::util;
use crate::{CmdError, Ctx};

builtin!(Cp, "cp", "copy files and directories", "Usage: cp [-r] SOURCE... DEST\nCopy SOURCE to DEST, or SOURCEs into the directory DEST.\n  -r  copy directories recursively\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "rRf", "", &[("recursive", 'r')], None)?;
    let Some((dest, sources)) = f.operands.split_last().filter(|(_, s)| !s.is_empty()) else {
        ctx.stderr.line("cp: missing destination file operand");
        ctx.stderr.line("Try 'cp --help' for more information.");
        return Ok(1);
    };
    let dest_path = ctx.sh.abs_path(dest);
    let into_dir = ctx.sh.fs.is_dir(&dest_path);
    if sources.len() > 1 && !into_dir {
        ctx.stderr
            .line(&format!("cp: target '{dest}' is not a directory"));
        return Ok(1);
    }
    let now = ctx.host.now_ms();
    let mut status = 0;
    for src in sources {
        let from = ctx.sh.abs_path(src);
        let to = if into_dir {
            format!(
                "{}/{}",
                dest_path.trim_end_matches('/'),
                from.rsplit('/').next().unwrap_or("")
            )
        } else {
            dest_path.clone()
        };
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
