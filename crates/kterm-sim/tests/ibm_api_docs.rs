#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The API calls of IBM's "Setting up the API" docs (2017-2019), answered
//! by the sandbox as the real services answer them: every IAM grant, the
//! account, region, cluster and Cloud Foundry lookups, and the whole chain
//! from an API key to the cluster's Kubernetes API with the id token.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use common::{respond, sandbox, APIKEY_GRANT};
use kterm_sim::{fixtures, Sandbox};
use serde_json::Value;

const BX: &str = "Basic Yng6Yng=";
const KUBE: &str = "Basic a3ViZTprdWJl";
const UAA: &str = "&response_type=cloud_iam+uaa&uaa_client_id=cf&uaa_client_secret=";
const DELEGATED_GRANT: &str =
    "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Adelegated-refresh-token";
const PASSCODE_GRANT: &str = "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Apasscode";
const ENDPOINT: &str = "c7.us-south.containers.cloud.ibm.com:27078";

/// (what, path, form, client auth, fields present/absent, scope, account)
type GrantCase<'a> = (
    &'a str,
    &'a str,
    String,
    Option<&'a str>,
    &'a str,
    &'a str,
    &'a str,
);

/// (path, headers, status, JSON pointer, expected value)
type LookupCase<'a> = (String, Vec<(&'a str, &'a str)>, StatusCode, &'a str, Value);

struct Reply {
    status: StatusCode,
    json: Value,
    text: String,
}

