//! The change feed of one cluster: every write goes through
//! [`ClusterStore::put`] or [`ClusterStore::delete`], which give the object
//! a new resourceVersion and append the change to a bounded history ring.
//! Watches read the ring from the resourceVersion they start at and sleep
//! on a `tokio::sync::watch` channel that carries the newest
//! resourceVersion, so a write wakes them without polling. A watcher that
//! falls further behind than the ring holds gets 410 Gone, as a real
//! apiserver does after compaction.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::{json, Value};

use super::ClusterStore;

/// How many changes a cluster remembers for watch resumption and for
/// continue tokens.
pub const HISTORY: usize = 4096;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Added,
    Modified,
    Deleted,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Added => "ADDED",
            Op::Modified => "MODIFIED",
            Op::Deleted => "DELETED",
        }
    }
}

/// One write: the object after it (for a delete, the last state with the
/// delete's resourceVersion) and, for a modification, the one before, so
/// selector watches can turn "stopped matching" into DELETED.
pub struct Change {
    pub rv: u64,
    pub op: Op,
    /// Qualified resource (`pods`, `deployments.apps`).
    pub resource: String,
    pub namespace: String,
    pub object: Value,
    pub prev: Option<Value>,
    /// `object` as JSON, encoded by the first watcher that needs it and
    /// shared by the rest (a pod change fans out to every pod watch).
    pub encoded: std::sync::OnceLock<String>,
}

impl Change {
    pub fn object_json(&self) -> &str {
        self.encoded.get_or_init(|| self.object.to_string())
    }
}

pub struct Feed {
    history: VecDeque<Arc<Change>>,
    /// Every change with a resourceVersion above this is in `history`.
    floor: u64,
    tx: tokio::sync::watch::Sender<u64>,
}

impl Default for Feed {
    fn default() -> Self {
        Self {
            history: VecDeque::new(),
            floor: 0,
            tx: tokio::sync::watch::channel(0).0,
        }
    }
}

/// The resourceVersion asked for is older than the history kept.
#[derive(Debug, PartialEq, Eq)]
pub struct Expired {
    pub asked: u64,
    pub oldest: u64,
}

impl Feed {
    /// A receiver woken on every write after this call.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.tx.subscribe()
    }

    /// History starts here (after seeding, which is not recorded).
    pub fn start_at(&mut self, rv: u64) {
        self.floor = rv;
        self.tx.send_replace(rv);
    }

    /// Oldest resourceVersion a watch or continue token may start from.
    pub fn oldest(&self) -> u64 {
        self.floor
    }

    fn record(&mut self, change: Change) {
        let rv = change.rv;
        if self.history.len() >= HISTORY {
            if let Some(old) = self.history.pop_front() {
                self.floor = old.rv;
            }
        }
        self.history.push_back(Arc::new(change));
        self.tx.send_replace(rv);
    }

    /// The changes after `rv`, oldest first.
    pub fn since(&self, rv: u64) -> Result<Vec<Arc<Change>>, Expired> {
        if rv < self.floor {
            return Err(Expired {
                asked: rv,
                oldest: self.floor,
            });
        }
        let start = self.history.partition_point(|c| c.rv <= rv);
        Ok(self.history.iter().skip(start).cloned().collect())
    }
}

pub type Key = (String, String, String);

impl ClusterStore {
    /// Stores `obj` under `resource` with the next resourceVersion and
    /// records ADDED or MODIFIED. Returns the stored object.
    pub fn put(&mut self, resource: &str, mut obj: Value) -> Value {
        let ns = obj["metadata"]["namespace"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
        self.resource_version += 1;
        let rv = self.resource_version;
        obj["metadata"]["resourceVersion"] = json!(rv.to_string());
        let key = (resource.to_string(), ns.clone(), name);
        self.index.update(&key, Some(&obj));
        let prev = self.objects.insert(key, obj.clone());
        let op = if prev.is_some() {
            Op::Modified
        } else {
            Op::Added
        };
        self.feed.record(Change {
            rv,
            op,
            resource: resource.to_string(),
            namespace: ns,
            object: obj.clone(),
            prev,
            encoded: Default::default(),
        });
        obj
    }

    /// Removes an object and records DELETED; the object returned carries
    /// the delete's resourceVersion, as the apiserver's DELETED event does.
    pub fn delete(&mut self, key: &Key) -> Option<Value> {
        let mut obj = self.objects.remove(key)?;
        self.index.update(key, None);
        self.resource_version += 1;
        let rv = self.resource_version;
        obj["metadata"]["resourceVersion"] = json!(rv.to_string());
        self.feed.record(Change {
            rv,
            op: Op::Deleted,
            resource: key.0.clone(),
            namespace: key.1.clone(),
            object: obj.clone(),
            prev: None,
            encoded: Default::default(),
        });
        Some(obj)
    }

    /// Deletes a namespace's objects, then the namespace (what the
    /// namespace controller does once the namespace is Terminating).
    pub fn delete_namespace(&mut self, name: &str) -> Option<Value> {
        let inside: Vec<Key> = self
            .objects
            .keys()
            .filter(|(_, ns, _)| ns == name)
            .cloned()
            .collect();
        for k in &inside {
            self.delete(k);
        }
        self.delete(&("namespaces".into(), String::new(), name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str) -> Value {
        json!({"metadata": {"name": name, "namespace": "default"}})
    }

    #[test]
    fn put_and_delete_are_recorded_in_order() {
        let mut s = ClusterStore::default();
        s.put("pods", pod("a"));
        s.put("pods", pod("a"));
        s.delete(&("pods".into(), "default".into(), "a".into()));
        let ops: Vec<(u64, Op)> = s
            .feed
            .since(0)
            .unwrap()
            .iter()
            .map(|c| (c.rv, c.op))
            .collect();
        assert_eq!(ops, [(1, Op::Added), (2, Op::Modified), (3, Op::Deleted)]);
        assert_eq!(s.feed.since(2).unwrap().len(), 1);
        assert_eq!(s.feed.since(3).unwrap().len(), 0);
    }

    #[test]
    fn a_full_ring_expires_old_versions() {
        let mut s = ClusterStore::default();
        for _ in 0..HISTORY + 5 {
            s.put("pods", pod("a"));
        }
        assert_eq!(s.feed.oldest(), 5);
        assert_eq!(
            s.feed.since(4).err(),
            Some(Expired {
                asked: 4,
                oldest: 5
            })
        );
        assert_eq!(s.feed.since(5).unwrap().len(), HISTORY);
    }
}
