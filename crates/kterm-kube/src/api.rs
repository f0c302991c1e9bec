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

/// The terminal's HTTP client.
pub fn client(ctx: &Ctx<'_>) -> Result<Client, KubeError> {
    ctx.sh.ext.get::<Client>().cloned().ok_or_else(|| {
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
    let client = client(ctx)?;
    let logged = req.clone();
    let started = crate::trace::request(ctx, &req);
    let fut = async {
        let resp = client.send(req).await?;
        let status = resp.status;
        Ok::<_, kterm_http::HttpError>((status, resp.bytes().await?))
    };
    let Some(outcome) = crate::trace::with_timeout(ctx, ctx.cancel.run(fut)).await else {
        return Err(crate::trace::timed_out());
    };
    match outcome {
        None => Err(KubeError::Cancelled),
        Some(Ok(r)) => {
            crate::trace::response(ctx, &logged, started, r.0, &r.1);
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

/// Sends a request and returns the response unread, for streams (watch);
/// non-2xx becomes the server's error.
pub async fn open(
    ctx: &Ctx<'_>,
    t: &Target,
    req: Request,
    verb: &str,
    what: &str,
) -> Result<kterm_http::Response, KubeError> {
    let client = ctx.sh.ext.get::<Client>().cloned().ok_or_else(|| {
        KubeError::Client("no network transport is configured in this terminal".into())
    })?;
    let resp = match ctx.cancel.run(client.send(req)).await {
        None => return Err(KubeError::Cancelled),
        Some(Ok(r)) => r,
        Some(Err(_)) => return Err(KubeError::Refused(host_of(&t.server))),
    };
    if resp.is_success() {
        return Ok(resp);
    }
    let status = resp.status;
    let body = match ctx.cancel.run(resp.bytes()).await {
        None => return Err(KubeError::Cancelled),
        Some(b) => b.unwrap_or_default(),
    };
    Err(KubeError::from_response(status, &body, verb, what))
}

fn host_of(server: &str) -> String {
    server
        .split("://")
        .nth(1)
        .unwrap_or(server)
        .split('/')
        .next()
        .unwrap_or("")
        .to_string()
}
