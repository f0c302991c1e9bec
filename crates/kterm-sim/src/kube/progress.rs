//! A deployment's progress deadline, as the deployment controller keeps
//! it: any progress moves the Progressing condition's lastUpdateTime;
//! `progressDeadlineSeconds` without any turns it False with
//! ProgressDeadlineExceeded (what `kubectl rollout status` stops on).

use serde_json::Value;

use super::table::parse_time;

fn int(v: &Value, default: i64) -> i64 {
    v.as_i64().unwrap_or(default)
}

/// Whether the rollout moved since `old` (more updated, ready or
/// available replicas, or fewer old ones): kubectl's DeploymentProgressing.
pub fn progressed(old: &Value, new: &Value) -> bool {
    let n = |v: &Value, k: &str| int(&v[k], 0);
    let old_rest = n(old, "replicas") - n(old, "updatedReplicas");
    let new_rest = n(new, "replicas") - n(new, "updatedReplicas");
    n(new, "updatedReplicas") > n(old, "updatedReplicas")
        || n(new, "readyReplicas") > n(old, "readyReplicas")
        || n(new, "availableReplicas") > n(old, "availableReplicas")
        || new_rest < old_rest
}

pub fn progressing_mut(st: &mut Value) -> Option<&mut Value> {
    st["conditions"]
        .as_array_mut()?
        .iter_mut()
        .find(|c| c["type"] == "Progressing")
}

/// When the deadline of a stalled rollout started counting: the
/// Progressing condition's lastUpdateTime, unless the rollout finished
/// or already timed out.
pub fn progress_deadline_from(d: &Value, st: &Value) -> Option<i64> {
    if d["spec"]["paused"] == true {
        return None;
    }
    let c = st["conditions"]
        .as_array()?
        .iter()
        .find(|c| c["type"] == "Progressing")?;
    if c["reason"] == "NewReplicaSetAvailable" || c["reason"] == "ProgressDeadlineExceeded" {
        return None;
    }
    parse_time(c["lastUpdateTime"].as_str()?)
}
