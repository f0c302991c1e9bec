//! `kubectl patch --dry-run=client`: the patch applied here, as kubectl
//! applies it before printing (strategic merge, JSON merge, JSON patch),
//! with kubectl's errors for a patch it cannot apply.

use serde_json::{Map, Value};

use crate::error::KubeError;
use crate::merge::merge_key;

fn err(m: impl Into<String>) -> KubeError {
    KubeError::Client(m.into())
}

/// Go's name for a JSON value's type in its unmarshal errors.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// encoding/json's syntax error for text serde_json refused.
fn go_syntax_error(text: &str, e: &serde_json::Error) -> String {
    if e.is_eof() {
        return "unexpected end of JSON input".into();
    }
    // The character at the error's position (1-based line and column).
    let line = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
    let c = line
        .chars()
        .nth(e.column().saturating_sub(1))
        .unwrap_or(' ');
    let msg = e.to_string();
    let looking = if msg.starts_with("key must be a string") {
        "looking for beginning of object key string"
    } else if msg.starts_with("expected `,` or `}`") {
        "after object key:value pair"
    } else if msg.starts_with("expected `,` or `]`") {
        "after array element"
    } else if msg.starts_with("expected `:`") {
        "after object key"
    } else {
        "looking for beginning of value"
    };
    format!("invalid character '{c}' {looking}")
}

/// Applies a patch of `kind` (`strategic`, `merge`, `json`) to `doc`.
pub fn apply(kind: &str, doc: &Value, body: &[u8]) -> Result<Value, KubeError> {
    let text = String::from_utf8_lossy(body);
    let parsed: Result<Value, _> = serde_json::from_str(&text);
    match kind {
        "json" => {
            let patch = parsed.map_err(|e| err(go_syntax_error(&text, &e)))?;
            json_patch(doc, &patch)
        }
        "merge" => match parsed {
            Ok(Value::Object(p)) => Ok(merge(doc, &p, &mut Vec::new(), false)),
            Ok(Value::Array(_)) => Err(err(
                "json: cannot unmarshal array into Go value of type unstructured.detector",
            )),
            _ => Err(err("Invalid JSON Patch")),
        },
        _ => match parsed {
            Ok(Value::Object(p)) => Ok(merge(doc, &p, &mut Vec::new(), true)),
            Ok(Value::Null) => Ok(doc.clone()),
            _ => Err(err("invalid JSON document")),
        },
    }
}

/// RFC 7386 merge; with `strategic`, lists with a merge key merge by it
/// and `$`-directives are dropped.
fn merge(
    doc: &Value,
    patch: &Map<String, Value>,
    path: &mut Vec<String>,
    strategic: bool,
) -> Value {
    let mut out = doc.as_object().cloned().unwrap_or_default();
    for (k, p) in patch {
        if strategic && k.starts_with('$') {
            continue;
        }
        match p {
            Value::Null => {
                out.remove(k);
            }
            Value::Object(po) => {
                path.push(k.clone());
                let base = out.get(k).cloned().unwrap_or(Value::Null);
                let merged = merge(&base, po, path, strategic);
                path.pop();
                out.insert(k.clone(), merged);
            }
            Value::Array(items) if strategic => {
                let key = merge_key(path, k);
                match (key, out.get(k).and_then(Value::as_array)) {
                    (Some(key), Some(current)) => {
                        let mut list = current.clone();
                        for item in items {
                            let id = &item[key];
                            match list.iter_mut().find(|e| !id.is_null() && e[key] == *id) {
                                Some(e) => {
                                    if let Some(io) = item.as_object() {
                                        path.push(k.clone());
                                        *e = merge(e, io, path, strategic);
                                        path.pop();
                                    }
                                }
                                None => list.push(item.clone()),
                            }
                        }
                        out.insert(k.clone(), Value::Array(list));
                    }
                    _ => {
                        out.insert(k.clone(), p.clone());
                    }
                }
            }
            _ => {
                out.insert(k.clone(), p.clone());
            }
        }
    }
    Value::Object(out)
}

