//! `?watch=1` on collections: newline-delimited watch events, streamed
//! with chunked encoding, as kube-apiserver sends them.
//!
//! The stream is a `futures::stream::unfold` over the cluster's change
//! feed, not a spawned task: when the client goes away hyper drops the
//! body and with it the whole watch. It also ends at `timeoutSeconds`
//! (capped, so an idle watch never lives forever), and after an ERROR.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use tokio::time::Instant;

use super::feed::{Change, Op};
use super::resources::Resource;
use super::select::{FieldSelector, LabelSelector};
use super::status::{self, status};
use super::{table, wants_table};
use crate::Sandbox;

/// Longest a watch stays open (the apiserver picks 30–60 minutes).
const MAX_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// Bookmarks, when asked for, come this often (the apiserver: ~1 min).
const BOOKMARK_EVERY: Duration = Duration::from_secs(60);

pub fn is_watch(q: &HashMap<String, String>) -> bool {
    q.get("watch")
        .is_some_and(|w| w == "1" || w.eq_ignore_ascii_case("true"))
}

/// What a watch shows and how.
struct Filter {
    resource: &'static Resource,
    key: String,
    ns: Option<String>,
    labels: Option<LabelSelector>,
    fields: Option<FieldSelector>,
    /// `Some(includeObject)` for Table watches.
    table: Option<String>,
}

impl Filter {
    fn matches(&self, o: &Value) -> bool {
        self.labels
            .as_ref()
            .is_none_or(|l| l.matches(&o["metadata"]["labels"]))
            && self.fields.as_ref().is_none_or(|f| f.matches(o))
    }

    /// The event a change is for this watch, if any: an object that
    /// starts or stops matching the selectors is ADDED or DELETED.
    fn event<'a>(&self, c: &'a Change) -> Option<(&'static str, &'a Value)> {
        if c.resource != self.key || self.ns.as_ref().is_some_and(|n| *n != c.namespace) {
            return None;
        }
        let now = self.matches(&c.object);
        match c.op {
            Op::Added | Op::Deleted => now.then_some((c.op.as_str(), &c.object)),
            Op::Modified => {
                let before = c.prev.as_ref().is_none_or(|p| self.matches(p));
                match (before, now) {
                    (true, true) => Some(("MODIFIED", &c.object)),
                    (false, true) => Some(("ADDED", &c.object)),
                    (true, false) => Some(("DELETED", &c.object)),
                    (false, false) => None,
                }
            }
        }
    }
}

struct Stream {
    sb: Sandbox,
    cluster: String,
    filter: Filter,
    rx: tokio::sync::watch::Receiver<u64>,
    /// Last resourceVersion delivered.
    rv: u64,
    queue: VecDeque<Bytes>,
    deadline: Instant,
    bookmarks: bool,
    next_bookmark: Instant,
    /// The first Table event carries the column definitions.
    columns_sent: bool,
    done: bool,
}

impl Stream {
    fn push(&mut self, typ: &str, obj: &Value) {
        let object = match &self.filter.table {
            Some(include) if typ != "ERROR" => {
                let now = self.sb.clock.now_ms();
                let r = self.filter.resource;
                let rows = if typ == "BOOKMARK" {
                    json!([])
                } else {
                    Value::Array(vec![table::row(r, obj, include, now)])
                };
                let cols = if self.columns_sent {
                    Value::Null
                } else {
                    json!(table::columns(r))
                };
                self.columns_sent = true;
                let mut meta = json!({"resourceVersion": obj["metadata"]["resourceVersion"]});
                if typ == "BOOKMARK" && obj["metadata"]["annotations"].is_object() {
                    meta["annotations"] = obj["metadata"]["annotations"].clone();
                }
                json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": meta, "columnDefinitions": cols, "rows": rows})
            }
            _ => obj.clone(),
        };
        let mut line = json!({"type": typ, "object": object}).to_string();
        line.push('\n');
        self.queue.push_back(Bytes::from(line));
    }

