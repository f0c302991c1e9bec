//! Events as the cluster's components record them (kubelet, the scheduler,
//! the controllers), and what kubelet records when a pod goes away.
//!
//! A repeat of an event (same source, object, type, reason and message)
//! bumps `count` and `lastTimestamp` of the one already recorded, as
//! client-go's event correlator does, so a crash loop reads
//! `BackOff … (x12 over 10m)` instead of a pile of copies.

use serde_json::{json, Value};

use super::controllers::{s, Round, Write, EVENTS, PODS};
use super::feed::Key;
use super::terminate;
use super::ClusterStore;
use crate::time::rfc3339;

/// What an event says, apart from the object it is about.
pub struct Note<'a> {
    pub typ: &'a str,
    pub reason: &'a str,
    pub message: String,
    pub component: &'a str,
    pub field_path: Option<String>,
}

/// The recorded event this one repeats, if any.
fn repeat_of<'a>(r: &Round<'a>, obj: &Value, n: &Note) -> Option<&'a Value> {
    let m = &obj["metadata"];
    // The store indexes events by (involved uid, reason): only those can
    // be a repeat.
    let store = r.store;
    let mut candidates = store
        .index
        .events(s(&m["uid"]), n.reason)
        .filter_map(|k| store.objects.get(k));
    candidates.find(|e| {
        let inv = &e["involvedObject"];
        s(&e["metadata"]["namespace"]) == s(&m["namespace"])
            && inv["uid"] == m["uid"]
            && inv["name"] == m["name"]
            && s(&inv["fieldPath"]) == n.field_path.as_deref().unwrap_or("")
            && e["reason"] == n.reason
            && e["type"] == n.typ
            && e["message"] == n.message.as_str()
            && e["source"]["component"] == n.component
    })
}

/// `<object>.<hex nanoseconds>` as client-go names events, so listing
/// them (in name order) shows each object's events in the order they
/// happened. Below the millisecond, the store's resourceVersion (which
/// grows with every write) and then a step per event in the round keep
/// names distinct and in order.
fn event_name(r: &mut Round, ns: &str, name: &str) -> String {
    let tick = (r.store.resource_version * 64) % 1_000_000;
    let mut nanos = r.now.max(0) as u64 * 1_000_000 + tick;
    loop {
        let ev_name = format!("{name}.{nanos:x}");
        let key = (EVENTS.to_string(), ns.to_string(), ev_name.clone());
        if !r.store.objects.contains_key(&key)
            && r.claim(
                EVENTS,
                &json!({"metadata": {"namespace": ns, "name": ev_name}}),
            )
        {
            return ev_name;
        }
        nanos += 1;
    }
}

/// Records `n` about `obj` (kind and apiVersion from the object).
pub fn record(r: &mut Round, obj: &Value, n: Note) {
    let t = rfc3339(r.now);
    if let Some(seen) = repeat_of(r, obj, &n) {
        if r.claim(EVENTS, seen) {
            let mut next = seen.clone();
            next["count"] = json!(seen["count"].as_i64().unwrap_or(1) + 1);
            next["lastTimestamp"] = json!(t);
            r.put(EVENTS, next);
            return;
        }
    }
    let m = &obj["metadata"];
    let (ns, name) = (s(&m["namespace"]), s(&m["name"]));
    let ev_name = event_name(r, ns, name);
    let meta = r.meta(ns, &ev_name);
    let mut involved = json!({"kind": obj["kind"], "namespace": ns, "name": name, "uid": m["uid"], "apiVersion": obj["apiVersion"], "resourceVersion": m["resourceVersion"]});
    if let Some(f) = n.field_path {
        involved["fieldPath"] = json!(f);
    }
    let mut source = json!({"component": n.component});
    let mut instance = "";
    if n.component == "kubelet" {
        source["host"] = obj["spec"]["nodeName"].clone();
        instance = s(&obj["spec"]["nodeName"]);
    }
    let ev = json!({"apiVersion": "v1", "kind": "Event", "metadata": meta, "involvedObject": involved,
        "reason": n.reason, "message": n.message, "source": source, "firstTimestamp": t, "lastTimestamp": t,
        "count": 1, "type": n.typ, "eventTime": null, "reportingComponent": n.component, "reportingInstance": instance});
    r.put(EVENTS, ev);
}

