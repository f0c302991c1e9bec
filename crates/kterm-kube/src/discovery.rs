//! Resource types from discovery, and how kubectl resolves a name the user
//! typed (`po`, `pod`, `pods`, `deployments.apps`) to one of them.

use kterm_shell::Ctx;
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

fn parse_list(v: &Value, group: &str, version: &str) -> Vec<ApiResource> {
    let strings = |x: &Value| {
        x.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
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

/// Discovery results, kept per server for the session.
#[derive(Default)]
pub struct Cache(std::collections::HashMap<String, Vec<ApiResource>>);

pub async fn resources(ctx: &mut Ctx<'_>, t: &Target) -> Result<Vec<ApiResource>, KubeError> {
    if let Some(list) = ctx.sh.ext.get::<Cache>().and_then(|c| c.0.get(&t.server)) {
        return Ok(list.clone());
    }
    let mut all = parse_list(
        &api::get_json(ctx, t, api::request(t, "GET", "/api/v1"), "get", "").await?,
        "",
        "v1",
    );
    let groups = api::get_json(ctx, t, api::request(t, "GET", "/apis"), "get", "").await?;
    for g in groups["groups"].as_array().cloned().unwrap_or_default() {
        let name = g["name"].as_str().unwrap_or("");
        let version = g["preferredVersion"]["version"].as_str().unwrap_or("v1");
        let list = api::get_json(
            ctx,
            t,
            api::request(t, "GET", &format!("/apis/{name}/{version}")),
            "get",
            "",
        )
        .await?;
        all.extend(parse_list(&list, name, version));
    }
    ctx.sh
        .ext
        .get_or_default::<Cache>()
        .0
        .insert(t.server.clone(), all.clone());
    Ok(all)
}

/// Drops the session's discovery for a server, so the next call asks
/// again (`api-resources` always does).
pub fn forget(ctx: &mut Ctx<'_>, server: &str) {
    if let Some(c) = ctx.sh.ext.get_mut::<Cache>() {
        c.0.remove(server);
    }
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
