use crate::{CmdError, Ctx};

builtin!(Touch, "touch", "create files or update their times", "Usage: touch FILE...\nCreate each FILE empty if it does not exist, else update its modification time.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.is_empty() {
        ctx.stderr.line("touch: missing file operand");
        return Ok(1);
    }
    let now = ctx.host.now_ms();
    let mut status = 0;
    for op in ctx.args.clone() {
        let path = ctx.sh.abs_path(&op);
        if ctx.sh.fs.is_dir(&path) {
            continue;
        }
        let data = ctx
            .sh
            .fs
            .read(&path)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        if let Err(e) = ctx.sh.fs.write(&path, data, now) {
            ctx.stderr.line(&format!("touch: cannot touch '{op}': {e}"));
            status = 1;
        }
    }
    Ok(status)
}
