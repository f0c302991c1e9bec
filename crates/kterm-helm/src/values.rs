//! `chartutil.CoalesceValues` for a release's computed values (`get
//! values -a`, `get all`): the user's values over the chart's defaults,
//! tables merged key by key, and a user's `null` deleting the default.

use serde_json::{Map, Value};

/// The user's `config` over the chart's `defaults`.
pub fn coalesce(defaults: &Value, config: &Value) -> Value {
    let mut out = config.as_object().cloned().unwrap_or_default();
    if let Some(d) = defaults.as_object() {
        merge(&mut out, d);
    }
    Value::Object(out)
}

fn merge(dst: &mut Map<String, Value>, src: &Map<String, Value>) {
    for (k, sv) in src {
        match dst.get_mut(k) {
            None => {
                dst.insert(k.clone(), sv.clone());
            }
            Some(Value::Null) => {
                dst.remove(k);
            }
            Some(Value::Object(d)) => {
                if let Value::Object(s) = sv {
                    merge(d, s);
                }
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn coalesce_table() {
        let cases = [
            (json!({"a": 1}), Value::Null, json!({"a": 1})),
            (json!({}), Value::Null, json!({})),
            (
                json!({"a": 1, "b": 2}),
                json!({"a": 5}),
                json!({"a": 5, "b": 2}),
            ),
            (
                json!({"s": {"type": "ClusterIP", "port": 80}}),
                json!({"s": {"port": 8080}}),
                json!({"s": {"port": 8080, "type": "ClusterIP"}}),
            ),
            (json!({"a": 1, "b": 2}), json!({"a": null}), json!({"b": 2})),
            (json!({"l": [1, 2]}), json!({"l": [3]}), json!({"l": [3]})),
            (
                json!({"t": {"x": 1}}),
                json!({"t": "flat"}),
                json!({"t": "flat"}),
            ),
        ];
        for (defaults, config, want) in cases {
            assert_eq!(coalesce(&defaults, &config), want, "{defaults} {config}");
        }
    }
}
