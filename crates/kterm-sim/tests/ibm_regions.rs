#![allow(clippy::disallowed_methods)] // a native test
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The Kubernetes Service's `/v1/regions`, as the 2018-2019 docs call it.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{sandbox, send, token};
use kterm_sim::fixtures;

#[tokio::test]
async fn regions_with_their_aliases_for_a_caller_with_a_token() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    for path in ["/containers/v1/regions", "/containers/global/v1/regions"] {
        let req = Request::get(path)
            .header("authorization", format!("Bearer {t}"))
            .body(Body::empty())
            .unwrap();
        let (s, v) = send(&sb, req).await;
        assert_eq!(s, StatusCode::OK);
        let pairs: Vec<(String, String)> = v["regions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["name"].as_str().unwrap().to_string(),
                    r["alias"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(pairs.len(), 6);
        assert_eq!(pairs[2], ("eu-central".to_string(), "eu-de".to_string()));
        assert_eq!(v["regions"][5]["cfURL"], "api.ng.bluemix.net");
    }
    let req = Request::get("/containers/v1/regions")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&sb, req).await.0, StatusCode::UNAUTHORIZED);
}
