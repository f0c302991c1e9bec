//! Server-side printing: the `meta.k8s.io/v1` Table kube-apiserver returns
//! for `Accept: application/json;as=Table;…`, with its columns and cells.

use serde_json::{json, Value};

use super::resources::Resource;

/// kube's HumanDuration (apimachinery util/duration).
pub fn human_duration(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    if secs < 120 {
        return format!("{secs}s");
    }
    let mins = secs / 60;
    if mins < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{mins}m")
        } else {
            format!("{mins}m{s}s")
        };
    }
    if mins < 180 {
        return format!("{mins}m");
    }
    let hours = mins / 60;
    if hours < 8 {
        let m = mins % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 192 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    let days = hours / 24;
    if days < 365 * 2 {
        return format!("{days}d");
    }
    if days < 365 * 8 {
        let d = days % 365;
        return if d == 0 {
            format!("{}y", days / 365)
        } else {
            format!("{}y{d}d", days / 365)
        };
    }
    format!("{}y", days / 365)
}

/// Milliseconds since the epoch of an RFC 3339 UTC timestamp.
pub fn parse_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<i64>().ok());
    let (y, mo, d, h, mi, se) = (
        n(0..4)?,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
    );
    // days_from_civil (inverse of time::civil)
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400) + h * 3600 + mi * 60 + se) * 1000)
}

fn age(obj: &Value, now: i64) -> String {
    match obj["metadata"]["creationTimestamp"]
        .as_str()
        .and_then(parse_time)
    {
        Some(t) => human_duration(now - t),
        None => "<unknown>".into(),
    }
}

pub(super) fn col(name: &str, ty: &str, format: &str, priority: u32, description: &str) -> Value {
    json!({"name": name, "type": ty, "format": format, "description": description, "priority": priority})
}

pub(super) const NAME_DOC: &str = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
pub(super) const AGE_DOC: &str = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

fn name_col() -> Value {
    col("Name", "string", "name", 0, NAME_DOC)
}

