//! The node describer's resource tables: each pod's requests and
//! limits, and the node's totals against what it can allocate.

use serde_json::Value;

use super::writer::{self, s, W};
use crate::print::quantity::{format, parse_milli};

/// Sum of a pod's container requests or limits (`key`) per resource,
/// with init containers counted as kubectl counts them (the max).
fn pod_sum(pod: &Value, key: &str, resource: &str) -> i128 {
    let get = |c: &Value| {
        c["resources"][key][resource]
            .as_str()
            .and_then(parse_milli)
            .unwrap_or(0)
    };
    let app: i128 = pod["spec"]["containers"]
        .as_array()
        .map(|a| a.iter().map(get).sum())
        .unwrap_or(0);
    let init = pod["spec"]["initContainers"]
        .as_array()
        .map(|a| a.iter().map(get).max().unwrap_or(0))
        .unwrap_or(0);
    app.max(init)
}

fn pct(part: i128, whole: i128) -> i128 {
    if whole == 0 {
        0
    } else {
        part * 100 / whole
    }
}

pub fn node_resources(w: &mut W, node: &Value, pods: &[Value], now: i64) {
    let st = &node["status"];
    let alloc = if st["allocatable"].as_object().is_some_and(|m| !m.is_empty()) {
        &st["allocatable"]
    } else {
        &st["capacity"]
    };
    let total = |r: &str| alloc[r].as_str().and_then(parse_milli).unwrap_or(0);
    w.w(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.w(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.w(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let cell = |p: &Value, key: &str, r: &str| {
        let v = pod_sum(p, key, r);
        format!("{} ({}%)", format(r, v), pct(v, total(r)))
    };
    for p in pods {
        w.w(
            1,
            &format!(
                "{}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
                s(&p["metadata"]["namespace"]),
                s(&p["metadata"]["name"]),
                cell(p, "requests", "cpu"),
                cell(p, "limits", "cpu"),
                cell(p, "requests", "memory"),
                cell(p, "limits", "memory"),
                writer::since(&p["metadata"]["creationTimestamp"], now)
            ),
        );
    }
    w.w(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    for r in ["cpu", "memory", "ephemeral-storage"] {
        let req: i128 = pods.iter().map(|p| pod_sum(p, "requests", r)).sum();
        let lim: i128 = pods.iter().map(|p| pod_sum(p, "limits", r)).sum();
        w.w(
            1,
            &format!(
                "{r}\t{} ({}%)\t{} ({}%)\n",
                format(r, req),
                pct(req, total(r)),
                format(r, lim),
                pct(lim, total(r))
            ),
        );
    }
}
