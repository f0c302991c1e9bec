use kterm_shell::{CmdError, CommandInfo, Ctx};
pub const INFO: CommandInfo = CommandInfo { name: "awk", aliases: &["gawk"], summary: "pattern scanning and text processing language" };
crate::tool!(Awk, "awk\n");
async fn run(_ctx: &mut Ctx<'_>) -> Result<i32, CmdError> { Ok(0) }
