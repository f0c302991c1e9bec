#![allow(clippy::disallowed_methods)] // a native test
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The sandbox clusters over time: controllers under a ManualClock, watch
//! streams, and `limit`/`continue`.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{env, Env, TABLE};
use http_body_util::BodyExt;
use kterm_sim::fixtures;
use serde_json::{json, Value};
use tower::ServiceExt;

impl Env {
    async fn deployment(&self, name: &str) -> Value {
        self.get(&format!(
            "/apis/apps/v1/namespaces/default/deployments/{name}"
        ))
        .await
    }
}

fn phases(pods: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = pods
        .iter()
        .map(|p| p["status"]["phase"].as_str().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

fn deployment(name: &str, replicas: i64, image: &str) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "c", "image": image}]}}}})
}

async fn create(e: &Env, name: &str, replicas: i64) {
    let (s, v) = e
        .call(
            "POST",
            "/apis/apps/v1/namespaces/default/deployments",
            Some(deployment(name, replicas, "nginx:1.27")),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}

/// (revision, replicas) of the shop's replica sets, sorted.
async fn revisions(e: &Env) -> Vec<(String, i64)> {
    let rss = e
        .items("/apis/apps/v1/namespaces/default/replicasets?labelSelector=app=shop")
        .await;
    let mut rs: Vec<(String, i64)> = rss
        .iter()
        .map(|r| {
            (
                r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["spec"]["replicas"].as_i64().unwrap(),
            )
        })
        .collect();
    rs.sort();
    rs
}

async fn reasons(e: &Env, involved: &str) -> Vec<String> {
    let v = e.get("/api/v1/namespaces/default/events").await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|ev| {
            ev["involvedObject"]["name"]
                .as_str()
                .unwrap_or("")
                .starts_with(involved)
        })
        .map(|ev| ev["reason"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_new_deployment_rolls_out() {
    let e = env().await;
    create(&e, "shop", 3).await;
    let pods = e.pods("app=shop").await;
    assert_eq!(phases(&pods), ["Pending", "Pending", "Pending"]);
    let st = &pods[0]["status"]["containerStatuses"][0]["state"]["waiting"]["reason"];
    assert_eq!(st, "ContainerCreating");
    assert!(pods[0]["spec"]["nodeName"].is_string());
    let rs = e
        .get("/apis/apps/v1/namespaces/default/replicasets?labelSelector=app=shop")
        .await;
    let rs = &rs["items"][0];
    let hash = rs["metadata"]["labels"]["pod-template-hash"]
        .as_str()
        .unwrap();
    assert_eq!(rs["metadata"]["name"], format!("shop-{hash}"));
    assert_eq!(
        rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "1"
    );
    assert_eq!(rs["metadata"]["ownerReferences"][0]["kind"], "Deployment");
    assert_eq!(
        pods[0]["metadata"]["ownerReferences"][0]["uid"],
        rs["metadata"]["uid"]
    );
    let d = e.deployment("shop").await;
    assert_eq!(d["status"]["observedGeneration"], 1);
    assert_eq!(d["status"]["updatedReplicas"], 3);
    assert!(d["status"]["availableReplicas"].is_null());

    e.advance(2000).await;
    let pods = e.pods("app=shop").await;
    assert_eq!(phases(&pods), ["Running", "Running", "Running"]);
    assert!(pods[0]["status"]["podIP"].is_string());
    assert_eq!(pods[0]["status"]["containerStatuses"][0]["ready"], true);
    let d = e.deployment("shop").await;
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "1"
    );
    for k in [
        "replicas",
        "updatedReplicas",
        "readyReplicas",
        "availableReplicas",
    ] {
        assert_eq!(d["status"][k], 3, "{k}");
    }
    let conds: Vec<(&str, &str)> = d["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["type"].as_str().unwrap(), c["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        conds,
        [
            ("Available", "MinimumReplicasAvailable"),
            ("Progressing", "NewReplicaSetAvailable")
        ]
    );
    let mut pod_reasons = reasons(&e, pods[0]["metadata"]["name"].as_str().unwrap()).await;
    pod_reasons.sort();
    assert_eq!(
        pod_reasons,
        ["Created", "Pulled", "Pulling", "Scheduled", "Started"]
    );
    let d_reasons = reasons(&e, "shop").await;
    assert!(d_reasons.contains(&"ScalingReplicaSet".to_string()));
    assert_eq!(
        d_reasons
            .iter()
            .filter(|r| *r == "SuccessfulCreate")
            .count(),
        3
    );
}

#[tokio::test]
async fn scale_through_the_subresource_and_the_spec() {
    let e = env().await;
    create(&e, "shop", 2).await;
    e.advance(2000).await;
    let path = "/apis/apps/v1/namespaces/default/deployments/shop/scale";
    let scale = e.get(path).await;
    assert_eq!(scale["kind"], "Scale");
    assert_eq!(scale["spec"]["replicas"], 2);
    assert_eq!(scale["status"]["selector"], "app=shop");
    let (s, v) = e
        .call("PATCH", path, Some(json!({"spec": {"replicas": 4}})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["spec"]["replicas"], 4);
    assert_eq!(e.pods("app=shop").await.len(), 4);
    assert_eq!(e.deployment("shop").await["metadata"]["generation"], 2);
    let (s, _) = e
        .call(
            "PATCH",
            "/apis/apps/v1/namespaces/default/deployments/shop",
            Some(json!({"spec": {"replicas": 1}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e.pods("app=shop").await.len(), 1);
    let d = e.deployment("shop").await;
    assert_eq!(d["status"]["observedGeneration"], 3);
    assert_eq!(d["status"]["replicas"], 1);
    let (s, v) = e.call("PUT", path, Some(json!({"kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": {"name": "shop", "namespace": "default"}, "spec": {"replicas": -1}}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
}

#[tokio::test]
async fn restart_rolls_to_a_new_replica_set_and_rollback_returns() {
    let e = env().await;
    create(&e, "shop", 2).await;
    e.advance(2000).await;
    let first: Vec<String> = e
        .pods("app=shop")
        .await
        .iter()
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    let old_template = e.deployment("shop").await["spec"]["template"].clone();
    let patch = json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:02Z"}}}}});
    let (s, _) = e
        .call(
            "PATCH",
            "/apis/apps/v1/namespaces/default/deployments/shop",
            Some(patch),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let d = e.deployment("shop").await;
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "2"
    );
    assert_eq!(d["status"]["conditions"][1]["reason"], "ReplicaSetUpdated");
    for _ in 0..6 {
        e.advance(2000).await;
    }
    let pods = e.pods("app=shop").await;
    assert_eq!(phases(&pods), ["Running", "Running"]);
    assert!(pods
        .iter()
        .all(|p| !first.contains(&p["metadata"]["name"].as_str().unwrap().to_string())));
    assert_eq!(
        revisions(&e).await,
        [("1".to_string(), 0), ("2".to_string(), 2)]
    );
    let d = e.deployment("shop").await;
    assert_eq!(
        d["status"]["conditions"][1]["reason"],
        "NewReplicaSetAvailable"
    );
    assert_eq!(d["status"]["updatedReplicas"], 2);
    assert!(d["status"]["unavailableReplicas"].is_null());

    // Rollback: the old template again makes the old replica set revision 3.
    let (s, _) = e
        .call(
            "PATCH",
            "/apis/apps/v1/namespaces/default/deployments/shop",
            Some(json!({"spec": {"template": {"metadata": {"annotations": null}}}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(e.deployment("shop").await["spec"]["template"], old_template);
    for _ in 0..6 {
        e.advance(2000).await;
    }
    assert_eq!(
        revisions(&e).await,
        [("2".to_string(), 0), ("3".to_string(), 2)]
    );
    assert_eq!(
        e.deployment("shop").await["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "3"
    );
}

#[tokio::test]
async fn a_deleted_pod_is_replaced_and_deletion_cascades() {
    let e = env().await;
    create(&e, "shop", 2).await;
    e.advance(2000).await;
    let pods = e.pods("app=shop").await;
    let victim = pods[0]["metadata"]["name"].as_str().unwrap().to_string();
    e.delete(&format!("/api/v1/namespaces/default/pods/{victim}"))
        .await;
    let pods = e.pods("app=shop").await;
    assert_eq!(pods.len(), 2);
    assert!(pods
        .iter()
        .all(|p| p["metadata"]["name"] != victim.as_str()));
    e.delete("/apis/apps/v1/namespaces/default/deployments/shop")
        .await;
    assert_eq!(e.pods("app=shop").await.len(), 0);
    let rss = e
        .get("/apis/apps/v1/namespaces/default/replicasets?labelSelector=app=shop")
        .await;
    assert_eq!(rss["items"], json!([]));
}

#[tokio::test]
async fn the_seeded_crash_loop_keeps_crashing() {
    let e = env().await;
    let pod = &e.pods("app=batch-worker").await[0];
    assert_eq!(pod["status"]["containerStatuses"][0]["restartCount"], 7);
    e.clock.advance_ms(5 * 60_000);
    let pod = &e.pods("app=batch-worker").await[0];
    let cs = &pod["status"]["containerStatuses"][0];
    assert_eq!(cs["restartCount"], 8);
    assert_eq!(cs["state"]["waiting"]["reason"], "CrashLoopBackOff");
    assert_eq!(
        cs["lastState"]["terminated"]["finishedAt"],
        "2026-01-01T00:05:00Z"
    );
}

#[tokio::test]
async fn limit_and_continue() {
    let e = env().await;
    let all = e.get("/api/v1/pods").await["items"]
        .as_array()
        .unwrap()
        .len();
    let mut seen = 0;
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let v = e
            .get(&format!("/api/v1/pods?limit=2&continue={token}"))
            .await;
        seen += v["items"].as_array().unwrap().len();
        pages += 1;
        match v["metadata"]["continue"].as_str() {
            Some(t) => {
                assert_eq!(v["metadata"]["remainingItemCount"], all - seen);
                token = t.to_string();
            }
            None => break,
        }
    }
    assert_eq!(seen, all);
    assert_eq!(pages, all.div_ceil(2));
    let r = Request::get(format!(
        "/k8s/{}/api/v1/namespaces/default/pods?limit=2",
        fixtures::CLUSTERS[0].id
    ))
    .header("authorization", format!("Bearer {}", e.token))
    .header("accept", TABLE)
    .body(Body::empty())
    .unwrap();
    let resp = e.sb.router().oneshot(r).await.unwrap();
    let t: Value =
        serde_json::from_slice(&resp.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(t["kind"], "Table");
    assert_eq!(t["rows"].as_array().unwrap().len(), 2);
    assert!(t["metadata"]["continue"].is_string());
    let (s, v) = e
        .call("GET", "/api/v1/pods?limit=2&continue=bm9wZQ", None)
        .await;
    assert_eq!(
        (s, v["reason"].as_str()),
        (StatusCode::BAD_REQUEST, Some("BadRequest"))
    );
}

/// Reads watch events until `n` arrived (bounded in wall time).
async fn events(body: &mut Body, n: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    while out.len() < n {
        let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
            .await
            .expect("watch event in time")
            .expect("stream open")
            .unwrap();
        if let Ok(data) = frame.into_data() {
            buf.extend_from_slice(&data);
        }
        while let Some(i) = buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buf.drain(..=i).collect();
            out.push(serde_json::from_slice(&line).unwrap());
        }
    }
    out
}

#[tokio::test]
async fn watch_streams_changes_and_resumes() {
    let e = env().await;
    let list = e.get("/api/v1/namespaces/default/pods").await;
    let rv = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = e
        .sb
        .router()
        .oneshot(e.req("GET", &format!("/api/v1/namespaces/default/pods?watch=1&resourceVersion={rv}&labelSelector=app%3Dshop"), "", None))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/json");
    let mut body = resp.into_body();
    create(&e, "shop", 1).await;
    // Controllers run before each request (and on the server's timer).
    e.get("/api/v1/namespaces/default/pods?limit=1").await;
    let evs = events(&mut body, 3).await;
    let kinds: Vec<&str> = evs.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["ADDED", "MODIFIED", "MODIFIED"]);
    assert!(evs[0]["object"]["spec"]["nodeName"].is_null());
    assert!(evs[1]["object"]["spec"]["nodeName"].is_string());
    let last_rv = evs[2]["object"]["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    e.advance(2000).await;
    let evs = events(&mut body, 1).await;
    assert_eq!(evs[0]["object"]["status"]["phase"], "Running");
    drop(body);

    // Resuming from an older version replays what came after it.
    let resp = e
        .sb
        .router()
        .oneshot(e.req("GET", &format!("/api/v1/namespaces/default/pods?watch=true&resourceVersion={last_rv}&labelSelector=app%3Dshop"), "", None))
        .await
        .unwrap();
    let mut body = resp.into_body();
    let evs = events(&mut body, 1).await;
    assert_eq!(evs[0]["type"], "MODIFIED");
    assert_eq!(evs[0]["object"]["status"]["phase"], "Running");
    drop(body);

    // A version before the kept history is gone.
    let resp =
        e.sb.router()
            .oneshot(e.req("GET", "/api/v1/pods?watch=1&resourceVersion=1", "", None))
            .await
            .unwrap();
    let mut body = resp.into_body();
    let evs = events(&mut body, 1).await;
    assert_eq!(evs[0]["type"], "ERROR");
    assert_eq!(evs[0]["object"]["code"], 410);
    assert_eq!(evs[0]["object"]["reason"], "Expired");
}

#[tokio::test]
async fn table_watch_of_one_object_with_bookmarks() {
    let e = env().await;
    create(&e, "shop", 1).await;
    let d = e.deployment("shop").await;
    let r = Request::get(format!("/k8s/{}/apis/apps/v1/namespaces/default/deployments?watch=1&fieldSelector=metadata.name%3Dshop&resourceVersion=0&sendInitialEvents=true&allowWatchBookmarks=true&timeoutSeconds=30", fixtures::CLUSTERS[0].id))
        .header("authorization", format!("Bearer {}", e.token))
        .header("accept", TABLE)
        .body(Body::empty())
        .unwrap();
    let resp = e.sb.router().oneshot(r).await.unwrap();
    let mut body = resp.into_body();
    let evs = events(&mut body, 2).await;
    assert_eq!(evs[0]["type"], "ADDED");
    assert_eq!(evs[0]["object"]["kind"], "Table");
    assert_eq!(evs[0]["object"]["rows"][0]["cells"][0], "shop");
    assert_eq!(evs[0]["object"]["columnDefinitions"][0]["name"], "Name");
    assert_eq!(evs[1]["type"], "BOOKMARK");
    assert_eq!(
        evs[1]["object"]["metadata"]["annotations"]["k8s.io/initial-events-end"],
        "true"
    );
    assert_eq!(d["metadata"]["name"], "shop");
    e.advance(2000).await;
    let evs = events(&mut body, 1).await;
    assert_eq!(evs[0]["type"], "MODIFIED");
    assert!(evs[0]["object"]["columnDefinitions"].is_null());
    assert_eq!(evs[0]["object"]["rows"][0]["cells"][1], "1/1");
}

#[tokio::test]
async fn deleting_a_namespace_removes_its_objects() {
    let e = env().await;
    let (s, _) = e
        .call(
            "POST",
            "/api/v1/namespaces",
            Some(json!({"metadata": {"name": "tmp"}})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = e
        .call(
            "POST",
            "/api/v1/namespaces/tmp/configmaps",
            Some(json!({"metadata": {"name": "c"}})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    e.delete("/api/v1/namespaces/tmp").await;
    let (s, _) = e
        .call("GET", "/api/v1/namespaces/tmp/configmaps/c", None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
