use std::pin::Pin;

use async_trait::async_trait;
use futures::{Stream, StreamExt};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Follow 3xx answers (the default). curl without `-L` turns it off;
    /// fetch in the browser always follows.
    pub follow_redirects: bool,
}

impl Request {
    pub fn new(method: &str, url: impl Into<String>) -> Self {
        Self {
            method: method.to_string(),
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
            follow_redirects: true,
        }
    }

    pub fn get(url: impl Into<String>) -> Self {
        Self::new("GET", url)
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    pub fn no_redirects(mut self) -> Self {
        self.follow_redirects = false;
        self
    }

    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// The host could not be reached (refused, DNS, TLS, CORS in a browser).
    #[error("{url}: {message}")]
    Connect { url: String, message: String },
    /// The body stream broke off.
    #[error("{0}")]
    Body(String),
    /// The request was aborted (Ctrl-C).
    #[error("request aborted")]
    Aborted,
}

/// A response body, read whole or chunk by chunk as it arrives.
pub struct Body(Pin<Box<dyn Stream<Item = Result<Vec<u8>, HttpError>>>>);

impl Body {
    pub fn from_stream(s: impl Stream<Item = Result<Vec<u8>, HttpError>> + 'static) -> Self {
        Self(Box::pin(s))
    }

    pub fn from_bytes(b: Vec<u8>) -> Self {
        Self::from_stream(futures::stream::once(async move { Ok(b) }))
    }

    pub async fn chunk(&mut self) -> Option<Result<Vec<u8>, HttpError>> {
        self.0.next().await
    }
}

pub struct Response {
    pub status: u16,
    /// The reason phrase as sent (`OK`); empty over HTTP/2.
    pub reason: String,
    /// `HTTP/1.1`, `HTTP/2`, … as far as the transport can tell.
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Reads the whole body.
    pub async fn bytes(mut self) -> Result<Vec<u8>, HttpError> {
        let mut out = Vec::new();
        while let Some(c) = self.body.chunk().await {
            out.extend_from_slice(&c?);
        }
        Ok(out)
    }

    pub async fn text(self) -> Result<String, HttpError> {
        Ok(String::from_utf8_lossy(&self.bytes().await?).into_owned())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WsMessage {
    Text(String),
    Binary(Vec<u8>),
    Close,
}

#[async_trait(?Send)]
pub trait WebSocket {
    /// The subprotocol the server chose.
    fn protocol(&self) -> String;
    async fn send(&mut self, msg: WsMessage) -> Result<(), HttpError>;
    /// `None` once the connection is closed.
    async fn recv(&mut self) -> Option<Result<WsMessage, HttpError>>;
}

/// Sends requests. Dropping the future of `send` aborts the request (fetch's
/// AbortController in the browser), which is how Ctrl-C cancels.
#[async_trait(?Send)]
pub trait Transport {
    async fn send(&self, req: Request) -> Result<Response, HttpError>;

    /// Opens a WebSocket. Browsers cannot set headers on one, so credentials
    /// travel in `protocols` (Kubernetes' bearer subprotocol).
    async fn websocket(
        &self,
        url: &str,
        protocols: &[String],
    ) -> Result<Box<dyn WebSocket>, HttpError>;
}
