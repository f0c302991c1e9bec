//! `kind: Status` error bodies, as kube-apiserver writes them.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub fn status(code: StatusCode, reason: &str, message: &str, details: Option<Value>) -> Response {
    let mut body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
    });
    if let Some(d) = details {
        body["details"] = d;
    }
    body["code"] = json!(code.as_u16());
    (code, Json(body)).into_response()
}

pub fn not_found(resource: &str, name: &str) -> Response {
    let kind = resource.split('.').next().unwrap_or(resource);
    let group = resource.split_once('.').map(|(_, g)| g);
    let mut details = json!({"name": name});
    if let Some(g) = group {
        details["group"] = json!(g);
    }
    details["kind"] = json!(kind);
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("{resource} \"{name}\" not found"),
        Some(details),
    )
}

pub fn unauthorized() -> Response {
    status(
        StatusCode::UNAUTHORIZED,
        "Unauthorized",
        "Unauthorized",
        None,
    )
}

/// The generic 404 for paths the server does not serve.
pub fn no_route() -> Response {
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        "the server could not find the requested resource",
        Some(json!({})),
    )
}
