//! `kubectl completion SHELL`: kubectl prints a script for the shell to
//! source; kterm's terminal completes kubectl itself, so this says so.

use kterm_shell::Ctx;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;

pub async fn run(
    ctx: &mut Ctx<'_>,
    _inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("completion", args, &[])?;
    match f.args.as_slice() {
        [] => Err(KubeError::Client(
            "Shell not specified.\nSee 'kubectl completion -h' for help and examples".into(),
        )),
        [shell] if matches!(shell.as_str(), "bash" | "zsh" | "fish" | "powershell") => {
            ctx.stdout.line("# Completion is built into this terminal: press Tab after kubectl (or oc)");
            ctx.stdout.line("# to complete commands, flags, resource types and the names of live objects.");
            ctx.stdout.line("# There is nothing to source.");
            Ok(0)
        }
        [shell] => Err(KubeError::Client(format!(
            "Unsupported shell type \"{shell}\".\nSee 'kubectl completion -h' for help and examples"
        ))),
        _ => Err(KubeError::Client(
            "Too many arguments. Expected only the shell type.\nSee 'kubectl completion -h' for help and examples".into(),
        )),
    }
}
