//! IBM Cloud services: IAM (tokens, passcodes, API keys), accounts and
//! resource groups, Kubernetes Service (and clusters' public service
//! endpoints), Container Registry, and the Cloud Foundry orgs of the 2017 docs.

mod account;
pub mod apikeys;
mod cf;
pub mod cluster_endpoint;
pub mod containers;
mod containers_regions;
pub mod error;
mod iam;
pub mod ids;
pub mod jwt;
pub mod registry;
pub mod registry_auth;
mod uaa;

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::HeaderMap;
use axum::Router;

use crate::fixtures;
use crate::{Config, Principal, Sandbox};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("missing token")]
    Missing,
    #[error("invalid token")]
    Invalid,
    #[error("expired token")]
    Expired,
}

/// Someone who can hold a token.
#[derive(Clone, Debug)]
pub struct Identity {
    pub iam_id: String,
    pub email: String,
    pub given_name: String,
    pub family_name: String,
    pub can_write: bool,
}

#[derive(Clone, Debug)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    pub description: String,
    pub value: String,
    pub iam_id: String,
    pub created_ms: i64,
    pub entity_tag: String,
}

/// What a refresh token may be exchanged for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefreshKind {
    /// The CLI's own session (client bx).
    Iam,
    /// A delegated refresh token for the `kube` client.
    Delegated,
    /// The kube client's OIDC refresh token (kubeconfig auth-provider).
    Kube,
}

#[derive(Clone, Debug)]
pub struct Refresh {
    pub iam_id: String,
    /// The account the tokens it yields are for.
    pub account: String,
    pub kind: RefreshKind,
    pub expires_ms: i64,
}

#[derive(Default)]
pub struct World {
    pub identities: Vec<Identity>,
    pub api_keys: Vec<ApiKey>,
    pub refresh: HashMap<String, Refresh>,
    /// One-time passcodes and when they expire.
    pub passcodes: HashMap<String, i64>,
}

impl World {
    pub fn identity(&self, iam_id: &str) -> Option<&Identity> {
        self.identities.iter().find(|i| i.iam_id == iam_id)
    }
}

pub struct IbmState {
    pub registry: registry::RegistryState,
    pub signer: jwt::Signer,
    pub ids: ids::Ids,
    pub world: Mutex<World>,
}

pub const VIEWER_IAM_ID: &str = "iam-ServiceId-7d1c4a52-0e9b-4f3a-9a51-viewer000001";

impl IbmState {
    pub fn seeded(config: &Config, now_ms: i64) -> Self {
        let mut w = World::default();
        w.identities.push(Identity {
            iam_id: fixtures::USER_IAM_ID.into(),
            email: fixtures::USER_EMAIL.into(),
            given_name: "Demo".into(),
            family_name: "User".into(),
            can_write: true,
        });
        w.identities.push(Identity {
            iam_id: VIEWER_IAM_ID.into(),
            email: "demo-viewer".into(),
            given_name: "Demo".into(),
            family_name: "Viewer".into(),
            can_write: false,
        });
        let ids = ids::Ids::new(config.seed);
        for (name, value, iam_id) in [
            ("demo-apikey", fixtures::API_KEY, fixtures::USER_IAM_ID),
            ("demo-viewer-apikey", fixtures::VIEW_API_KEY, VIEWER_IAM_ID),
        ] {
            w.api_keys.push(ApiKey {
                id: format!("ApiKey-{}", ids.uuid()),
                name: name.into(),
                description: "Sandbox fixture".into(),
                value: value.into(),
                iam_id: iam_id.into(),
                created_ms: now_ms,
                entity_tag: format!("1-{}", ids.hex(32)),
            });
        }
        Self {
            registry: registry::RegistryState::seeded(now_ms),
            signer: jwt::Signer::random(),
            ids,
            world: Mutex::new(w),
        }
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, World> {
        // A panic while holding the lock cannot leave the world half-written
        // in a way later requests care about, so recover the guard.
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn authenticate(&self, bearer: &str, now_ms: i64) -> Result<Principal, AuthError> {
        if bearer.is_empty() {
            return Err(AuthError::Missing);
        }
        let claims = self.signer.verify(bearer).ok_or(AuthError::Invalid)?;
        let exp = claims["exp"].as_i64().ok_or(AuthError::Invalid)?;
        if exp * 1000 <= now_ms {
            return Err(AuthError::Expired);
        }
        let iam_id = claims["iam_id"].as_str().ok_or(AuthError::Invalid)?;
        let account = claims["account"]["bss"]
            .as_str()
            .ok_or(AuthError::Invalid)?;
        let w = self.lock();
        let who = w.identity(iam_id).ok_or(AuthError::Invalid)?;
        Ok(Principal {
            iam_id: who.iam_id.clone(),
            email: who.email.clone(),
            account_id: account.into(),
            can_write: who.can_write,
        })
    }
}

/// The bearer token of a request (`Authorization: Bearer …`, any case).
pub fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split_once(' ')
                .filter(|(s, _)| s.eq_ignore_ascii_case("bearer"))
                .map(|(_, t)| t.trim())
        })
        .unwrap_or("")
}

/// `http://host` the client used, for URLs the sandbox hands out.
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1:8080");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("http");
    format!("{proto}://{host}")
}

/// The authenticated caller of a platform API (IAM Identity, accounts,
/// Resource Manager); a missing or bad token is answered with 401.
pub struct Caller(pub Principal);

impl axum::extract::FromRequestParts<Sandbox> for Caller {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        sb: &Sandbox,
    ) -> Result<Self, Self::Rejection> {
        sb.authenticate(bearer(&parts.headers))
            .map(Caller)
            .map_err(|_| {
                error::platform(
                    axum::http::StatusCode::UNAUTHORIZED,
                    "not_authorized",
                    "The request is not authorized.",
                )
            })
    }
}

pub fn router(sb: Sandbox) -> Router {
    Router::new()
        .merge(iam::routes())
        .merge(apikeys::routes())
        .merge(account::routes())
        .merge(containers::routes())
        .merge(containers_regions::routes())
        .merge(registry::routes())
        .merge(registry_auth::routes())
        .merge(cf::routes())
        .with_state(sb)
}
