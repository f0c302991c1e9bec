//! The gateway: the same `/api/...` prefixes the sandbox serves, forwarded
//! to the real IBM Cloud hosts and to each cluster's API server, so the
//! same bundle works against real accounts. It keeps no session state
//! (only short caches), so replicas scale horizontally.
//!
//! Not an open proxy: upstreams are fixed by configuration or come from
//! the cluster record, and every one must match `allow_hosts`; addresses
//! are checked after resolution; bodies and durations are bounded;
//! browsers from other origins are refused; cookies and hop-by-hop
//! headers do not cross; nothing secret is logged.

pub mod body;
pub mod clusters;
pub mod config;
pub mod error;
pub mod headers;
pub mod policy;
pub mod upstream;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use hyper_util::rt::TokioIo;

pub use config::Config;
use error::GatewayError;
use policy::{HostPattern, Target};

pub struct Gateway {
    config: Config,
    patterns: Vec<HostPattern>,
    /// (prefix under `/api`, upstream), longest prefix first.
    upstreams: Vec<(String, Target)>,
    lookup: Target,
    /// Configured clusters, with their CA files read.
    clusters: std::collections::HashMap<String, clusters::Found>,
    cache: clusters::Cache,
    conn: upstream::Connector,
    budget: Arc<body::Budget>,
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

impl Gateway {
    pub fn new(config: Config) -> Result<Arc<Self>, String> {
        let checked = config.validate()?;
        let mut upstreams = config
            .upstreams
            .iter()
            .map(|(k, v)| Target::parse(v).map(|t| (k.clone(), t)))
            .collect::<Result<Vec<_>, _>>()?;
        upstreams.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let lookup = Target::parse(&config.upstreams[&config.clusters.lookup])?;
        let mut clusters = std::collections::HashMap::new();
        for (id, c) in &config.clusters.endpoints {
            let ca_pem = c.ca_file.as_deref().map(read).transpose()?;
            clusters.insert(
                id.clone(),
                clusters::Found {
                    url: c.url.clone(),
                    ca_pem,
                },
            );
        }
        let extra = config
            .extra_ca_files
            .iter()
            .map(|f| read(f))
            .collect::<Result<Vec<_>, _>>()?;
        let conn = upstream::Connector::new(
            &extra,
            checked.networks,
            Duration::from_secs(config.connect_timeout_seconds),
            Duration::from_secs(config.response_timeout_seconds),
            Duration::from_secs(config.max_duration_seconds),
        )?;
        Ok(Arc::new(Self {
            cache: clusters::Cache::new(
                Duration::from_secs(config.clusters.cache_seconds),
                Duration::from_secs(config.clusters.failure_cache_seconds),
            ),
            patterns: checked.patterns,
            upstreams,
            lookup,
            clusters,
            conn,
            budget: body::Budget::new(config.max_in_flight_body_bytes),
            config,
        }))
    }

    /// The listener settings of this configuration.
    pub fn limits(&self) -> crate::serve::Limits {
        self.config.limits()
    }

    /// Request-body bytes held now and at most since start, across all
    /// connections (for tests and monitoring).
    pub fn body_bytes_in_flight(&self) -> (usize, usize) {
        (self.budget.in_flight(), self.budget.peak())
    }

    /// Routes for `/api/...`, to merge into the server's application.
    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/api", any(handle))
            .route("/api/{*rest}", any(handle))
            .with_state(self.clone())
    }

    fn allowed(&self, t: &Target) -> Result<(), GatewayError> {
        if self.patterns.iter().any(|p| p.matches(t)) {
            Ok(())
        } else {
            Err(GatewayError::HostNotAllowed(t.origin()))
        }
    }

