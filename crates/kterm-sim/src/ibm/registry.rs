//! Container Registry v1 under `/registry/<region>/api/v1`: namespaces,
//! images, quotas and registry tokens.
//!
//! Registry tokens were deprecated in 2019 and later removed from the real
//! service; the sandbox emulates their documented behaviour (add, list, get,
//! remove) so that the IBM docs' `ibmcloud cr token-*` steps work as written.

use std::collections::BTreeMap;
use std::sync::Mutex;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::bearer;
use crate::{fixtures, Principal, Sandbox};

pub struct Token {
    pub id: String,
    /// The account that added it; the cap on tokens counts per account.
    pub account: String,
    pub token: String,
    pub description: String,
    pub readonly: bool,
    /// Seconds since the epoch; 0 = never.
    pub expiry: i64,
}

#[derive(Default)]
pub struct Registry {
    /// region → namespace name (unique in a region, across accounts) → namespace
    pub namespaces: BTreeMap<String, BTreeMap<String, Namespace>>,
    pub tokens: Vec<Token>,
}

pub struct Namespace {
    pub account: String,
    pub group: String,
    pub created_ms: i64,
}

impl Namespace {
    fn demo(group: &str, created_ms: i64) -> Self {
        Self {
            account: fixtures::ACCOUNT_ID.into(),
            group: group.into(),
            created_ms,
        }
    }
}

pub struct RegistryState(pub Mutex<Registry>);

impl RegistryState {
    pub fn seeded(now_ms: i64) -> Self {
        let mut r = Registry::default();
        let default_group = fixtures::RESOURCE_GROUPS[0].id.to_string();
        let us = r.namespaces.entry("us-south".into()).or_default();
        us.insert(
            "demo-ns".into(),
            Namespace::demo(&default_group, now_ms - 400 * 86_400_000),
        );
        us.insert(
            "team-apps".into(),
            Namespace::demo(fixtures::RESOURCE_GROUPS[1].id, now_ms - 30 * 86_400_000),
        );
        Self(Mutex::new(r))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Domains by region, as the registry names them.
pub const DOMAINS: &[(&str, &str)] = &[
    ("global", "icr.io"),
    ("au-syd", "au.icr.io"),
    ("br-sao", "br.icr.io"),
    ("ca-tor", "ca.icr.io"),
    ("eu-de", "de.icr.io"),
    ("eu-es", "es.icr.io"),
    ("eu-gb", "uk.icr.io"),
    ("in-che", "in.icr.io"),
    ("jp-osa", "jp2.icr.io"),
    ("jp-tok", "jp.icr.io"),
    ("us-south", "us.icr.io"),
];

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/registry/{region}/api/v1/namespaces", get(namespaces))
        .route(
            "/registry/{region}/api/v1/namespaces/details",
            get(namespace_details),
        )
        .route(
            "/registry/{region}/api/v1/namespaces/{name}",
            put(add_namespace)
                .delete(remove_namespace)
                .patch(assign_namespace),
        )
        .route("/registry/{region}/api/v1/images", get(images))
        .route("/registry/{region}/api/v1/quotas", get(quotas))
        .route(
            "/registry/{region}/api/v1/tokens",
            get(list_tokens).post(add_token),
        )
        .route(
            "/registry/{region}/api/v1/tokens/{id}",
            get(get_token).delete(remove_token),
        )
}

fn fail(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"code": code, "message": message, "request-id": "sandbox"})),
    )
        .into_response()
}

/// Checks the token and the `Account` header every registry call needs.
fn caller(sb: &Sandbox, headers: &HeaderMap, region: &str) -> Result<Principal, Box<Response>> {
    let p = sb.authenticate(bearer(headers)).map_err(|_| {
        Box::new(fail(
            StatusCode::UNAUTHORIZED,
            "CRG0003E",
            "You are not authorized to access the specified resource.",
        ))
    })?;
    let account = headers
        .get("account")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if account.is_empty() {
        return Err(Box::new(fail(
            StatusCode::BAD_REQUEST,
            "CRG0001E",
            "The 'Account' header is required.",
        )));
    }
    if account != p.account_id {
        return Err(Box::new(fail(
            StatusCode::FORBIDDEN,
            "CRG0009E",
            "You are not authorized to access the specified account.",
        )));
    }
    if !DOMAINS.iter().any(|(r, _)| *r == region) {
        return Err(Box::new(fail(
            StatusCode::NOT_FOUND,
            "CRG0004E",
            "The registry region was not found.",
        )));
    }
    Ok(p)
}

