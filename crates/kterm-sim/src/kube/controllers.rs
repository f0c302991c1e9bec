//! Controllers that make a cluster feel alive: deployments own replica
//! sets own pods; pods are scheduled and started by a pretend kubelet;
//! owners' deletion cascades (background garbage collection).
//!
//! [`reconcile`] is a pure function of the store and the time: it reads
//! the objects and returns the writes to make. [`run`] applies rounds of
//! it until nothing changes, so one request sees the world settled at its
//! `now` (deterministic under `ManualClock`). The server also runs it on a
//! timer so watchers see pods start without anyone asking. Names and uids
//! of created objects are hashes of the store's state, not random, for
//! the same reason.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::feed::Key;
use super::progress::{progress_deadline_from, progressed, progressing_mut};
use super::{events, pods, workloads, ClusterStore};
use crate::time::rfc3339;

/// Bookkeeping so requests skip reconciling when nothing can change.
#[derive(Default)]
pub struct Ctl {
    seen_rv: u64,
    /// Earliest time a time-driven change (a pod starting) is due.
    due: Option<i64>,
}

pub enum Write {
    Put(&'static str, Value),
    Delete(Key),
}

pub const DEPLOYMENTS: &str = "deployments.apps";
pub const REPLICASETS: &str = "replicasets.apps";
pub const PODS: &str = "pods";
pub const EVENTS: &str = "events";
const REVISION: &str = "deployment.kubernetes.io/revision";

/// One round: the store as it is, the writes decided so far.
pub struct Round<'a> {
    pub store: &'a ClusterStore,
    pub now: i64,
    pub writes: Vec<Write>,
    pub due: Option<i64>,
    seq: u64,
    /// Objects already written this round: one writer each, so a later
    /// controller never overwrites an earlier one's write with stale data.
    touched: HashSet<Key>,
}

/// FNV-1a, then a splitmix finalizer: stable across runs and platforms.
pub fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// `n` characters from the alphabet Kubernetes uses for generated names.
/// JSON text with keys sorted at every level: the same template hashes
/// the same whichever order a client sent its keys in (kube-apiserver
/// hashes the typed object).
pub fn canonical(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| (k.clone(), sorted(&m[k])))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(v).to_string()
}

pub fn suffix(mut h: u64, n: usize) -> String {
    const A: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..n)
        .map(|_| {
            let c = A[(h % A.len() as u64) as usize] as char;
            h = (h / A.len() as u64) ^ h.rotate_left(17);
            c
        })
        .collect()
}

pub fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

pub fn uid_of(o: &Value) -> &str {
    s(&o["metadata"]["uid"])
}

/// The uid of the controlling owner, if any.
pub fn controller_uid(o: &Value) -> Option<&str> {
    o["metadata"]["ownerReferences"]
        .as_array()?
        .iter()
        .find(|r| r["controller"] == true)
        .and_then(|r| r["uid"].as_str())
}

pub fn owner_ref(kind: &str, api_version: &str, owner: &Value) -> Value {
    json!([{"apiVersion": api_version, "kind": kind, "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"], "controller": true, "blockOwnerDeletion": true}])
}

impl<'a> Round<'a> {
    pub fn new(store: &'a ClusterStore, now: i64) -> Self {
        Self {
            store,
            now,
            writes: Vec::new(),
            due: None,
            seq: 0,
            touched: HashSet::new(),
        }
    }

    /// Takes `o` for this round; false if another controller already did.
    pub fn claim(&mut self, resource: &str, o: &Value) -> bool {
        let m = &o["metadata"];
        self.touched.insert((
            resource.to_string(),
            s(&m["namespace"]).to_string(),
            s(&m["name"]).to_string(),
        ))
    }

    pub fn put(&mut self, resource: &'static str, obj: Value) {
        self.writes.push(Write::Put(resource, obj));
    }

    pub fn delete(&mut self, resource: &str, o: &Value) {
        let m = &o["metadata"];
        self.writes.push(Write::Delete((
            resource.to_string(),
            s(&m["namespace"]).to_string(),
            s(&m["name"]).to_string(),
        )));
    }

