//! The Kubernetes API of each sandbox cluster, under `/k8s/<cluster-id>`.

use crate::{Config, Sandbox};

pub struct KubeState {}

impl KubeState {
    pub fn seeded(_config: &Config, _now_ms: i64) -> Self {
        Self {}
    }
}

pub fn router(_sb: Sandbox) -> axum::Router {
    axum::Router::new()
}