macro_rules! authed {
    ($sb:expr, $headers:expr, $region:expr) => {
        match caller(&$sb, &$headers, &$region) {
            Ok(p) => p,
            Err(r) => return *r,
        }
    };
}

fn valid_namespace(n: &str) -> bool {
    let ok_chars = n
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    let ends = n.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && n.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    (4..=30).contains(&n.len()) && ok_chars && ends
}

async fn namespaces(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
) -> Response {
    let p = authed!(sb, headers, region);
    let r = sb.ibm.registry.lock();
    let list: Vec<&String> = r
        .namespaces
        .get(&region)
        .map(|m| {
            m.iter()
                .filter(|(_, ns)| ns.account == p.account_id)
                .map(|(name, _)| name)
                .collect()
        })
        .unwrap_or_default();
    Json(json!(list)).into_response()
}

async fn namespace_details(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
) -> Response {
    let p = authed!(sb, headers, region);
    let r = sb.ibm.registry.lock();
    let list: Vec<Value> = r
        .namespaces
        .get(&region)
        .map(|m| {
            m.iter()
                .filter(|(_, ns)| ns.account == p.account_id)
                .map(|(name, ns)| {
                    let (group, t) = (&ns.group, crate::time::rfc3339(ns.created_ms));
                    json!({"account": p.account_id, "created_date": t, "crn": format!("crn:v1:bluemix:public:container-registry:{region}:a/{}::namespace:{name}", p.account_id), "name": name, "resource_created_date": t, "resource_group": group, "updated_date": t})
                })
                .collect()
        })
        .unwrap_or_default();
    Json(json!(list)).into_response()
}

async fn add_namespace(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path((region, name)): Path<(String, String)>,
) -> Response {
    let p = authed!(sb, headers, region);
    if !p.can_write {
        return fail(
            StatusCode::FORBIDDEN,
            "CRG0009E",
            "You are not authorized to create namespaces.",
        );
    }
    if !valid_namespace(&name) {
        return fail(StatusCode::BAD_REQUEST, "CRN0002E", "The namespace is not valid. Namespaces must be 4-30 characters long, contain only lowercase letters, numbers, hyphens (-), and underscores (_), and start and end with a letter or number.");
    }
    let group = headers
        .get("x-auth-resource-group")
        .and_then(|v| v.to_str().ok())
        .unwrap_or(fixtures::RESOURCE_GROUPS[0].id)
        .to_string();
    let now = sb.clock.now_ms();
    let mut r = sb.ibm.registry.lock();
    // Names are unique across every account in a region.
    if r.namespaces
        .get(&region)
        .is_some_and(|m| m.contains_key(&name))
    {
        return fail(StatusCode::CONFLICT, "CRN0003E", &format!("The namespace '{name}' is already in use. Namespaces must be unique in the region."));
    }
    r.namespaces.entry(region).or_default().insert(
        name.clone(),
        Namespace {
            account: p.account_id.clone(),
            group,
            created_ms: now,
        },
    );
    (StatusCode::CREATED, Json(json!({"namespace": name}))).into_response()
}

async fn assign_namespace(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path((region, name)): Path<(String, String)>,
) -> Response {
    let p = authed!(sb, headers, region);
    let group = headers
        .get("x-auth-resource-group")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mut r = sb.ibm.registry.lock();
    match r
        .namespaces
        .get_mut(&region)
        .and_then(|m| m.get_mut(&name))
        .filter(|ns| ns.account == p.account_id)
    {
        Some(ns) => {
            ns.group = group;
            Json(json!({"namespace": name})).into_response()
        }
        None => fail(
            StatusCode::NOT_FOUND,
            "CRN0005E",
            &format!("The namespace '{name}' was not found."),
        ),
    }
}

