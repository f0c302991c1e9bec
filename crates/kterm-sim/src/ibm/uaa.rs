//! The Cloud Foundry UAA tokens IAM hands out with `response_type=cloud_iam
//! uaa` (the 2017 docs' `uaa_token`, `uaa_refresh_token`), and their check
//! by the Cloud Foundry API. They are JWTs with UAA's claims, signed by the
//! sandbox's key; IAM's own APIs do not take them (no `iam_id`).

use serde_json::{json, Value};

use super::Identity;
use crate::Sandbox;

pub const ISSUER: &str = "https://uaa.ng.bluemix.net/oauth/token";
const SCOPES: &[&str] = &[
    "cloud_controller.read",
    "password.write",
    "cloud_controller.write",
    "openid",
    "uaa.user",
];
const AUDIENCE: &[&str] = &["cloud_controller", "password", "cf", "uaa", "openid"];

/// The user's id in UAA (a GUID, as UAA names users).
fn user_id(who: &Identity) -> String {
    let mut hex: String = who.iam_id.bytes().map(|b| format!("{b:02x}")).collect();
    hex.truncate(32);
    while hex.len() < 32 {
        hex.push('0');
    }
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `(uaa_token, uaa_refresh_token)` for `who`, issued at `now_ms`.
pub fn tokens(sb: &Sandbox, who: &Identity, grant: &str, now_ms: i64) -> (String, String) {
    let iat = now_ms / 1000;
    let jti = sb.ibm.ids.hex(32);
    let user = user_id(who);
    let claims = |jti: &str, exp: i64| {
        json!({
            "jti": jti,
            "sub": user,
            "scope": SCOPES,
            "client_id": "cf",
            "cid": "cf",
            "azp": "cf",
            "grant_type": grant,
            "user_id": user,
            "origin": "uaa",
            "user_name": who.email,
            "email": who.email,
            "iat": iat,
            "exp": exp,
            "iss": ISSUER,
            "zid": "uaa",
            "aud": AUDIENCE,
        })
    };
    let access = sb
        .ibm
        .signer
        .sign(&claims(&jti, iat + sb.config.access_token_ttl_s));
    let refresh = sb.ibm.signer.sign(&claims(
        &format!("{jti}-r"),
        iat + sb.config.refresh_token_ttl_s,
    ));
    (access, refresh)
}

/// The claims of a UAA access token the sandbox issued and that has not
/// expired; `None` otherwise (a refresh token is not an access token).
pub fn verify(sb: &Sandbox, token: &str) -> Option<Value> {
    let claims = sb.ibm.signer.verify(token)?;
    let live = claims["exp"]
        .as_i64()
        .is_some_and(|exp| exp * 1000 > sb.clock.now_ms());
    let access = claims["jti"].as_str().is_some_and(|j| !j.ends_with("-r"));
    (claims["iss"] == ISSUER && live && access).then_some(claims)
}