fn age_col() -> Value {
    col("Age", "string", "", 0, AGE_DOC)
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn label_selector(sel: &Value) -> String {
    let mut parts: Vec<String> = sel["matchLabels"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", s(v))).collect())
        .unwrap_or_default();
    parts.sort();
    parts.join(",")
}

fn containers_and_images(spec: &Value) -> (String, String) {
    let cs: &[Value] = spec["containers"].as_array().map_or(&[], Vec::as_slice);
    (
        cs.iter()
            .map(|c| s(&c["name"]))
            .collect::<Vec<_>>()
            .join(","),
        cs.iter()
            .map(|c| s(&c["image"]))
            .collect::<Vec<_>>()
            .join(","),
    )
}

fn or_none(v: String) -> String {
    if v.is_empty() {
        "<none>".into()
    } else {
        v
    }
}

/// Status, ready count and restarts of a pod as `kubectl get pods` shows
/// them (the printer's rules for waiting and terminated containers).
fn pod_cells(p: &Value, now: i64) -> (String, String, String) {
    let statuses: &[Value] = p["status"]["containerStatuses"]
        .as_array()
        .map_or(&[], Vec::as_slice);
    let total = p["spec"]["containers"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    let mut reason = p["status"]["reason"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| s(&p["status"]["phase"]));
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<i64> = None;
    for c in statuses {
        restarts += c["restartCount"].as_i64().unwrap_or(0);
        if let Some(t) = c["lastState"]["terminated"]["finishedAt"]
            .as_str()
            .and_then(parse_time)
        {
            last_restart = Some(last_restart.map_or(t, |l: i64| l.max(t)));
        }
        if let Some(w) = c["state"]["waiting"]["reason"]
            .as_str()
            .filter(|r| !r.is_empty())
        {
            reason = w.to_string();
        } else if let Some(t) = c["state"]["terminated"].as_object() {
            reason = t
                .get("reason")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| {
                    format!(
                        "ExitCode:{}",
                        t.get("exitCode").and_then(Value::as_i64).unwrap_or(0)
                    )
                });
        } else if c["ready"].as_bool() == Some(true) && c["state"]["running"].is_object() {
            ready += 1;
        }
    }
    if p["metadata"]["deletionTimestamp"].is_string() {
        reason = "Terminating".into();
    }
    let restarts = match last_restart {
        Some(t) if restarts > 0 => format!("{restarts} ({} ago)", human_duration(now - t)),
        _ => restarts.to_string(),
    };
    (format!("{ready}/{total}"), reason, restarts)
}

fn ports(svc: &Value) -> String {
    let ps = svc["spec"]["ports"].as_array().cloned().unwrap_or_default();
    let list: Vec<String> = ps
        .iter()
        .map(|p| {
            let mut x = format!(
                "{}/{}",
                s(&p["port"]),
                p["protocol"].as_str().unwrap_or("TCP")
            );
            if let Some(n) = p["nodePort"].as_i64() {
                x = format!(
                    "{}:{n}/{}",
                    s(&p["port"]),
                    p["protocol"].as_str().unwrap_or("TCP")
                );
            }
            x
        })
        .collect();
    or_none(list.join(","))
}

fn map_selector(v: &Value) -> String {
    let mut parts: Vec<String> = v
        .as_object()
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", s(v))).collect())
        .unwrap_or_default();
    parts.sort();
    or_none(parts.join(","))
}

fn node_cells(n: &Value) -> (String, String, String, String) {
    let ready = n["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"))
        .map(|c| c["status"] == "True");
    let mut status = match ready {
        Some(true) => "Ready".to_string(),
        _ => "NotReady".to_string(),
    };
    if n["spec"]["unschedulable"].as_bool() == Some(true) {
        status.push_str(",SchedulingDisabled");
    }
    let mut roles: Vec<String> = n["metadata"]["labels"]
        .as_object()
        .map(|m| {
            m.keys()
                .filter_map(|k| {
                    k.strip_prefix("node-role.kubernetes.io/")
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    roles.sort();
    let addr = |t: &str| {
        n["status"]["addresses"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["type"] == t))
            .map(|x| s(&x["address"]))
            .unwrap_or_default()
    };
    (
        status,
        or_none(roles.join(",")),
        or_none(addr("InternalIP")),
        or_none(addr("ExternalIP")),
    )
}

/// Column definitions and one row's cells for `obj` of resource `r`.
pub fn columns(r: &Resource) -> Vec<Value> {
    match r.name {
        // A CRD without additionalPrinterColumns: its default, Age.
        "crontabs" => vec![name_col(), col("Age", "date", "", 0, AGE_DOC)],
        "pods" => vec![
            name_col(),
            col("Ready", "string", "", 0, "The aggregate readiness state of this pod for accepting traffic."),
            col("Status", "string", "", 0, "The aggregate status of the containers in this pod."),
            col("Restarts", "string", "", 0, "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            age_col(),
            col("IP", "string", "", 1, "The IP address assigned to the pod."),
            col("Node", "string", "", 1, "The node that the pod is scheduled on."),
            col("Nominated Node", "string", "", 1, "The node that the pod is nominated to run on."),
            col("Readiness Gates", "string", "", 1, "The readiness gates of the pod."),
        ],
        "deployments" => vec![
            name_col(),
            col("Ready", "string", "", 0, "Number of the pod with ready state"),
            col("Up-to-date", "integer", "", 0, "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            col("Available", "integer", "", 0, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            age_col(),
            col("Containers", "string", "", 1, "Names of each container in the template."),
            col("Images", "string", "", 1, "Images referenced by each container in the template."),
            col("Selector", "string", "", 1, "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
        ],
        "replicasets" => vec![
            name_col(),
            col("Desired", "integer", "", 0, "Replicas is the number of desired pods."),
            col("Current", "integer", "", 0, "Replicas is the most recently observed number of replicas."),
            col("Ready", "integer", "", 0, "The number of ready replicas for this replica set."),
            age_col(),
            col("Containers", "string", "", 1, "Names of each container in the template."),
            col("Images", "string", "", 1, "Images referenced by each container in the template."),
            col("Selector", "string", "", 1, "Selector is a label query over pods that should match the replica count."),
        ],
        "services" => vec![
            name_col(),
            col("Type", "string", "", 0, "type determines how the Service is exposed."),
            col("Cluster-IP", "string", "", 0, "clusterIP is the IP address of the service."),
            col("External-IP", "string", "", 0, "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            col("Port(s)", "string", "", 0, "The list of ports that are exposed by this service."),
            age_col(),
            col("Selector", "string", "", 1, "Route service traffic to pods with label keys and values matching this selector."),
        ],
        "namespaces" => vec![name_col(), col("Status", "string", "", 0, "The status of the namespace"), age_col()],
        "nodes" => vec![
            name_col(),
            col("Status", "string", "", 0, "The status of the node"),
            col("Roles", "string", "", 0, "The roles of the node"),
            age_col(),
            col("Version", "string", "", 0, "Kubelet Version reported by the node."),
            col("Internal-IP", "string", "", 1, "List of addresses reachable to the node. Queried from cloud provider, if available."),
            col("External-IP", "string", "", 1, "List of addresses reachable to the node. Queried from cloud provider, if available."),
            col("OS-Image", "string", "", 1, "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
            col("Kernel-Version", "string", "", 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
            col("Container-Runtime", "string", "", 1, "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."),
        ],
        "configmaps" => vec![name_col(), col("Data", "integer", "", 0, "Data contains the configuration data."), age_col()],
        "secrets" => vec![
            name_col(),
            col("Type", "string", "", 0, "Used to facilitate programmatic handling of secret data."),
            col("Data", "integer", "", 0, "Data contains the secret data."),
            age_col(),
        ],
        "events" => super::events::columns(),
        "jobs" | "cronjobs" | "ingresses" => super::table_kinds::columns(r.name),
        "serviceaccounts" => vec![name_col(), col("Secrets", "integer", "", 0, "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), age_col()],
        _ => vec![name_col(), col("Created At", "date", "", 0, "CreationTimestamp is a timestamp representing the server time when this object was created.")],
    }
}

pub fn cells(r: &Resource, o: &Value, now: i64) -> Vec<Value> {
    let name = json!(s(&o["metadata"]["name"]));
    match r.name {
        "crontabs" => vec![name, json!(age(o, now))],
        "pods" => {
            let (ready, status, restarts) = pod_cells(o, now);
            let gates = o["spec"]["readinessGates"]
                .as_array()
                .map(|g| g.len())
                .unwrap_or(0);
            vec![
                name,
                json!(ready),
                json!(status),
                json!(restarts),
                json!(age(o, now)),
                json!(or_none(s(&o["status"]["podIP"]))),
                json!(or_none(s(&o["spec"]["nodeName"]))),
                json!(or_none(s(&o["status"]["nominatedNodeName"]))),
                json!(if gates == 0 {
                    "<none>".to_string()
                } else {
                    format!("0/{gates}")
                }),
            ]
        }
        "deployments" => {
            let (c, i) = containers_and_images(&o["spec"]["template"]["spec"]);
            let st = &o["status"];
            vec![
                name,
                json!(format!(
                    "{}/{}",
                    st["readyReplicas"].as_i64().unwrap_or(0),
                    o["spec"]["replicas"].as_i64().unwrap_or(1)
                )),
                json!(st["updatedReplicas"].as_i64().unwrap_or(0)),
                json!(st["availableReplicas"].as_i64().unwrap_or(0)),
                json!(age(o, now)),
                json!(c),
                json!(i),
                json!(label_selector(&o["spec"]["selector"])),
            ]
        }
        "replicasets" => {
            let (c, i) = containers_and_images(&o["spec"]["template"]["spec"]);
            vec![
                name,
                json!(o["spec"]["replicas"].as_i64().unwrap_or(1)),
                json!(o["status"]["replicas"].as_i64().unwrap_or(0)),
                json!(o["status"]["readyReplicas"].as_i64().unwrap_or(0)),
                json!(age(o, now)),
                json!(c),
                json!(i),
                json!(label_selector(&o["spec"]["selector"])),
            ]
        }
        "services" => {
            let ty = o["spec"]["type"].as_str().unwrap_or("ClusterIP");
            let external = super::table_kinds::service_external_ip(o, ty);
            vec![
                name,
                json!(ty),
                json!(or_none(s(&o["spec"]["clusterIP"]))),
                json!(external),
                json!(ports(o)),
                json!(age(o, now)),
                json!(map_selector(&o["spec"]["selector"])),
            ]
        }
        "namespaces" => vec![name, json!(s(&o["status"]["phase"])), json!(age(o, now))],
        "nodes" => {
            let (status, roles, internal, external) = node_cells(o);
            let info = &o["status"]["nodeInfo"];
            vec![
                name,
                json!(status),
                json!(roles),
                json!(age(o, now)),
                json!(s(&info["kubeletVersion"])),
                json!(internal),
                json!(external),
                json!(s(&info["osImage"])),
                json!(s(&info["kernelVersion"])),
                json!(s(&info["containerRuntimeVersion"])),
            ]
        }
        "configmaps" => {
            let n = o["data"].as_object().map(|m| m.len()).unwrap_or(0)
                + o["binaryData"].as_object().map(|m| m.len()).unwrap_or(0);
            vec![name, json!(n), json!(age(o, now))]
        }
        "secrets" => vec![
            name,
            json!(s(&o["type"])),
            json!(o["data"].as_object().map(|m| m.len()).unwrap_or(0)),
            json!(age(o, now)),
        ],
        "events" => super::events::cells(o, now),
        "jobs" | "cronjobs" | "ingresses" => super::table_kinds::cells(r.name, o, now),
        "serviceaccounts" => vec![
            name,
            json!(o["secrets"].as_array().map(Vec::len).unwrap_or(0)),
            json!(age(o, now)),
        ],
        _ => vec![name, o["metadata"]["creationTimestamp"].clone()],
    }
}

/// PartialObjectMetadata, what `includeObject=Metadata` (the default) sends.
/// A JSON object built by moving the values in (`json!` serializes its
/// arguments again, a deep copy that costs more than the rest of a big
/// list's handling).
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

pub fn partial(o: &Value) -> Value {
    object([
        ("kind", json!("PartialObjectMetadata")),
        ("apiVersion", json!("meta.k8s.io/v1")),
        ("metadata", o["metadata"].clone()),
    ])
}

/// One row of a Table: the cells, and the object as `includeObject`
/// asks (`None`, `Metadata` (the default) or `Object`).
pub fn row(r: &Resource, o: &Value, include: &str, now: i64) -> Value {
    let cells = Value::Array(cells(r, o, now));
    match include {
        "None" => object([("cells", cells)]),
        "Object" => object([("cells", cells), ("object", o.clone())]),
        _ => object([("cells", cells), ("object", partial(o))]),
    }
}

/// The Table kube-apiserver answers for `as=Table`.
pub fn table(metadata: Value, r: &Resource, rows: Vec<Value>) -> Value {
    object([
        ("kind", json!("Table")),
        ("apiVersion", json!("meta.k8s.io/v1")),
        ("metadata", metadata),
        ("columnDefinitions", Value::Array(columns(r))),
        ("rows", Value::Array(rows)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_duration_table() {
        let cases = [
            (-5_000, "<invalid>"),
            (-500, "0s"),
            (0, "0s"),
            (119_000, "119s"),
            (120_000, "2m"),
            (312_000, "5m12s"),
            (600_000, "10m"),
            (179 * 60_000, "179m"),
            (180 * 60_000, "3h"),
            (184 * 60_000, "3h4m"),
            (47 * 3_600_000, "47h"),
            (51 * 3_600_000, "2d3h"),
            (191 * 3_600_000, "7d23h"),
            (192 * 3_600_000, "8d"),
            (729 * 86_400_000, "729d"),
            ((365 * 2 + 100) * 86_400_000, "2y100d"),
            (365 * 3 * 86_400_000, "3y"),
            (365 * 9 * 86_400_000, "9y"),
        ];
        for (ms, want) in cases {
            assert_eq!(human_duration(ms), want, "{ms}");
        }
    }

    #[test]
    fn parse_time_inverts_rfc3339() {
        for ms in [0, 951_782_400_000, 1_767_225_600_000, 1_795_482_015_000] {
            assert_eq!(parse_time(&crate::time::rfc3339(ms)), Some(ms));
        }
    }
}
