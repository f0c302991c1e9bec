//! Server-side field validation (`?fieldValidation=Strict|Warn|Ignore`),
//! as kube-apiserver applies it when it decodes a body: fields the
//! kind's schema does not have are an error (`Strict`), `299` warnings
//! (`Warn`, the default when the client names none) or dropped
//! silently (`Ignore`). The schema is openapi_types', the one
//! `/openapi/v3` and `/openapi/v2` serve; only the schemas it lists
//! completely ([`CLOSED`]) report unknown fields.

use std::collections::HashMap;

use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::openapi_types::{full_name, Type, CLOSED, TYPES};
use super::resources::Resource;
use super::status::status;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    Ignore,
    Warn,
    Strict,
}

/// The request's directive; kube-apiserver's default is `Warn`.
pub fn directive(q: &HashMap<String, String>) -> Directive {
    match q.get("fieldValidation").map(String::as_str) {
        Some("Strict") => Directive::Strict,
        Some("Ignore") => Directive::Ignore,
        _ => Directive::Warn,
    }
}

fn schema_of(r: &Resource) -> Option<&'static Type> {
    TYPES
        .iter()
        .find(|t| t.gvk == Some((r.group, r.version, r.kind)))
}

/// `unknown field "spec.foo"` for each field of `obj` its kind's schema
/// lacks, in the order of the document.
pub fn unknown_fields(r: &Resource, obj: &Value) -> Vec<String> {
    found(r, obj)
        .into_iter()
        .map(|(at, _)| format!("unknown field \"{at}\""))
        .collect()
}

/// Removes the unknown fields: decoding into the kind's type drops them,
/// whatever the directive.
pub fn drop_unknown(r: &Resource, obj: &mut Value) {
    for (_, (parent, key)) in found(r, obj).into_iter().rev() {
        if let Some(m) = obj.pointer_mut(&parent).and_then(Value::as_object_mut) {
            m.shift_remove(&key);
        }
    }
}

/// Each unknown field: its path as messages write it, and its parent's
/// JSON pointer with its key.
fn found(r: &Resource, obj: &Value) -> Vec<(String, (String, String))> {
    let mut out = Vec::new();
    if let Some(t) = schema_of(r) {
        walk(t, obj, "", "", &mut out);
    }
    out
}

fn walk(t: &Type, v: &Value, path: &str, ptr: &str, out: &mut Vec<(String, (String, String))>) {
    let Some(map) = v.as_object() else { return };
    let closed = CLOSED.contains(&t.id);
    for (k, child) in map {
        let at = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        let at_ptr = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
        match t.fields.iter().find(|(name, _, _)| name == k) {
            Some((_, ty, _)) => {
                let (list, short) = match ty.strip_prefix("[]") {
                    Some(inner) => (true, inner),
                    None => (false, *ty),
                };
                let Some(sub) = full_name(short).and_then(|id| TYPES.iter().find(|t| t.id == id))
                else {
                    continue;
                };
                match (list, child.as_array()) {
                    (true, Some(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            walk(
                                sub,
                                item,
                                &format!("{at}[{i}]"),
                                &format!("{at_ptr}/{i}"),
                                out,
                            );
                        }
                    }
                    (false, _) => walk(sub, child, &at, &at_ptr, out),
                    _ => {}
                }
            }
            None if closed => out.push((at, (ptr.to_string(), k.clone()))),
            None => {}
        }
    }
}

/// `strict decoding error: a, b`, apimachinery's wording.
fn strict(errs: &[String]) -> String {
    format!("strict decoding error: {}", errs.join(", "))
}

/// The 400 of a create or update whose body has unknown fields (the
/// kind and version are the body's, as the decoder saw them).
pub fn decode_error(r: &Resource, body: &Value, errs: &[String]) -> Response {
    let kind = body["kind"]
        .as_str()
        .filter(|k| !k.is_empty())
        .unwrap_or(r.kind);
    let version = body["apiVersion"]
        .as_str()
        .map(|av| av.rsplit('/').next().unwrap_or(av))
        .filter(|v| !v.is_empty())
        .unwrap_or(r.version);
    status(
        StatusCode::BAD_REQUEST,
        "BadRequest",
        &format!(
            "{kind} in version \"{version}\" cannot be handled as a {}: {}",
            r.kind,
            strict(errs)
        ),
        None,
    )
}

/// The 422 of a patch that brings unknown fields: an Invalid with no
/// kind or name, the field `patch` holding what was decoded (`value`).
pub fn patch_error(value: &str, errs: &[String]) -> Response {
    let quoted = go_quote(value);
    let cause = format!("Invalid value: {quoted}: {}", strict(errs));
    status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Invalid",
        &format!(" \"\" is invalid: patch: {cause}"),
        Some(
            json!({"causes": [{"reason": "FieldValueInvalid", "message": cause, "field": "patch"}]}),
        ),
    )
}

