//! Where `/api/k8s/<cluster-id>` goes: the cluster's public service
//! endpoint and the CA its certificate is checked against.
//!
//! The endpoint is configured, or read from the cluster record
//! (`GET /global/v2/getCluster?cluster=ID` on the Kubernetes Service, with
//! the caller's own Authorization, so a caller only reaches clusters IBM
//! Cloud shows them). The CA is configured, or sent by the client in
//! `X-Kterm-Cluster-CA` (its kubeconfig's `certificate-authority-data`),
//! or fetched as the CLI's `cluster config` does, from the read-only
//! `GET /global/v1/clusters/ID/config` zip (its `ca-*.pem`). Lookups are
//! cached briefly per cluster and caller (a hash of the Authorization
//! header, never the header itself).

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use base64::Engine;
use http_body_util::{BodyExt, Full, Limited};
use sha2::{Digest, Sha256};

use super::error::GatewayError;
use super::policy::Target;
use super::upstream::Connector;

/// A cluster's API server as far as the gateway needs it.
#[derive(Clone, Debug)]
pub struct Found {
    pub url: String,
    pub ca_pem: Option<Vec<u8>>,
}

type Key = (String, [u8; 32]);
/// Until when an entry holds, and what it holds.
type Entry = (Instant, Result<Found, GatewayError>);

/// Looked-up clusters, and failed lookups for a shorter time (so a client
/// retrying a cluster it cannot see does not become a stream of calls).
pub struct Cache {
    ttl: Duration,
    failure_ttl: Duration,
    entries: Mutex<HashMap<Key, Entry>>,
}

/// Largest cluster record or config zip read from the Kubernetes Service.
const LOOKUP_LIMIT: usize = 1024 * 1024;

impl Cache {
    pub fn new(ttl: Duration, failure_ttl: Duration) -> Self {
        Self {
            ttl,
            failure_ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &Key) -> Option<Result<Found, GatewayError>> {
        let mut m = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        m.retain(|_, (until, _)| now < *until);
        m.get(key).map(|(_, f)| f.clone())
    }

    fn put(&self, key: Key, f: Result<Found, GatewayError>) {
        let ttl = if f.is_ok() {
            self.ttl
        } else {
            self.failure_ttl
        };
        let mut m = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= 10_000 {
            m.clear();
        }
        m.insert(key, (Instant::now() + ttl, f));
    }

    /// Caches a looked-up record unless one is held (which may have its CA).
    fn put_absent(&self, key: Key, f: Found) {
        if self.get(&key).is_none() {
            self.put(key, Ok(f));
        }
    }

    /// The id of a cached cluster of this caller whose endpoint `same` accepts.
    fn find(&self, caller: &[u8; 32], same: &dyn Fn(&str) -> bool) -> Option<String> {
        let mut m = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        m.retain(|_, (until, _)| now < *until);
        m.iter()
            .find(|((_, h), (_, f))| h == caller && f.as_ref().is_ok_and(|f| same(&f.url)))
            .map(|((id, _), _)| id.clone())
    }
}

/// A cluster id as IBM Cloud writes them; nothing else goes into a lookup URL.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The CA a client sent with the request, if any.
pub fn ca_from_header(h: &HeaderMap) -> Result<Option<Vec<u8>>, GatewayError> {
    let Some(v) = h.get(super::headers::CLUSTER_CA) else {
        return Ok(None);
    };
    base64::engine::general_purpose::STANDARD
        .decode(v.as_bytes())
        .map(Some)
        .map_err(|_| {
            GatewayError::Tls(format!(
                "{} is not base64 of a PEM certificate",
                super::headers::CLUSTER_CA
            ))
        })
}

/// GET on the Kubernetes Service with the caller's credentials; the body
/// when it answered 2xx, else its status.
async fn get(
    conn: &Connector,
    svc: &Target,
    path: &str,
    caller: &HeaderMap,
) -> Result<Bytes, GatewayError> {
    let mut b = hyper::Request::builder()
        .method(Method::GET)
        .uri(format!("{}{path}", svc.base_path))
        .header(header::HOST, svc.authority())
        .header(header::ACCEPT, "application/json")
        .header(header::VIA, "1.1 kterm-gateway");
    for name in [
        "authorization",
        "x-auth-resource-account",
        "x-auth-resource-group",
    ] {
        if let Some(v) = caller.get(name) {
            b = b.header(name, v);
        }
    }
    let req = b
        .body(Full::new(Bytes::new()))
        .map_err(|e| GatewayError::Upstream(e.to_string()))?;
    let resp = conn.send(svc, None, req).await?;
    let status = resp.status();
    let body = Limited::new(resp.into_body(), LOOKUP_LIMIT)
        .collect()
        .await
        .map_err(|e| GatewayError::Upstream(format!("{}: {e}", svc.authority())))?
        .to_bytes();
    if status.is_success() {
        Ok(body)
    } else {
        Err(GatewayError::ClusterLookup(
            status,
            format!("the Kubernetes Service answered {status}"),
        ))
    }
}

fn endpoint_of(record: &serde_json::Value) -> Option<String> {
    [
        "/serviceEndpoints/publicServiceEndpointURL",
        "/publicServiceEndpointURL",
        "/masterURL",
    ]
    .iter()
    .filter_map(|p| record.pointer(p).and_then(|v| v.as_str()))
    .find(|s| !s.is_empty())
    .map(str::to_string)
}

/// The `ca-*.pem` of a `cluster config` zip.
fn ca_of_zip(zip: &[u8]) -> Option<Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).ok()?;
    for i in 0..z.len() {
        let mut f = z.by_index(i).ok()?;
        let name = f.name().ok()?.rsplit('/').next().unwrap_or("").to_string();
        if name.starts_with("ca-") && name.ends_with(".pem") && f.size() < LOOKUP_LIMIT as u64 {
            let mut pem = Vec::new();
            f.read_to_end(&mut pem).ok()?;
            return Some(pem);
        }
    }
    None
}

