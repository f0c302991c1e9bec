//! `kubectl attach (POD | TYPE/NAME | TYPE NAME) [-c C] [-i] [-t] [-q]`:
//! what the container's main process writes, over the same WebSocket
//! remote-command protocol as exec (exec.rs does the streaming). As
//! kubectl: a TTY only when the container allocated one (and `-i` at a
//! terminal), its two notices on stderr unless `-q`, and with `-it` the
//! way back in printed when the session ends.

use kterm_shell::Ctx;

use super::exec::{protocols, streams, terminal};
use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::go::url::query_escape;
use crate::podref::{self, Rank};
use crate::{api, flags, mutate};

pub(crate) const FLAGS: &[Flag] = &[
    flags::CONTAINER,
    flags::STDIN,
    flags::TTY,
    flags::QUIET,
    flags::POD_RUNNING_TIMEOUT,
];

/// The attach request path; `url.Values` sorts its keys and omits false.
fn attach_path(ns: &str, pod: &str, container: &str, stdin: bool, tty: bool) -> String {
    let mut q = vec![format!("container={}", query_escape(container))];
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
    format!(
        "/api/v1/namespaces/{}/pods/{}/attach?{}",
        query_escape(ns),
        query_escape(pod),
        q.join("&")
    )
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("attach", args, FLAGS)?;
    let target = match f.args.as_slice() {
        [] => {
            return Err(KubeError::Client(
                "at least 1 argument is required for attach".into(),
            ))
        }
        [one] => one.clone(),
        [ty, name] => format!("{ty}/{name}"),
        more => {
            return Err(KubeError::Client(format!(
                "expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {}: [{}]",
                more.len(),
                more.join(" ")
            )))
        }
    };
    if let Some(t) = f.value("pod-running-timeout") {
        if mutate::duration_ms(t).is_none_or(|ms| ms == 0) {
            return Err(KubeError::Client(
                "--pod-running-timeout must be higher than zero\nSee 'kubectl attach -h' for help and examples".into(),
            ));
        }
    }
    let quiet = f.has("quiet");
    let stdin = f.has("stdin");
    let t = inv.target(ctx).await?;
    let (pod, _) = podref::resolve(ctx, &t, &target, Rank::Active, "cannot attach to").await?;
    let name = pod["metadata"]["name"].as_str().unwrap_or("").to_string();
    let ns = pod["metadata"]["namespace"]
        .as_str()
        .unwrap_or(&t.namespace)
        .to_string();
    let container = podref::chosen_container(
        ctx,
        &pod,
        f.value("container"),
        quiet,
        "attach",
        "cannot attach to the container: ",
    )?;
    // The TTY is the container's: asked for without one, it is refused;
    // not asked for, it is used anyway.
    let allocated = ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .filter_map(|k| pod["spec"][k].as_array())
        .flatten()
        .find(|c| c["name"] == container.as_str())
        .is_some_and(|c| c["tty"] == true);
    let mut tty = f.has("tty");
    if tty && !allocated {
        tty = false;
        if !quiet {
            ctx.stderr.line(&format!(
                "error: Unable to use a TTY - container {container} did not allocate one"
            ));
        }
    } else if !tty && allocated {
        tty = true;
    }
    // A TTY needs stdin, and a terminal to read it from.
    if !stdin {
        tty = false;
    } else if tty && !ctx.stdin_is_tty {
        tty = false;
        ctx.stderr
            .line("Unable to use a TTY - input is not a terminal or the right kind of file");
    }
    if !quiet {
        ctx.stderr.line("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.");
        ctx.stderr
            .line("If you don't see a command prompt, try pressing enter.");
    }
    let path = attach_path(&ns, &name, &container, stdin, tty);
    let mut ws = api::upgrade(ctx, &t, &path, &protocols(t.token.as_deref())).await?;
    let code = if tty {
        terminal(ctx, ws.as_mut()).await
    } else {
        streams(ctx, ws.as_mut(), stdin).await
    };
    let _ = ws.send(kterm_http::WsMessage::Close).await;
    let code = code?;
    if !quiet && stdin && tty {
        ctx.stdout.line(&kterm_shell::sanitize::text(&format!(
            "Session ended, resume using 'kubectl attach {name} -c {container} -n {ns} -i -t' command"
        )));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_like_kubectl() {
        assert_eq!(
            attach_path("default", "web-1", "web", false, false),
            "/api/v1/namespaces/default/pods/web-1/attach?container=web&stderr=true&stdout=true"
        );
        assert_eq!(
            attach_path("d", "p", "c", true, true),
            "/api/v1/namespaces/d/pods/p/attach?container=c&stdin=true&stdout=true&tty=true"
        );
    }
}