/// kubelet stopping a pod's running containers (`Killing`).
pub fn killing(r: &mut Round, p: &Value) {
    let statuses = p["status"]["containerStatuses"].as_array();
    for c in statuses.into_iter().flatten() {
        if c["state"]["running"].is_object() {
            let name = s(&c["name"]);
            record(
                r,
                p,
                Note {
                    typ: "Normal",
                    reason: "Killing",
                    message: format!("Stopping container {name}"),
                    component: "kubelet",
                    field_path: Some(format!("spec.containers{{{name}}}")),
                },
            );
        }
    }
}

/// Deletes a pod: with a grace period (terminate.rs) it is only marked
/// and kubelet starts stopping its running containers (Killing events);
/// without one it goes at once, its containers stopped the same way, and
/// the last state, the one the DELETED watch event and the DELETE answer
/// carry, has a deletionTimestamp (kubectl shows it as Terminating).
/// `grace` is the request's `gracePeriodSeconds`.
pub fn delete_pod(
    store: &mut ClusterStore,
    key: &Key,
    now: i64,
    grace: Option<i64>,
) -> Option<Value> {
    let pod = store.objects.get(key)?;
    let grace = terminate::grace_for(pod, grace);
    let was_terminating = terminate::is_terminating(pod);
    if grace > 0 {
        let Some(next) = terminate::mark(pod, grace, now) else {
            return Some(pod.clone());
        };
        let marked = store.put(PODS, next);
        if !was_terminating {
            stop_containers(store, &marked, now);
        }
        return Some(marked);
    }
    if !was_terminating {
        let pod = pod.clone();
        stop_containers(store, &pod, now);
    }
    if let Some(p) = store.objects.get_mut(key) {
        p["metadata"]["deletionTimestamp"] = json!(rfc3339(now));
        p["metadata"]["deletionGracePeriodSeconds"] = json!(0);
    }
    store.delete(key)
}

/// kubelet's Killing events for `pod`'s running containers.
fn stop_containers(store: &mut ClusterStore, pod: &Value, now: i64) {
    let writes = {
        let mut r = Round::new(store, now);
        killing(&mut r, pod);
        r.writes
    };
    for w in writes {
        if let Write::Put(res, o) = w {
            store.put(res, o);
        }
    }
}

/// Deletes `key`: pods through [`delete_pod`], anything else at once.
pub fn delete(store: &mut ClusterStore, key: &Key, now: i64, grace: Option<i64>) -> Option<Value> {
    if key.0 == PODS {
        delete_pod(store, key, now, grace)
    } else {
        store.delete(key)
    }
}