    pub fn due_at(&mut self, t: i64) {
        self.due = Some(self.due.map_or(t, |d| d.min(t)));
    }

    /// A fresh value for names and uids made in this round.
    pub fn fresh(&mut self, what: &str) -> u64 {
        self.seq += 1;
        hash(&[
            what,
            &self.store.resource_version.to_string(),
            &self.seq.to_string(),
        ])
    }

    pub fn uid(&mut self, what: &str) -> String {
        let h = format!("{:016x}{:016x}", self.fresh(what), self.fresh(what));
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }

    /// Metadata of a new object.
    pub fn meta(&mut self, ns: &str, name: &str) -> Value {
        json!({"name": name, "namespace": ns, "uid": self.uid(name), "creationTimestamp": rfc3339(self.now)})
    }

    /// Records an Event about `obj` (kind from the object); a repeat
    /// bumps the recorded one's count (events.rs).
    pub fn event(
        &mut self,
        obj: &Value,
        typ: &str,
        reason: &str,
        message: String,
        component: &str,
        field_path: Option<String>,
    ) {
        let note = events::Note {
            typ,
            reason,
            message,
            component,
            field_path,
        };
        events::record(self, obj, note);
    }

    /// Objects of one resource.
    pub fn all(&self, resource: &str) -> impl Iterator<Item = &'a Value> + use<'a, '_> {
        let resource = resource.to_string();
        let store = self.store;
        store
            .objects
            .range((resource.clone(), String::new(), String::new())..)
            .take_while(move |((r, _, _), _)| *r == resource)
            .map(|(_, o)| o)
    }

    /// Objects of `resource` whose controlling owner has this uid (the
    /// store's owner index), in key order.
    pub fn owned(&self, resource: &str, owner_uid: &str) -> Vec<&'a Value> {
        let store = self.store;
        store
            .index
            .owned(owner_uid)
            .filter(|k| k.0 == resource)
            .filter_map(|k| store.objects.get(k))
            .collect()
    }
}

/// The writes that bring the cluster one step closer to what its specs ask.
pub fn reconcile(store: &ClusterStore, now: i64) -> (Vec<Write>, Option<i64>) {
    let mut r = Round::new(store, now);
    collect_garbage(&mut r);
    for d in r.all(DEPLOYMENTS).collect::<Vec<_>>() {
        deployment(&mut r, d);
    }
    for rs in r.all(REPLICASETS).collect::<Vec<_>>() {
        replica_set(&mut r, rs);
    }
    pods::lifecycle(&mut r);
    workloads::reconcile(&mut r);
    (r.writes, r.due)
}

/// Runs rounds until the cluster is settled at `now`.
pub fn run(store: &mut ClusterStore, now: i64) {
    if store.resource_version == store.ctl.seen_rv && store.ctl.due.is_none_or(|d| now < d) {
        return;
    }
    // Each round moves objects one step (create → schedule → start); a
    // bound keeps a controller bug from hanging a request.
    for _ in 0..32 {
        let (writes, due) = reconcile(store, now);
        store.ctl.due = due;
        if writes.is_empty() {
            break;
        }
        for w in writes {
            match w {
                Write::Put(res, o) => {
                    store.put(res, o);
                }
                Write::Delete(k) => {
                    store.delete(&k);
                }
            }
        }
    }
    store.ctl.seen_rv = store.resource_version;
}

/// Background propagation: dependents whose controlling owner is gone.
/// The store's index knows them (owner uids with dependents but no
/// object), so a round does not look at every object.
fn collect_garbage(r: &mut Round) {
    let store = r.store;
    let orphans = store.index.orphans();
    for res in [REPLICASETS, PODS] {
        for k in orphans.iter().filter(|k| k.0 == res) {
            let Some(o) = store.objects.get(*k) else {
                continue;
            };
            if r.claim(res, o) {
                r.delete(res, o);
                if res == PODS {
                    events::killing(r, o);
                }
            }
        }
    }
}

fn int(v: &Value, default: i64) -> i64 {
    v.as_i64().unwrap_or(default)
}

