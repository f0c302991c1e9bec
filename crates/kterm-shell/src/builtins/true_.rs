use crate::{CmdError, Ctx};

builtin!(
    True,
    "true",
    "do nothing, successfully",
    "Usage: true\nExit with status 0.\n"
);

async fn run(_ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    Ok(0)
}
