use crate::{CmdError, Ctx};

builtin!(
    Mv,
    "mv",
    "move (rename) files",
    "Usage: mv SOURCE... DEST\nRename SOURCE to DEST, or move SOURCEs into the directory DEST.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let args = ctx.args.clone();
    let targets = match super::util::copy_targets(ctx, &args) {
        Ok(t) => t,
        Err(status) => return Ok(status),
    };
    let dest = args.last().cloned().unwrap_or_default();
    let mut status = 0;
    for (src, from, to) in targets {
        if let Err(e) = ctx.sh.fs.rename(&from, &to) {
            ctx.stderr
                .line(&format!("mv: cannot move '{src}' to '{dest}': {e}"));
            status = 1;
        }
    }
    Ok(status)
}