async fn call(sb: &Sandbox, req: Request<Body>) -> Reply {
    let (status, _, bytes) = respond(sb, req).await;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Reply {
        status,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

/// `POST <path>` with a form body, as the docs' curl sends it.
async fn post_form(sb: &Sandbox, path: &str, form: &str, auth: Option<&str>) -> Reply {
    let mut req = Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json");
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    call(sb, req.body(Body::from(form.to_string())).unwrap()).await
}

async fn token(sb: &Sandbox, form: &str, auth: Option<&str>) -> Reply {
    post_form(sb, "/iam/identity/token", form, auth).await
}

/// `GET <path>` with the given headers.
async fn get(sb: &Sandbox, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = Request::get(path).header("host", "127.0.0.1:8080");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    call(sb, req.body(Body::empty()).unwrap()).await
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The payload of a JWT.
fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// The docs' two steps: a delegated refresh token for kube (client bx),
/// then the kube client's id token for it.
async fn id_token(sb: &Sandbox, refresh: &str) -> String {
    let d = token(
        sb,
        &format!("delegated_refresh_token_expiry=600&receiver_client_ids=kube&response_type=delegated_refresh_token&refresh_token={refresh}&grant_type=refresh_token"),
        Some(BX),
    )
    .await;
    let delegated = s(&d.json["delegated_refresh_token"]);
    let k = token(
        sb,
        &format!("refresh_token={delegated}&{DELEGATED_GRANT}"),
        Some(KUBE),
    )
    .await;
    s(&k.json["id_token"])
}

async fn passcode(sb: &Sandbox) -> String {
    let r = get(
        sb,
        "/iam/identity/passcode",
        &[("accept", "application/json")],
    )
    .await;
    s(&r.json["passcode"])
}

/// Fields a successful token answer has (`+name`) or lacks (`-name`).
fn check_fields(r: &Reply, fields: &str, what: &str) {
    for f in fields.split_whitespace() {
        let (want, name) = f.split_at(1);
        assert_eq!(
            r.json.get(name).is_some(),
            want == "+",
            "{what}: field {name} in {}",
            r.text
        );
    }
}

#[tokio::test]
async fn every_grant_the_docs_use() {
    let sb = sandbox();
    let login = token(&sb, &format!("{APIKEY_GRANT}demo-apikey"), Some(BX)).await;
    let refresh = s(&login.json["refresh_token"]);
    let code = passcode(&sb).await;
    let team = fixtures::TEAM_ACCOUNT_ID;
    // (what, path, form, client auth, fields present/absent, scope, account)
    let cases: Vec<GrantCase> = vec![
        (
            "API key, no client",
            "/iam/identity/token",
            format!("{APIKEY_GRANT}demo-apikey"),
            None,
            "+access_token +refresh_token +expiration +expires_in -uaa_token -id_token",
            "ibm openid",
            fixtures::ACCOUNT_ID,
        ),
        (
            "API key with uaa (2018 doc)",
            "/iam/identity/token",
            format!("{APIKEY_GRANT}demo-apikey{UAA}"),
            Some(BX),
            "+access_token +refresh_token +uaa_token +uaa_refresh_token -delegated_refresh_token",
            "ibm openid",
            fixtures::ACCOUNT_ID,
        ),
        (
            "password at /oidc/token (2017 doc)",
            "/iam/oidc/token",
            format!("grant_type=password&username=demo%40example.com&password=demo-password{UAA}"),
            Some(BX),
            "+access_token +refresh_token +uaa_token +uaa_refresh_token",
            "ibm openid",
            fixtures::ACCOUNT_ID,
        ),
        (
            "passcode",
            "/iam/identity/token",
            format!("{PASSCODE_GRANT}&passcode={code}"),
            Some(BX),
            "+access_token +refresh_token -uaa_token",
            "ibm openid",
            fixtures::ACCOUNT_ID,
        ),
        (
            "refresh",
            "/iam/identity/token",
            format!("grant_type=refresh_token&refresh_token={refresh}{UAA}"),
            Some(BX),
            "+access_token +refresh_token +uaa_token",
            "ibm openid",
            fixtures::ACCOUNT_ID,
        ),
        (
            "API key for another account (bss_account)",
            "/iam/identity/token",
            format!("{APIKEY_GRANT}demo-apikey&bss_account={team}"),
            Some(BX),
            "+access_token +refresh_token",
            "ibm openid",
            team,
        ),
        (
            "refresh into another account (account, as the CLI sends it)",
            "/iam/identity/token",
            format!("grant_type=refresh_token&refresh_token={refresh}&account={team}"),
            Some(BX),
            "+access_token",
            "ibm openid",
            team,
        ),
    ];
    for (what, path, form, auth, fields, scope, account) in cases {
        let r = post_form(&sb, path, &form, auth).await;
        assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.text);
        check_fields(&r, fields, what);
        assert_eq!(r.json["token_type"], "Bearer", "{what}");
        assert_eq!(r.json["expires_in"], 3600, "{what}");
        assert_eq!(r.json["scope"], scope, "{what}");
        let access = s(&r.json["access_token"]);
        assert_eq!(claims(&access)["account"]["bss"], account, "{what}");
        assert_eq!(sb.authenticate(&access).unwrap().account_id, account);
        if let Some(uaa) = r.json["uaa_token"].as_str() {
            let c = claims(uaa);
            assert_eq!(
                (c["user_name"].as_str(), c["client_id"].as_str()),
                (Some(fixtures::USER_EMAIL), Some("cf")),
                "{what}"
            );
            assert!(sb.authenticate(uaa).is_err(), "a UAA token is not IAM's");
        }
    }
}

#[tokio::test]
async fn token_errors_as_iam_answers_them() {
    let sb = sandbox();
    let login = token(&sb, &format!("{APIKEY_GRANT}demo-apikey"), Some(BX)).await;
    let refresh = s(&login.json["refresh_token"]);
    let ask = format!(
        "grant_type=refresh_token&refresh_token={refresh}&response_type=delegated_refresh_token&receiver_client_ids=kube"
    );
    let delegated = s(&token(&sb, &ask, Some(BX)).await.json["delegated_refresh_token"]);
    // (form, client auth, status, errorCode, errorMessage)
    let cases: Vec<(String, Option<&str>, StatusCode, &str, String)> = vec![
        (
            APIKEY_GRANT.to_string(),
            None,
            StatusCode::BAD_REQUEST,
            "BXNIM0109E",
            "Property missing or empty: apikey.".into(),
        ),
        (
            "grant_type=password&username=demo%40example.com".into(),
            Some(BX),
            StatusCode::BAD_REQUEST,
            "BXNIM0109E",
            "Property missing or empty: password.".into(),
        ),
        (
            PASSCODE_GRANT.to_string(),
            Some(BX),
            StatusCode::BAD_REQUEST,
            "BXNIM0109E",
            "Property missing or empty: passcode.".into(),
        ),
        (
            "grant_type=refresh_token".into(),
            Some(BX),
            StatusCode::BAD_REQUEST,
            "BXNIM0109E",
            "Property missing or empty: refresh_token.".into(),
        ),
        (
            format!("{APIKEY_GRANT}nope"),
            Some(BX),
            StatusCode::BAD_REQUEST,
            "BXNIM0415E",
            "Provided API key could not be found.".into(),
        ),
        (
            format!("{APIKEY_GRANT}demo-apikey"),
            Some("Basic eDp5"), // x:y
            StatusCode::UNAUTHORIZED,
            "BXNIM0435E",
            "The client credentials are invalid.".into(),
        ),
        (
            format!("{APIKEY_GRANT}demo-apikey&bss_account=0000"),
            Some(BX),
            StatusCode::BAD_REQUEST,
            "BXNIM0520E",
            "The user is not a member of the account '0000'.".into(),
        ),
        (
            format!("grant_type=refresh_token&refresh_token={refresh}&response_type=delegated_refresh_token"),
            Some(BX),
            StatusCode::BAD_REQUEST,
            "BXNIM0109E",
            "Property missing or empty: receiver_client_ids.".into(),
        ),
        // Only the receiver (kube) redeems a delegated refresh token.
        (
            format!("{DELEGATED_GRANT}&refresh_token={delegated}"),
            Some(BX),
            StatusCode::BAD_REQUEST,
            "BXNIM0407E",
            "Provided refresh token is invalid.".into(),
        ),
        (
            "grant_type=authorization_code&code=x".into(),
            Some(BX),
            StatusCode::BAD_REQUEST,
            "BXNIM0104E",
            "Unsupported grant type 'authorization_code'.".into(),
        ),
    ];
    for (form, auth, status, code, message) in cases {
        for path in ["/iam/identity/token", "/iam/oidc/token"] {
            let r = post_form(&sb, path, &form, auth).await;
            assert_eq!(r.status, status, "{path} {form}: {}", r.text);
            assert_eq!(
                (s(&r.json["errorCode"]), s(&r.json["errorMessage"])),
                (code.to_string(), message.clone()),
                "{path} {form}"
            );
            assert!(r.json["context"]["requestId"].is_string(), "{form}");
        }
    }
}

#[tokio::test]
async fn delegated_refresh_token_then_id_token() {
    let sb = sandbox();
    let login = token(&sb, &format!("{APIKEY_GRANT}demo-apikey"), Some(BX)).await;
    let refresh = s(&login.json["refresh_token"]);
    let form = format!("delegated_refresh_token_expiry=600&receiver_client_ids=kube&response_type=delegated_refresh_token&refresh_token={refresh}&grant_type=refresh_token");
    let d = token(&sb, &form, Some(BX)).await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.text);
    // Asked alone, the delegated refresh token is the whole answer.
    let keys: Vec<&String> = d.json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["delegated_refresh_token"]);
    let delegated = s(&d.json["delegated_refresh_token"]);
    let k = token(
        &sb,
        &format!("refresh_token={delegated}&{DELEGATED_GRANT}"),
        Some(KUBE),
    )
    .await;
    assert_eq!(k.status, StatusCode::OK, "{}", k.text);
    check_fields(
        &k,
        "+access_token +id_token +refresh_token +token_type +expires_in +expiration +scope",
        "kube",
    );
    assert_eq!(k.json["scope"], "ibm openid containers-kubernetes");
    let id = claims(k.json["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], "kube");
    assert_eq!(id["scope"], "ibm openid containers-kubernetes");
    assert_eq!(
        id[format!("iam_id_{}", fixtures::ACCOUNT_ID)],
        fixtures::USER_IAM_ID
    );
    // Both halves of the answer together, as bluemix-go asks.
    let both = token(
        &sb,
        &format!("grant_type=refresh_token&refresh_token={refresh}&response_type=cloud_iam+delegated_refresh_token&receiver_client_ids=kube"),
        Some(BX),
    )
    .await;
    check_fields(&both, "+access_token +delegated_refresh_token", "both");
}

#[tokio::test]
async fn lookups_the_docs_make() {
    let sb = sandbox();
    let login = token(&sb, &format!("{APIKEY_GRANT}demo-apikey{UAA}"), Some(BX)).await;
    let access = s(&login.json["access_token"]);
    let refresh = s(&login.json["refresh_token"]);
    let uaa = s(&login.json["uaa_token"]);
    let bearer = format!("bearer {access}");
    let uaa_bearer = format!("bearer {uaa}");
    let iam = [
        ("authorization", bearer.as_str()),
        ("x-auth-refresh-token", refresh.as_str()),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut h: Vec<(&str, &str)> = iam.to_vec();
        h.extend_from_slice(extra);
        h
    };
    let names = |v: &Value| -> String {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|c| s(&c["name"]))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default()
    };
    let org = fixtures::CF_ORG_GUID;
    let orgs_path = "/cf/ng/v2/organizations".to_string();
    let spaces_path = format!("/cf/ng/v2/organizations/{org}/spaces");
    // (path, headers, status, JSON pointer, expected value)
    let cases: Vec<LookupCase> = vec![
        (
            "/accounts/v1/accounts".into(),
            with(&[]),
            StatusCode::OK,
            "/resources/0/metadata/guid",
            fixtures::ACCOUNT_ID.into(),
        ),
        (
            "/accounts/v1/accounts".into(),
            with(&[]),
            StatusCode::OK,
            "/resources/0/metadata/url",
            format!("/v1/accounts/{}", fixtures::ACCOUNT_ID).into(),
        ),
        (
            "/accounts/v1/accounts".into(),
            with(&[]),
            StatusCode::OK,
            "/resources/1/entity/name",
            fixtures::TEAM_ACCOUNT_NAME.into(),
        ),
        (
            "/accounts/v1/accounts".into(),
            with(&[]),
            StatusCode::OK,
            "/total_pages",
            1.into(),
        ),
        (
            "/accounts/v1/accounts".into(),
            vec![],
            StatusCode::UNAUTHORIZED,
            "/errors/0/code",
            "not_authorized".into(),
        ),
        (
            "/containers/v1/regions".into(),
            with(&[]),
            StatusCode::OK,
            "/regions/5/name",
            "us-south".into(),
        ),
        (
            "/containers/v1/regions".into(),
            with(&[]),
            StatusCode::OK,
            "/regions/5/cfURL",
            "api.ng.bluemix.net".into(),
        ),
        (
            "/containers/v1/clusters".into(),
            with(&[("x-region", "us-south")]),
            StatusCode::OK,
            "/0/name",
            "mycluster".into(),
        ),
        (
            "/containers/v1/clusters".into(),
            with(&[("x-region", "eu-central")]),
            StatusCode::OK,
            "/0/name",
            "dev-vpc".into(),
        ),
        (
            "/containers/v1/clusters".into(),
            with(&[("x-region", "eu-central")]),
            StatusCode::OK,
            "/1",
            Value::Null,
        ),
        (
            "/containers/v1/clusters/mycluster".into(),
            with(&[("x-region", "us-south")]),
            StatusCode::OK,
            "/publicServiceEndpointURL",
            format!("https://{ENDPOINT}").into(),
        ),
        (
            "/containers/v1/clusters/mycluster".into(),
            with(&[("x-region", "us-south")]),
            StatusCode::OK,
            "/masterURL",
            format!("http://127.0.0.1:8080/api/k8s/{}", fixtures::CLUSTERS[0].id).into(),
        ),
        (
            "/containers/v1/clusters/mycluster".into(),
            with(&[]),
            StatusCode::OK,
            "/dataCenter",
            "dal10".into(),
        ),
        // The 2019 doc's table sends the bare token.
        (
            "/containers/v1/clusters/mycluster".into(),
            vec![("authorization", access.as_str()), ("x-region", "us-south")],
            StatusCode::OK,
            "/multiAzCapable",
            true.into(),
        ),
        (
            "/containers/v1/clusters/dev-vpc".into(),
            with(&[("x-region", "us-south")]),
            StatusCode::NOT_FOUND,
            "/code",
            "G0004".into(),
        ),
        (
            "/containers/v1/clusters/mycluster".into(),
            vec![("x-region", "us-south")],
            StatusCode::UNAUTHORIZED,
            "/code",
            "E0006".into(),
        ),
        (
            "/containers-regional/us-south/v1/clusters".into(),
            with(&[]),
            StatusCode::OK,
            "/0/id",
            fixtures::CLUSTERS[0].id.into(),
        ),
        (
            "/containers-regional/uk-south/v1/clusters".into(),
            with(&[]),
            StatusCode::OK,
            "",
            Value::Array(vec![]),
        ),
        (
            "/containers-regional/eu-central/v1/clusters/dev-vpc".into(),
            with(&[]),
            StatusCode::OK,
            "/publicServiceEndpointURL",
            "https://c2.eu-de.containers.cloud.ibm.com:31466".into(),
        ),
        (
            orgs_path.clone(),
            vec![("authorization", uaa_bearer.as_str())],
            StatusCode::OK,
            "/resources/0/metadata/guid",
            org.into(),
        ),
        (
            orgs_path.clone(),
            vec![("authorization", uaa_bearer.as_str())],
            StatusCode::OK,
            "/resources/0/entity/name",
            fixtures::USER_EMAIL.into(),
        ),
        (
            "/cf/eu-gb/v2/organizations".into(),
            vec![("authorization", uaa_bearer.as_str())],
            StatusCode::OK,
            "/total_results",
            0.into(),
        ),
        (
            spaces_path.clone(),
            vec![("authorization", uaa_bearer.as_str())],
            StatusCode::OK,
            "/resources/0/entity/name",
            "dev".into(),
        ),
        (
            spaces_path.clone(),
            vec![("authorization", uaa_bearer.as_str())],
            StatusCode::OK,
            "/resources/0/entity/organization_guid",
            org.into(),
        ),
        (
            "/cf/ng/v2/organizations/nope/spaces".into(),
            vec![("authorization", uaa_bearer.as_str())],
            StatusCode::NOT_FOUND,
            "/error_code",
            "CF-OrganizationNotFound".into(),
        ),
        (
            orgs_path.clone(),
            vec![("authorization", bearer.as_str())],
            StatusCode::UNAUTHORIZED,
            "/error_code",
            "CF-InvalidAuthToken".into(),
        ),
        (
            orgs_path,
            vec![],
            StatusCode::UNAUTHORIZED,
            "/error_code",
            "CF-NotAuthenticated".into(),
        ),
    ];
    for (path, headers, status, pointer, want) in cases {
        let r = get(&sb, &path, &headers).await;
        assert_eq!(r.status, status, "{path}: {}", r.text);
        let got = r.json.pointer(pointer).cloned().unwrap_or(Value::Null);
        assert_eq!(got, want, "{path} {pointer}: {}", r.text);
    }
    let all = get(&sb, "/containers/v1/clusters", &iam).await;
    assert_eq!(names(&all.json), "mycluster,dev-vpc");
}

#[tokio::test]
async fn cluster_endpoint_answers_with_either_token() {
    let sb = sandbox();
    let login = token(&sb, &format!("{APIKEY_GRANT}demo-apikey"), Some(BX)).await;
    let access = s(&login.json["access_token"]);
    let id_token = id_token(&sb, &s(&login.json["refresh_token"])).await;
    let ns = format!("/k8s-endpoint/{ENDPOINT}/api/v1/namespaces");
    let version = format!("/k8s-endpoint/{ENDPOINT}/version");
    let id_bearer = format!("Bearer {id_token}");
    let access_bearer = format!("Bearer {access}");
    // (path, token, status, JSON pointer, expected)
    let cases: Vec<(&str, Option<&str>, StatusCode, &str, Value)> = vec![
        (
            &ns,
            Some(&id_bearer),
            StatusCode::OK,
            "/kind",
            "NamespaceList".into(),
        ),
        (
            &ns,
            Some(&access_bearer),
            StatusCode::OK,
            "/kind",
            "NamespaceList".into(),
        ),
        (
            &version,
            Some(&id_bearer),
            StatusCode::OK,
            "/major",
            "1".into(),
        ),
        (
            &ns,
            None,
            StatusCode::UNAUTHORIZED,
            "/reason",
            "Unauthorized".into(),
        ),
        (
            &ns,
            Some("Bearer forged.token.here"),
            StatusCode::UNAUTHORIZED,
            "/reason",
            "Unauthorized".into(),
        ),
        (
            "/k8s-endpoint/c9.us-south.containers.cloud.ibm.com:1/version",
            Some(&id_bearer),
            StatusCode::BAD_GATEWAY,
            "",
            Value::Null,
        ),
    ];
    for (path, auth, status, pointer, want) in cases {
        let headers: Vec<(&str, &str)> =
            auth.map(|a| vec![("authorization", a)]).unwrap_or_default();
        let r = get(&sb, path, &headers).await;
        assert_eq!(r.status, status, "{path}: {}", r.text);
        if !pointer.is_empty() {
            assert_eq!(
                r.json.pointer(pointer).cloned().unwrap_or(Value::Null),
                want,
                "{path}"
            );
        }
    }
}

/// The docs' whole chain, each step using what the one before answered.
#[tokio::test]
async fn the_whole_chain_from_api_key_to_namespaces() {
    let sb = sandbox();
    let first = post_form(
        &sb,
        "/iam/identity/token",
        &format!("{APIKEY_GRANT}demo-apikey{UAA}"),
        Some(BX),
    )
    .await;
    let access = s(&first.json["access_token"]);
    let accounts = get(
        &sb,
        "/accounts/v1/accounts",
        &[("authorization", &format!("bearer {access}"))],
    )
    .await;
    let account = s(&accounts.json["resources"][0]["metadata"]["guid"]);
    let scoped = post_form(
        &sb,
        "/iam/identity/token",
        &format!("{APIKEY_GRANT}demo-apikey&bss_account={account}"),
        Some(BX),
    )
    .await;
    let access = s(&scoped.json["access_token"]);
    let refresh = s(&scoped.json["refresh_token"]);
    let auth = format!("Bearer {access}");
    let iam: [(&str, &str); 2] = [("authorization", &auth), ("x-auth-refresh-token", &refresh)];
    let regions = get(&sb, "/containers/v1/regions", &iam).await;
    let region = regions.json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["alias"] == "us-south")
        .map(|r| s(&r["name"]))
        .unwrap();
    let mut h = iam.to_vec();
    h.push(("x-region", &region));
    let clusters = get(&sb, "/containers/v1/clusters", &h).await;
    let id = s(&clusters.json[0]["id"]);
    let cluster = get(&sb, &format!("/containers/v1/clusters/{id}"), &h).await;
    let url = s(&cluster.json["publicServiceEndpointURL"]);
    let endpoint = url.strip_prefix("https://").unwrap();
    let id_token = id_token(&sb, &refresh).await;
    let ns = get(
        &sb,
        &format!("/k8s-endpoint/{endpoint}/api/v1/namespaces"),
        &[("authorization", &format!("bearer {id_token}"))],
    )
    .await;
    assert_eq!(ns.status, StatusCode::OK, "{}", ns.text);
    let names: Vec<String> = ns.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| s(&n["metadata"]["name"]))
        .collect();
    assert!(names.contains(&"default".to_string()), "{names:?}");
    assert!(names.contains(&"kube-system".to_string()), "{names:?}");
}