/// The apiserver's Table columns for events (printers.go; the server
/// always prints wide, kubectl hides priority 1 unless `-o wide`).
pub fn columns() -> Vec<Value> {
    use super::table::{col, NAME_DOC};
    vec![
        col("Last Seen", "string", "", 0, "The time at which the most recent occurrence of this event was recorded."),
        col("Type", "string", "", 0, "Type of this event (Normal, Warning), new types could be added in the future"),
        col("Reason", "string", "", 0, "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        col("Object", "string", "", 0, "The object that this event is about."),
        col("Subobject", "string", "", 1, "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object."),
        col("Source", "string", "", 1, "The component reporting this event. Should be a short machine understandable string."),
        col("Message", "string", "", 0, "A human-readable description of the status of this operation."),
        col("First Seen", "string", "", 1, "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
        col("Count", "string", "", 1, "The number of times this event has occurred."),
        col("Name", "string", "name", 1, NAME_DOC),
    ]
}

fn since(t: &Value, now: i64) -> Option<String> {
    t.as_str()
        .and_then(super::table::parse_time)
        .map(|t| super::table::human_duration(now - t))
}

fn first_non_empty<'a>(a: &'a Value, b: &'a Value) -> &'a str {
    Some(s(a)).filter(|x| !x.is_empty()).unwrap_or(s(b))
}

/// One event's cells: Last Seen falls back to First Seen, which falls back
/// to eventTime; a series overrides Last Seen and Count.
pub fn cells(e: &Value, now: i64) -> Vec<Value> {
    let first = since(&e["firstTimestamp"], now)
        .or_else(|| since(&e["eventTime"], now))
        .unwrap_or_else(|| "<unknown>".into());
    let mut last = since(&e["lastTimestamp"], now).unwrap_or_else(|| first.clone());
    let mut count = e["count"].as_i64().unwrap_or(0);
    if e["series"].is_object() {
        last = since(&e["series"]["lastObservedTime"], now).unwrap_or_else(|| "<unknown>".into());
        count = e["series"]["count"].as_i64().unwrap_or(0);
    } else if count == 0 {
        count = 1;
    }
    let inv = &e["involvedObject"];
    let kind = s(&inv["kind"]).to_lowercase();
    let target = match s(&inv["name"]) {
        "" => kind,
        n => format!("{kind}/{n}"),
    };
    let component = first_non_empty(&e["source"]["component"], &e["reportingComponent"]);
    let instance = first_non_empty(&e["source"]["host"], &e["reportingInstance"]);
    let source = match (component, instance) {
        ("", _) => "<unknown>".to_string(),
        (c, "") => c.to_string(),
        (c, i) => format!("{c}, {i}"),
    };
    vec![
        json!(last),
        json!(s(&e["type"])),
        json!(s(&e["reason"])),
        json!(target),
        json!(s(&inv["fieldPath"])),
        json!(source),
        json!(s(&e["message"]).trim()),
        json!(first),
        json!(count),
        json!(s(&e["metadata"]["name"])),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_767_225_600_000;

    #[test]
    fn table_cells() {
        let base = json!({"metadata": {"name": "web-1.abc"}, "type": "Normal", "reason": "Pulled",
            "message": " Pulled image \n", "involvedObject": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{web}"},
            "source": {"component": "kubelet", "host": "10.0.0.1"},
            "firstTimestamp": "2025-12-31T23:50:00Z", "lastTimestamp": "2025-12-31T23:59:30Z", "count": 3});
        let cells = |patch: Value| {
            let mut e = base.clone();
            for (k, v) in patch.as_object().unwrap() {
                e[k] = v.clone();
            }
            cells(&e, NOW)
        };
        assert_eq!(
            cells(json!({})),
            [
                json!("30s"),
                json!("Normal"),
                json!("Pulled"),
                json!("pod/web-1"),
                json!("spec.containers{web}"),
                json!("kubelet, 10.0.0.1"),
                json!("Pulled image"),
                json!("10m"),
                json!(3),
                json!("web-1.abc")
            ]
        );
        // The events.k8s.io shape: no timestamps, no count, no source.
        let c = cells(
            json!({"firstTimestamp": null, "lastTimestamp": null, "count": null, "source": {},
            "eventTime": "2025-12-31T23:59:00.123456Z", "reportingComponent": "default-scheduler", "reportingInstance": ""}),
        );
        assert_eq!(
            (&c[0], &c[5], &c[7], &c[8]),
            (
                &json!("60s"),
                &json!("default-scheduler"),
                &json!("60s"),
                &json!(1)
            )
        );
        let c = cells(
            json!({"series": {"count": 9, "lastObservedTime": "2025-12-31T23:59:55.000000Z"}}),
        );
        assert_eq!((&c[0], &c[8]), (&json!("5s"), &json!(9)));
        let c = cells(
            json!({"involvedObject": {"kind": "Node"}, "source": {}, "reportingComponent": ""}),
        );
        assert_eq!((&c[3], &c[5]), (&json!("node"), &json!("<unknown>")));
    }
}
