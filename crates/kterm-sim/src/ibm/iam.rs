//! IAM: `POST /identity/token` for every grant the CLI, the SDKs and the
//! 2017-2019 API docs use (also at the older `/oidc/token`), the OpenID
//! configuration, and the one-time passcode page.
//!
//! `response_type` is a space-separated list (`cloud_iam` when absent):
//! `cloud_iam` gives the IAM tokens, `uaa` adds the Cloud Foundry
//! `uaa_token` and `uaa_refresh_token`, `delegated_refresh_token` (with
//! `receiver_client_ids=kube`) adds a delegated refresh token; asked alone
//! it is the whole answer, as in the docs.
//!
//! Sandbox choices where no public transcript fixes the wording: a wrong
//! passcode answers `BXNIM0117E`, an unknown grant `BXNIM0104E`, a missing
//! field `BXNIM0109E` (`Property missing or empty: <field>.`), the kube
//! client the only receiver of delegated refresh tokens.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

use super::{error, origin, uaa, Identity, Refresh, RefreshKind};
use crate::{fixtures, Sandbox};

const ISSUER: &str = "https://iam.cloud.ibm.com/identity";
const APIKEY_GRANT: &str = "urn:ibm:params:oauth:grant-type:apikey";
const PASSCODE_GRANT: &str = "urn:ibm:params:oauth:grant-type:passcode";
const DELEGATED_GRANT: &str = "urn:ibm:params:oauth:grant-type:delegated-refresh-token";
const PASSCODE_TTL_MS: i64 = 5 * 60 * 1000;

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/iam/identity/token", post(token))
        // The 2017 docs' spelling (`iam.<region>.bluemix.net/oidc/token`).
        .route("/iam/oidc/token", post(token))
        .route(
            "/iam/identity/.well-known/openid-configuration",
            get(openid),
        )
        .route("/iam/identity/passcode", get(passcode))
}

/// The `client:secret` of HTTP Basic auth, if any.
fn basic_client(headers: &HeaderMap) -> Option<(String, String)> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, b64) = v.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (c, s) = text.split_once(':')?;
    Some((c.to_string(), s.to_string()))
}

fn bad(code: &str, msg: &str) -> Response {
    error::iam(StatusCode::BAD_REQUEST, code, msg)
}

fn missing(field: &str) -> Response {
    bad(
        "BXNIM0109E",
        &format!("Property missing or empty: {field}."),
    )
}

