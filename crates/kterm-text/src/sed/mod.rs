use kterm_shell::{CmdError, CommandInfo, Ctx};
pub const INFO: CommandInfo = CommandInfo { name: "sed", aliases: &[], summary: "stream editor for filtering and transforming text" };
crate::tool!(Sed, "sed\n");
async fn run(_ctx: &mut Ctx<'_>) -> Result<i32, CmdError> { Ok(0) }
