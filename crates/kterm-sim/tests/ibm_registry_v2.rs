#![allow(clippy::disallowed_methods)] // a native test
#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The registry's Docker v2 auth handshake: the `/v2/` challenge, the
//! token service with each kind of credential, expiry of registry tokens,
//! and read-only tokens refused a push.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use common::{respond, sandbox_and_clock, send, token};
use kterm_sim::{fixtures, Sandbox};
use serde_json::Value;

fn basic(user: &str, password: &str) -> String {
    let b = base64::engine::general_purpose::STANDARD;
    format!("Basic {}", b.encode(format!("{user}:{password}")))
}

/// The token service's answer to `user:password`, asking for `scope`.
async fn registry_token(
    sb: &Sandbox,
    region: &str,
    user: &str,
    password: &str,
    scope: &str,
) -> (StatusCode, Value) {
    let q = format!(
        "account={user}&client_id=docker&offline_token=true&service=registry&scope={}",
        form_urlencoded::byte_serialize(scope.as_bytes()).collect::<String>()
    );
    let req = Request::get(format!("/registry/{region}/oauth/token?{q}"))
        .header("authorization", basic(user, password))
        .body(Body::empty())
        .unwrap();
    send(sb, req).await
}

/// A registry token from `cr token-add` (`write`: read-write).
async fn cr_token(sb: &Sandbox, iam: &str, permanent: bool, write: bool) -> String {
    let req = Request::post(format!(
        "/registry/us-south/api/v1/tokens?permanent={permanent}&write={write}"
    ))
    .header("authorization", format!("Bearer {iam}"))
    .header("account", fixtures::ACCOUNT_ID)
    .body(Body::empty())
    .unwrap();
    let (s, v) = send(sb, req).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v["token"].as_str().unwrap().to_string()
}

async fn with_bearer(sb: &Sandbox, method: &str, path: &str, bearer: &str) -> StatusCode {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {bearer}"))
        .body(Body::empty())
        .unwrap();
    respond(sb, req).await.0
}