    /// A cluster's API server and the TLS that trusts only its CA.
    async fn cluster(
        &self,
        id: &str,
        caller: &axum::http::HeaderMap,
    ) -> Result<(Target, Option<Arc<tokio_rustls::rustls::ClientConfig>>), GatewayError> {
        let configured = self.clusters.get(id);
        let mut found = match configured {
            Some(f) => f.clone(),
            None => clusters::lookup(&self.cache, &self.conn, &self.lookup, id, caller).await?,
        };
        let target = Target::parse(&found.url).map_err(|_| {
            GatewayError::ClusterLookup(
                StatusCode::BAD_GATEWAY,
                format!("cluster {id} has an unusable endpoint"),
            )
        })?;
        self.allowed(&target)?;
        let mut tls = None;
        if target.https {
            // A configured CA stands; else the client's kubeconfig's;
            // else the one the cluster's config gives.
            let configured_ca = configured.is_some_and(|c| c.ca_pem.is_some());
            if !configured_ca {
                if let Some(pem) = clusters::ca_from_header(caller)? {
                    found.ca_pem = Some(pem);
                }
            }
            let pem = match found.ca_pem {
                Some(p) => p,
                None => {
                    clusters::fetch_ca(&self.cache, &self.conn, &self.lookup, id, caller, &found)
                        .await?
                }
            };
            tls = Some(self.conn.cluster_tls(&pem)?);
        }
        Ok((target, tls))
    }

    /// The id of the cluster whose public service endpoint is `wanted`
    /// (https, same host and port): a configured one, else one of the
    /// caller's as the Kubernetes Service lists them.
    async fn cluster_at(
        &self,
        wanted: &Target,
        caller: &axum::http::HeaderMap,
    ) -> Result<String, GatewayError> {
        let same = |url: &str| {
            Target::parse(url)
                .is_ok_and(|t| t.https && t.host == wanted.host && t.port == wanted.port)
        };
        if let Some((id, _)) = self.clusters.iter().find(|(_, f)| same(&f.url)) {
            return Ok(id.clone());
        }
        clusters::find_by_endpoint(
            &self.cache,
            &self.conn,
            &self.lookup,
            &wanted.authority(),
            &same,
            caller,
        )
        .await
    }

    /// The upstream and TLS for a request path (after `/api`).
    async fn route(
        &self,
        rest: &str,
        caller: &axum::http::HeaderMap,
    ) -> Result<
        (
            Target,
            Option<Arc<tokio_rustls::rustls::ClientConfig>>,
            String,
        ),
        GatewayError,
    > {
        if let Some(k8s) = rest.strip_prefix("/k8s/") {
            let (id, path) = k8s.split_at(k8s.find('/').unwrap_or(k8s.len()));
            if !clusters::valid_id(id) {
                return Err(GatewayError::NoRoute(format!("/api/k8s/{id}")));
            }
            let (target, tls) = self.cluster(id, caller).await?;
            return Ok((target, tls, path.to_string()));
        }
        if let Some(ep) = rest.strip_prefix("/k8s-endpoint/") {
            let (authority, path) = ep.split_at(ep.find('/').unwrap_or(ep.len()));
            let wanted = policy::cluster_endpoint(authority).map_err(|ip| match ip {
                Some(t) => GatewayError::HostNotAllowed(t.origin()),
                None => GatewayError::NoRoute(format!("/api/k8s-endpoint/{authority}")),
            })?;
            self.allowed(&wanted)?;
            // Only a cluster record names the CA to verify with: the
            // endpoint must be one of the caller's clusters.
            let id = self.cluster_at(&wanted, caller).await?;
            let (target, tls) = self.cluster(&id, caller).await?;
            return Ok((target, tls, path.to_string()));
        }
        for (prefix, t) in &self.upstreams {
            if let Some(path) = rest
                .strip_prefix('/')
                .and_then(|r| r.strip_prefix(prefix.as_str()))
                .filter(|p| p.is_empty() || p.starts_with('/'))
            {
                self.allowed(t)?;
                return Ok((t.clone(), None, path.to_string()));
            }
        }
        let shown: String = rest.split('/').take(3).collect::<Vec<_>>().join("/");
        Err(GatewayError::NoRoute(format!("/api{shown}")))
    }
}

