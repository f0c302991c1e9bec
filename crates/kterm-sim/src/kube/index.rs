//! Indices over a cluster's objects, kept up to date by every write
//! ([`ClusterStore::put`](super::ClusterStore::put) and `delete`, and the
//! seeding), so the controllers look at what can change instead of
//! scanning every object each round (issue #3: a cluster of 5,000 pods
//! and their events).
//!
//! Each object's entry remembers what it was indexed under, so removing
//! it never depends on the stored object still looking the same.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::controllers::{controller_uid, s, uid_of, EVENTS, PODS};
use super::feed::Key;
use super::pods;

/// What one object is indexed under.
#[derive(Default, Debug, PartialEq)]
struct Entry {
    /// Its uid (not for events: they own nothing).
    uid: Option<String>,
    /// The uid of its controlling owner.
    controller: Option<String>,
    /// For an event: (involved object's uid, reason).
    event: Option<(String, String)>,
    /// For a pod: when its next lifecycle step is due.
    step: Option<i64>,
}

#[derive(Default, Debug, PartialEq)]
pub struct Index {
    entries: HashMap<Key, Entry>,
    /// How many non-event objects have each uid (a client may reuse one).
    uids: HashMap<String, usize>,
    /// Objects by the uid of their controlling owner.
    owned: HashMap<String, BTreeSet<Key>>,
    /// Owner uids that have dependents but no object: what the garbage
    /// collector has to look at.
    missing: BTreeSet<String>,
    /// Events by the uid of the object they are about and their reason,
    /// where a repeat is looked for.
    events: HashMap<(String, String), BTreeSet<Key>>,
    /// Pods with a lifecycle step to take, by when it is due
    /// (`i64::MIN`: at once).
    steps: BTreeSet<(i64, Key)>,
}

impl Index {
    /// Re-indexes `key` as holding `obj` (`None`: deleted).
    pub fn update(&mut self, key: &Key, obj: Option<&Value>) {
        if let Some(old) = self.entries.remove(key) {
            self.unindex(key, old);
        }
        if let Some(o) = obj {
            let entry = self.entry(key, o);
            self.index(key, &entry);
            self.entries.insert(key.clone(), entry);
        }
    }

    fn entry(&self, key: &Key, o: &Value) -> Entry {
        if key.0 == EVENTS {
            let about = s(&o["involvedObject"]["uid"]).to_string();
            return Entry {
                event: Some((about, s(&o["reason"]).to_string())),
                ..Entry::default()
            };
        }
        Entry {
            uid: Some(uid_of(o).to_string()),
            controller: controller_uid(o).map(str::to_string),
            event: None,
            step: if key.0 == PODS {
                pods::next_step(o)
            } else {
                None
            },
        }
    }

    fn index(&mut self, key: &Key, e: &Entry) {
        if let Some(u) = &e.uid {
            let n = self.uids.entry(u.clone()).or_default();
            *n += 1;
            if *n == 1 {
                self.missing.remove(u);
            }
        }
        if let Some(c) = &e.controller {
            self.owned.entry(c.clone()).or_default().insert(key.clone());
            if !self.uids.contains_key(c) {
                self.missing.insert(c.clone());
            }
        }
        if let Some(ev) = &e.event {
            self.events
                .entry(ev.clone())
                .or_default()
                .insert(key.clone());
        }
        if let Some(t) = e.step {
            self.steps.insert((t, key.clone()));
        }
    }

    fn unindex(&mut self, key: &Key, e: Entry) {
        if let Some(u) = e.uid {
            if let Some(n) = self.uids.get_mut(&u) {
                *n -= 1;
                if *n == 0 {
                    self.uids.remove(&u);
                    if self.owned.contains_key(&u) {
                        self.missing.insert(u);
                    }
                }
            }
        }
        if let Some(c) = e.controller {
            if let Some(set) = self.owned.get_mut(&c) {
                set.remove(key);
                if set.is_empty() {
                    self.owned.remove(&c);
                    self.missing.remove(&c);
                }
            }
        }
        if let Some(ev) = e.event {
            if let Some(set) = self.events.get_mut(&ev) {
                set.remove(key);
                if set.is_empty() {
                    self.events.remove(&ev);
                }
            }
        }
        if let Some(t) = e.step {
            self.steps.remove(&(t, key.clone()));
        }
    }

    /// Keys of the objects whose controlling owner has this uid, in key
    /// order (so of one resource together).
    pub fn owned(&self, owner_uid: &str) -> impl Iterator<Item = &Key> {
        self.owned.get(owner_uid).into_iter().flatten()
    }

    /// Keys of the objects whose controlling owner is gone, in key order.
    pub fn orphans(&self) -> Vec<&Key> {
        let mut keys: Vec<&Key> = self.missing.iter().flat_map(|u| self.owned(u)).collect();
        keys.sort();
        keys
    }

    /// Keys of the events about the object with this uid with this reason.
    pub fn events(&self, about_uid: &str, reason: &str) -> impl Iterator<Item = &Key> {
        self.events
            .get(&(about_uid.to_string(), reason.to_string()))
            .into_iter()
            .flatten()
    }

