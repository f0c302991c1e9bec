use crate::{CmdError, Ctx};

builtin!(
    Exit,
    "exit",
    "explain how a session ends",
    "Usage: exit\nkterm has no shell process to end: the session ends when you close the tab.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    ctx.stdout
        .line("There is no shell process to exit: this session ends when you close the tab.");
    ctx.stdout
        .line("Your files, history and logins live in this tab only and are gone when it closes.");
    Ok(0)
}
