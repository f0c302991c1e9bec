//! Who may embed the terminal. The allowed embedders are the server's
//! configuration (`--embed-origins`), never the page's URL: every file of
//! the bundle is sent with `Content-Security-Policy: frame-ancestors 'self'
//! <origins>` (so the browser refuses any other framing page), and the
//! page reads the same list from `/kterm-config.json` for its iframe
//! postMessage bridge.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

/// The bundle's files from `dist`. `cargo xtask build` writes `NAME.br`
/// (brotli 11) and `NAME.gz` (gzip 9) beside each wasm, JS, CSS and HTML
/// file; they are sent as they are, with `Content-Encoding` and
/// `Vary: Accept-Encoding`, to clients that accept them (the compression
/// layer leaves an encoded answer alone).
pub fn bundle(dist: &str) -> ServeDir {
    ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
}

/// The site's settings a page needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    /// Origins (`https://console.example.com`) whose pages may frame the
    /// terminal and drive it in iframe mode; its own origin always may.
    pub embed_origins: Vec<String>,
}

/// Where the page reads the site's settings, next to `index.html`.
pub const CONFIG_PATH: &str = "/kterm-config.json";

/// Checks one origin as CSP and postMessage compare them: scheme, host,
/// optional port; nothing else (no path, wildcard, `null`, quotes).
pub fn parse_origin(s: &str) -> Result<String, String> {
    let bad = || format!("{s:?} is not an origin like https://console.example.com");
    let lower = s.to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://").ok_or_else(bad)?;
    if scheme != "https" && scheme != "http" {
        return Err(bad());
    }
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let (inner, after) = v6.split_once(']').ok_or_else(bad)?;
        let ok = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
        if !ok {
            return Err(bad());
        }
        match after {
            "" => ("v6", None),
            p => ("v6", Some(p.strip_prefix(':').ok_or_else(bad)?)),
        }
    } else {
        match rest.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        }
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
    if !host_ok || !port_ok {
        return Err(bad());
    }
    Ok(lower)
}

impl Site {
    /// From the `--embed-origins` value: origins separated by commas.
    pub fn from_flag(value: &str) -> Result<Site, String> {
        let embed_origins = value
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(parse_origin)
            .collect::<Result<_, _>>()?;
        Ok(Site { embed_origins })
    }

    /// The `frame-ancestors` policy for every file of the bundle.
    pub fn frame_ancestors(&self) -> String {
        let mut p = String::from("frame-ancestors 'self'");
        for o in &self.embed_origins {
            p.push(' ');
            p.push_str(o);
        }
        p
    }

    /// The JSON the page reads.
    pub fn config_json(&self) -> String {
        serde_json::json!({ "embedOrigins": self.embed_origins }).to_string()
    }
}

/// Adds the framing policy to a response of the bundle.
pub async fn framing(site: axum::extract::State<Site>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&site.frame_ancestors()) {
        resp.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    if site.embed_origins.is_empty() {
        // For browsers without CSP level 2; it cannot list origins.
        resp.headers_mut().insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
    }
    resp
}

/// `GET /kterm-config.json`.
pub async fn config(site: axum::extract::State<Site>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        site.config_json(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_table() {
        let cases = [
            (
                "https://console.example.com",
                Ok("https://console.example.com"),
            ),
            ("http://localhost:8080", Ok("http://localhost:8080")),
            (
                "HTTPS://Console.Example.com",
                Ok("https://console.example.com"),
            ),
            ("http://[::1]:8080", Ok("http://[::1]:8080")),
            ("http://[::1]", Ok("http://[::1]")),
            ("http://[::1]x", Err(())),
            ("*", Err(())),
            ("null", Err(())),
            ("https://*.example.com", Err(())),
            ("https://a.example/path", Err(())),
            ("https://a.example:", Err(())),
            ("javascript://x", Err(())),
            ("https://a.example 'unsafe-inline'", Err(())),
            ("https://a.example;script-src", Err(())),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_origin(input).map_err(|_| ()),
                want.map(str::to_string),
                "{input}"
            );
        }
    }

    #[test]
    fn policy_and_config() {
        let site = Site::from_flag("https://a.example, http://localhost:9000").unwrap_or_default();
        assert_eq!(
            site.frame_ancestors(),
            "frame-ancestors 'self' https://a.example http://localhost:9000"
        );
        assert_eq!(
            site.config_json(),
            r#"{"embedOrigins":["https://a.example","http://localhost:9000"]}"#
        );
        assert_eq!(Site::default().frame_ancestors(), "frame-ancestors 'self'");
        assert!(Site::from_flag("https://a.example,*").is_err());
    }
}
