//! JSON Web Tokens as IAM issues them: `header.payload.signature`, base64url
//! without padding. The sandbox signs with HMAC-SHA256 under a key derived
//! from its seed (clients decode without verifying, as IBM's SDKs do), and
//! verifies its own signature when a token comes back.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

pub struct Signer {
    key: Vec<u8>,
    kid: String,
}

impl Signer {
    pub fn new(seed: u64) -> Self {
        Self {
            key: format!("kterm-sandbox-{seed}").into_bytes(),
            kid: "20260101-sandbox".into(),
        }
    }

    fn mac(&self, data: &str) -> Vec<u8> {
        let mut m =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        m.update(data.as_bytes());
        m.finalize().into_bytes().to_vec()
    }

    pub fn sign(&self, claims: &Value) -> String {
        let header = serde_json::json!({"kid": self.kid, "alg": "RS256"});
        let body = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let sig = URL_SAFE_NO_PAD.encode(self.mac(&body));
        format!("{body}.{sig}")
    }

    /// The claims of a token this signer issued; `None` if forged or malformed.
    pub fn verify(&self, token: &str) -> Option<Value> {
        let (body, sig) = token.rsplit_once('.')?;
        let (_, payload) = body.split_once('.')?;
        let sig = URL_SAFE_NO_PAD.decode(sig).ok()?;
        let mut m = Hmac::<Sha256>::new_from_slice(&self.key).ok()?;
        m.update(body.as_bytes());
        m.verify_slice(&sig).ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_forgery() {
        let s = Signer::new(1);
        let t = s.sign(&serde_json::json!({"id": "x", "exp": 5}));
        assert_eq!(t.split('.').count(), 3);
        assert_eq!(s.verify(&t).unwrap()["id"], "x");
        assert!(Signer::new(2).verify(&t).is_none());
        let mut forged = t.clone();
        forged.insert(forged.find('.').unwrap() + 2, 'A');
        assert!(s.verify(&forged).is_none());
        assert!(s.verify("not.a.jwt").is_none());
    }
}
