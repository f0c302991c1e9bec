use crate::{CmdError, Ctx};

builtin!(
    Type,
    "type",
    "describe how a name would be interpreted",
    "Usage: type NAME...\nTell whether each NAME is an alias or a builtin command.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let mut status = 0;
    for name in ctx.args.clone() {
        if let Some(v) = ctx.sh.aliases.get(&name) {
            let l = format!("{name} is aliased to `{v}'");
            ctx.stdout.line(&l);
        } else if ctx.registry.get(&name).is_some()
            || super::SPECIAL.iter().any(|(n, _)| *n == name)
            || name == "."
        {
            ctx.stdout.line(&format!("{name} is a shell builtin"));
        } else {
            ctx.stderr.line(&format!("kterm: type: {name}: not found"));
            status = 1;
        }
    }
    Ok(status)
}
