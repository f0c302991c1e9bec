#![allow(clippy::disallowed_methods)] // a native test
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The gateway in front of the sandbox on another loopback port: the IBM
//! docs workflow through it prints exactly what it prints against the
//! sandbox mounted directly; and what makes it not an open proxy (host
//! allowlist, refused address ranges, body limit, Origin check, cookies,
//! the access log) plus WebSocket pass-through.

mod support;

use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use kterm_server::gateway::Gateway;
use support::{fake_upstream, loopback_config, raw, sandbox, serve_gateway, Term};

/// The paths the gateway was asked for, to show the traffic went through it.
async fn record(State(seen): State<Arc<Mutex<Vec<String>>>>, req: Request, next: Next) -> Response {
    seen.lock().unwrap().push(req.uri().path().to_string());
    next.run(req).await
}

#[tokio::test(flavor = "current_thread")]
async fn ibm_docs_workflow_through_the_gateway_matches_the_sandbox() {
    let direct_origin = sandbox().await;
    let behind = sandbox().await;
    let gw = Gateway::new(loopback_config(&behind)).unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = kterm_server::app_with_gateway("/nonexistent", &gw)
        .layer(middleware::from_fn_with_state(seen.clone(), record));
    let gw_origin = support::serve(app).await;

    let mut direct = Term::on(&direct_origin, &[]);
    // The sandbox hands out cluster endpoints (and the OIDC issuer) on its
    // own origin, as IBM Cloud hands out `https://c100…:31234`; the page
    // reaches those through the gateway, so map them there.
    let mut through = Term::on(&gw_origin, &[(&behind, &gw_origin)]);

    let lines = [
        "ibmcloud login --apikey demo-apikey -r us-south",
        "ibmcloud target",
        "ibmcloud ks clusters",
        "ibmcloud ks cluster config --cluster mycluster",
        "kubectl get pods",
        "kubectl get ns",
        "kubectl get deploy,svc -A -l app=web",
        "kubectl get pod nope",
        "ibmcloud cr namespace-add team-a",
        "ibmcloud cr namespace-list",
        "ibmcloud cr images",
        "ibmcloud ks cluster get --cluster nope",
        // The registry's Docker auth handshake passes through as well.
        "docker login -u iamapikey -p demo-apikey us.icr.io",
        "docker login -u iamapikey -p wrong-key registry.ng.bluemix.net",
    ];
    let mut differences = Vec::new();
    for line in lines {
        let want = direct.sh(line).await;
        let got = through.sh(line).await;
        if got != want {
            differences.push(format!("{line}\n  direct  {want:?}\n  gateway {got:?}"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));

    // The direct run itself did the work (so equal output means something).
    assert_eq!(
        direct.sh("kubectl get pods -o name | wc -l").await.0.trim(),
        "6"
    );
    let (out, _, code) = through
        .sh("docker login -u iamapikey -p demo-apikey de.icr.io")
        .await;
    assert_eq!((out.as_str(), code), ("Login Succeeded\n", 0));
    let (out, _, code) = through.sh("ibmcloud ks clusters").await;
    assert_eq!(code, 0);
    assert!(out.contains("mycluster"), "{out}");
    let (out, err, code) = through.sh("kubectl get pod nope").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "",
            "Error from server (NotFound): pods \"nope\" not found\n",
            1
        )
    );

    let seen = seen.lock().unwrap().clone();
    for prefix in [
        "/api/iam/identity/token",
        "/api/containers/global/",
        "/api/registry/us-south/api/v1/namespaces/team-a",
        "/api/k8s/cnvgf7md0b9ab3c5mcl0/api/v1/namespaces/default/pods",
    ] {
        assert!(
            seen.iter().any(|p| p.starts_with(prefix)),
            "no request for {prefix} went through the gateway: {seen:?}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn refuses_loopback_unless_its_network_is_configured() {
    let behind = sandbox().await;
    let mut config = loopback_config(&behind);
    config.allow_networks.clear();
    let gw = serve_gateway(config).await;
    let (status, _, body) = raw(
        &gw,
        "POST /api/iam/identity/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n",
    )
    .await;
    let host = behind.trim_start_matches("http://");
    let ip = host.split(':').next().unwrap();
    assert_eq!(status, 403);
    assert_eq!(
        body,
        format!(
            r#"{{"error":"address_not_allowed","message":"kterm gateway: upstream {ip} resolves to {ip}, a loopback address, which is not allowed","status_code":403}}"#
        )
    );

    // A name is checked after it is resolved: `localhost` is loopback too.
    let port = host.split(':').nth(1).unwrap();
    let mut config = loopback_config(&behind);
    config.allow_networks.clear();
    config.allow_hosts = vec![format!("http://localhost:{port}")];
    for url in config.upstreams.values_mut() {
        *url = url.replace("127.0.0.1", "localhost");
    }
    let gw = serve_gateway(config).await;
    let (status, _, body) = raw(
        &gw,
        "GET /api/iam/identity/.well-known/openid-configuration HTTP/1.1\r\n\r\n",
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains(r#""error":"address_not_allowed""#), "{body}");
    assert!(body.contains("upstream localhost resolves to "), "{body}");
}

#[tokio::test(flavor = "current_thread")]
async fn refuses_paths_and_hosts_outside_its_configuration() {
    // A Kubernetes Service whose cluster records point outside the allowlist.
    let svc = fake_upstream().await;
    let mut config = loopback_config(&svc);
    config.upstreams.retain(|k, _| k == "containers");
    let gw = serve_gateway(config).await;
    let cases = [
        (
            "GET /api/k8s/elsewhere/api/v1/pods HTTP/1.1\r\nAuthorization: Bearer t\r\n\r\n",
            403,
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"kterm gateway: upstream https://evil.example.com:6443 is not in the allowed hosts","reason":"Forbidden","code":403}"#,
        ),
        (
            "GET /api/k8s/internal/api/v1/pods HTTP/1.1\r\nAuthorization: Bearer t\r\n\r\n",
            403,
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"kterm gateway: upstream https://10.0.0.1:6443 is not in the allowed hosts","reason":"Forbidden","code":403}"#,
        ),
        (
            "GET /api/iam/identity/token HTTP/1.1\r\n\r\n",
            404,
            r#"{"error":"no_route","message":"kterm gateway: no upstream is configured for /api/iam/identity","status_code":404}"#,
        ),
        (
            "GET /api/containers/../k8s/x HTTP/1.1\r\n\r\n",
            400,
            r#"{"error":"bad_path","message":"kterm gateway: the path has dot segments or is not valid","status_code":400}"#,
        ),
        (
            "GET /api/k8s/a%2Fb/api HTTP/1.1\r\n\r\n",
            404,
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"kterm gateway: no upstream is configured for /api/k8s/a%2Fb","reason":"NotFound","code":404}"#,
        ),
    ];
    for (req, status, body) in cases {
        let got = raw(&gw, req).await;
        assert_eq!((got.0, got.2.as_str()), (status, body), "{req}");
    }
    // A configured upstream outside allow_hosts is refused when loading.
    let mut config = loopback_config(&svc);
    config
        .upstreams
        .insert("iam".into(), "https://evil.example.com".into());
    assert_eq!(
        Gateway::new(config).err().as_deref(),
        Some("upstream \"iam\": https://evil.example.com is not allowed by allow_hosts")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn enforces_the_body_size_limit() {
    let svc = fake_upstream().await;
    let mut config = loopback_config(&svc);
    config.max_body_bytes = 1024;
    let gw = serve_gateway(config).await;
    let too_large = r#"{"error":"body_too_large","message":"kterm gateway: the request body is larger than 1024 bytes","status_code":413}"#;
    // Declared up front.
    let big = "x".repeat(2048);
    let req = format!("POST /api/containers/echo HTTP/1.1\r\nContent-Length: 2048\r\n\r\n{big}");
    let (status, _, body) = raw(&gw, &req).await;
    assert_eq!((status, body.as_str()), (413, too_large));
    // Streamed without a length: counted as it arrives.
    let chunk = "x".repeat(600);
    let req = format!(
        "POST /api/containers/echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n"
    );
    let (status, _, body) = raw(&gw, &req).await;
    assert_eq!((status, body.as_str()), (413, too_large));
    // At the limit it passes.
    let ok = "y".repeat(1024);
    let req = format!("POST /api/containers/echo HTTP/1.1\r\nContent-Length: 1024\r\n\r\n{ok}");
    let (status, _, body) = raw(&gw, &req).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""body_bytes":1024"#), "{body}");
}

#[tokio::test(flavor = "current_thread")]
async fn checks_the_origin_of_browser_requests() {
    let svc = fake_upstream().await;
    let mut config = loopback_config(&svc);
    config.allowed_origins = vec!["https://cloud.ibm.com".into()];
    let gw = serve_gateway(config).await;
    let own = gw.clone();
    let host = gw.trim_start_matches("http://").to_string();
    let cases = [
        (None, 200),
        (Some(own.as_str()), 200),
        (Some("https://cloud.ibm.com"), 200),
        (Some("https://evil.example.com"), 403),
        (Some("null"), 403),
    ];
    for (origin, want) in cases {
        let mut req = format!("GET /api/containers/echo HTTP/1.1\r\nHost: {host}\r\n");
        if let Some(o) = origin {
            req.push_str(&format!("Origin: {o}\r\n"));
        }
        req.push_str("\r\n");
        let (status, _, body) = raw(&gw, &req).await;
        assert_eq!(status, want, "{origin:?}: {body}");
        if want == 403 {
            let o = origin.unwrap();
            assert_eq!(
                body,
                format!(
                    r#"{{"error":"origin_not_allowed","message":"kterm gateway: requests from origin {o} are not allowed","status_code":403}}"#
                ),
            );
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn cookies_and_forwarding_headers_do_not_cross() {
    let svc = fake_upstream().await;
    let gw = serve_gateway(loopback_config(&svc)).await;
    let (status, headers, body) = raw(
        &gw,
        "GET /api/containers/echo?x=1 HTTP/1.1\r\nAuthorization: Bearer tok\r\nCookie: session=abc\r\nX-Forwarded-For: 1.2.3.4\r\nX-Kterm-Cluster-CA: LS0t\r\nAccept: application/json\r\n\r\n",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The upstream saw the caller's credentials and nothing of our origin.
    let port = svc.rsplit(':').next().unwrap();
    assert_eq!(
        body,
        format!(
            r#"{{"body_bytes":0,"headers":["accept: application/json","authorization: Bearer tok","host: 127.0.0.1:{port}","via: 1.1 kterm-gateway"],"uri":"/api/containers/echo?x=1"}}"#
        )
    );
    // And the browser gets no cookie set on the console's origin.
    let lower = headers.to_ascii_lowercase();
    assert!(!lower.contains("set-cookie"), "{headers}");
    assert!(lower.contains("x-upstream: yes"), "{headers}");
}

mod endpoint;
mod hardening;
mod logs;
mod tls;
mod websocket;
