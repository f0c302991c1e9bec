//! Go's `encoding/json` as kubectl's printers and annotations use it: the
//! one JSON writer of kubectl (`-o json`, `config view -o json`, the
//! last-applied annotation, jsonpath results). Unstructured objects
//! marshal with their keys sorted; typed ones keep their field order.
//! Go escapes `<`, `>`, `&`, U+2028 and U+2029 in every string.

use serde::Serialize;
use serde_json::Value;

/// Keys sorted at every level, as Go marshals `map[string]interface{}`.
pub fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            kterm_shell::sort::sort(&mut keys);
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

/// How a value is laid out.
#[derive(Clone, Copy)]
enum Layout {
    Compact,
    Indent(usize),
}

/// The writer: serde's layout with Go's escapes. The escaped characters
/// only ever occur inside strings, so replacing them afterwards is exact.
fn write(v: &Value, layout: Layout) -> String {
    let text = match layout {
        Layout::Compact => serde_json::to_string(v).unwrap_or_default(),
        Layout::Indent(n) => {
            let pad = " ".repeat(n);
            let mut buf = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(
                &mut buf,
                serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes()),
            );
            if v.serialize(&mut ser).is_err() {
                return String::new();
            }
            String::from_utf8_lossy(&buf).into_owned()
        }
    };
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// `json.Marshal` of an unstructured value: compact, keys sorted.
pub fn marshal(v: &Value) -> String {
    write(&sorted(v), Layout::Compact)
}

/// `json.Marshal` of a typed value: compact, fields in the value's order.
pub fn marshal_typed(v: &Value) -> String {
    write(v, Layout::Compact)
}

/// `json.MarshalIndent` of an unstructured value with `n` spaces.
pub fn indent(v: &Value, n: usize) -> String {
    write(&sorted(v), Layout::Indent(n))
}

/// `json.MarshalIndent(v, "", "    ")` of a typed value (`config view`,
/// `api-resources -o json`): fields in the value's order.
pub fn indent_typed(v: &Value) -> String {
    write(v, Layout::Indent(4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_style_json() {
        let v = json!({"b": 1, "a": {"d": "<x&y>\u{2028}", "c": []}});
        for (got, want) in [
            (
                indent(&v, 4),
                "{\n    \"a\": {\n        \"c\": [],\n        \"d\": \"\\u003cx\\u0026y\\u003e\\u2028\"\n    },\n    \"b\": 1\n}",
            ),
            (
                marshal(&v),
                "{\"a\":{\"c\":[],\"d\":\"\\u003cx\\u0026y\\u003e\\u2028\"},\"b\":1}",
            ),
            (
                marshal_typed(&v),
                "{\"b\":1,\"a\":{\"d\":\"\\u003cx\\u0026y\\u003e\\u2028\",\"c\":[]}}",
            ),
            (indent_typed(&json!({"z": [1]})), "{\n    \"z\": [\n        1\n    ]\n}"),
        ] {
            assert_eq!(got, want);
        }
    }
}
