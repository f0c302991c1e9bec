#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! IAM, accounts and resource groups of the sandbox, called in process.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{respond, sandbox, sandbox_and_clock, APIKEY_GRANT, T0};
use kterm_sim::ibm::AuthError;
use kterm_sim::{fixtures, Sandbox};
use serde_json::Value;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: Value,
    text: String,
}

async fn call(sb: &Sandbox, req: Request<Body>) -> Reply {
    let (status, headers, bytes) = respond(sb, req).await;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Reply {
        status,
        headers,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

async fn token(sb: &Sandbox, form: &str, basic: Option<&str>) -> Reply {
    let mut req = Request::post("/iam/identity/token")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(b) = basic {
        req = req.header("authorization", format!("Basic {b}"));
    }
    call(sb, req.body(Body::from(form.to_string())).unwrap()).await
}

async fn get(sb: &Sandbox, path: &str, bearer: Option<&str>) -> Reply {
    let mut req = Request::get(path).header("host", "127.0.0.1:8080");
    if let Some(t) = bearer {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    call(sb, req.body(Body::empty()).unwrap()).await
}

const APIKEY: &str = APIKEY_GRANT;
const BX: &str = "Yng6Yng=";
const KUBE: &str = "a3ViZTprdWJl";

#[tokio::test]
async fn api_key_login_without_client_gets_no_refresh_token() {
    let sb = sandbox();
    let r = token(
        &sb,
        &format!("{APIKEY}demo-apikey&response_type=cloud_iam"),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["refresh_token"], "not_supported");
    assert_eq!(r.json["token_type"], "Bearer");
    assert_eq!(r.json["expires_in"], 3600);
    assert_eq!(r.json["expiration"], T0 / 1000 + 3600);
    let p = sb
        .authenticate(r.json["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        (p.email.as_str(), p.account_id.as_str(), p.can_write),
        (fixtures::USER_EMAIL, fixtures::ACCOUNT_ID, true)
    );
}

#[tokio::test]
async fn token_errors_have_the_real_body() {
    let sb = sandbox();
    let cases = [
        (
            format!("{APIKEY}wrong"),
            "BXNIM0415E",
            "Provided API key could not be found.",
        ),
        (
            "grant_type=password&username=demo%40example.com&password=nope".to_string(),
            "BXNIM0602E",
            "The credentials you entered for the user 'demo@example.com' are incorrect",
        ),
        (
            "grant_type=refresh_token&refresh_token=bogus".to_string(),
            "BXNIM0407E",
            "Provided refresh token is invalid.",
        ),
        (
            "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Apasscode&passcode=ABC"
                .to_string(),
            "BXNIM0117E",
            "The passcode is invalid or has expired.",
        ),
        (
            "apikey=x".to_string(),
            "BXNIM0109E",
            "Property missing or empty: grant_type.",
        ),
    ];
    for (form, code, msg) in cases {
        let r = token(&sb, &form, None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{form}");
        assert_eq!(
            (
                r.json["errorCode"].as_str(),
                r.json["errorMessage"].as_str()
            ),
            (Some(code), Some(msg)),
            "{form}"
        );
        assert_eq!(r.headers["ibm-cloud-service-name"], "iam-identity");
        assert!(r.json["context"]["requestId"].is_string());
    }
}

#[tokio::test]
async fn viewer_key_authenticates_without_write_access() {
    let sb = sandbox();
    let r = token(&sb, &format!("{APIKEY}demo-viewer-apikey"), None).await;
    let p = sb
        .authenticate(r.json["access_token"].as_str().unwrap())
        .unwrap();
    assert!(!p.can_write);
}

#[tokio::test]
async fn password_and_single_use_passcode_logins() {
    let sb = sandbox();
    let r = token(
        &sb,
        "grant_type=password&username=demo%40example.com&password=demo-password",
        Some(BX),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_ne!(r.json["refresh_token"], "not_supported");

    let page = get(&sb, "/iam/identity/passcode", None).await;
    assert!(page.text.contains("Your one-time passcode"));
    let mut req = Request::get("/iam/identity/passcode").header("accept", "application/json");
    req = req.header("host", "x");
    let code = call(&sb, req.body(Body::empty()).unwrap()).await.json["passcode"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(code.len(), 10);
    let form =
        format!("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Apasscode&passcode={code}");
    assert_eq!(token(&sb, &form, Some(BX)).await.status, StatusCode::OK);
    assert_eq!(
        token(&sb, &form, Some(BX)).await.json["errorCode"],
        "BXNIM0117E",
        "single use"
    );
}

#[tokio::test]
async fn passcode_expires_after_five_minutes() {
    let (sb, clock) = sandbox_and_clock();
    let req = Request::get("/iam/identity/passcode")
        .header("accept", "application/json")
        .body(Body::empty())
        .unwrap();
    let code = call(&sb, req).await.json["passcode"]
        .as_str()
        .unwrap()
        .to_string();
    clock.advance_ms(5 * 60 * 1000 + 1);
    let form =
        format!("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Apasscode&passcode={code}");
    assert_eq!(
        token(&sb, &form, Some(BX)).await.json["errorCode"],
        "BXNIM0117E"
    );
}

#[tokio::test]
async fn access_tokens_expire_and_refresh() {
    let (sb, clock) = sandbox_and_clock();
    let r = token(&sb, &format!("{APIKEY}demo-apikey"), Some(BX)).await;
    let access = r.json["access_token"].as_str().unwrap().to_string();
    let refresh = r.json["refresh_token"].as_str().unwrap().to_string();
    clock.advance_ms(3600 * 1000);
    assert_eq!(sb.authenticate(&access), Err(AuthError::Expired));
    assert_eq!(
        get(
            &sb,
            "/resource-controller/v2/resource_groups",
            Some(&access)
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let again = token(
        &sb,
        &format!("grant_type=refresh_token&refresh_token={refresh}"),
        Some(BX),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert!(sb
        .authenticate(again.json["access_token"].as_str().unwrap())
        .is_ok());
    clock.advance_ms(31 * 24 * 3600 * 1000);
    let late = token(
        &sb,
        &format!("grant_type=refresh_token&refresh_token={refresh}"),
        Some(BX),
    )
    .await;
    assert_eq!(late.json["errorCode"], "BXNIM0408E");
    assert_eq!(sb.authenticate("not-a-token"), Err(AuthError::Invalid));
}

#[tokio::test]
async fn delegated_refresh_token_flow_for_kubernetes() {
    let sb = sandbox();
    let login = token(&sb, &format!("{APIKEY}demo-apikey"), Some(BX)).await;
    let refresh = login.json["refresh_token"].as_str().unwrap();
    let form = format!("grant_type=refresh_token&refresh_token={refresh}&response_type=delegated_refresh_token&delegated_refresh_token_expiry=600&receiver_client_ids=kube");
    let d = token(&sb, &form, Some(BX)).await;
    let delegated = d.json["delegated_refresh_token"].as_str().unwrap();
    let kube_form = format!("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Adelegated-refresh-token&refresh_token={delegated}");
    let k = token(&sb, &kube_form, Some(KUBE)).await;
    assert_eq!(k.status, StatusCode::OK, "{}", k.text);
    assert_eq!(k.json["scope"], "ibm openid containers-kubernetes");
    let id_token = k.json["id_token"].as_str().unwrap();
    assert_eq!(
        sb.authenticate(id_token).unwrap().email,
        fixtures::USER_EMAIL
    );
    // The OIDC refresh kubectl's auth-provider does, with the kube client.
    let kube_refresh = k.json["refresh_token"].as_str().unwrap();
    let r = token(
        &sb,
        &format!("grant_type=refresh_token&refresh_token={kube_refresh}"),
        Some(KUBE),
    )
    .await;
    assert!(r.json["id_token"].is_string(), "{}", r.text);
    // A delegated token is not an IAM session token.
    let misuse = token(
        &sb,
        &format!("grant_type=refresh_token&refresh_token={delegated}"),
        Some(BX),
    )
    .await;
    assert_eq!(misuse.json["errorCode"], "BXNIM0407E");
}

#[tokio::test]
async fn openid_configuration_points_at_this_sandbox() {
    let sb = sandbox();
    let r = get(&sb, "/iam/identity/.well-known/openid-configuration", None).await;
    assert_eq!(
        r.json["passcode_endpoint"],
        "http://127.0.0.1:8080/api/iam/identity/passcode"
    );
    assert_eq!(
        r.json["token_endpoint"],
        "http://127.0.0.1:8080/api/iam/identity/token"
    );
}

#[tokio::test]
async fn accounts_and_resource_groups() {
    let sb = sandbox();
    assert_eq!(
        get(&sb, "/accounts/coe/v2/accounts", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let t = token(&sb, &format!("{APIKEY}demo-apikey"), None).await.json["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let a = get(&sb, "/accounts/coe/v2/accounts", Some(&t)).await;
    assert_eq!(
        a.json["resources"][0]["entity"]["name"],
        fixtures::ACCOUNT_NAME
    );
    assert_eq!(
        a.json["resources"][0]["metadata"]["guid"],
        fixtures::ACCOUNT_ID
    );
    let g = get(
        &sb,
        &format!(
            "/resource-controller/v2/resource_groups?account_id={}",
            fixtures::ACCOUNT_ID
        ),
        Some(&t),
    )
    .await;
    let names: Vec<&str> = g.json["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Default", "dev"]);
    let d = get(
        &sb,
        "/resource-controller/v2/resource_groups?default=true",
        Some(&t),
    )
    .await;
    assert_eq!(d.json["resources"].as_array().unwrap().len(), 1);
    let other = get(
        &sb,
        "/resource-controller/v2/resource_groups?account_id=someoneelse",
        Some(&t),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert_eq!(other.json["errors"][0]["code"], "forbidden");
}

#[tokio::test]
async fn api_keys_create_list_use_delete() {
    let sb = sandbox();
    let t = token(&sb, &format!("{APIKEY}demo-apikey"), None).await.json["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let req = Request::post("/iam/v1/apikeys")
        .header("authorization", format!("Bearer {t}"))
        .header("content-type", "application/json")
        .body(Body::from(format!(
            r#"{{"name":"newkey","iam_id":"{}","description":"d"}}"#,
            fixtures::USER_IAM_ID
        )))
        .unwrap();
    let created = call(&sb, req).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json["id"].as_str().unwrap().to_string();
    let value = created.json["apikey"].as_str().unwrap().to_string();
    assert!(id.starts_with("ApiKey-"));
    let list = get(&sb, "/iam/v1/apikeys", Some(&t)).await;
    let names: Vec<&str> = list.json["apikeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["demo-apikey", "newkey"]);
    assert!(
        list.json["apikeys"][1]["apikey"].is_null(),
        "values are shown only on create"
    );
    assert_eq!(
        token(&sb, &format!("{APIKEY}{value}"), None).await.status,
        StatusCode::OK
    );
    let del = Request::delete(format!("/iam/v1/apikeys/{id}"))
        .header("authorization", format!("Bearer {t}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&sb, del).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        get(&sb, &format!("/iam/v1/apikeys/{id}"), Some(&t))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        token(&sb, &format!("{APIKEY}{value}"), None).await.json["errorCode"],
        "BXNIM0415E"
    );
}
