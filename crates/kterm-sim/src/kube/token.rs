//! `POST …/namespaces/{ns}/serviceaccounts/{name}/token`: the TokenRequest
//! subresource (`kubectl create token`). Answers with a signed JWT for the
//! service account, bound to the audiences and lifetime asked for (an
//! hour by default, as kube-apiserver gives), with the expiry in status.
//! Signed with HMAC-SHA256 under 32 random bytes drawn when the sandbox
//! starts (as the IAM tokens are, ibm/jwt.rs): not a key anyone can read
//! in the source, and a restart invalidates the tokens issued before it.

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

/// The service-account token signing key.
pub struct Key([u8; 32]);

impl Key {
    /// A fresh key from the operating system's random source.
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the operating system's random source");
        Key(key)
    }

    /// `header.payload.signature`, base64url without padding, HS256.
    fn sign(&self, claims: &Value) -> String {
        let head = b64(br#"{"alg":"HS256","kid":"kterm-sandbox"}"#);
        let signed = format!("{head}.{}", b64(claims.to_string().as_bytes()));
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(signed.as_bytes());
        format!("{signed}.{}", b64(&mac.finalize().into_bytes()))
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Issues the token; `now` in milliseconds.
pub fn issue(
    store: &ClusterStore,
    key: &Key,
    ns: &str,
    name: &str,
    body: &[u8],
    now: i64,
) -> Response {
    let object = (
        "serviceaccounts".to_string(),
        ns.to_string(),
        name.to_string(),
    );
    let Some(sa) = store.objects.get(&object) else {
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
    let token = key.sign(&claims);
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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests fail loudly by design
mod tests {
    use super::*;

    /// Two starts sign the same claims differently; a token verifies
    /// under the key of the start that issued it.
    #[test]
    fn key_is_random_per_start() {
        let claims = json!({"sub": "system:serviceaccount:default:default", "iat": 1});
        let (a, b) = (Key::random(), Key::random());
        let (ta, tb) = (a.sign(&claims), b.sign(&claims));
        assert_ne!(ta, tb);
        let (body, sig) = ta.rsplit_once('.').unwrap();
        assert_eq!(tb.rsplit_once('.').unwrap().0, body);
        let mut mac = Hmac::<Sha256>::new_from_slice(&a.0).unwrap();
        mac.update(body.as_bytes());
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(sig)
            .unwrap();
        assert!(mac.verify_slice(&raw).is_ok());
    }
}
