#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! What one caller can make the sandbox hold: caps on IAM API keys and
//! registry tokens (count and field lengths), and a signing key that is
//! drawn per start rather than derived from the public seed.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{sandbox, send, token};
use kterm_sim::ibm::apikeys::{
    MAX_DESCRIPTION_CHARS, MAX_KEYS_PER_IDENTITY, MAX_NAME_CHARS, MAX_VALUE_CHARS,
};
use kterm_sim::ibm::registry::{MAX_TOKENS_PER_ACCOUNT, MAX_TOKEN_DESCRIPTION_CHARS};
use kterm_sim::ibm::AuthError;
use kterm_sim::{fixtures, Sandbox};
use serde_json::{json, Value};

async fn create_key(sb: &Sandbox, t: &str, body: Value) -> (StatusCode, Value) {
    let req = Request::post("/iam/v1/apikeys")
        .header("authorization", format!("Bearer {t}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(sb, req).await
}

async fn add_token(sb: &Sandbox, t: &str, description: &str) -> (StatusCode, Value) {
    let q = form_urlencoded::Serializer::new(String::new())
        .append_pair("description", description)
        .finish();
    let req = Request::post(format!("/registry/us-south/api/v1/tokens?{q}"))
        .header("authorization", format!("Bearer {t}"))
        .header("account", fixtures::ACCOUNT_ID)
        .body(Body::empty())
        .unwrap();
    send(sb, req).await
}

#[tokio::test]
async fn api_key_fields_longer_than_their_limit_are_refused_as_iam_does() {
    let long = |n: usize| "x".repeat(n);
    // (case, name, description, passed-through value, refused)
    let cases: &[(&str, String, String, String, bool)] = &[
        (
            "name at the limit",
            long(MAX_NAME_CHARS),
            long(1),
            long(0),
            false,
        ),
        (
            "name one over",
            long(MAX_NAME_CHARS + 1),
            long(1),
            long(0),
            true,
        ),
        (
            "multibyte name at the limit",
            "é".repeat(MAX_NAME_CHARS),
            long(1),
            long(0),
            false,
        ),
        (
            "description at the limit",
            long(1),
            long(MAX_DESCRIPTION_CHARS),
            long(0),
            false,
        ),
        (
            "description one over",
            long(1),
            long(MAX_DESCRIPTION_CHARS + 1),
            long(0),
            true,
        ),
        (
            "value at the limit",
            long(1),
            long(1),
            long(MAX_VALUE_CHARS),
            false,
        ),
        (
            "value one over",
            long(1),
            long(1),
            long(MAX_VALUE_CHARS + 1),
            true,
        ),
        (
            "megabyte description",
            long(1),
            long(1 << 20),
            long(0),
            true,
        ),
    ];
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    for (case, name, description, value, refused) in cases {
        let mut body = json!({"name": name, "description": description});
        if !value.is_empty() {
            body["apikey"] = json!(value);
        }
        let (s, v) = create_key(&sb, &t, body).await;
        if *refused {
            assert_eq!(s, StatusCode::BAD_REQUEST, "{case}");
            assert_eq!(v["errorCode"], "BXNIM0511E", "{case}: {v}");
            assert!(
                v["errorMessage"]
                    .as_str()
                    .unwrap()
                    .contains("maximum length"),
                "{case}"
            );
            assert!(v["context"]["requestId"].is_string(), "{case}: {v}");
        } else {
            assert_eq!(s, StatusCode::CREATED, "{case}: {v}");
            assert_eq!(v["name"], json!(name), "{case}");
            // Delete it again so the count cap stays out of this table.
            let id = v["id"].as_str().unwrap();
            let del = Request::delete(format!("/iam/v1/apikeys/{id}"))
                .header("authorization", format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap();
            assert_eq!(send(&sb, del).await.0, StatusCode::NO_CONTENT, "{case}");
        }
    }
}

#[tokio::test]
async fn an_identity_holds_at_most_the_limit_of_api_keys() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    // The fixture key counts: the demo user starts with one.
    let mut ids = Vec::new();
    for i in 1..MAX_KEYS_PER_IDENTITY {
        let (s, v) = create_key(&sb, &t, json!({"name": format!("k{i}")})).await;
        assert_eq!(s, StatusCode::CREATED, "key {i}: {v}");
        ids.push(v["id"].as_str().unwrap().to_string());
    }
    let (s, v) = create_key(&sb, &t, json!({"name": "one-too-many"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["errorCode"], "BXNIM0512E", "{v}");
    let list = Request::get("/iam/v1/apikeys?pagesize=100")
        .header("authorization", format!("Bearer {t}"))
        .body(Body::empty())
        .unwrap();
    let listed = send(&sb, list).await.1["apikeys"].as_array().unwrap().len();
    assert_eq!(listed, MAX_KEYS_PER_IDENTITY);
    // Another identity is not affected by the demo user's keys.
    let viewer = token(&sb, fixtures::VIEW_API_KEY).await;
    let (s, v) = create_key(&sb, &viewer, json!({"name": "viewer-key"})).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    // Deleting one makes room for one.
    let del = Request::delete(format!("/iam/v1/apikeys/{}", ids[0]))
        .header("authorization", format!("Bearer {t}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&sb, del).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        create_key(&sb, &t, json!({"name": "again"})).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        create_key(&sb, &t, json!({"name": "again2"})).await.0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn registry_token_descriptions_are_bounded() {
    // (case, description length, refused)
    let cases = [
        ("empty", 0, false),
        ("at the limit", MAX_TOKEN_DESCRIPTION_CHARS, false),
        ("one over", MAX_TOKEN_DESCRIPTION_CHARS + 1, true),
        ("far over", 10_000, true),
    ];
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    for (case, n, refused) in cases {
        let (s, v) = add_token(&sb, &t, &"d".repeat(n)).await;
        if refused {
            assert_eq!(s, StatusCode::BAD_REQUEST, "{case}");
            assert_eq!(v["code"], "CRG0011E", "{case}: {v}");
            assert!(v["message"].is_string(), "{case}: {v}");
        } else {
            assert_eq!(s, StatusCode::OK, "{case}: {v}");
            assert!(v["token"].is_string(), "{case}");
        }
    }
}

#[tokio::test]
async fn an_account_holds_at_most_the_limit_of_registry_tokens() {
    let sb = sandbox();
    let t = token(&sb, fixtures::API_KEY).await;
    for i in 0..MAX_TOKENS_PER_ACCOUNT {
        let (s, v) = add_token(&sb, &t, &format!("t{i}")).await;
        assert_eq!(s, StatusCode::OK, "token {i}: {v}");
    }
    let (s, v) = add_token(&sb, &t, "one-too-many").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["code"], "CRG0012E", "{v}");
    let list = Request::get("/registry/us-south/api/v1/tokens")
        .header("authorization", format!("Bearer {t}"))
        .header("account", fixtures::ACCOUNT_ID)
        .body(Body::empty())
        .unwrap();
    let (_, v) = send(&sb, list).await;
    let tokens = v["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), MAX_TOKENS_PER_ACCOUNT);
    // Removing one makes room for one.
    let id = tokens[0]["_id"].as_str().unwrap();
    let rm = Request::delete(format!("/registry/us-south/api/v1/tokens/{id}"))
        .header("authorization", format!("Bearer {t}"))
        .header("account", fixtures::ACCOUNT_ID)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&sb, rm).await.0, StatusCode::NO_CONTENT);
    assert_eq!(add_token(&sb, &t, "again").await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_signing_key_is_per_start_while_ids_stay_seeded() {
    // Two sandboxes with the same seed: the same ids, different keys.
    let (a, b) = (sandbox(), sandbox());
    let ta = token(&a, fixtures::API_KEY).await;
    let tb = token(&b, fixtures::API_KEY).await;
    assert!(a.authenticate(&ta).is_ok());
    assert!(b.authenticate(&tb).is_ok());
    assert!(matches!(b.authenticate(&ta), Err(AuthError::Invalid)));
    assert!(matches!(a.authenticate(&tb), Err(AuthError::Invalid)));
    let ids = |sb: Sandbox| async move {
        let t = token(&sb, fixtures::API_KEY).await;
        let (_, v) = create_key(&sb, &t, json!({"name": "n"})).await;
        (v["id"].clone(), v["apikey"].clone())
    };
    assert_eq!(ids(a).await, ids(b).await, "ids stay repeatable");
}