/// `maxSurge`/`maxUnavailable`: an int or a percentage of `of`.
fn int_or_percent(v: &Value, of: i64, round_up: bool, default: &str) -> i64 {
    let v = if v.is_null() {
        json!(default)
    } else {
        v.clone()
    };
    match v.as_str().and_then(|p| p.strip_suffix('%')) {
        Some(p) => {
            let p = p.parse::<i64>().unwrap_or(25);
            if round_up {
                (of * p + 99) / 100
            } else {
                of * p / 100
            }
        }
        None => int(&v, 0),
    }
}

/// A replica set's template without `pod-template-hash`, to compare with
/// its deployment's.
fn unhashed(t: &Value) -> Value {
    let mut t = t.clone();
    if let Some(l) = t["metadata"]["labels"].as_object_mut() {
        l.remove("pod-template-hash");
    }
    t
}

pub fn revision(o: &Value) -> i64 {
    s(&o["metadata"]["annotations"][REVISION])
        .parse()
        .unwrap_or(0)
}

fn scale_rs(r: &mut Round, d: &Value, rs: &Value, to: i64, desired: i64, surge: i64) {
    if !r.claim(REPLICASETS, rs) {
        return;
    }
    let from = int(&rs["spec"]["replicas"], 1);
    let mut next = rs.clone();
    next["spec"]["replicas"] = json!(to);
    let a = &mut next["metadata"]["annotations"];
    a["deployment.kubernetes.io/desired-replicas"] = json!(desired.to_string());
    a["deployment.kubernetes.io/max-replicas"] = json!((desired + surge).to_string());
    r.put(REPLICASETS, next);
    let dir = if to > from { "up" } else { "down" };
    let name = s(&rs["metadata"]["name"]);
    r.event(
        d,
        "Normal",
        "ScalingReplicaSet",
        format!("Scaled {dir} replica set {name} from {from} to {to}"),
        "deployment-controller",
        None,
    );
}

/// Fills what the apiserver defaults on a deployment, before any rollout.
fn defaulted(d: &Value) -> Option<Value> {
    let spec = &d["spec"];
    if !spec["strategy"]["type"].is_null()
        && !spec["revisionHistoryLimit"].is_null()
        && !spec["progressDeadlineSeconds"].is_null()
        && !spec["replicas"].is_null()
        && !spec["template"]["spec"]["restartPolicy"].is_null()
    {
        return None;
    }
    let mut d = d.clone();
    let spec = &mut d["spec"];
    if spec["replicas"].is_null() {
        spec["replicas"] = json!(1);
    }
    if spec["strategy"]["type"].is_null() {
        spec["strategy"] = json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}});
    }
    if spec["revisionHistoryLimit"].is_null() {
        spec["revisionHistoryLimit"] = json!(10);
    }
    if spec["progressDeadlineSeconds"].is_null() {
        spec["progressDeadlineSeconds"] = json!(600);
    }
    pods::default_pod_spec(&mut spec["template"]["spec"]);
    Some(d)
}

