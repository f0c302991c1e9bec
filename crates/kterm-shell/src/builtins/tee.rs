use super::util;
use crate::{CmdError, Ctx};

builtin!(Tee, "tee", "copy standard input to files and standard output", "Usage: tee [-a] [FILE]...\nCopy standard input to each FILE, and also to standard output.\n  -a  append to the given FILEs, do not overwrite\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "a", "", &[("append", 'a')], None)?;
    let data = ctx.stdin.clone();
    ctx.stdout.write(&data);
    let now = ctx.host.now_ms();
    let mut status = 0;
    for op in &f.operands {
        let path = ctx.sh.abs_path(op);
        let r = if f.has('a') {
            ctx.sh.fs.append(&path, &data, now)
        } else {
            ctx.sh.fs.write(&path, data.clone(), now)
        };
        if let Err(e) = r {
            ctx.stderr.line(&format!("tee: {op}: {e}"));
            status = 1;
        }
    }
    Ok(status)
}
