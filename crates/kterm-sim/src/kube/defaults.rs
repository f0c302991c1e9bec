//! What kube-apiserver fills in when a bare Pod, Job or CronJob is created
//! (`kubectl run`, `create job|cronjob`, `debug`): the pod spec's defaults,
//! the pod admission plugins' service account and tolerations, a Job's
//! counts, generated selector and labels, a CronJob's policies. Without
//! them kubectl reads `<unset>` where a cluster shows values, and
//! `kubectl debug --copy-to` dereferences the missing securityContext.

use serde_json::{json, Map, Value};

use super::pods::default_pod_spec;
use super::resources::Resource;

/// Called on every create (and its dry run) once the object has its uid.
pub fn on_create(r: &Resource, obj: &mut Value) {
    match (r.group, r.name) {
        ("", "pods") => pod(obj),
        ("batch", "jobs") => job(obj),
        ("batch", "cronjobs") => cron_job(obj),
        _ => {}
    }
}

fn or_insert(obj: &mut Value, key: &str, v: Value) {
    if obj[key].is_null() {
        obj[key] = v;
    }
}

fn pod(obj: &mut Value) {
    let spec = &mut obj["spec"];
    if !spec.is_object() {
        return;
    }
    default_pod_spec(spec);
    // The ServiceAccount admission plugin, then the legacy field's default.
    let sa = spec["serviceAccountName"]
        .as_str()
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
        .to_string();
    spec["serviceAccountName"] = json!(sa);
    or_insert(spec, "serviceAccount", json!(sa));
    or_insert(spec, "enableServiceLinks", json!(true));
    or_insert(spec, "priority", json!(0));
    or_insert(spec, "preemptionPolicy", json!("PreemptLowerPriority"));
    // DefaultTolerationSeconds: ride out a node's trouble for 5 minutes.
    if !spec["tolerations"].is_array() {
        spec["tolerations"] = json!([]);
    }
    if let Some(ts) = spec["tolerations"].as_array_mut() {
        for key in [
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
        ] {
            let tolerated = ts.iter().any(|t| {
                (t["key"] == key || t["key"].is_null())
                    && t["operator"] == "Exists"
                    && (t["effect"] == "NoExecute" || t["effect"].is_null())
            });
            if !tolerated {
                ts.push(json!({"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}));
            }
        }
    }
}

fn job(obj: &mut Value) {
    let uid = obj["metadata"]["uid"].clone();
    let name = obj["metadata"]["name"].clone();
    let spec = &mut obj["spec"];
    if !spec.is_object() {
        return;
    }
    if spec["completions"].is_null() && spec["parallelism"].is_null() {
        spec["completions"] = json!(1);
    }
    or_insert(spec, "parallelism", json!(1));
    or_insert(spec, "backoffLimit", json!(6));
    or_insert(spec, "completionMode", json!("NonIndexed"));
    or_insert(spec, "suspend", json!(false));
    let replace = if spec["podFailurePolicy"].is_null() {
        "TerminatingOrFailed"
    } else {
        "Failed"
    };
    or_insert(spec, "podReplacementPolicy", json!(replace));
    // The generated selector: the uid, as labels on the pod template.
    if spec["manualSelector"] != true {
        let template_meta = &mut spec["template"]["metadata"];
        if !template_meta["labels"].is_object() {
            template_meta["labels"] = json!({});
        }
        if let Some(labels) = template_meta["labels"].as_object_mut() {
            for (k, v) in [
                ("batch.kubernetes.io/controller-uid", &uid),
                ("batch.kubernetes.io/job-name", &name),
                ("controller-uid", &uid),
                ("job-name", &name),
            ] {
                labels.insert(k.into(), v.clone());
            }
        }
        spec["selector"] = json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}});
    }
    default_pod_spec(&mut spec["template"]["spec"]);
    // A Job without labels takes its pod template's.
    let template_labels = spec["template"]["metadata"]["labels"].clone();
    let meta = &mut obj["metadata"];
    if meta["labels"].as_object().is_none_or(Map::is_empty) && template_labels.is_object() {
        meta["labels"] = template_labels;
    }
}

