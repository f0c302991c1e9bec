//! Controllers: deployments, replica sets, stateful sets, daemon sets,
//! jobs and cron jobs, as kubectl's describers lay them out.

use serde_json::Value;

use super::pods::pod_template;
use super::writer::{self, annotations, labels, n, s, W};

fn header(w: &mut W, obj: &Value) {
    w.w(0, &format!("Name:\t{}\n", s(&obj["metadata"]["name"])));
    w.w(
        0,
        &format!("Namespace:\t{}\n", s(&obj["metadata"]["namespace"])),
    );
}

fn selector(w: &mut W, sel: &Value) {
    w.w(0, &format!("Selector:\t{}\n", writer::selector_string(sel)));
}

fn created(w: &mut W, meta: &Value) {
    w.w(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            writer::rfc1123z(&meta["creationTimestamp"])
        ),
    );
}

fn conditions(w: &mut W, obj: &Value) {
    if let Some(cs) = obj["status"]["conditions"]
        .as_array()
        .filter(|a| !a.is_empty())
    {
        w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
        w.w(1, "----\t------\t------\n");
        for c in cs {
            w.w(
                1,
                &format!(
                    "{} \t{}\t{}\n",
                    s(&c["type"]),
                    s(&c["status"]),
                    s(&c["reason"])
                ),
            );
        }
    }
}

/// `name (3/3 replicas created)`, joined, or `<none>`.
fn rs_list(list: &[&Value]) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|rs| {
            format!(
                "{} ({}/{} replicas created)",
                s(&rs["metadata"]["name"]),
                n(&rs["status"]["replicas"]),
                n(&rs["spec"]["replicas"])
            )
        })
        .collect();
    writer::or_none(parts.join(", "))
}

/// `old` and `new` replica sets: those the deployment controls, the new
/// one being the one whose template matches the deployment's.
pub fn describe_deployment(
    d: &Value,
    owned: Option<&[Value]>,
    events: Option<&[Value]>,
    now: i64,
) -> String {
    let mut w = W::default();
    let (meta, spec, st) = (&d["metadata"], &d["spec"], &d["status"]);
    header(&mut w, d);
    created(&mut w, meta);
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    selector(&mut w, &spec["selector"]);
    w.w(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            n(&spec["replicas"]),
            n(&st["updatedReplicas"]),
            n(&st["replicas"]),
            n(&st["availableReplicas"]),
            n(&st["unavailableReplicas"])
        ),
    );
    w.w(
        0,
        &format!("StrategyType:\t{}\n", s(&spec["strategy"]["type"])),
    );
    w.w(
        0,
        &format!("MinReadySeconds:\t{}\n", n(&spec["minReadySeconds"])),
    );
    let ru = &spec["strategy"]["rollingUpdate"];
    if ru.is_object() {
        w.w(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                s(&ru["maxUnavailable"]),
                s(&ru["maxSurge"])
            ),
        );
    }
    pod_template(&mut w, &spec["template"]);
    conditions(&mut w, d);
    if let Some(list) = owned {
        let mine: Vec<&Value> = list
            .iter()
            .filter(|rs| {
                rs["metadata"]["ownerReferences"]
                    .as_array()
                    .is_some_and(|o| {
                        o.iter()
                            .any(|o| o["uid"] == meta["uid"] && o["controller"] == true)
                    })
            })
            .collect();
        let (new, old): (Vec<&Value>, Vec<&Value>) = mine
            .into_iter()
            .partition(|rs| same_template(&rs["spec"]["template"], &spec["template"]));
        let new: Vec<&Value> = new.into_iter().take(1).collect();
        if !old.is_empty() || !new.is_empty() {
            w.w(0, &format!("OldReplicaSets:\t{}\n", rs_list(&old)));
            w.w(0, &format!("NewReplicaSet:\t{}\n", rs_list(&new)));
        }
    }
    writer::events(&mut w, events, now);
    w.finish()
}

/// Templates equal apart from the pod-template-hash label.
fn same_template(a: &Value, b: &Value) -> bool {
    let strip = |t: &Value| {
        let mut t = t.clone();
        if let Some(l) = t["metadata"]["labels"].as_object_mut() {
            l.remove("pod-template-hash");
        }
        t
    };
    strip(a) == strip(b)
}

