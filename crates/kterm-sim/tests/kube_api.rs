#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The sandbox's Kubernetes API, called in process.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{req, sandbox, send, token, TABLE};
use kterm_sim::fixtures;
use serde_json::json;

fn base() -> String {
    format!("/k8s/{}", fixtures::CLUSTERS[0].id)
}

#[tokio::test]
async fn requires_a_token() {
    let sb = sandbox();
    let (s, body) = send(&sb, req("GET", "/api/v1/pods", "nope", None)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "Unauthorized", "reason": "Unauthorized", "code": 401})
    );
}

#[tokio::test]
async fn pods_as_a_table() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let r = Request::get(format!("{}/api/v1/namespaces/default/pods", base()))
        .header("authorization", format!("Bearer {t}"))
        .header("accept", TABLE)
        .body(Body::empty())
        .unwrap();
    let (s, table) = send(&sb, r).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(table["kind"], "Table");
    let cols: Vec<&str> = table["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        cols,
        [
            "Name",
            "Ready",
            "Status",
            "Restarts",
            "Age",
            "IP",
            "Node",
            "Nominated Node",
            "Readiness Gates"
        ]
    );
    assert!(
        table["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    let crash = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["cells"][2] == "CrashLoopBackOff")
        .unwrap();
    assert_eq!(crash["cells"][1], "0/1");
    assert_eq!(crash["cells"][3], "7 (3m58s ago)");
    assert_eq!(crash["object"]["kind"], "PartialObjectMetadata");
}

#[tokio::test]
async fn label_and_field_selectors() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let (_, list) = send(
        &sb,
        req("GET", "/api/v1/pods?labelSelector=app%3Dweb", &t, None),
    )
    .await;
    assert_eq!(list["kind"], "PodList");
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    let (_, list) = send(
        &sb,
        req(
            "GET",
            "/api/v1/namespaces?fieldSelector=metadata.name%3Dkube-system",
            &t,
            None,
        ),
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn create_conflict_invalid_patch_update() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app"}, "data": {"a": "1"}});
    let (s, created) = send(
        &sb,
        req(
            "POST",
            "/api/v1/namespaces/default/configmaps",
            &t,
            Some(cm.clone()),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(created["metadata"]["uid"].is_string());
    let (s, body) = send(
        &sb,
        req(
            "POST",
            "/api/v1/namespaces/default/configmaps",
            &t,
            Some(cm),
        ),
    )
    .await;
    assert_eq!(
        (s, body["reason"].as_str(), body["message"].as_str()),
        (
            StatusCode::CONFLICT,
            Some("AlreadyExists"),
            Some("configmaps \"app\" already exists")
        )
    );
    let bad = json!({"metadata": {"name": "Bad_Name"}});
    let (s, body) = send(
        &sb,
        req(
            "POST",
            "/api/v1/namespaces/default/configmaps",
            &t,
            Some(bad),
        ),
    )
    .await;
    assert_eq!(
        (s, body["reason"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("Invalid"))
    );
    assert!(body["message"].as_str().unwrap().starts_with("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"));
    let (s, patched) = send(
        &sb,
        req(
            "PATCH",
            "/api/v1/namespaces/default/configmaps/app",
            &t,
            Some(json!({"data": {"b": "2", "a": null}})),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(patched["data"], json!({"b": "2"}));
    let mut stale = created.clone();
    stale["data"] = json!({"c": "3"});
    let (s, body) = send(
        &sb,
        req(
            "PUT",
            "/api/v1/namespaces/default/configmaps/app",
            &t,
            Some(stale),
        ),
    )
    .await;
    assert_eq!(
        (s, body["reason"].as_str()),
        (StatusCode::CONFLICT, Some("Conflict"))
    );
    let (s, _) = send(
        &sb,
        req(
            "DELETE",
            "/api/v1/namespaces/default/configmaps/app",
            &t,
            None,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, body) = send(
        &sb,
        req("GET", "/api/v1/namespaces/default/configmaps/app", &t, None),
    )
    .await;
    assert_eq!(
        (s, body["message"].as_str()),
        (StatusCode::NOT_FOUND, Some("configmaps \"app\" not found"))
    );
}

#[tokio::test]
async fn a_bad_request_changes_nothing() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let before = send(
        &sb,
        req("GET", "/api/v1/namespaces/default/configmaps", &t, None),
    )
    .await
    .1;
    let r = Request::post(format!("{}/api/v1/namespaces/default/configmaps", base()))
        .header("authorization", format!("Bearer {t}"))
        .body(Body::from("{not json"))
        .unwrap();
    assert_eq!(send(&sb, r).await.0, StatusCode::BAD_REQUEST);
    let after = send(
        &sb,
        req("GET", "/api/v1/namespaces/default/configmaps", &t, None),
    )
    .await
    .1;
    assert_eq!(before, after);
}

#[tokio::test]
async fn viewer_cannot_write() {
    let sb = sandbox();
    let t = token(&sb, fixtures::VIEW_API_KEY).await;
    assert_eq!(
        send(&sb, req("GET", "/api/v1/pods", &t, None)).await.0,
        StatusCode::OK
    );
    let (s, body) = send(
        &sb,
        req(
            "DELETE",
            "/apis/apps/v1/namespaces/default/deployments/web",
            &t,
            None,
        ),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(
        body["message"],
        "deployments.apps \"web\" is forbidden: User \"IAM#iam-ServiceId-7d1c4a52-0e9b-4f3a-9a51-viewer000001\" cannot delete resource \"deployments\" in API group \"apps\" in the namespace \"default\""
    );
}

#[tokio::test]
async fn discovery() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let (_, v1) = send(&sb, req("GET", "/api/v1", &t, None)).await;
    let pods = v1["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "pods")
        .unwrap();
    assert_eq!(pods["shortNames"], json!(["po"]));
    let (_, groups) = send(&sb, req("GET", "/apis", &t, None)).await;
    assert_eq!(
        groups["groups"][0]["preferredVersion"]["groupVersion"],
        "apps/v1"
    );
    let (s, _) = send(&sb, req("GET", "/apis/nope/v1", &t, None)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, version) = send(&sb, req("GET", "/version", &t, None)).await;
    assert_eq!(version["gitVersion"], "v1.36.3+IKS");
}

/// The API server's defaults on create: a Secret without a type is
/// `Opaque`, and an empty `generateName` (kubectl's protobuf sends one) is
/// not kept.
#[tokio::test]
async fn create_applies_the_api_servers_defaults() {
    let sb = sandbox();
    let t = token(&sb, "demo-apikey").await;
    let cases = [
        (json!({"metadata": {"name": "s1"}, "data": {}}), "Opaque"),
        (
            json!({"metadata": {"name": "s2", "generateName": ""}, "type": ""}),
            "Opaque",
        ),
        (
            json!({"metadata": {"name": "s3"}, "type": "kubernetes.io/basic-auth"}),
            "kubernetes.io/basic-auth",
        ),
    ];
    for (body, want) in cases {
        let (status, obj) = send(
            &sb,
            req("POST", "/api/v1/namespaces/default/secrets", &t, Some(body)),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{obj}");
        assert_eq!(obj["type"], want, "{obj}");
        assert!(obj["metadata"].get("generateName").is_none(), "{obj}");
    }
}
