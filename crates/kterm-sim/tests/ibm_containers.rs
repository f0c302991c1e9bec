#![allow(clippy::disallowed_methods)] // a native test
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The Kubernetes Service API of the sandbox.

mod common;

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{respond, sandbox, send, token};
use kterm_sim::{fixtures, Sandbox};
use serde_json::Value;

async fn get(sb: &Sandbox, token: &str, path: &str, region: Option<&str>) -> (StatusCode, Value) {
    let mut req = Request::get(path)
        .header("host", "127.0.0.1:8080")
        .header("authorization", format!("Bearer {token}"));
    if let Some(r) = region {
        req = req.header("x-region", r);
    }
    send(sb, req.body(Body::empty()).unwrap()).await
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn clusters_v1_and_v2() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let (s, all) = get(&sb, &t, "/containers/global/v1/clusters", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(names(&all), ["mycluster", "dev-vpc"]);
    let (_, south) = get(&sb, &t, "/containers/global/v1/clusters", Some("us-south")).await;
    assert_eq!(names(&south), ["mycluster"]);
    let (_, one) = get(&sb, &t, "/containers/global/v1/clusters/mycluster", None).await;
    assert_eq!(one["id"], fixtures::CLUSTERS[0].id);
    assert_eq!(
        one["serverURL"],
        format!("http://127.0.0.1:8080/api/k8s/{}", fixtures::CLUSTERS[0].id)
    );
    assert_eq!(one["masterKubeVersion"], "1.36.3_1521");
    assert_eq!(one["workerCount"], 3);
    let (_, vpc) = get(&sb, &t, "/containers/global/v2/vpc/getClusters", None).await;
    assert_eq!(names(&vpc), ["dev-vpc"]);
    let (_, c) = get(
        &sb,
        &t,
        "/containers/global/v2/getCluster?cluster=dev-vpc",
        None,
    )
    .await;
    assert_eq!(c["provider"], "vpc-gen2");
    assert_eq!(c["lifecycle"]["masterStatus"], "Ready");
}

#[tokio::test]
async fn unknown_cluster_and_missing_token() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let (s, body) = get(&sb, &t, "/containers/global/v1/clusters/nope", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "G0004");
    assert!(body["description"]
        .as_str()
        .unwrap()
        .starts_with("The specified cluster could not be found."));
    let (s, body) = get(&sb, "bad", "/containers/global/v1/clusters", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "E0006");
}

#[tokio::test]
async fn workers() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let (_, w) = get(
        &sb,
        &t,
        "/containers/global/v1/clusters/mycluster/workers",
        None,
    )
    .await;
    assert_eq!(w.as_array().unwrap().len(), 3);
    assert_eq!(w[0]["privateIP"], "10.176.48.60");
    assert_eq!(w[0]["status"], "Ready");
    let (_, w2) = get(
        &sb,
        &t,
        "/containers/global/v2/vpc/getWorkers?cluster=dev-vpc",
        None,
    )
    .await;
    assert_eq!(w2.as_array().unwrap().len(), 2);
    assert_eq!(w2[1]["health"]["message"], "Ready");
}

#[tokio::test]
async fn kubeconfig_points_here_and_its_token_works() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    let req = Request::post("/containers/global/v2/applyRBACAndGetKubeconfig")
        .header("host", "127.0.0.1:8080")
        .header("authorization", format!("Bearer {t}"))
        .body(Body::from(r#"{"cluster":"mycluster","format":"yaml"}"#))
        .unwrap();
    let (s, _, body) = respond(&sb, req).await;
    assert_eq!(s, StatusCode::OK);
    let yaml = String::from_utf8(body).unwrap();
    let id = fixtures::CLUSTERS[0].id;
    assert!(
        yaml.contains(&format!("    server: http://127.0.0.1:8080/api/k8s/{id}\n")),
        "{yaml}"
    );
    assert!(yaml.contains(&format!("current-context: mycluster/{id}\n")));
    assert!(yaml.contains("        idp-issuer-url: http://127.0.0.1:8080/api/iam/identity\n"));
    let id_token = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix("id-token: "))
        .unwrap();
    assert_eq!(
        sb.authenticate(id_token).unwrap().email,
        fixtures::USER_EMAIL
    );

    let req = Request::get("/containers/global/v1/clusters/mycluster/config")
        .header("authorization", format!("Bearer {t}"))
        .body(Body::empty())
        .unwrap();
    let (s, _, zip_bytes) = respond(&sb, req).await;
    assert_eq!(s, StatusCode::OK);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut names: Vec<String> = z.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "kubeConfigcnvgf7/ca-dal10-mycluster.pem",
            "kubeConfigcnvgf7/kube-config-dal10-mycluster.yml"
        ]
    );
    let mut cfg = String::new();
    z.by_name("kubeConfigcnvgf7/kube-config-dal10-mycluster.yml")
        .unwrap()
        .read_to_string(&mut cfg)
        .unwrap();
    assert!(cfg.contains("certificate-authority: ca-dal10-mycluster.pem"));
}
