use crate::{CmdError, Ctx};

builtin!(Which, "which", "locate a command", "Usage: which NAME...\nPrint where each command NAME comes from (every command here is built in).\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let mut status = 0;
    for name in ctx.args.clone() {
        if ctx.registry.get(&name).is_some() {
            ctx.stdout.line(&format!("{name}: shell built-in command"));
        } else {
            status = 1;
        }
    }
    Ok(status)
}