    fn bookmark(&mut self, initial_end: bool) {
        let r = self.filter.resource;
        let mut meta = json!({"resourceVersion": self.rv.to_string()});
        if initial_end {
            meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
        }
        let obj = json!({"kind": r.kind, "apiVersion": r.group_version(), "metadata": meta});
        self.push("BOOKMARK", &obj);
    }

    fn expired(&mut self, asked: u64, oldest: u64) {
        let s = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": format!("too old resource version: {asked} ({oldest})"), "reason": "Expired", "code": 410});
        self.push("ERROR", &s);
        self.done = true;
    }

    /// Queues the events after `self.rv`.
    fn collect(&mut self) {
        let changes = {
            let stores = self.sb.kube.lock();
            let Some(store) = stores.get(&self.cluster) else {
                self.done = true;
                return;
            };
            store.feed.since(self.rv)
        };
        match changes {
            Err(e) => self.expired(e.asked, e.oldest),
            Ok(changes) => {
                for c in changes {
                    match self.filter.event(&c) {
                        // Plain watches share the change's encoding.
                        Some((typ, _)) if self.filter.table.is_none() => {
                            let line =
                                format!("{{\"type\":\"{typ}\",\"object\":{}}}\n", c.object_json());
                            self.queue.push_back(Bytes::from(line));
                        }
                        Some((typ, obj)) => self.push(typ, obj),
                        None => {}
                    }
                    self.rv = c.rv;
                }
            }
        }
    }

    async fn next(mut self) -> Option<(Result<Bytes, std::io::Error>, Self)> {
        loop {
            if let Some(b) = self.queue.pop_front() {
                return Some((Ok(b), self));
            }
            if self.done {
                return None;
            }
            let wake = if self.bookmarks {
                self.deadline.min(self.next_bookmark)
            } else {
                self.deadline
            };
            tokio::select! {
                changed = self.rx.changed() => match changed {
                    Ok(()) => self.collect(),
                    Err(_) => self.done = true,
                },
                _ = tokio::time::sleep_until(wake) => {
                    if Instant::now() >= self.deadline {
                        self.done = true;
                    } else {
                        self.bookmark(false);
                        self.next_bookmark = Instant::now() + BOOKMARK_EVERY;
                    }
                }
            }
        }
    }
}

/// How long a watch lasts. kube-apiserver does not validate
/// `timeoutSeconds`: 0 or none means its own limit, and a negative value
/// arms a timer that has already fired, so the watch ends at once (after
/// the initial events here) instead of staying open.
fn watch_timeout(asked: Option<&str>) -> Duration {
    match asked.and_then(|t| t.parse::<i64>().ok()) {
        Some(n) if n < 0 => Duration::ZERO,
        None | Some(0) => MAX_TIMEOUT,
        Some(n) => Duration::from_secs(n.unsigned_abs()).min(MAX_TIMEOUT),
    }
}

