//! `kubectl create secret tls NAME --cert=path/to/cert --key=path/to/key`.

use base64::Engine;
use serde_json::json;

use super::{Generator, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const CERT: Flag =
    Flag::value("cert", None, "Path to PEM encoded public key certificate.");
pub(super) const KEY: Flag = Flag::value(
    "key",
    None,
    "Path to private key associated with given certificate.",
);

pub(super) const GENERATOR: Generator =
    Generator::new("tls", "failed to create secret ", |ctx, i| {
        let cert = i.f.value("cert").unwrap_or("");
        let key = i.f.value("key").unwrap_or("");
        if cert.is_empty() || key.is_empty() {
            return Err(KubeError::Client("key and cert must be specified".into()));
        }
        let read = |path: &str| {
            let full = kterm_shell::fs::resolve(&ctx.sh.cwd, path);
            ctx.sh.fs.read(&full).map(<[u8]>::to_vec).map_err(|_| {
                KubeError::Client(format!(
                    "Cannot read file {path}, open {path}: no such file or directory"
                ))
            })
        };
        let cert_pem = read(cert)?;
        let key_pem = read(key)?;
        check_pair(&cert_pem, &key_pem)?;
        let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
        let mut o = json!({
            "kind": "Secret", "apiVersion": "v1",
            "metadata": {"name": i.name},
            "data": {"tls.crt": b64(&cert_pem), "tls.key": b64(&key_pem)},
            "type": "kubernetes.io/tls",
        });
        if i.f.has("append-hash") {
            o["metadata"]["name"] = json!(format!("{}-{}", i.name, super::sources::hash_suffix(&o)));
        }
        Ok(Made::Object(o))
    })
    .flags(&[CERT, KEY, super::sources::APPEND_HASH])
.about(
    "Create a TLS secret",
    "secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none]",
);

/// The PEM blocks' types in `pem`.
fn pem_types(pem: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(pem)
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("-----BEGIN ")
                .and_then(|r| r.strip_suffix("-----"))
                .map(str::to_string)
        })
        .collect()
}

/// Go's tls.X509KeyPair's first checks: a certificate block in the
/// certificate, a private key block in the key (the key is not matched
/// against the certificate here).
fn check_pair(cert: &[u8], key: &[u8]) -> Result<(), KubeError> {
    let certs = pem_types(cert);
    if !certs.iter().any(|t| t == "CERTIFICATE") {
        return Err(KubeError::Client(if certs.is_empty() {
            "tls: failed to find any PEM data in certificate input".into()
        } else {
            "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [".to_string()
                + &certs.join(" ")
                + "]"
        }));
    }
    let keys = pem_types(key);
    if !keys
        .iter()
        .any(|t| t == "PRIVATE KEY" || t.ends_with(" PRIVATE KEY"))
    {
        return Err(KubeError::Client(if keys.is_empty() {
            "tls: failed to find any PEM data in key input".into()
        } else {
            "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [".to_string()
                + &keys.join(" ")
                + "]"
        }));
    }
    Ok(())
}