async fn token(State(sb): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let client = basic_client(&headers);
    match &client {
        Some((c, s)) if !(c == s && (c == "bx" || c == "kube")) => {
            return error::iam(
                StatusCode::UNAUTHORIZED,
                "BXNIM0435E",
                "The client credentials are invalid.",
            );
        }
        _ => {}
    }
    let client_id = client
        .as_ref()
        .map(|(c, _)| c.as_str())
        .unwrap_or("default");
    let now = sb.clock.now_ms();
    let ibm = &sb.ibm;
    let grant = field("grant_type");
    let required: &[&str] = match grant {
        APIKEY_GRANT => &["apikey"],
        "password" => &["username", "password"],
        PASSCODE_GRANT => &["passcode"],
        "refresh_token" | DELEGATED_GRANT => &["refresh_token"],
        _ => &[],
    };
    if let Some(f) = required.iter().find(|f| field(f).is_empty()) {
        return missing(f);
    }
    let (iam_id, kube, account) = match grant {
        APIKEY_GRANT => {
            let w = ibm.lock();
            match w
                .api_keys
                .iter()
                .find(|k| k.value == field("apikey") && !field("apikey").is_empty())
            {
                Some(k) => (k.iam_id.clone(), false, fixtures::ACCOUNT_ID.to_string()),
                None => return bad("BXNIM0415E", "Provided API key could not be found."),
            }
        }
        "password" => {
            if field("username") == fixtures::USER_EMAIL
                && field("password") == fixtures::USER_PASSWORD
            {
                (
                    fixtures::USER_IAM_ID.to_string(),
                    false,
                    fixtures::ACCOUNT_ID.to_string(),
                )
            } else {
                let msg = format!(
                    "The credentials you entered for the user '{}' are incorrect",
                    field("username")
                );
                return bad("BXNIM0602E", &msg);
            }
        }
        PASSCODE_GRANT => {
            let mut w = ibm.lock();
            match w.passcodes.remove(field("passcode")) {
                Some(exp) if exp > now => (
                    fixtures::USER_IAM_ID.to_string(),
                    false,
                    fixtures::ACCOUNT_ID.to_string(),
                ),
                _ => return bad("BXNIM0117E", "The passcode is invalid or has expired."),
            }
        }
        "refresh_token" | DELEGATED_GRANT => {
            let want = if grant == DELEGATED_GRANT {
                RefreshKind::Delegated
            } else if client_id == "kube" {
                RefreshKind::Kube
            } else {
                RefreshKind::Iam
            };
            let w = ibm.lock();
            match w.refresh.get(field("refresh_token")) {
                None => return bad("BXNIM0407E", "Provided refresh token is invalid."),
                // Only its receiver (kube) redeems a delegated token.
                Some(r)
                    if r.kind != want
                        || (want == RefreshKind::Delegated && client_id != "kube") =>
                {
                    return bad("BXNIM0407E", "Provided refresh token is invalid.")
                }
                Some(r) if r.expires_ms <= now => {
                    return bad("BXNIM0408E", "Provided refresh token is expired.")
                }
                Some(r) => (
                    r.iam_id.clone(),
                    want != RefreshKind::Iam,
                    r.account.clone(),
                ),
            }
        }
        "" => return missing("grant_type"),
        other => return bad("BXNIM0104E", &format!("Unsupported grant type '{other}'.")),
    };
    let Some(who) = ibm.lock().identity(&iam_id).cloned() else {
        return bad("BXNIM0415E", "Provided API key could not be found.");
    };
    // A user's token is scoped to another of their accounts on request
    // (the CLI does so after its account picker).
    // `bss_account` in the docs, `account` from the CLI.
    let wanted = match field("bss_account") {
        "" => field("account"),
        a => a,
    };
    let account = match wanted {
        "" => account,
        wanted
            if who.iam_id == fixtures::USER_IAM_ID
                && fixtures::ACCOUNTS.iter().any(|a| a.id == wanted) =>
        {
            wanted.to_string()
        }
        wanted => {
            return bad(
                "BXNIM0520E",
                &format!("The user is not a member of the account '{wanted}'."),
            )
        }
    };
    let response_type = field("response_type");
    let mut types: Vec<&str> = response_type
        .split([' ', ','])
        .filter(|t| !t.is_empty())
        .collect();
    if types.is_empty() {
        types.push("cloud_iam");
    }
    let delegated = types.contains(&"delegated_refresh_token");
    if delegated
        && !field("receiver_client_ids")
            .split([',', ' '])
            .any(|c| c == "kube")
    {
        return missing("receiver_client_ids");
    }
    let mut body = if types.contains(&"cloud_iam") {
        issue(&sb, &who, &account, grant, client_id, kube, now)
    } else {
        json!({})
    };
    if types.contains(&"uaa") {
        let (token, refresh) = uaa::tokens(&sb, &who, grant, now);
        body["uaa_token"] = json!(token);
        body["uaa_refresh_token"] = json!(refresh);
    }
    // The delegated refresh token the Kubernetes flow starts from.
    if delegated {
        let ttl_s: i64 = field("delegated_refresh_token_expiry")
            .parse()
            .unwrap_or(600);
        body["delegated_refresh_token"] = json!(new_refresh(
            &sb,
            &who.iam_id,
            &account,
            RefreshKind::Delegated,
            now + ttl_s * 1000
        ));
    }
    (StatusCode::OK, Json(body)).into_response()
}

