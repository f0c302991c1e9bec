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
    let lines: Vec<String> = ctx
        .sh
        .env
        .exported()
        .map(|(k, v)| format!("{k}={}", crate::sanitize::text(v)))
        .collect();
    for l in lines {
        ctx.stdout.line(&l);
    }
    Ok(0)
}
