//! `POST …/namespaces/{ns}/serviceaccounts/{name}/token`: the TokenRequest
//! subresource (`kubectl create token`). Answers with a signed JWT for the
//! service account, bound to the audiences and lifetime asked for (an
//! hour by default, as kube-apiserver gives), with the expiry in status.

use axum::response::{IntoResponse, Json, Response};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use super::{status, ClusterStore};
use crate::time::rfc3339;

/// The namespace and service account a token request names.
pub fn target(rest: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["api", "v1", "namespaces", ns, "serviceaccounts", name, "token"] => Some((ns, name)),
        _ => None,
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Issues the token; `now` in milliseconds.
pub fn issue(store: &ClusterStore, ns: &str, name: &str, body: &[u8], now: i64) -> Response {
    let key = (
        "serviceaccounts".to_string(),
        ns.to_string(),
        name.to_string(),
    );
    let Some(sa) = store.objects.get(&key) else {
        return status::not_found("serviceaccounts", name);
    };
    let req: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let spec = &req["spec"];
    let secs = spec["expirationSeconds"].as_i64().unwrap_or(3600);
    if secs < 600 {
        return status::status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid",
            &format!("TokenRequest.authentication.k8s.io \"{name}\" is invalid: spec.expirationSeconds: Invalid value: {secs}: may not specify a duration less than 10 minutes"),
            Some(json!({"name": name, "group": "authentication.k8s.io", "kind": "TokenRequest", "causes": [{"reason": "FieldValueInvalid", "message": format!("Invalid value: {secs}: may not specify a duration less than 10 minutes"), "field": "spec.expirationSeconds"}]})),
        );
    }
    let audiences = match spec["audiences"].as_array() {
        Some(a) if !a.is_empty() => json!(a),
        _ => json!(["https://kubernetes.default.svc"]),
    };
    let iat = now / 1000;
    let exp = iat + secs;
    let claims = json!({
        "aud": audiences,
        "exp": exp,
        "iat": iat,
        "iss": "https://kubernetes.default.svc",
        "kubernetes.io": {"namespace": ns, "serviceaccount": {"name": name, "uid": sa["metadata"]["uid"]}},
        "nbf": iat,
        "sub": format!("system:serviceaccount:{ns}:{name}"),
    });
    let head = b64(br#"{"alg":"HS256","kid":"kterm-sandbox"}"#);
    let payload = b64(claims.to_string().as_bytes());
    let signed = format!("{head}.{payload}");
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(b"kterm-sandbox-service-account-key") else {
        return status::no_route();
    };
    mac.update(signed.as_bytes());
    let token = format!("{signed}.{}", b64(&mac.finalize().into_bytes()));
    let answered_spec = json!({"audiences": audiences, "expirationSeconds": secs, "boundObjectRef": spec["boundObjectRef"]});
    (
        axum::http::StatusCode::CREATED,
        Json(json!({
            "kind": "TokenRequest",
            "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"name": name, "namespace": ns, "creationTimestamp": rfc3339(now)},
            "spec": answered_spec,
            "status": {"token": token, "expirationTimestamp": rfc3339(exp * 1000)},
        })),
    )
        .into_response()
}
