//! Pods from a replica set's template, and a pretend scheduler and
//! kubelet: a new pod is Pending, gets a node (Scheduled), shows
//! ContainerCreating while its image is pulled, and is Running two
//! seconds after it was created. A pod running the seed's crash image
//! crash-loops instead, restarting with kubelet's back-off (10 s doubling
//! to 5 min).

use serde_json::{json, Value};

use super::controllers::{owner_ref, s, suffix, Round, PODS};
use super::seed::CRASH_IMAGE;
use super::table::parse_time;
use super::terminate;
use crate::time::rfc3339;

/// From creation to Running.
pub const START_MS: i64 = 2_000;

/// What the apiserver fills in a pod spec when the client left it out.
pub fn default_pod_spec(spec: &mut Value) {
    if !spec.is_object() {
        *spec = json!({});
    }
    let defaults = [
        ("restartPolicy", json!("Always")),
        ("terminationGracePeriodSeconds", json!(30)),
        ("dnsPolicy", json!("ClusterFirst")),
        ("securityContext", json!({})),
        ("schedulerName", json!("default-scheduler")),
    ];
    for (k, v) in defaults {
        if spec[k].is_null() {
            spec[k] = v;
        }
    }
    if let Some(cs) = spec["containers"].as_array_mut() {
        for c in cs {
            let image = s(&c["image"]).to_string();
            let last = image.rsplit('/').next().unwrap_or("");
            let pull = if !last.contains(':') || image.ends_with(":latest") {
                "Always"
            } else {
                "IfNotPresent"
            };
            for (k, v) in [
                ("imagePullPolicy", json!(pull)),
                ("resources", json!({})),
                ("terminationMessagePath", json!("/dev/termination-log")),
                ("terminationMessagePolicy", json!("File")),
            ] {
                if c[k].is_null() {
                    c[k] = v;
                }
            }
            if let Some(ports) = c["ports"].as_array_mut() {
                for p in ports {
                    if p["protocol"].is_null() {
                        p["protocol"] = json!("TCP");
                    }
                }
            }
        }
    }
}

