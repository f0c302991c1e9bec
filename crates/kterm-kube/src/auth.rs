//! The `oidc` auth-provider as kubectl's plugin ran it: an expired
//! `id-token` is renewed with the `refresh-token` at the issuer's token
//! endpoint (client credentials from the kubeconfig), and the new tokens
//! are written back to the kubeconfig file that holds the user.

use base64::Engine;
use kterm_http::Request;
use kterm_kubeconfig::Loaded;
use kterm_shell::Ctx;
use serde_json::Value;

use crate::api;
use crate::cli::Globals;
use crate::error::KubeError;
use crate::kubeconfig::{Target, Wire};

/// Seconds since the epoch at which a JWT expires (`exp`), if readable.
fn expiry(jwt: &str) -> Option<i64> {
    kterm_shell::jwt::claims::<Value>(jwt)?["exp"].as_i64()
}

/// The user the command will authenticate as: `--user`, else the
/// context's (`--context` or the current one).
fn user_name(loaded: &Loaded, g: &Globals) -> Option<String> {
    if let Some(u) = &g.user {
        return Some(u.clone());
    }
    let ctx_name = g
        .context
        .as_deref()
        .unwrap_or(&loaded.config.current_context);
    loaded.config.context(ctx_name).map(|c| c.user.clone())
}

/// Renews the oidc id-token if it has expired (or expires within 10
/// seconds, as the plugin allowed for clock skew), and writes the new
/// tokens back to the file that holds the user. Does nothing for other
/// users or when `--token` is given.
pub async fn refresh_oidc(
    ctx: &mut Ctx<'_>,
    loaded: &mut Loaded,
    g: &Globals,
    wire: &Wire,
) -> Result<(), KubeError> {
    if g.token.is_some() {
        return Ok(());
    }
    let Some(name) = user_name(loaded, g) else {
        return Ok(());
    };
    let Some(user) = loaded.config.user(&name).cloned() else {
        return Ok(());
    };
    let Some(p) = user.oidc() else {
        return Ok(());
    };
    let id_token = p.get("id-token").unwrap_or("");
    let now_s = ctx.host.now_ms() / 1000;
    if !id_token.is_empty() && expiry(id_token).is_none_or(|exp| exp > now_s + 10) {
        return Ok(());
    }
    let Some(refresh) = p.get("refresh-token").filter(|r| !r.is_empty()) else {
        return Ok(());
    };
    let issuer = p.get("idp-issuer-url").unwrap_or("").trim_end_matches('/');
    if issuer.is_empty() {
        return Err(KubeError::Client(
            "failed to refresh token: the oidc auth-provider has no idp-issuer-url".into(),
        ));
    }
    let client_id = p.get("client-id").unwrap_or("");
    let secret = p.get("client-secret").unwrap_or("");
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
        wire: wire.clone(),
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
    if let Some(conf) = new_user
        .auth_provider
        .as_mut()
        .map(|p| p.config.get_or_insert_with(Default::default))
    {
        conf.insert("id-token".into(), new_id.to_string());
        if let Some(r) = answer["refresh_token"].as_str().filter(|r| !r.is_empty()) {
            conf.insert("refresh-token".into(), r.to_string());
        }
    }
    let mut new = loaded.config.clone();
    new.set_user(&name, new_user);
    let now = ctx.host.now_ms();
    loaded
        .modify(ctx.sh, &new, crate::go::yaml::to_string, now)
        .map_err(|e| KubeError::Client(e.0))
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
