#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Aggregated discovery (`apidiscovery.k8s.io/v2`) next to the legacy form.

mod common;

use axum::http::StatusCode;
use common::{env, respond};
use serde_json::{json, Value};

const V2: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
const V2BETA1: &str = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

/// What kubectl 1.37 sends to `/api` and `/apis`.
fn kubectl_accept() -> String {
    format!("{V2},{V2BETA1},application/json")
}

/// GETs `path` with `accept`: status, content type and body.
async fn get(path: &str, accept: &str) -> (StatusCode, String, Value) {
    let e = env().await;
    let mut r = e.req("GET", path, "", None);
    r.headers_mut().insert("accept", accept.parse().unwrap());
    let (s, h, body) = respond(&e.sb, r).await;
    let ct = h
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (s, ct, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// The resource named `name` in the only version of `group` in `list`.
fn resource<'a>(list: &'a Value, group: &str, name: &str) -> &'a Value {
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["metadata"]["name"].as_str().unwrap_or("") == group)
        .unwrap_or_else(|| panic!("no group {group:?}"));
    item["versions"][0]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource"] == name)
        .unwrap_or_else(|| panic!("no resource {name} in {group:?}"))
}

#[tokio::test]
async fn core_group_aggregated() {
    let (s, ct, l) = get("/api", &kubectl_accept()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ct, V2);
    assert_eq!(l["kind"], "APIGroupDiscoveryList");
    assert_eq!(l["apiVersion"], "apidiscovery.k8s.io/v2");
    assert_eq!(l["metadata"], json!({}));
    let items = l["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["metadata"], json!({"creationTimestamp": null}));
    assert_eq!(items[0]["versions"][0]["version"], "v1");
    assert_eq!(items[0]["versions"][0]["freshness"], "Current");
    let pods = resource(&l, "", "pods");
    assert_eq!(
        pods["responseKind"],
        json!({"group": "", "version": "v1", "kind": "Pod"})
    );
    assert_eq!(pods["scope"], "Namespaced");
    assert_eq!(pods["singularResource"], "pod");
    assert_eq!(pods["shortNames"], json!(["po"]));
    assert_eq!(pods["categories"], json!(["all"]));
    assert_eq!(
        pods["verbs"],
        json!([
            "create",
            "delete",
            "deletecollection",
            "get",
            "list",
            "patch",
            "update",
            "watch"
        ])
    );
    assert_eq!(
        pods["subresources"][0],
        json!({"subresource": "log", "responseKind": {"group": "", "version": "v1", "kind": "Pod"}, "verbs": ["get"]})
    );
    let ns = resource(&l, "", "namespaces");
    assert_eq!(ns["scope"], "Cluster");
    assert_eq!(ns["shortNames"], json!(["ns"]));
    // No short names or categories: the keys are left out, as Go omits them.
    let secrets = resource(&l, "", "secrets");
    assert!(secrets.get("shortNames").is_none(), "{secrets}");
    assert!(secrets.get("categories").is_none(), "{secrets}");
    assert!(secrets.get("subresources").is_none(), "{secrets}");
}

#[tokio::test]
async fn named_groups_aggregated() {
    let (s, ct, l) = get("/apis", &kubectl_accept()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ct, V2);
    let names: Vec<&str> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "apps",
            "batch",
            "networking.k8s.io",
            "policy",
            "rbac.authorization.k8s.io",
            "apiextensions.k8s.io",
            "scheduling.k8s.io",
            "stable.example.com",
            "authorization.k8s.io",
            "metrics.k8s.io"
        ]
    );
    let deploy = resource(&l, "apps", "deployments");
    assert_eq!(
        deploy["responseKind"],
        json!({"group": "apps", "version": "v1", "kind": "Deployment"})
    );
    assert_eq!(deploy["shortNames"], json!(["deploy"]));
    assert_eq!(
        deploy["subresources"],
        json!([{"subresource": "scale", "responseKind": {"group": "autoscaling", "version": "v1", "kind": "Scale"}, "verbs": ["get", "patch", "update"]}])
    );
    let pm = resource(&l, "metrics.k8s.io", "pods");
    assert_eq!(
        pm["responseKind"],
        json!({"group": "metrics.k8s.io", "version": "v1beta1", "kind": "PodMetrics"})
    );
    assert_eq!(pm["singularResource"], "");
    let sar = resource(&l, "authorization.k8s.io", "selfsubjectaccessreviews");
    assert_eq!(sar["scope"], "Cluster");
    assert_eq!(sar["verbs"], json!(["create"]));
}

#[tokio::test]
async fn v2beta1_when_asked_first() {
    let (s, ct, l) = get("/apis", V2BETA1).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ct, V2BETA1);
    assert_eq!(l["apiVersion"], "apidiscovery.k8s.io/v2beta1");
}

#[tokio::test]
async fn legacy_without_the_aggregated_accept() {
    for accept in ["application/json", "*/*", &format!("application/json,{V2}")] {
        let (s, ct, l) = get("/apis", accept).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(ct, "application/json", "{accept}");
        assert_eq!(l["kind"], "APIGroupList", "{accept}");
        let (_, _, core) = get("/api", accept).await;
        assert_eq!(core["kind"], "APIVersions", "{accept}");
    }
}
