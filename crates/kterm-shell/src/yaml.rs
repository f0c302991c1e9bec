//! YAML text ⇄ `serde_json::Value`, so config files (kubeconfig) and
//! manifests are handled as plain JSON values whichever way they are written. yaml-rust2 is pure Rust and
//! small, which matters for the browser bundle.

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlEmitter, YamlLoader};

/// The first document of `text` (an empty text is `null`).
pub fn parse(text: &str) -> Result<Value, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    Ok(docs.into_iter().next().map(to_json).unwrap_or(Value::Null))
}

/// Every document of a multi-document text (`---` separated), empty
/// documents as `null`.
pub fn parse_all(text: &str) -> Result<Vec<Value>, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    Ok(docs.into_iter().map(to_json).collect())
}

fn to_json(y: Yaml) -> Value {
    match y {
        Yaml::Real(s) => s
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::String(s)),
        Yaml::Integer(i) => Value::from(i),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        Yaml::Hash(h) => {
            let mut m = Map::new();
            for (k, v) in h {
                let key = match k {
                    Yaml::String(s) | Yaml::Real(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    _ => continue,
                };
                m.insert(key, to_json(v));
            }
            Value::Object(m)
        }
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => Value::Null,
    }
}

fn to_yaml(v: &Value) -> Yaml {
    match v {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Integer(i),
            None => Yaml::Real(n.to_string()),
        },
        Value::String(s) => Yaml::String(s.clone()),
        Value::Array(a) => Yaml::Array(a.iter().map(to_yaml).collect()),
        Value::Object(o) => Yaml::Hash(
            o.iter()
                .map(|(k, v)| (Yaml::String(k.clone()), to_yaml(v)))
                .collect(),
        ),
    }
}

/// YAML text of `v`, without the leading `---`: block style, or JSON
/// (which is YAML too) when the block text would not read back as `v`.
pub fn to_string(v: &Value) -> String {
    match block(v) {
        Some(text) if parse(&text).as_ref() == Ok(v) => text,
        // yaml-rust2's emitter leaves some scalars plain that its own
        // loader then reads as something else (`0o0`, YAML 1.2's octal,
        // comes back as the number 0; found by the yaml_json fuzzer).
        _ => format!("{}\n", serde_json::to_string_pretty(v).unwrap_or_default()),
    }
}

fn block(v: &Value) -> Option<String> {
    let mut out = String::new();
    YamlEmitter::new(&mut out).dump(&to_yaml(v)).ok()?;
    let body = out
        .strip_prefix("---\n")
        .or_else(|| out.strip_prefix("---"))
        .unwrap_or(&out)
        .trim_start_matches(' ');
    Some(format!("{body}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip() {
        let text = "apiVersion: v1\nclusters:\n- name: a/b\n  cluster:\n    server: https://x:1\ncurrent-context: a/b\npreferences: {}\nport: 8080\n";
        let v = parse(text).unwrap();
        assert_eq!(v["clusters"][0]["cluster"]["server"], "https://x:1");
        assert_eq!(v["port"], 8080);
        assert_eq!(v["preferences"], json!({}));
        let again = parse(&to_string(&v)).unwrap();
        assert_eq!(again, v);
        assert!(to_string(&v).starts_with("apiVersion: v1\n"));
        assert_eq!(parse("").unwrap(), Value::Null);
        assert!(parse("a: [").is_err());
    }

    #[test]
    fn written_text_reads_back_the_same() {
        let cases = [
            (json!({"a": "0o0"}), "{\n  \"a\": \"0o0\"\n}\n"),
            (
                json!({"a": "0o17", "b": 1}),
                "{\n  \"a\": \"0o17\",\n  \"b\": 1\n}\n",
            ),
            (json!({"a": "0x1f"}), "a: \"0x1f\"\n"),
            (
                json!({"a": "plain", "x": [1, "2"]}),
                "a: plain\nx:\n  - 1\n  - \"2\"\n",
            ),
        ];
        for (v, want) in cases {
            let text = to_string(&v);
            assert_eq!(text, want, "{v}");
            assert_eq!(parse(&text).unwrap(), v, "{text}");
        }
    }
}
