//! Which headers cross the gateway. Hop-by-hop headers belong to one
//! connection (RFC 9110 §7.6.1); cookies belong to the gateway's origin
//! and must neither reach IBM Cloud nor be set on the console's origin.

use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};

/// The header a client may send with the cluster CA of its kubeconfig
/// (the base64 of the PEM, i.e. `certificate-authority-data`).
pub const CLUSTER_CA: &str = "x-kterm-cluster-ca";

const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Never forwarded upstream: connection-level, the browser's identity on
/// our origin, and forwarding headers a client could forge.
const REQUEST_DROP: &[&str] = &[
    "host",
    "cookie",
    "origin",
    "referer",
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
    "content-length",
    CLUSTER_CA,
];

/// Never passed back: cookies would be set on the console's origin; an
/// upstream's CSP and CORS headers would speak for the gateway's origin.
const RESPONSE_DROP: &[&str] = &[
    "set-cookie",
    "set-cookie2",
    "content-security-policy",
    "content-security-policy-report-only",
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-headers",
    "access-control-allow-methods",
    "access-control-expose-headers",
    "access-control-max-age",
];

/// What every `/api/*` answer carries, the gateway's or the sandbox's:
/// no content sniffing, and a page that is opened from the API anyway
/// (an upstream's `text/html`) runs sandboxed with nothing loaded.
pub fn protect(h: &mut HeaderMap) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(API_CSP),
    );
}

pub const API_CSP: &str = "sandbox; default-src 'none'; frame-ancestors 'none'";

fn strip_hop_by_hop(h: &mut HeaderMap) {
    // Names listed in Connection are hop-by-hop too.
    let listed: Vec<HeaderName> = h
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .collect();
    for n in listed {
        h.remove(n);
    }
    for n in HOP_BY_HOP {
        h.remove(*n);
    }
}

/// The request headers sent upstream; `upgrade` keeps a WebSocket
/// handshake's `Upgrade` (its `Sec-WebSocket-*` headers pass as they are).
pub fn request(from: &HeaderMap, upgrade: Option<&HeaderValue>) -> HeaderMap {
    let mut h = from.clone();
    strip_hop_by_hop(&mut h);
    for n in REQUEST_DROP {
        h.remove(*n);
    }
    h.append(header::VIA, HeaderValue::from_static("1.1 kterm-gateway"));
    if let Some(u) = upgrade {
        h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        h.insert(header::UPGRADE, u.clone());
    }
    h
}

/// The response headers sent back to the browser.
pub fn response(from: &HeaderMap, upgraded: bool) -> HeaderMap {
    let mut h = from.clone();
    let upgrade = h.get(header::UPGRADE).cloned();
    strip_hop_by_hop(&mut h);
    for n in RESPONSE_DROP {
        h.remove(*n);
    }
    if let (true, Some(u)) = (upgraded, upgrade) {
        h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        h.insert(header::UPGRADE, u);
    }
    h
}

/// The protocol a request asks to switch to (`websocket`), if any.
pub fn upgrade_of(h: &HeaderMap) -> Option<&HeaderValue> {
    let wants = h
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case("upgrade"));
    if wants {
        h.get(header::UPGRADE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    fn names(h: &HeaderMap) -> Vec<String> {
        let mut v: Vec<String> = h
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.to_str().unwrap()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn request_headers() {
        let from = map(&[
            ("host", "gw.example.com"),
            ("authorization", "Bearer t"),
            ("cookie", "session=1"),
            ("connection", "keep-alive, x-secret"),
            ("x-secret", "1"),
            ("keep-alive", "timeout=5"),
            ("origin", "https://gw.example.com"),
            ("x-forwarded-for", "1.2.3.4"),
            ("x-kterm-cluster-ca", "LS0t"),
            ("content-length", "3"),
            ("accept", "application/json"),
        ]);
        assert_eq!(
            names(&request(&from, None)),
            [
                "accept: application/json",
                "authorization: Bearer t",
                "via: 1.1 kterm-gateway"
            ]
        );
    }

    #[test]
    fn websocket_handshake_keeps_upgrade_and_subprotocol() {
        let from = map(&[
            ("connection", "Upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("sec-websocket-version", "13"),
            (
                "sec-websocket-protocol",
                "v5.channel.k8s.io, v4.channel.k8s.io",
            ),
        ]);
        let up = upgrade_of(&from).cloned();
        assert_eq!(up.as_ref().unwrap(), "websocket");
        assert_eq!(
            names(&request(&from, up.as_ref())),
            [
                "connection: upgrade",
                "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==",
                "sec-websocket-protocol: v5.channel.k8s.io, v4.channel.k8s.io",
                "sec-websocket-version: 13",
                "upgrade: websocket",
                "via: 1.1 kterm-gateway",
            ]
        );
        assert!(upgrade_of(&map(&[("upgrade", "websocket")])).is_none());
    }

    #[test]
    fn response_headers() {
        let from = map(&[
            ("set-cookie", "a=b"),
            ("content-security-policy", "script-src *"),
            ("access-control-allow-origin", "*"),
            ("access-control-allow-credentials", "true"),
            ("content-type", "application/json"),
            ("transfer-encoding", "chunked"),
            ("connection", "upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-protocol", "v5.channel.k8s.io"),
        ]);
        assert_eq!(
            names(&response(&from, false)),
            [
                "content-type: application/json",
                "sec-websocket-protocol: v5.channel.k8s.io"
            ]
        );
        assert_eq!(
            names(&response(&from, true)),
            [
                "connection: upgrade",
                "content-type: application/json",
                "sec-websocket-protocol: v5.channel.k8s.io",
                "upgrade: websocket",
            ]
        );
    }
}
