//! `/api/k8s-endpoint/<host:port>/<path>`: a cluster's public service
//! endpoint as curl names it (`https://c7.us-south.containers.cloud.ibm.com:27078`),
//! forwarded only when the host is allowed and one of the caller's
//! clusters has that endpoint, and verified against that cluster's CA.

use std::io::Write;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::{Json, Router};
use axum_server::tls_rustls::RustlsConfig;
use kterm_server::gateway::Config;
use serde_json::json;

use super::support::{echo, loopback_config, raw, serve, serve_gateway};

/// An API server over TLS that echoes what it received: its port and CA.
async fn tls_cluster() -> (u16, String) {
    let tls = kterm_server::tls::self_signed("localhost").unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let config =
        RustlsConfig::from_pem(tls.cert_pem.clone().into_bytes(), tls.key_pem.into_bytes())
            .await
            .unwrap();
    let server = axum_server::from_tcp_rustls(listener, config).unwrap();
    let app = Router::new().route("/{*rest}", any(echo));
    tokio::spawn(async move {
        let _ = server.serve(app.into_make_service()).await;
    });
    (port, tls.cert_pem)
}

/// `ibmcloud ks cluster config`'s zip with this CA in it.
fn config_zip(ca: &str) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file(
        "kubeConfig/ca-x.pem",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(ca.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

/// A Kubernetes Service listing `good` (at `localhost:good_port`, with its
/// own CA) and `wrong` (at `localhost:wrong_port`, whose config hands out
/// `good`'s CA, not the one its server has).
async fn kubernetes_service(good_port: u16, good_ca: String, wrong_port: u16) -> String {
    let list = json!([
        {"id": "good", "serviceEndpoints": {"publicServiceEndpointURL": format!("https://localhost:{good_port}")}},
        {"id": "wrong", "serviceEndpoints": {"publicServiceEndpointURL": format!("https://localhost:{wrong_port}")}},
        {"id": "bad id/..", "serviceEndpoints": {"publicServiceEndpointURL": "https://localhost:1"}},
    ]);
    let zip = config_zip(&good_ca);
    serve(
        Router::new()
            .route(
                "/api/containers/global/v2/getClusters",
                get(move || async move { Json(list) }),
            )
            .route(
                "/api/containers/global/v1/clusters/{id}/config",
                get(move |Path(id): Path<String>| async move {
                    if id == "good" || id == "wrong" {
                        zip.clone().into_response()
                    } else {
                        StatusCode::NOT_FOUND.into_response()
                    }
                }),
            ),
    )
    .await
}

fn config(svc: &str) -> Config {
    let mut c = loopback_config(svc);
    c.upstreams.retain(|k, _| k == "containers");
    // Allowed, so that only the endpoint form's own rules refuse them.
    c.allow_hosts
        .extend(["https://localhost:*".into(), "https://127.0.0.1:*".into()]);
    c.allow_networks.push("::1/128".into());
    c
}

fn status(message: &str, reason: &str, code: u16) -> String {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": format!("kterm gateway: {message}"), "reason": reason, "code": code})
    .to_string()
}

#[tokio::test(flavor = "current_thread")]
async fn forwards_to_a_listed_cluster_verified_against_its_ca() {
    let (good, good_ca) = tls_cluster().await;
    let (wrong, _) = tls_cluster().await;
    let svc = kubernetes_service(good, good_ca, wrong).await;
    let gw = serve_gateway(config(&svc)).await;

    for endpoint in [format!("localhost:{good}"), format!("LOCALHOST%3A{good}")] {
        let (code, _, body) = raw(
            &gw,
            &format!("GET /api/k8s-endpoint/{endpoint}/api/v1/namespaces?limit=5 HTTP/1.1\r\nAuthorization: Bearer id-token\r\n\r\n"),
        )
        .await;
        assert_eq!(code, 200, "{body}");
        let seen: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(seen["uri"], "/api/v1/namespaces?limit=5", "{body}");
        let headers = seen["headers"].as_array().unwrap();
        assert!(
            headers.contains(&json!("authorization: Bearer id-token")),
            "{body}"
        );
        assert!(
            headers.contains(&json!(format!("host: localhost:{good}"))),
            "{body}"
        );
    }

    // The other cluster's server does not have the CA its record gives.
    let (code, _, body) = raw(
        &gw,
        &format!("GET /api/k8s-endpoint/localhost:{wrong}/version HTTP/1.1\r\nAuthorization: Bearer id-token\r\n\r\n"),
    )
    .await;
    assert_eq!(code, 502, "{body}");
    assert!(
        body.contains(&format!(
            "TLS with the upstream failed: localhost:{wrong}: invalid peer certificate"
        )),
        "{body}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn refuses_hosts_addresses_paths_and_unknown_clusters() {
    let (good, good_ca) = tls_cluster().await;
    let svc = kubernetes_service(good, good_ca, 2).await;
    let gw = serve_gateway(config(&svc)).await;
    let auth = "Authorization: Bearer id-token\r\n";
    let cases = [
        (
            "evil.example.com:443/api".to_string(),
            403,
            status(
                "upstream https://evil.example.com is not in the allowed hosts",
                "Forbidden",
                403,
            ),
        ),
        (
            format!("127.0.0.1:{good}/api"),
            403,
            status(
                &format!("upstream https://127.0.0.1:{good} is not in the allowed hosts"),
                "Forbidden",
                403,
            ),
        ),
        (
            "[::1]:443/api".to_string(),
            403,
            status(
                "upstream https://[::1] is not in the allowed hosts",
                "Forbidden",
                403,
            ),
        ),
        (
            format!("localhost:{good}/api/../../k8s/good/api"),
            400,
            status(
                "the path has dot segments or is not valid",
                "BadRequest",
                400,
            ),
        ),
        (
            format!("localhost:{good}/%2E%2E/x"),
            400,
            status(
                "the path has dot segments or is not valid",
                "BadRequest",
                400,
            ),
        ),
        (
            format!("u:p@localhost:{good}/api"),
            404,
            status(
                &format!("no upstream is configured for /api/k8s-endpoint/u:p@localhost:{good}"),
                "NotFound",
                404,
            ),
        ),
        (
            "localhost:0/api".to_string(),
            404,
            status(
                "no upstream is configured for /api/k8s-endpoint/localhost:0",
                "NotFound",
                404,
            ),
        ),
        (
            "localhost:65536/api".to_string(),
            404,
            status(
                "no upstream is configured for /api/k8s-endpoint/localhost:65536",
                "NotFound",
                404,
            ),
        ),
        (
            "localhost/api".to_string(),
            404,
            status(
                "no upstream is configured for /api/k8s-endpoint/localhost",
                "NotFound",
                404,
            ),
        ),
        // Allowed host, but no cluster of the caller's has this endpoint
        // (the listed record with an unusable id does not count).
        (
            "localhost:1/api".to_string(),
            403,
            status(
                "cannot look up the cluster: no cluster you can see has the public service endpoint localhost:1",
                "Forbidden",
                403,
            ),
        ),
    ];
    for (endpoint, code, want) in cases {
        let got = raw(
            &gw,
            &format!("GET /api/k8s-endpoint/{endpoint} HTTP/1.1\r\n{auth}\r\n"),
        )
        .await;
        assert_eq!((got.0, got.2.as_str()), (code, want.as_str()), "{endpoint}");
    }
    // Without credentials the clusters cannot be listed.
    let got = raw(
        &gw,
        &format!("GET /api/k8s-endpoint/localhost:{good}/api HTTP/1.1\r\n\r\n"),
    )
    .await;
    assert_eq!(
        (got.0, got.2.as_str()),
        (
            401,
            status(
                "cannot look up the cluster: the request has no credentials to look it up with",
                "Unauthorized",
                401
            )
            .as_str()
        )
    );
}
