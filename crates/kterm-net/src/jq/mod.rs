//! `jq` placeholder (filled in below).
use kterm_shell::{CmdError, CommandInfo, Ctx};

pub const INFO: CommandInfo = CommandInfo {
    name: "jq",
    aliases: &[],
    summary: "command-line JSON processor",
};

pub struct Jq;

#[async_trait::async_trait(?Send)]
impl kterm_shell::Command for Jq {
    fn name(&self) -> &'static str {
        INFO.name
    }
    fn summary(&self) -> &'static str {
        INFO.summary
    }
    async fn run(&self, _ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        Ok(0)
    }
}
