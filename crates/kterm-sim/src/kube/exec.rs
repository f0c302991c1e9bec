//! `exec` and `attach` over WebSocket, as the apiserver and kubelet serve
//! them: subprotocols `v5.channel.k8s.io` and `v4.channel.k8s.io`, binary
//! frames whose first byte is the channel (0 stdin, 1 stdout, 2 stderr,
//! 3 status, 4 resize, 255 close in v5), the bearer token in the
//! `Authorization` header or, from a browser, in the
//! `base64url.bearer.authorization.k8s.io.<token>` subprotocol. exec runs
//! the container's small shell ([`super::shell`]); attach shows what the
//! main process writes (its log, as it is written).

use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use base64::Engine;
use serde_json::{json, Value};

use super::authz::caller;
use super::logs::pick_container;
use super::shell::{Container, Session, Step};
use super::status::{self, status};
use crate::ibm::bearer;
use crate::Sandbox;

pub const V5: &str = "v5.channel.k8s.io";
pub const V4: &str = "v4.channel.k8s.io";
const TOKEN_PROTOCOL: &str = "base64url.bearer.authorization.k8s.io.";

pub(super) fn routes() -> Router<Sandbox> {
    Router::new()
        .route(
            "/k8s/{cluster}/api/v1/namespaces/{ns}/pods/{name}/exec",
            any(exec),
        )
        .route(
            "/k8s/{cluster}/api/v1/namespaces/{ns}/pods/{name}/attach",
            any(attach),
        )
}

/// The bearer token: the header, else the browser's subprotocol.
fn token(headers: &HeaderMap) -> String {
    let h = bearer(headers);
    if !h.is_empty() {
        return h.to_string();
    }
    headers
        .get_all("sec-websocket-protocol")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|p| p.trim().strip_prefix(TOKEN_PROTOCOL))
        .filter_map(|b| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(b)
                .ok()
        })
        .find_map(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

/// Query parameters of an exec or attach (`command` repeats).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Params {
    pub command: Vec<String>,
    pub container: Option<String>,
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
    pub tty: bool,
}

pub(super) fn params(raw: Option<&str>) -> Params {
    let mut p = Params::default();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let on = matches!(v.as_ref(), "true" | "1");
        match k.as_ref() {
            "command" => p.command.push(v.into_owned()),
            "container" if !v.is_empty() => p.container = Some(v.into_owned()),
            "stdin" => p.stdin = on,
            "stdout" => p.stdout = on,
            "stderr" => p.stderr = on,
            "tty" => p.tty = on,
            _ => {}
        }
    }
    p
}

fn bad_request(msg: &str) -> Response {
    status(StatusCode::BAD_REQUEST, "BadRequest", msg, None)
}

/// A pod in the store: (cluster, (resource, namespace, name)).
type PodKey = (String, (String, String, String));

/// Checks everything that can fail before the upgrade; returns the pod's
/// container to run in.
#[allow(clippy::result_large_err)]
fn prepare(
    sb: &Sandbox,
    cluster: &str,
    ns: &str,
    name: &str,
    headers: &HeaderMap,
    p: &Params,
) -> Result<(Container, PodKey), Response> {
    caller(sb, cluster, &token(headers))?;
    let key = ("pods".to_string(), ns.to_string(), name.to_string());
    let pod = sb
        .kube
        .lock()
        .get(cluster)
        .and_then(|s| s.objects.get(&key).cloned())
        .ok_or_else(|| status::not_found("pods", name))?;
    let phase = pod["status"]["phase"].as_str().unwrap_or("");
    if matches!(phase, "Succeeded" | "Failed") {
        return Err(bad_request(&format!(
            "cannot exec into a container in a completed pod; current phase is {phase}"
        )));
    }
    let c = pick_container(&pod, p.container.as_deref()).map_err(|m| bad_request(&m))?;
    let running = pod["status"]["containerStatuses"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["name"] == c.as_str()))
        .is_some_and(|s| s["state"]["running"].is_object());
    if !running {
        return Err(bad_request(&format!("container not found (\"{c}\")")));
    }
    Ok((Container::from_pod(&pod, &c), (cluster.to_string(), key)))
}

