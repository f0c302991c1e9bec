//! `kubectl port-forward`, `proxy` and `cp`: what a browser tab cannot do,
//! said plainly, exit status 1.

use kterm_shell::Ctx;

use crate::cli::Invocation;
use crate::error::KubeError;

pub async fn port_forward(
    _: &mut Ctx<'_>,
    _: &mut Invocation,
    _: &[String],
) -> Result<i32, KubeError> {
    refuse("port-forward")
}

pub async fn proxy(_: &mut Ctx<'_>, _: &mut Invocation, _: &[String]) -> Result<i32, KubeError> {
    refuse("proxy")
}

pub async fn cp(_: &mut Ctx<'_>, _: &mut Invocation, _: &[String]) -> Result<i32, KubeError> {
    refuse("cp")
}

fn refuse(verb: &str) -> Result<i32, KubeError> {
    let why = match verb {
        "port-forward" => "kubectl port-forward cannot run in a browser terminal: it listens on a local port for other programs to connect to, and a web page cannot accept connections. Use kubectl exec or kubectl logs to reach the pod, or run port-forward from a local kubectl",
        "proxy" => "kubectl proxy cannot run in a browser terminal: it serves the API on a local port for other programs, and a web page cannot accept connections. Every kubectl command here already talks to the API server directly",
        _ => "kubectl cp cannot run in this browser terminal: it copies through a tar program in the container and a local file system that a browser tab does not have. For a single text file, use kubectl exec POD -- cat PATH",
    };
    Err(KubeError::Client(why.into()))
}
