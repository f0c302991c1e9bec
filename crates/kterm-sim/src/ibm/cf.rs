//! The Cloud Foundry v2 API the 2017 docs list (`api.<region>.bluemix.net`,
//! served under `/cf/<region>`): the demo user's org and its spaces,
//! small and fixed, as paged v2 lists. It takes the `uaa_token` IAM gives
//! with `response_type=cloud_iam uaa`; errors are CF's
//! (`code`, `description`, `error_code`).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::{bearer, uaa};
use crate::{fixtures, Sandbox};

const CREATED: &str = "2016-06-08T16:41:33Z";
const QUOTA: &str = "b7887f5c-34bb-40c5-9778-577572e4fb2d";

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/cf/{region}/v2/organizations", get(orgs))
        .route("/cf/{region}/v2/organizations/{org}", get(org))
        .route("/cf/{region}/v2/organizations/{org}/spaces", get(spaces))
}

fn fail(status: StatusCode, code: u32, error_code: &str, description: &str) -> Response {
    let body = json!({"description": description, "error_code": error_code, "code": code});
    (status, Json(body)).into_response()
}

/// The orgs the caller sees in `region`, or CF's refusal.
#[allow(clippy::result_large_err)] // the error is the handler's own answer
fn visible(sb: &Sandbox, headers: &HeaderMap, region: &str) -> Result<bool, Response> {
    let token = bearer(headers);
    if token.is_empty() {
        return Err(fail(
            StatusCode::UNAUTHORIZED,
            10002,
            "CF-NotAuthenticated",
            "Authentication error",
        ));
    }
    let claims = uaa::verify(sb, token).ok_or_else(|| {
        fail(
            StatusCode::UNAUTHORIZED,
            1000,
            "CF-InvalidAuthToken",
            "Invalid Auth Token",
        )
    })?;
    Ok(region == fixtures::CF_REGION && claims["user_name"] == fixtures::USER_EMAIL)
}

/// A v2 paged list of one page.
fn page(resources: Vec<Value>) -> Value {
    json!({
        "total_results": resources.len(),
        "total_pages": 1,
        "prev_url": null,
        "next_url": null,
        "resources": resources,
    })
}

fn metadata(url: &str, guid: &str) -> Value {
    json!({"guid": guid, "url": url, "created_at": CREATED, "updated_at": CREATED})
}

fn org_view() -> Value {
    let g = fixtures::CF_ORG_GUID;
    let u = format!("/v2/organizations/{g}");
    json!({
        "metadata": metadata(&u, g),
        "entity": {
            "name": fixtures::CF_ORG_NAME,
            "billing_enabled": false,
            "quota_definition_guid": QUOTA,
            "status": "active",
            "default_isolation_segment_guid": null,
            "quota_definition_url": format!("/v2/quota_definitions/{QUOTA}"),
            "spaces_url": format!("{u}/spaces"),
            "domains_url": format!("{u}/domains"),
            "private_domains_url": format!("{u}/private_domains"),
            "users_url": format!("{u}/users"),
            "managers_url": format!("{u}/managers"),
            "billing_managers_url": format!("{u}/billing_managers"),
            "auditors_url": format!("{u}/auditors"),
            "app_events_url": format!("{u}/app_events"),
            "space_quota_definitions_url": format!("{u}/space_quota_definitions"),
        },
    })
}

fn space_view() -> Value {
    let g = fixtures::CF_SPACE_GUID;
    let u = format!("/v2/spaces/{g}");
    json!({
        "metadata": metadata(&u, g),
        "entity": {
            "name": fixtures::CF_SPACE_NAME,
            "organization_guid": fixtures::CF_ORG_GUID,
            "space_quota_definition_guid": null,
            "isolation_segment_guid": null,
            "allow_ssh": true,
            "organization_url": format!("/v2/organizations/{}", fixtures::CF_ORG_GUID),
            "developers_url": format!("{u}/developers"),
            "managers_url": format!("{u}/managers"),
            "auditors_url": format!("{u}/auditors"),
            "apps_url": format!("{u}/apps"),
            "routes_url": format!("{u}/routes"),
            "domains_url": format!("{u}/domains"),
            "service_instances_url": format!("{u}/service_instances"),
            "app_events_url": format!("{u}/app_events"),
            "events_url": format!("{u}/events"),
            "security_groups_url": format!("{u}/security_groups"),
            "staging_security_groups_url": format!("{u}/staging_security_groups"),
        },
    })
}

fn org_not_found(org: &str) -> Response {
    fail(
        StatusCode::NOT_FOUND,
        30003,
        "CF-OrganizationNotFound",
        &format!("The organization could not be found: {org}"),
    )
}

async fn orgs(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path(region): Path<String>,
) -> Response {
    match visible(&sb, &headers, &region) {
        Ok(true) => Json(page(vec![org_view()])).into_response(),
        Ok(false) => Json(page(Vec::new())).into_response(),
        Err(r) => r,
    }
}

async fn org(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path((region, org)): Path<(String, String)>,
) -> Response {
    match visible(&sb, &headers, &region) {
        Ok(true) if org == fixtures::CF_ORG_GUID => Json(org_view()).into_response(),
        Ok(_) => org_not_found(&org),
        Err(r) => r,
    }
}

async fn spaces(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    Path((region, org)): Path<(String, String)>,
) -> Response {
    match visible(&sb, &headers, &region) {
        Ok(true) if org == fixtures::CF_ORG_GUID => Json(page(vec![space_view()])).into_response(),
        Ok(_) => org_not_found(&org),
        Err(r) => r,
    }
}