type Upgrade = Result<WebSocketUpgrade, WebSocketUpgradeRejection>;

fn upgrade(
    ws: Upgrade,
    go: impl FnOnce(WebSocket, bool) -> futures::future::BoxFuture<'static, ()> + Send + 'static,
) -> Response {
    let Ok(ws) = ws else {
        // SPDY (POST) or a plain GET: only WebSocket is spoken here.
        return bad_request("Upgrade request required");
    };
    let ws = ws.protocols([V5, V4]);
    let Some(chosen) = ws
        .selected_protocol()
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
    else {
        return bad_request(&format!(
            "unable to upgrade: no supported subprotocol was requested (supported: {V5}, {V4})"
        ));
    };
    let v5 = chosen == V5;
    ws.on_upgrade(move |socket| go(socket, v5))
}

async fn exec(
    State(sb): State<Sandbox>,
    Path((cluster, ns, name)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    ws: Upgrade,
) -> Response {
    let p = params(raw.as_deref());
    if p.command.is_empty() {
        return bad_request("you must specify at least one command for the container");
    }
    let (container, _) = match prepare(&sb, &cluster, &ns, &name, &headers, &p) {
        Ok(c) => c,
        Err(r) => return r,
    };
    upgrade(ws, move |socket, v5| {
        Box::pin(run_exec(socket, v5, Session::new(container, p.tty), p))
    })
}

async fn send(socket: &mut WebSocket, channel: u8, data: &[u8]) -> bool {
    let mut frame = Vec::with_capacity(data.len() + 1);
    frame.push(channel);
    frame.extend_from_slice(data);
    socket.send(Message::Binary(frame.into())).await.is_ok()
}

/// The Status an exec ends with, on channel 3.
pub(super) fn exit_status(code: i32, argv: &[String]) -> Value {
    if code == 0 {
        return json!({"metadata": {}, "status": "Success"});
    }
    json!({"metadata": {}, "status": "Failure",
        "message": format!("command terminated with non-zero exit code: error executing command [{}], exit code {code}", argv.join(" ")),
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]}})
}

fn no_program(prog: &str) -> Value {
    let msg = format!("error executing command in container: failed to exec in container: failed to start exec \"{}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{prog}\": executable file not found in $PATH: unknown", "5c".repeat(32));
    json!({"metadata": {}, "status": "Failure", "message": format!("Internal error occurred: {msg}"), "reason": "InternalError", "details": {"causes": [{"message": msg}]}, "code": 500})
}

/// Sends steps; returns the final Status once the process ended.
async fn emit(socket: &mut WebSocket, steps: Vec<Step>, p: &Params) -> Result<Option<Value>, ()> {
    for s in steps {
        let ok = match s {
            Step::Stdout(b) if p.stdout || p.tty => send(socket, 1, &b).await,
            Step::Stderr(b) if p.stderr => send(socket, 2, &b).await,
            Step::Stdout(_) | Step::Stderr(_) => true,
            Step::Exit(n) => return Ok(Some(exit_status(n, &p.command))),
            Step::NoSuchProgram(prog) => return Ok(Some(no_program(&prog))),
        };
        if !ok {
            return Err(());
        }
    }
    Ok(None)
}

async fn finish(mut socket: WebSocket, st: Value) {
    let _ = send(&mut socket, 3, st.to_string().as_bytes()).await;
    // A normal closure (1000): client-go treats anything else as an error.
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code: 1000,
            reason: "".into(),
        })))
        .await;
}

/// Width and height from a resize frame; Go decodes field names
/// case-insensitively, so `width` works as well as `Width`.
fn size(payload: &[u8]) -> Option<(u16, u16)> {
    let v: Value = serde_json::from_slice(payload).ok()?;
    let get = |k: &str| {
        v.as_object()?
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .and_then(|(_, x)| x.as_u64())
            .and_then(|x| u16::try_from(x).ok())
    };
    Some((get("width")?, get("height")?))
}

