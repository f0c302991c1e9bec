//! Field validation kube-apiserver applies on update, for the fields the
//! sandbox's clients change (`kubectl edit`, `patch`, `scale`): answered
//! with the same `Invalid` Status, causes and all.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::resources::Resource;
use super::status::status;

/// The 422 for an object that fails validation, or `None` when it passes.
pub fn update(r: &Resource, name: &str, obj: &Value) -> Option<Response> {
    let mut causes: Vec<(String, String)> = Vec::new();
    if let Some(n) = obj["spec"]["replicas"].as_i64().filter(|n| *n < 0) {
        causes.push((
            "spec.replicas".into(),
            format!("Invalid value: {n}: must be greater than or equal to 0"),
        ));
    }
    if causes.is_empty() {
        return None;
    }
    let kind = if r.group.is_empty() {
        r.kind.to_string()
    } else {
        format!("{}.{}", r.kind, r.group)
    };
    let all: Vec<String> = causes.iter().map(|(f, m)| format!("{f}: {m}")).collect();
    let message = if all.len() == 1 {
        format!("{kind} \"{name}\" is invalid: {}", all[0])
    } else {
        format!("{kind} \"{name}\" is invalid: [{}]", all.join(", "))
    };
    let details = json!({
        "name": name,
        "group": r.group,
        "kind": r.kind,
        "causes": causes.iter().map(|(f, m)| json!({"reason": "FieldValueInvalid", "message": m, "field": f})).collect::<Vec<_>>(),
    });
    Some(status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Invalid",
        &message,
        Some(details),
    ))
}
