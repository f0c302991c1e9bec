//! Requests to the cluster: built as data, sent through the shell's HTTP
//! client with the context's credentials.

use kterm_http::{Client, Request};
use kterm_shell::Ctx;
use serde_json::Value;

use crate::error::KubeError;
use crate::kubeconfig::Target;

/// The Accept header kubectl sends for server-side printing.
pub const TABLE_ACCEPT: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

pub fn request(t: &Target, method: &str, path: &str) -> Request {
    let mut r = Request::new(method, format!("{}{path}", t.server))
        .header("Accept", "application/json")
        .header("User-Agent", "kubectl/v1.37.1 (kterm)");
    if let Some(tok) = &t.token {
        r = r.header("Authorization", format!("Bearer {tok}"));
    }
    if let Some(ca) = &t.gateway_ca {
        r = r.header("X-Kterm-Cluster-CA", ca.clone());
    }
    r
}

/// The terminal's HTTP client, as the command's invocation found it.
pub fn client(t: &Target) -> Result<Client, KubeError> {
    t.wire.client.clone().ok_or_else(|| {
        KubeError::Client("no network transport is configured in this terminal".into())
    })
}

/// kubectl's words for a server that cannot be reached.
pub fn refused(t: &Target) -> KubeError {
    KubeError::Refused(
        t.server
            .split("://")
            .nth(1)
            .unwrap_or(&t.server)
            .split('/')
            .next()
            .unwrap_or("")
            .to_string(),
    )
}

/// Sends a request and returns status and body; transport failures are
/// worded as kubectl words them.
pub async fn send(ctx: &Ctx<'_>, t: &Target, req: Request) -> Result<(u16, Vec<u8>), KubeError> {
    let client = client(t)?;
    let trace = &t.wire.trace;
    let logged = req.clone();
    let started = crate::trace::request(ctx.host, trace, &req);
    let fut = async {
        let resp = client.send(req).await?;
        trace.warnings(&resp.headers);
        let status = resp.status;
        Ok::<_, kterm_http::HttpError>((status, resp.bytes().await?))
    };
    let Some(outcome) = crate::trace::with_timeout(ctx.host, trace, ctx.cancel.run(fut)).await
    else {
        return Err(crate::trace::timed_out());
    };
    match outcome {
        None => Err(KubeError::Cancelled),
        Some(Ok(r)) => {
            crate::trace::response(ctx.host, trace, &logged, started, r.0, Some(&r.1));
            Ok(r)
        }
        Some(Err(_)) => Err(refused(t)),
    }
}

/// Sends a request (mostly a GET) and decodes its JSON answer; non-2xx
/// becomes the server's error.
pub async fn get_json(
    ctx: &Ctx<'_>,
    t: &Target,
    req: Request,
    verb: &str,
    what: &str,
) -> Result<Value, KubeError> {
    get_as(ctx, t, req, verb, what).await
}

/// [`get_json`] decoding into a type of the caller's (which may leave
/// out what it does not need).
pub async fn get_as<T: serde::de::DeserializeOwned>(
    ctx: &Ctx<'_>,
    t: &Target,
    req: Request,
    verb: &str,
    what: &str,
) -> Result<T, KubeError> {
    let (status, body) = send(ctx, t, req).await?;
    if !(200..300).contains(&status) {
        return Err(KubeError::from_response(status, &body, verb, what));
    }
    serde_json::from_slice(&body)
        .map_err(|e| KubeError::Client(format!("unable to decode the server's answer: {e}")))
}