/// A JSON pointer's tokens (`~1` is `/`, `~0` is `~`).
fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The container a pointer's last token is in, and that token.
fn parent<'a>(doc: &'a mut Value, pointer: &str) -> Option<(&'a mut Value, String)> {
    let mut toks = tokens(pointer);
    let last = toks.pop()?;
    let mut at = doc;
    for t in toks {
        at = match at {
            Value::Object(m) => m.get_mut(&t)?,
            Value::Array(a) => a.get_mut(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some((at, last))
}

fn get(doc: &Value, pointer: &str) -> Option<Value> {
    doc.pointer(pointer).cloned()
}

fn add(doc: &mut Value, path: &str, value: Value, op: &str) -> Result<(), KubeError> {
    let missing = || {
        err(format!(
            "{op} operation does not apply: doc is missing path: \"{path}\": missing value"
        ))
    };
    let (container, key) = parent(doc, path).ok_or_else(missing)?;
    match container {
        Value::Object(m) => {
            m.insert(key, value);
            Ok(())
        }
        Value::Array(a) if key == "-" => {
            a.push(value);
            Ok(())
        }
        Value::Array(a) => match key.parse::<usize>() {
            Ok(i) if i <= a.len() => {
                a.insert(i, value);
                Ok(())
            }
            _ => Err(missing()),
        },
        _ => Err(missing()),
    }
}

fn remove(doc: &mut Value, path: &str, op: &str, shown: &str) -> Result<Value, KubeError> {
    let (container, key) = parent(doc, path).ok_or_else(|| {
        err(format!(
            "{op} operation does not apply: doc is missing path: \"{path}\": missing value"
        ))
    })?;
    let gone = |key: &str| {
        err(format!(
            "error in {op} for path: '{shown}': Unable to remove nonexistent key: {key}: missing value"
        ))
    };
    match container {
        Value::Object(m) => m.remove(&key).ok_or_else(|| gone(&key)),
        Value::Array(a) => match key.parse::<usize>() {
            Ok(i) if i < a.len() => Ok(a.remove(i)),
            _ => Err(err(format!(
                "error in {op} for path: '{shown}': Unable to access invalid index: {key}: invalid index referenced"
            ))),
        },
        _ => Err(gone(&key)),
    }
}

/// RFC 6902, as kubectl's json-patch library applies it.
fn json_patch(doc: &Value, patch: &Value) -> Result<Value, KubeError> {
    let ops = match patch {
        Value::Null => return Ok(doc.clone()),
        Value::Array(ops) => ops,
        other => {
            return Err(err(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                go_type(other)
            )))
        }
    };
    if let Some(bad) = ops.iter().find(|o| !o.is_object() && !o.is_null()) {
        return Err(err(format!(
            "json: cannot unmarshal {} into Go value of type jsonpatch.Operation",
            go_type(bad)
        )));
    }
    let mut out = doc.clone();
    for op in ops {
        let kind = op["op"].as_str().unwrap_or("");
        let path = op["path"].as_str().unwrap_or("");
        let from = op["from"].as_str().unwrap_or("");
        match kind {
            "add" => add(&mut out, path, op["value"].clone(), "add")?,
            "remove" => {
                remove(&mut out, path, "remove", path)?;
            }
            "replace" => {
                if get(&out, path).is_some() {
                    remove(&mut out, path, "replace", path)?;
                }
                add(&mut out, path, op["value"].clone(), "replace")?;
            }
            "move" => {
                let key = tokens(from).pop().unwrap_or_default();
                let v = remove(&mut out, from, "move", &key)?;
                add(&mut out, path, v, "move")?;
            }
            "copy" => {
                let v = get(&out, from).ok_or_else(|| {
                    err(format!(
                        "copy operation does not apply: doc is missing from path: {from}: missing value"
                    ))
                })?;
                add(&mut out, path, v, "copy")?;
            }
            "test" => {
                if get(&out, path).unwrap_or(Value::Null) != op["value"] {
                    return Err(err(format!("testing value {path} failed: test failed")));
                }
            }
            other => return Err(err(format!("Unexpected kind: {other}"))),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patches_and_their_errors() {
        let cm = json!({"kind": "ConfigMap", "data": {"a": "b"}});
        let ok = |kind: &str, p: &str| apply(kind, &cm, p.as_bytes()).unwrap();
        let bad = |kind: &str, p: &str| apply(kind, &cm, p.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            ok("strategic", r#"{"data":{"a":null,"z":"1"}}"#)["data"],
            json!({"z": "1"})
        );
        assert_eq!(ok("strategic", "null"), cm);
        assert_eq!(
            ok("merge", r#"{"data":{"c":"d"}}"#)["data"],
            json!({"a": "b", "c": "d"})
        );
        assert_eq!(
            ok(
                "json",
                r#"[{"op":"add","path":"/data/n","value":"z"},{"op":"copy","from":"/data/a","path":"/data/c"}]"#
            )["data"],
            json!({"a": "b", "n": "z", "c": "b"})
        );
        let pod = json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}});
        let got = apply(
            "strategic",
            &pod,
            br#"{"spec":{"containers":[{"name":"b","image":"z"}]}}"#,
        )
        .unwrap();
        assert_eq!(
            got["spec"]["containers"][1],
            json!({"name": "b", "image": "z"})
        );
        // kubectl 1.37's words for these.
        for (kind, p, want) in [
            ("strategic", "{bad", "invalid JSON document"),
            ("strategic", "12", "invalid JSON document"),
            ("merge", "{bad", "Invalid JSON Patch"),
            ("merge", "null", "Invalid JSON Patch"),
            ("merge", "[\"a\"]", "json: cannot unmarshal array into Go value of type unstructured.detector"),
            ("json", "{bad", "invalid character 'b' looking for beginning of object key string"),
            ("json", "{\"a\": }", "invalid character '}' looking for beginning of value"),
            ("json", "{\"a\": 1}", "json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
            ("json", "true", "json: cannot unmarshal bool into Go value of type jsonpatch.Patch"),
            ("json", "[1]", "json: cannot unmarshal number into Go value of type jsonpatch.Operation"),
            ("json", r#"[{"op":"remove","path":"/nope"}]"#, "error in remove for path: '/nope': Unable to remove nonexistent key: nope: missing value"),
            ("json", r#"[{"op":"bogus","path":"/data"}]"#, "Unexpected kind: bogus"),
            ("json", r#"[{"op":"test","path":"/data/a","value":"zz"}]"#, "testing value /data/a failed: test failed"),
            ("json", r#"[{"op":"add","path":"/x/y","value":1}]"#, "add operation does not apply: doc is missing path: \"/x/y\": missing value"),
            ("json", r#"[{"op":"move","from":"/data/nope","path":"/data/c"}]"#, "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value"),
        ] {
            assert_eq!(bad(kind, p), want, "{kind} {p}");
        }
    }
}