/// Pods the controller owns, counted by phase.
pub fn pod_counts(pods: &[Value], uid: &Value) -> (usize, usize, usize, usize) {
    let mut c = (0, 0, 0, 0);
    for p in pods {
        let owned = p["metadata"]["ownerReferences"]
            .as_array()
            .is_some_and(|o| {
                o.iter()
                    .any(|o| o["controller"] == true && &o["uid"] == uid)
            });
        if !owned {
            continue;
        }
        match p["status"]["phase"].as_str() {
            Some("Running") => c.0 += 1,
            Some("Pending") => c.1 += 1,
            Some("Succeeded") => c.2 += 1,
            Some("Failed") => c.3 += 1,
            _ => {}
        }
    }
    c
}

fn pods_status(w: &mut W, c: (usize, usize, usize, usize)) {
    w.w(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
            c.0, c.1, c.2, c.3
        ),
    );
}

pub fn describe_replicaset(
    rs: &Value,
    pods: Result<&[Value], String>,
    events: Option<&[Value]>,
    now: i64,
) -> String {
    let mut w = W::default();
    let meta = &rs["metadata"];
    header(&mut w, rs);
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            writer::format_selector(&rs["spec"]["selector"])
        ),
    );
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    if let Some(c) = writer::controller(rs) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    w.w(
        0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            n(&rs["status"]["replicas"]),
            n(&rs["spec"]["replicas"])
        ),
    );
    match pods {
        Ok(p) => pods_status(&mut w, pod_counts(p, &meta["uid"])),
        Err(e) => w.w(0, &format!("Pods Status:\terror in fetching pods: {e}\n")),
    }
    pod_template(&mut w, &rs["spec"]["template"]);
    conditions(&mut w, rs);
    writer::events(&mut w, events, now);
    w.finish()
}

pub fn describe_statefulset(
    ss: &Value,
    pods: &[Value],
    events: Option<&[Value]>,
    now: i64,
) -> String {
    let mut w = W::default();
    let (meta, spec) = (&ss["metadata"], &ss["spec"]);
    header(&mut w, ss);
    created(&mut w, meta);
    selector(&mut w, &spec["selector"]);
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    if !s(&spec["serviceName"]).is_empty() {
        w.w(0, &format!("Service Name:\t{}\n", s(&spec["serviceName"])));
    }
    if !s(&spec["podManagementPolicy"]).is_empty() {
        w.w(
            0,
            &format!(
                "Pod Management Policy:\t{}\n",
                s(&spec["podManagementPolicy"])
            ),
        );
    }
    w.w(
        0,
        &format!(
            "Replicas:\t{} desired | {} total\n",
            n(&spec["replicas"]),
            n(&ss["status"]["replicas"])
        ),
    );
    w.w(
        0,
        &format!("Update Strategy:\t{}\n", s(&spec["updateStrategy"]["type"])),
    );
    let ru = &spec["updateStrategy"]["rollingUpdate"];
    if ru["partition"].is_number() {
        w.w(1, &format!("Partition:\t{}\n", n(&ru["partition"])));
        if !ru["maxUnavailable"].is_null() {
            w.w(
                1,
                &format!("MaxUnavailable:\t{}\n", s(&ru["maxUnavailable"])),
            );
        }
    }
    let rp = &spec["persistentVolumeClaimRetentionPolicy"];
    if rp.is_object() {
        w.w(0, "Persistent Volume Claim Retention Policy:\n");
        w.w(1, &format!("WhenDeleted:\t{}\n", s(&rp["whenDeleted"])));
        w.w(1, &format!("WhenScaled:\t{}\n", s(&rp["whenScaled"])));
    }
    pods_status(&mut w, pod_counts(pods, &meta["uid"]));
    pod_template(&mut w, &spec["template"]);
    match spec["volumeClaimTemplates"]
        .as_array()
        .filter(|a| !a.is_empty())
    {
        None => w.w(0, "Volume Claims:\t<none>\n"),
        Some(ts) => {
            w.w(0, "Volume Claims:\n");
            for pvc in ts {
                w.w(1, &format!("Name:\t{}\n", s(&pvc["metadata"]["name"])));
                w.w(
                    1,
                    &format!("StorageClass:\t{}\n", s(&pvc["spec"]["storageClassName"])),
                );
                labels(&mut w, "  ", "Labels", &pvc["metadata"]["labels"]);
                labels(&mut w, "  ", "Annotations", &pvc["metadata"]["annotations"]);
                let cap = &pvc["spec"]["resources"]["requests"]["storage"];
                let cap = if cap.is_null() {
                    "<default>".into()
                } else {
                    s(cap)
                };
                w.w(1, &format!("Capacity:\t{cap}\n"));
                let modes: Vec<String> = pvc["spec"]["accessModes"]
                    .as_array()
                    .map(|a| a.iter().map(s).collect())
                    .unwrap_or_default();
                w.w(1, &format!("Access Modes:\t[{}]\n", modes.join(" ")));
            }
        }
    }
    writer::events(&mut w, events, now);
    w.finish()
}

