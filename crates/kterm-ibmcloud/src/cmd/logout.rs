//! `ibmcloud logout`: forgets the session (the config file goes away).

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::session::CONFIG_PATH;

pub async fn run(ctx: &mut Ctx<'_>, _args: &[String]) -> Result<i32, IbmError> {
    ctx.stdout.line("Logging out...");
    let _ = ctx.sh.fs.remove(CONFIG_PATH, false);
    crate::colour::ok(ctx);
    Ok(0)
}
