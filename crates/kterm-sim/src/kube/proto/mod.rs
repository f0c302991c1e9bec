//! Just enough Kubernetes protobuf to accept what kubectl's typed clients
//! send (`kubectl create namespace|configmap|secret|serviceaccount|
//! service|deployment|job|cronjob|ingress|quota|role|clusterrole|
//! rolebinding|clusterrolebinding|pdb|priorityclass`, the pods `kubectl debug`
//! creates, `auth can-i`; `kubectl run` and `expose` send JSON):
//! the `k8s\0` envelope (runtime.Unknown) around one typed message, turned
//! into the JSON a JSON client would have sent for the same object.
//!
//! Each message is a table of its fields (number, JSON key, type; numbers
//! from k8s.io/api's generated.proto files) walked by one decoder, so a new
//! kind is a new table, not new code. Fields not in a table are skipped;
//! malformed bytes make the whole body undecodable (the caller answers
//! 415), never a panic. Other kinds are refused the same way.

mod core;
mod kinds;
#[cfg(test)]
mod tests;

use base64::Engine;
use serde_json::{json, Map, Value};

const MAGIC: &[u8] = b"k8s\0";

/// One field off the wire: varints and length-delimited ones with their
/// number; fixed-width scalars (no Kubernetes type here uses them) only
/// skipped.
enum Field<'a> {
    Scalar,
    Varint(u32, u64),
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
                let v = varint(b, &mut pos)?;
                out.push(Field::Varint(number, v));
            }
            1 => {
                pos += 8;
                out.push(Field::Scalar);
            }
            5 => {
                pos += 4;
                out.push(Field::Scalar);
            }
            2 => {
                let len = usize::try_from(varint(b, &mut pos)?).ok()?;
                let end = pos.checked_add(len).filter(|e| *e <= b.len())?;
                out.push(Field::Bytes(number, &b[pos..end]));
                pos = end;
            }
            _ => return None,
        }
    }
    (pos == b.len()).then_some(out)
}

fn utf8(b: &[u8]) -> Option<String> {
    String::from_utf8(b.to_vec()).ok()
}

