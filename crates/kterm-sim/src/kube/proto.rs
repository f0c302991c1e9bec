//! Just enough Kubernetes protobuf to accept what kubectl's typed clients
//! send (`kubectl create namespace|configmap|secret`): the `k8s\0` envelope
//! (runtime.Unknown), ObjectMeta, and the ConfigMap and Secret data maps.
//! Other protobuf bodies are refused with 415.

use base64::Engine;
use serde_json::{json, Map, Value};

const MAGIC: &[u8] = b"k8s\0";

/// One decoded field: length-delimited ones with their number and bytes;
/// scalars (not needed here) only skipped.
enum Field<'a> {
    Scalar,
    Bytes(u32, &'a [u8]),
}

fn varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn fields(b: &[u8]) -> Option<Vec<Field<'_>>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        let key = varint(b, &mut pos)?;
        let number = u32::try_from(key >> 3).ok()?;
        match key & 7 {
            0 => {
                varint(b, &mut pos)?;
                out.push(Field::Scalar);
            }
            1 => pos += 8,
            2 => {
                let len = usize::try_from(varint(b, &mut pos)?).ok()?;
                let end = pos.checked_add(len).filter(|e| *e <= b.len())?;
                out.push(Field::Bytes(number, &b[pos..end]));
                pos = end;
            }
            5 => pos += 4,
            _ => return None,
        }
    }
    (pos == b.len()).then_some(out)
}

fn text(b: &[u8]) -> Option<String> {
    String::from_utf8(b.to_vec()).ok()
}

/// A `map<string, string|bytes>` entry (key = 1, value = 2).
fn entry(b: &[u8], bytes_value: bool) -> Option<(String, Value)> {
    let mut k = String::new();
    let mut v = Value::String(String::new());
    for f in fields(b)? {
        match f {
            Field::Bytes(1, x) => k = text(x)?,
            Field::Bytes(2, x) if bytes_value => {
                v = json!(base64::engine::general_purpose::STANDARD.encode(x))
            }
            Field::Bytes(2, x) => v = json!(text(x)?),
            _ => {}
        }
    }
    Some((k, v))
}

fn object_meta(b: &[u8]) -> Option<Value> {
    let mut m = Map::new();
    let mut labels = Map::new();
    let mut annotations = Map::new();
    for f in fields(b)? {
        match f {
            Field::Bytes(1, x) => {
                m.insert("name".into(), json!(text(x)?));
            }
            Field::Bytes(2, x) => {
                m.insert("generateName".into(), json!(text(x)?));
            }
            Field::Bytes(3, x) => {
                m.insert("namespace".into(), json!(text(x)?));
            }
            Field::Bytes(11, x) => {
                let (k, v) = entry(x, false)?;
                labels.insert(k, v);
            }
            Field::Bytes(12, x) => {
                let (k, v) = entry(x, false)?;
                annotations.insert(k, v);
            }
            _ => {}
        }
    }
    if !labels.is_empty() {
        m.insert("labels".into(), Value::Object(labels));
    }
    if !annotations.is_empty() {
        m.insert("annotations".into(), Value::Object(annotations));
    }
    Some(Value::Object(m))
}

/// `SelfSubjectAccessReviewSpec` (`kubectl auth can-i`): resource
/// attributes (field 1) or non-resource ones (field 2), all strings.
fn review_spec(b: &[u8]) -> Option<Value> {
    const RESOURCE: &[&str] = &[
        "namespace",
        "verb",
        "group",
        "version",
        "resource",
        "subresource",
        "name",
    ];
    let mut spec = json!({});
    for f in fields(b)? {
        let (key, names): (&str, &[&str]) = match f {
            Field::Bytes(1, _) => ("resourceAttributes", RESOURCE),
            Field::Bytes(2, _) => ("nonResourceAttributes", &["path", "verb"]),
            _ => continue,
        };
        let Field::Bytes(_, x) = f else { continue };
        let mut attrs = Map::new();
        for g in fields(x)? {
            if let Field::Bytes(n, v) = g {
                if let Some(name) = (n as usize).checked_sub(1).and_then(|i| names.get(i)) {
                    attrs.insert(name.to_string(), json!(text(v)?));
                }
            }
        }
        spec[key] = Value::Object(attrs);
    }
    Some(spec)
}

/// Decodes a protobuf-encoded Namespace, ConfigMap or Secret into its JSON
/// form; `None` for anything else.
pub fn decode(body: &[u8]) -> Option<Value> {
    let unknown = fields(body.strip_prefix(MAGIC)?)?;
    let (mut api_version, mut kind, mut raw) = (String::new(), String::new(), &[][..]);
    for f in unknown {
        match f {
            Field::Bytes(1, tm) => {
                for g in fields(tm)? {
                    match g {
                        Field::Bytes(1, x) => api_version = text(x)?,
                        Field::Bytes(2, x) => kind = text(x)?,
                        _ => {}
                    }
                }
            }
            Field::Bytes(2, x) => raw = x,
            _ => {}
        }
    }
    let mut obj = json!({"apiVersion": api_version, "kind": kind});
    let mut data = Map::new();
    for f in fields(raw)? {
        match (kind.as_str(), f) {
            (_, Field::Bytes(1, x)) => obj["metadata"] = object_meta(x)?,
            ("ConfigMap", Field::Bytes(2, x)) => {
                let (k, v) = entry(x, false)?;
                data.insert(k, v);
            }
            ("Secret", Field::Bytes(2, x)) => {
                let (k, v) = entry(x, true)?;
                data.insert(k, v);
            }
            ("Secret", Field::Bytes(3, x)) => obj["type"] = json!(text(x)?),
            ("SelfSubjectAccessReview", Field::Bytes(2, x)) => obj["spec"] = review_spec(x)?,
            _ => {}
        }
    }
    match kind.as_str() {
        "Namespace" | "SelfSubjectAccessReview" => {}
        "ConfigMap" | "Secret" => {
            if !data.is_empty() {
                obj["data"] = Value::Object(data);
            }
        }
        _ => return None,
    }
    Some(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(n: u32, bytes: &[u8]) -> Vec<u8> {
        let mut v = vec![((n << 3) | 2) as u8, bytes.len() as u8];
        v.extend_from_slice(bytes);
        v
    }

    #[test]
    fn namespace_and_configmap() {
        let meta = [
            field(1, b"team-a"),
            field(11, &[field(1, b"env"), field(2, b"dev")].concat()),
        ]
        .concat();
        let type_meta = [field(1, b"v1"), field(2, b"Namespace")].concat();
        let body = [
            MAGIC.to_vec(),
            field(1, &type_meta),
            field(2, &field(1, &meta)),
        ]
        .concat();
        assert_eq!(
            decode(&body),
            Some(
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a", "labels": {"env": "dev"}}})
            )
        );

        let cm_raw = [
            field(1, &field(1, b"cfg")),
            field(2, &[field(1, b"k"), field(2, b"v")].concat()),
        ]
        .concat();
        let type_meta = [field(1, b"v1"), field(2, b"ConfigMap")].concat();
        let body = [MAGIC.to_vec(), field(1, &type_meta), field(2, &cm_raw)].concat();
        assert_eq!(
            decode(&body),
            Some(
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": {"k": "v"}})
            )
        );
        assert_eq!(decode(b"not protobuf"), None);
        assert_eq!(decode(b"k8s\0\xff"), None);
    }
}
