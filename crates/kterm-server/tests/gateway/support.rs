//! The gateway tests' harness: sandboxes and a fake upstream on loopback,
//! the gateway configured for them, a terminal running the real engine,
//! and a raw HTTP/1.1 client (so tests choose every header, even bad ones).

use std::rc::Rc;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::{Json, Router};
use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_server::gateway::{Config, Gateway};
use kterm_shell::testing::TestHost;
use kterm_shell::{Cancel, Registry, Shell};
use kterm_sim::{ManualClock, Sandbox};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// 2026-01-01T00:00:00Z, as in the other sandbox tests: ages print the same.
pub const T0: i64 = 1_767_225_600_000;

/// A fresh sandbox with a fixed clock; its origin.
pub async fn sandbox() -> String {
    Sandbox::new(Arc::new(ManualClock::new(T0)), kterm_sim::Config::default())
        .serve_on_loopback()
        .await
        .unwrap()
}

pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    origin
}

pub async fn serve_gateway(config: Config) -> String {
    let gw = Gateway::new(config).unwrap();
    serve(kterm_server::app_with_gateway("/nonexistent", &gw)).await
}

/// The IBM Cloud preset with every upstream at `origin/api/<prefix>` (the
/// sandbox's layout), that origin the only allowed host, and loopback
/// allowed, which the gateway refuses unless configured.
pub fn loopback_config(origin: &str) -> Config {
    let mut c = Config::ibm_cloud();
    for (prefix, url) in c.upstreams.iter_mut() {
        *url = format!("{origin}/api/{prefix}");
    }
    c.allow_hosts = vec![origin.to_string()];
    c.allow_networks = vec!["127.0.0.0/8".into()];
    c.access_log = false;
    c
}

async fn get_cluster(Query(q): Query<std::collections::HashMap<String, String>>) -> Response {
    let url = match q.get("cluster").map(String::as_str) {
        Some("elsewhere") => "https://evil.example.com:6443",
        Some("internal") => "https://10.0.0.1:6443",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    Json(json!({"serviceEndpoints": {"publicServiceEndpointURL": url}})).into_response()
}

type Response = axum::response::Response;

/// What the upstream received, and a cookie it tries to set.
pub async fn echo(req: Request) -> Response {
    let uri = req.uri().to_string();
    let headers: Vec<String> = {
        let mut v: Vec<String> = req
            .headers()
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or("?")))
            .collect();
        v.sort();
        v
    };
    let body: Bytes = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .unwrap_or_default();
    let mut h = HeaderMap::new();
    h.insert(header::SET_COOKIE, "upstream=1; Path=/".parse().unwrap());
    h.insert("x-upstream", "yes".parse().unwrap());
    (
        h,
        Json(json!({"body_bytes": body.len(), "headers": headers, "uri": uri})),
    )
        .into_response()
}

/// A stand-in Kubernetes Service (`/api/containers/...`): cluster records
/// pointing outside the allowlist, and an echo of what arrived.
pub async fn fake_upstream() -> String {
    serve(
        Router::new()
            .route("/api/containers/global/v2/getCluster", get(get_cluster))
            .route("/api/containers/echo", any(echo)),
    )
    .await
}

/// One request over a fresh connection; `Host` and `Connection: close` are
/// added. Status, the header block, and the (de-chunked) body.
pub async fn raw(origin: &str, request: &str) -> (u16, String, String) {
    let addr = origin.trim_start_matches("http://");
    let (line, rest) = request.split_once("\r\n").unwrap();
    let mut text = format!("{line}\r\nConnection: close\r\n");
    if !request.contains("\r\nHost:") {
        text.push_str(&format!("Host: {addr}\r\n"));
    }
    text.push_str(rest);
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(text.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    // The gateway may answer (413) before it read the whole body and close.
    let _ = s.read_to_end(&mut buf).await;
    let resp = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = resp.split_once("\r\n\r\n").unwrap_or((&resp, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, head.to_string(), body)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// A shell with the builtins, `ibmcloud` and `kubectl`, reaching IBM Cloud
/// at `origin` and each `(from, to)` URL prefix at `to`.
pub struct Term {
    shell: Shell,
    host: TestHost,
}

impl Term {
    pub fn on(origin: &str, maps: &[(&str, &str)]) -> Term {
        let mut reg = Registry::new();
        kterm_shell::builtins::register(&mut reg);
        kterm_ibmcloud::register(&mut reg);
        kterm_kube::register(&mut reg);
        let mut shell = Shell::new(reg);
        let mut endpoints = Endpoints::ibm_cloud(origin);
        for (from, to) in maps {
            endpoints.add(from, to);
        }
        shell
            .state
            .ext
            .insert(Client::new(Rc::new(NativeTransport::new()), endpoints));
        let host = TestHost::default();
        host.advance_ms(T0 - kterm_shell::testing::T0_MS);
        Term { shell, host }
    }

    pub async fn sh(&mut self, line: &str) -> (String, String, i32) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = self
            .shell
            .run_line(line, &self.host, &mut out, &mut err, Cancel::new())
            .await;
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
            code,
        )
    }
}
