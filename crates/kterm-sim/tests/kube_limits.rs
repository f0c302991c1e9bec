#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The sandbox's limits, answered as kube-apiserver answers them: one
//! request body limit (3 MiB) as a `Status` 413 however the body comes;
//! JSON patches capped in operations and in what their copies add; no
//! object larger than etcd stores (1.5 MiB); a watch with a negative
//! `timeoutSeconds` ends at once.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{env, respond};
use http_body_util::BodyExt;
use kterm_sim::fixtures;
use serde_json::{json, Value};

const CM: &str = "/api/v1/namespaces/default/configmaps";

fn too_large_body() -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "Request entity too large: limit is 3145728", "reason": "RequestEntityTooLarge", "code": 413})
}

#[tokio::test]
async fn bodies_over_3_mib_get_a_status_413_declared_or_streamed() {
    let e = env().await;
    let big = json!({"metadata": {"name": "big"}, "data": {"k": "x".repeat(3 * 1024 * 1024)}});
    // Over axum's default 2 MiB but under 3 MiB: not refused for its size.
    let mid = json!({"metadata": {"name": "mid"}, "data": {"k": "x".repeat(2 * 1024 * 1024 + 10)}});
    let (s, v) = e.call("POST", CM, Some(mid)).await;
    assert_ne!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    let (s, v) = e.call("POST", CM, Some(big.clone())).await;
    assert_eq!((s, v), (StatusCode::PAYLOAD_TOO_LARGE, too_large_body()));
    // Without a length: chunks from a stream.
    let text = big.to_string();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = text
        .as_bytes()
        .chunks(64 * 1024)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let r = Request::post(format!("/k8s/{}{CM}", fixtures::CLUSTERS[0].id))
        .header("authorization", format!("Bearer {}", e.token))
        .header("content-type", "application/json")
        .body(Body::from_stream(futures::stream::iter(chunks)))
        .unwrap();
    let (s, _, body) = respond(&e.sb, r).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        too_large_body()
    );
}

#[tokio::test]
async fn json_patch_copies_cannot_amplify_an_object() {
    let e = env().await;
    let (s, v) = e
        .call(
            "POST",
            CM,
            Some(json!({"metadata": {"name": "amp"}, "data": {"k": "v".repeat(100_000)}})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    // The audit's patch: 16 copies of /data into itself (854 bytes).
    let ops: Vec<Value> = (0..16)
        .map(|i| json!({"op": "copy", "from": "/data", "path": format!("/data/k{i}")}))
        .collect();
    let r = e.req(
        "PATCH",
        &format!("{CM}/amp"),
        "application/json-patch+json",
        Some(json!(ops)),
    );
    let started = Instant::now();
    let (s, _, body) = respond(&e.sb, r).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "the server rejected our request due to an error in our request",
            "reason": "Invalid", "details": {}, "code": 422})
    );
    let stored = e.get(&format!("{CM}/amp")).await;
    assert_eq!(stored["data"].as_object().unwrap().len(), 1);
    // Too many operations: refused whole.
    let many: Vec<Value> = (0..10_001)
        .map(|_| json!({"op": "test", "path": "/metadata/name", "value": "amp"}))
        .collect();
    let r = e.req(
        "PATCH",
        &format!("{CM}/amp"),
        "application/json-patch+json",
        Some(json!(many)),
    );
    let (s, _, body) = respond(&e.sb, r).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["message"],
        "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001"
    );
}

#[tokio::test]
async fn objects_larger_than_etcd_stores_are_refused() {
    let e = env().await;
    let etcd = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "etcdserver: request is too large", "code": 500});
    let big = "x".repeat(1600 * 1024);
    let (s, v) = e
        .call(
            "POST",
            CM,
            Some(json!({"metadata": {"name": "huge"}, "data": {"k": big}})),
        )
        .await;
    assert_eq!((s, v), (StatusCode::INTERNAL_SERVER_ERROR, etcd.clone()));
    // Grown past it by a patch, by steps each under the body limit.
    let (s, _) = e
        .call(
            "POST",
            CM,
            Some(json!({"metadata": {"name": "grows"}, "data": {"a": "x".repeat(1000 * 1024)}})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, v) = e
        .call(
            "PATCH",
            &format!("{CM}/grows"),
            Some(json!({"data": {"b": "y".repeat(600 * 1024)}})),
        )
        .await;
    assert_eq!((s, v), (StatusCode::INTERNAL_SERVER_ERROR, etcd));
    let stored = e.get(&format!("{CM}/grows")).await;
    assert!(stored["data"].get("b").is_none());
}

#[tokio::test]
async fn a_negative_watch_timeout_ends_the_watch_at_once() {
    let e = env().await;
    let r = e.req(
        "GET",
        "/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=-5",
        "",
        None,
    );
    let resp = tower::ServiceExt::oneshot(e.sb.router(), r).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body = tokio::time::timeout(Duration::from_secs(5), resp.into_body().collect())
        .await
        .expect("the watch should have ended")
        .unwrap()
        .to_bytes();
    // The initial events, then the end.
    assert!(String::from_utf8_lossy(&body).contains(r#""type":"ADDED""#));
}
