use crate::{CmdError, Ctx};

builtin!(
    Env,
    "env",
    "print the environment",
    "Usage: env\nPrint the exported variables, one NAME=VALUE per line.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if let Some(a) = ctx.args.first() {
        ctx.stderr.line(&format!(
            "env: '{a}': running commands from env is not supported; run the command directly"
        ));
        return Ok(125);
    }
    super::util::print_environment(ctx);
    Ok(0)
}
