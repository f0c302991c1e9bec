//! The claims of a JWT (`header.payload.signature`, base64url), read
//! without verifying the signature: the CLIs only look at their own
//! tokens' expiry, account and user, as the real CLIs do.

use base64::Engine;
use serde::de::DeserializeOwned;

/// The payload decoded into `T` (a `serde_json::Value`, or a struct that
/// names only the claims it needs); `None` if the token is not a JWT.
pub fn claims<T: DeserializeOwned>(token: &str) -> Option<T> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn table() {
        let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let payload = b.encode(br#"{"exp":1700000000,"email":"a@b.c"}"#);
        let cases: &[(String, Option<Value>)] = &[
            (
                format!("h.{payload}.s"),
                Some(json!({"exp": 1_700_000_000, "email": "a@b.c"})),
            ),
            (
                format!("h.{payload}==.s"),
                Some(json!({"exp": 1_700_000_000, "email": "a@b.c"})),
            ),
            (format!("h.{payload}"), None),
            ("not-a-jwt".into(), None),
            ("h.!!.s".into(), None),
        ];
        for (token, want) in cases {
            assert_eq!(claims::<Value>(token), *want, "{token}");
        }
    }
}
