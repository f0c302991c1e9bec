#![allow(clippy::disallowed_methods)] // a native test
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The Events a pod's life records, as the scheduler, kubelet and the
//! controllers of a real cluster record them: reasons, messages, sources,
//! the object they are about, and repeats counted on one event.

mod common;

use axum::http::StatusCode;
use common::{env, Env};
use serde_json::{json, Value};

impl Env {
    /// Events about one object, by its name, as `kubectl describe` asks.
    async fn events_of(&self, name: &str) -> Vec<Value> {
        self.items(&format!(
            "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D{name}"
        ))
        .await
    }

    async fn deploy(&self, name: &str, replicas: i64) {
        let d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}});
        let (s, v) = self
            .call(
                "POST",
                "/apis/apps/v1/namespaces/default/deployments",
                Some(d),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        // Controllers run before each answer: the pods are made now.
        self.get("/api/v1/namespaces/default/pods?limit=1").await;
    }
}

/// (reason, message) pairs, in the order recorded.
fn said(events: &[Value]) -> Vec<(String, String)> {
    let mut evs = events.to_vec();
    evs.sort_by_key(|e| {
        e["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    });
    evs.iter()
        .map(|e| {
            (
                e["reason"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(reason: &str, message: &str) -> (String, String) {
    (reason.to_string(), message.to_string())
}

fn name(o: &Value) -> String {
    o["metadata"]["name"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_pod_from_a_deployment_records_its_life() {
    let e = env().await;
    e.deploy("shop", 2).await;
    e.advance(2000).await;
    let pods = e.pods("app=shop").await;
    let pod = &pods[0];
    let (p, node) = (name(pod), pod["spec"]["nodeName"].as_str().unwrap());
    let evs = e.events_of(&p).await;
    assert_eq!(
        said(&evs),
        [
            pair("Scheduled", &format!("Successfully assigned default/{p} to {node}")),
            pair("Pulling", "Pulling image \"nginx:1.27\""),
            pair("Pulled", "Successfully pulled image \"nginx:1.27\" in 1.2s (1.2s including waiting). Image size: 52428800 bytes."),
            pair("Created", "Created container: web"),
            pair("Started", "Started container web"),
        ]
    );
    // Names carry the time, as client-go's do: a list (in name order)
    // shows them in the order they happened.
    let listed: Vec<&str> = evs.iter().map(|e| e["reason"].as_str().unwrap()).collect();
    assert_eq!(
        listed,
        ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    );
    assert!(evs[0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{p}.")));
    for ev in &evs {
        let inv = &ev["involvedObject"];
        assert_eq!(
            (&inv["kind"], &inv["uid"]),
            (&json!("Pod"), &pod["metadata"]["uid"])
        );
        assert_eq!((&ev["type"], &ev["count"]), (&json!("Normal"), &json!(1)));
        if ev["reason"] == "Scheduled" {
            assert_eq!(ev["source"], json!({"component": "default-scheduler"}));
            assert!(inv["fieldPath"].is_null());
        } else {
            assert_eq!(ev["source"], json!({"component": "kubelet", "host": node}));
            assert_eq!(ev["reportingInstance"], node);
            assert_eq!(inv["fieldPath"], "spec.containers{web}");
        }
    }
    let rs = &e
        .get("/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dshop")
        .await["items"][0];
    let rs_name = name(rs);
    let mut created: Vec<String> = pods
        .iter()
        .map(|p| format!("Created pod: {}", name(p)))
        .collect();
    created.sort();
    let mut rs_said: Vec<String> = said(&e.events_of(&rs_name).await)
        .into_iter()
        .map(|(r, m)| {
            assert_eq!(r, "SuccessfulCreate");
            m
        })
        .collect();
    rs_said.sort();
    assert_eq!(rs_said, created);
    assert_eq!(
        said(&e.events_of("shop").await),
        [pair(
            "ScalingReplicaSet",
            &format!("Scaled up replica set {rs_name} from 0 to 2")
        )]
    );
}

#[tokio::test]
async fn scaling_down_deletes_and_stops_pods() {
    let e = env().await;
    e.deploy("shop", 3).await;
    e.advance(2000).await;
    let before: Vec<String> = e.pods("app=shop").await.iter().map(name).collect();
    let path = "/apis/apps/v1/namespaces/default/deployments/shop/scale";
    let (s, v) = e
        .call("PATCH", path, Some(json!({"spec": {"replicas": 1}})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let after: Vec<String> = e.pods("app=shop").await.iter().map(name).collect();
    assert_eq!(after.len(), 1);
    let rs_name = e
        .get("/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dshop")
        .await["items"][0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let gone: Vec<&String> = before.iter().filter(|p| !after.contains(p)).collect();
    assert_eq!(gone.len(), 2);
    for p in gone {
        assert_eq!(
            said(&e.events_of(p).await)[5..],
            [pair("Killing", "Stopping container web")]
        );
        let rs_said = said(&e.events_of(&rs_name).await);
        assert!(
            rs_said.contains(&pair("SuccessfulDelete", &format!("Deleted pod: {p}"))),
            "{rs_said:?}"
        );
    }
    assert_eq!(
        said(&e.events_of("shop").await)[1..],
        [pair(
            "ScalingReplicaSet",
            &format!("Scaled down replica set {rs_name} from 3 to 1")
        )]
    );
}

#[tokio::test]
async fn a_deleted_pod_is_stopped_and_replaced() {
    let e = env().await;
    e.deploy("shop", 1).await;
    e.advance(2000).await;
    let victim = name(&e.pods("app=shop").await[0]);
    let gone = e
        .delete(&format!("/api/v1/namespaces/default/pods/{victim}"))
        .await;
    // The pod's 30 s grace period starts: kubectl shows it Terminating.
    assert_eq!(
        gone["metadata"]["deletionTimestamp"],
        "2026-01-01T00:00:32Z"
    );
    assert_eq!(gone["metadata"]["deletionGracePeriodSeconds"], 30);
    let evs = said(&e.events_of(&victim).await);
    assert_eq!(evs.last(), Some(&pair("Killing", "Stopping container web")));
    // Its replacement does not wait for it.
    let pods: Vec<String> = e.pods("app=shop").await.iter().map(name).collect();
    assert_eq!(pods.len(), 2, "{pods:?}");
    let fresh = pods.into_iter().find(|p| *p != victim).unwrap();
    let rs_name = fresh.rsplit_once('-').unwrap().0.to_string();
    assert_eq!(
        said(&e.events_of(&rs_name).await).last(),
        Some(&pair("SuccessfulCreate", &format!("Created pod: {fresh}")))
    );
    // A pod that never started has no container to stop: it goes at the
    // next step, grace period or not.
    e.advance(1000).await;
    e.delete(&format!("/api/v1/namespaces/default/pods/{fresh}"))
        .await;
    let evs = said(&e.events_of(&fresh).await);
    assert!(evs.iter().all(|(r, _)| r != "Killing"), "{evs:?}");
    let pods: Vec<String> = e.pods("app=shop").await.iter().map(name).collect();
    assert!(!pods.contains(&fresh) && pods.contains(&victim), "{pods:?}");
    // The victim's container stops two seconds after the DELETE, and then
    // the pod is gone.
    e.advance(1000).await;
    let pods: Vec<String> = e.pods("app=shop").await.iter().map(name).collect();
    assert_eq!(pods.len(), 1, "{pods:?}");
    assert!(!pods.contains(&victim));
}

/// `gracePeriodSeconds=0` (`kubectl delete --force --grace-period=0`)
/// deletes a running pod at once; its last state says so.
#[tokio::test]
async fn a_pod_deleted_without_grace_goes_at_once() {
    let e = env().await;
    e.deploy("shop", 1).await;
    e.advance(3000).await;
    let victim = name(&e.pods("app=shop").await[0]);
    let (s, gone) = e
        .call(
            "DELETE",
            &format!("/api/v1/namespaces/default/pods/{victim}"),
            Some(json!({"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        gone["metadata"]["deletionTimestamp"],
        "2026-01-01T00:00:03Z"
    );
    assert_eq!(gone["metadata"]["deletionGracePeriodSeconds"], 0);
    let evs = said(&e.events_of(&victim).await);
    assert_eq!(evs.last(), Some(&pair("Killing", "Stopping container web")));
    assert!(e.pods("app=shop").await.iter().all(|p| name(p) != victim));
}

#[tokio::test]
async fn deleting_a_deployment_stops_its_pods() {
    let e = env().await;
    e.deploy("shop", 2).await;
    e.advance(2000).await;
    let pods: Vec<String> = e.pods("app=shop").await.iter().map(name).collect();
    e.delete("/apis/apps/v1/namespaces/default/deployments/shop")
        .await;
    assert!(e.pods("app=shop").await.is_empty());
    for p in pods {
        let evs = said(&e.events_of(&p).await);
        assert_eq!(
            evs.last(),
            Some(&pair("Killing", "Stopping container web")),
            "{p}"
        );
    }
}

#[tokio::test]
async fn a_crash_loop_counts_its_back_offs_on_one_event() {
    let e = env().await;
    let pod = &e.pods("app=batch-worker").await[0];
    let p = name(pod);
    let back_offs = |evs: &[Value]| -> Vec<Value> {
        evs.iter()
            .filter(|ev| ev["reason"] == "BackOff")
            .cloned()
            .collect()
    };
    let seeded = back_offs(&e.events_of(&p).await);
    assert_eq!(seeded.len(), 1);
    assert_eq!(seeded[0]["involvedObject"]["uid"], pod["metadata"]["uid"]);
    assert_eq!(seeded[0]["count"], 31);
    e.clock.advance_ms(5 * 60_000);
    e.get("/api/v1/namespaces/default/pods?limit=1").await;
    let now = back_offs(&e.events_of(&p).await);
    assert_eq!(now.len(), 1, "{now:?}");
    assert_eq!(now[0]["metadata"]["name"], seeded[0]["metadata"]["name"]);
    assert_eq!(now[0]["count"], 32);
    assert_eq!(now[0]["lastTimestamp"], "2026-01-01T00:05:00Z");
    assert_eq!(now[0]["firstTimestamp"], seeded[0]["firstTimestamp"]);
}
