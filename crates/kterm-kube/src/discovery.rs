//! Resource types from discovery, and how kubectl resolves a name the user
//! typed (`po`, `pod`, `pods`, `deployments.apps`) to one of them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use futures::future::{LocalBoxFuture, Shared};
use futures::FutureExt;
use kterm_shell::{Ctx, ShellState};
use serde_json::Value;

use crate::api;
use crate::error::KubeError;
use crate::kubeconfig::Target;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiResource {
    pub name: String,
    pub singular: String,
    pub kind: String,
    pub group: String,
    pub version: String,
    pub namespaced: bool,
    pub short_names: Vec<String>,
    pub categories: Vec<String>,
    /// As the server lists them (`api-resources -o wide` keeps the order).
    pub verbs: Vec<String>,
}

impl ApiResource {
    /// `/api/v1` or `/apis/apps/v1`.
    pub fn base_path(&self) -> String {
        if self.group.is_empty() {
            format!("/api/{}", self.version)
        } else {
            format!("/apis/{}/{}", self.group, self.version)
        }
    }

    /// The collection path, in a namespace or across all.
    pub fn collection(&self, ns: Option<&str>) -> String {
        match (self.namespaced, ns) {
            (true, Some(ns)) => format!("{}/namespaces/{ns}/{}", self.base_path(), self.name),
            _ => format!("{}/{}", self.base_path(), self.name),
        }
    }

    /// `pod`, `deployment.apps`: how `get` names objects of several kinds.
    pub fn kind_prefix(&self) -> String {
        let k = self.kind.to_lowercase();
        if self.group.is_empty() {
            k
        } else {
            format!("{k}.{}", self.group)
        }
    }
}

