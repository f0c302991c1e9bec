//! Getting the first kubectl command of a session ready before it is
//! typed: as soon as a context is known (a stored kubeconfig at load,
//! after `ibmcloud ks cluster config`, a preset context), the front end
//! calls [`prefetch`] and runs the future it gets in the background. It
//! renews an expired oidc token and fetches discovery with it; both land
//! in the session's caches (`auth::Renewals`, `discovery::Cache`), where
//! the command finds them, waiting for them if they are still in flight.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use futures::FutureExt;
use kterm_http::Client;
use kterm_kubeconfig::Loaded;
use kterm_shell::ShellState;

use crate::discovery::{self, Cache};
use crate::kubeconfig::{self, Overrides};
use crate::{api, auth};

/// The background work for the current context, or `None` when there is
/// nothing to do (no usable context, no transport, discovery already
/// cached or on its way). `now_ms` is the host's clock, for the token's
/// expiry.
pub fn prefetch(sh: &mut ShellState, now_ms: i64) -> Option<LocalBoxFuture<'static, ()>> {
    let loaded = Loaded::load(sh, None).ok()?;
    let client = sh.ext.get::<Client>().cloned()?;
    let mut t = kubeconfig::resolve(&loaded.config, &Overrides::default()).ok()?;
    crate::cli::invocation::route_through_gateway(sh, &loaded, Some(&client), &mut t);
    t.wire.client = Some(client.clone());
    let cache = Cache::of(sh);
    if cache.get(&t.server).is_some() {
        return None;
    }
    let user = loaded.config.user(&t.user).cloned().unwrap_or_default();
    let renewal = auth::start_renewal(sh, &user, &client, now_ms / 1000);
    let server = t.server.clone();
    let work: LocalBoxFuture<'static, _> = Box::pin(async move {
        if let Some(r) = renewal {
            t.token = r.await.ok().map(|r| r.id).or(t.token);
        }
        let t = &t;
        discovery::fetch(|path, accept| async move { api::get_untraced(t, &path, accept).await })
            .await
            .map(Rc::new)
    });
    let pending = work.shared();
    cache.put(&server, pending.clone());
    Some(
        async move {
            let _ = pending.await;
        }
        .boxed_local(),
    )
}
