//! `kubectl exec (POD | TYPE/NAME) [-c C] [-i] [-t] -- COMMAND [args…]`
//! over the WebSocket remote-command protocol (`v5.channel.k8s.io`), the
//! token in the bearer subprotocol since a browser cannot set headers on a
//! WebSocket. Without `-t`: plain streams, stdin from the pipe with `-i`.
//! With `-it`: the terminal's raw keys go to the container and its output
//! to the screen until the remote shell ends; the size is sent first and
//! again when it changes. The exit status comes from the status channel.

use base64::Engine;
use futures::future::{select, Either};
use kterm_http::{WebSocket, WsMessage};
use kterm_shell::sanitize::Remote;
use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::go::url::query_escape;
use crate::podref::{self, Rank};
use crate::{api, flags};

pub(crate) const FLAGS: &[Flag] = &[
    flags::CONTAINER,
    flags::STDIN,
    flags::TTY,
    flags::QUIET,
    flags::POD_RUNNING_TIMEOUT,
    flags::FILENAME,
];

const V5: &str = "v5.channel.k8s.io";

fn usage(msg: &str) -> KubeError {
    KubeError::Client(format!(
        "{msg}\nSee 'kubectl exec -h' for help and examples"
    ))
}

/// The exec request path; `url.Values` sorts its keys and omits false.
fn exec_path(
    ns: &str,
    pod: &str,
    container: &str,
    cmd: &[String],
    stdin: bool,
    tty: bool,
) -> String {
    let mut q: Vec<String> = cmd
        .iter()
        .map(|c| format!("command={}", query_escape(c)))
        .collect();
    q.push(format!("container={}", query_escape(container)));
    if !tty {
        q.push("stderr=true".into());
    }
    if stdin {
        q.push("stdin=true".into());
    }
    q.push("stdout=true".into());
    if tty {
        q.push("tty=true".into());
    }
    format!("/api/v1/namespaces/{ns}/pods/{pod}/exec?{}", q.join("&"))
}

/// The subprotocols offered: v5, and the token for the apiserver to read.
pub(super) fn protocols(token: Option<&str>) -> Vec<String> {
    let mut p = vec![V5.to_string()];
    if let Some(t) = token {
        p.push(format!(
            "base64url.bearer.authorization.k8s.io.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(t)
        ));
    }
    p
}

fn frame(channel: u8, data: &[u8]) -> WsMessage {
    let mut f = Vec::with_capacity(data.len() + 1);
    f.push(channel);
    f.extend_from_slice(data);
    WsMessage::Binary(f)
}

fn resize(size: (u16, u16)) -> WsMessage {
    frame(
        4,
        json!({"Width": size.0, "Height": size.1})
            .to_string()
            .as_bytes(),
    )
}

/// How the command ended, from the status frame (channel 3).
fn outcome(status: Option<&Value>) -> Result<i32, KubeError> {
    let Some(st) = status else {
        return Ok(0);
    };
    if st["status"] == "Success" {
        return Ok(0);
    }
    if st["reason"] == "NonZeroExitCode" {
        let code = st["details"]["causes"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["reason"] == "ExitCode"))
            .and_then(|c| c["message"].as_str())
            .and_then(|m| m.parse::<i32>().ok());
        if let Some(code) = code {
            return Err(KubeError::Exit(code));
        }
    }
    Err(KubeError::Client(
        st["message"]
            .as_str()
            .unwrap_or("unknown error")
            .to_string(),
    ))
}

/// What arrived on the socket.
enum Incoming {
    Out(u8, Vec<u8>),
    Status(Value),
    Closed,
}

fn incoming(m: Option<Result<WsMessage, kterm_http::HttpError>>) -> Result<Incoming, KubeError> {
    match m {
        None | Some(Ok(WsMessage::Close)) => Ok(Incoming::Closed),
        Some(Err(e)) => Err(KubeError::Client(format!(
            "error reading from error stream: {e}"
        ))),
        Some(Ok(WsMessage::Binary(b))) => match b.split_first() {
            Some((3, st)) => Ok(Incoming::Status(
                serde_json::from_slice(st).unwrap_or(json!({"message": "invalid status"})),
            )),
            Some((ch, data)) => Ok(Incoming::Out(*ch, data.to_vec())),
            None => Ok(Incoming::Out(1, Vec::new())),
        },
        Some(Ok(WsMessage::Text(_))) => Ok(Incoming::Out(1, Vec::new())),
    }
}

