//! Machine-readable output as kubectl writes it.

use serde::Serialize;
use serde_json::Value;

/// Keys sorted at every level, as Go marshals unstructured objects.
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

/// `json.MarshalIndent` with `indent` spaces, keys sorted, and `<`, `>`,
/// `&` escaped as Go escapes them.
pub fn json_indent(v: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut buf,
        serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes()),
    );
    if sorted(v).serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8_lossy(&buf)
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_style_json() {
        let v = json!({"b": 1, "a": {"d": "<x&y>", "c": []}});
        assert_eq!(json_indent(&v, 4), "{\n    \"a\": {\n        \"c\": [],\n        \"d\": \"\\u003cx\\u0026y\\u003e\"\n    },\n    \"b\": 1\n}");
    }
}
