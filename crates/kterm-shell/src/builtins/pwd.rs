use crate::{CmdError, Ctx};

builtin!(
    Pwd,
    "pwd",
    "print the working directory",
    "Usage: pwd\nPrint the name of the current working directory.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let cwd = ctx.sh.cwd.clone();
    ctx.stdout.line(&cwd);
    Ok(0)
}