fn deployment(r: &mut Round, d: &Value) {
    if !r.claim(DEPLOYMENTS, d) {
        return;
    }
    if let Some(next) = defaulted(d) {
        r.put(DEPLOYMENTS, next);
        return;
    }
    let spec = &d["spec"];
    let desired = int(&spec["replicas"], 1);
    let rss = r.owned(REPLICASETS, uid_of(d));
    let max_rev = rss.iter().map(|rs| revision(rs)).max().unwrap_or(0);
    let template = &spec["template"];
    let Some(new) = rss
        .iter()
        .copied()
        .find(|rs| unhashed(&rs["spec"]["template"]) == *template)
    else {
        new_replica_set(r, d, max_rev + 1);
        return;
    };
    let rev = revision(new);
    if rev < max_rev || s(&d["metadata"]["annotations"][REVISION]) != rev.to_string() {
        // A rollback brings an old template back: its replica set becomes
        // the newest revision again.
        let rev = if rev < max_rev { max_rev + 1 } else { rev };
        if rev != revision(new) && r.claim(REPLICASETS, new) {
            let mut rs = new.clone();
            rs["metadata"]["annotations"][REVISION] = json!(rev.to_string());
            r.put(REPLICASETS, rs);
        }
        let mut next = d.clone();
        next["metadata"]["annotations"][REVISION] = json!(rev.to_string());
        r.put(DEPLOYMENTS, next);
        return;
    }
    let olds: Vec<&Value> = rss
        .iter()
        .copied()
        .filter(|rs| uid_of(rs) != uid_of(new))
        .collect();
    let rolling = s(&spec["strategy"]["type"]) != "Recreate";
    let ru = &spec["strategy"]["rollingUpdate"];
    let surge = if rolling {
        int_or_percent(&ru["maxSurge"], desired, true, "25%")
    } else {
        0
    };
    let mut unavailable = if rolling {
        int_or_percent(&ru["maxUnavailable"], desired, false, "25%")
    } else {
        desired
    };
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    let spec_of = |rs: &Value| int(&rs["spec"]["replicas"], 1);
    let old_total: i64 = olds.iter().map(|rs| spec_of(rs)).sum();
    let new_spec = spec_of(new);
    let mut scaled = false;
    if old_total == 0 {
        if new_spec != desired
            && (rolling || olds.iter().all(|rs| int(&rs["status"]["replicas"], 0) == 0))
        {
            scale_rs(r, d, new, desired, desired, surge);
            scaled = true;
        }
    } else if !rolling {
        for rs in olds.iter().filter(|rs| spec_of(rs) > 0) {
            scale_rs(r, d, rs, 0, desired, surge);
        }
        scaled = true;
    } else {
        let allowed = desired + surge - (old_total + new_spec);
        if allowed > 0 && new_spec < desired {
            scale_rs(r, d, new, desired.min(new_spec + allowed), desired, surge);
            scaled = true;
        } else {
            let avail = |rs: &Value| int(&rs["status"]["availableReplicas"], 0);
            let new_unavailable = new_spec - avail(new);
            let mut budget = old_total + new_spec - (desired - unavailable) - new_unavailable;
            let mut by_age = olds.clone();
            by_age.sort_by_key(|rs| revision(rs));
            for rs in by_age {
                if budget <= 0 {
                    break;
                }
                let n = spec_of(rs);
                if n == 0 {
                    continue;
                }
                let down = n.min(budget);
                budget -= down;
                scale_rs(r, d, rs, n - down, desired, surge);
                scaled = true;
            }
        }
    }
    if !scaled {
        prune_history(r, d, &olds);
        deployment_status(r, d, new, &rss, desired, unavailable);
    }
}

/// Old, empty replica sets beyond `revisionHistoryLimit` are deleted.
fn prune_history(r: &mut Round, d: &Value, olds: &[&Value]) {
    let limit = int(&d["spec"]["revisionHistoryLimit"], 10).max(0) as usize;
    let mut empty: Vec<&Value> = olds
        .iter()
        .copied()
        .filter(|rs| int(&rs["spec"]["replicas"], 1) == 0 && int(&rs["status"]["replicas"], 0) == 0)
        .collect();
    if empty.len() > limit {
        empty.sort_by_key(|rs| revision(rs));
        for rs in &empty[..empty.len() - limit] {
            if r.claim(REPLICASETS, rs) {
                r.delete(REPLICASETS, rs);
            }
        }
    }
}