/// Looks the cluster up on the Kubernetes Service (`svc`), or in the cache.
/// Only with the caller's credentials: without them the Kubernetes Service
/// would refuse anyway, so it is not asked.
pub async fn lookup(
    cache: &Cache,
    conn: &Connector,
    svc: &Target,
    id: &str,
    caller: &HeaderMap,
) -> Result<Found, GatewayError> {
    let Some(auth) = caller.get(header::AUTHORIZATION) else {
        return Err(GatewayError::ClusterLookup(
            StatusCode::UNAUTHORIZED,
            "the request has no credentials to look it up with".into(),
        ));
    };
    let key: Key = (id.to_string(), Sha256::digest(auth.as_bytes()).into());
    if let Some(f) = cache.get(&key) {
        return f;
    }
    let found = read_record(conn, svc, id, caller).await;
    cache.put(key, found.clone());
    found
}

/// The id of the caller's cluster whose public service endpoint `same`
/// accepts (`authority` names it in errors): among clusters looked up
/// before, else in the caller's cluster list (`GET /global/v2/getClusters`),
/// whose records are then cached as single lookups are. None found is a
/// refusal, cached as failed lookups are.
pub async fn find_by_endpoint(
    cache: &Cache,
    conn: &Connector,
    svc: &Target,
    authority: &str,
    same: &(dyn Fn(&str) -> bool + Sync),
    caller: &HeaderMap,
) -> Result<String, GatewayError> {
    let Some(auth) = caller.get(header::AUTHORIZATION) else {
        return Err(GatewayError::ClusterLookup(
            StatusCode::UNAUTHORIZED,
            "the request has no credentials to look it up with".into(),
        ));
    };
    let hash: [u8; 32] = Sha256::digest(auth.as_bytes()).into();
    if let Some(id) = cache.find(&hash, same) {
        return Ok(id);
    }
    // An authority (it has a `:`) is never a cluster id: its own key.
    let key: Key = (authority.to_string(), hash);
    if let Some(Err(e)) = cache.get(&key) {
        return Err(e);
    }
    let found = async {
        let list = get(conn, svc, "/global/v2/getClusters", caller).await?;
        let list: Vec<serde_json::Value> = serde_json::from_slice(&list).map_err(|_| {
            GatewayError::ClusterLookup(
                StatusCode::BAD_GATEWAY,
                "the cluster list is not a JSON array".into(),
            )
        })?;
        let mut hit = None;
        for record in &list {
            let id = record.get("id").and_then(|v| v.as_str()).unwrap_or("");
            let Some(url) = endpoint_of(record).filter(|_| valid_id(id)) else {
                continue;
            };
            if hit.is_none() && same(&url) {
                hit = Some(id.to_string());
            }
            cache.put_absent((id.to_string(), hash), Found { url, ca_pem: None });
        }
        hit.ok_or_else(|| {
            GatewayError::ClusterLookup(
                StatusCode::FORBIDDEN,
                format!("no cluster you can see has the public service endpoint {authority}"),
            )
        })
    }
    .await;
    if let Err(e) = &found {
        cache.put(key, Err(e.clone()));
    }
    found
}

