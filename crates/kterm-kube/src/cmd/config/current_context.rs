//! `kubectl config current-context`

use crate::cli::Invocation;
use kterm_shell::Ctx;

use crate::error::KubeError;

pub fn run(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let (_, loaded) = super::open(inv, "current-context", args, &[])?;
    let current = loaded.config["current-context"].as_str().unwrap_or("");
    if current.is_empty() {
        return Err(KubeError::Client("current-context is not set".into()));
    }
    ctx.stdout.line(&kterm_shell::sanitize::field(current));
    Ok(0)
}
