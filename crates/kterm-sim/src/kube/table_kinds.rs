//! Server-side Table columns and cells for Jobs, CronJobs and Ingresses,
//! as kube-apiserver's printers fill them (so `kubectl get jobs|cronjobs|
//! ingresses` prints a cluster's columns, `-o wide` the priority-1 ones),
//! and a Service's External-IP cell, which shares the load-balancer text.

use serde_json::{json, Value};

use super::table::{col, human_duration, parse_time, AGE_DOC, NAME_DOC};

const CONTAINERS_DOC: &str = "Names of each container in the template.";
const IMAGES_DOC: &str = "Images referenced by each container in the template.";
const SELECTOR_DOC: &str = "A label query over pods that should match the pod count. Normally, the system sets this field for you.";

pub fn columns(resource: &str) -> Vec<Value> {
    let name = col("Name", "string", "name", 0, NAME_DOC);
    let age = col("Age", "string", "", 0, AGE_DOC);
    let wide = || {
        [
            col("Containers", "string", "", 1, CONTAINERS_DOC),
            col("Images", "string", "", 1, IMAGES_DOC),
            col("Selector", "string", "", 1, SELECTOR_DOC),
        ]
    };
    let mut cols = match resource {
        "jobs" => vec![
            name,
            col("Status", "string", "", 0, "Status of the job."),
            col("Completions", "string", "", 0, "The number of pods which reached phase Succeeded."),
            col("Duration", "string", "", 0, "Time required to complete the job."),
            age,
        ],
        "cronjobs" => vec![
            name,
            col("Schedule", "string", "", 0, "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
            col("Timezone", "string", "", 0, "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
            col("Suspend", "boolean", "", 0, "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
            col("Active", "integer", "", 0, "A list of pointers to currently running jobs."),
            col("Last Schedule", "string", "", 0, "Information when was the last time the job was successfully scheduled."),
            age,
        ],
        _ => {
            return vec![
                name,
                col("Class", "string", "", 0, "The name of the IngressClass resource that should be used for additional configuration"),
                col("Hosts", "string", "", 0, "Hosts that incoming requests are matched against before the ingress rule"),
                col("Address", "string", "", 0, "Address is a list containing ingress points for the load-balancer"),
                col("Ports", "string", "", 0, "Ports of TLS configurations that open"),
                age,
            ]
        }
    };
    cols.extend(wide());
    cols
}

pub fn cells(resource: &str, o: &Value, now: i64) -> Vec<Value> {
    let name = o["metadata"]["name"].clone();
    let age = since(&o["metadata"]["creationTimestamp"], now).unwrap_or_else(|| "<unknown>".into());
    match resource {
        "jobs" => {
            let (spec, st) = (&o["spec"], &o["status"]);
            let mut row = vec![
                name,
                json!(job_status(o)),
                json!(completions(spec, st)),
                json!(job_duration(st, now)),
                json!(age),
            ];
            row.extend(wide(&spec["template"]["spec"], &spec["selector"]));
            row
        }
        "cronjobs" => {
            let spec = &o["spec"];
            let suspend = match spec["suspend"].as_bool() {
                Some(true) => "True",
                Some(false) => "False",
                None => "<unset>",
            };
            let mut row = vec![
                name,
                spec["schedule"].clone(),
                json!(spec["timeZone"].as_str().unwrap_or("<none>")),
                json!(suspend),
                json!(o["status"]["active"].as_array().map_or(0, Vec::len)),
                json!(
                    since(&o["status"]["lastScheduleTime"], now).unwrap_or_else(|| "<none>".into())
                ),
                json!(age),
            ];
            let job = &spec["jobTemplate"]["spec"];
            row.extend(wide(&job["template"]["spec"], &job["selector"]));
            row
        }
        _ => {
            let spec = &o["spec"];
            let tls = spec["tls"].as_array().is_some_and(|t| !t.is_empty());
            vec![
                name,
                json!(spec["ingressClassName"].as_str().unwrap_or("<none>")),
                json!(hosts(spec)),
                json!(address(&o["status"]["loadBalancer"])),
                json!(if tls { "80, 443" } else { "80" }),
                json!(age),
            ]
        }
    }
}

fn since(t: &Value, now: i64) -> Option<String> {
    t.as_str()
        .and_then(parse_time)
        .map(|t| human_duration(now - t))
}

fn has_condition(o: &Value, ty: &str) -> bool {
    o["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == ty && c["status"] == "True")
}

fn job_status(o: &Value) -> &'static str {
    if has_condition(o, "Complete") {
        "Complete"
    } else if has_condition(o, "Failed") {
        "Failed"
    } else if o["metadata"]["deletionTimestamp"].is_string() {
        "Terminating"
    } else if has_condition(o, "Suspended") {
        "Suspended"
    } else if has_condition(o, "FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    }
}

fn completions(spec: &Value, st: &Value) -> String {
    let done = st["succeeded"].as_i64().unwrap_or(0);
    match (spec["completions"].as_i64(), spec["parallelism"].as_i64()) {
        (Some(n), _) => format!("{done}/{n}"),
        (None, Some(p)) if p > 1 => format!("{done}/1 of {p}"),
        _ => format!("{done}/1"),
    }
}

fn job_duration(st: &Value, now: i64) -> String {
    let Some(start) = st["startTime"].as_str().and_then(parse_time) else {
        return String::new();
    };
    match st["completionTime"].as_str().and_then(parse_time) {
        Some(end) => human_duration(end - start),
        None => human_duration(now - start),
    }
}

/// The wide columns: container names, images, and the selector as
/// `metav1.FormatLabelSelector` writes it.
fn wide(pod_spec: &Value, selector: &Value) -> [Value; 3] {
    let cs: &[Value] = pod_spec["containers"].as_array().map_or(&[], Vec::as_slice);
    let join = |k: &str| {
        cs.iter()
            .map(|c| c[k].as_str().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(",")
    };
    [
        json!(join("name")),
        json!(join("image")),
        json!(format_selector(selector)),
    ]
}

fn format_selector(sel: &Value) -> String {
    let mut reqs: Vec<(String, String)> = sel["matchLabels"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), format!("{k}={}", v.as_str().unwrap_or(""))))
        .collect();
    for e in sel["matchExpressions"].as_array().into_iter().flatten() {
        let key = e["key"].as_str().unwrap_or("").to_string();
        let mut values: Vec<&str> = e["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        values.sort_unstable();
        let text = match e["operator"].as_str().unwrap_or("") {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.clone(),
            "DoesNotExist" => format!("!{key}"),
            _ => continue,
        };
        reqs.push((key, text));
    }
    reqs.sort();
    if reqs.is_empty() {
        return "<none>".into();
    }
    reqs.into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(",")
}

/// Up to three hosts, then how many more rules there are; `*` for none.
fn hosts(spec: &Value) -> String {
    let rules: &[Value] = spec["rules"].as_array().map_or(&[], Vec::as_slice);
    let mut list = Vec::new();
    let mut more = false;
    for r in rules {
        if list.len() == 3 {
            more = true;
        }
        match r["host"].as_str() {
            Some(h) if !more && !h.is_empty() => list.push(h),
            _ => {}
        }
    }
    if list.is_empty() {
        return "*".into();
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", rules.len() - 3)
    } else {
        joined
    }
}

/// Load-balancer IPs (else hostnames), sorted and de-duplicated. The API
/// server prints its Tables as `-o wide` would, so nothing is cut.
fn address(lb: &Value) -> String {
    let mut set: Vec<&str> = lb["ingress"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| {
            i["ip"]
                .as_str()
                .filter(|s| !s.is_empty())
                .or_else(|| i["hostname"].as_str().filter(|s| !s.is_empty()))
        })
        .collect();
    set.sort_unstable();
    set.dedup();
    set.join(",")
}

/// A Service's External-IP cell: its external IPs (after the load
/// balancer's for a LoadBalancer, `<pending>` while it has neither), the
/// external name of an ExternalName service.
pub fn service_external_ip(svc: &Value, ty: &str) -> String {
    let external: Vec<&str> = svc["spec"]["externalIPs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    match ty {
        "ClusterIP" | "NodePort" if external.is_empty() => "<none>".into(),
        "ClusterIP" | "NodePort" => external.join(","),
        "LoadBalancer" => {
            let lb = address(&svc["status"]["loadBalancer"]);
            let all: Vec<&str> = (!lb.is_empty())
                .then_some(lb.as_str())
                .into_iter()
                .chain(external)
                .collect();
            if all.is_empty() {
                "<pending>".into()
            } else {
                all.join(",")
            }
        }
        "ExternalName" => svc["spec"]["externalName"].as_str().unwrap_or("").into(),
        _ => "<unknown>".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_rows() {
        // Times in ms; the job started at 10 s and the table is read at 70 s.
        let t = |s: i64| crate::time::rfc3339(s * 1000);
        let cases = [
            (
                json!({"completions": 1, "parallelism": 1}),
                json!({"startTime": t(10)}),
                "Running",
                "0/1",
                "60s",
            ),
            (
                json!({"completions": 3}),
                json!({"startTime": t(10), "completionTime": t(25), "succeeded": 3,
                "conditions": [{"type": "Complete", "status": "True"}]}),
                "Complete",
                "3/3",
                "15s",
            ),
            (
                json!({"parallelism": 4}),
                json!({}),
                "Running",
                "0/1 of 4",
                "",
            ),
            (
                json!({}),
                json!({"conditions": [{"type": "Failed", "status": "True"}]}),
                "Failed",
                "0/1",
                "",
            ),
            (
                json!({"suspend": true}),
                json!({"conditions": [{"type": "Suspended", "status": "True"}]}),
                "Suspended",
                "0/1",
                "",
            ),
        ];
        for (spec, status, want_status, want_completions, want_duration) in cases {
            let o = json!({"metadata": {"name": "j", "creationTimestamp": t(0)}, "spec": spec, "status": status});
            let row = cells("jobs", &o, 70_000);
            assert_eq!(
                row[1..4],
                [
                    json!(want_status),
                    json!(want_completions),
                    json!(want_duration)
                ],
                "{o}"
            );
            assert_eq!(row[4], json!("70s"));
        }
        assert_eq!(columns("jobs").len(), 8);
    }

    #[test]
    fn cron_job_row() {
        let o = json!({"metadata": {"name": "tick", "creationTimestamp": crate::time::rfc3339(0)},
            "spec": {"schedule": "*/1 * * * *", "suspend": false, "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "busybox"}, {"name": "b", "image": "alpine"}]}}}}}});
        assert_eq!(
            cells("cronjobs", &o, 5_000),
            [
                json!("tick"),
                json!("*/1 * * * *"),
                json!("<none>"),
                json!("False"),
                json!(0),
                json!("<none>"),
                json!("5s"),
                json!("a,b"),
                json!("busybox,alpine"),
                json!("<none>")
            ]
        );
    }

    #[test]
    fn ingress_hosts_and_ports() {
        let rules =
            |hosts: &[&str]| Value::Array(hosts.iter().map(|h| json!({"host": h})).collect());
        let cases = [
            (rules(&[]), json!(null), "*", "80"),
            (
                rules(&["", "b.com"]),
                json!([{"hosts": ["b.com"]}]),
                "b.com",
                "80, 443",
            ),
            (
                rules(&["a", "b", "c", "d", "e"]),
                json!([]),
                "a,b,c + 2 more...",
                "80",
            ),
        ];
        for (rules, tls, want_hosts, want_ports) in cases {
            let o = json!({"metadata": {"name": "i"}, "spec": {"rules": rules, "tls": tls}});
            let row = cells("ingresses", &o, 0);
            assert_eq!((&row[2], &row[4]), (&json!(want_hosts), &json!(want_ports)));
            assert_eq!((&row[1], &row[3]), (&json!("<none>"), &json!("")));
        }
        let lb = json!({"ingress": [{"ip": "169.62.10.200"}, {"hostname": "shop.example.appdomain.cloud"}, {"ip": "169.62.10.200"}]});
        assert_eq!(address(&lb), "169.62.10.200,shop.example.appdomain.cloud");
        assert_eq!(
            address(&json!({"ingress": [{"ip": "10.0.0.1"}]})),
            "10.0.0.1"
        );
    }

    #[test]
    fn selectors() {
        let cases = [
            (json!(null), "<none>"),
            (json!({"matchLabels": {"b": "2", "a": "1"}}), "a=1,b=2"),
            (
                json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["web", "api"]}, {"key": "canary", "operator": "DoesNotExist"}]}),
                "!canary,tier in (api,web)",
            ),
        ];
        for (sel, want) in cases {
            assert_eq!(format_selector(&sel), want, "{sel}");
        }
    }

    #[test]
    fn service_external_ip_cells() {
        let lb = json!({"ingress": [{"ip": "169.1.1.2"}, {"hostname": "a.example.com"}, {"ip": "169.1.1.2"}]});
        let cases = [
            ("ClusterIP", json!({}), json!({}), "<none>"),
            (
                "NodePort",
                json!({"externalIPs": ["1.2.3.4", "5.6.7.8"]}),
                json!({}),
                "1.2.3.4,5.6.7.8",
            ),
            ("LoadBalancer", json!({}), json!({}), "<pending>"),
            (
                "LoadBalancer",
                json!({"externalIPs": ["9.9.9.9"]}),
                lb,
                "169.1.1.2,a.example.com,9.9.9.9",
            ),
            (
                "ExternalName",
                json!({"externalName": "example.com"}),
                json!({}),
                "example.com",
            ),
            ("Other", json!({}), json!({}), "<unknown>"),
        ];
        for (ty, spec, lb, want) in cases {
            let svc = json!({"spec": spec, "status": {"loadBalancer": lb}});
            assert_eq!(service_external_ip(&svc, ty), want, "{ty} {svc}");
        }
    }
}