/// What a field holds, and so how it reads and which wire type it has.
#[derive(Clone, Copy)]
enum Ty {
    Text,
    Int32,
    Int64,
    Bool,
    Msg(&'static [F]),
    /// An embedded message whose fields JSON lifts into the parent
    /// (`LocalObjectReference` in key selectors, `IngressRuleValue`).
    Inline(&'static [F]),
    /// `IntOrString`: type 1 (0 int, 1 string), intVal 2, strVal 3.
    IntOrStr,
    /// `resource.Quantity`: its string form, field 1.
    Quantity,
    /// `map<string, V>`: repeated entries, key 1, value 2.
    Map(MapOf),
}

#[derive(Clone, Copy)]
enum MapOf {
    Text,
    /// `bytes`, base64 in JSON (a Secret's data).
    Bytes,
    Quantity,
}

/// One field of a message table.
#[derive(Clone, Copy)]
struct F {
    n: u32,
    key: &'static str,
    ty: Ty,
    /// `repeated`: gathered into a JSON array.
    list: bool,
    /// A Go pointer field (`*int32`, `*string`, `*bool`) or one JSON never
    /// leaves out: the wire carries it only when set, so zero is kept.
    /// Every other scalar is written by Go even when zero, and JSON's
    /// `omitempty` leaves the zero out.
    keep: bool,
}

impl F {
    const fn list(self) -> Self {
        F { list: true, ..self }
    }

    const fn keep(self) -> Self {
        F { keep: true, ..self }
    }
}

const fn f(n: u32, key: &'static str, ty: Ty) -> F {
    F {
        n,
        key,
        ty,
        list: false,
        keep: false,
    }
}

const fn text(n: u32, key: &'static str) -> F {
    f(n, key, Ty::Text)
}

const fn int32(n: u32, key: &'static str) -> F {
    f(n, key, Ty::Int32)
}

const fn int64(n: u32, key: &'static str) -> F {
    f(n, key, Ty::Int64)
}

const fn boolean(n: u32, key: &'static str) -> F {
    f(n, key, Ty::Bool)
}

const fn msg(n: u32, key: &'static str, of: &'static [F]) -> F {
    f(n, key, Ty::Msg(of))
}

const fn inline(n: u32, of: &'static [F]) -> F {
    f(n, "", Ty::Inline(of))
}

const fn map(n: u32, key: &'static str, of: MapOf) -> F {
    f(n, key, Ty::Map(of))
}

/// Decodes one message by its table.
fn message(b: &[u8], table: &[F]) -> Option<Map<String, Value>> {
    let mut obj = Map::new();
    fill(&mut obj, b, table)?;
    Some(obj)
}

fn fill(obj: &mut Map<String, Value>, b: &[u8], table: &[F]) -> Option<()> {
    for field in fields(b)? {
        let (n, varint, bytes) = match field {
            Field::Varint(n, v) => (n, Some(v), None),
            Field::Bytes(n, x) => (n, None, Some(x)),
            Field::Scalar => continue,
        };
        let Some(f) = table.iter().find(|f| f.n == n) else {
            continue;
        };
        let v = match (f.ty, varint, bytes) {
            (Ty::Int32, Some(v), _) => json!(v as i32),
            (Ty::Int64, Some(v), _) => json!(v as i64),
            (Ty::Bool, Some(v), _) => json!(v != 0),
            (Ty::Text, _, Some(x)) => json!(utf8(x)?),
            (Ty::Msg(of), _, Some(x)) => Value::Object(message(x, of)?),
            (Ty::IntOrStr, _, Some(x)) => int_or_string(x)?,
            (Ty::Quantity, _, Some(x)) => quantity(x)?,
            (Ty::Inline(of), _, Some(x)) => {
                fill(obj, x, of)?;
                continue;
            }
            (Ty::Map(of), _, Some(x)) => {
                let (k, v) = entry(x, of)?;
                if let Value::Object(m) = obj.entry(f.key).or_insert_with(|| json!({})) {
                    m.insert(k, v);
                }
                continue;
            }
            // A wire type the table does not expect: not ours to read.
            _ => continue,
        };
        if f.list {
            if let Value::Array(items) = obj.entry(f.key).or_insert_with(|| json!([])) {
                items.push(v);
            }
        } else if f.keep || !scalar(f.ty) || !is_zero(&v) {
            obj.insert(f.key.into(), v);
        }
    }
    Some(())
}

/// Scalars, which Go's JSON leaves out when zero; messages (even empty)
/// and `IntOrString`s it always writes.
fn scalar(ty: Ty) -> bool {
    matches!(ty, Ty::Text | Ty::Int32 | Ty::Int64 | Ty::Bool)
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_i64() == Some(0),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A map entry: key 1 (string), value 2.
fn entry(b: &[u8], of: MapOf) -> Option<(String, Value)> {
    let mut k = String::new();
    let mut v = match of {
        MapOf::Text | MapOf::Bytes => json!(""),
        MapOf::Quantity => json!("0"),
    };
    for field in fields(b)? {
        match (field, of) {
            (Field::Bytes(1, x), _) => k = utf8(x)?,
            (Field::Bytes(2, x), MapOf::Text) => v = json!(utf8(x)?),
            (Field::Bytes(2, x), MapOf::Bytes) => {
                v = json!(base64::engine::general_purpose::STANDARD.encode(x))
            }
            (Field::Bytes(2, x), MapOf::Quantity) => v = quantity(x)?,
            _ => {}
        }
    }
    Some((k, v))
}

fn int_or_string(b: &[u8]) -> Option<Value> {
    let (mut is_str, mut int, mut string) = (false, 0u64, String::new());
    for field in fields(b)? {
        match field {
            Field::Varint(1, t) => is_str = t == 1,
            Field::Varint(2, v) => int = v,
            Field::Bytes(3, v) => string = utf8(v)?,
            _ => {}
        }
    }
    Some(if is_str {
        json!(string)
    } else {
        json!(int as i32)
    })
}

fn quantity(b: &[u8]) -> Option<Value> {
    let mut s = String::from("0");
    for field in fields(b)? {
        if let Field::Bytes(1, x) = field {
            s = utf8(x)?;
        }
    }
    Some(json!(s))
}

/// Decodes a protobuf-encoded object of a kind in `kinds::KINDS` into its
/// JSON form; `None` for any other kind or for bytes that do not parse.
pub fn decode(body: &[u8]) -> Option<Value> {
    let unknown = fields(body.strip_prefix(MAGIC)?)?;
    let (mut api_version, mut kind, mut raw) = (String::new(), String::new(), &[][..]);
    for field in unknown {
        match field {
            Field::Bytes(1, type_meta) => {
                for g in fields(type_meta)? {
                    match g {
                        Field::Bytes(1, x) => api_version = utf8(x)?,
                        Field::Bytes(2, x) => kind = utf8(x)?,
                        _ => {}
                    }
                }
            }
            Field::Bytes(2, x) => raw = x,
            _ => {}
        }
    }
    let (_, table) = kinds::KINDS.iter().find(|(k, _)| *k == kind)?;
    let mut obj = Map::new();
    obj.insert("apiVersion".into(), json!(api_version));
    obj.insert("kind".into(), json!(kind));
    fill(&mut obj, raw, table)?;
    Some(Value::Object(obj))
}
