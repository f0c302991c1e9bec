//! Status for the workloads whose pods the sandbox does not run
//! (StatefulSets, DaemonSets, Jobs), so `get` shows sane columns, and the
//! path of the `/scale` subresource of deployments, replica sets and
//! stateful sets (what `kubectl scale` calls; write.rs answers it).

use serde_json::{json, Value};

use super::controllers::{s, Round};
use super::resources::{self, Resource};
use super::table::parse_time;
use crate::time::rfc3339;

/// A Job's single pod "runs" this long.
const JOB_MS: i64 = 5_000;

fn int(v: &Value, d: i64) -> i64 {
    v.as_i64().unwrap_or(d)
}

/// Writes the status, and the spec fields the apiserver defaults (an
/// update strategy, the history limit) when the object lacks them.
fn set_status(r: &mut Round, res: &'static str, o: &Value, st: Value) {
    let mut next = o.clone();
    next["status"] = st;
    spec_defaults(res, &mut next["spec"]);
    if next != *o && r.claim(res, o) {
        r.put(res, next);
    }
}

fn spec_defaults(res: &str, spec: &mut Value) {
    let strategy = match res {
        "statefulsets.apps" => {
            json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        }
        "daemonsets.apps" => {
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}})
        }
        _ => return,
    };
    if !spec.is_object() {
        return;
    }
    if spec["updateStrategy"]["type"].is_null() {
        spec["updateStrategy"] = strategy;
    }
    if spec["revisionHistoryLimit"].is_null() {
        spec["revisionHistoryLimit"] = json!(10);
    }
    if res == "statefulsets.apps" && spec["podManagementPolicy"].is_null() {
        spec["podManagementPolicy"] = json!("OrderedReady");
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
                super::controllers::hash(&[&super::controllers::canonical(&o["spec"]["template"])]),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategy_defaults() {
        let mut sts = json!({"replicas": 1});
        spec_defaults("statefulsets.apps", &mut sts);
        assert_eq!(sts["updateStrategy"]["rollingUpdate"]["partition"], 0);
        assert_eq!(sts["podManagementPolicy"], "OrderedReady");
        let mut ds = json!({"updateStrategy": {"type": "OnDelete"}});
        spec_defaults("daemonsets.apps", &mut ds);
        assert_eq!(ds["updateStrategy"], json!({"type": "OnDelete"}));
        assert_eq!(ds["revisionHistoryLimit"], 10);
    }

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
}
