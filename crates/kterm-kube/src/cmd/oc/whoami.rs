//! `oc whoami [--show-token | --show-server]`: the user of the current
//! context's token, or the token or server itself.

use kterm_shell::Ctx;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::{self, Flag};

pub(crate) const FLAGS: &[Flag] = &[
    Flag::switch(
        "show-token",
        Some('t'),
        "Print the token of the current session",
    ),
    Flag::switch(
        "show-server",
        None,
        "Print the API server of the current session",
    ),
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("whoami", args, FLAGS)?;
    let t = inv.target(ctx).await?;
    let Some(token) = t.token.clone() else {
        return Err(KubeError::Client(
            "no token is associated with the current context".into(),
        ));
    };
    if f.has("show-token") {
        ctx.stdout.line(&token);
    } else if f.has("show-server") {
        ctx.stdout.line(&t.server);
    } else {
        ctx.stdout.line(&super::user_of(&token));
    }
    Ok(0)
}
