use crate::{CmdError, Ctx};

builtin!(
    Unset,
    "unset",
    "unset values and attributes of shell variables",
    "Usage: unset [-v] NAME...\nRemove each variable NAME.\n"
);

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    for name in ctx.args.iter().filter(|a| *a != "-v") {
        ctx.sh.env.unset(name);
    }
    Ok(0)
}
