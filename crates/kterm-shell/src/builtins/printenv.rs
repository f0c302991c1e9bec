use crate::{CmdError, Ctx};

builtin!(Printenv, "printenv", "print all or part of the environment", "Usage: printenv [VARIABLE]...\nPrint the values of the given exported variables, or all of them as NAME=VALUE.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.is_empty() {
        let lines: Vec<String> = ctx
            .sh
            .env
            .exported()
            .map(|(k, v)| format!("{k}={}", crate::sanitize::text(v)))
            .collect();
        for l in lines {
            ctx.stdout.line(&l);
        }
        return Ok(0);
    }
    let mut status = 0;
    for name in ctx.args.clone() {
        match ctx
            .sh
            .env
            .exported()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| crate::sanitize::text(v))
        {
            Some(v) => ctx.stdout.line(&v),
            None => status = 1,
        }
    }
    Ok(status)
}
