//! `ibmcloud cr login`: logs the terminal's `docker` in to the registry of
//! the targeted region, as the plug-in does (`docker login` with the user
//! `iamrefresh` and the CLI session's refresh token), through the same
//! client-side handshake `docker login` uses, into `~/.docker/config.json`.

use kterm_shell::Ctx;

use super::registry;
use crate::docker::{config, handshake};
use crate::error::IbmError;
use crate::{api, flags};

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(args, &[(&["--client"], true)])?;
    let client_name = f.value("--client").unwrap_or("docker").to_ascii_lowercase();
    if client_name != "docker" {
        return Err(IbmError::Message(format!(
            "The client '{client_name}' is not available in a browser terminal; 'docker' is (ibmcloud cr login --client docker)."
        )));
    }
    let s = api::fresh_session(ctx).await?;
    let (_, domain) = registry(&s);
    ctx.stdout
        .line(&format!("Logging 'docker' in to '{domain}'..."));
    let client = api::client(ctx)?;
    let token = s.iam_refresh_token.clone();
    if let Err(e) = handshake::login(ctx, &client, domain, "iamrefresh", &token).await {
        return Err(IbmError::Message(format!(
            "Failed to 'docker login' to '{domain}' with error: {}",
            e.message
        )));
    }
    let (mut file, _) = config::load(ctx.sh);
    if config::store(&mut file, domain, "iamrefresh", &token) {
        let now = ctx.host.now_ms();
        config::save(ctx.sh, file, now).map_err(IbmError::Message)?;
    }
    ctx.stdout.line(&format!("Logged in to '{domain}'."));
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}
