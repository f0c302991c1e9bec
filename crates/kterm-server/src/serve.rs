//! The listener: HTTP/1.1 (plain or TLS) through hyper's own connection
//! builder, so slow clients cannot hold the server. The request head must
//! arrive within `header_read_timeout` (hyper's timer, which also closes
//! idle keep-alive connections), a body that stops sending for
//! `body_idle_timeout` fails (tower-http's `TimeoutBody`), heads are at
//! most `max_header_bytes`, and at most `max_connections` are served at a
//! time: beyond that, new ones wait in the kernel's backlog until one
//! closes (a semaphore around `accept`). [`listen`] opens the socket with
//! a backlog of [`BACKLOG`], not the 128 tokio's `bind` asks for.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower_http::timeout::RequestBodyTimeout;

/// How much the listener gives each client. The defaults suit a pod with
/// 256 MiB: 512 connections × 64 KiB of head buffer is 32 MiB at most.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Until a request head (request line and headers) has arrived, TLS
    /// handshake included; also how long a keep-alive connection may idle.
    pub header_read_timeout: Duration,
    /// Longest pause while a request body is being sent.
    pub body_idle_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Largest request head, bytes (hyper's read buffer).
    pub max_header_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(30),
            max_connections: 512,
            max_header_bytes: 64 * 1024,
        }
    }
}

/// Connections the kernel queues for `accept` (Linux caps it at
/// `net.core.somaxconn`, 4096 by default). With tokio's `bind` (128), a
/// burst of a few hundred clients while the accept loop is behind
/// overflows the queue: the kernel drops their SYNs (a second's retry)
/// and, once SYN cookies are on, resets connections that already sent
/// their request (seen in the abuse test on a loaded machine).
pub const BACKLOG: u32 = 1024;

/// A listening socket on `addr` with a backlog of [`BACKLOG`].
pub fn listen(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// hyper does not accept a read buffer below 8 KiB.
const MIN_HEADER_BYTES: usize = 8192;

/// Serves `app` on `listener` until `shutdown` completes; then stops
/// accepting, asks open connections to finish their request, and returns
/// once they have (or after `drain`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
    drain: Duration,
) {
    let svc = TowerToHyperService::new(RequestBodyTimeout::new(app, limits.body_idle_timeout));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_header_bytes.max(MIN_HEADER_BYTES));
    let http = Arc::new(http);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (stop_tx, stop_rx) = watch::channel(false);
    let handshake = limits.header_read_timeout;
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(_) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let (http, svc, stop, tls) = (http.clone(), svc.clone(), stop_rx.clone(), tls.clone());
        tokio::spawn(async move {
            let _permit = permit;
            match tls {
                None => connection(&http, stream, svc, stop).await,
                Some(acceptor) => {
                    if let Ok(Ok(s)) =
                        tokio::time::timeout(handshake, acceptor.accept(stream)).await
                    {
                        connection(&http, s, svc, stop).await;
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Every connection task holds a permit: all back means all closed.
    let all = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(drain, slots.acquire_many(all)).await;
}

async fn connection<I, S>(
    http: &hyper::server::conn::http1::Builder,
    io: I,
    svc: S,
    mut stop: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: hyper::service::Service<
            hyper::Request<hyper::body::Incoming>,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Send
        + 'static,
    S::Future: Send + 'static,
{
    let conn = http.serve_connection(TokioIo::new(io), svc).with_upgrades();
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stop.wait_for(|s| *s) => conn.as_mut().graceful_shutdown(),
    }
    let _ = conn.await;
}

/// A TLS acceptor for `serve` from a PEM certificate chain and key;
/// HTTP/1.1 only (upgrades for exec need it).
pub fn tls_acceptor(cert_pem: &str, key_pem: &str) -> Result<tokio_rustls::TlsAcceptor, String> {
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("certificate: {e}"))?;
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes()).map_err(|e| format!("key: {e}"))?;
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| e.to_string())?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}
