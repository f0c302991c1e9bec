use crate::{CmdError, Ctx};

builtin!(Printenv, "printenv", "print all or part of the environment", "Usage: printenv [VARIABLE]...\nPrint the values of the given exported variables, or all of them as NAME=VALUE.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.is_empty() {
        super::util::print_environment(ctx);
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
