#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The server's static side: MIME types, compression, cache lifetimes.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

fn dist() -> tempdir::Dir {
    tempdir::Dir::new()
}

mod tempdir {
    /// A throwaway dist/ with a page and a hashed wasm file.
    pub struct Dir(pub std::path::PathBuf);

    impl Dir {
        pub fn new() -> Self {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let p =
                std::env::temp_dir().join(format!("kterm-serve-test-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(
                p.join("index.html"),
                "<!doctype html><p>kterm</p>".repeat(40),
            )
            .unwrap();
            std::fs::write(p.join("app-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).unwrap();
            // Precompressed as `cargo xtask build` leaves them (the bytes
            // only mark which file was sent).
            std::fs::write(p.join("kterm.js"), "export {};\n".repeat(100)).unwrap();
            std::fs::write(p.join("kterm.js.br"), "brotli bytes").unwrap();
            std::fs::write(p.join("kterm.js.gz"), "gzip bytes").unwrap();
            Dir(p)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

async fn get(path: &str, accept_encoding: Option<&str>) -> axum::http::Response<Body> {
    let d = dist();
    let app = kterm_server::app(d.0.to_str().unwrap(), &kterm_sim::Sandbox::standard());
    let mut req = Request::get(path);
    if let Some(enc) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, enc);
    }
    app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
}

#[tokio::test]
async fn index_is_html_and_not_cached() {
    let r = get("/", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "text/html");
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn hashed_wasm_is_immutable_and_compressed() {
    let r = get("/app-0123456789abcdef_bg.wasm", Some("br")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        r.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
    let r = get("/app-0123456789abcdef_bg.wasm", Some("gzip")).await;
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
}

/// Framing is the server's to allow: the policy on every file of the
/// bundle, and the same origins for the page's bridge.
#[tokio::test]
async fn framing_comes_from_the_server_configuration() {
    let r = get("/", None).await;
    assert_eq!(
        r.headers()[header::CONTENT_SECURITY_POLICY],
        "frame-ancestors 'self'"
    );
    assert_eq!(r.headers()[header::X_FRAME_OPTIONS], "SAMEORIGIN");
    let d = dist();
    let site = kterm_server::Site::from_flag("https://console.example.com").unwrap();
    let app = kterm_server::app_on(
        d.0.to_str().unwrap(),
        &kterm_sim::Sandbox::standard(),
        &site,
    );
    for path in ["/", "/index.html", "/app-0123456789abcdef_bg.wasm"] {
        let r = app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(
            r.headers()[header::CONTENT_SECURITY_POLICY],
            "frame-ancestors 'self' https://console.example.com",
            "{path}"
        );
        assert!(r.headers().get(header::X_FRAME_OPTIONS).is_none());
    }
    let r = app
        .oneshot(
            Request::get("/kterm-config.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/json");
    let body = axum::body::to_bytes(r.into_body(), 1 << 16).await.unwrap();
    assert_eq!(
        &body[..],
        br#"{"embedOrigins":["https://console.example.com"]}"#
    );
}

#[tokio::test]
async fn precompressed_files_are_sent_as_built() {
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), "brotli bytes"),
        (Some("gzip"), Some("gzip"), "gzip bytes"),
        (None, None, &*"export {};\n".repeat(100)),
    ] {
        let r = get("/kterm.js", accept).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert_eq!(r.headers()[header::VARY], "accept-encoding", "{accept:?}");
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(r.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript"));
        let got = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(got, body.as_bytes(), "{accept:?}");
    }
}

#[tokio::test]
async fn missing_file_is_404() {
    assert_eq!(get("/nope.js", None).await.status(), StatusCode::NOT_FOUND);
}
