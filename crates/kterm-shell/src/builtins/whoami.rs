use crate::{CmdError, Ctx};

builtin!(
    Whoami,
    "whoami",
    "print the user name",
    "Usage: whoami\nPrint the user name of this session.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let user = ctx.sh.env.get("USER").unwrap_or("user").to_string();
    ctx.stdout.line(&user);
    Ok(0)
}
