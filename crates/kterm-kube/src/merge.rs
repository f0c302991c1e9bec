//! The three-way strategic merge patch `kubectl apply` sends (as
//! apimachinery's `CreateThreeWayMergePatch` computes it): additions and
//! changes from the live object to the new configuration, plus deletions
//! of what the last applied configuration set and the new one no longer
//! does. Fields set by others (absent from both configurations) are left
//! alone. Lists of the common kinds merge by key, as the server merges them.

use serde_json::{Map, Value};

/// The key that identifies list elements, from the Go types'
/// `patchMergeKey` tags. `path` is the field names down to the list's parent.
pub fn merge_key(path: &[String], field: &str) -> Option<&'static str> {
    let in_container = path.iter().any(|p| {
        matches!(
            p.as_str(),
            "containers" | "initContainers" | "ephemeralContainers"
        )
    });
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "ports" if in_container => Some("containerPort"),
        "ports" => Some("port"),
        "conditions" => Some("type"),
        "ownerReferences" => Some("uid"),
        "hostAliases" => Some("ip"),
        "topologySpreadConstraints" => Some("topologyKey"),
        _ => None,
    }
}

/// The patch; `{}` when there is nothing to change.
pub fn three_way(original: Option<&Value>, modified: &Value, current: &Value) -> Value {
    let mut path = Vec::new();
    let adds = additions(current, modified, &mut path);
    let dels = match original {
        Some(o) => deletions(o, modified, &mut path),
        None => Map::new(),
    };
    Value::Object(combine(dels, adds, &mut path))
}

fn find<'a>(list: &'a [Value], key: &str, id: &Value) -> Option<&'a Value> {
    list.iter().find(|e| e.get(key) == Some(id))
}

fn additions(current: &Value, modified: &Value, path: &mut Vec<String>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(m) = modified.as_object() else {
        return out;
    };
    for (k, mv) in m {
        let cv = current.get(k);
        if cv == Some(mv) {
            continue;
        }
        match (cv, mv) {
            (Some(c @ Value::Object(_)), Value::Object(_)) => {
                path.push(k.clone());
                let sub = additions(c, mv, path);
                path.pop();
                if !sub.is_empty() {
                    out.insert(k.clone(), Value::Object(sub));
                }
            }
            (Some(Value::Array(c)), Value::Array(items)) if merge_key(path, k).is_some() => {
                let key = merge_key(path, k).unwrap_or("name");
                path.push(k.clone());
                let mut changed = Vec::new();
                for e in items {
                    let Some(id) = e.get(key) else {
                        changed.push(e.clone());
                        continue;
                    };
                    match find(c, key, id) {
                        Some(ce) if ce == e => {}
                        Some(ce) => {
                            // Equal but for fields the server defaulted:
                            // nothing to send for this element.
                            let sub = additions(ce, e, path);
                            if !sub.is_empty() {
                                let mut d = Map::new();
                                d.insert(key.to_string(), id.clone());
                                d.extend(sub);
                                changed.push(Value::Object(d));
                            }
                        }
                        None => changed.push(e.clone()),
                    }
                }
                path.pop();
                let order: Vec<Value> = items
                    .iter()
                    .filter_map(|e| e.get(key))
                    .map(|id| {
                        let mut o = Map::new();
                        o.insert(key.to_string(), id.clone());
                        Value::Object(o)
                    })
                    .collect();
                let reordered = c.iter().filter_map(|e| e.get(key)).collect::<Vec<_>>()
                    != items.iter().filter_map(|e| e.get(key)).collect::<Vec<_>>();
                if !changed.is_empty() || reordered {
                    out.insert(format!("$setElementOrder/{k}"), Value::Array(order));
                }
                if !changed.is_empty() {
                    out.insert(k.clone(), Value::Array(changed));
                }
            }
            _ => {
                out.insert(k.clone(), mv.clone());
            }
        }
    }
    out
}

fn deletions(original: &Value, modified: &Value, path: &mut Vec<String>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(o) = original.as_object() else {
        return out;
    };
    for (k, ov) in o {
        let Some(mv) = modified.get(k) else {
            out.insert(k.clone(), Value::Null);
            continue;
        };
        match (ov, mv) {
            (Value::Object(_), Value::Object(_)) => {
                path.push(k.clone());
                let sub = deletions(ov, mv, path);
                path.pop();
                if !sub.is_empty() {
                    out.insert(k.clone(), Value::Object(sub));
                }
            }
            (Value::Array(os), Value::Array(ms)) if merge_key(path, k).is_some() => {
                let key = merge_key(path, k).unwrap_or("name");
                path.push(k.clone());
                let mut items = Vec::new();
                for e in os {
                    let Some(id) = e.get(key) else { continue };
                    let mut d = match find(ms, key, id) {
                        Some(me) => deletions(e, me, path),
                        None => {
                            let mut m = Map::new();
                            m.insert("$patch".into(), Value::String("delete".into()));
                            m
                        }
                    };
                    if !d.is_empty() {
                        d.insert(key.to_string(), id.clone());
                        items.push(Value::Object(d));
                    }
                }
                path.pop();
                if !items.is_empty() {
                    out.insert(k.clone(), Value::Array(items));
                }
            }
            _ => {}
        }
    }
    out
}

