//! kterm-server: the bundle at `/` and the sandbox (or the gateway to the
//! real IBM Cloud) under `/api`, on one origin, so the page's fetches need
//! no CORS.
#![allow(clippy::disallowed_methods)] // native only: the slice sorts are fine outside the wasm (clippy.toml)

pub mod gateway;
pub mod serve;
pub mod site;
pub mod tls;

pub use site::Site;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;

/// True for file names `cargo xtask build` stamps with a content hash
/// (`kterm-web-0da90479d2adbe86_bg.wasm`, `split_kube-0da90479d2adbe86.wasm`): they never change.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 15 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut resp = next.run(req).await;
    let value = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    resp
}

async fn mark_https(mut req: Request, next: Next) -> Response {
    // HTTP/2 carries the host in the URI, not a Host header; the sandbox
    // builds URLs (kubeconfig servers, OpenID endpoints) from the header.
    if !req.headers().contains_key(header::HOST) {
        if let Some(v) = req
            .uri()
            .authority()
            .and_then(|a| HeaderValue::from_str(a.as_str()).ok())
        {
            req.headers_mut().insert(header::HOST, v);
        }
    }
    req.headers_mut()
        .insert("x-forwarded-proto", HeaderValue::from_static("https"));
    next.run(req).await
}

/// The application as served over HTTPS: URLs it hands out say `https`.
pub fn https(app: Router) -> Router {
    app.layer(middleware::from_fn(mark_https))
}

/// Streamed answers (`logs -f`, watches) say `Cache-Control: no-transform`;
/// a compressor would hold their chunks back until its buffer fills.
fn not_streamed(
    _: axum::http::StatusCode,
    _: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    !headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-transform"))
}

/// The bundle, each file with the framing policy, and the page's config.
fn files(dist: &str, site: &Site) -> Router {
    Router::new()
        .route(site::CONFIG_PATH, get(site::config))
        .fallback_service(site::bundle(dist))
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn_with_state(site.clone(), site::framing))
        .with_state(site.clone())
}

/// For liveness and readiness probes: the process serves requests. It
/// checks no upstream, so an IBM Cloud outage does not restart pods.
async fn healthz() -> &'static str {
    "ok\n"
}

/// `/api/*` answers are data, never a page of the terminal's origin.
async fn api_headers(mut resp: Response) -> Response {
    gateway::headers::protect(resp.headers_mut());
    resp
}

/// The whole application: static bundle from `dist` plus the sandbox.
pub fn app(dist: &str, sandbox: &kterm_sim::Sandbox) -> Router {
    app_on(dist, sandbox, &Site::default())
}

/// [`app`] with the site's settings (who may embed it).
pub fn app_on(dist: &str, sandbox: &kterm_sim::Sandbox, site: &Site) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .nest(
            "/api",
            sandbox
                .router()
                .layer(middleware::map_response(api_headers)),
        )
        .merge(files(dist, site))
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(not_streamed)))
}

/// The bundle from `dist` plus the gateway under `/api`. Only the bundle
/// is compressed: upstream bodies pass as they come (already compressed,
/// or a watch stream that must not wait for a compressor's buffer).
pub fn app_with_gateway(dist: &str, gw: &std::sync::Arc<gateway::Gateway>) -> Router {
    gateway_app_on(dist, gw, &Site::default())
}

/// [`app_with_gateway`] with the site's settings (who may embed it).
pub fn gateway_app_on(dist: &str, gw: &std::sync::Arc<gateway::Gateway>, site: &Site) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(files(dist, site).layer(CompressionLayer::new()))
        .merge(gw.router())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        let cases = [
            ("/kterm-web-da90479d2adbe86_bg.wasm", true),
            ("/kterm-web-da90479d2adbe86.js", true),
            ("/xterm-1c159b6d5725bb90.css", true),
            ("/xterm.mjs", false),
            ("/index.html", false),
            ("/", false),
            ("/addon-fit.mjs", false),
        ];
        for (path, want) in cases {
            assert_eq!(is_hashed(path), want, "{path}");
        }
    }
}
