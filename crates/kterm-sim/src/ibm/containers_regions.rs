//! `GET /v1/regions` of the Kubernetes Service, the call behind the 2018
//! docs' `bx cs regions` and `bx cs region-set`: the service's own region
//! names (`us-south`, `uk-south`, `eu-central`, …) with the IBM Cloud
//! region each stands for.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::Sandbox;

/// (service region, IBM Cloud region alias, Cloud Foundry API, free clusters)
pub const REGIONS: &[(&str, &str, &str, bool)] = &[
    ("ap-north", "jp-tok", "", false),
    ("ap-south", "au-syd", "api.au-syd.bluemix.net", true),
    ("eu-central", "eu-de", "api.eu-de.bluemix.net", true),
    ("uk-south", "eu-gb", "api.eu-gb.bluemix.net", true),
    ("us-east", "us-east", "api.us-east.bluemix.net", false),
    ("us-south", "us-south", "api.ng.bluemix.net", true),
];

pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route("/containers/v1/regions", get(regions))
        .route("/containers/global/v1/regions", get(regions))
        .route("/containers-regional/{region}/v1/regions", get(regions))
}

/// Whether a cluster in IBM Cloud region `cluster_region` (`eu-de`) is in
/// `wanted`, named either way (`eu-de` or the service's `eu-central`).
pub fn in_region(wanted: &str, cluster_region: &str) -> bool {
    wanted == cluster_region
        || REGIONS
            .iter()
            .any(|(name, alias, ..)| *name == wanted && *alias == cluster_region)
}

async fn regions(State(sb): State<Sandbox>, headers: HeaderMap) -> Response {
    if let Err(r) = super::containers::caller(&sb, &headers) {
        return *r;
    }
    let list: Vec<_> = REGIONS
        .iter()
        .map(|(name, alias, cf, free)| {
            json!({"name": name, "alias": alias, "cfURL": cf, "freeEnabled": free})
        })
        .collect();
    Json(json!({ "regions": list })).into_response()
}