/// Answers a watch request on a collection.
pub fn watch(
    sb: &Sandbox,
    cluster: &str,
    r: &'static Resource,
    ns: Option<&str>,
    q: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Response {
    let labels = match q
        .get("labelSelector")
        .map(|s| LabelSelector::parse(s))
        .transpose()
    {
        Ok(l) => l,
        Err(e) => return status(StatusCode::BAD_REQUEST, "BadRequest", &e, None),
    };
    let filter = Filter {
        resource: r,
        key: r.qualified(),
        ns: ns.map(str::to_string),
        labels,
        fields: q.get("fieldSelector").map(|s| FieldSelector::parse(s)),
        table: wants_table(headers).then(|| {
            q.get("includeObject")
                .cloned()
                .unwrap_or_else(|| "Metadata".into())
        }),
    };
    let asked = q.get("resourceVersion").map(String::as_str).unwrap_or("");
    let asked_rv = match asked {
        "" | "0" => None,
        s => match s.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                return status(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    &format!(
                        "resourceVersion: Invalid value: \"{s}\": must be a non-negative integer"
                    ),
                    None,
                )
            }
        },
    };
    let initial = q.get("sendInitialEvents").is_some_and(|v| v == "true") || asked_rv.is_none();
    let timeout = watch_timeout(q.get("timeoutSeconds").map(String::as_str));
    let bookmarks = q.get("allowWatchBookmarks").is_some_and(|v| v == "true");
    let start = Instant::now();
    let (rx, current, initial_objects) = {
        let stores = sb.kube.lock();
        let Some(store) = stores.get(cluster) else {
            return status::no_route();
        };
        let objs: Vec<Value> = if initial {
            store
                .objects
                .iter()
                .filter(|((res, ons, _), _)| {
                    *res == filter.key && filter.ns.as_ref().is_none_or(|n| n == ons)
                })
                .map(|(_, o)| o)
                .filter(|o| filter.matches(o))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let mut rx = store.feed.subscribe();
        rx.borrow_and_update();
        (rx, store.resource_version, objs)
    };
    let mut st = Stream {
        sb: sb.clone(),
        cluster: cluster.to_string(),
        filter,
        rx,
        rv: asked_rv.unwrap_or(current),
        queue: VecDeque::new(),
        deadline: start + timeout,
        bookmarks,
        next_bookmark: start + BOOKMARK_EVERY,
        columns_sent: false,
        done: false,
    };
    if initial {
        for o in &initial_objects {
            st.push("ADDED", o);
        }
        if bookmarks && q.get("sendInitialEvents").is_some_and(|v| v == "true") {
            st.bookmark(true);
        }
    } else {
        // Resuming: whatever happened since the asked version first.
        st.collect();
    }
    let body = Body::from_stream(futures::stream::unfold(st, Stream::next));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache, private"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_timeouts() {
        let cases = [
            (None, MAX_TIMEOUT),
            (Some("0"), MAX_TIMEOUT),
            (Some("5"), Duration::from_secs(5)),
            (Some("-5"), Duration::ZERO),
            (Some("99999999"), MAX_TIMEOUT),
            (Some("x"), MAX_TIMEOUT),
        ];
        for (asked, want) in cases {
            assert_eq!(watch_timeout(asked), want, "{asked:?}");
        }
    }

    fn filter(labels: &str) -> Filter {
        Filter {
            resource: super::super::resources::find("", "pods").unwrap_or_else(|| panic!("pods")),
            key: "pods".into(),
            ns: Some("default".into()),
            labels: LabelSelector::parse(labels).ok(),
            fields: None,
            table: None,
        }
    }

    fn change(op: Op, ns: &str, app: &str, prev_app: Option<&str>) -> Change {
        let o = |a: &str| json!({"metadata": {"name": "p", "namespace": ns, "labels": {"app": a}}});
        Change {
            rv: 1,
            op,
            resource: "pods".into(),
            namespace: ns.into(),
            object: o(app),
            prev: prev_app.map(o),
            encoded: Default::default(),
        }
    }

    #[test]
    fn selector_transitions() {
        let f = filter("app=web");
        let cases = [
            (change(Op::Added, "default", "web", None), Some("ADDED")),
            (change(Op::Added, "default", "api", None), None),
            (change(Op::Added, "other", "web", None), None),
            (
                change(Op::Modified, "default", "web", Some("web")),
                Some("MODIFIED"),
            ),
            (
                change(Op::Modified, "default", "web", Some("api")),
                Some("ADDED"),
            ),
            (
                change(Op::Modified, "default", "api", Some("web")),
                Some("DELETED"),
            ),
            (change(Op::Modified, "default", "api", Some("api")), None),
            (change(Op::Deleted, "default", "web", None), Some("DELETED")),
        ];
        for (i, (c, want)) in cases.iter().enumerate() {
            assert_eq!(f.event(c).map(|e| e.0), *want, "case {i}");
        }
    }
}