async fn send(ws: &mut dyn WebSocket, m: WsMessage) -> Result<(), KubeError> {
    ws.send(m)
        .await
        .map_err(|e| KubeError::Client(format!("error sending to the container: {e}")))
}

/// Plain streams: stdin (with `-i`) sent whole, then output until the end.
pub(super) async fn streams(
    ctx: &mut Ctx<'_>,
    ws: &mut dyn WebSocket,
    stdin: bool,
) -> Result<i32, KubeError> {
    // `-i` at the terminal: the lines typed are the container's stdin
    // (echoed as a terminal in cooked mode echoes them) until input ends.
    let mut lines_open = stdin && ctx.stdin_is_tty;
    if stdin && !lines_open {
        for chunk in ctx.stdin.clone().chunks(32 * 1024) {
            send(ws, frame(0, chunk)).await?;
        }
        send(ws, WsMessage::Binary(vec![255, 0])).await?;
    }
    let cancel = ctx.cancel.clone();
    let host = ctx.host;
    let mut status = None;
    loop {
        let wake = {
            let recv = async { Either::Left(ws.recv().await) };
            let line = async {
                if lines_open {
                    Either::Right(host.read_line("", false).await)
                } else {
                    futures::future::pending().await
                }
            };
            match cancel.run(select(Box::pin(recv), Box::pin(line))).await {
                None => return Err(KubeError::Cancelled),
                Some(Either::Left((w, _)) | Either::Right((w, _))) => w,
            }
        };
        let m = match wake {
            Either::Left(m) => m,
            Either::Right(Some(line)) => {
                send(ws, frame(0, format!("{line}\n").as_bytes())).await?;
                continue;
            }
            Either::Right(None) => {
                lines_open = false;
                send(ws, WsMessage::Binary(vec![255, 0])).await?;
                continue;
            }
        };
        match incoming(m)? {
            // Plain text: the terminal writer escapes it; pipes keep it.
            Incoming::Out(1, d) => ctx.stdout.write(&d),
            Incoming::Out(2, d) => ctx.stderr.write(&d),
            Incoming::Out(..) => {}
            Incoming::Status(s) => status = Some(s),
            Incoming::Closed => break,
        }
    }
    outcome(status.as_ref())
}

/// What woke the terminal session up.
enum Wake {
    Remote(Option<Result<WsMessage, kterm_http::HttpError>>),
    Keys(Option<Vec<u8>>),
    /// Time to look at the terminal's size again.
    Tick,
}

/// How often the size is checked while no key is pressed (kubectl is
/// told by SIGWINCH; a page has no such signal for the engine).
const SIZE_POLL_MS: u64 = 250;

/// A raw terminal session: keys in, screen out, until the remote ends.
/// The output goes on the raw channel through one [`Remote`] filter for
/// the whole session (a sequence cut between frames is held back, never
/// half passed); when the session ends, however it ends, the terminal
/// modes the remote changed are put back.
pub(super) async fn terminal(ctx: &mut Ctx<'_>, ws: &mut dyn WebSocket) -> Result<i32, KubeError> {
    let mut screen = Remote::default();
    let ended = session(ctx, ws, &mut screen).await;
    let rest = format!("{}{}", screen.finish(), screen.restore());
    if !rest.is_empty() {
        ctx.stdout.raw(rest.as_bytes());
    }
    ended
}

