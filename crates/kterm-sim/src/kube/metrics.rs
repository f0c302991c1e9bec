//! `metrics.k8s.io/v1beta1`, as metrics-server serves it: `PodMetrics` for
//! pods with running containers and `NodeMetrics` for every node. Usage is
//! a deterministic function of the container (or node) and the minute, so
//! it moves a little over time the way real usage does.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::authz::caller;
use super::select::LabelSelector;
use super::status::status;
use crate::ibm::bearer;
use crate::time::rfc3339;
use crate::Sandbox;

pub(super) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            "/k8s/{cluster}/apis/metrics.k8s.io/v1beta1",
            get(discovery_handler),
        )
        .route(
            "/k8s/{cluster}/apis/metrics.k8s.io/v1beta1/{*rest}",
            get(handle),
        )
}

pub(super) fn discovery() -> Value {
    let verbs = json!(["get", "list"]);
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "metrics.k8s.io/v1beta1", "resources": [
        {"name": "nodes", "singularName": "", "namespaced": false, "kind": "NodeMetrics", "verbs": verbs},
        {"name": "pods", "singularName": "", "namespaced": true, "kind": "PodMetrics", "verbs": verbs},
    ]})
}

async fn discovery_handler(
    State(sb): State<Sandbox>,
    Path(cluster): Path<String>,
    headers: HeaderMap,
) -> Response {
    match caller(&sb, &cluster, bearer(&headers)) {
        Ok(_) => Json(discovery()).into_response(),
        Err(r) => r,
    }
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// (nanocores, KiB) a container uses at minute `minute`.
pub fn container_usage(pod: &str, container: &str, image: &str, minute: i64) -> (u64, u64) {
    let h = hash(&format!("{pod}/{container}"));
    let (cpu_m, mem_mi) = match super::logtext::Flavor::of(image) {
        super::logtext::Flavor::Nginx => (1, 3),
        super::logtext::Flavor::Api => (6, 48),
        super::logtext::Flavor::CoreDns => (3, 18),
        super::logtext::Flavor::Worker => (2, 24),
        super::logtext::Flavor::Klog => (4, 20),
    };
    let wobble = (h
        .wrapping_add(minute as u64)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        >> 40)
        % 1_000;
    let cpu = cpu_m * 1_000_000 + (h % 3) * 1_000_000 + wobble * 997;
    let mem = mem_mi * 1024 + (h >> 16) % 4096 + wobble % 64;
    (cpu, mem)
}

/// Usage of the system daemons on a node, besides its pods.
const NODE_BASE: (u64, u64) = (142_000_000, 1_457_664);

fn pod_metrics(pod: &Value, now: i64) -> Option<Value> {
    let name = pod["metadata"]["name"].as_str().unwrap_or("");
    let statuses = pod["status"]["containerStatuses"].as_array()?;
    let containers: Vec<Value> = pod["spec"]["containers"]
        .as_array()?
        .iter()
        .filter(|c| {
            statuses
                .iter()
                .any(|s| s["name"] == c["name"] && s["state"]["running"].is_object())
        })
        .map(|c| {
            let cname = c["name"].as_str().unwrap_or("");
            let (cpu, mem) =
                container_usage(name, cname, c["image"].as_str().unwrap_or(""), now / 60_000);
            json!({"name": cname, "usage": {"cpu": format!("{cpu}n"), "memory": format!("{mem}Ki")}})
        })
        .collect();
    if containers.is_empty() {
        return None;
    }
    Some(json!({
        "metadata": {"name": name, "namespace": pod["metadata"]["namespace"], "creationTimestamp": rfc3339(now), "labels": pod["metadata"]["labels"]},
        "timestamp": rfc3339(now - 12_000),
        "window": "15.011s",
        "containers": containers,
    }))
}

fn node_metrics(node: &Value, pods: &[&Value], now: i64) -> Value {
    let name = node["metadata"]["name"].as_str().unwrap_or("");
    let (mut cpu, mut mem) = NODE_BASE;
    for p in pods.iter().filter(|p| p["spec"]["nodeName"] == name) {
        if let Some(m) = pod_metrics(p, now) {
            for c in m["containers"].as_array().into_iter().flatten() {
                cpu += c["usage"]["cpu"]
                    .as_str()
                    .and_then(|s| s.trim_end_matches('n').parse::<u64>().ok())
                    .unwrap_or(0);
                mem += c["usage"]["memory"]
                    .as_str()
                    .and_then(|s| s.trim_end_matches("Ki").parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
    }
    cpu += (hash(name) % 90) * 1_000_000;
    json!({
        "metadata": {"name": name, "creationTimestamp": rfc3339(now), "labels": node["metadata"]["labels"]},
        "timestamp": rfc3339(now - 9_000),
        "window": "20.029s",
        "usage": {"cpu": format!("{cpu}n"), "memory": format!("{mem}Ki")},
    })
}

async fn handle(
    State(sb): State<Sandbox>,
    Path((cluster, rest)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = caller(&sb, &cluster, bearer(&headers)) {
        return r;
    }
    let q = super::query(&raw);
    let selector = match q
        .get("labelSelector")
        .map(|s| LabelSelector::parse(s))
        .transpose()
    {
        Ok(s) => s,
        Err(e) => return status(StatusCode::BAD_REQUEST, "BadRequest", &e, None),
    };
    let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
    let (kind, ns, name) = match parts.as_slice() {
        ["pods"] => ("pods", None, None),
        ["nodes"] => ("nodes", None, None),
        ["nodes", n] => ("nodes", None, Some(*n)),
        ["namespaces", ns, "pods"] => ("pods", Some(*ns), None),
        ["namespaces", ns, "pods", n] => ("pods", Some(*ns), Some(*n)),
        _ => return super::status::no_route(),
    };
    let now = sb.clock.now_ms();
    let stores = sb.kube.lock();
    let Some(store) = stores.get(&cluster) else {
        return super::status::no_route();
    };
    let of = |res: &str| -> Vec<&Value> {
        store
            .objects
            .iter()
            .filter(|((r, ons, _), _)| r == res && ns.is_none_or(|n| n == ons))
            .map(|(_, o)| o)
            .collect()
    };
    let pods = of("pods");
    let items: Vec<Value> = if kind == "pods" {
        pods.iter().filter_map(|p| pod_metrics(p, now)).collect()
    } else {
        let all_pods = store
            .objects
            .iter()
            .filter(|((r, _, _), _)| r == "pods")
            .map(|(_, o)| o)
            .collect::<Vec<_>>();
        of("nodes")
            .iter()
            .map(|n| node_metrics(n, &all_pods, now))
            .collect()
    };
    let (item_kind, resource) = if kind == "pods" {
        ("PodMetrics", "podmetrics")
    } else {
        ("NodeMetrics", "nodemetrics")
    };
    let api = "metrics.k8s.io/v1beta1";
    if let Some(n) = name {
        return match items.into_iter().find(|i| i["metadata"]["name"] == n) {
            Some(mut i) => {
                i["kind"] = json!(item_kind);
                i["apiVersion"] = json!(api);
                Json(i).into_response()
            }
            None => {
                let shown = ns.map_or(n.to_string(), |ns| format!("{ns}/{n}"));
                status(
                    StatusCode::NOT_FOUND,
                    "NotFound",
                    &format!("{resource}.metrics.k8s.io \"{shown}\" not found"),
                    Some(json!({"name": shown, "group": "metrics.k8s.io", "kind": resource})),
                )
            }
        };
    }
    let items: Vec<Value> = items
        .into_iter()
        .filter(|i| {
            selector
                .as_ref()
                .is_none_or(|s| s.matches(&i["metadata"]["labels"]))
        })
        .collect();
    Json(json!({"kind": format!("{item_kind}List"), "apiVersion": api, "metadata": {}, "items": items}))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_stable_within_a_minute_and_plausible() {
        let a = container_usage("web-1", "web", "nginx:1.27", 100);
        assert_eq!(a, container_usage("web-1", "web", "nginx:1.27", 100));
        assert!((1_000_000..5_000_000).contains(&a.0), "{a:?}");
        assert!((3 * 1024..8 * 1024).contains(&a.1), "{a:?}");
        let pod = json!({"metadata": {"name": "p", "namespace": "d"}, "spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "x"}]},
            "status": {"containerStatuses": [{"name": "a", "state": {"running": {}}}, {"name": "b", "state": {"waiting": {}}}]}});
        let m = pod_metrics(&pod, 0).unwrap();
        assert_eq!(m["containers"].as_array().unwrap().len(), 1);
        let none = json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}, "status": {"containerStatuses": [{"name": "a", "state": {"waiting": {}}}]}});
        assert!(pod_metrics(&none, 0).is_none());
    }
}