/// Sends a request and returns the response unread, for streams (watch,
/// `logs -f`); non-2xx becomes the server's error. `-v` traces it like
/// any request: the request, then the response once its headers are in
/// (a stream's body is never logged; an error's is).
pub async fn open(
    ctx: &Ctx<'_>,
    t: &Target,
    req: Request,
    verb: &str,
    what: &str,
) -> Result<kterm_http::Response, KubeError> {
    let client = client(t)?;
    let trace = &t.wire.trace;
    let logged = req.clone();
    let started = crate::trace::request(ctx.host, trace, &req);
    let resp = match ctx.cancel.run(client.send(req)).await {
        None => return Err(KubeError::Cancelled),
        Some(Ok(r)) => r,
        Some(Err(_)) => return Err(refused(t)),
    };
    trace.warnings(&resp.headers);
    if resp.is_success() {
        crate::trace::response(ctx.host, trace, &logged, started, resp.status, None);
        return Ok(resp);
    }
    let status = resp.status;
    let body = match ctx.cancel.run(resp.bytes()).await {
        None => return Err(KubeError::Cancelled),
        Some(b) => b.unwrap_or_default(),
    };
    crate::trace::response(ctx.host, trace, &logged, started, status, Some(&body));
    Err(KubeError::from_response(status, &body, verb, what))
}

/// Opens a WebSocket on `path` (exec, attach) offering `protocols`, the
/// first of which is the stream protocol and the rest credentials. `-v`
/// traces the upgrade like a request, as client-go does: the protocol
/// header without the credentials, the token masked, `101` on success.
pub async fn upgrade(
    ctx: &Ctx<'_>,
    t: &Target,
    path: &str,
    protocols: &[String],
) -> Result<Box<dyn kterm_http::WebSocket>, KubeError> {
    let client = client(t)?;
    let trace = &t.wire.trace;
    let mut logged = request(t, "GET", path);
    logged.headers.retain(|(k, _)| k != "Accept");
    if let Some(p) = protocols.first() {
        logged = logged.header("Sec-Websocket-Protocol", p.clone());
    }
    let started = crate::trace::request(ctx.host, trace, &logged);
    let url = format!("{}{path}", t.server);
    let opened = ctx
        .cancel
        .run(client.websocket(&url, protocols))
        .await
        .ok_or(KubeError::Cancelled)?;
    match opened {
        Ok(ws) => {
            crate::trace::response(ctx.host, trace, &logged, started, 101, None);
            Ok(ws)
        }
        Err(e) => Err(KubeError::Client(format!(
            "unable to upgrade connection: {e}"
        ))),
    }
}

/// A watch's events as the apiserver streams them: one JSON object
/// (`{"type": …, "object": …}`) per line. The one reader of watch
/// streams (`get -w`, `rollout status`, `events -w`).
pub struct Events {
    body: kterm_http::Body,
    buf: Vec<u8>,
}

impl Events {
    pub fn new(resp: kterm_http::Response) -> Events {
        Events {
            body: resp.body,
            buf: Vec::new(),
        }
    }

    /// The next event; `Ok(None)` once the server ended the stream (or it
    /// broke), `Err(Cancelled)` on Ctrl-C. Lines that are not JSON are
    /// skipped.
    pub async fn next(&mut self, ctx: &Ctx<'_>) -> Result<Option<Value>, KubeError> {
        loop {
            while let Some(i) = self.buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=i).collect();
                if let Ok(ev) = serde_json::from_slice::<Value>(&line) {
                    return Ok(Some(ev));
                }
            }
            match ctx.cancel.run(self.body.chunk()).await {
                None => return Err(KubeError::Cancelled),
                Some(None) | Some(Some(Err(_))) => return Ok(None),
                Some(Some(Ok(c))) => self.buf.extend_from_slice(&c),
            }
        }
    }
}

/// A GET outside any command (a prefetch): no trace, no timeout, no
/// Ctrl-C; non-2xx becomes the server's error.
pub async fn get_untraced(t: &Target, path: &str, accept: &str) -> Result<Value, KubeError> {
    let mut req = request(t, "GET", path);
    req.headers.retain(|(k, _)| k != "Accept");
    let req = req.header("Accept", accept);
    let resp = client(t)?.send(req).await.map_err(|_| refused(t))?;
    let status = resp.status;
    let body = resp.bytes().await.map_err(|_| refused(t))?;
    if !(200..300).contains(&status) {
        return Err(KubeError::from_response(status, &body, "get", ""));
    }
    serde_json::from_slice(&body)
        .map_err(|e| KubeError::Client(format!("unable to decode the server's answer: {e}")))
}