/// Deletions and additions in one patch; keyed list elements meet by key.
fn combine(
    mut a: Map<String, Value>,
    b: Map<String, Value>,
    path: &mut Vec<String>,
) -> Map<String, Value> {
    for (k, bv) in b {
        let merged = match (a.remove(&k), bv) {
            (Some(Value::Object(x)), Value::Object(y)) => {
                path.push(k.clone());
                let m = combine(x, y, path);
                path.pop();
                Value::Object(m)
            }
            (Some(Value::Array(mut x)), Value::Array(y)) => {
                let key = merge_key(path, &k);
                path.push(k.clone());
                for e in y {
                    let pos = key.and_then(|key| {
                        e.get(key)
                            .and_then(|id| x.iter().position(|xe| xe.get(key) == Some(id)))
                    });
                    match (pos, e) {
                        (Some(i), Value::Object(eo)) => {
                            let xo = match std::mem::take(&mut x[i]) {
                                Value::Object(o) => o,
                                _ => Map::new(),
                            };
                            x[i] = Value::Object(combine(xo, eo, path));
                        }
                        (_, e) => x.push(e),
                    }
                }
                path.pop();
                Value::Array(x)
            }
            (_, bv) => bv,
        };
        a.insert(k, merged);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dep(replicas: i64, containers: Value) -> Value {
        json!({"metadata": {"name": "web"}, "spec": {"replicas": replicas, "template": {"spec": {"containers": containers}}}})
    }

    #[test]
    fn three_way_table() {
        let c1 = json!([{"name": "web", "image": "nginx:1"}]);
        let cases: Vec<(&str, Option<Value>, Value, Value, Value)> = vec![
            (
                "nothing changed",
                Some(dep(2, c1.clone())),
                dep(2, c1.clone()),
                dep(2, c1.clone()),
                json!({}),
            ),
            (
                "a field another writer set is kept",
                Some(dep(2, c1.clone())),
                dep(2, c1.clone()),
                {
                    let mut d = dep(2, c1.clone());
                    d["spec"]["paused"] = json!(true);
                    d
                },
                json!({}),
            ),
            (
                "changed scalar",
                Some(dep(2, c1.clone())),
                dep(3, c1.clone()),
                dep(2, c1.clone()),
                json!({"spec": {"replicas": 3}}),
            ),
            (
                "live drift is put back",
                Some(dep(2, c1.clone())),
                dep(2, c1.clone()),
                dep(5, c1.clone()),
                json!({"spec": {"replicas": 2}}),
            ),
            (
                "field dropped from the configuration is deleted",
                Some(dep(2, c1.clone())),
                json!({"metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": c1.clone()}}}}),
                dep(2, c1.clone()),
                json!({"spec": {"replicas": null}}),
            ),
            (
                "container image by name",
                Some(dep(2, c1.clone())),
                dep(2, json!([{"name": "web", "image": "nginx:2"}])),
                dep(2, c1.clone()),
                json!({"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "web"}], "containers": [{"name": "web", "image": "nginx:2"}]}}}}),
            ),
            (
                "container dropped",
                Some(dep(
                    2,
                    json!([{"name": "web", "image": "a"}, {"name": "side", "image": "b"}]),
                )),
                dep(2, json!([{"name": "web", "image": "a"}])),
                dep(
                    2,
                    json!([{"name": "web", "image": "a"}, {"name": "side", "image": "b"}]),
                ),
                json!({"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "web"}], "containers": [{"$patch": "delete", "name": "side"}]}}}}),
            ),
            (
                "fields the server defaulted in a container are left alone",
                Some(dep(2, c1.clone())),
                dep(2, c1.clone()),
                dep(
                    2,
                    json!([{"name": "web", "image": "nginx:1", "imagePullPolicy": "IfNotPresent"}]),
                ),
                json!({}),
            ),
            (
                "no original: only additions",
                None,
                dep(2, c1.clone()),
                json!({"metadata": {"name": "web", "labels": {"x": "y"}}, "spec": {"replicas": 1}}),
                json!({"spec": {"replicas": 2, "template": {"spec": {"containers": c1.clone()}}}}),
            ),
        ];
        for (name, o, m, c, want) in cases {
            assert_eq!(three_way(o.as_ref(), &m, &c), want, "{name}");
        }
    }
}