async fn read_record(
    conn: &Connector,
    svc: &Target,
    id: &str,
    caller: &HeaderMap,
) -> Result<Found, GatewayError> {
    let record = get(
        conn,
        svc,
        &format!("/global/v2/getCluster?cluster={id}"),
        caller,
    )
    .await?;
    let record: serde_json::Value = serde_json::from_slice(&record).map_err(|_| {
        GatewayError::ClusterLookup(
            StatusCode::BAD_GATEWAY,
            "the cluster record is not JSON".into(),
        )
    })?;
    let url = endpoint_of(&record).ok_or_else(|| {
        GatewayError::ClusterLookup(
            StatusCode::BAD_GATEWAY,
            format!("cluster {id} has no public service endpoint"),
        )
    })?;
    Ok(Found { url, ca_pem: None })
}

/// The cluster CA as the CLI gets it, for an https endpoint whose CA came
/// neither from the configuration nor the request; cached with the record.
pub async fn fetch_ca(
    cache: &Cache,
    conn: &Connector,
    svc: &Target,
    id: &str,
    caller: &HeaderMap,
    found: &Found,
) -> Result<Vec<u8>, GatewayError> {
    let zip = get(
        conn,
        svc,
        &format!("/global/v1/clusters/{id}/config"),
        caller,
    )
    .await?;
    let pem = ca_of_zip(&zip).ok_or_else(|| {
        GatewayError::ClusterLookup(
            StatusCode::BAD_GATEWAY,
            format!("the configuration of cluster {id} has no CA"),
        )
    })?;
    let auth = caller
        .get(header::AUTHORIZATION)
        .map(HeaderValue::as_bytes)
        .unwrap_or_default();
    cache.put(
        (id.to_string(), Sha256::digest(auth).into()),
        Ok(Found {
            url: found.url.clone(),
            ca_pem: Some(pem.clone()),
        }),
    );
    Ok(pem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_from_v2_v1_and_master_url() {
        let cases = [
            (
                serde_json::json!({"serviceEndpoints": {"publicServiceEndpointURL": "https://a:1"}, "masterURL": "https://m:1"}),
                Some("https://a:1"),
            ),
            (
                serde_json::json!({"publicServiceEndpointURL": "", "masterURL": "https://m:1"}),
                Some("https://m:1"),
            ),
            (
                serde_json::json!({"serviceEndpoints": {"publicServiceEndpointURL": ""}}),
                None,
            ),
        ];
        for (record, want) in cases {
            assert_eq!(endpoint_of(&record).as_deref(), want, "{record}");
        }
    }

    #[test]
    fn ca_header_is_base64_pem() {
        let mut h = HeaderMap::new();
        assert_eq!(ca_from_header(&h), Ok(None));
        h.insert(
            super::super::headers::CLUSTER_CA,
            HeaderValue::from_static("LS0tLQ=="),
        );
        assert_eq!(ca_from_header(&h), Ok(Some(b"----".to_vec())));
        h.insert(
            super::super::headers::CLUSTER_CA,
            HeaderValue::from_static("%%%"),
        );
        assert!(ca_from_header(&h).is_err());
    }
}
