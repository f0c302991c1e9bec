//! `ibmcloud config --color true|false`: whether the CLI colours its
//! output (kept as `ColorEnabled` in `~/.bluemix/config.json`, as the real
//! CLI keeps it). Other settings of the real command change nothing in a
//! browser and are refused.

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::flags;
use crate::session::Session;

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(args, &[(&["--color"], true)])?;
    let Some(v) = f.value("--color") else {
        return Err(IbmError::Usage(
            "'ibmcloud config' needs a setting; this terminal has '--color true|false'".into(),
        ));
    };
    let v = v.to_ascii_lowercase();
    if v != "true" && v != "false" {
        return Err(IbmError::Usage(format!(
            "'{v}' is not a valid value for --color. Use 'true' or 'false'."
        )));
    }
    // The CLI settles its colours when it starts, before the change.
    let on = crate::colour::enabled(ctx);
    let mut s = Session::load(ctx.sh);
    s.color_enabled = v;
    let now = ctx.host.now_ms();
    s.save(ctx.sh, now).map_err(IbmError::Message)?;
    ctx.stdout
        .line(&crate::colour::paint(on, crate::colour::GREEN_BOLD, "OK"));
    Ok(0)
}
