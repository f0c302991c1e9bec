//! kubectl's errors and the one place they are printed, worded as kubectl
//! words them (pkg/cmd/util/helpers.go), exit status 1.

use kterm_shell::Ctx;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KubeError {
    /// A `kind: Status` from the server.
    #[error("{message}")]
    Status {
        reason: String,
        message: String,
        code: u16,
    },
    /// `error: …` (usage, config, client-side problems).
    #[error("{0}")]
    Client(String),
    /// A request that failed on the way (timeout, token renewal), as
    /// kubectl words transport errors.
    #[error("Unable to connect to the server: {0}")]
    Unreachable(String),
    #[error(
        "The connection to the server {0} was refused - did you specify the right host or port?"
    )]
    Refused(String),
    #[error("interrupted")]
    Cancelled,
    /// A message kubectl prints as it is, without `error: `.
    #[error("{0}")]
    Plain(String),
    /// A remote command's non-zero exit status (`kubectl exec`).
    #[error("command terminated with exit code {0}")]
    Exit(i32),
}

impl KubeError {
    /// Builds the error for a non-2xx response, from its Status if it has one.
    pub fn from_response(status: u16, body: &[u8], verb: &str, what: &str) -> KubeError {
        let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        if v["kind"] == "Status" && v["status"] == "Failure" {
            return KubeError::Status {
                reason: v["reason"].as_str().unwrap_or("").to_string(),
                message: v["message"].as_str().unwrap_or("").to_string(),
                code: status,
            };
        }
        // client-go's generic messages when the body is not a Status.
        let message = match status {
            401 => "the server has asked for the client to provide credentials".to_string(),
            403 => "forbidden".to_string(),
            404 => "the server could not find the requested resource".to_string(),
            _ => format!(
                "an error on the server (\"{}\") has prevented the request from succeeding",
                String::from_utf8_lossy(body).trim()
            ),
        };
        let reason = match status {
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            _ => "InternalError",
        };
        KubeError::Status {
            reason: reason.into(),
            message: format!("{message} ({verb} {what})"),
            code: status,
        }
    }

    /// Prints the error as kubectl does; returns the exit status.
    pub fn render(&self, ctx: &mut Ctx<'_>) -> i32 {
        let text = match self {
            KubeError::Cancelled => return 130,
            KubeError::Exit(n) => {
                ctx.stderr.line(&self.to_string());
                return *n;
            }
            KubeError::Status {
                reason, message, ..
            } if reason == "Unauthorized" => {
                format!("error: You must be logged in to the server ({message})")
            }
            KubeError::Status {
                reason, message, ..
            } if reason.is_empty() => format!("Error from server: {message}"),
            KubeError::Status {
                reason, message, ..
            } => format!("Error from server ({reason}): {message}"),
            KubeError::Client(m) => format!("error: {m}"),
            KubeError::Refused(_) | KubeError::Unreachable(_) | KubeError::Plain(_) => {
                self.to_string()
            }
        };
        // kubectl adds a newline only when the message lacks one.
        let text = kterm_shell::sanitize::text(&text);
        if text.ends_with('\n') {
            ctx.stderr.write_str(&text);
        } else {
            ctx.stderr.line(&text);
        }
        1
    }
}
