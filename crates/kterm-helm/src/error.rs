//! Helm's errors and the one place they are printed: `Error: <message>`
//! on stderr, exit status 1, as cobra prints what a command returns.

use kterm_kube::error::KubeError;
use kterm_shell::Ctx;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelmError {
    /// Printed after `Error: `.
    Msg(String),
    /// Ctrl-C while waiting for the cluster.
    Cancelled,
}

impl HelmError {
    pub fn msg(m: impl Into<String>) -> HelmError {
        HelmError::Msg(m.into())
    }

    /// The error client-go returns for a request to `url`, prefixed as
    /// Helm wraps it (`list: failed to list: …`).
    pub fn kube(prefix: &str, url: &str, e: KubeError) -> HelmError {
        let text = match e {
            KubeError::Cancelled => return HelmError::Cancelled,
            KubeError::Refused(host) => {
                // Go dials the resolved address.
                let addr = match host.strip_prefix("localhost:") {
                    Some(port) => format!("127.0.0.1:{port}"),
                    None => host,
                };
                format!("Get \"{url}\": dial tcp {addr}: connect: connection refused")
            }
            KubeError::Status { message, .. } => message,
            KubeError::Unreachable(m) | KubeError::Client(m) | KubeError::Plain(m) => m,
            KubeError::Exit(n) => format!("exit status {n}"),
        };
        if prefix.is_empty() {
            HelmError::Msg(text)
        } else {
            HelmError::Msg(format!("{prefix}: {text}"))
        }
    }

    /// Prints the error as helm does; returns the exit status.
    pub fn render(&self, ctx: &mut Ctx<'_>) -> i32 {
        match self {
            HelmError::Cancelled => 130,
            HelmError::Msg(m) => {
                ctx.stderr.write_str(&format!("Error: {m}\n"));
                1
            }
        }
    }
}

/// Storage's "not found", the words of Helm's `driver.ErrReleaseNotFound`.
pub fn not_found() -> HelmError {
    HelmError::msg("release: not found")
}
