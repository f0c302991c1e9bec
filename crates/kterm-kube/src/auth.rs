//! The `oidc` auth-provider as kubectl's plugin ran it: an expired
//! `id-token` is renewed with the `refresh-token` at the issuer's token
//! endpoint (client credentials from the kubeconfig), and the new tokens
//! are written back to the kubeconfig file that holds the user.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use base64::Engine;
use futures::future::{LocalBoxFuture, Shared};
use futures::FutureExt;
use kterm_http::{Client, Request};
use kterm_kubeconfig::{AuthInfo, AuthProvider, Loaded};
use kterm_shell::{Ctx, ShellState};
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

/// New tokens from the issuer.
#[derive(Clone)]
pub struct Renewed {
    pub(crate) id: String,
    refresh: Option<String>,
}

/// A renewal, done or in flight.
type Pending = Shared<LocalBoxFuture<'static, Result<Renewed, KubeError>>>;

/// Renewals started ahead of a command (see `crate::prefetch`), by the
/// refresh token they spend: the command takes the answer instead of
/// asking the issuer again.
#[derive(Clone, Default)]
pub struct Renewals(Rc<RefCell<HashMap<String, Pending>>>);

impl Renewals {
    fn of(sh: &mut ShellState) -> Renewals {
        sh.ext.get_or_default::<Renewals>().clone()
    }

    fn take(&self, refresh: &str) -> Option<Pending> {
        self.0.borrow_mut().remove(refresh)
    }
}

/// The request that renews `p`'s tokens, and the issuer, if the id-token
/// has expired (or expires within 10 seconds, as the plugin allowed for
/// clock skew) and a refresh token is at hand.
fn renewal(p: &AuthProvider, now_s: i64) -> Result<Option<(Request, String)>, KubeError> {
    let id_token = p.get("id-token").unwrap_or("");
    if !id_token.is_empty() && expiry(id_token).is_none_or(|exp| exp > now_s + 10) {
        return Ok(None);
    }
    let Some(refresh) = p.get("refresh-token").filter(|r| !r.is_empty()) else {
        return Ok(None);
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
    Ok(Some((req, issuer.to_string())))
}

/// The issuer's answer, or the error the plugin reported.
fn answer(status: u16, bytes: &[u8]) -> Result<Renewed, KubeError> {
    let answer: Value = serde_json::from_slice(bytes).unwrap_or_default();
    let Some(id) = answer["id_token"].as_str().filter(|_| status == 200) else {
        return Err(KubeError::Unreachable(format!(
            "failed to refresh token: oauth2: cannot fetch token: {status} {}\nResponse: {}",
            crate::trace::reason(status),
            kterm_shell::sanitize::text(String::from_utf8_lossy(bytes).trim())
        )));
    };
    Ok(Renewed {
        id: id.to_string(),
        refresh: answer["refresh_token"]
            .as_str()
            .filter(|r| !r.is_empty())
            .map(str::to_string),
    })
}

/// Starts renewing `user`'s expired oidc token in the background, so the
/// next command finds the new tokens waiting; `None` if nothing needs
/// renewing.
pub(crate) fn start_renewal(
    sh: &mut ShellState,
    user: &AuthInfo,
    client: &Client,
    now_s: i64,
) -> Option<Pending> {
    let p = user.oidc()?;
    let refresh = p.get("refresh-token")?.to_string();
    let (req, _) = renewal(p, now_s).ok()??;
    let client = client.clone();
    let fut: LocalBoxFuture<'static, Result<Renewed, KubeError>> = Box::pin(async move {
        let resp = client
            .send(req)
            .await
            .map_err(|e| KubeError::Unreachable(e.to_string()))?;
        let status = resp.status;
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| KubeError::Unreachable(e.to_string()))?;
        answer(status, &bytes)
    });
    let pending = fut.shared();
    Renewals::of(sh)
        .0
        .borrow_mut()
        .insert(refresh, pending.clone());
    Some(pending)
}

/// Renews the oidc id-token if it has expired, and writes the new tokens
/// back to the file that holds the user; a renewal started ahead (by a
/// prefetch) is taken instead of asking the issuer again. Does nothing
/// for other users or when `--token` is given.
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
    let Some((req, issuer)) = renewal(p, ctx.host.now_ms() / 1000)? else {
        return Ok(());
    };
    let ahead = p
        .get("refresh-token")
        .and_then(|r| Renewals::of(ctx.sh).take(r));
    let early = match ahead {
        Some(pending) => match ctx.cancel.run(pending).await {
            None => return Err(KubeError::Cancelled),
            Some(r) => r.ok(),
        },
        None => None,
    };
    let renewed = match early {
        Some(r) => r,
        None => {
            let t = Target {
                server: issuer,
                wire: wire.clone(),
                ..Target::default()
            };
            let (status, bytes) = api::send(ctx, &t, req).await?;
            answer(status, &bytes)?
        }
    };
    let mut new_user = user.clone();
    if let Some(conf) = new_user
        .auth_provider
        .as_mut()
        .map(|p| p.config.get_or_insert_with(Default::default))
    {
        conf.insert("id-token".into(), renewed.id);
        if let Some(r) = renewed.refresh {
            conf.insert("refresh-token".into(), r);
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