/// A string as Go's `%q` writes it (ASCII escapes; JSON's are the same
/// for what object text holds).
fn go_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A decoded JSON value as Go's `%+v` prints a `map[string]interface{}`
/// (keys sorted, `map[k:v]`, `[a b]`, `<nil>`).
pub fn go_value(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_value).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{k}:{}", go_value(&m[k.as_str()])))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

/// Adds a `Warning: 299 - "…"` header per warning, as kube-apiserver
/// sends them.
pub fn with_warnings(mut resp: Response, warnings: &[String]) -> Response {
    for w in warnings {
        if let Ok(v) = HeaderValue::from_str(&format!("299 - {}", go_quote(w))) {
            resp.headers_mut().append("warning", v);
        }
    }
    resp
}

/// What a write does with `errs` under `d`: `Err` with the error to
/// answer (Strict), or the warnings to attach (Warn; none for Ignore).
pub fn judge(
    d: Directive,
    errs: Vec<String>,
    error: impl FnOnce(&[String]) -> Response,
) -> Result<Vec<String>, Box<Response>> {
    match d {
        _ if errs.is_empty() => Ok(Vec::new()),
        Directive::Strict => Err(Box::new(error(&errs))),
        Directive::Warn => Ok(errs),
        Directive::Ignore => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::resources;

    #[test]
    fn unknown_fields_table() {
        let deploy = resources::find("apps", "deployments").unwrap();
        let cm = resources::find("", "configmaps").unwrap();
        let pods = resources::find("", "pods").unwrap();
        let cases: Vec<(&Resource, Value, Vec<&str>)> = vec![
            (
                deploy,
                json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a", "labels": {"x": "y"}},
                       "spec": {"replicas": 1, "strategy": {"type": "Recreate"}, "selector": {"matchLabels": {"a": "b"}},
                                "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "i", "whatever": 1}]}}}}),
                vec![],
            ),
            (
                deploy,
                json!({"metadata": {"name": "a", "foo": 1}, "spec": {"foo": 1, "template": {"bar": 2}}, "top": true}),
                vec![
                    "unknown field \"metadata.foo\"",
                    "unknown field \"spec.foo\"",
                    "unknown field \"spec.template.bar\"",
                    "unknown field \"top\"",
                ],
            ),
            (
                cm,
                json!({"data": {"any": "key"}, "dta": {}}),
                vec!["unknown field \"dta\""],
            ),
            (
                resources::find("stable.example.com", "crontabs").unwrap(),
                json!({"spec": {"image": "i", "colour": "red"}}),
                vec!["unknown field \"spec.colour\""],
            ),
            // PodSpec lists only some of its fields: nothing is reported in it.
            (
                pods,
                json!({"spec": {"affinity": {}}, "extra": 1}),
                vec!["unknown field \"extra\""],
            ),
        ];
        for (r, obj, want) in cases {
            assert_eq!(unknown_fields(r, &obj), want, "{obj}");
        }
    }

    #[test]
    fn unknown_fields_are_dropped() {
        let deploy = resources::find("apps", "deployments").unwrap();
        let mut obj = json!({"metadata": {"name": "a", "foo": 1}, "spec": {"replicas": 2, "foo": 1}, "top": true});
        drop_unknown(deploy, &mut obj);
        assert_eq!(
            obj,
            json!({"metadata": {"name": "a"}, "spec": {"replicas": 2}})
        );
    }

    #[test]
    fn directives_and_go_values() {
        let q = |v: &str| HashMap::from([("fieldValidation".to_string(), v.to_string())]);
        assert_eq!(directive(&HashMap::new()), Directive::Warn);
        assert_eq!(directive(&q("Strict")), Directive::Strict);
        assert_eq!(directive(&q("Ignore")), Directive::Ignore);
        assert_eq!(directive(&q("Warn")), Directive::Warn);
        assert_eq!(
            go_value(&json!({"spec": {"foo": 1, "a": [true, null, "s"]}})),
            "map[spec:map[a:[true <nil> s] foo:1]]"
        );
        let errs = vec!["unknown field \"spec.foo\"".to_string()];
        assert!(judge(Directive::Strict, errs.clone(), |_| {
            crate::kube::status::no_route()
        })
        .is_err());
        assert_eq!(
            judge(Directive::Warn, errs.clone(), |_| unreachable!()).ok(),
            Some(errs.clone())
        );
        assert_eq!(
            judge(Directive::Ignore, errs, |_| unreachable!()).ok(),
            Some(vec![])
        );
    }
}