#[tokio::test]
async fn the_ping_challenges_and_names_the_token_service_of_its_region() {
    let (sb, _) = sandbox_and_clock();
    for (region, domain) in [("us-south", "us.icr.io"), ("eu-de", "de.icr.io")] {
        let req = Request::get(format!("/registry/{region}/v2/"))
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = respond(&sb, req).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            headers["www-authenticate"],
            format!("Bearer realm=\"https://{domain}/oauth/token\",service=\"registry\"")
        );
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#
        );
    }
    let req = Request::get("/registry/mars/v2/")
        .body(Body::empty())
        .unwrap();
    assert_eq!(respond(&sb, req).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_keys_and_iam_tokens_of_the_account_are_accepted_and_nothing_else() {
    let (sb, _) = sandbox_and_clock();
    let iam = token(&sb, fixtures::API_KEY).await;
    for (user, password) in [
        ("iamapikey", fixtures::API_KEY),
        ("iambearer", iam.as_str()),
    ] {
        let (s, v) = registry_token(&sb, "us-south", user, password, "").await;
        assert_eq!(s, StatusCode::OK, "{user}: {v}");
        let t = v["token"].as_str().unwrap();
        assert_eq!(v["access_token"], t);
        assert_eq!(v["expires_in"], 300);
        assert_eq!(
            with_bearer(&sb, "GET", "/registry/us-south/v2/", t).await,
            StatusCode::OK
        );
        // A token for one region is no good in another.
        assert_eq!(
            with_bearer(&sb, "GET", "/registry/eu-de/v2/", t).await,
            StatusCode::UNAUTHORIZED
        );
        // Nor is it an IAM token.
        assert!(sb.authenticate(t).is_err());
    }
    for (user, password) in [
        ("iamapikey", "no-such-key"),
        ("iamapikey", ""),
        ("token", "not.a.token"),
        ("iambearer", "garbage"),
        ("iamrefresh", "garbage"),
        ("someone", fixtures::API_KEY),
    ] {
        let (s, v) = registry_token(&sb, "us-south", user, password, "").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{user}");
        assert_eq!(
            v,
            serde_json::json!({"errors": [{"code": "UNAUTHORIZED", "message": "Authorization required. See https://cloud.ibm.com/docs/Registry?topic=Registry-troubleshoot-auth-req", "detail": null}]})
        );
    }
    // A forged bearer on the ping is challenged like none.
    assert_eq!(
        with_bearer(&sb, "GET", "/registry/us-south/v2/", &iam).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn registry_tokens_expire_after_24_hours_unless_non_expiring_and_die_when_removed() {
    let (sb, clock) = sandbox_and_clock();
    let iam = token(&sb, fixtures::API_KEY).await;
    let daily = cr_token(&sb, &iam, false, false).await;
    let forever = cr_token(&sb, &iam, true, false).await;
    for t in [&daily, &forever] {
        assert_eq!(
            registry_token(&sb, "us-south", "token", t, "").await.0,
            StatusCode::OK
        );
    }
    clock.advance_ms(24 * 3_600_000 - 1_000);
    assert_eq!(
        registry_token(&sb, "us-south", "token", &daily, "").await.0,
        StatusCode::OK
    );
    clock.advance_ms(1_000);
    assert_eq!(
        registry_token(&sb, "us-south", "token", &daily, "").await.0,
        StatusCode::UNAUTHORIZED
    );
    clock.advance_ms(400 * 86_400_000);
    assert_eq!(
        registry_token(&sb, "us-south", "token", &forever, "")
            .await
            .0,
        StatusCode::OK
    );
    // Removed with `cr token-rm`: refused.
    let iam = token(&sb, fixtures::API_KEY).await;
    let list = Request::get("/registry/us-south/api/v1/tokens")
        .header("authorization", format!("Bearer {iam}"))
        .header("account", fixtures::ACCOUNT_ID)
        .body(Body::empty())
        .unwrap();
    let (_, v) = send(&sb, list).await;
    let permanent = v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["expiry"] == 0)
        .unwrap()["_id"]
        .as_str()
        .unwrap()
        .to_string();
    let rm = Request::delete(format!("/registry/us-south/api/v1/tokens/{permanent}"))
        .header("authorization", format!("Bearer {iam}"))
        .header("account", fixtures::ACCOUNT_ID)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&sb, rm).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        registry_token(&sb, "us-south", "token", &forever, "")
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn read_only_tokens_pull_and_read_write_tokens_push() {
    let (sb, _) = sandbox_and_clock();
    let iam = token(&sb, fixtures::API_KEY).await;
    let scope = "repository:demo-ns/web:pull,push";
    let tags = "/registry/us-south/v2/demo-ns/web/tags/list";
    let upload = "/registry/us-south/v2/demo-ns/web/blobs/uploads/";
    let cases = [
        (
            "token",
            cr_token(&sb, &iam, false, false).await,
            vec!["pull"],
        ),
        (
            "token",
            cr_token(&sb, &iam, false, true).await,
            vec!["pull", "push"],
        ),
        (
            "iamapikey",
            fixtures::API_KEY.to_string(),
            vec!["pull", "push"],
        ),
        (
            "iamapikey",
            fixtures::VIEW_API_KEY.to_string(),
            vec!["pull"],
        ),
    ];
    for (user, password, want) in cases {
        let (s, v) = registry_token(&sb, "us-south", user, &password, scope).await;
        assert_eq!(s, StatusCode::OK);
        let t = v["token"].as_str().unwrap();
        let claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(t.split('.').nth(1).unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            claims["access"],
            serde_json::json!([{"type": "repository", "name": "demo-ns/web", "actions": want}]),
            "{user}"
        );
        let req = Request::get(tags)
            .header("authorization", format!("Bearer {t}"))
            .body(Body::empty())
            .unwrap();
        let (s, v) = send(&sb, req).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            v,
            serde_json::json!({"name": "demo-ns/web", "tags": ["1.27", "latest"]})
        );
        let pushed = with_bearer(&sb, "POST", upload, t).await;
        let expected = if want.contains(&"push") {
            StatusCode::ACCEPTED
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(pushed, expected, "{user}");
    }
    // Without a token the repository answers with the scope it needs.
    let req = Request::get(tags).body(Body::empty()).unwrap();
    let (s, headers, _) = respond(&sb, req).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(
        headers["www-authenticate"],
        "Bearer realm=\"https://us.icr.io/oauth/token\",service=\"registry\",scope=\"repository:demo-ns/web:pull\""
    );
    // A namespace of no account of the holder's: nothing granted.
    let (_, v) = registry_token(
        &sb,
        "us-south",
        "iamapikey",
        fixtures::API_KEY,
        "repository:someone-else/app:pull",
    )
    .await;
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(v["token"].as_str().unwrap().split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["access"][0]["actions"], serde_json::json!([]));
}
