use crate::{CmdError, Ctx};

builtin!(
    False,
    "false",
    "do nothing, unsuccessfully",
    "Usage: false\nExit with status 1.\n"
);

async fn run(_ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    Ok(1)
}