async fn remove_namespace(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path((region, name)): Path<(String, String)>,
) -> Response {
    let p = authed!(sb, headers, region);
    if !p.can_write {
        return fail(
            StatusCode::FORBIDDEN,
            "CRG0009E",
            "You are not authorized to remove namespaces.",
        );
    }
    let mut r = sb.ibm.registry.lock();
    let mine = r
        .namespaces
        .get(&region)
        .and_then(|m| m.get(&name))
        .is_some_and(|ns| ns.account == p.account_id);
    let removed = if mine {
        r.namespaces.get_mut(&region).and_then(|m| m.remove(&name))
    } else {
        None
    };
    match removed {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => fail(
            StatusCode::NOT_FOUND,
            "CRN0005E",
            &format!("The namespace '{name}' was not found."),
        ),
    }
}

#[derive(Deserialize)]
struct ImageQuery {
    namespace: Option<String>,
}

/// (namespace, repository, tag, digest hex, days old, size bytes, issues)
const IMAGES: &[(&str, &str, &str, &str, i64, i64, u32)] = &[
    (
        "demo-ns",
        "web",
        "1.27",
        "e140f3a4824052c1d9c1f8a2b7e3d6c5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9",
        12,
        72_318_976,
        0,
    ),
    (
        "demo-ns",
        "web",
        "latest",
        "e140f3a4824052c1d9c1f8a2b7e3d6c5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9",
        12,
        72_318_976,
        0,
    ),
    (
        "demo-ns",
        "api",
        "2.4.1",
        "7b1d9c0e5f2a4b3c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c",
        2,
        143_654_912,
        3,
    ),
    (
        "team-apps",
        "worker",
        "0.9.0",
        "3c2f4b1a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a",
        1,
        48_234_496,
        1,
    ),
];

async fn images(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
    Query(q): Query<ImageQuery>,
) -> Response {
    let p = authed!(sb, headers, region);
    let domain = DOMAINS
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, d)| *d)
        .unwrap_or("us.icr.io");
    let now_s = sb.clock.now_ms() / 1000;
    let r = sb.ibm.registry.lock();
    let present = |ns: &str| {
        r.namespaces
            .get(&region)
            .and_then(|m| m.get(ns))
            .is_some_and(|n| n.account == p.account_id)
    };
    let list: Vec<Value> = IMAGES
        .iter()
        .filter(|(ns, ..)| present(ns) && q.namespace.as_deref().is_none_or(|n| n == *ns))
        .map(|(ns, repo, tag, digest, days, size, issues)| {
            let name = format!("{domain}/{ns}/{repo}");
            json!({
                "Id": format!("sha256:{digest}"),
                "Created": now_s - days * 86_400,
                "DigestTags": {format!("sha256:{digest}"): [tag]},
                "RepoTags": [format!("{name}:{tag}")],
                "RepoDigests": [format!("{name}@sha256:{digest}")],
                "Size": size,
                "VirtualSize": size,
                "ManifestType": "application/vnd.docker.distribution.manifest.v2+json",
                "ParentId": "",
                "Labels": {},
                "Vulnerable": if *issues > 0 { "true" } else { "false" },
                "VulnerabilityCount": issues,
                "IssueCount": issues,
                "ConfigurationIssueCount": 0,
                "ExemptIssueCount": 0,
            })
        })
        .collect();
    Json(json!(list)).into_response()
}

async fn quotas(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
) -> Response {
    authed!(sb, headers, region);
    let used: i64 = IMAGES.iter().map(|i| i.5).sum();
    Json(json!({"limit": {"storage_bytes": 536_870_912, "traffic_bytes": 5_368_709_120i64}, "usage": {"storage_bytes": used, "traffic_bytes": 0}})).into_response()
}

/// A registry token without `--non-expiring` lasts 24 hours, as the docs say.
pub const TOKEN_TTL_S: i64 = 24 * 3600;

