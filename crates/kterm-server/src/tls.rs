//! A self-signed certificate made at start-up for the HTTPS listener. The
//! sandbox hands it out as the clusters' CA, so real clients verify it.

pub struct Tls {
    pub cert_pem: String,
    pub key_pem: String,
}

/// A certificate for `host`, `127.0.0.1` and `localhost`.
pub fn self_signed(host: &str) -> Result<Tls, String> {
    // rustls needs a process-wide crypto provider; ring is the one compiled in.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut names = vec!["127.0.0.1".to_string(), "localhost".to_string()];
    if !names.iter().any(|n| n == host) && host != "0.0.0.0" {
        names.push(host.to_string());
    }
    let key = rcgen::generate_simple_self_signed(names).map_err(|e| e.to_string())?;
    Ok(Tls {
        cert_pem: key.cert.pem(),
        key_pem: key.signing_key.serialize_pem(),
    })
}
