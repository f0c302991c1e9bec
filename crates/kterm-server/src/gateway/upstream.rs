//! Connections to upstreams: resolve, check every address against the
//! refused ranges, connect to an address that was checked (so a second DNS
//! answer cannot swap in a private one), TLS verified against the public
//! roots or a cluster's own CA, then one HTTP/1.1 exchange (upgrades kept,
//! for WebSocket pass-through).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls::{self, pki_types::pem::PemObject, pki_types::CertificateDer};

use super::error::GatewayError;
use super::policy::{self, Target};

pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

pub struct Connector {
    public_tls: Arc<rustls::ClientConfig>,
    /// Cluster CA (by SHA-256 of its PEM) → client config trusting only it.
    cluster_tls: Mutex<HashMap<[u8; 32], Arc<rustls::ClientConfig>>>,
    networks: Vec<ipnet::IpNet>,
    connect_timeout: Duration,
    response_timeout: Duration,
    max_duration: Duration,
}

fn client_config(roots: rustls::RootCertStore) -> Result<Arc<rustls::ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut c = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    // One HTTP/1.1 exchange per connection: upgrades need HTTP/1.1.
    c.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(c))
}

fn add_pem(roots: &mut rustls::RootCertStore, pem: &[u8]) -> Result<usize, String> {
    let mut n = 0;
    for cert in CertificateDer::pem_slice_iter(pem) {
        let cert = cert.map_err(|e| format!("not a PEM certificate: {e}"))?;
        roots
            .add(cert)
            .map_err(|e| format!("unusable certificate: {e}"))?;
        n += 1;
    }
    if n == 0 {
        return Err("no certificate in the PEM".into());
    }
    Ok(n)
}

impl Connector {
    pub fn new(
        extra_ca_pems: &[Vec<u8>],
        networks: Vec<ipnet::IpNet>,
        connect_timeout: Duration,
        response_timeout: Duration,
        max_duration: Duration,
    ) -> Result<Self, String> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for pem in extra_ca_pems {
            add_pem(&mut roots, pem).map_err(|e| format!("extra_ca_files: {e}"))?;
        }
        Ok(Self {
            public_tls: client_config(roots)?,
            cluster_tls: Mutex::new(HashMap::new()),
            networks,
            connect_timeout,
            response_timeout,
            max_duration,
        })
    }

    pub fn max_duration(&self) -> Duration {
        self.max_duration
    }

    /// TLS that trusts only this cluster CA.
    pub fn cluster_tls(&self, ca_pem: &[u8]) -> Result<Arc<rustls::ClientConfig>, GatewayError> {
        let key: [u8; 32] = Sha256::digest(ca_pem).into();
        let mut cache = self.cluster_tls.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cache.get(&key) {
            return Ok(c.clone());
        }
        let mut roots = rustls::RootCertStore::empty();
        add_pem(&mut roots, ca_pem).map_err(|e| GatewayError::Tls(format!("cluster CA: {e}")))?;
        let c = client_config(roots).map_err(GatewayError::Tls)?;
        // Clusters are few; a bound keeps a stream of bogus CAs from growing it.
        if cache.len() >= 1024 {
            cache.clear();
        }
        cache.insert(key, c.clone());
        Ok(c)
    }

    async fn resolve(&self, t: &Target) -> Result<Vec<SocketAddr>, GatewayError> {
        let addrs: Vec<SocketAddr> = match t.host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, t.port)],
            Err(_) => tokio::time::timeout(
                self.connect_timeout,
                tokio::net::lookup_host((t.host.as_str(), t.port)),
            )
            .await
            .map_err(|_| GatewayError::Timeout(format!("resolving {}", t.host)))?
            .map_err(|_| GatewayError::Resolve(t.host.clone()))?
            .collect(),
        };
        if addrs.is_empty() {
            return Err(GatewayError::Resolve(t.host.clone()));
        }
        // A name with any refused address is refused as a whole: which
        // address a retry would pick is not ours to predict.
        for a in &addrs {
            if let Some(why) = policy::refused(a.ip(), &self.networks) {
                return Err(GatewayError::AddressRefused {
                    host: t.host.clone(),
                    ip: a.ip().to_string(),
                    why,
                });
            }
        }
        Ok(addrs)
    }

    pub async fn connect(
        &self,
        t: &Target,
        tls: Option<Arc<rustls::ClientConfig>>,
    ) -> Result<Box<dyn Io>, GatewayError> {
        let addrs = self.resolve(t).await?;
        let mut last = String::new();
        let mut tcp = None;
        for a in addrs {
            match tokio::time::timeout(self.connect_timeout, TcpStream::connect(a)).await {
                Ok(Ok(s)) => {
                    tcp = Some(s);
                    break;
                }
                Ok(Err(e)) => last = format!("{}: {e}", t.authority()),
                Err(_) => last = format!("{}: timed out", t.authority()),
            }
        }
        let tcp = tcp.ok_or(GatewayError::Connect(last))?;
        let _ = tcp.set_nodelay(true);
        if !t.https {
            return Ok(Box::new(tcp));
        }
        let config = tls.unwrap_or_else(|| self.public_tls.clone());
        let name = rustls::pki_types::ServerName::try_from(t.host.clone())
            .map_err(|_| GatewayError::Tls(format!("{} is not a valid server name", t.host)))?;
        let stream = tokio::time::timeout(
            self.connect_timeout,
            tokio_rustls::TlsConnector::from(config).connect(name, tcp),
        )
        .await
        .map_err(|_| GatewayError::Timeout(format!("TLS handshake with {}", t.authority())))?
        .map_err(|e| GatewayError::Tls(format!("{}: {e}", t.authority())))?;
        Ok(Box::new(stream))
    }

    /// One exchange with the upstream. The connection lives at most
    /// `max_duration`, streamed response bodies included; after an upgrade
    /// the caller owns the stream (and its time limit).
    pub async fn send<B>(
        &self,
        t: &Target,
        tls: Option<Arc<rustls::ClientConfig>>,
        req: hyper::Request<B>,
    ) -> Result<hyper::Response<Incoming>, GatewayError>
    where
        B: hyper::body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let io = self.connect(t, tls).await?;
        let (mut sender, conn) = hyper::client::conn::http1::Builder::new()
            .handshake(TokioIo::new(io))
            .await
            .map_err(|e| GatewayError::Upstream(format!("{}: {e}", t.authority())))?;
        let max = self.max_duration;
        tokio::spawn(async move {
            let _ = tokio::time::timeout(max, conn.with_upgrades()).await;
        });
        tokio::time::timeout(self.response_timeout, sender.send_request(req))
            .await
            .map_err(|_| GatewayError::Timeout(t.authority()))?
            .map_err(|e| GatewayError::Upstream(format!("{}: {e}", t.authority())))
    }
}
