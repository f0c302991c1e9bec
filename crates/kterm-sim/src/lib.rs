//! The sandbox: an emulated IBM Cloud account (IAM, accounts, resource
//! groups, Kubernetes Service, Container Registry) and Kubernetes clusters,
//! served over HTTP under the same path prefixes the terminal uses
//! (`/iam`, `/accounts`, `/resource-controller`, `/containers`,
//! `/containers-regional/<region>`, `/registry/<region>`, `/cf/<region>`,
//! `/k8s/<cluster-id>`, `/k8s-endpoint/<host:port>`), each followed by the real
//! service's own path. State is in memory; time comes from an injectable
//! clock; ids come from a seeded generator, so runs are repeatable.
#![allow(clippy::disallowed_methods)] // native only: the slice sorts are fine outside the wasm (clippy.toml)

pub mod fixtures;
pub mod ibm;
pub mod kube;
pub mod time;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Where the sandbox gets the time from.
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    }
}

/// A clock tests move by hand.
#[derive(Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(ms: i64) -> Self {
        Self(AtomicI64::new(ms))
    }
    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Settings a test or the server may change.
#[derive(Clone, Debug)]
pub struct Config {
    /// Lifetime of IAM access tokens, seconds (3600 like the real IAM).
    pub access_token_ttl_s: i64,
    /// Lifetime of IAM refresh tokens, seconds.
    pub refresh_token_ttl_s: i64,
    /// Seed for generated ids and tokens.
    pub seed: u64,
    /// PEM of the certificate the server's HTTPS listener presents, put
    /// into kubeconfigs as the cluster CA so real clients verify it.
    pub tls_ca_pem: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            access_token_ttl_s: 3600,
            refresh_token_ttl_s: 30 * 24 * 3600,
            seed: 1,
            tls_ca_pem: None,
        }
    }
}

/// Who a bearer token belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub iam_id: String,
    pub email: String,
    pub account_id: String,
    /// False for the view-only API key: Kubernetes writes are forbidden.
    pub can_write: bool,
}

/// The whole emulated cloud. Cheap to clone (shared state).
#[derive(Clone)]
pub struct Sandbox {
    pub clock: Arc<dyn Clock>,
    pub config: Config,
    pub ibm: Arc<ibm::IbmState>,
    pub kube: Arc<kube::KubeState>,
}

impl Sandbox {
    pub fn new(clock: Arc<dyn Clock>, config: Config) -> Self {
        let now = clock.now_ms();
        Self {
            ibm: Arc::new(ibm::IbmState::seeded(&config, now)),
            kube: Arc::new(kube::KubeState::seeded(&config, now)),
            clock,
            config,
        }
    }

    /// The sandbox on the wall clock with default settings.
    pub fn standard() -> Self {
        Self::new(Arc::new(SystemClock), Config::default())
    }

    /// Checks an `Authorization: Bearer` token (IAM access token or the
    /// Kubernetes id-token from `cluster config`).
    pub fn authenticate(&self, bearer: &str) -> Result<Principal, ibm::AuthError> {
        self.ibm.authenticate(bearer, self.clock.now_ms())
    }

    /// Serves the sandbox under `/api` (as kterm-server mounts it) on a free
    /// loopback port, from the running tokio runtime; returns the origin
    /// (`http://127.0.0.1:PORT`). For tests of clients.
    pub async fn serve_on_loopback(&self) -> std::io::Result<String> {
        let app = axum::Router::new().nest("/api", self.router());
        // A backlog for bursts of test clients (tokio's `bind` asks 128).
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let listener = socket.listen(1024)?;
        let origin = format!("http://{}", listener.local_addr()?);
        self.spawn_controllers();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(origin)
    }

    /// Runs the Kubernetes controllers every 200 ms on the running tokio
    /// runtime, so watchers see pods start without a request driving
    /// them (requests also run them first). Stops once the sandbox is
    /// dropped.
    pub fn spawn_controllers(&self) {
        let kube = Arc::downgrade(&self.kube);
        let clock = self.clock.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_millis(200));
            loop {
                every.tick().await;
                let Some(kube) = kube.upgrade() else { break };
                kube.tick(clock.now_ms());
            }
        });
    }

    /// The HTTP API, to be nested under `/api` by the server.
    pub fn router(&self) -> axum::Router {
        let kube = kube::router(self.clone());
        axum::Router::new()
            .merge(ibm::router(self.clone()))
            .merge(ibm::cluster_endpoint::routes(kube.clone()))
            .merge(kube)
    }
}
