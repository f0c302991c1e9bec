//! IBM Cloud services: IAM, accounts, resource groups, IAM identity, the
//! Kubernetes Service and Container Registry.

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

pub struct IbmState {}

impl IbmState {
    pub fn seeded(_config: &Config, _now_ms: i64) -> Self {
        Self {}
    }

    pub fn authenticate(&self, _bearer: &str, _now_ms: i64) -> Result<Principal, AuthError> {
        Err(AuthError::Invalid)
    }
}

pub fn router(_sb: Sandbox) -> axum::Router {
    axum::Router::new()
}
