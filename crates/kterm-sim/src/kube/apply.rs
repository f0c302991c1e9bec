//! Field ownership (`metadata.managedFields`) and server-side apply.
//!
//! A field is named by its path from the root, with keyed list elements
//! named by their merge key (`.spec.template.spec.containers[name="web"].image`),
//! which is also how conflicts are reported. Writes that are not applies
//! (create, update, patch) take the fields they change from every other
//! manager; an apply owns exactly the fields of its configuration, removes
//! the ones it owned before and no longer sets (unless someone else owns
//! them), and conflicts with other managers that own a field it sets to a
//! different value, unless forced.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::patch::{merge_key, strategic, strip_directives};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    Field(String),
    /// A list element: merge key name and the key's value (JSON text).
    Key(String, String),
}

pub type FieldPath = Vec<Seg>;

pub fn render(p: &FieldPath) -> String {
    p.iter()
        .map(|s| match s {
            Seg::Field(f) => format!(".{f}"),
            Seg::Key(k, v) => format!("[{k}={v}]"),
        })
        .collect()
}

/// Fields the server owns and no manager records.
fn skipped(path: &[String], k: &str) -> bool {
    match path {
        [] => matches!(k, "apiVersion" | "kind" | "status"),
        [m] if m == "metadata" => matches!(
            k,
            "name"
                | "namespace"
                | "uid"
                | "resourceVersion"
                | "generation"
                | "creationTimestamp"
                | "managedFields"
                | "selfLink"
        ),
        _ => false,
    }
}

/// Every field `v` sets: leaves, plus each keyed list element itself.
pub fn fields(v: &Value) -> BTreeSet<FieldPath> {
    let mut out = BTreeSet::new();
    walk(v, &mut Vec::new(), &mut Vec::new(), &mut out);
    out
}

fn walk(v: &Value, names: &mut Vec<String>, at: &mut FieldPath, out: &mut BTreeSet<FieldPath>) {
    let Some(m) = v.as_object() else { return };
    for (k, child) in m {
        if skipped(names, k) || k.starts_with('$') {
            continue;
        }
        at.push(Seg::Field(k.clone()));
        match child {
            // A null in a configuration sets nothing.
            Value::Null => {}
            Value::Object(o) if !o.is_empty() => {
                names.push(k.clone());
                walk(child, names, at, out);
                names.pop();
            }
            Value::Array(items) if merge_key(names, k).is_some() => {
                let key = merge_key(names, k).unwrap_or("name");
                names.push(k.clone());
                for item in items {
                    let Some(id) = item.get(key) else { continue };
                    at.push(Seg::Key(key.to_string(), id.to_string()));
                    out.insert(at.clone());
                    walk(item, names, at, out);
                    at.pop();
                }
                names.pop();
            }
            _ => {
                out.insert(at.clone());
            }
        }
        at.pop();
    }
}

/// True when list element `e` has merge key `k` equal to `id` (JSON text).
fn has_key(e: &Value, k: &str, id: &str) -> bool {
    let want: Value = serde_json::from_str(id).unwrap_or(Value::Null);
    e.get(k) == Some(&want)
}

fn is_element(p: &FieldPath) -> bool {
    matches!(p.last(), Some(Seg::Key(..)))
}

pub fn get<'a>(v: &'a Value, p: &FieldPath) -> Option<&'a Value> {
    let mut cur = v;
    for s in p {
        cur = match s {
            Seg::Field(f) => cur.get(f)?,
            Seg::Key(k, id) => cur.as_array()?.iter().find(|e| has_key(e, k, id))?,
        };
    }
    Some(cur)
}

fn remove(v: &mut Value, p: &FieldPath) {
    let Some((last, parent)) = p.split_last() else {
        return;
    };
    let mut cur = v;
    for s in parent {
        let next = match s {
            Seg::Field(f) => cur.get_mut(f),
            Seg::Key(k, id) => cur
                .as_array_mut()
                .and_then(|a| a.iter_mut().find(|e| has_key(e, k, id))),
        };
        let Some(n) = next else { return };
        cur = n;
    }
    match last {
        Seg::Field(f) => {
            cur.as_object_mut().map(|o| o.remove(f));
        }
        Seg::Key(k, id) => {
            if let Some(a) = cur.as_array_mut() {
                a.retain(|e| !has_key(e, k, id));
            }
        }
    }
}

