//! How the sandbox's Kubernetes API scales with the number of pods (issue
//! #3): creates N bare pods the way `cargo xtask bench` does (POSTs of 50
//! at a time, in process through the router, on the wall clock with the
//! controller timer running) and prints the time per 500 pods, then the
//! time of a GET of all pods as a Table on the settled cluster and of one
//! more pod POST. A measurement, not a test: nothing is asserted.
//!
//! `cargo run --release -p kterm-sim --example pod_scale -- 5000`
#![allow(clippy::unwrap_used, clippy::expect_used)] // a measuring tool

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use kterm_sim::{fixtures, Sandbox};
use serde_json::{json, Value};
use tower::ServiceExt;

const TABLE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

async fn call(sb: &Sandbox, req: Request<Body>) -> (u16, Value) {
    let resp = sb.router().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn kube(method: &str, path: &str, token: &str, accept: &str, body: Option<Value>) -> Request<Body> {
    let b = Request::builder()
        .method(method)
        .uri(format!("/k8s/{}{path}", fixtures::CLUSTERS[0].id))
        .header("authorization", format!("Bearer {token}"))
        .header("accept", accept)
        .header("content-type", "application/json");
    b.body(body.map_or(Body::empty(), |v| Body::from(v.to_string())))
        .unwrap()
}

fn pod(i: usize) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": format!("bench-{i:05}"), "labels": {"app": "bench"}},
        "spec": {"containers": [{"name": "app", "image": "icr.io/bench/app:1"}]}})
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let sb = Sandbox::standard();
    sb.spawn_controllers();
    let form = format!(
        "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey={}",
        fixtures::API_KEY
    );
    let req = Request::post("/iam/identity/token")
        .body(Body::from(form))
        .unwrap();
    let token = call(&sb, req).await.1["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let ns = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bench"}});
    call(
        &sb,
        kube(
            "POST",
            "/api/v1/namespaces",
            &token,
            "application/json",
            Some(ns),
        ),
    )
    .await;
    let start = Instant::now();
    let mut lap = Instant::now();
    for from in (0..n).step_by(50) {
        let posts = (from..n.min(from + 50)).map(|i| {
            let req = kube(
                "POST",
                "/api/v1/namespaces/bench/pods",
                &token,
                "application/json",
                Some(pod(i)),
            );
            call(&sb, req)
        });
        for (status, v) in futures::future::join_all(posts).await {
            assert!(status == 201, "{status} {v}");
        }
        let done = n.min(from + 50);
        if done.is_multiple_of(500) || done == n {
            println!(
                "pods {done:>6}: {:>9.1} ms for the last batch of up to 500",
                ms(lap.elapsed())
            );
            lap = Instant::now();
        }
    }
    println!("created {n} pods in {:.1} s", start.elapsed().as_secs_f64());
    // Every pod is Running 2 s after it was created.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    for i in 0..3 {
        let t = Instant::now();
        let (_, v) = call(&sb, kube("GET", "/api/v1/pods", &token, TABLE, None)).await;
        println!(
            "GET all pods as Table #{i}: {:.1} ms ({} rows)",
            ms(t.elapsed()),
            v["rows"].as_array().map_or(0, Vec::len)
        );
    }
    let t = Instant::now();
    let (_, v) = call(
        &sb,
        kube(
            "GET",
            "/api/v1/namespaces/default/pods/none",
            &token,
            "application/json",
            None,
        ),
    )
    .await;
    println!(
        "GET of one missing pod: {:.2} ms ({})",
        ms(t.elapsed()),
        v["reason"]
    );
    for i in 0..3 {
        let t = Instant::now();
        let req = kube(
            "POST",
            "/api/v1/namespaces/bench/pods",
            &token,
            "application/json",
            Some(pod(n + i)),
        );
        let (status, _) = call(&sb, req).await;
        let post = t.elapsed();
        let t = Instant::now();
        call(
            &sb,
            kube(
                "GET",
                "/api/v1/namespaces/default/pods/none",
                &token,
                "application/json",
                None,
            ),
        )
        .await;
        println!(
            "one more pod POST: {:.2} ms ({status}); the next request (controllers): {:.2} ms",
            ms(post),
            ms(t.elapsed())
        );
    }
}
