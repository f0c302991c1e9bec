use crate::{CmdError, Ctx};

builtin!(
    Clear,
    "clear",
    "clear the terminal screen",
    "Usage: clear\nClear the screen and the scrollback.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    ctx.stdout.raw(b"\x1b[H\x1b[2J\x1b[3J");
    Ok(0)
}