fn new_replica_set(r: &mut Round, d: &Value, rev: i64) {
    let (ns, dname) = (s(&d["metadata"]["namespace"]), s(&d["metadata"]["name"]));
    let template = &d["spec"]["template"];
    let mut h = hash(&[&canonical(template)]);
    let mut hash_s = suffix(h, 10);
    while r.store.objects.contains_key(&(
        REPLICASETS.into(),
        ns.into(),
        format!("{dname}-{hash_s}"),
    )) {
        h = hash(&[&h.to_string()]);
        hash_s = suffix(h, 10);
    }
    let name = format!("{dname}-{hash_s}");
    let mut t = template.clone();
    t["metadata"]["labels"]["pod-template-hash"] = json!(hash_s);
    let labels = t["metadata"]["labels"].clone();
    let mut selector = d["spec"]["selector"].clone();
    selector["matchLabels"]["pod-template-hash"] = json!(hash_s);
    let mut meta = r.meta(ns, &name);
    meta["labels"] = labels;
    meta["generation"] = json!(1);
    meta["ownerReferences"] = owner_ref("Deployment", "apps/v1", d);
    let desired = int(&d["spec"]["replicas"], 1);
    meta["annotations"] = json!({"deployment.kubernetes.io/desired-replicas": desired.to_string(), "deployment.kubernetes.io/max-replicas": desired.to_string(), REVISION: rev.to_string()});
    let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta,
        "spec": {"replicas": 0, "selector": selector, "template": t}, "status": {"replicas": 0}});
    r.put(REPLICASETS, rs);
    let mut next = d.clone();
    next["metadata"]["annotations"][REVISION] = json!(rev.to_string());
    set_condition(
        &mut next["status"],
        "Progressing",
        "True",
        "NewReplicaSetCreated",
        &format!("Created new replica set \"{name}\""),
        r.now,
    );
    r.put(DEPLOYMENTS, next);
}

/// Sets a condition; the transition time moves only when status does.
fn set_condition(status: &mut Value, typ: &str, st: &str, reason: &str, msg: &str, now: i64) {
    if !status["conditions"].is_array() {
        status["conditions"] = json!([]);
    }
    let t = rfc3339(now);
    let Some(conds) = status["conditions"].as_array_mut() else {
        return;
    };
    match conds.iter_mut().find(|c| c["type"] == typ) {
        Some(c) => {
            if c["reason"] != reason || c["message"] != msg || c["status"] != st {
                c["lastUpdateTime"] = json!(t);
            }
            if c["status"] != st {
                c["lastTransitionTime"] = json!(t);
            }
            c["status"] = json!(st);
            c["reason"] = json!(reason);
            c["message"] = json!(msg);
        }
        None => conds.push(json!({"type": typ, "status": st, "lastUpdateTime": t, "lastTransitionTime": t, "reason": reason, "message": msg})),
    }
    // Available before Progressing, as the deployment controller orders them.
    conds.sort_by_key(|c| c["type"] != "Available");
}

fn deployment_status(
    r: &mut Round,
    d: &Value,
    new: &Value,
    rss: &[&Value],
    desired: i64,
    max_unavailable: i64,
) {
    let sum = |f: &str| -> i64 { rss.iter().map(|rs| int(&rs["status"][f], 0)).sum() };
    let (replicas, ready, available) = (
        sum("replicas"),
        sum("readyReplicas"),
        sum("availableReplicas"),
    );
    let updated = int(&new["status"]["replicas"], 0);
    let total_spec: i64 = rss.iter().map(|rs| int(&rs["spec"]["replicas"], 1)).sum();
    let mut st = d["status"].clone();
    if !st.is_object() {
        st = json!({});
    }
    let gen = int(&d["metadata"]["generation"], 1);
    let counts = [
        ("observedGeneration", gen),
        ("replicas", replicas),
        ("updatedReplicas", updated),
        ("readyReplicas", ready),
        ("availableReplicas", available),
        ("unavailableReplicas", (total_spec - available).max(0)),
    ];
    for (k, v) in counts {
        match st.as_object_mut() {
            Some(o) if v == 0 => {
                o.remove(k);
            }
            _ => st[k] = json!(v),
        }
    }
    let (ok, reason, msg) = if available >= desired - max_unavailable {
        (
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.",
        )
    } else {
        (
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.",
        )
    };
    set_condition(&mut st, "Available", ok, reason, msg, r.now);
    let name = s(&new["metadata"]["name"]);
    let complete = updated == desired && replicas == desired && available == desired;
    let keep_created = st["conditions"].as_array().into_iter().flatten().any(|c| {
        c["type"] == "Progressing"
            && c["reason"] == "NewReplicaSetCreated"
            && c["message"] == format!("Created new replica set \"{name}\"")
    });
    if complete {
        set_condition(
            &mut st,
            "Progressing",
            "True",
            "NewReplicaSetAvailable",
            &format!("ReplicaSet \"{name}\" has successfully progressed."),
            r.now,
        );
    } else if progressed(&d["status"], &st) {
        set_condition(
            &mut st,
            "Progressing",
            "True",
            "ReplicaSetUpdated",
            &format!("ReplicaSet \"{name}\" is progressing."),
            r.now,
        );
        // Progress restarts the deadline, as the deployment controller
        // moves lastUpdateTime whenever it sees any.
        if let Some(c) = progressing_mut(&mut st) {
            c["lastUpdateTime"] = json!(rfc3339(r.now));
        }
    } else if let Some(since) = progress_deadline_from(d, &st) {
        let deadline = since + 1000 * int(&d["spec"]["progressDeadlineSeconds"], 600);
        if r.now > deadline {
            set_condition(
                &mut st,
                "Progressing",
                "False",
                "ProgressDeadlineExceeded",
                &format!("ReplicaSet \"{name}\" has timed out progressing."),
                r.now,
            );
        } else {
            r.due_at(deadline + 1);
        }
    } else if !keep_created && progressing_mut(&mut st).is_none() {
        set_condition(
            &mut st,
            "Progressing",
            "True",
            "ReplicaSetUpdated",
            &format!("ReplicaSet \"{name}\" is progressing."),
            r.now,
        );
    }
    if st != d["status"] {
        let mut next = d.clone();
        next["status"] = st;
        r.put(DEPLOYMENTS, next);
    }
}