async fn session(
    ctx: &mut Ctx<'_>,
    ws: &mut dyn WebSocket,
    screen: &mut Remote,
) -> Result<i32, KubeError> {
    let mut size = ctx.host.size();
    send(ws, resize(size)).await?;
    let cancel = ctx.cancel.clone();
    let host = ctx.host;
    let mut keys_open = true;
    let mut status = None;
    loop {
        let wake = {
            let recv = async { Wake::Remote(ws.recv().await) };
            // Keys first: a host that has keys ready answers at once.
            let keys = async {
                if keys_open {
                    Wake::Keys(host.read_raw().await)
                } else {
                    futures::future::pending().await
                }
            };
            let tick = async {
                if keys_open {
                    host.sleep_ms(SIZE_POLL_MS).await;
                    Wake::Tick
                } else {
                    futures::future::pending().await
                }
            };
            let local = select(Box::pin(keys), Box::pin(tick));
            let all = select(Box::pin(recv), local);
            match cancel.run(all).await {
                None => return Err(KubeError::Cancelled),
                Some(Either::Left((w, _))) => w,
                Some(Either::Right((Either::Left((w, _)) | Either::Right((w, _)), _))) => w,
            }
        };
        match wake {
            Wake::Remote(m) => match incoming(m)? {
                Incoming::Out(1 | 2, d) => ctx.stdout.raw(screen.feed(&d).as_bytes()),
                Incoming::Out(..) => {}
                Incoming::Status(s) => status = Some(s),
                Incoming::Closed => break,
            },
            Wake::Keys(Some(keys)) => {
                let now = ctx.host.size();
                if now != size {
                    size = now;
                    send(ws, resize(size)).await?;
                }
                send(ws, frame(0, &keys)).await?;
            }
            Wake::Tick => {
                let now = ctx.host.size();
                if now != size {
                    size = now;
                    send(ws, resize(size)).await?;
                }
            }
            Wake::Keys(None) => {
                keys_open = false;
                send(ws, WsMessage::Binary(vec![255, 0])).await?;
            }
        }
    }
    outcome(status.as_ref())
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    // Words after `--` are the command, never flags.
    let (before, command) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], args[i + 1..].to_vec()),
        None => (args, Vec::new()),
    };
    let f = flags::parse("exec", before, FLAGS)?;
    let pod_arg = match f.args.as_slice() {
        [] => {
            return Err(KubeError::Client(
                "pod, type/name or --filename must be specified".into(),
            ))
        }
        [p] => p.clone(),
        _ => return Err(usage(
            "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
        )),
    };
    if command.is_empty() {
        return Err(KubeError::Client(
            "you must specify at least one command for the container".into(),
        ));
    }
    let stdin = f.has("stdin");
    let mut tty = f.has("tty") && stdin;
    if tty && !ctx.stdin_is_tty {
        tty = false;
        if !f.has("quiet") {
            ctx.stderr
                .line("Unable to use a TTY - input is not a terminal or the right kind of file");
        }
    }
    let s = inv.target(ctx).await?;
    let t = s.clone();
    let (pod, _) = podref::resolve(ctx, &t, &pod_arg, Rank::Active, "cannot attach to").await?;
    let container = podref::chosen_container(
        ctx,
        &pod,
        f.value("container"),
        f.has("quiet"),
        "exec into",
        "",
    )?;
    // What the kubelet answers for a container that is not running.
    let running = pod["status"]["containerStatuses"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["name"] == container.as_str()))
        .is_some_and(|s| s["state"]["running"].is_object());
    if !running {
        return Err(KubeError::Client(format!(
            "unable to upgrade connection: container not found (\"{container}\")"
        )));
    }
    let name = pod["metadata"]["name"].as_str().unwrap_or("");
    let ns = pod["metadata"]["namespace"]
        .as_str()
        .unwrap_or(&t.namespace);
    let path = exec_path(ns, name, &container, &command, stdin, tty);
    let mut ws = api::upgrade(ctx, &t, &path, &protocols(t.token.as_deref())).await?;
    let code = if tty {
        terminal(ctx, ws.as_mut()).await
    } else {
        streams(ctx, ws.as_mut(), stdin).await
    };
    let _ = ws.send(WsMessage::Close).await;
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_like_kubectl() {
        let cmd = vec!["sh".to_string(), "-c".into(), "echo a b".into()];
        assert_eq!(
            exec_path("default", "web-1", "web", &cmd, false, false),
            "/api/v1/namespaces/default/pods/web-1/exec?command=sh&command=-c&command=echo+a+b&container=web&stderr=true&stdout=true"
        );
        assert_eq!(
            exec_path("d", "p", "c", &["sh".to_string()], true, true),
            "/api/v1/namespaces/d/pods/p/exec?command=sh&container=c&stdin=true&stdout=true&tty=true"
        );
        assert_eq!(
            protocols(Some("tok")),
            [
                "v5.channel.k8s.io",
                "base64url.bearer.authorization.k8s.io.dG9r"
            ]
        );
    }

    #[test]
    fn exit_codes_from_the_status() {
        assert_eq!(outcome(None), Ok(0));
        assert_eq!(outcome(Some(&json!({"status": "Success"}))), Ok(0));
        let three = json!({"status": "Failure", "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": "3"}]}});
        assert_eq!(outcome(Some(&three)), Err(KubeError::Exit(3)));
        let other = json!({"status": "Failure", "message": "Internal error occurred: boom", "reason": "InternalError"});
        assert_eq!(
            outcome(Some(&other)),
            Err(KubeError::Client("Internal error occurred: boom".into()))
        );
    }
}
