//! IAM Identity API keys: `/v1/apikeys` create, list, get, details, delete.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{error, ApiKey, Caller};
use crate::{fixtures, Sandbox};

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/iam/v1/apikeys", get(list).post(create))
        .route("/iam/v1/apikeys/details", get(details))
        .route("/iam/v1/apikeys/{id}", get(get_one).delete(delete))
}

/// `yyyy-MM-ddTHH:mm+0000`, IAM's timestamp format.
pub fn iam_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = crate::time::civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}+0000",
        sod / 3600,
        sod / 60 % 60
    )
}

/// At most this many API keys per identity: IBM documents a default limit
/// on "API keys per identity" (raised only through a support case) without
/// a published figure; the sandbox bounds its memory with 100 per identity,
/// fixtures included.
pub const MAX_KEYS_PER_IDENTITY: usize = 100;
/// Longest name, description and passed-through key value, in characters.
/// IAM does not publish these, nor the codes it answers with when a limit
/// is hit: the lengths and `BXNIM0511E`/`BXNIM0512E` are the sandbox's own,
/// in IAM's error shape.
pub const MAX_NAME_CHARS: usize = 256;
pub const MAX_DESCRIPTION_CHARS: usize = 1024;
pub const MAX_VALUE_CHARS: usize = 256;

/// The first field longer than its limit, as IAM's error body.
fn too_long(name: &str, description: &str, value: &str) -> Option<Response> {
    [
        ("name", name, MAX_NAME_CHARS),
        ("description", description, MAX_DESCRIPTION_CHARS),
        ("apikey", value, MAX_VALUE_CHARS),
    ]
    .into_iter()
    .find(|(_, v, max)| v.chars().count() > *max)
    .map(|(field, _, max)| {
        error::iam(
            StatusCode::BAD_REQUEST,
            "BXNIM0511E",
            &format!("Property '{field}' exceeds the maximum length of {max} characters."),
        )
    })
}

fn view(k: &ApiKey, with_value: bool) -> Value {
    let mut v = json!({
        "id": k.id,
        "entity_tag": k.entity_tag,
        "crn": format!("crn:v1:bluemix:public:iam-identity::a/{}::apikey:{}", fixtures::ACCOUNT_ID, k.id),
        "locked": false,
        "disabled": false,
        "created_at": iam_time(k.created_ms),
        "created_by": k.iam_id,
        "modified_at": iam_time(k.created_ms),
        "name": k.name,
        "description": k.description,
        "iam_id": k.iam_id,
        "account_id": fixtures::ACCOUNT_ID,
        "support_sessions": false,
        "action_when_leaked": "none",
    });
    if with_value {
        v["apikey"] = json!(k.value);
    }
    v
}

#[derive(Deserialize)]
struct CreateBody {
    name: Option<String>,
    iam_id: Option<String>,
    description: Option<String>,
    apikey: Option<String>,
}

async fn create(State(sb): State<Sandbox>, Caller(p): Caller, body: axum::body::Bytes) -> Response {
    let Ok(body) = serde_json::from_slice::<CreateBody>(&body) else {
        return error::platform(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request body is not valid JSON.",
        );
    };
    let Some(name) = body.name.filter(|n| !n.trim().is_empty()) else {
        return error::platform(
            StatusCode::BAD_REQUEST,
            "missing_field",
            "Property 'name' is missing.",
        );
    };
    let iam_id = body.iam_id.unwrap_or_else(|| p.iam_id.clone());
    if iam_id != p.iam_id {
        return error::platform(
            StatusCode::FORBIDDEN,
            "forbidden",
            "You are not allowed to create API keys for that identity.",
        );
    }
    let description = body.description.unwrap_or_default();
    let passed = body.apikey.unwrap_or_default();
    if let Some(r) = too_long(&name, &description, &passed) {
        return r;
    }
    let ibm = &sb.ibm;
    let mut w = ibm.lock();
    if w.api_keys.iter().filter(|k| k.iam_id == iam_id).count() >= MAX_KEYS_PER_IDENTITY {
        return error::iam(
            StatusCode::BAD_REQUEST,
            "BXNIM0512E",
            &format!(
                "The maximum number of {MAX_KEYS_PER_IDENTITY} API keys for identity '{iam_id}' is reached."
            ),
        );
    }
    let value = Some(passed).filter(|v| v.len() >= 32).unwrap_or_else(|| {
        ibm.ids.chars(
            44,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        )
    });
    let key = ApiKey {
        id: format!("ApiKey-{}", ibm.ids.uuid()),
        name,
        description,
        value,
        iam_id,
        created_ms: sb.clock.now_ms(),
        entity_tag: format!("1-{}", ibm.ids.hex(32)),
    };
    let v = view(&key, true);
    w.api_keys.push(key);
    (StatusCode::CREATED, Json(v)).into_response()
}

#[derive(Deserialize)]
struct ListQuery {
    iam_id: Option<String>,
    pagesize: Option<usize>,
}

async fn list(
    State(sb): State<Sandbox>,
    Caller(p): Caller,
    Query(q): Query<ListQuery>,
) -> Response {
    let iam_id = q.iam_id.unwrap_or(p.iam_id);
    let w = sb.ibm.lock();
    let keys: Vec<Value> = w
        .api_keys
        .iter()
        .filter(|k| k.iam_id == iam_id)
        .map(|k| view(k, false))
        .collect();
    let limit = q.pagesize.unwrap_or(20);
    Json(json!({"offset": 0, "limit": limit, "apikeys": keys.into_iter().take(limit).collect::<Vec<_>>()})).into_response()
}

fn not_found(id: &str) -> Response {
    error::platform(
        StatusCode::NOT_FOUND,
        "not_found",
        &format!("API key with ID {id} not found."),
    )
}

async fn get_one(State(sb): State<Sandbox>, _: Caller, Path(id): Path<String>) -> Response {
    let w = sb.ibm.lock();
    match w.api_keys.iter().find(|k| k.id == id) {
        Some(k) => Json(view(k, false)).into_response(),
        None => not_found(&id),
    }
}

async fn details(State(sb): State<Sandbox>, _: Caller, headers: HeaderMap) -> Response {
    let value = headers
        .get("iam-apikey")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let w = sb.ibm.lock();
    match w.api_keys.iter().find(|k| k.value == value) {
        Some(k) => Json(view(k, false)).into_response(),
        None => error::platform(StatusCode::NOT_FOUND, "not_found", "API key not found."),
    }
}

async fn delete(State(sb): State<Sandbox>, Caller(p): Caller, Path(id): Path<String>) -> Response {
    let mut w = sb.ibm.lock();
    match w.api_keys.iter().position(|k| k.id == id) {
        Some(i) if w.api_keys[i].iam_id != p.iam_id => error::platform(
            StatusCode::FORBIDDEN,
            "forbidden",
            "You are not allowed to delete this API key.",
        ),
        Some(i) => {
            w.api_keys.remove(i);
            StatusCode::NO_CONTENT.into_response()
        }
        None => not_found(&id),
    }
}
