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

/// What kubectl prints for an `Invalid` Status: built from its details
/// (kind, name, each cause's field and message), never from its message.
fn invalid_text(details: &Value, message: &str) -> String {
    let (kind, name) = (
        details["kind"].as_str().unwrap_or(""),
        details["name"].as_str().unwrap_or(""),
    );
    let no_causes = details["causes"].as_array().is_none_or(|c| c.is_empty());
    if kind.is_empty() && name.is_empty() && no_causes {
        // No details to speak of: the server's message, if it sent one.
        return if message.is_empty() {
            "The request is invalid".to_string()
        } else {
            format!("The request is invalid: {message}")
        };
    }
    let head = if kind.is_empty() && name.is_empty() {
        "The request is invalid".to_string()
    } else {
        format!("The {kind} \"{name}\" is invalid")
    };
    let mut causes: Vec<String> = Vec::new();
    for c in details["causes"].as_array().into_iter().flatten() {
        let text = format!(
            "{}: {}",
            c["field"].as_str().unwrap_or(""),
            c["message"].as_str().unwrap_or("")
        );
        if !causes.contains(&text) {
            causes.push(text);
        }
    }
    match causes.as_slice() {
        [] => head,
        [one] => format!("{head}: {one}"),
        many => format!("{head}: \n* {}", many.join("\n* ")),
    }
}

impl KubeError {
    /// Builds the error for a non-2xx response, from its Status if it has one.
    pub fn from_response(status: u16, body: &[u8], verb: &str, what: &str) -> KubeError {
        let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        if v["kind"] == "Status" && v["status"] == "Failure" {
            let reason = v["reason"].as_str().unwrap_or("").to_string();
            let message = if reason == "Invalid" {
                invalid_text(&v["details"], v["message"].as_str().unwrap_or(""))
            } else {
                v["message"].as_str().unwrap_or("").to_string()
            };
            return KubeError::Status {
                reason,
                message,
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
            // kubectl words an invalid object itself, without a prefix.
            KubeError::Status {
                reason, message, ..
            } if reason == "Invalid" => message.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invalid_texts() {
        let cases = [
            (Value::Null, "The request is invalid"),
            (json!({}), "The request is invalid"),
            (json!({"kind": "ConfigMap", "name": "c"}), "The ConfigMap \"c\" is invalid"),
            (
                json!({"kind": "Deployment", "name": "w", "causes": [{"field": "spec.replicas", "message": "Invalid value: -1: must be greater than or equal to 0"}]}),
                "The Deployment \"w\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            ),
            (
                json!({"kind": "Pod", "name": "p", "causes": [{"field": "a", "message": "x"}, {"field": "a", "message": "x"}, {"field": "b", "message": "y"}]}),
                "The Pod \"p\" is invalid: \n* a: x\n* b: y",
            ),
        ];
        for (details, want) in cases {
            assert_eq!(invalid_text(&details, ""), want, "{details}");
        }
        assert_eq!(
            invalid_text(&json!({}), "the server rejected our request"),
            "The request is invalid: the server rejected our request"
        );
    }
}
