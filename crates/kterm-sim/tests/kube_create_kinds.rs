#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Protobuf creates as the real kubectl sends them (bodies captured from
//! kubectl 1.37), over the sandbox's router: what is stored, with the API
//! server's defaults, and the Table rows `kubectl get` prints from.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{env, send, Env, TABLE};
use kterm_sim::fixtures;
use serde_json::{json, Value};

const PROTOBUF: &str = "application/vnd.kubernetes.protobuf";

fn post(e: &Env, path: &str, body: &[u8]) -> Request<Body> {
    Request::post(format!("/k8s/{}{path}", fixtures::CLUSTERS[0].id))
        .header("authorization", format!("Bearer {}", e.token))
        .header("content-type", PROTOBUF)
        .body(Body::from(body.to_vec()))
        .unwrap()
}

fn table(e: &Env, path: &str) -> Request<Body> {
    Request::get(format!("/k8s/{}{path}", fixtures::CLUSTERS[0].id))
        .header("authorization", format!("Bearer {}", e.token))
        .header("accept", TABLE)
        .body(Body::empty())
        .unwrap()
}

/// The namespace the captured bodies were sent to.
async fn cap_namespace(e: &Env) {
    let (s, _) = e
        .call(
            "POST",
            "/api/v1/namespaces",
            Some(json!({"metadata": {"name": "cap"}})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
}

fn header(t: &Value) -> Vec<&str> {
    t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn job_from_protobuf_is_defaulted_runs_and_lists() {
    let e = env().await;
    cap_namespace(&e).await;
    let body = include_bytes!("../src/kube/proto/testdata/create-job.bin");
    let (s, job) = send(&e.sb, post(&e, "/apis/batch/v1/namespaces/cap/jobs", body)).await;
    assert_eq!(s, StatusCode::CREATED, "{job}");
    let uid = job["metadata"]["uid"].as_str().unwrap();
    let spec = &job["spec"];
    assert_eq!(
        (
            &spec["completions"],
            &spec["parallelism"],
            &spec["backoffLimit"]
        ),
        (&json!(1), &json!(1), &json!(6))
    );
    assert_eq!(
        spec["selector"],
        json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}})
    );
    assert_eq!(job["metadata"]["labels"]["job-name"], "j1");
    let pod = &spec["template"]["spec"];
    assert_eq!(
        (
            &pod["containers"][0]["command"],
            &pod["restartPolicy"],
            &pod["securityContext"]
        ),
        (&json!(["date"]), &json!("Never"), &json!({}))
    );

    e.advance(6_000).await;
    let (s, t) = send(&e.sb, table(&e, "/apis/batch/v1/namespaces/cap/jobs")).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(
        header(&t),
        [
            "Name",
            "Status",
            "Completions",
            "Duration",
            "Age",
            "Containers",
            "Images",
            "Selector"
        ]
    );
    let cells = &t["rows"][0]["cells"];
    assert_eq!(
        cells.as_array().unwrap()[..3],
        [json!("j1"), json!("Complete"), json!("1/1")]
    );
}

#[tokio::test]
async fn cron_job_and_ingress_from_protobuf() {
    let e = env().await;
    cap_namespace(&e).await;
    let cases: [(&str, &[u8], &str, Value); 2] = [
        (
            "/apis/batch/v1/namespaces/cap/cronjobs",
            include_bytes!("../src/kube/proto/testdata/create-cronjob.bin"),
            "cj",
            json!([
                "cj",
                "*/1 * * * *",
                "<none>",
                "False",
                0,
                "<none>",
                "0s",
                "cj",
                "busybox",
                "<none>"
            ]),
        ),
        (
            "/apis/networking.k8s.io/v1/namespaces/cap/ingresses",
            include_bytes!("../src/kube/proto/testdata/create-ingress.bin"),
            "ing",
            json!([
                "ing",
                "nginx",
                "shop.example.com,foo.com",
                "",
                "80, 443",
                "0s"
            ]),
        ),
    ];
    for (path, body, name, row) in cases {
        let (s, obj) = send(&e.sb, post(&e, path, body)).await;
        assert_eq!(
            (s, &obj["metadata"]["name"]),
            (StatusCode::CREATED, &json!(name)),
            "{obj}"
        );
        let (_, t) = send(&e.sb, table(&e, path)).await;
        assert_eq!(t["rows"][0]["cells"], row, "{path}");
    }
    let cj = e.get("/apis/batch/v1/namespaces/cap/cronjobs/cj").await;
    assert_eq!(
        (
            &cj["spec"]["concurrencyPolicy"],
            &cj["spec"]["successfulJobsHistoryLimit"]
        ),
        (&json!("Allow"), &json!(3))
    );
}

#[tokio::test]
async fn debug_pod_from_protobuf_gets_the_pod_defaults() {
    let e = env().await;
    cap_namespace(&e).await;
    let body = include_bytes!("../src/kube/proto/testdata/debug-node.bin");
    let (s, pod) = send(&e.sb, post(&e, "/api/v1/namespaces/cap/pods", body)).await;
    assert_eq!(s, StatusCode::CREATED, "{pod}");
    let spec = &pod["spec"];
    assert_eq!(
        (
            &spec["hostPID"],
            &spec["volumes"][0]["hostPath"]["path"],
            &spec["serviceAccountName"],
            &spec["securityContext"],
            &spec["containers"][0]["imagePullPolicy"],
        ),
        (
            &json!(true),
            &json!("/"),
            &json!("default"),
            &json!({}),
            &json!("Always")
        )
    );
}

#[tokio::test]
async fn undecodable_or_unknown_protobuf_is_415() {
    let e = env().await;
    cap_namespace(&e).await;
    for body in [&b"k8s\0\x0a\x05garbage"[..], b"{\"kind\": \"Job\"}"] {
        let (s, status) = send(&e.sb, post(&e, "/apis/batch/v1/namespaces/cap/jobs", body)).await;
        assert_eq!(
            (s, &status["reason"]),
            (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &json!("UnsupportedMediaType")
            )
        );
    }
}
