//! Accounts (`/coe/v2/accounts`, the login account picker, and the older
//! `/v1/accounts` of `accountmanagement.<region>.bluemix.net` the 2018-2019
//! API docs call) and Resource Manager resource groups (`/v2/resource_groups`).

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{error, Caller};
use crate::{fixtures, Sandbox};

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/accounts/coe/v2/accounts", get(accounts))
        .route("/accounts/coe/v2/accounts/{id}", get(account))
        .route("/accounts/v1/accounts", get(accounts_v1))
        .route("/accounts/v1/accounts/{id}", get(account_v1))
        .route("/resource-controller/v2/resource_groups", get(groups))
        .route("/resource-controller/v2/resource_groups/{id}", get(group))
}

const CREATED: &str = "2024-03-14T09:26:53.589Z";

/// One account as the API at `base` (`/coe/v2/accounts`, `/v1/accounts`)
/// writes it.
fn account_view(base: &str, a: &fixtures::AccountFixture) -> Value {
    let subscriptions = if a.ims.is_empty() {
        json!([])
    } else {
        json!([{"softlayer_account_id": a.ims}])
    };
    // The Cloud Foundry org (2017 docs) lives in the demo account.
    let orgs = if a.id == fixtures::ACCOUNT_ID {
        json!([{"guid": fixtures::CF_ORG_GUID, "region": "us-south"}])
    } else {
        json!([])
    };
    json!({
        "metadata": {
            "guid": a.id,
            "url": format!("{base}/{}", a.id),
            "created_at": CREATED,
            "updated_at": CREATED,
        },
        "entity": {
            "name": a.name,
            "type": "PAYG",
            "state": "ACTIVE",
            "owner": fixtures::USER_EMAIL,
            "owner_userid": fixtures::USER_EMAIL,
            "owner_unique_id": fixtures::USER_IAM_ID.trim_start_matches("IBMid-"),
            "owner_iam_id": fixtures::USER_IAM_ID,
            "customer_id": "91827364",
            "country_code": "USA",
            "currency_code": "USD",
            "bluemix_subscriptions": subscriptions,
            "organizations_region": orgs,
            "members": [{"guid": fixtures::USER_IAM_ID, "user_id": fixtures::USER_EMAIL, "unique_id": fixtures::USER_IAM_ID}],
        },
    })
}

/// The accounts a caller may see: all of the demo user's; only the demo
/// account for the view-only service ID.
fn visible(p: &crate::Principal) -> impl Iterator<Item = &'static fixtures::AccountFixture> + '_ {
    fixtures::ACCOUNTS
        .iter()
        .filter(move |a| p.iam_id == fixtures::USER_IAM_ID || a.id == fixtures::ACCOUNT_ID)
}

const COE: &str = "/coe/v2/accounts";
const V1: &str = "/v1/accounts";

fn list(base: &str, p: &crate::Principal) -> Response {
    let list: Vec<Value> = visible(p).map(|a| account_view(base, a)).collect();
    let mut body = json!({"next_url": null, "total_results": list.len(), "resources": list});
    if base == V1 {
        body["total_pages"] = json!(1);
        body["prev_url"] = Value::Null;
    }
    Json(body).into_response()
}

fn one(base: &str, p: &crate::Principal, id: &str) -> Response {
    match visible(p).find(|a| a.id == id) {
        Some(a) => Json(account_view(base, a)).into_response(),
        None => error::platform(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("Account {id} not found."),
        ),
    }
}

async fn accounts(Caller(p): Caller) -> Response {
    list(COE, &p)
}

async fn account(Caller(p): Caller, Path(id): Path<String>) -> Response {
    one(COE, &p, &id)
}

async fn accounts_v1(Caller(p): Caller) -> Response {
    list(V1, &p)
}

async fn account_v1(Caller(p): Caller, Path(id): Path<String>) -> Response {
    one(V1, &p, &id)
}

fn group_view(g: &fixtures::ResourceGroupFixture) -> Value {
    let acct = g.account;
    json!({
        "id": g.id,
        "crn": format!("crn:v1:bluemix:public:resource-controller::a/{acct}::resource-group:{}", g.id),
        "account_id": acct,
        "name": g.name,
        "state": "ACTIVE",
        "default": g.default,
        "enable_reclamation": false,
        "quota_id": "a3d7b8d01e261c24677937c29ab33f3c",
        "quota_url": "/v2/quota_definitions/a3d7b8d01e261c24677937c29ab33f3c",
        "payment_methods_url": format!("/v2/resource_groups/{}/payment_methods", g.id),
        "resource_linkages": [],
        "teams_url": format!("/v2/resource_groups/{}/teams", g.id),
        "created_at": CREATED,
        "updated_at": CREATED,
    })
}

#[derive(Deserialize)]
struct GroupQuery {
    account_id: Option<String>,
    name: Option<String>,
    default: Option<bool>,
}

async fn groups(Caller(p): Caller, Query(q): Query<GroupQuery>) -> Response {
    if q.account_id.as_deref().is_some_and(|a| a != p.account_id) {
        return error::platform(
            StatusCode::FORBIDDEN,
            "forbidden",
            "You are not authorized to list resource groups in that account.",
        );
    }
    let list: Vec<Value> = fixtures::RESOURCE_GROUPS
        .iter()
        .filter(|g| g.account == p.account_id)
        .filter(|g| q.name.as_deref().is_none_or(|n| n == g.name))
        .filter(|g| q.default.is_none_or(|d| d == g.default))
        .map(group_view)
        .collect();
    Json(json!({"resources": list})).into_response()
}

async fn group(Caller(p): Caller, Path(id): Path<String>) -> Response {
    match fixtures::RESOURCE_GROUPS
        .iter()
        .find(|g| g.id == id && g.account == p.account_id)
    {
        Some(g) => Json(group_view(g)).into_response(),
        None => error::platform(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("Resource group {id} not found."),
        ),
    }
}