fn cron_job(obj: &mut Value) {
    let spec = &mut obj["spec"];
    if !spec.is_object() {
        return;
    }
    or_insert(spec, "concurrencyPolicy", json!("Allow"));
    or_insert(spec, "suspend", json!(false));
    or_insert(spec, "successfulJobsHistoryLimit", json!(3));
    or_insert(spec, "failedJobsHistoryLimit", json!(1));
    let pod_spec = &mut spec["jobTemplate"]["spec"]["template"]["spec"];
    if pod_spec.is_object() {
        default_pod_spec(pod_spec);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::resources::find;

    fn created(group: &str, resource: &str, mut obj: Value) -> Value {
        on_create(find(group, resource).expect("served"), &mut obj);
        obj
    }

    #[test]
    fn bare_pod_gets_the_apiservers_defaults() {
        let pod = created(
            "",
            "pods",
            json!({"metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "nginx"}], "restartPolicy": "Never",
                "tolerations": [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}]}}),
        );
        let spec = &pod["spec"];
        assert_eq!(
            (
                &spec["restartPolicy"],
                &spec["securityContext"],
                &spec["serviceAccountName"],
                &spec["serviceAccount"],
                &spec["containers"][0]["imagePullPolicy"],
                &spec["enableServiceLinks"],
            ),
            (
                &json!("Never"),
                &json!({}),
                &json!("default"),
                &json!("default"),
                &json!("Always"),
                &json!(true),
            )
        );
        // Its own toleration of unreachable nodes stays; not-ready is added.
        assert_eq!(
            spec["tolerations"],
            json!([
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60},
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            ])
        );
    }

    #[test]
    fn job_counts_selector_and_labels() {
        let cases = [
            // (spec in, completions, parallelism)
            (json!({}), json!(1), json!(1)),
            (json!({"parallelism": 3}), Value::Null, json!(3)),
            (json!({"completions": 5}), json!(5), json!(1)),
        ];
        for (counts, completions, parallelism) in cases {
            let mut spec = json!({"template": {"spec": {"containers": [{"name": "c", "image": "busybox"}], "restartPolicy": "Never"}}});
            for (k, v) in counts.as_object().into_iter().flatten() {
                spec[k] = v.clone();
            }
            let job = created(
                "batch",
                "jobs",
                json!({"metadata": {"name": "once", "uid": "u-1"}, "spec": spec}),
            );
            let spec = &job["spec"];
            assert_eq!(
                (&spec["completions"], &spec["parallelism"]),
                (&completions, &parallelism),
                "{counts}"
            );
            assert_eq!(
                (
                    &spec["backoffLimit"],
                    &spec["completionMode"],
                    &spec["suspend"],
                    &spec["podReplacementPolicy"]
                ),
                (
                    &json!(6),
                    &json!("NonIndexed"),
                    &json!(false),
                    &json!("TerminatingOrFailed")
                )
            );
            let labels = json!({"batch.kubernetes.io/controller-uid": "u-1", "batch.kubernetes.io/job-name": "once", "controller-uid": "u-1", "job-name": "once"});
            assert_eq!(spec["template"]["metadata"]["labels"], labels);
            assert_eq!(job["metadata"]["labels"], labels);
            assert_eq!(
                spec["selector"],
                json!({"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}})
            );
            assert_eq!(spec["template"]["spec"]["restartPolicy"], "Never");
        }
        // A Job with labels keeps them; a manual selector is left alone.
        let job = created(
            "batch",
            "jobs",
            json!({"metadata": {"name": "m", "uid": "u-2", "labels": {"team": "a"}}, "spec": {"manualSelector": true, "selector": {"matchLabels": {"x": "y"}},
                "template": {"metadata": {"labels": {"x": "y"}}, "spec": {"containers": []}}}}),
        );
        assert_eq!(job["metadata"]["labels"], json!({"team": "a"}));
        assert_eq!(
            job["spec"]["template"]["metadata"]["labels"],
            json!({"x": "y"})
        );
        assert_eq!(job["spec"]["selector"], json!({"matchLabels": {"x": "y"}}));
    }

    #[test]
    fn cron_job_policies() {
        let cj = created(
            "batch",
            "cronjobs",
            json!({"metadata": {"name": "tick"}, "spec": {"schedule": "*/1 * * * *", "successfulJobsHistoryLimit": 0,
                "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "busybox:1.36"}], "restartPolicy": "OnFailure"}}}}}}),
        );
        let spec = &cj["spec"];
        assert_eq!(
            (
                &spec["concurrencyPolicy"],
                &spec["suspend"],
                &spec["successfulJobsHistoryLimit"],
                &spec["failedJobsHistoryLimit"]
            ),
            (&json!("Allow"), &json!(false), &json!(0), &json!(1))
        );
        let pod_spec = &spec["jobTemplate"]["spec"]["template"]["spec"];
        assert_eq!(
            (
                &pod_spec["restartPolicy"],
                &pod_spec["containers"][0]["imagePullPolicy"]
            ),
            (&json!("OnFailure"), &json!("IfNotPresent"))
        );
        // A job template's counts are not defaulted (only a Job's are).
        assert!(spec["jobTemplate"]["spec"]["backoffLimit"].is_null());
    }
}
