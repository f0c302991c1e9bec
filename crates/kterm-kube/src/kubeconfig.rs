//! The context a command runs in, resolved from the merged kubeconfig
//! (`kterm_kubeconfig`) and the global flags: server, namespace and
//! credentials, as client-go's `ClientConfig` resolves them.

use std::rc::Rc;

use kterm_http::Client;
use kterm_kubeconfig::Kubeconfig;

use crate::error::KubeError;
use crate::trace::Trace;

pub use kterm_kubeconfig::DEFAULT_PATH;

/// How a command's requests are sent and logged: the terminal's HTTP
/// client and the command's `-v`/`--request-timeout` settings.
#[derive(Clone, Default)]
pub struct Wire {
    pub client: Option<Client>,
    pub trace: Rc<Trace>,
}

impl std::fmt::Debug for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wire")
            .field("client", &self.client.is_some())
            .field("verbosity", &self.trace.verbosity)
            .finish()
    }
}

/// Where requests go and how they authenticate.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub context: String,
    pub cluster: String,
    pub user: String,
    pub server: String,
    pub namespace: String,
    pub token: Option<String>,
    /// The cluster's CA (base64 PEM) for the gateway, when the server is
    /// reached through it (see `context::route_through_gateway`).
    pub gateway_ca: Option<String>,
    pub wire: Wire,
}

/// Overrides from the command line.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub context: Option<String>,
    pub cluster: Option<String>,
    pub user: Option<String>,
    pub namespace: Option<String>,
    pub server: Option<String>,
    pub token: Option<String>,
}

pub fn resolve(cfg: &Kubeconfig, o: &Overrides) -> Result<Target, KubeError> {
    let context_name = o
        .context
        .clone()
        .unwrap_or_else(|| cfg.current_context.clone());
    let ctx = if context_name.is_empty() {
        None
    } else {
        cfg.context(&context_name)
    };
    if o.context.is_some() && ctx.is_none() {
        return Err(KubeError::Client(format!(
            "context was not found for specified context: {context_name}"
        )));
    }
    let cluster = o
        .cluster
        .clone()
        .or_else(|| ctx.map(|c| c.cluster.clone()))
        .unwrap_or_default();
    let user = o
        .user
        .clone()
        .or_else(|| ctx.map(|c| c.user.clone()))
        .unwrap_or_default();
    let server = o
        .server
        .clone()
        .or_else(|| cfg.cluster(&cluster).map(|c| c.server.clone()));
    let Some(server) = server.filter(|s| !s.is_empty()) else {
        return Err(KubeError::Refused("localhost:8080".into()));
    };
    let u = cfg.user(&user);
    let token = o.token.clone().or_else(|| {
        let u = u?;
        Some(u.token.clone())
            .filter(|t| !t.is_empty())
            .or_else(|| u.oidc()?.get("id-token").map(str::to_string))
    });
    if let (None, Some(exec)) = (&token, u.and_then(|u| u.exec.as_ref())) {
        return Err(KubeError::Client(format!(
            "user \"{user}\" gets its credentials from the exec plugin \"{}\", and a browser cannot run programs; use a token (kubectl config set-credentials {user} --token=TOKEN) or the oidc auth-provider that ibmcloud ks cluster config writes",
            exec.command
        )));
    }
    if token.is_none() && u.is_some_and(|u| u.has_client_cert()) {
        return Err(KubeError::Client(format!(
            "user \"{user}\" authenticates with a client certificate, and a browser cannot present one to the API server; use a token (kubectl config set-credentials {user} --token=TOKEN) or the oidc auth-provider that ibmcloud ks cluster config writes"
        )));
    }
    let namespace = o
        .namespace
        .clone()
        .or_else(|| ctx.map(|c| c.namespace.clone()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into());
    Ok(Target {
        context: context_name,
        cluster,
        user,
        server: server.trim_end_matches('/').to_string(),
        namespace,
        token,
        gateway_ca: None,
        wire: Wire::default(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly by design
    use super::*;

    /// What the first-wins merge of two files gives (the merge itself is
    /// kterm-kubeconfig's, tested there).
    const MERGED: &str = "current-context: a\ncontexts:\n- name: a\n  context: {cluster: ca, user: ua, namespace: team}\n- name: b\n  context: {cluster: cb, user: ub}\nclusters:\n- name: ca\n  cluster: {server: 'https://a:6443/'}\n- name: cb\n  cluster: {server: 'https://b'}\nusers:\n- name: ua\n  user: {token: tok-a}\n- name: ub\n  user:\n    auth-provider:\n      name: oidc\n      config: {id-token: idt}\n";

    fn key(t: &Target) -> (&str, &str, &str, Option<&str>) {
        (
            t.context.as_str(),
            t.server.as_str(),
            t.namespace.as_str(),
            t.token.as_deref(),
        )
    }

    #[test]
    fn resolution_table() {
        let cfg = Kubeconfig::from_value(&kterm_shell::yaml::parse(MERGED).unwrap());
        let empty = Kubeconfig::default();
        let ctx = |c: &str| Overrides {
            context: Some(c.into()),
            ..Default::default()
        };
        let t = resolve(&cfg, &Overrides::default()).unwrap();
        assert_eq!(key(&t), ("a", "https://a:6443", "team", Some("tok-a")));
        let t = resolve(&cfg, &ctx("b")).unwrap();
        assert_eq!(key(&t), ("b", "https://b", "default", Some("idt")));
        assert_eq!(
            resolve(&empty, &Overrides::default()).unwrap_err(),
            KubeError::Refused("localhost:8080".into())
        );
        assert_eq!(
            resolve(&empty, &ctx("x")).unwrap_err(),
            KubeError::Client("context was not found for specified context: x".into())
        );
    }
}
