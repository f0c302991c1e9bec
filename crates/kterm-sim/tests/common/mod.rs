//! The harness of the sandbox's tests: a sandbox on a manual clock, called
//! in process through its router, an IAM token for a fixture API key, and
//! requests to the first fixture cluster's Kubernetes API.
#![allow(dead_code)] // each test file uses a different part
#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use kterm_sim::{fixtures, Config, ManualClock, Sandbox};
use serde_json::Value;
use tower::ServiceExt;

/// 2026-01-01T00:00:00Z: the sandbox's clusters were created on 2025-09-26.
pub const T0: i64 = 1_767_225_600_000;

/// The Accept header kubectl sends for tables.
pub const TABLE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

/// The IAM form of an API key login, without the key.
pub const APIKEY_GRANT: &str =
    "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=";

pub fn sandbox() -> Sandbox {
    sandbox_and_clock().0
}

/// A sandbox at `T0` and the clock the test moves.
pub fn sandbox_and_clock() -> (Sandbox, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(T0));
    (Sandbox::new(clock.clone(), Config::default()), clock)
}

/// Sends `req` through the sandbox's router: status, headers and body.
pub async fn respond(sb: &Sandbox, req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let resp = sb.router().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body.to_vec())
}

/// Sends `req`; the status and the body as JSON (`Null` if it is not).
pub async fn send(sb: &Sandbox, req: Request<Body>) -> (StatusCode, Value) {
    let (status, _, body) = respond(sb, req).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// An IAM access token for `apikey`.
pub async fn token(sb: &Sandbox, apikey: &str) -> String {
    let req = Request::post("/iam/identity/token")
        .body(Body::from(format!("{APIKEY_GRANT}{apikey}")))
        .unwrap();
    send(sb, req).await.1["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The content type kubectl sends a body with: a merge patch for PATCH.
pub fn content_type(method: &str) -> &'static str {
    if method == "PATCH" {
        "application/merge-patch+json"
    } else {
        "application/json"
    }
}

/// A request to `path` of the first fixture cluster's API, with `token`;
/// `ct` is the content type of `body`, sent only with one.
pub fn kube_req(
    method: &str,
    path: &str,
    token: &str,
    ct: &str,
    body: Option<Value>,
) -> Request<Body> {
    let b = Request::builder()
        .method(method)
        .uri(format!("/k8s/{}{path}", fixtures::CLUSTERS[0].id))
        .header("authorization", format!("Bearer {token}"));
    match body {
        Some(v) => b
            .header("content-type", ct)
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    }
}

/// `kube_req` with the content type kubectl would send.
pub fn req(method: &str, path: &str, token: &str, body: Option<Value>) -> Request<Body> {
    kube_req(method, path, token, content_type(method), body)
}

/// A sandbox, its clock and the demo user's token.
pub struct Env {
    pub sb: Sandbox,
    pub clock: Arc<ManualClock>,
    pub token: String,
}

pub async fn env() -> Env {
    let (sb, clock) = sandbox_and_clock();
    let token = token(&sb, fixtures::API_KEY).await;
    Env { sb, clock, token }
}

impl Env {
    pub fn req(&self, method: &str, path: &str, ct: &str, body: Option<Value>) -> Request<Body> {
        kube_req(method, path, &self.token, ct, body)
    }

    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        send(&self.sb, req(method, path, &self.token, body)).await
    }

    /// GETs `path`, which must answer 200.
    pub async fn get(&self, path: &str) -> Value {
        let (s, v) = self.call("GET", path, None).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
        v
    }

    /// DELETEs `path`, which must answer 200; returns the answer.
    pub async fn delete(&self, path: &str) -> Value {
        let (s, v) = self.call("DELETE", path, None).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
        v
    }

    /// The `items` of the list at `path`.
    pub async fn items(&self, path: &str) -> Vec<Value> {
        let v = self.get(path).await;
        v["items"].as_array().unwrap().clone()
    }

    /// The pods in `default` that match a label selector (`app=web`).
    pub async fn pods(&self, selector: &str) -> Vec<Value> {
        self.items(&format!(
            "/api/v1/namespaces/default/pods?labelSelector={selector}"
        ))
        .await
    }

    /// Advances the clock one second at a time, each step a request (the
    /// controllers run before each answer, as time passing under a
    /// watching client would let them).
    pub async fn advance(&self, ms: i64) {
        for _ in 0..ms / 1000 {
            self.clock.advance_ms(1000);
            self.get("/api/v1/namespaces/default/pods?limit=1").await;
        }
    }
}
