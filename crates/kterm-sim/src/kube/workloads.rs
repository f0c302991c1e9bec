//! Status for the workloads whose pods the sandbox does not run
//! (StatefulSets, DaemonSets, Jobs), so `get` shows sane columns, and the
//! `/scale` subresource of deployments, replica sets and stateful sets
//! (what `kubectl scale` calls).

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::controllers::{s, Round};
use super::resources::{self, Resource};
use super::status::{self, status};
use super::table::parse_time;
use super::ClusterStore;
use crate::time::rfc3339;

/// A Job's single pod "runs" this long.
const JOB_MS: i64 = 5_000;

fn int(v: &Value, d: i64) -> i64 {
    v.as_i64().unwrap_or(d)
}

fn set_status(r: &mut Round, res: &'static str, o: &Value, st: Value) {
    if st != o["status"] && r.claim(res, o) {
        let mut next = o.clone();
        next["status"] = st;
        r.put(res, next);
    }
}

pub fn reconcile(r: &mut Round) {
    let gen = |o: &Value| int(&o["metadata"]["generation"], 1);
    for o in r.all("statefulsets.apps").collect::<Vec<_>>() {
        let n = int(&o["spec"]["replicas"], 1);
        let rev = format!(
            "{}-{}",
            s(&o["metadata"]["name"]),
            super::controllers::suffix(
                super::controllers::hash(&[&o["spec"]["template"].to_string()]),
                10
            )
        );
        let mut st = json!({"observedGeneration": gen(o), "replicas": n, "readyReplicas": n, "currentReplicas": n, "updatedReplicas": n, "availableReplicas": n, "currentRevision": rev, "updateRevision": rev, "collisionCount": 0});
        if n == 0 {
            for k in ["readyReplicas", "currentReplicas", "updatedReplicas"] {
                st.as_object_mut().map(|m| m.remove(k));
            }
        }
        set_status(r, "statefulsets.apps", o, st);
    }
    let nodes = r.all("nodes").count() as i64;
    for o in r.all("daemonsets.apps").collect::<Vec<_>>() {
        let st = json!({"currentNumberScheduled": nodes, "numberMisscheduled": 0, "desiredNumberScheduled": nodes, "numberReady": nodes, "observedGeneration": gen(o), "updatedNumberScheduled": nodes, "numberAvailable": nodes});
        set_status(r, "daemonsets.apps", o, st);
    }
    for o in r.all("jobs.batch").collect::<Vec<_>>() {
        let started = o["status"]["startTime"].as_str().and_then(parse_time);
        let Some(start) = started else {
            let st = json!({"startTime": rfc3339(r.now), "active": 1, "ready": 0, "terminating": 0, "uncountedTerminatedPods": {}});
            set_status(r, "jobs.batch", o, st);
            r.due_at(r.now + JOB_MS);
            continue;
        };
        if o["status"]["completionTime"].is_string() {
            continue;
        }
        if r.now < start + JOB_MS {
            r.due_at(start + JOB_MS);
            continue;
        }
        let done = rfc3339(r.now);
        let n = int(&o["spec"]["completions"], 1);
        let cond = |t: &str, reason: &str, msg: &str| json!({"type": t, "status": "True", "lastProbeTime": done, "lastTransitionTime": done, "reason": reason, "message": msg});
        let st = json!({"startTime": o["status"]["startTime"], "completionTime": done, "succeeded": n, "ready": 0, "terminating": 0, "uncountedTerminatedPods": {},
            "conditions": [cond("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"), cond("Complete", "CompletionsReached", "Reached expected number of succeeded pods")]});
        set_status(r, "jobs.batch", o, st);
    }
}

/// `…/{deployments|replicasets|statefulsets}/NAME/scale` of a request path.
pub fn scale_target(rest: &str) -> Option<(&'static Resource, &str, &str)> {
    let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["apis", "apps", "v1", "namespaces", ns, res, name, "scale"]
            if matches!(*res, "deployments" | "replicasets" | "statefulsets") =>
        {
            Some((resources::find("apps", res)?, *ns, *name))
        }
        _ => None,
    }
}

