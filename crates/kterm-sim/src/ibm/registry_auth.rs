//! The registry's Docker v2 face under `/registry/<region>`: the `/v2/`
//! ping with its Bearer challenge, the token service at `/oauth/token`
//! (Basic auth, as `docker login` sends it), and the two repository calls
//! that show what a token may do: listing tags (pull) and starting a blob
//! upload (push). No image data is stored.
//!
//! The token service accepts exactly the account's credentials: the user
//! names `iamapikey` (an IAM API key), `token` (a registry token from
//! `ibmcloud cr token-add`, refused once expired or removed), `iambearer`
//! (an IAM access token) and `iamrefresh` (the CLI's IAM refresh token,
//! what `ibmcloud cr login` uses). A read-only registry token or a
//! view-only identity is granted `pull` only.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

use super::registry::DOMAINS;
use crate::{fixtures, Sandbox};

/// What IBM's registry says to bad or missing credentials.
pub const AUTH_REQUIRED: &str =
    "Authorization required. See https://cloud.ibm.com/docs/Registry?topic=Registry-troubleshoot-auth-req";
/// How long a registry access token lives, in seconds.
const ACCESS_TTL_S: i64 = 300;
/// The issuer of the sandbox registry's access tokens.
const ISSUER: &str = "registry";

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/registry/{region}/v2/", get(ping))
        .route("/registry/{region}/v2", get(ping))
        .route("/registry/{region}/oauth/token", get(token))
        .route(
            "/registry/{region}/v2/{*path}",
            get(repository).post(repository),
        )
}

fn domain(region: &str) -> Option<&'static str> {
    DOMAINS.iter().find(|(r, _)| *r == region).map(|(_, d)| *d)
}

/// Errors in the Docker registry's `errors` shape.
fn errors(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"errors": [{"code": code, "message": message, "detail": null}]})),
    )
        .into_response()
}

/// 401 with the challenge that sends a client to the token service.
fn challenge(domain: &str, scope: Option<&str>) -> Response {
    let mut value = format!("Bearer realm=\"https://{domain}/oauth/token\",service=\"registry\"");
    if let Some(s) = scope {
        value.push_str(&format!(",scope=\"{s}\""));
    }
    let mut r = errors(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        "authentication required",
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        r.headers_mut().insert("www-authenticate", v);
    }
    r.headers_mut().insert(
        "docker-distribution-api-version",
        HeaderValue::from_static("registry/2.0"),
    );
    r
}

/// The claims of a registry access token for `region`, still valid.
fn access_claims(sb: &Sandbox, headers: &HeaderMap, region: &str) -> Option<Value> {
    let c = sb.ibm.signer.verify(super::bearer(headers))?;
    let ok = c["iss"] == ISSUER
        && c["region"] == region
        && c["exp"]
            .as_i64()
            .is_some_and(|e| e * 1000 > sb.clock.now_ms());
    ok.then_some(c)
}

async fn ping(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
) -> Response {
    let Some(domain) = domain(&region) else {
        return errors(StatusCode::NOT_FOUND, "NOT_FOUND", "Not Found");
    };
    match access_claims(&sb, &headers, &region) {
        Some(_) => {
            let mut r = Json(json!({})).into_response();
            r.headers_mut().insert(
                "docker-distribution-api-version",
                HeaderValue::from_static("registry/2.0"),
            );
            r
        }
        None => challenge(domain, None),
    }
}

/// Who presented the credentials: their account and whether they may push.
struct Holder {
    subject: String,
    account: String,
    can_push: bool,
}

/// Checks `user:password` from a Basic header against what the account has.
fn holder(sb: &Sandbox, headers: &HeaderMap) -> Option<Holder> {
    let basic = headers
        .get("authorization")?
        .to_str()
        .ok()?
        .strip_prefix("Basic ")?
        .trim();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(basic)
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (user, password) = text.split_once(':')?;
    if password.is_empty() {
        return None;
    }
    let now_ms = sb.clock.now_ms();
    match user {
        "iamapikey" => {
            let w = sb.ibm.lock();
            let key = w.api_keys.iter().find(|k| k.value == password)?;
            let who = w.identity(&key.iam_id)?;
            Some(Holder {
                subject: who.iam_id.clone(),
                account: fixtures::ACCOUNT_ID.into(),
                can_push: who.can_write,
            })
        }
        "iamrefresh" => {
            let w = sb.ibm.lock();
            let r = w.refresh.get(password)?;
            if r.kind != super::RefreshKind::Iam || r.expires_ms <= now_ms {
                return None;
            }
            let who = w.identity(&r.iam_id)?;
            Some(Holder {
                subject: who.iam_id.clone(),
                account: r.account.clone(),
                can_push: who.can_write,
            })
        }
        "iambearer" => {
            let p = sb.authenticate(password).ok()?;
            Some(Holder {
                subject: p.iam_id,
                account: p.account_id,
                can_push: p.can_write,
            })
        }
        "token" => {
            let claims = sb.ibm.signer.verify(password)?;
            let r = sb.ibm.registry.0.lock().unwrap_or_else(|e| e.into_inner());
            let t = r.tokens.iter().find(|t| t.token == password)?;
            if t.expiry != 0 && t.expiry * 1000 <= now_ms {
                return None;
            }
            Some(Holder {
                subject: format!("token:{}", t.id),
                account: claims["account"].as_str()?.to_string(),
                can_push: !t.readonly,
            })
        }
        _ => None,
    }
}