/// An id token and OIDC refresh token for the `kube` client, as the
/// delegated flow would give `iam_id` (used by the cluster config endpoints).
pub fn kube_tokens(sb: &Sandbox, iam_id: &str, account: &str) -> (String, String) {
    let now = sb.clock.now_ms();
    let who = sb.ibm.lock().identity(iam_id).cloned();
    match who {
        Some(who) => {
            let body = issue(sb, &who, account, DELEGATED_GRANT, "kube", true, now);
            (
                body["id_token"].as_str().unwrap_or_default().to_string(),
                body["refresh_token"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        }
        None => (String::new(), String::new()),
    }
}

fn new_refresh(
    sb: &Sandbox,
    iam_id: &str,
    account: &str,
    kind: RefreshKind,
    expires_ms: i64,
) -> String {
    let value = sb.ibm.ids.chars(
        120,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    );
    sb.ibm.lock().refresh.insert(
        value.clone(),
        Refresh {
            iam_id: iam_id.into(),
            account: account.into(),
            kind,
            expires_ms,
        },
    );
    value
}

/// The token response: a signed access token (and for the kube client an
/// id token), expiry fields, and a refresh token for known clients.
fn issue(
    sb: &Sandbox,
    who: &Identity,
    account: &str,
    grant: &str,
    client_id: &str,
    kube: bool,
    now: i64,
) -> Value {
    let iat = now / 1000;
    let exp = iat + sb.config.access_token_ttl_s;
    let scope = if kube {
        "ibm openid containers-kubernetes"
    } else {
        "ibm openid"
    };
    let ims = fixtures::ACCOUNTS
        .iter()
        .find(|a| a.id == account)
        .map(|a| a.ims)
        .unwrap_or_default();
    let claims = json!({
        "iam_id": who.iam_id,
        "id": who.iam_id,
        "realmid": if who.iam_id.starts_with("IBMid") { "IBMid" } else { "iam" },
        "session_id": format!("C-{}", sb.ibm.ids.uuid()),
        "jti": sb.ibm.ids.uuid(),
        "identifier": who.iam_id.trim_start_matches("IBMid-"),
        "given_name": who.given_name,
        "family_name": who.family_name,
        "name": format!("{} {}", who.given_name, who.family_name),
        "email": who.email,
        "sub": who.email,
        "authn": {"sub": who.email, "iam_id": who.iam_id, "name": format!("{} {}", who.given_name, who.family_name), "email": who.email},
        "account": if ims.is_empty() {
            json!({"valid": true, "bss": account})
        } else {
            json!({"valid": true, "bss": account, "ims": ims})
        },
        "iat": iat,
        "exp": exp,
        "iss": ISSUER,
        "grant_type": grant,
        "scope": scope,
        "client_id": client_id,
        "acr": 1,
        "amr": ["pwd"],
    });
    let mut body = json!({
        "access_token": sb.ibm.signer.sign(&claims),
        "refresh_token": "not_supported",
        "ims_user_id": 11_223_344,
        "token_type": "Bearer",
        "expires_in": sb.config.access_token_ttl_s,
        "expiration": exp,
        "scope": scope,
    });
    if client_id == "bx" || client_id == "kube" {
        let kind = if kube {
            RefreshKind::Kube
        } else {
            RefreshKind::Iam
        };
        body["refresh_token"] = json!(new_refresh(
            sb,
            &who.iam_id,
            account,
            kind,
            now + sb.config.refresh_token_ttl_s * 1000
        ));
    }
    if kube {
        let id_claims = json!({
            "iam_id": who.iam_id,
            "account": {"valid": true, "bss": account},
            "iss": ISSUER,
            "aud": "kube",
            "sub": who.iam_id,
            "email": who.email,
            "name": format!("{} {}", who.given_name, who.family_name),
            "iat": iat,
            "exp": exp,
            "scope": scope,
            format!("sub_{account}"): who.iam_id,
            format!("iam_id_{account}"): who.iam_id,
            format!("realmed_sub_{account}"): who.iam_id,
            format!("groups_{account}"): [],
        });
        body["id_token"] = json!(sb.ibm.signer.sign(&id_claims));
    }
    body
}

async fn openid(headers: HeaderMap) -> Json<Value> {
    let base = format!("{}/api/iam/identity", origin(&headers));
    Json(json!({
        "issuer": ISSUER,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "passcode_endpoint": format!("{base}/passcode"),
        "jwks_uri": format!("{base}/keys"),
        "response_types_supported": ["code", "token", "id_token"],
        "grant_types_supported": ["authorization_code", "password", "refresh_token", APIKEY_GRANT, PASSCODE_GRANT, DELEGATED_GRANT],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid"],
    }))
}

/// A fresh one-time code for the demo user (single use, five minutes), as
/// a page a person reads, or JSON for tests (`Accept: application/json`).
async fn passcode(State(sb): State<Sandbox>, headers: HeaderMap) -> Response {
    let code = sb.ibm.ids.chars(
        10,
        b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789",
    );
    let expires = sb.clock.now_ms() + PASSCODE_TTL_MS;
    sb.ibm.lock().passcodes.insert(code.clone(), expires);
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    if wants_json {
        return Json(json!({"passcode": code})).into_response();
    }
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>One-time passcode</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>Your one-time passcode</h1>\
         <p style=\"font:2em monospace\" id=\"passcode\">{code}</p>\
         <p>For {} in the kterm sandbox. It works once, within 5 minutes: paste it at <code>One Time Code &gt;</code>.</p></body></html>",
        fixtures::USER_EMAIL
    ))
    .into_response()
}
