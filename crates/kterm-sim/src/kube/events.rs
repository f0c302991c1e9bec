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
    r.all(EVENTS).find(|e| {
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
    let ev_name = format!("{name}.{:016x}", r.fresh(n.reason));
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

/// Deletes a pod as kubelet finishes it: its running containers are
/// stopped (Killing events) and the last state, the one the DELETED watch
/// event and the DELETE answer carry, has a deletionTimestamp (kubectl
/// shows it as Terminating). The grace period is not waited out.
pub fn delete_pod(store: &mut ClusterStore, key: &Key, now: i64) -> Option<Value> {
    let pod = store.objects.get(key)?;
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
    if let Some(p) = store.objects.get_mut(key) {
        p["metadata"]["deletionTimestamp"] = json!(rfc3339(now));
        p["metadata"]["deletionGracePeriodSeconds"] = json!(0);
    }
    store.delete(key)
}

/// Deletes `key`: pods through [`delete_pod`], anything else at once.
pub fn delete(store: &mut ClusterStore, key: &Key, now: i64) -> Option<Value> {
    if key.0 == PODS {
        delete_pod(store, key, now)
    } else {
        store.delete(key)
    }
}
