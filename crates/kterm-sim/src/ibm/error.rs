//! Error bodies as each IBM Cloud service writes them.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// IAM token endpoint errors: `errorCode` BXNIM…, `errorMessage`, `context`.
pub fn iam(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({
        "context": {
            "requestId": "sandbox-request",
            "requestType": "incoming.Identity_Token",
            "url": "https://iam.cloud.ibm.com",
            "instanceId": "iamid-sandbox",
            "clusterName": "iam-id-sandbox",
        },
        "errorCode": code,
        "errorMessage": message,
    });
    let mut r = (status, Json(body)).into_response();
    r.headers_mut().insert(
        "ibm-cloud-service-name",
        HeaderValue::from_static("iam-identity"),
    );
    r
}

/// The platform API shape (IAM Identity, Resource Manager, Accounts):
/// `errors[0].message` is what IBM's SDKs show.
pub fn platform(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({
        "errors": [{"code": code, "message": message}],
        "status_code": status.as_u16(),
        "trace": "sandbox-trace",
    });
    (status, Json(body)).into_response()
}