/// One `managedFields` entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub manager: String,
    pub operation: String,
    pub api_version: String,
    pub subresource: String,
    pub time: String,
    pub set: BTreeSet<FieldPath>,
}

impl Entry {
    /// How conflicts name the manager (apimachinery's printManager).
    fn describe(&self) -> String {
        let sub = if self.subresource.is_empty() {
            String::new()
        } else {
            format!(" with subresource \"{}\"", self.subresource)
        };
        if self.operation == "Update" {
            format!("\"{}\"{sub} using {}", self.manager, self.api_version)
        } else {
            format!("\"{}\"{sub}", self.manager)
        }
    }
}

fn to_fields_v1(set: &BTreeSet<FieldPath>) -> Value {
    let mut root = json!({});
    for p in set {
        let mut node = &mut root;
        for s in p {
            let key = match s {
                Seg::Field(f) => format!("f:{f}"),
                Seg::Key(k, v) => format!("k:{{\"{k}\":{v}}}"),
            };
            // Every node is an object: `node[key]` inserts `{}` when missing.
            if node[&key].is_null() {
                node[&key] = json!({});
            }
            node = &mut node[&key];
        }
        if is_element(p) {
            node["."] = json!({});
        }
    }
    root
}

fn from_fields_v1(v: &Value, at: &mut FieldPath, out: &mut BTreeSet<FieldPath>) {
    let Some(m) = v.as_object() else { return };
    for (k, child) in m {
        if k == "." {
            out.insert(at.clone());
            continue;
        }
        let seg = if let Some(f) = k.strip_prefix("f:") {
            Seg::Field(f.to_string())
        } else if let Some(j) = k.strip_prefix("k:") {
            let key: Map<String, Value> = serde_json::from_str(j).unwrap_or_default();
            let Some((kk, kv)) = key.into_iter().next() else {
                continue;
            };
            Seg::Key(kk, kv.to_string())
        } else {
            continue;
        };
        at.push(seg);
        if child.as_object().is_none_or(Map::is_empty) {
            out.insert(at.clone());
        } else {
            from_fields_v1(child, at, out);
        }
        at.pop();
    }
}