pub fn describe_daemonset(
    ds: &Value,
    pods: &[Value],
    events: Option<&[Value]>,
    now: i64,
) -> String {
    let mut w = W::default();
    let (meta, spec, st) = (&ds["metadata"], &ds["spec"], &ds["status"]);
    header(&mut w, ds);
    selector(&mut w, &spec["selector"]);
    let ns = writer::format_labels(&spec["template"]["spec"]["nodeSelector"]);
    w.w(0, &format!("Node-Selector:\t{ns}\n"));
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    for (label, key) in [
        (
            "Desired Number of Nodes Scheduled",
            "desiredNumberScheduled",
        ),
        (
            "Current Number of Nodes Scheduled",
            "currentNumberScheduled",
        ),
        (
            "Number of Nodes Scheduled with Up-to-date Pods",
            "updatedNumberScheduled",
        ),
        (
            "Number of Nodes Scheduled with Available Pods",
            "numberAvailable",
        ),
        ("Number of Nodes Misscheduled", "numberMisscheduled"),
    ] {
        w.w(0, &format!("{label}: {}\n", n(&st[key])));
    }
    pods_status(&mut w, pod_counts(pods, &meta["uid"]));
    pod_template(&mut w, &spec["template"]);
    writer::events(&mut w, events, now);
    w.finish()
}

pub fn describe_job(job: &Value, events: Option<&[Value]>, now: i64) -> String {
    let mut w = W::default();
    let (meta, spec, st) = (&job["metadata"], &job["spec"], &job["status"]);
    header(&mut w, job);
    selector(&mut w, &spec["selector"]);
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    if let Some(c) = writer::controller(job) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    if spec["parallelism"].is_number() {
        w.w(0, &format!("Parallelism:\t{}\n", n(&spec["parallelism"])));
    }
    match spec["completions"].as_i64() {
        Some(c) => w.w(0, &format!("Completions:\t{c}\n")),
        None => w.w(0, "Completions:\t<unset>\n"),
    }
    if spec["completionMode"].is_string() {
        w.w(
            0,
            &format!("Completion Mode:\t{}\n", s(&spec["completionMode"])),
        );
    }
    if spec["suspend"].is_boolean() {
        w.w(0, &format!("Suspend:\t{}\n", spec["suspend"]));
    }
    if spec["backoffLimit"].is_number() {
        w.w(
            0,
            &format!("Backoff Limit:\t{}\n", n(&spec["backoffLimit"])),
        );
    }
    if spec["ttlSecondsAfterFinished"].is_number() {
        w.w(
            0,
            &format!(
                "TTL Seconds After Finished:\t{}\n",
                n(&spec["ttlSecondsAfterFinished"])
            ),
        );
    }
    if st["startTime"].is_string() {
        w.w(
            0,
            &format!("Start Time:\t{}\n", writer::rfc1123z(&st["startTime"])),
        );
    }
    if st["completionTime"].is_string() {
        w.w(
            0,
            &format!(
                "Completed At:\t{}\n",
                writer::rfc1123z(&st["completionTime"])
            ),
        );
    }
    let ts = |k: &str| st[k].as_str().and_then(kterm_shell::time::parse_timestamp);
    if let (Some(a), Some(b)) = (ts("startTime"), ts("completionTime")) {
        w.w(
            0,
            &format!("Duration:\t{}\n", writer::human_duration(b - a)),
        );
    }
    if spec["activeDeadlineSeconds"].is_number() {
        w.w(
            0,
            &format!(
                "Active Deadline Seconds:\t{}s\n",
                n(&spec["activeDeadlineSeconds"])
            ),
        );
    }
    if st["ready"].is_number() {
        w.w(
            0,
            &format!(
                "Pods Statuses:\t{} Active ({} Ready) / {} Succeeded / {} Failed\n",
                n(&st["active"]),
                n(&st["ready"]),
                n(&st["succeeded"]),
                n(&st["failed"])
            ),
        );
    } else {
        w.w(
            0,
            &format!(
                "Pods Statuses:\t{} Active / {} Succeeded / {} Failed\n",
                n(&st["active"]),
                n(&st["succeeded"]),
                n(&st["failed"])
            ),
        );
    }
    if spec["completionMode"] == "Indexed" {
        w.w(
            0,
            &format!(
                "Completed Indexes:\t{}\n",
                writer::or_none(s(&st["completedIndexes"]))
            ),
        );
    }
    pod_template(&mut w, &spec["template"]);
    writer::events(&mut w, events, now);
    w.finish()
}

