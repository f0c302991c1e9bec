use crate::{CmdError, Ctx};

builtin!(
    Mv,
    "mv",
    "move (rename) files",
    "Usage: mv SOURCE... DEST\nRename SOURCE to DEST, or move SOURCEs into the directory DEST.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let args = ctx.args.clone();
    let Some((dest, sources)) = args.split_last().filter(|(_, s)| !s.is_empty()) else {
        ctx.stderr.line("mv: missing destination file operand");
        ctx.stderr.line("Try 'mv --help' for more information.");
        return Ok(1);
    };
    let dest_path = ctx.sh.abs_path(dest);
    let into_dir = ctx.sh.fs.is_dir(&dest_path);
    if sources.len() > 1 && !into_dir {
        ctx.stderr
            .line(&format!("mv: target '{dest}' is not a directory"));
        return Ok(1);
    }
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
        if let Err(e) = ctx.sh.fs.rename(&from, &to) {
            ctx.stderr
                .line(&format!("mv: cannot move '{src}' to '{dest}': {e}"));
            status = 1;
        }
    }
    Ok(status)
}
