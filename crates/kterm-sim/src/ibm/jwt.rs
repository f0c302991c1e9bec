//! JSON Web Tokens as IAM issues them: `header.payload.signature`, base64url
//! without padding. The sandbox signs with HMAC-SHA256 under 32 random bytes
//! drawn when it starts (clients decode without verifying, as IBM's SDKs do),
//! and verifies its own signature when a token comes back. The key is not
//! derived from the public seed, so reading the source does not let anyone
//! forge a token; a restart invalidates every token issued before it.

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
    /// A signer with a fresh random key from the operating system.
    pub fn random() -> Self {
        let mut key = vec![0u8; 32];
        getrandom::fill(&mut key).expect("the operating system's random source");
        Self::with_key(key)
    }

    fn with_key(key: Vec<u8>) -> Self {
        Self {
            key,
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
        let s = Signer::random();
        let t = s.sign(&serde_json::json!({"id": "x", "exp": 5}));
        assert_eq!(t.split('.').count(), 3);
        assert_eq!(s.verify(&t).unwrap()["id"], "x");
        assert!(Signer::random().verify(&t).is_none());
        let mut forged = t.clone();
        forged.insert(forged.find('.').unwrap() + 2, 'A');
        assert!(s.verify(&forged).is_none());
        assert!(s.verify("not.a.jwt").is_none());
    }

    #[test]
    fn key_is_random_not_seeded() {
        let (a, b) = (Signer::random(), Signer::random());
        assert_eq!(a.key.len(), 32);
        assert_ne!(a.key, b.key);
        // The key the seed used to give can no longer sign a valid token.
        let claims = serde_json::json!({"iam_id": "x", "exp": i64::MAX});
        for seed in [0u64, 1, 2] {
            let old = Signer::with_key(format!("kterm-sandbox-{seed}").into_bytes());
            assert!(a.verify(&old.sign(&claims)).is_none(), "seed {seed}");
        }
    }
}
