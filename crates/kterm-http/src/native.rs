//! The native transport, for tests and tools: reqwest on a tokio runtime.

use async_trait::async_trait;
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

use crate::{Body, HttpError, Request, Response, Transport, WebSocket, WsMessage};

#[derive(Clone)]
pub struct NativeTransport {
    client: reqwest::Client,
    /// For requests that see 3xx answers themselves (curl without `-L`).
    no_redirects: reqwest::Client,
}

impl Default for NativeTransport {
    fn default() -> Self {
        let no_redirects = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            client: reqwest::Client::new(),
            no_redirects,
        }
    }
}

impl NativeTransport {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait(?Send)]
impl Transport for NativeTransport {
    async fn send(&self, req: Request) -> Result<Response, HttpError> {
        let method =
            reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|e| HttpError::Connect {
                url: req.url.clone(),
                message: e.to_string(),
            })?;
        let client = if req.follow_redirects {
            &self.client
        } else {
            &self.no_redirects
        };
        let mut rb = client.request(method, &req.url);
        for (k, v) in &req.headers {
            rb = rb.header(k, v);
        }
        if !req.body.is_empty() {
            rb = rb.body(req.body.clone());
        }
        let resp = rb.send().await.map_err(|e| HttpError::Connect {
            url: req.url.clone(),
            message: error_chain(&e),
        })?;
        let status = resp.status().as_u16();
        let reason = resp
            .status()
            .canonical_reason()
            .unwrap_or_default()
            .to_string();
        let version = match resp.version() {
            reqwest::Version::HTTP_09 => "HTTP/0.9",
            reqwest::Version::HTTP_10 => "HTTP/1.0",
            reqwest::Version::HTTP_2 => "HTTP/2",
            reqwest::Version::HTTP_3 => "HTTP/3",
            _ => "HTTP/1.1",
        }
        .to_string();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let stream = resp.bytes_stream().map(|r| {
            r.map(|b| b.to_vec())
                .map_err(|e| HttpError::Body(error_chain(&e)))
        });
        let (reason, version) = if version.starts_with("HTTP/1") {
            (reason, version)
        } else {
            (String::new(), version)
        };
        Ok(Response {
            status,
            reason,
            version,
            headers,
            body: Body::from_stream(stream),
        })
    }

    async fn websocket(
        &self,
        url: &str,
        protocols: &[String],
    ) -> Result<Box<dyn WebSocket>, HttpError> {
        let connect_err = |m: String| HttpError::Connect {
            url: url.to_string(),
            message: m,
        };
        let mut request = url
            .into_client_request()
            .map_err(|e| connect_err(e.to_string()))?;
        if !protocols.is_empty() {
            let value = protocols.join(", ");
            request.headers_mut().insert(
                "Sec-WebSocket-Protocol",
                value
                    .parse()
                    .map_err(|_| connect_err("bad subprotocol".into()))?,
            );
        }
        let (ws, resp) = tokio_tungstenite::connect_async(request)
            .await
            .map_err(|e| connect_err(e.to_string()))?;
        let protocol = resp
            .headers()
            .get("Sec-WebSocket-Protocol")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        Ok(Box::new(NativeWs { ws, protocol }))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

struct NativeWs {
    ws: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    protocol: String,
}

#[async_trait(?Send)]
impl WebSocket for NativeWs {
    fn protocol(&self) -> String {
        self.protocol.clone()
    }

    async fn send(&mut self, msg: WsMessage) -> Result<(), HttpError> {
        let m = match msg {
            WsMessage::Text(t) => tungstenite::Message::Text(t.into()),
            WsMessage::Binary(b) => tungstenite::Message::Binary(b.into()),
            WsMessage::Close => tungstenite::Message::Close(None),
        };
        self.ws
            .send(m)
            .await
            .map_err(|e| HttpError::Body(e.to_string()))
    }

    async fn recv(&mut self) -> Option<Result<WsMessage, HttpError>> {
        loop {
            return match self.ws.next().await? {
                Ok(tungstenite::Message::Text(t)) => Some(Ok(WsMessage::Text(t.to_string()))),
                Ok(tungstenite::Message::Binary(b)) => Some(Ok(WsMessage::Binary(b.to_vec()))),
                Ok(tungstenite::Message::Close(_)) => Some(Ok(WsMessage::Close)),
                Ok(_) => continue,
                Err(e) => Some(Err(HttpError::Body(e.to_string()))),
            };
        }
    }
}