fn scale_of(o: &Value) -> Value {
    let m = &o["metadata"];
    let labels = o["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|l| {
            l.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    json!({"kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {"name": m["name"], "namespace": m["namespace"], "uid": m["uid"], "resourceVersion": m["resourceVersion"], "creationTimestamp": m["creationTimestamp"]},
        "spec": {"replicas": int(&o["spec"]["replicas"], 1)},
        "status": {"replicas": int(&o["status"]["replicas"], 0), "selector": labels}})
}

/// Replicas a scale PUT or PATCH asks for: a Scale, a merge patch, or a
/// JSON patch replacing `/spec/replicas`.
fn wanted_replicas(body: &Value) -> Option<i64> {
    if let Some(ops) = body.as_array() {
        return ops
            .iter()
            .find(|op| op["path"] == "/spec/replicas")
            .and_then(|op| op["value"].as_i64());
    }
    body["spec"]["replicas"].as_i64()
}

/// GET, PUT or PATCH of a scale subresource; the caller checked writes
/// are allowed.
pub fn scale(
    store: &mut ClusterStore,
    r: &Resource,
    ns: &str,
    name: &str,
    method: &Method,
    body: &[u8],
) -> Response {
    let key = (r.qualified(), ns.to_string(), name.to_string());
    let Some(current) = store.objects.get(&key).cloned() else {
        return status::not_found(&r.qualified(), name);
    };
    if *method == Method::GET {
        return Json(scale_of(&current)).into_response();
    }
    if !matches!(*method, Method::PUT | Method::PATCH) {
        return status(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
            None,
        );
    }
    let Ok(input) = serde_json::from_slice::<Value>(body) else {
        return status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "the body of the request was in an unknown format",
            None,
        );
    };
    let sent_rv = s(&input["metadata"]["resourceVersion"]);
    if *method == Method::PUT
        && !sent_rv.is_empty()
        && sent_rv != s(&current["metadata"]["resourceVersion"])
    {
        let msg = format!("Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", r.qualified());
        return status(
            StatusCode::CONFLICT,
            "Conflict",
            &msg,
            Some(json!({"name": name, "group": r.group, "kind": r.name})),
        );
    }
    let Some(n) = wanted_replicas(&input).filter(|n| *n >= 0) else {
        let msg = format!("Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: {}: must be greater than or equal to 0", input["spec"]["replicas"]);
        return status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid",
            &msg,
            Some(
                json!({"name": name, "group": "autoscaling", "kind": "Scale", "causes": [{"reason": "FieldValueInvalid", "message": "Invalid value: must be greater than or equal to 0", "field": "spec.replicas"}]}),
            ),
        );
    };
    let mut next = current.clone();
    if int(&current["spec"]["replicas"], 1) != n {
        next["spec"]["replicas"] = json!(n);
        next["metadata"]["generation"] = json!(int(&current["metadata"]["generation"], 1) + 1);
    }
    let stored = store.put(&r.qualified(), next);
    Json(scale_of(&stored)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_paths() {
        let cases = [
            (
                "apis/apps/v1/namespaces/default/deployments/web/scale",
                Some(("deployments", "default", "web")),
            ),
            (
                "apis/apps/v1/namespaces/default/statefulsets/db/scale",
                Some(("statefulsets", "default", "db")),
            ),
            ("apis/apps/v1/namespaces/default/daemonsets/x/scale", None),
            ("apis/apps/v1/namespaces/default/deployments/web", None),
        ];
        for (p, want) in cases {
            assert_eq!(scale_target(p).map(|(r, n, x)| (r.name, n, x)), want, "{p}");
        }
    }

    #[test]
    fn replicas_from_each_body_shape() {
        let cases = [
            (json!({"spec": {"replicas": 4}}), Some(4)),
            (
                json!([{"op": "replace", "path": "/spec/replicas", "value": 2}]),
                Some(2),
            ),
            (json!({"spec": {}}), None),
        ];
        for (b, want) in cases {
            assert_eq!(wanted_replicas(&b), want, "{b}");
        }
    }
}