fn replica_set(r: &mut Round, rs: &Value) {
    if !r.claim(REPLICASETS, rs) {
        return;
    }
    let desired = int(&rs["spec"]["replicas"], 1);
    // Terminating pods no longer count (controller.go FilterActivePods):
    // a deleted pod's replacement starts while it stops.
    let mut pods = r.owned(PODS, uid_of(rs));
    pods.retain(|p| !super::terminate::is_terminating(p));
    let have = pods.len() as i64;
    if have < desired {
        for _ in have..desired {
            pods::create_for(r, rs);
        }
        return;
    }
    if have > desired {
        // Not-ready pods go first, then the newest (controller.go ActivePods order, simplified).
        let mut victims = pods.clone();
        victims.sort_by_key(|p| {
            (
                pods::is_ready(p),
                std::cmp::Reverse(s(&p["metadata"]["creationTimestamp"]).to_string()),
            )
        });
        for p in victims.into_iter().take((have - desired) as usize) {
            pods::kill(r, rs, p);
        }
        return;
    }
    let ready = pods.iter().filter(|p| pods::is_ready(p)).count() as i64;
    let mut st = json!({"replicas": have, "fullyLabeledReplicas": have, "readyReplicas": ready, "availableReplicas": ready, "observedGeneration": int(&rs["metadata"]["generation"], 1)});
    if let Some(o) = st.as_object_mut() {
        o.retain(|k, v| k == "replicas" || v != &json!(0));
    }
    if st != rs["status"] {
        let mut next = rs.clone();
        next["status"] = st;
        r.put(REPLICASETS, next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounding() {
        let cases = [
            (json!("25%"), 3, true, 1),
            (json!("25%"), 3, false, 0),
            (json!("25%"), 4, false, 1),
            (json!(2), 10, true, 2),
            (Value::Null, 10, true, 3),
        ];
        for (v, of, up, want) in cases {
            assert_eq!(int_or_percent(&v, of, up, "25%"), want, "{v} of {of}");
        }
    }

    #[test]
    fn names_are_stable() {
        assert_eq!(suffix(hash(&["a"]), 10), suffix(hash(&["a"]), 10));
        assert_eq!(
            canonical(&json!({"b": 1, "a": {"d": 2, "c": [{"f": 1, "e": 2}]}})),
            canonical(&json!({"a": {"c": [{"e": 2, "f": 1}], "d": 2}, "b": 1}))
        );
        assert_ne!(suffix(hash(&["a"]), 10), suffix(hash(&["b"]), 10));
        assert_eq!(suffix(7, 5).len(), 5);
    }
}