pub fn entries(obj: &Value) -> Vec<Entry> {
    obj["metadata"]["managedFields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    let mut set = BTreeSet::new();
                    from_fields_v1(&e["fieldsV1"], &mut Vec::new(), &mut set);
                    Entry {
                        manager: e["manager"].as_str().unwrap_or("").into(),
                        operation: e["operation"].as_str().unwrap_or("Update").into(),
                        api_version: e["apiVersion"].as_str().unwrap_or("v1").into(),
                        subresource: e["subresource"].as_str().unwrap_or("").into(),
                        time: e["time"].as_str().unwrap_or("").into(),
                        set,
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

fn store_entries(obj: &mut Value, list: Vec<Entry>) {
    let out: Vec<Value> = list
        .into_iter()
        .filter(|e| !e.set.is_empty())
        .map(|e| {
            let mut v = json!({"manager": e.manager, "operation": e.operation, "apiVersion": e.api_version, "time": e.time, "fieldsType": "FieldsV1", "fieldsV1": to_fields_v1(&e.set)});
            if !e.subresource.is_empty() {
                v["subresource"] = json!(e.subresource);
            }
            v
        })
        .collect();
    if let Some(meta) = obj["metadata"].as_object_mut() {
        // No managers left: the field goes, as kube-apiserver omits it.
        if out.is_empty() {
            meta.remove("managedFields");
        } else {
            meta.insert("managedFields".into(), json!(out));
        }
    }
}

/// Who is writing, and how.
pub struct Writer<'a> {
    pub manager: &'a str,
    pub api_version: &'a str,
    pub subresource: &'a str,
    pub time: String,
}

/// Records an ordinary write (create, update, patch) of `new` over `old`
/// in `new`'s managedFields.
pub fn record_update(old: Option<&Value>, new: &mut Value, w: &Writer<'_>) {
    let mut list = old.map(entries).unwrap_or_default();
    let now = fields(new);
    let before = old.map(fields).unwrap_or_default();
    let changed: BTreeSet<FieldPath> = now
        .iter()
        .filter(|p| old.and_then(|o| get(o, p)) != get(new, p))
        .cloned()
        .collect();
    let gone: BTreeSet<FieldPath> = before.difference(&now).cloned().collect();
    if changed.is_empty() && gone.is_empty() {
        store_entries(new, list);
        return;
    }
    for e in &mut list {
        e.set.retain(|p| !gone.contains(p));
        if !(e.manager == w.manager && e.operation == "Update" && e.subresource == w.subresource) {
            e.set.retain(|p| is_element(p) || !changed.contains(p));
        }
    }
    match list.iter_mut().find(|e| {
        e.manager == w.manager && e.operation == "Update" && e.subresource == w.subresource
    }) {
        Some(e) => {
            e.set.extend(changed);
            e.time = w.time.clone();
        }
        None => list.push(Entry {
            manager: w.manager.into(),
            operation: "Update".into(),
            api_version: w.api_version.into(),
            subresource: w.subresource.into(),
            time: w.time.clone(),
            set: changed,
        }),
    }
    store_entries(new, list);
}

/// A refused apply: the Status message and its causes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub message: String,
    pub causes: Vec<Value>,
}

/// Server-side apply of `config` by `w` onto `current` (None: the object
/// does not exist yet).
pub fn apply(
    current: Option<&Value>,
    config: &Value,
    w: &Writer<'_>,
    force: bool,
) -> Result<Value, Conflict> {
    let config = strip_directives(config);
    let base = current.cloned().unwrap_or_else(|| json!({}));
    let mut list = entries(&base);
    let mine = |e: &Entry| e.manager == w.manager && e.operation == "Apply";
    let wanted = fields(&config);
    let mut conflicts: Vec<(String, FieldPath)> = Vec::new();
    for e in list.iter().filter(|e| !mine(e)) {
        for p in wanted
            .iter()
            .filter(|p| !is_element(p) && e.set.contains(*p))
        {
            if get(&base, p) != get(&config, p) {
                conflicts.push((e.describe(), p.clone()));
            }
        }
    }
    if !conflicts.is_empty() && !force {
        conflicts.sort();
        return Err(conflict(&conflicts));
    }
    if force {
        for e in list.iter_mut().filter(|e| !mine(e)) {
            e.set.retain(|p| is_element(p) || !wanted.contains(p));
        }
    }
    let previous: BTreeSet<FieldPath> = list
        .iter()
        .filter(|e| mine(e))
        .flat_map(|e| e.set.iter().cloned())
        .collect();
    let mut next = base.clone();
    // Deepest first, so an element goes after its fields.
    let dropped: Vec<&FieldPath> = previous.difference(&wanted).collect();
    for p in dropped.into_iter().rev() {
        let owned_elsewhere = list
            .iter()
            .filter(|e| !mine(e))
            .any(|e| e.set.iter().any(|q| q.starts_with(p)));
        if !owned_elsewhere {
            remove(&mut next, p);
        }
    }
    let mut cfg = config.clone();
    if let Some(m) = cfg.as_object_mut() {
        m.remove("status");
    }
    // An apply merges like a strategic patch without directives.
    let _ = strategic(&mut next, &cfg, &mut Vec::new());
    list.retain(|e| !mine(e));
    list.push(Entry {
        manager: w.manager.into(),
        operation: "Apply".into(),
        api_version: w.api_version.into(),
        subresource: String::new(),
        time: w.time.clone(),
        set: wanted,
    });
    store_entries(&mut next, list);
    Ok(next)
}

fn conflict(c: &[(String, FieldPath)]) -> Conflict {
    let causes = c
        .iter()
        .map(|(m, p)| json!({"reason": "FieldManagerConflict", "message": format!("conflict with {m}"), "field": render(p)}))
        .collect();
    let message = if let [(m, p)] = c {
        format!(
            "Apply failed with 1 conflict: conflict with {m}: {}",
            render(p)
        )
    } else {
        let mut lines = Vec::new();
        let mut last = "";
        for (m, p) in c {
            if m != last {
                lines.push(format!("conflicts with {m}:"));
                last = m;
            }
            lines.push(format!("- {}", render(p)));
        }
        format!(
            "Apply failed with {} conflicts: {}",
            c.len(),
            lines.join("\n")
        )
    };
    Conflict { message, causes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(m: &str) -> Writer<'_> {
        Writer {
            manager: m,
            api_version: "apps/v1",
            subresource: "",
            time: "2026-01-01T00:00:00Z".into(),
        }
    }

    fn dep(replicas: i64, image: &str) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"replicas": replicas, "template": {"spec": {"containers": [{"name": "web", "image": image}]}}}})
    }

    #[test]
    fn fields_round_trip_through_fields_v1() {
        let f = fields(&dep(1, "nginx"));
        let names: Vec<String> = f.iter().map(render).collect();
        assert_eq!(
            names,
            [
                ".metadata.labels.app",
                ".spec.replicas",
                ".spec.template.spec.containers[name=\"web\"]",
                ".spec.template.spec.containers[name=\"web\"].image",
                ".spec.template.spec.containers[name=\"web\"].name",
            ]
        );
        let v1 = to_fields_v1(&f);
        assert_eq!(
            v1["f:spec"]["f:template"]["f:spec"]["f:containers"]["k:{\"name\":\"web\"}"]["."],
            json!({})
        );
        let mut back = BTreeSet::new();
        from_fields_v1(&v1, &mut Vec::new(), &mut back);
        assert_eq!(back, f);
    }

    #[test]
    fn apply_owns_conflicts_and_prunes() {
        let mut created = dep(2, "nginx:1");
        record_update(None, &mut created, &w("kubectl-client-side-apply"));
        // Same values: co-owned, no conflict.
        let same = apply(Some(&created), &dep(2, "nginx:1"), &w("kubectl"), false).unwrap();
        assert_eq!(entries(&same).len(), 2);
        let err = apply(Some(&created), &dep(3, "nginx:1"), &w("kubectl"), false).unwrap_err();
        assert_eq!(
            err.message,
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas"
        );
        let err = apply(Some(&created), &dep(3, "nginx:2"), &w("kubectl"), false).unwrap_err();
        assert_eq!(
            err.message,
            "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name=\"web\"].image"
        );
        let forced = apply(Some(&created), &dep(3, "nginx:2"), &w("kubectl"), true).unwrap();
        assert_eq!(forced["spec"]["replicas"], 3);
        // A field dropped from the applier's configuration goes, when only it owned it.
        let fresh = apply(None, &dep(1, "a"), &w("mgr"), false).unwrap();
        let mut smaller = dep(1, "a");
        smaller["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("labels");
        let pruned = apply(Some(&fresh), &smaller, &w("mgr"), false).unwrap();
        assert_eq!(pruned["metadata"]["labels"].get("app"), None);
        assert_eq!(pruned["spec"]["replicas"], 1);
    }

    #[test]
    fn an_update_takes_fields_from_the_applier() {
        let applied = apply(None, &dep(1, "a"), &w("mgr"), false).unwrap();
        let mut scaled = applied.clone();
        scaled["spec"]["replicas"] = json!(5);
        record_update(
            Some(&applied),
            &mut scaled,
            &Writer {
                subresource: "scale",
                ..w("kubectl")
            },
        );
        let err = apply(Some(&scaled), &dep(1, "a"), &w("mgr"), false).unwrap_err();
        assert_eq!(
            err.message,
            "Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas"
        );
    }
}
