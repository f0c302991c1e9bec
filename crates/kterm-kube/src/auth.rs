//! The `oidc` auth-provider as kubectl's plugin ran it: an expired
//! `id-token` is renewed with the `refresh-token` at the issuer's token
//! endpoint (client credentials from the kubeconfig), and the new tokens
//! are written back to the kubeconfig file that holds the user.

use base64::Engine;
use kterm_http::Request;
use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::api;
use crate::config_file;
use crate::error::KubeError;
use crate::flags::Parsed;
use crate::kubeconfig::Target;

/// Seconds since the epoch at which a JWT expires (`exp`), if readable.
fn expiry(jwt: &str) -> Option<i64> {
    kterm_shell::jwt::claims::<Value>(jwt)?["exp"].as_i64()
}

/// The user the command will authenticate as: `--user`, else the
/// context's (`--context` or the current one).
fn user_name(cfg: &Value, f: &Parsed) -> Option<String> {
    if let Some(u) = f.value("user") {
        return Some(u.to_string());
    }
    let ctx_name = f
        .value("context")
        .map(str::to_string)
        .or_else(|| cfg["current-context"].as_str().map(str::to_string))?;
    config_file::body(cfg, "contexts", &ctx_name)?["user"]
        .as_str()
        .map(str::to_string)
}

/// Renews the oidc id-token if it has expired (or expires within 10
/// seconds, as the plugin allowed for clock skew). Does nothing for other
/// users or when `--token` is given.
pub async fn refresh_oidc(ctx: &mut Ctx<'_>, f: &Parsed) -> Result<(), KubeError> {
    if f.value("token").is_some() {
        return Ok(());
    }
    let Ok(loaded) = config_file::load(ctx.sh, f.value("kubeconfig")) else {
        return Ok(());
    };
    let Some(name) = user_name(&loaded.config, f) else {
        return Ok(());
    };
    let Some(user) = config_file::body(&loaded.config, "users", &name).cloned() else {
        return Ok(());
    };
    let p = &user["auth-provider"];
    if p["name"] != "oidc" {
        return Ok(());
    }
    let conf = &p["config"];
    let id_token = conf["id-token"].as_str().unwrap_or("");
    let now_s = ctx.host.now_ms() / 1000;
    if !id_token.is_empty() && expiry(id_token).is_none_or(|exp| exp > now_s + 10) {
        return Ok(());
    }
    let Some(refresh) = conf["refresh-token"].as_str().filter(|r| !r.is_empty()) else {
        return Ok(());
    };
    let issuer = conf["idp-issuer-url"]
        .as_str()
        .unwrap_or("")
        .trim_end_matches('/');
    if issuer.is_empty() {
        return Err(KubeError::Client(
            "failed to refresh token: the oidc auth-provider has no idp-issuer-url".into(),
        ));
    }
    let client_id = conf["client-id"].as_str().unwrap_or("");
    let secret = conf["client-secret"].as_str().unwrap_or("");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{client_id}:{secret}"));
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "refresh_token")
        .append_pair("refresh_token", refresh)
        .finish();
    // IBM Cloud IAM's token endpoint is the issuer's `/token`.
    let url = format!("{issuer}/token");
    let req = Request::new("POST", url.as_str())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .header("Authorization", format!("Basic {basic}"))
        .body(body);
    let t = Target {
        server: issuer.to_string(),
        ..Target::default()
    };
    let (status, bytes) = api::send(ctx, &t, req).await?;
    let answer: Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let new_id = answer["id_token"].as_str().filter(|_| status == 200);
    let Some(new_id) = new_id else {
        return Err(KubeError::Unreachable(format!(
            "failed to refresh token: oauth2: cannot fetch token: {status} {}\nResponse: {}",
            crate::trace::reason(status),
            kterm_shell::sanitize::text(String::from_utf8_lossy(&bytes).trim())
        )));
    };
    let mut new_user = user.clone();
    new_user["auth-provider"]["config"]["id-token"] = json!(new_id);
    if let Some(r) = answer["refresh_token"].as_str().filter(|r| !r.is_empty()) {
        new_user["auth-provider"]["config"]["refresh-token"] = json!(r);
    }
    let mut new = loaded.config.clone();
    config_file::set_body(&mut new, "users", &name, new_user);
    let now = ctx.host.now_ms();
    config_file::modify(ctx.sh, &loaded, &new, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jwt_expiry() {
        let claims =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"exp":1700000000}"#);
        assert_eq!(expiry(&format!("h.{claims}.s")), Some(1_700_000_000));
        assert_eq!(expiry("not-a-jwt"), None);
    }
}
