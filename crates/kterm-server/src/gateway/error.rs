//! The gateway's own refusals and failures, rendered in one place: as a
//! Kubernetes `Status` under `/api/k8s` (so kubectl prints
//! `Error from server (Forbidden): …`), as a small JSON object elsewhere.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayError {
    NoRoute(String),
    BadPath,
    BadOrigin(String),
    BodyTooLarge(usize),
    /// The client stopped sending its body.
    BodyTimeout,
    /// The client's body could not be read (bad chunking, closed).
    BadBody,
    HostNotAllowed(String),
    AddressRefused {
        host: String,
        ip: String,
        why: &'static str,
    },
    Resolve(String),
    Connect(String),
    Tls(String),
    Timeout(String),
    Upstream(String),
    /// The cluster record could not be had; the status is the Kubernetes
    /// Service's own (401, 404…) when it answered.
    ClusterLookup(StatusCode, String),
}

impl GatewayError {
    pub fn status(&self) -> StatusCode {
        use GatewayError::*;
        match self {
            NoRoute(_) => StatusCode::NOT_FOUND,
            BadPath | BadBody => StatusCode::BAD_REQUEST,
            BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            BadOrigin(_) | HostNotAllowed(_) | AddressRefused { .. } => StatusCode::FORBIDDEN,
            BodyTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Resolve(_) | Connect(_) | Tls(_) | Upstream(_) => StatusCode::BAD_GATEWAY,
            Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            ClusterLookup(s, _) => *s,
        }
    }

    /// A stable word for the kind, for scripts and logs.
    pub fn code(&self) -> &'static str {
        use GatewayError::*;
        match self {
            NoRoute(_) => "no_route",
            BadPath => "bad_path",
            BadOrigin(_) => "origin_not_allowed",
            BodyTooLarge(_) => "body_too_large",
            BodyTimeout => "body_timeout",
            BadBody => "bad_body",
            HostNotAllowed(_) => "host_not_allowed",
            AddressRefused { .. } => "address_not_allowed",
            Resolve(_) => "dns_failed",
            Connect(_) => "connect_failed",
            Tls(_) => "tls_failed",
            Timeout(_) => "timeout",
            Upstream(_) => "upstream_failed",
            ClusterLookup(..) => "cluster_lookup_failed",
        }
    }

    pub fn message(&self) -> String {
        use GatewayError::*;
        let m = match self {
            NoRoute(p) => format!("no upstream is configured for {p}"),
            BadPath => "the path has dot segments or is not valid".into(),
            BadOrigin(o) => format!("requests from origin {o} are not allowed"),
            BodyTooLarge(n) => format!("the request body is larger than {n} bytes"),
            BodyTimeout => "the request body stopped arriving".into(),
            BadBody => "the request body could not be read".into(),
            HostNotAllowed(u) => format!("upstream {u} is not in the allowed hosts"),
            AddressRefused { host, ip, why } => {
                format!("upstream {host} resolves to {ip}, {why}, which is not allowed")
            }
            Resolve(h) => format!("cannot resolve {h}"),
            Connect(m) => format!("cannot connect to {m}"),
            Tls(m) => format!("TLS with the upstream failed: {m}"),
            Timeout(m) => format!("the upstream did not answer in time: {m}"),
            Upstream(m) => format!("the upstream failed: {m}"),
            ClusterLookup(_, m) => format!("cannot look up the cluster: {m}"),
        };
        format!("kterm gateway: {m}")
    }

    /// `kube`: the request was for a cluster's API server.
    pub fn render(&self, kube: bool) -> Response {
        let status = self.status();
        let body = if kube {
            json!({
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Failure",
                "message": self.message(),
                "reason": kube_reason(status),
                "code": status.as_u16(),
            })
        } else {
            json!({
                "error": self.code(),
                "message": self.message(),
                "status_code": status.as_u16(),
            })
        };
        let mut r = (status, body.to_string()).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    }
}

fn kube_reason(s: StatusCode) -> &'static str {
    match s.as_u16() {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        408 => "Timeout",
        413 => "RequestEntityTooLarge",
        504 => "Timeout",
        _ => "ServiceUnavailable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn renders_status_for_kube_and_json_elsewhere() {
        let e = GatewayError::HostNotAllowed("https://evil.example.com".into());
        let r = e.render(true);
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let body = axum::body::to_bytes(r.into_body(), 1 << 16).await.unwrap();
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"kterm gateway: upstream https://evil.example.com is not in the allowed hosts","reason":"Forbidden","code":403}"#
        );
        let r = GatewayError::BodyTooLarge(10).render(false);
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let body = axum::body::to_bytes(r.into_body(), 1 << 16).await.unwrap();
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            r#"{"error":"body_too_large","message":"kterm gateway: the request body is larger than 10 bytes","status_code":413}"#
        );
    }
}
