//! `ibmcloud version`

use kterm_shell::Ctx;

use crate::error::IbmError;

/// The CLI release kterm's `ibmcloud` follows.
pub const VERSION: &str = "2.36.0+kterm-2026-11-24T00:00:00+00:00";

pub async fn run(ctx: &mut Ctx<'_>, _args: &[String]) -> Result<i32, IbmError> {
    ctx.stdout.line(&format!("ibmcloud version {VERSION}"));
    Ok(0)
}
