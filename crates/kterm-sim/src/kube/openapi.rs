//! `/openapi/v3`: just enough of the OpenAPI v3 discovery for kubectl's
//! `--validate=strict` (its default) to learn that the server validates
//! fields itself (`fieldValidation` on each kind's PATCH). Without it, a
//! real kubectl's `apply`, `create -f` and `replace` stop with "failed to
//! download openapi". No schemas: kubectl then builds strategic merge
//! patches from its compiled-in types, as it does for built-in kinds.

use serde_json::{json, Map, Value};

use super::resources::{Resource, RESOURCES};

/// `api/v1`, `apis/apps/v1`: the key of a group-version in the root.
fn gv_key(r: &Resource) -> String {
    if r.group.is_empty() {
        format!("api/{}", r.version)
    } else {
        format!("apis/{}/{}", r.group, r.version)
    }
}

/// The root document. `prefix` is the path the client reaches this API
/// under (client-go resolves `serverRelativeURL` against the host only).
pub fn root(prefix: &str) -> Value {
    let mut paths = Map::new();
    for r in RESOURCES {
        let key = gv_key(r);
        let url = format!("{prefix}/openapi/v3/{key}?hash=sandbox");
        paths.insert(key, json!({"serverRelativeURL": url}));
    }
    json!({"paths": paths})
}

/// One group-version's document, or None when the sandbox has no such
/// group-version.
pub fn group_version(key: &str) -> Option<Value> {
    let mut paths = Map::new();
    for r in RESOURCES.iter().filter(|r| gv_key(r) == key) {
        let item = if r.namespaced {
            format!("/{key}/namespaces/{{namespace}}/{}/{{name}}", r.name)
        } else {
            format!("/{key}/{}/{{name}}", r.name)
        };
        let gvk = json!({"group": r.group, "version": r.version, "kind": r.kind});
        let param = |name: &str| json!({"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": true}});
        paths.insert(
            item,
            json!({"patch": {
                "operationId": format!("patch{}", r.kind),
                "parameters": [param("dryRun"), param("fieldManager"), param("fieldValidation"), param("force")],
                "x-kubernetes-action": "patch",
                "x-kubernetes-group-version-kind": gvk,
            }}),
        );
    }
    if paths.is_empty() {
        return None;
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "unversioned"},
        "paths": paths,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_and_group_versions() {
        let r = root("/api/k8s/c1");
        assert_eq!(
            r["paths"]["apis/apps/v1"]["serverRelativeURL"],
            "/api/k8s/c1/openapi/v3/apis/apps/v1?hash=sandbox"
        );
        let apps = group_version("apis/apps/v1").unwrap();
        let op = &apps["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert_eq!(op["x-kubernetes-group-version-kind"]["kind"], "Deployment");
        assert!(op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "fieldValidation"));
        let core = group_version("api/v1").unwrap();
        assert!(core["paths"]["/api/v1/namespaces/{name}"]["patch"].is_object());
        assert!(group_version("apis/nope/v1").is_none());
    }
}
