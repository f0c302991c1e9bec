//! Clusters over TLS: the gateway verifies each API server against that
//! cluster's own CA, read from the cluster's config as `ibmcloud ks
//! cluster config` reads it, sent by the page (`X-Kterm-Cluster-CA`), or
//! configured; any other certificate is refused.

use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;
use base64::Engine;
use kterm_server::gateway::config::ClusterEndpoint;
use kterm_server::gateway::Gateway;
use kterm_sim::{ManualClock, Sandbox};

use super::support::{loopback_config, raw, sandbox, serve, Term, T0};

/// A sandbox behind HTTPS with a fresh self-signed certificate, which it
/// hands out as its clusters' CA; its origin and that PEM.
async fn tls_sandbox() -> (String, String) {
    let tls = kterm_server::tls::self_signed("127.0.0.1").unwrap();
    let sb = Sandbox::new(
        Arc::new(ManualClock::new(T0)),
        kterm_sim::Config {
            tls_ca_pem: Some(tls.cert_pem.clone()),
            ..kterm_sim::Config::default()
        },
    );
    sb.spawn_controllers();
    let app = kterm_server::https(kterm_server::app("/nonexistent", &sb));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let origin = format!("https://{}", listener.local_addr().unwrap());
    let config =
        RustlsConfig::from_pem(tls.cert_pem.clone().into_bytes(), tls.key_pem.into_bytes())
            .await
            .unwrap();
    let server = axum_server::from_tcp_rustls(listener, config).unwrap();
    tokio::spawn(async move {
        let _ = server.serve(app.into_make_service()).await;
    });
    (origin, tls.cert_pem)
}

fn pem_file(name: &str, pem: &str) -> String {
    let p = std::env::temp_dir().join(format!("kterm-gw-{}-{name}.pem", std::process::id()));
    std::fs::write(&p, pem).unwrap();
    p.display().to_string()
}

#[tokio::test(flavor = "current_thread")]
async fn kubectl_reaches_a_tls_cluster_verified_against_its_ca() {
    let direct_origin = sandbox().await;
    let (behind, ca) = tls_sandbox().await;
    let mut config = loopback_config(&behind);
    // The fixed upstreams are checked against the public roots plus these.
    config.extra_ca_files = vec![pem_file("fixed", &ca)];
    let gw_origin = serve(kterm_server::app_with_gateway(
        "/nonexistent",
        &Gateway::new(config).unwrap(),
    ))
    .await;
    let mut direct = Term::on(&direct_origin, &[]);
    let mut through = Term::on(&gw_origin, &[(&behind, &gw_origin)]);
    for line in [
        "ibmcloud login --apikey demo-apikey -r us-south",
        "ibmcloud ks cluster config --cluster mycluster",
        "kubectl get pods",
        "kubectl get ns",
        "kubectl get pod nope",
    ] {
        let want = direct.sh(line).await;
        assert_eq!(through.sh(line).await, want, "{line}");
    }
    let (out, _, code) = through.sh("kubectl get pods -o name").await;
    assert_eq!((out.lines().count(), code), (6, 0), "{out}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_cluster_with_another_certificate_is_refused() {
    let (behind, ca) = tls_sandbox().await;
    let other = kterm_server::tls::self_signed("127.0.0.1")
        .unwrap()
        .cert_pem;
    let mut config = loopback_config(&behind);
    config.extra_ca_files = vec![pem_file("fixed2", &ca)];
    config.clusters.endpoints.insert(
        "cnvgf7md0b9ab3c5mcl0".into(),
        ClusterEndpoint {
            url: format!("{behind}/api/k8s/cnvgf7md0b9ab3c5mcl0"),
            ca_file: Some(pem_file("other", &other)),
        },
    );
    let gw = serve(kterm_server::app_with_gateway(
        "/nonexistent",
        &Gateway::new(config).unwrap(),
    ))
    .await;
    let (status, _, body) = raw(
        &gw,
        "GET /api/k8s/cnvgf7md0b9ab3c5mcl0/api/v1/namespaces HTTP/1.1\r\n\r\n",
    )
    .await;
    assert_eq!(status, 502, "{body}");
    let addr = behind.trim_start_matches("https://");
    assert!(
        body.starts_with(&format!(
            r#"{{"kind":"Status","apiVersion":"v1","metadata":{{}},"status":"Failure","message":"kterm gateway: TLS with the upstream failed: {addr}: invalid peer certificate"#
        )),
        "{body}"
    );
    // A configured CA stands: the one a page sends does not replace it.
    let header = base64::engine::general_purpose::STANDARD.encode(&ca);
    let (status, _, body) = raw(
        &gw,
        &format!("GET /api/k8s/cnvgf7md0b9ab3c5mcl0/api/v1/namespaces HTTP/1.1\r\nX-Kterm-Cluster-CA: {header}\r\n\r\n"),
    )
    .await;
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("invalid peer certificate"), "{body}");
}