/// The actions granted on each `repository:NAME:ACTIONS` scope: pull on a
/// namespace of the holder's account, push too when the holder may write.
fn grants(sb: &Sandbox, region: &str, h: &Holder, scopes: &[String]) -> Vec<Value> {
    let r = sb.ibm.registry.0.lock().unwrap_or_else(|e| e.into_inner());
    let mine = |name: &str| {
        let ns = name.split('/').next().unwrap_or("");
        r.namespaces
            .get(region)
            .and_then(|m| m.get(ns))
            .is_some_and(|n| n.account == h.account)
    };
    let mut out = Vec::new();
    for s in scopes {
        let mut parts = s.splitn(3, ':');
        let (Some("repository"), Some(name), Some(actions)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let granted: Vec<&str> = actions
            .split(',')
            .filter(|a| mine(name) && (*a == "pull" || (*a == "push" && h.can_push)))
            .collect();
        out.push(json!({"type": "repository", "name": name, "actions": granted}));
    }
    out
}

async fn token(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if domain(&region).is_none() {
        return errors(StatusCode::NOT_FOUND, "NOT_FOUND", "Not Found");
    }
    let Some(h) = holder(&sb, &headers) else {
        return errors(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", AUTH_REQUIRED);
    };
    let scopes: Vec<String> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .filter(|(k, _)| k == "scope")
        .flat_map(|(_, v)| v.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    let now_s = sb.clock.now_ms() / 1000;
    let access = grants(&sb, &region, &h, &scopes);
    let jwt = sb.ibm.signer.sign(&json!({
        "iss": ISSUER,
        "sub": h.subject,
        "aud": "registry",
        "account": h.account,
        "region": region,
        "iat": now_s,
        "exp": now_s + ACCESS_TTL_S,
        "access": access,
    }));
    Json(json!({
        "token": jwt,
        "access_token": jwt,
        "expires_in": ACCESS_TTL_S,
        "issued_at": crate::time::rfc3339(now_s * 1000),
    }))
    .into_response()
}

/// `GET /v2/<name>/tags/list` (pull) and `POST /v2/<name>/blobs/uploads/`
/// (push), each checked against the access the token was granted.
async fn repository(
    State(sb): State<Sandbox>,
    method: axum::http::Method,
    headers: HeaderMap,
    Path((region, path)): Path<(String, String)>,
) -> Response {
    let Some(domain) = domain(&region) else {
        return errors(StatusCode::NOT_FOUND, "NOT_FOUND", "Not Found");
    };
    let (name, action) = match (method.as_str(), path.trim_end_matches('/')) {
        ("GET", p) if p.ends_with("/tags/list") => (p.trim_end_matches("/tags/list"), "pull"),
        ("POST", p) if p.ends_with("/blobs/uploads") => {
            (p.trim_end_matches("/blobs/uploads"), "push")
        }
        _ => return errors(StatusCode::NOT_FOUND, "NOT_FOUND", "Not Found"),
    };
    let scope = format!("repository:{name}:{action}");
    let Some(claims) = access_claims(&sb, &headers, &region) else {
        return challenge(domain, Some(&scope));
    };
    let allowed = claims["access"].as_array().is_some_and(|a| {
        a.iter().any(|g| {
            g["name"] == name
                && g["actions"]
                    .as_array()
                    .is_some_and(|x| x.iter().any(|v| v == action))
        })
    });
    if !allowed {
        return errors(
            StatusCode::FORBIDDEN,
            "DENIED",
            "requested access to the resource is denied",
        );
    }
    if action == "push" {
        let id = sb.ibm.ids.uuid();
        let mut r = StatusCode::ACCEPTED.into_response();
        for (k, v) in [
            ("location", format!("/v2/{name}/blobs/uploads/{id}")),
            ("docker-upload-uuid", id.clone()),
            ("range", "0-0".to_string()),
        ] {
            if let Ok(v) = HeaderValue::from_str(&v) {
                r.headers_mut().insert(k, v);
            }
        }
        return r;
    }
    let tags = super::registry::tags(&region, name);
    Json(json!({"name": name, "tags": tags})).into_response()
}