    /// Pods whose next step is due at `now` (key order), and when the
    /// earliest one that is not yet is.
    pub fn due_pods(&self, now: i64) -> (Vec<&Key>, Option<i64>) {
        let mut due = Vec::new();
        let mut next = None;
        for (t, k) in &self.steps {
            if *t > now {
                next = Some(*t);
                break;
            }
            due.push(k);
        }
        due.sort();
        (due, next)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn key(res: &str, name: &str) -> Key {
        (res.into(), "default".into(), name.into())
    }

    fn owned_by(uid: &str, owner: &str) -> Value {
        json!({"metadata": {"uid": uid, "ownerReferences": [{"uid": owner, "controller": true}]}})
    }

    /// The index kept through a deployment's life (create, scale, pods
    /// starting, delete, garbage collection) equals one built afresh.
    #[test]
    fn incremental_equals_rebuilt() {
        use super::super::{controllers, ClusterStore};
        let mut store = ClusterStore::default();
        store.put(
            "nodes",
            json!({"metadata": {"name": "10.0.0.1", "uid": "n1"}}),
        );
        let d = json!({"metadata": {"name": "web", "namespace": "default", "uid": "d1",
            "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "nginx:1"}]}}}});
        store.put(controllers::DEPLOYMENTS, d.clone());
        let t0 = 1_767_225_600_000;
        let check = |store: &ClusterStore| {
            let mut fresh = Index::default();
            for (k, o) in &store.objects {
                fresh.update(k, Some(o));
            }
            assert!(store.index == fresh, "{:#?}\n{fresh:#?}", store.index);
        };
        controllers::run(&mut store, t0);
        check(&store);
        controllers::run(&mut store, t0 + 5_000);
        check(&store);
        let pods = |store: &ClusterStore| store.objects.keys().filter(|k| k.0 == PODS).count();
        assert_eq!(pods(&store), 3);
        assert!(store.index.due_pods(t0 + 5_000).0.is_empty());
        let key = (
            controllers::DEPLOYMENTS.to_string(),
            "default".to_string(),
            "web".to_string(),
        );
        let mut d = store.objects[&key].clone();
        d["spec"]["replicas"] = json!(1);
        store.put(controllers::DEPLOYMENTS, d);
        controllers::run(&mut store, t0 + 6_000);
        check(&store);
        store.delete(&key);
        controllers::run(&mut store, t0 + 7_000);
        check(&store);
        assert!(store.index.orphans().is_empty());
        assert_eq!(pods(&store), 0);
    }

    #[test]
    fn orphans_follow_their_owner() {
        let mut ix = Index::default();
        let rs = key("replicasets.apps", "web");
        let pod = key(PODS, "web-1");
        ix.update(&pod, Some(&owned_by("p1", "r1")));
        assert_eq!(ix.orphans(), [&pod], "owner not there yet");
        ix.update(&rs, Some(&json!({"metadata": {"uid": "r1"}})));
        assert!(ix.orphans().is_empty());
        ix.update(&rs, None);
        assert_eq!(ix.orphans(), [&pod]);
        ix.update(&pod, None);
        assert!(ix.orphans().is_empty());
        assert_eq!(ix.owned("r1").count(), 0);
    }

    #[test]
    fn events_by_object_and_reason() {
        let mut ix = Index::default();
        let ev = |reason: &str| json!({"involvedObject": {"uid": "p1"}, "reason": reason});
        ix.update(&key(EVENTS, "a"), Some(&ev("Pulled")));
        ix.update(&key(EVENTS, "b"), Some(&ev("Started")));
        ix.update(&key(EVENTS, "c"), Some(&ev("Pulled")));
        let pulled: Vec<&Key> = ix.events("p1", "Pulled").collect();
        assert_eq!(pulled, [&key(EVENTS, "a"), &key(EVENTS, "c")]);
        ix.update(&key(EVENTS, "a"), None);
        assert_eq!(ix.events("p1", "Pulled").count(), 1);
        assert_eq!(ix.uids.len(), 0, "events have no uid entry");
    }

    #[test]
    fn pods_with_steps_due() {
        let mut ix = Index::default();
        let pending =
            json!({"metadata": {"uid": "p1"}, "spec": {}, "status": {"phase": "Pending"}});
        ix.update(&key(PODS, "b"), Some(&pending));
        let creating = json!({"metadata": {"uid": "p2", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"nodeName": "n"}, "status": {"containerStatuses": [{"state": {"waiting": {"reason": "ContainerCreating"}}}]}});
        ix.update(&key(PODS, "a"), Some(&creating));
        let t0 = 1_767_225_600_000;
        let (due, next) = ix.due_pods(t0);
        assert_eq!(
            (due, next),
            (vec![&key(PODS, "b")], Some(t0 + pods::START_MS))
        );
        let (due, _) = ix.due_pods(t0 + pods::START_MS);
        assert_eq!(due, [&key(PODS, "a"), &key(PODS, "b")]);
        let running = json!({"metadata": {"uid": "p1"}, "spec": {"nodeName": "n"},
            "status": {"phase": "Running", "containerStatuses": [{"state": {"running": {}}}]}});
        ix.update(&key(PODS, "b"), Some(&running));
        assert_eq!(ix.due_pods(t0), (vec![], Some(t0 + pods::START_MS)));
    }
}
