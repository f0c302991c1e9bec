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

#[tokio::test]
async fn missing_file_is_404() {
    assert_eq!(get("/nope.js", None).await.status(), StatusCode::NOT_FOUND);
}
