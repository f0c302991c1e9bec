//! Where releases are read: the cluster kubectl talks to (kterm-kube's
//! kubeconfig resolution and transport), through Helm's Secrets storage
//! driver: list by `owner=helm`, query by `name=<release>,owner=helm`,
//! get `sh.helm.release.v1.<name>.v<revision>`. Every command first asks
//! the API server for `/version`, as Helm's `IsReachable` does.

use kterm_kube::access;
use kterm_kube::error::KubeError;
use kterm_kube::go::url::query_escape;
use kterm_kube::kubeconfig::{Overrides, Target};
use kterm_shell::Ctx;
use serde_json::Value;

use crate::error::{not_found, HelmError};
use crate::flags::Parsed;
use crate::release::{valid_name, Release};

/// How Helm prefixes a failed reachability check.
const UNREACHABLE: &str = "Kubernetes cluster unreachable";

/// kterm-kube's (kubectl's) words for a `--context` the kubeconfig lacks.
const NO_CONTEXT: &str = "context was not found for specified context: ";

/// The cluster a command reads, resolved from Helm's global flags and
/// environment (`HELM_NAMESPACE`, `HELM_KUBECONTEXT`, …).
pub struct Store {
    t: Target,
}

/// Helm's kube settings from the flags, else the environment.
fn overrides(ctx: &Ctx<'_>, p: &Parsed) -> (Option<String>, Overrides) {
    let env = |k: &str| {
        ctx.sh
            .env
            .get(k)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let pick = |flag: &str, var: &str| p.string(flag).or_else(|| env(var));
    let o = Overrides {
        namespace: pick("namespace", "HELM_NAMESPACE").filter(|n| !n.is_empty()),
        context: pick("kube-context", "HELM_KUBECONTEXT"),
        server: pick("kube-apiserver", "HELM_KUBEAPISERVER"),
        token: pick("kube-token", "HELM_KUBETOKEN"),
        ..Overrides::default()
    };
    (p.string("kubeconfig"), o)
}

impl Store {
    /// Resolves the cluster and checks that it answers.
    pub async fn open(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<Store, HelmError> {
        let (kubeconfig, o) = overrides(ctx, p);
        let t = match access::target(ctx, kubeconfig, o).await {
            Ok(t) => t,
            Err(KubeError::Client(m)) if m.starts_with(NO_CONTEXT) => {
                // Helm's client words it as client-go's loader does.
                return Err(HelmError::msg(format!(
                    "{UNREACHABLE}: context \"{}\" does not exist",
                    &m[NO_CONTEXT.len()..]
                )));
            }
            Err(e) => {
                let url = match &e {
                    KubeError::Refused(h) => format!("http://{h}/version"),
                    _ => String::new(),
                };
                return Err(HelmError::kube(UNREACHABLE, &url, e));
            }
        };
        let store = Store { t };
        let url = format!("{}/version", store.t.server);
        let (status, body) = access::get(ctx, &store.t, "/version")
            .await
            .map_err(|e| HelmError::kube(UNREACHABLE, &url, e))?;
        if status == 401 {
            // The version request reads the body raw: client-go's generic
            // words, whatever Status the server sent.
            return Err(HelmError::msg(format!(
                "{UNREACHABLE}: the server has asked for the client to provide credentials"
            )));
        }
        if !(200..300).contains(&status) {
            let e = KubeError::from_response(status, &body, "get", "");
            return Err(HelmError::kube(UNREACHABLE, &url, e));
        }
        Ok(store)
    }

    /// The namespace the command works in.
    pub fn namespace(&self) -> &str {
        &self.t.namespace
    }

    async fn get_json(
        &self,
        ctx: &Ctx<'_>,
        path: &str,
        prefix: &str,
    ) -> Result<Result<Value, u16>, HelmError> {
        let url = format!("{}{path}", self.t.server);
        let (status, body) = access::get(ctx, &self.t, path)
            .await
            .map_err(|e| HelmError::kube(prefix, &url, e))?;
        if status == 404 {
            return Ok(Err(404));
        }
        if !(200..300).contains(&status) {
            let e = KubeError::from_response(status, &body, "get", "secrets");
            return Err(HelmError::kube(prefix, &url, e));
        }
        serde_json::from_slice(&body)
            .map(Ok)
            .map_err(|e| HelmError::msg(format!("{prefix}: {e}")))
    }

    fn secrets_path(ns: Option<&str>) -> String {
        match ns {
            Some(ns) => format!("/api/v1/namespaces/{ns}/secrets"),
            None => "/api/v1/secrets".into(),
        }
    }

    /// Every release record (`Driver.List`), in one namespace or, with
    /// `all_namespaces`, in all; records that do not decode are skipped.
    pub async fn list(
        &self,
        ctx: &Ctx<'_>,
        all_namespaces: bool,
    ) -> Result<Vec<Release>, HelmError> {
        let ns = (!all_namespaces).then(|| self.namespace());
        let path = format!(
            "{}?labelSelector={}",
            Self::secrets_path(ns),
            query_escape("owner=helm")
        );
        let list = match self.get_json(ctx, &path, "list: failed to list").await? {
            Ok(v) => v,
            Err(_) => return Ok(Vec::new()),
        };
        Ok(items(&list, true))
    }

    /// Every revision of `name` (`Storage.History`, a label query).
    pub async fn history(&self, ctx: &Ctx<'_>, name: &str) -> Result<Vec<Release>, HelmError> {
        let path = format!(
            "{}?labelSelector={}",
            Self::secrets_path(Some(self.namespace())),
            query_escape(&format!("name={name},owner=helm"))
        );
        let prefix = "query: failed to query with labels";
        let list = self
            .get_json(ctx, &path, prefix)
            .await?
            .map_err(|_| not_found())?;
        if list["items"].as_array().is_none_or(|a| a.is_empty()) {
            return Err(not_found());
        }
        Ok(items(&list, true))
    }

    /// One revision (`Storage.Get`).
    pub async fn get(
        &self,
        ctx: &Ctx<'_>,
        name: &str,
        revision: i64,
    ) -> Result<Release, HelmError> {
        let key = format!("sh.helm.release.v1.{name}.v{revision}");
        let path = format!("{}/{key}", Self::secrets_path(Some(self.namespace())));
        let prefix = format!("get: failed to get \"{key}\"");
        let secret = self
            .get_json(ctx, &path, &prefix)
            .await?
            .map_err(|_| not_found())?;
        Release::from_secret(&secret, false)
            .ok_or_else(|| HelmError::msg(format!("get: failed to decode data \"{key}\"")))
    }

    /// `releaseContent`: the named revision, or the last one when
    /// `revision` is not positive.
    pub async fn content(
        &self,
        ctx: &Ctx<'_>,
        name: &str,
        revision: i64,
    ) -> Result<Release, HelmError> {
        if !valid_name(name) {
            return Err(HelmError::msg(format!(
                "releaseContent: Release name is invalid: {name}"
            )));
        }
        if revision > 0 {
            return self.get(ctx, name, revision).await;
        }
        let mut h = self.history(ctx, name).await?;
        kterm_shell::sort::sort_by_key(&mut h, Release::version);
        h.pop()
            .ok_or_else(|| HelmError::msg(format!("no revision for release \"{name}\"")))
    }
}

fn items(list: &Value, system_labels: bool) -> Vec<Release> {
    list["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| Release::from_secret(s, system_labels))
                .collect()
        })
        .unwrap_or_default()
}
