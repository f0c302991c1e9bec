//! `authorization.k8s.io/v1`: `SelfSubjectAccessReview` answered per API
//! key (the view-only key may only get, list and watch), and the check every
//! handler of this slice starts with: a valid token for a known cluster.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::status::{self, status};
use crate::ibm::bearer;
use crate::{fixtures, Principal, Sandbox};

/// Verbs a view-only principal may use.
const READ_VERBS: &[&str] = &["get", "list", "watch"];

/// The caller behind `token` on `cluster`, or the response refusing them.
// The error is the handler's own answer; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub(super) fn caller(sb: &Sandbox, cluster: &str, token: &str) -> Result<Principal, Response> {
    let principal = sb.authenticate(token).map_err(|_| status::unauthorized())?;
    if !fixtures::CLUSTERS.iter().any(|c| c.id == cluster) {
        return Err(status::no_route());
    }
    Ok(principal)
}

pub(super) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            "/k8s/{cluster}/apis/authorization.k8s.io/v1",
            any(resource_list),
        )
        .route(
            "/k8s/{cluster}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            post(review),
        )
        .route(
            "/k8s/{cluster}/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            post(rules_review),
        )
}

/// What a principal may do in a namespace, as RBAC would list it: the
/// key's own binding (everything, or reads), plus what every
/// authenticated user may do (the self reviews and discovery).
pub(super) fn rules(p: &Principal) -> Value {
    let own = if p.can_write {
        json!({"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]})
    } else {
        json!({"verbs": READ_VERBS, "apiGroups": ["*"], "resources": ["*"]})
    };
    let own_urls = if p.can_write {
        json!({"verbs": ["*"], "nonResourceURLs": ["*"]})
    } else {
        json!({"verbs": ["get"], "nonResourceURLs": ["*"]})
    };
    json!({
        "resourceRules": [
            own,
            {"verbs": ["create"], "apiGroups": ["authorization.k8s.io"], "resources": ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]},
            {"verbs": ["create"], "apiGroups": ["authentication.k8s.io"], "resources": ["selfsubjectreviews"]},
        ],
        "nonResourceRules": [
            own_urls,
            {"verbs": ["get"], "nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]},
        ],
        "incomplete": false,
    })
}

async fn rules_review(
    State(sb): State<Sandbox>,
    Path(cluster): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // The answer does not depend on the spec (only a namespace), so a
    // protobuf body (kubectl's typed client) is taken as it is.
    let kind = "SelfSubjectRulesReview";
    match posted(&sb, &cluster, &headers, &body, kind, |_| {
        Some(json!({"spec": {}}))
    }) {
        Ok((p, review)) => answer(review, kind, rules(&p)),
        Err(r) => r,
    }
}

/// Discovery for the group, as kube-apiserver lists it (create only).
pub(super) fn discovery() -> Value {
    let create = json!(["create"]);
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "authorization.k8s.io/v1", "resources": [
        {"name": "localsubjectaccessreviews", "singularName": "localsubjectaccessreview", "namespaced": true, "kind": "LocalSubjectAccessReview", "verbs": create},
        {"name": "selfsubjectaccessreviews", "singularName": "selfsubjectaccessreview", "namespaced": false, "kind": "SelfSubjectAccessReview", "verbs": create},
        {"name": "selfsubjectrulesreviews", "singularName": "selfsubjectrulesreview", "namespaced": false, "kind": "SelfSubjectRulesReview", "verbs": create},
        {"name": "subjectaccessreviews", "singularName": "subjectaccessreview", "namespaced": false, "kind": "SubjectAccessReview", "verbs": create},
    ]})
}

async fn resource_list(
    State(sb): State<Sandbox>,
    Path(cluster): Path<String>,
    headers: HeaderMap,
) -> Response {
    match caller(&sb, &cluster, bearer(&headers)) {
        Ok(_) => Json(discovery()).into_response(),
        Err(r) => r,
    }
}

/// Whether `p` may use `verb`: everything for a full key, reads for the
/// view-only one.
pub(super) fn allowed(p: &Principal, verb: &str) -> bool {
    p.can_write || READ_VERBS.contains(&verb)
}

async fn review(
    State(sb): State<Sandbox>,
    Path(cluster): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let kind = "SelfSubjectAccessReview";
    let (p, review) = match posted(&sb, &cluster, &headers, &body, kind, super::proto::decode) {
        Ok(posted) => posted,
        Err(r) => return r,
    };
    let spec = &review["spec"];
    let verb = spec["resourceAttributes"]["verb"]
        .as_str()
        .or_else(|| spec["nonResourceAttributes"]["verb"].as_str())
        .unwrap_or("")
        .to_string();
    if verb.is_empty() {
        return status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid",
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
            None,
        );
    }
    let answered = if allowed(&p, &verb) {
        json!({"allowed": true, "reason": "RBAC: allowed by ClusterRoleBinding \"ibm-operate\" of ClusterRole \"cluster-admin\" to Group \"IAM#operators\""})
    } else {
        json!({"allowed": false})
    };
    answer(review, kind, answered)
}

/// The caller and the review of type `kind` they posted (JSON, or
/// protobuf, which kubectl's typed client sends, read by `proto`), or the
/// response refusing it.
#[allow(clippy::result_large_err)] // the error is the handler's own answer
fn posted(
    sb: &Sandbox,
    cluster: &str,
    headers: &HeaderMap,
    body: &[u8],
    kind: &str,
    proto: impl FnOnce(&[u8]) -> Option<Value>,
) -> Result<(Principal, Value), Response> {
    let p = caller(sb, cluster, bearer(headers))?;
    let decoded = if super::is_protobuf(headers) {
        proto(body)
    } else {
        serde_json::from_slice::<Value>(body).ok()
    };
    let review = decoded.ok_or_else(|| {
        status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!("the object provided is unrecognized (must be of type {kind})"),
            None,
        )
    })?;
    Ok((p, review))
}

/// The posted review with its type filled in and the server's `status`.
fn answer(mut review: Value, kind: &str, answered: Value) -> Response {
    review["apiVersion"] = json!("authorization.k8s.io/v1");
    review["kind"] = json!(kind);
    review["metadata"] = json!({"creationTimestamp": null});
    review["status"] = answered;
    (StatusCode::CREATED, Json(review)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_only_reads() {
        let mut p = Principal {
            iam_id: "x".into(),
            email: "e".into(),
            account_id: "a".into(),
            can_write: false,
        };
        for (verb, want) in [
            ("get", true),
            ("list", true),
            ("watch", true),
            ("create", false),
            ("delete", false),
            ("*", false),
        ] {
            assert_eq!(allowed(&p, verb), want, "{verb}");
        }
        p.can_write = true;
        assert!(allowed(&p, "delete"));
    }
}
