use crate::{CmdError, Ctx};

builtin!(
    Unalias,
    "unalias",
    "remove alias definitions",
    "Usage: unalias [-a] NAME...\nRemove each NAME from the aliases; -a removes all.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.is_empty() {
        ctx.stderr
            .line("unalias: usage: unalias [-a] name [name ...]");
        return Ok(2);
    }
    let mut status = 0;
    for a in ctx.args.clone() {
        if a == "-a" {
            ctx.sh.aliases.clear();
        } else if ctx.sh.aliases.remove(&a).is_none() {
            ctx.stderr.line(&format!("kterm: unalias: {a}: not found"));
            status = 1;
        }
    }
    Ok(status)
}
