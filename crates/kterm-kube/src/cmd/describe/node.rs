//! Nodes, as kubectl's node describer lays them out.

use serde_json::Value;

use super::writer::{self, annotations, labels, s, W};

fn sorted(map: &Value) -> Vec<(&String, &Value)> {
    let mut v: Vec<(&String, &Value)> = map
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    kterm_shell::sort::sort_by(&mut v, |a, b| a.0.cmp(b.0));
    v
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(s).collect())
        .unwrap_or_default()
}

/// The node describer's resource table needs quantities summed; the
/// sandbox's pods rarely carry requests, so this keeps kubectl's shape
/// with canonical CPU (millicores) and memory (binary units) forms.
pub fn describe_node(
    node: &Value,
    pods: &[Value],
    lease: Result<&Value, String>,
    events: Option<&[Value]>,
    now: i64,
) -> String {
    let mut w = W::default();
    let (meta, spec, st) = (&node["metadata"], &node["spec"], &node["status"]);
    w.w(0, &format!("Name:\t{}\n", s(&meta["name"])));
    let mut roles: Vec<String> = meta["labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| {
                    if let Some(r) = k.strip_prefix("node-role.kubernetes.io/") {
                        (!r.is_empty()).then(|| r.to_string())
                    } else if k == "kubernetes.io/role" && !s(v).is_empty() {
                        Some(s(v))
                    } else {
                        None
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    kterm_shell::sort::sort(&mut roles);
    roles.dedup();
    w.w(
        0,
        &format!("Roles:\t{}\n", writer::or_none(roles.join(","))),
    );
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    w.w(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            writer::rfc1123z(&meta["creationTimestamp"])
        ),
    );
    w.w(0, "Taints:\t");
    let mut taints = spec["taints"].as_array().cloned().unwrap_or_default();
    if taints.is_empty() {
        w.w(0, "<none>\n");
    }
    kterm_shell::sort::sort_by_key(&mut taints, |t| {
        format!("{},{}", s(&t["effect"]), s(&t["key"]))
    });
    for (i, t) in taints.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let v = s(&t["value"]);
        let kv = if v.is_empty() {
            s(&t["key"])
        } else {
            format!("{}={v}", s(&t["key"]))
        };
        w.w(0, &format!("{kv}:{}\n", s(&t["effect"])));
    }
    w.w(
        0,
        &format!("Unschedulable:\t{}\n", spec["unschedulable"] == true),
    );
    match lease {
        Ok(l) => {
            w.w(0, "Lease:\n");
            let get = |k: &str, time: bool| match &l["spec"][k] {
                Value::Null => "<unset>".to_string(),
                v if time => writer::rfc1123z(v),
                v => s(v),
            };
            w.w(
                1,
                &format!("HolderIdentity:\t{}\n", get("holderIdentity", false)),
            );
            w.w(1, &format!("AcquireTime:\t{}\n", get("acquireTime", true)));
            w.w(1, &format!("RenewTime:\t{}\n", get("renewTime", true)));
        }
        Err(e) => w.w(0, &format!("Lease:\tFailed to get lease: {e}\n")),
    }
    if let Some(cs) = st["conditions"].as_array().filter(|a| !a.is_empty()) {
        w.w(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.w(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in cs {
            w.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    s(&c["type"]),
                    s(&c["status"]),
                    writer::rfc1123z(&c["lastHeartbeatTime"]),
                    writer::rfc1123z(&c["lastTransitionTime"]),
                    s(&c["reason"]),
                    s(&c["message"])
                ),
            );
        }
    }
    w.w(0, "Addresses:\n");
    for a in st["addresses"].as_array().into_iter().flatten() {
        w.w(1, &format!("{}:\t{}\n", s(&a["type"]), s(&a["address"])));
    }
    for (key, title) in [("capacity", "Capacity"), ("allocatable", "Allocatable")] {
        if st[key].as_object().is_some_and(|m| !m.is_empty()) {
            w.w(0, &format!("{title}:\n"));
            for (r, v) in sorted(&st[key]) {
                w.w(0, &format!("  {r}:\t{}\n", s(v)));
            }
        }
    }
    let info = &st["nodeInfo"];
    w.w(0, "System Info:\n");
    for (label, key) in [
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
    ] {
        w.w(0, &format!("  {label}:\t{}\n", s(&info[key])));
    }
    if !s(&spec["podCIDR"]).is_empty() {
        w.w(0, &format!("PodCIDR:\t{}\n", s(&spec["podCIDR"])));
    }
    let cidrs = strings(&spec["podCIDRs"]);
    if !cidrs.is_empty() {
        w.w(0, &format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    if !s(&spec["providerID"]).is_empty() {
        w.w(0, &format!("ProviderID:\t{}\n", s(&spec["providerID"])));
    }
    super::resources::node_resources(&mut w, node, pods, now);
    writer::events(&mut w, events, now);
    w.finish()
}