async fn handle(State(gw): State<Arc<Gateway>>, req: Request) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    // The path only: queries may carry names a log has no business with.
    let path = req.uri().path().to_string();
    let kube = path.starts_with("/api/k8s/") || path.starts_with("/api/k8s-endpoint/");
    let mut resp = match forward(&gw, req).await {
        Ok(r) => r,
        Err(e) => e.render(kube),
    };
    headers::protect(resp.headers_mut());
    if gw.config.access_log {
        println!(
            "gateway: {method} {path} -> {} ({} ms)",
            resp.status().as_u16(),
            started.elapsed().as_millis()
        );
    }
    resp
}

async fn forward(gw: &Gateway, mut req: Request) -> Result<Response, GatewayError> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("(not text)").to_string());
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    // The scheme the client used: the TLS listener and an ingress say so
    // in X-Forwarded-Proto.
    let scheme = match req
        .headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        Some(p) if p.eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    let own = if gw.config.public_origins.is_empty() {
        host.map(|h| vec![format!("{scheme}://{h}")])
            .unwrap_or_default()
    } else {
        gw.config.public_origins.clone()
    };
    if !policy::origin_allowed(origin.as_deref(), &own, &gw.config.allowed_origins) {
        return Err(GatewayError::BadOrigin(origin.unwrap_or_default()));
    }
    let full_path = req.uri().path().to_string();
    if policy::has_dot_segment(&full_path) {
        return Err(GatewayError::BadPath);
    }
    let rest = full_path.strip_prefix("/api").unwrap_or("").to_string();
    let (target, tls, path) = gw.route(&rest, req.headers()).await?;

    let upgrade = headers::upgrade_of(req.headers()).cloned();
    let limit = gw.config.max_body_bytes;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(GatewayError::BodyTooLarge(limit));
    }
    let client_upgrade = upgrade.as_ref().map(|_| hyper::upgrade::on(&mut req));
    let (parts, body) = req.into_parts();
    // Streamed: each frame goes upstream as it arrives, within the budget.
    let (body, outcome) = body::Metered::new(body, gw.budget.clone(), limit);

    let mut uri = format!("{}{}", target.base_path, path);
    if uri.is_empty() {
        uri.push('/');
    }
    if let Some(q) = parts.uri.query() {
        uri.push('?');
        uri.push_str(q);
    }
    let mut out = hyper::Request::builder()
        .method(parts.method.clone())
        .uri(uri)
        .body(body)
        .map_err(|_| GatewayError::BadPath)?;
    *out.headers_mut() = headers::request(&parts.headers, upgrade.as_ref());
    if let Ok(h) = HeaderValue::from_str(&target.authority()) {
        out.headers_mut().insert(header::HOST, h);
    }

    let mut up = gw
        .conn
        .send(&target, tls, out)
        .await
        .map_err(|e| match outcome.failure() {
            // The upstream exchange failed because the client's body did.
            Some(body::Failure::TooLarge) => GatewayError::BodyTooLarge(limit),
            Some(body::Failure::TimedOut) => GatewayError::BodyTimeout,
            Some(body::Failure::Broken) => GatewayError::BadBody,
            None => e,
        })?;
    let switching = up.status() == StatusCode::SWITCHING_PROTOCOLS;
    let mut resp = Response::builder().status(up.status());
    if let Some(h) = resp.headers_mut() {
        *h = headers::response(up.headers(), switching && client_upgrade.is_some());
    }
    match (switching, client_upgrade) {
        (true, Some(client)) => {
            let upstream = hyper::upgrade::on(&mut up);
            let max = gw.conn.max_duration();
            tokio::spawn(async move {
                // Bytes both ways until either side closes or time is up.
                if let (Ok(c), Ok(u)) = (client.await, upstream.await) {
                    let mut c = TokioIo::new(c);
                    let mut u = TokioIo::new(u);
                    let _ =
                        tokio::time::timeout(max, tokio::io::copy_bidirectional(&mut c, &mut u))
                            .await;
                }
            });
            resp.body(Body::empty())
        }
        (true, None) => {
            return Err(GatewayError::Upstream(
                "switched protocols without being asked".into(),
            ))
        }
        _ => resp.body(Body::new(up.into_body())),
    }
    .map_err(|e| GatewayError::Upstream(e.to_string()))
}
