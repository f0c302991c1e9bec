//! A cluster's API server at its public service endpoint, the URL the
//! Kubernetes Service hands out (`https://c7.us-south.containers.cloud.ibm.com:27078`):
//! the terminal's endpoint map sends it to
//! `/k8s-endpoint/<host:port>/<path>`, answered here by the same Kubernetes
//! API as `/k8s/<cluster-id>/<path>` (with the same tokens: the IAM access
//! token, or the `id_token` of the delegated-refresh-token grant).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use tower::ServiceExt;

use crate::fixtures;

const PREFIX: &str = "/k8s-endpoint/";

/// The routes, forwarding to `kube`, the sandbox's Kubernetes API router.
pub fn routes(kube: Router) -> Router {
    Router::new()
        .route("/k8s-endpoint/{endpoint}", any(forward))
        .route("/k8s-endpoint/{endpoint}/", any(forward))
        .route("/k8s-endpoint/{endpoint}/{*rest}", any(forward))
        .with_state(kube)
}

/// `/k8s/<id>/<path>?<query>` for a request to
/// `/k8s-endpoint/<host:port>/<path>?<query>`, if a cluster has that endpoint.
pub fn rewrite(uri: &Uri) -> Option<String> {
    let rest = uri.path().strip_prefix(PREFIX)?;
    let (endpoint, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let endpoint = endpoint.replace("%3A", ":").replace("%3a", ":");
    let cluster = fixtures::CLUSTERS
        .iter()
        .find(|c| c.public_endpoint.eq_ignore_ascii_case(&endpoint))?;
    let path = if path.is_empty() { "/" } else { path };
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    Some(format!("/k8s/{}{path}{query}", cluster.id))
}

async fn forward(State(kube): State<Router>, req: Request<Body>) -> Response {
    let Some(target) = rewrite(req.uri()).and_then(|t| t.parse::<Uri>().ok()) else {
        let shown = req.uri().path().trim_start_matches(PREFIX);
        let host = shown.split('/').next().unwrap_or_default().to_string();
        return (
            StatusCode::BAD_GATEWAY,
            format!("kterm sandbox: no cluster has the public service endpoint {host}\n"),
        )
            .into_response();
    };
    // A new request: this route's path parameters must not reach the
    // Kubernetes router's own; only a WebSocket upgrade (exec, attach,
    // port-forward) goes along.
    let (mut parts, body) = req.into_parts();
    let mut fresh = Request::new(body);
    *fresh.method_mut() = parts.method;
    *fresh.uri_mut() = target;
    *fresh.version_mut() = parts.version;
    *fresh.headers_mut() = parts.headers;
    if let Some(upgrade) = parts.extensions.remove::<hyper::upgrade::OnUpgrade>() {
        fresh.extensions_mut().insert(upgrade);
    }
    match kube.oneshot(fresh).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_known_endpoints_only() {
        let id = fixtures::CLUSTERS[0].id;
        let cases = [
            (
                "/k8s-endpoint/c7.us-south.containers.cloud.ibm.com:27078/api/v1/namespaces?limit=5",
                Some(format!("/k8s/{id}/api/v1/namespaces?limit=5")),
            ),
            (
                "/k8s-endpoint/c7.us-south.containers.cloud.ibm.com%3A27078/version",
                Some(format!("/k8s/{id}/version")),
            ),
            (
                "/k8s-endpoint/C7.US-SOUTH.containers.cloud.ibm.com:27078",
                Some(format!("/k8s/{id}/")),
            ),
            (
                "/k8s-endpoint/c7.us-south.containers.cloud.ibm.com:27079/version",
                None,
            ),
            ("/k8s-endpoint/evil.example.com:443/version", None),
            ("/k8s/abc/version", None),
        ];
        for (path, want) in cases {
            let uri: Uri = path.parse().unwrap_or_default();
            assert_eq!(rewrite(&uri), want, "{path}");
        }
    }
}