fn containers(p: &Value) -> Vec<(String, String)> {
    p["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (s(&c["name"]).to_string(), s(&c["image"]).to_string()))
        .collect()
}

pub fn is_ready(p: &Value) -> bool {
    p["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Ready" && c["status"] == "True")
}

/// A new pod for `rs`, as the replica set controller makes it.
pub fn create_for(r: &mut Round, rs: &Value) {
    let (ns, rs_name) = (s(&rs["metadata"]["namespace"]), s(&rs["metadata"]["name"]));
    let mut name = format!("{rs_name}-{}", suffix(r.fresh(rs_name), 5));
    while r
        .store
        .objects
        .contains_key(&(PODS.into(), ns.into(), name.clone()))
    {
        name = format!("{rs_name}-{}", suffix(r.fresh(rs_name), 5));
    }
    let t = &rs["spec"]["template"];
    let mut meta = r.meta(ns, &name);
    meta["generateName"] = json!(format!("{rs_name}-"));
    meta["labels"] = t["metadata"]["labels"].clone();
    if t["metadata"]["annotations"].is_object() {
        meta["annotations"] = t["metadata"]["annotations"].clone();
    }
    meta["ownerReferences"] = owner_ref("ReplicaSet", "apps/v1", rs);
    let mut spec = t["spec"].clone();
    default_pod_spec(&mut spec);
    spec["serviceAccountName"] = json!("default");
    spec["serviceAccount"] = json!("default");
    spec["enableServiceLinks"] = json!(true);
    spec["preemptionPolicy"] = json!("PreemptLowerPriority");
    spec["priority"] = json!(0);
    spec["tolerations"] = json!([
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
    ]);
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": {"phase": "Pending", "qosClass": "BestEffort"}});
    r.put(PODS, pod);
    r.event(
        rs,
        "Normal",
        "SuccessfulCreate",
        format!("Created pod: {name}"),
        "replicaset-controller",
        None,
    );
}

/// Deletes a pod the replica set no longer wants.
pub fn kill(r: &mut Round, rs: &Value, p: &Value) {
    if !r.claim(PODS, p) {
        return;
    }
    r.delete(PODS, p);
    super::events::killing(r, p);
    r.event(
        rs,
        "Normal",
        "SuccessfulDelete",
        format!("Deleted pod: {}", s(&p["metadata"]["name"])),
        "replicaset-controller",
        None,
    );
}

fn cond(t: &str, ok: bool, now: &str) -> Value {
    json!({"type": t, "status": if ok { "True" } else { "False" }, "lastProbeTime": null, "lastTransitionTime": now})
}

fn crashes(p: &Value) -> bool {
    containers(p).iter().any(|(_, i)| i == CRASH_IMAGE)
}

/// kubelet's restart back-off after `restarts` restarts.
fn back_off_ms(restarts: i64) -> i64 {
    let exp = restarts.clamp(1, 6) - 1;
    (10_000i64 << exp).min(300_000)
}

/// When `p`'s next step along its life is due (`i64::MIN`: at once), or
/// `None` if it has none (running, finished). The store indexes pods by
/// it (index.rs), so [`lifecycle`] visits only pods that move.
pub fn next_step(p: &Value) -> Option<i64> {
    if terminate::is_terminating(p) {
        return terminate::next_step(p);
    }
    let phase = s(&p["status"]["phase"]);
    if phase == "Succeeded" || phase == "Failed" {
        return None;
    }
    let statuses = &p["status"]["containerStatuses"];
    if p["spec"]["nodeName"].is_null() || statuses.is_null() {
        return Some(i64::MIN);
    }
    let first = &statuses[0];
    match first["state"]["waiting"]["reason"].as_str() {
        Some("ContainerCreating") => {
            parse_time(s(&p["metadata"]["creationTimestamp"])).map(|c| c + START_MS)
        }
        Some("CrashLoopBackOff") => {
            let restarts = first["restartCount"].as_i64().unwrap_or(0);
            parse_time(s(&first["lastState"]["terminated"]["finishedAt"]))
                .map(|f| f + back_off_ms(restarts))
        }
        _ => None,
    }
}

/// Moves every pod whose step is due one step along its life.
pub fn lifecycle(r: &mut Round) {
    let store = r.store;
    let (pods, next) = store.index.due_pods(r.now);
    if let Some(t) = next {
        r.due_at(t);
    }
    if pods.is_empty() {
        return;
    }
    let nodes: Vec<String> = r
        .all("nodes")
        .map(|n| s(&n["metadata"]["name"]).to_string())
        .collect();
    for p in pods.into_iter().filter_map(|k| store.objects.get(k)) {
        if terminate::is_terminating(p) {
            if r.claim(PODS, p) {
                terminate::step(r, p);
            }
            continue;
        }
        if p["spec"]["nodeName"].is_null() {
            if !nodes.is_empty() && r.claim(PODS, p) {
                schedule(r, p, &nodes);
            }
            continue;
        }
        let statuses = &p["status"]["containerStatuses"];
        if statuses.is_null() {
            if r.claim(PODS, p) {
                container_creating(r, p);
            }
            continue;
        }
        // Due: waiting for its start or for its back-off to pass.
        let first = &statuses[0];
        if first["state"]["waiting"]["reason"] == "ContainerCreating" {
            if r.claim(PODS, p) {
                start(r, p);
            }
        } else if r.claim(PODS, p) {
            let restarts = first["restartCount"].as_i64().unwrap_or(0);
            crash(r, p, restarts + 1);
        }
    }
}

fn schedule(r: &mut Round, p: &Value, nodes: &[String]) {
    let h = super::controllers::hash(&[s(&p["metadata"]["name"])]);
    let node = &nodes[(h % nodes.len() as u64) as usize];
    let mut next = p.clone();
    next["spec"]["nodeName"] = json!(node);
    let now = rfc3339(r.now);
    next["status"]["conditions"] = json!([cond("PodScheduled", true, &now)]);
    r.put(PODS, next.clone());
    let (ns, name) = (s(&p["metadata"]["namespace"]), s(&p["metadata"]["name"]));
    r.event(
        &next,
        "Normal",
        "Scheduled",
        format!("Successfully assigned {ns}/{name} to {node}"),
        "default-scheduler",
        None,
    );
}

fn waiting(p: &Value, reason: &str, message: Option<String>) -> Vec<Value> {
    containers(p)
        .into_iter()
        .map(|(c, image)| {
            let mut w = json!({"reason": reason});
            if let Some(m) = &message {
                w["message"] = json!(m.replace("{c}", &c));
            }
            json!({"name": c, "image": image, "imageID": "", "ready": false, "restartCount": 0, "started": false, "state": {"waiting": w}, "lastState": {}})
        })
        .collect()
}

fn container_creating(r: &mut Round, p: &Value) {
    let now = rfc3339(r.now);
    let node = s(&p["spec"]["nodeName"]).to_string();
    let names: Vec<String> = containers(p).into_iter().map(|c| c.0).collect();
    let unready = format!("containers with unready status: [{}]", names.join(" "));
    let mut next = p.clone();
    let st = &mut next["status"];
    st["conditions"] = json!([
        cond("PodReadyToStartContainers", false, &now),
        cond("Initialized", true, &now),
        cond("Ready", false, &now),
        cond("ContainersReady", false, &now),
        cond("PodScheduled", true, &now),
    ]);
    for i in [2, 3] {
        st["conditions"][i]["reason"] = json!("ContainersNotReady");
        st["conditions"][i]["message"] = json!(unready);
    }
    st["hostIP"] = json!(node);
    st["hostIPs"] = json!([{"ip": node}]);
    st["startTime"] = json!(now);
    st["containerStatuses"] = json!(waiting(p, "ContainerCreating", None));
    r.put(PODS, next.clone());
    for (c, image) in containers(p) {
        r.event(
            &next,
            "Normal",
            "Pulling",
            format!("Pulling image \"{image}\""),
            "kubelet",
            Some(format!("spec.containers{{{c}}}")),
        );
    }
}

fn start(r: &mut Round, p: &Value) {
    let now = rfc3339(r.now);
    let h = super::controllers::hash(&[s(&p["metadata"]["uid"])]);
    let ip = format!("172.30.{}.{}", h % 250, (h >> 8) % 250 + 2);
    let ok = !crashes(p);
    let mut next = p.clone();
    let st = &mut next["status"];
    st["phase"] = json!("Running");
    st["podIP"] = json!(ip);
    st["podIPs"] = json!([{"ip": ip}]);
    let conds = st["conditions"].as_array_mut();
    for c in conds.into_iter().flatten() {
        let t = s(&c["type"]).to_string();
        if t == "PodReadyToStartContainers" || ((t == "Ready" || t == "ContainersReady") && ok) {
            c["status"] = json!("True");
            c["lastTransitionTime"] = json!(now);
            c.as_object_mut().map(|o| {
                o.remove("reason");
                o.remove("message")
            });
        }
    }
    let statuses: Vec<Value> = containers(p)
        .into_iter()
        .map(|(c, image)| {
            let repo = image.split(':').next().unwrap_or(&image).to_string();
            let digest = format!("{:016x}", super::controllers::hash(&[&image])).repeat(4);
            json!({"name": c, "image": image, "imageID": format!("{repo}@sha256:{digest}"),
                "containerID": format!("containerd://{}", format!("{:016x}{:016x}", h, h.rotate_left(29)).repeat(2)),
                "ready": ok, "restartCount": 0, "started": ok, "state": {"running": {"startedAt": now}}, "lastState": {}})
        })
        .collect();
    st["containerStatuses"] = json!(statuses);
    if ok {
        r.put(PODS, next.clone());
    }
    for (c, image) in containers(p) {
        let field = Some(format!("spec.containers{{{c}}}"));
        r.event(&next, "Normal", "Pulled", format!("Successfully pulled image \"{image}\" in 1.2s (1.2s including waiting). Image size: 52428800 bytes."), "kubelet", field.clone());
        r.event(
            &next,
            "Normal",
            "Created",
            format!("Created container: {c}"),
            "kubelet",
            field.clone(),
        );
        r.event(
            &next,
            "Normal",
            "Started",
            format!("Started container {c}"),
            "kubelet",
            field,
        );
    }
    if !ok {
        crash(r, &next, 1);
    }
}

/// The container exited with an error again; kubelet waits before the
/// next restart.
fn crash(r: &mut Round, p: &Value, restarts: i64) {
    let now = r.now;
    let pod_name = s(&p["metadata"]["name"]).to_string();
    let mut next = p.clone();
    let back = back_off_ms(restarts) / 1000;
    let back = if back >= 60 {
        format!("{}m{}s", back / 60, back % 60)
    } else {
        format!("{back}s")
    };
    let mut statuses = Vec::new();
    for (i, (c, _)) in containers(p).into_iter().enumerate() {
        let mut cs = p["status"]["containerStatuses"][i].clone();
        let id = cs["containerID"].clone();
        cs["ready"] = json!(false);
        cs["started"] = json!(false);
        cs["restartCount"] = json!(restarts);
        cs["state"] = json!({"waiting": {"reason": "CrashLoopBackOff", "message": format!("back-off {back} restarting failed container={c} pod={pod_name}")}});
        // A two-second run, as the seed's: long enough for the worker's
        // generated log to reach its fatal line (at 1.533 s).
        cs["lastState"] = json!({"terminated": {"exitCode": 1, "reason": "Error", "startedAt": rfc3339(now - 2000), "finishedAt": rfc3339(now), "containerID": id}});
        statuses.push(cs);
        r.event(
            p,
            "Warning",
            "BackOff",
            format!(
                "Back-off restarting failed container {c} in pod {pod_name}_{}",
                s(&p["metadata"]["namespace"])
            ),
            "kubelet",
            Some(format!("spec.containers{{{c}}}")),
        );
    }
    next["status"]["containerStatuses"] = json!(statuses);
    r.put(PODS, next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_to_five_minutes() {
        let got: Vec<i64> = (0..9).map(back_off_ms).collect();
        assert_eq!(
            got,
            [10_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]
        );
    }

    #[test]
    fn defaults_pull_policy_from_the_tag() {
        for (image, want) in [
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("nginx:1.27", "IfNotPresent"),
            ("localhost:5000/x", "Always"),
        ] {
            let mut spec = json!({"containers": [{"name": "c", "image": image}]});
            default_pod_spec(&mut spec);
            assert_eq!(spec["containers"][0]["imagePullPolicy"], want, "{image}");
        }
        let mut spec =
            json!({"containers": [{"name": "c", "image": "i", "ports": [{"containerPort": 80}]}]});
        default_pod_spec(&mut spec);
        assert_eq!(spec["containers"][0]["ports"][0]["protocol"], "TCP");
    }
}
