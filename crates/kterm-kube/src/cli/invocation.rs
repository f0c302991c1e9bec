//! What a verb receives besides its words: the global flags (parsed
//! once), the trace settings, the terminal's HTTP client and the
//! kubeconfig (loaded once), and the target it resolves to, resolved on
//! the verb's first request (the oidc token renewed first if it expired).

use std::rc::Rc;

use base64::Engine;
use kterm_http::Client;
use kterm_kubeconfig::Loaded;
use kterm_shell::{Ctx, ShellState};

use super::Globals;
use crate::error::KubeError;
use crate::kubeconfig::{self, Target, Wire};
use crate::trace::Trace;

pub struct Invocation {
    pub globals: Globals,
    pub wire: Wire,
    config: Result<Loaded, KubeError>,
    target: Option<Target>,
    /// Renew an expired oidc token before the first request (not while
    /// completing a word).
    refresh: bool,
}

impl Invocation {
    /// Loads the kubeconfig the flags name; a file that cannot be read is
    /// reported when the verb needs the config, not before.
    pub fn new(sh: &ShellState, globals: Globals, trace: Trace) -> Invocation {
        let config =
            Loaded::load(sh, globals.kubeconfig.as_deref()).map_err(|e| KubeError::Client(e.0));
        Invocation {
            wire: Wire {
                client: sh.ext.get::<Client>().cloned(),
                trace: Rc::new(trace),
            },
            globals,
            config,
            target: None,
            refresh: true,
        }
    }

    /// For Tab completion: no trace, and no token renewal.
    pub fn for_completion(sh: &ShellState, words: &[String]) -> Invocation {
        let mut inv = Invocation::new(sh, Globals::scan(words, &[]), Trace::default());
        inv.refresh = false;
        inv
    }

    /// The merged kubeconfig as `kubectl config` reads it (a missing
    /// `--kubeconfig` file reads as empty).
    pub fn loaded(&self) -> Result<&Loaded, KubeError> {
        self.config.as_ref().map_err(Clone::clone)
    }

    /// A target on another server (an issuer's token endpoint, `oc
    /// login`'s server) that sends and logs as the command does.
    pub fn bare(&self, server: &str) -> Target {
        Target {
            server: server.to_string(),
            wire: self.wire.clone(),
            ..Target::default()
        }
    }

    /// Where the command's requests go, resolved once.
    pub async fn target(&mut self, ctx: &mut Ctx<'_>) -> Result<Target, KubeError> {
        if let Some(t) = &self.target {
            return Ok(t.clone());
        }
        let loaded = self.config.as_mut().map_err(|e| e.clone())?;
        if let Some(p) = &loaded.missing_explicit {
            return Err(KubeError::Client(format!(
                "stat {p}: no such file or directory"
            )));
        }
        if self.refresh {
            let issuer = self.wire.clone();
            crate::auth::refresh_oidc(ctx, loaded, &self.globals, &issuer).await?;
        }
        let mut t = kubeconfig::resolve(&loaded.config, &self.globals.overrides())?;
        route_through_gateway(ctx.sh, loaded, self.wire.client.as_ref(), &mut t);
        t.wire = self.wire.clone();
        self.target = Some(t.clone());
        Ok(t)
    }
}

/// A real cluster's API server is on its own host, which a page cannot
/// reach; the gateway forwards `/api/k8s/<cluster-id>` to it. IBM Cloud
/// kubeconfigs name clusters `NAME/ID`, which gives the id; the CA goes
/// along so that the gateway verifies the cluster as kubectl would.
pub(crate) fn route_through_gateway(
    sh: &ShellState,
    loaded: &Loaded,
    client: Option<&Client>,
    target: &mut Target,
) {
    let Some(id) = target.cluster.split('/').nth(1) else {
        return;
    };
    let Some(client) = client else {
        return;
    };
    if !client.route_cluster(&target.server, id) {
        return;
    }
    target.gateway_ca = loaded.config.cluster(&target.cluster).and_then(|c| {
        if !c.certificate_authority_data.is_empty() {
            return Some(c.certificate_authority_data.clone());
        }
        if c.certificate_authority.is_empty() {
            return None;
        }
        let pem = sh.fs.read(&sh.abs_path(&c.certificate_authority)).ok()?;
        Some(base64::engine::general_purpose::STANDARD.encode(pem))
    });
}