pub fn describe_cronjob(cj: &Value, events: Option<&[Value]>, now: i64) -> String {
    let mut w = W::default();
    let (meta, spec, st) = (&cj["metadata"], &cj["spec"], &cj["status"]);
    header(&mut w, cj);
    labels(&mut w, "", "Labels", &meta["labels"]);
    annotations(&mut w, "Annotations", &meta["annotations"]);
    w.w(0, &format!("Schedule:\t{}\n", s(&spec["schedule"])));
    w.w(
        0,
        &format!("Concurrency Policy:\t{}\n", s(&spec["concurrencyPolicy"])),
    );
    let suspend = match spec["suspend"].as_bool() {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    };
    w.w(0, &format!("Suspend:\t{suspend}\n"));
    let unset = |v: &Value, suffix: &str| match v {
        Value::Null => "<unset>".to_string(),
        other => format!("{}{suffix}", s(other)),
    };
    w.w(
        0,
        &format!("Time Zone:\t{}\n", unset(&spec["timeZone"], "")),
    );
    w.w(
        0,
        &format!(
            "Successful Job History Limit:\t{}\n",
            unset(&spec["successfulJobsHistoryLimit"], "")
        ),
    );
    w.w(
        0,
        &format!(
            "Failed Job History Limit:\t{}\n",
            unset(&spec["failedJobsHistoryLimit"], "")
        ),
    );
    w.w(
        0,
        &format!(
            "Starting Deadline Seconds:\t{}\n",
            unset(&spec["startingDeadlineSeconds"], "s")
        ),
    );
    let jt = &spec["jobTemplate"]["spec"];
    match &jt["selector"] {
        Value::Null => w.w(0, "Selector:\t<unset>\n"),
        sel => selector(&mut w, sel),
    }
    w.w(
        0,
        &format!("Parallelism:\t{}\n", unset(&jt["parallelism"], "")),
    );
    w.w(
        0,
        &format!("Completions:\t{}\n", unset(&jt["completions"], "")),
    );
    if jt["activeDeadlineSeconds"].is_number() {
        w.w(
            0,
            &format!(
                "Active Deadline Seconds:\t{}s\n",
                n(&jt["activeDeadlineSeconds"])
            ),
        );
    }
    pod_template(&mut w, &jt["template"]);
    match &st["lastScheduleTime"] {
        Value::Null => w.w(0, "Last Schedule Time:\t<unset>\n"),
        t => w.w(
            0,
            &format!("Last Schedule Time:\t{}\n", writer::rfc1123z(t)),
        ),
    }
    let active: Vec<String> = st["active"]
        .as_array()
        .map(|a| a.iter().map(|j| s(&j["name"])).collect())
        .unwrap_or_default();
    w.w(
        0,
        &format!("Active Jobs:\t{}\n", writer::or_none(active.join(", "))),
    );
    writer::events(&mut w, events, now);
    w.finish()
}