/// The tags of repository `name` (`namespace/repo`) in `region`.
pub fn tags(region: &str, name: &str) -> Vec<&'static str> {
    // The fixture images live in the us-south namespaces.
    if region != "us-south" {
        return Vec::new();
    }
    IMAGES
        .iter()
        .filter(|(ns, repo, ..)| format!("{ns}/{repo}") == name)
        .map(|(_, _, tag, ..)| *tag)
        .collect()
}

/// At most this many registry tokens per account. IBM never published a
/// limit before it removed registry tokens; the sandbox states its own, and
/// its codes `CRG0011E`/`CRG0012E` are the sandbox's, in the registry's shape.
pub const MAX_TOKENS_PER_ACCOUNT: usize = 100;
/// Longest token description (`cr token-add --description`), in characters.
pub const MAX_TOKEN_DESCRIPTION_CHARS: usize = 256;

#[derive(Deserialize)]
struct TokenQuery {
    description: Option<String>,
    permanent: Option<bool>,
    write: Option<bool>,
}

async fn add_token(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
    Query(q): Query<TokenQuery>,
) -> Response {
    let p = authed!(sb, headers, region);
    let description = q.description.unwrap_or_default();
    if description.chars().count() > MAX_TOKEN_DESCRIPTION_CHARS {
        return fail(
            StatusCode::BAD_REQUEST,
            "CRG0011E",
            &format!(
                "The token description is too long. Descriptions can be at most {MAX_TOKEN_DESCRIPTION_CHARS} characters."
            ),
        );
    }
    let mut r = sb.ibm.registry.lock();
    if r.tokens
        .iter()
        .filter(|t| t.account == p.account_id)
        .count()
        >= MAX_TOKENS_PER_ACCOUNT
    {
        return fail(
            StatusCode::BAD_REQUEST,
            "CRG0012E",
            &format!(
                "The account already has the maximum of {MAX_TOKENS_PER_ACCOUNT} registry tokens. Remove a token and try again."
            ),
        );
    }
    let id = sb.ibm.ids.uuid();
    let expiry = if q.permanent.unwrap_or(false) {
        0
    } else {
        sb.clock.now_ms() / 1000 + TOKEN_TTL_S
    };
    let readonly = !q.write.unwrap_or(false);
    let token = sb.ibm.signer.sign(&json!({"jti": id, "iss": "registry.bluemix.net", "account": p.account_id, "readonly": readonly, "exp": expiry}));
    r.tokens.push(Token {
        id,
        account: p.account_id,
        token: token.clone(),
        description,
        readonly,
        expiry,
    });
    Json(json!({"token": token})).into_response()
}

async fn list_tokens(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
) -> Response {
    let p = authed!(sb, headers, region);
    let r = sb.ibm.registry.lock();
    let list: Vec<Value> = r
        .tokens
        .iter()
        .map(|t| json!({"_id": t.id, "owner": p.account_id, "token": "", "secondary_owner": t.description, "readonly": t.readonly, "revoked": false, "expiry": t.expiry, "encrypted_token": ""}))
        .collect();
    Json(json!({"tokens": list})).into_response()
}

async fn get_token(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path((region, id)): Path<(String, String)>,
) -> Response {
    authed!(sb, headers, region);
    let r = sb.ibm.registry.lock();
    match r.tokens.iter().find(|t| t.id == id) {
        Some(t) => Json(json!({"token": t.token})).into_response(),
        None => fail(
            StatusCode::NOT_FOUND,
            "CRG0010E",
            &format!("The token with ID '{id}' was not found."),
        ),
    }
}

async fn remove_token(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path((region, id)): Path<(String, String)>,
) -> Response {
    authed!(sb, headers, region);
    let mut r = sb.ibm.registry.lock();
    let before = r.tokens.len();
    r.tokens.retain(|t| t.id != id);
    if r.tokens.len() == before {
        return fail(
            StatusCode::NOT_FOUND,
            "CRG0010E",
            &format!("The token with ID '{id}' was not found."),
        );
    }
    StatusCode::NO_CONTENT.into_response()
}