async fn run_exec(mut socket: WebSocket, v5: bool, mut sh: Session, p: Params) {
    // Readiness: an empty frame on the first writable channel.
    let ready = if p.stdout || p.tty {
        1
    } else if p.stderr {
        2
    } else {
        3
    };
    if !send(&mut socket, ready, &[]).await {
        return;
    }
    let mut steps = sh.start(&p.command);
    if !p.stdin {
        steps.extend(sh.eof());
    }
    loop {
        match emit(&mut socket, steps, &p).await {
            Err(()) => return,
            Ok(Some(st)) => return finish(socket, st).await,
            Ok(None) => {}
        }
        steps = match socket.recv().await {
            Some(Ok(Message::Binary(b))) => match b.split_first() {
                Some((0, data)) => sh.input(data),
                Some((4, data)) => {
                    if let Some(s) = size(data) {
                        sh.size = s;
                    }
                    vec![]
                }
                Some((255, rest)) if v5 && rest.first() == Some(&0) => sh.eof(),
                _ => vec![],
            },
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
            Some(Ok(_)) => vec![],
        };
    }
}

async fn attach(
    State(sb): State<Sandbox>,
    Path((cluster, ns, name)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    ws: Upgrade,
) -> Response {
    let p = params(raw.as_deref());
    let (container, key) = match prepare(&sb, &cluster, &ns, &name, &headers, &p) {
        Ok(c) => c,
        Err(r) => return r,
    };
    upgrade(ws, move |socket, _| {
        Box::pin(run_attach(socket, sb, container, key, p))
    })
}

/// Streams what the main process writes from now on until the client
/// leaves or the pod goes away.
async fn run_attach(mut socket: WebSocket, sb: Sandbox, c: Container, key: PodKey, p: Params) {
    let seed = format!("{}/{}", c.pod, c.name);
    let now = sb.clock.now_ms();
    let src = super::logtext::Source::new(
        &seed,
        super::logtext::Flavor::of(&c.image),
        now - 3_600_000,
        None,
    );
    let mut from = now + 1;
    if !send(&mut socket, 1, &[]).await {
        return;
    }
    loop {
        tokio::select! {
            msg = socket.recv() => match msg {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                _ => {}
            },
            () = tokio::time::sleep(Duration::from_millis(200)) => {
                let gone = sb.kube.lock().get(&key.0).is_none_or(|s| !s.objects.contains_key(&key.1));
                if gone {
                    return finish(socket, json!({"metadata": {}, "status": "Success"})).await;
                }
                let to = sb.clock.now_ms() + 1;
                if to > from {
                    let nl = if p.tty { "\r\n" } else { "\n" };
                    let text: String = src.lines(from, to).into_iter().map(|(_, _, l)| l + nl).collect();
                    from = to;
                    if !text.is_empty() && !send(&mut socket, 1, text.as_bytes()).await {
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_sizes() {
        let p = params(Some(
            "command=cat&command=%2Fetc%2Fhostname&container=web&stdout=true&stderr=true",
        ));
        assert_eq!(
            p,
            Params {
                command: vec!["cat".into(), "/etc/hostname".into()],
                container: Some("web".into()),
                stdout: true,
                stderr: true,
                ..Params::default()
            }
        );
        assert_eq!(size(br#"{"Width":120,"Height":40}"#), Some((120, 40)));
        assert_eq!(size(br#"{"width":80,"height":24}"#), Some((80, 24)));
        assert_eq!(size(b"nope"), None);
    }

    #[test]
    fn token_from_the_browser_subprotocol() {
        let mut h = HeaderMap::new();
        let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("tok.en");
        h.insert(
            "sec-websocket-protocol",
            format!("v5.channel.k8s.io, {TOKEN_PROTOCOL}{enc}")
                .parse()
                .unwrap(),
        );
        assert_eq!(token(&h), "tok.en");
        h.insert("authorization", "Bearer hdr".parse().unwrap());
        assert_eq!(token(&h), "hdr");
    }

    #[test]
    fn statuses() {
        assert_eq!(
            exit_status(0, &[]).to_string(),
            r#"{"metadata":{},"status":"Success"}"#
        );
        let st = exit_status(3, &["sh".into(), "-c".into(), "exit 3".into()]);
        assert_eq!(st["details"]["causes"][0]["message"], "3");
        assert_eq!(st["reason"], "NonZeroExitCode");
    }
}