/// A list of strings (`shortNames`, `verbs`), empty if absent.
fn strings(x: &Value) -> Vec<String> {
    x.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn parse_list(v: &Value, group: &str, version: &str) -> Vec<ApiResource> {
    v["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|r| !r["name"].as_str().unwrap_or("/").contains('/'))
        .map(|r| ApiResource {
            name: r["name"].as_str().unwrap_or("").to_string(),
            singular: r["singularName"].as_str().unwrap_or("").to_string(),
            kind: r["kind"].as_str().unwrap_or("").to_string(),
            group: group.to_string(),
            version: version.to_string(),
            namespaced: r["namespaced"].as_bool().unwrap_or(false),
            short_names: strings(&r["shortNames"]),
            categories: strings(&r["categories"]),
            verbs: strings(&r["verbs"]),
        })
        .collect()
}

/// The Accept header of a discovery request: aggregated discovery
/// (`apidiscovery.k8s.io`, every group in one answer) first, as kubectl
/// asks; a server without it answers the legacy JSON.
const AGGREGATED_ACCEPT: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

/// The resources of an `APIGroupDiscoveryList`, each group at its
/// preferred (first) version.
fn parse_aggregated(list: &Value) -> Vec<ApiResource> {
    let mut all = Vec::new();
    for g in list["items"].as_array().into_iter().flatten() {
        let group = g["metadata"]["name"].as_str().unwrap_or("");
        let Some(v) = g["versions"].as_array().and_then(|v| v.first()) else {
            continue;
        };
        let version = v["version"].as_str().unwrap_or("v1");
        for r in v["resources"].as_array().into_iter().flatten() {
            all.push(ApiResource {
                name: r["resource"].as_str().unwrap_or("").to_string(),
                singular: r["singularResource"].as_str().unwrap_or("").to_string(),
                kind: r["responseKind"]["kind"].as_str().unwrap_or("").to_string(),
                group: group.to_string(),
                version: version.to_string(),
                namespaced: r["scope"] == "Namespaced",
                short_names: strings(&r["shortNames"]),
                categories: strings(&r["categories"]),
                verbs: strings(&r["verbs"]),
            });
        }
    }
    all
}

/// Discovery through `get` (a path and an Accept header to the decoded
/// answer): aggregated (`/api`, `/apis`), or, from a server without it,
/// the legacy lists (`/api/v1`, `/apis`, then each group's preferred
/// version), in the order kubectl asks.
pub(crate) async fn fetch<G, F>(get: G) -> Result<Vec<ApiResource>, KubeError>
where
    G: Fn(String, &'static str) -> F,
    F: Future<Output = Result<Value, KubeError>>,
{
    let core = get("/api".into(), AGGREGATED_ACCEPT).await?;
    if core["kind"] == "APIGroupDiscoveryList" {
        let groups = get("/apis".into(), AGGREGATED_ACCEPT).await?;
        let mut all = parse_aggregated(&core);
        all.extend(parse_aggregated(&groups));
        return Ok(all);
    }
    let json = "application/json";
    let mut all = parse_list(&get("/api/v1".into(), json).await?, "", "v1");
    let groups = get("/apis".into(), json).await?;
    for g in groups["groups"].as_array().into_iter().flatten() {
        let name = g["name"].as_str().unwrap_or("");
        let version = g["preferredVersion"]["version"].as_str().unwrap_or("v1");
        let list = get(format!("/apis/{name}/{version}"), json).await?;
        all.extend(parse_list(&list, name, version));
    }
    Ok(all)
}

/// Discovery as it stands for one server: done, or still in flight (a
/// prefetch a command may wait for).
type Pending = Shared<LocalBoxFuture<'static, Result<Rc<Vec<ApiResource>>, KubeError>>>;

/// Discovery results for the session, per server: what kubectl keeps in
/// its disk cache, kept in the session's extensions.
#[derive(Clone, Default)]
pub struct Cache(Rc<RefCell<HashMap<String, Pending>>>);

impl Cache {
    pub(crate) fn of(sh: &mut ShellState) -> Cache {
        sh.ext.get_or_default::<Cache>().clone()
    }

    pub(crate) fn get(&self, server: &str) -> Option<Pending> {
        self.0.borrow().get(server).cloned()
    }

    pub(crate) fn put(&self, server: &str, p: Pending) {
        self.0.borrow_mut().insert(server.to_string(), p);
    }

    fn remove(&self, server: &str) {
        self.0.borrow_mut().remove(server);
    }
}

/// The server's resource types: from the session's cache (waiting for a
/// prefetch still in flight), else asked now and kept.
pub async fn resources(ctx: &mut Ctx<'_>, t: &Target) -> Result<Vec<ApiResource>, KubeError> {
    let cache = Cache::of(ctx.sh);
    if let Some(pending) = cache.get(&t.server) {
        match ctx.cancel.run(pending).await {
            None => return Err(KubeError::Cancelled),
            Some(Ok(list)) => return Ok(list.to_vec()),
            // A failed prefetch: ask again, so the error is the command's.
            Some(Err(_)) => cache.remove(&t.server),
        }
    }
    let ctx: &Ctx<'_> = ctx;
    let all = fetch(|path, accept| {
        let mut req = api::request(t, "GET", &path);
        req.headers.retain(|(k, _)| k != "Accept");
        let req = req.header("Accept", accept);
        async move { api::get_json(ctx, t, req, "get", "").await }
    })
    .await?;
    let done: LocalBoxFuture<'static, _> = Box::pin(std::future::ready(Ok(Rc::new(all.clone()))));
    cache.put(&t.server, done.shared());
    Ok(all)
}

/// Drops the session's discovery for a server, so the next call asks
/// again (`api-resources` always does).
pub fn forget(ctx: &mut Ctx<'_>, server: &str) {
    Cache::of(ctx.sh).remove(server);
}

/// The resource `typed` names: resource, singular or short name, with an
/// optional `.group`, case-insensitively.
pub fn find<'a>(all: &'a [ApiResource], typed: &str) -> Option<&'a ApiResource> {
    let typed = typed.to_lowercase();
    let (name, group) = match typed.split_once('.') {
        Some((n, g)) => (n.to_string(), Some(g.to_string())),
        None => (typed.clone(), None),
    };
    let in_group = |r: &&ApiResource| {
        group
            .as_deref()
            .is_none_or(|g| r.group == g || r.group.starts_with(&format!("{g}.")))
    };
    all.iter()
        .filter(in_group)
        .find(|r| r.name == name || r.singular == name)
        .or_else(|| {
            all.iter()
                .filter(in_group)
                .find(|r| r.short_names.contains(&name))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolution_table() {
        let core = json!({"resources": [
            {"name": "pods", "singularName": "pod", "kind": "Pod", "namespaced": true, "shortNames": ["po"]},
            {"name": "pods/log", "singularName": "", "kind": "Pod", "namespaced": true},
            {"name": "services", "singularName": "service", "kind": "Service", "namespaced": true, "shortNames": ["svc"]},
        ]});
        let apps = json!({"resources": [{"name": "deployments", "singularName": "deployment", "kind": "Deployment", "namespaced": true, "shortNames": ["deploy"]}]});
        let mut all = parse_list(&core, "", "v1");
        all.extend(parse_list(&apps, "apps", "v1"));
        let aggregated = json!({"kind": "APIGroupDiscoveryList", "items": [
            {"metadata": {}, "versions": [{"version": "v1", "resources": [
                {"resource": "pods", "singularResource": "pod", "responseKind": {"kind": "Pod"}, "scope": "Namespaced", "shortNames": ["po"], "subresources": [{"subresource": "log"}]},
                {"resource": "services", "singularResource": "service", "responseKind": {"kind": "Service"}, "scope": "Namespaced", "shortNames": ["svc"]},
            ]}]},
            {"metadata": {"name": "apps"}, "versions": [{"version": "v1", "resources": [
                {"resource": "deployments", "singularResource": "deployment", "responseKind": {"kind": "Deployment"}, "scope": "Namespaced", "shortNames": ["deploy"]},
            ]}, {"version": "v1beta1", "resources": []}]},
        ]});
        let from_aggregated = parse_aggregated(&aggregated);
        assert_eq!(
            from_aggregated
                .iter()
                .map(|r| (
                    r.name.as_str(),
                    r.group.as_str(),
                    r.version.as_str(),
                    r.namespaced
                ))
                .collect::<Vec<_>>(),
            all.iter()
                .map(|r| (
                    r.name.as_str(),
                    r.group.as_str(),
                    r.version.as_str(),
                    r.namespaced
                ))
                .collect::<Vec<_>>(),
            "both forms give the same resources"
        );
        assert_eq!(all.len(), 3, "subresources are ignored");
        for (typed, want) in [
            ("po", Some("pods")),
            ("Pod", Some("pods")),
            ("pods", Some("pods")),
            ("svc", Some("services")),
            ("deploy", Some("deployments")),
            ("deployments.apps", Some("deployments")),
            ("deployment.apps", Some("deployments")),
            ("pods.apps", None),
            ("foo", None),
        ] {
            assert_eq!(find(&all, typed).map(|r| r.name.as_str()), want, "{typed}");
        }
        let d = find(&all, "deploy").unwrap();
        assert_eq!(
            d.collection(Some("x")),
            "/apis/apps/v1/namespaces/x/deployments"
        );
        assert_eq!(d.kind_prefix(), "deployment.apps");
    }
}
