//! The cluster access kubectl uses, for other tools that read the same
//! cluster (helm): the kubeconfig the flags name, the context it resolves
//! to (oidc token renewed, a real cluster reached through the gateway),
//! and GETs sent and traced as kubectl sends them.

use kterm_shell::Ctx;

use crate::cli::{Globals, Invocation};
use crate::error::KubeError;
use crate::kubeconfig::{Overrides, Target};
use crate::trace::Trace;

/// Resolves the target for `kubeconfig` (the `--kubeconfig` path, if any)
/// and the command line's `overrides`, as kubectl would.
pub async fn target(
    ctx: &mut Ctx<'_>,
    kubeconfig: Option<String>,
    overrides: Overrides,
) -> Result<Target, KubeError> {
    let globals = Globals {
        namespace: overrides.namespace,
        context: overrides.context,
        kubeconfig,
        cluster: overrides.cluster,
        user: overrides.user,
        server: overrides.server,
        token: overrides.token,
        ..Globals::default()
    };
    Invocation::new(ctx.sh, globals, Trace::default())
        .target(ctx)
        .await
}

/// GETs `path` (with its query) on the target's server; the status and
/// body, or the transport's failure worded as kubectl words it.
pub async fn get(ctx: &Ctx<'_>, t: &Target, path: &str) -> Result<(u16, Vec<u8>), KubeError> {
    crate::api::send(ctx, t, crate::api::request(t, "GET", path)).await
}
