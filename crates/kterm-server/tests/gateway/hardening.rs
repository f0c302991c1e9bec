//! What the gateway adds to and takes from answers, and how it looks
//! clusters up: `/api/*` answers carry `nosniff` and a sandboxing CSP
//! and lose the upstream's CSP and CORS headers; the Origin check
//! compares whole origins, scheme included, against the configured public
//! ones; a lookup needs the caller's credentials and a failed one is
//! remembered for a while.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use super::support::{loopback_config, raw, serve, serve_gateway};

/// An upstream that answers HTML with its own CSP and CORS headers, and a
/// Kubernetes Service that knows no cluster and counts the lookups.
async fn upstream() -> (String, Arc<AtomicUsize>) {
    async fn page() -> impl IntoResponse {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, "text/html".parse().unwrap());
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            "script-src *".parse().unwrap(),
        );
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".parse().unwrap());
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            "true".parse().unwrap(),
        );
        (h, "<script>alert(1)</script>")
    }
    async fn no_cluster(State(n): State<Arc<AtomicUsize>>) -> impl IntoResponse {
        n.fetch_add(1, Ordering::SeqCst);
        (StatusCode::NOT_FOUND, r#"{"code":"G0004"}"#)
    }
    let n = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/api/containers/html", get(page))
        .route("/api/containers/global/v2/getCluster", get(no_cluster))
        .with_state(n.clone());
    (serve(app).await, n)
}

#[tokio::test(flavor = "current_thread")]
async fn api_answers_are_not_pages_of_the_gateway_origin() {
    let (up, _) = upstream().await;
    let gw = serve_gateway(loopback_config(&up)).await;
    for req in [
        "GET /api/containers/html HTTP/1.1\r\n\r\n",
        // The gateway's own refusals too.
        "GET /api/nowhere HTTP/1.1\r\n\r\n",
    ] {
        let (_, head, _) = raw(&gw, req).await;
        let head = head.to_ascii_lowercase();
        assert!(
            head.contains("\r\nx-content-type-options: nosniff"),
            "{head}"
        );
        assert!(
            head.contains(
                "\r\ncontent-security-policy: sandbox; default-src 'none'; frame-ancestors 'none'"
            ),
            "{head}"
        );
        assert!(!head.contains("script-src"), "{head}");
        assert!(!head.contains("access-control-"), "{head}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn origins_are_compared_whole_against_the_public_ones() {
    let (up, _) = upstream().await;
    // Without public origins: the Host header and the scheme used.
    let gw = serve_gateway(loopback_config(&up)).await;
    let host = gw.trim_start_matches("http://").to_string();
    let cases = [
        (format!("http://{host}"), "", 200),
        // The https origin is not this plain-HTTP gateway's.
        (format!("https://{host}"), "", 403),
        // It is when the request came over TLS (the ingress says so).
        (
            format!("https://{host}"),
            "X-Forwarded-Proto: https\r\n",
            200,
        ),
    ];
    for (origin, extra, want) in cases {
        let (status, _, body) = raw(
            &gw,
            &format!("GET /api/containers/html HTTP/1.1\r\nOrigin: {origin}\r\n{extra}\r\n"),
        )
        .await;
        assert_eq!(status, want, "{origin} {extra}: {body}");
    }
    // With public origins, a Host header an attacker's DNS name carries
    // (rebinding) is no longer the gateway's own.
    let mut config = loopback_config(&up);
    config.public_origins = vec!["https://kterm.example.com".into()];
    let gw = serve_gateway(config).await;
    let cases = [
        ("Host: evil.example\r\nOrigin: http://evil.example\r\n", 403),
        (
            "Host: kterm.example.com\r\nOrigin: https://kterm.example.com\r\n",
            200,
        ),
        (
            "Host: kterm.example.com\r\nOrigin: http://kterm.example.com\r\n",
            403,
        ),
    ];
    for (headers, want) in cases {
        let (status, _, body) = raw(
            &gw,
            &format!("GET /api/containers/html HTTP/1.1\r\n{headers}\r\n"),
        )
        .await;
        assert_eq!(status, want, "{headers}: {body}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn cluster_lookups_need_credentials_and_failures_are_remembered() {
    let (up, lookups) = upstream().await;
    let gw = serve_gateway(loopback_config(&up)).await;
    let (status, _, body) = raw(&gw, "GET /api/k8s/abc/api/v1/pods HTTP/1.1\r\n\r\n").await;
    assert_eq!(
        (status, body.as_str()),
        (
            401,
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"kterm gateway: cannot look up the cluster: the request has no credentials to look it up with","reason":"Unauthorized","code":401}"#
        )
    );
    assert_eq!(lookups.load(Ordering::SeqCst), 0);
    for _ in 0..20 {
        let (status, _, _) = raw(
            &gw,
            "GET /api/k8s/abc/api/v1/pods HTTP/1.1\r\nAuthorization: Bearer t\r\n\r\n",
        )
        .await;
        assert_eq!(status, 404);
    }
    assert_eq!(lookups.load(Ordering::SeqCst), 1);
    // Another caller is looked up on its own.
    raw(
        &gw,
        "GET /api/k8s/abc/api/v1/pods HTTP/1.1\r\nAuthorization: Bearer u\r\n\r\n",
    )
    .await;
    assert_eq!(lookups.load(Ordering::SeqCst), 2);
}
