//! Graceful pod deletion, as a real cluster does it: a DELETE of a
//! running pod only marks it (`metadata.deletionTimestamp` = now + the
//! grace period, `deletionGracePeriodSeconds`), kubelet stops its
//! containers (Killing events), and the pod object goes away once they
//! have stopped. `kubectl get pods` shows it as Terminating meanwhile.
//!
//! The grace period comes from the request (`gracePeriodSeconds` in the
//! query or the DeleteOptions body) or the pod's
//! `terminationGracePeriodSeconds` (30 by default); 0, a pod never
//! scheduled and a finished pod are deleted at once (the apiserver's
//! CheckGracefulDelete for pods). The sandbox's containers take
//! [`STOP_MS`] to stop on SIGTERM, not the whole grace period: a real
//! nginx exits at once, and nobody wants to wait 30 s in a demo.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::controllers::{s, Round, PODS};
use super::table::parse_time;
use crate::time::rfc3339;

/// From a graceful DELETE to the containers having stopped (or the grace
/// period, if shorter).
pub const STOP_MS: i64 = 2_000;

/// What a pod's spec defaults `terminationGracePeriodSeconds` to.
const DEFAULT_GRACE_S: i64 = 30;

/// `gracePeriodSeconds` of a DELETE: the query's, else the body's
/// (DeleteOptions), else none.
pub fn requested(q: &HashMap<String, String>, body: &[u8]) -> Option<i64> {
    if let Some(g) = q.get("gracePeriodSeconds") {
        return g.parse().ok();
    }
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v["gracePeriodSeconds"].as_i64())
}

/// The grace period a DELETE gives `p` (seconds; 0: at once).
pub fn grace_for(p: &Value, asked: Option<i64>) -> i64 {
    let g = asked
        .or_else(|| p["spec"]["terminationGracePeriodSeconds"].as_i64())
        .unwrap_or(DEFAULT_GRACE_S);
    let phase = s(&p["status"]["phase"]);
    if p["spec"]["nodeName"].is_null() || phase == "Succeeded" || phase == "Failed" {
        0
    } else if g < 0 {
        1
    } else {
        g
    }
}

/// Marks `p` for deletion in `grace_s` seconds from `now`; `None` if it
/// already is, with a deadline no later (a second DELETE may only
/// shorten the grace period).
pub fn mark(p: &Value, grace_s: i64, now: i64) -> Option<Value> {
    let deadline = now + grace_s * 1000;
    if let Some(t) = p["metadata"]["deletionTimestamp"].as_str() {
        if parse_time(t).is_some_and(|t| t <= deadline) {
            return None;
        }
    }
    let mut next = p.clone();
    next["metadata"]["deletionTimestamp"] = json!(rfc3339(deadline));
    next["metadata"]["deletionGracePeriodSeconds"] = json!(grace_s);
    Some(next)
}

pub fn is_terminating(p: &Value) -> bool {
    p["metadata"]["deletionTimestamp"].is_string()
}

fn running(p: &Value) -> bool {
    p["status"]["containerStatuses"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["state"]["running"].is_object())
}

/// When kubelet's next step for a terminating pod is due: stopping its
/// containers [`STOP_MS`] after the DELETE, then removing it at once.
pub fn next_step(p: &Value) -> Option<i64> {
    if !is_terminating(p) {
        return None;
    }
    if !running(p) {
        return Some(i64::MIN);
    }
    let deadline = parse_time(s(&p["metadata"]["deletionTimestamp"]))?;
    let grace = p["metadata"]["deletionGracePeriodSeconds"]
        .as_i64()
        .unwrap_or(0)
        * 1000;
    Some(deadline - grace + grace.min(STOP_MS))
}

/// kubelet's step for a terminating pod whose step is due: its
/// containers have exited (not ready any more), or, once they have, the
/// pod is removed.
pub fn step(r: &mut Round, p: &Value) {
    if !running(p) {
        r.delete(PODS, p);
        return;
    }
    let now = rfc3339(r.now);
    let mut next = p.clone();
    let st = &mut next["status"];
    for c in st["containerStatuses"].as_array_mut().into_iter().flatten() {
        let Some(run) = c["state"]["running"].as_object() else {
            continue;
        };
        let terminated = json!({"exitCode": 0, "reason": "Completed", "startedAt": run.get("startedAt"), "finishedAt": now, "containerID": c["containerID"]});
        c["state"] = json!({ "terminated": terminated });
        c["ready"] = json!(false);
        c["started"] = json!(false);
    }
    for c in st["conditions"].as_array_mut().into_iter().flatten() {
        if (c["type"] == "Ready" || c["type"] == "ContainersReady") && c["status"] == "True" {
            c["status"] = json!("False");
            c["lastTransitionTime"] = json!(now);
            c["reason"] = json!("PodCompleted");
        }
    }
    r.put(PODS, next);
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_767_225_600_000;

    fn pod(node: bool, phase: &str) -> Value {
        let mut p = json!({"metadata": {"name": "p"}, "spec": {"terminationGracePeriodSeconds": 45},
            "status": {"phase": phase, "containerStatuses": [{"state": {"running": {}}}]}});
        if node {
            p["spec"]["nodeName"] = json!("10.0.0.1");
        }
        p
    }

    #[test]
    fn grace_periods() {
        let cases = [
            (pod(true, "Running"), None, 45),
            (pod(true, "Running"), Some(5), 5),
            (pod(true, "Running"), Some(0), 0),
            (pod(true, "Running"), Some(-3), 1),
            (json!({"spec": {"nodeName": "n"}}), None, 30),
            (pod(false, "Pending"), Some(5), 0),
            (pod(true, "Succeeded"), None, 0),
        ];
        for (p, asked, want) in cases {
            assert_eq!(grace_for(&p, asked), want, "{p} {asked:?}");
        }
        let q: HashMap<String, String> = [("gracePeriodSeconds".into(), "7".into())].into();
        assert_eq!(requested(&q, b"{\"gracePeriodSeconds\": 3}"), Some(7));
        assert_eq!(
            requested(&HashMap::new(), b"{\"gracePeriodSeconds\": 3}"),
            Some(3)
        );
        assert_eq!(requested(&HashMap::new(), b""), None);
    }

    #[test]
    fn marking_and_stopping() {
        let p = mark(&pod(true, "Running"), 30, T).unwrap();
        assert_eq!(p["metadata"]["deletionTimestamp"], "2026-01-01T00:00:30Z");
        assert_eq!(p["metadata"]["deletionGracePeriodSeconds"], 30);
        assert_eq!(next_step(&p), Some(T + STOP_MS));
        assert!(mark(&p, 40, T).is_none(), "a longer grace is ignored");
        let shorter = mark(&p, 1, T).unwrap();
        assert_eq!(next_step(&shorter), Some(T + 1000));
        let mut stopped = p.clone();
        stopped["status"]["containerStatuses"][0]["state"] = json!({"terminated": {}});
        assert_eq!(next_step(&stopped), Some(i64::MIN));
        assert_eq!(next_step(&pod(true, "Running")), None);
    }
}
