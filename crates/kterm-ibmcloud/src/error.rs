//! The one error type of the `ibmcloud` command and the one place it is
//! printed: `FAILED`, the message, and an empty line, on stderr (as the
//! CLI's `ui.Failed` does), with exit status 1.

use kterm_shell::Ctx;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IbmError {
    #[error("Not logged in. Use 'ibmcloud login' to log in.")]
    NotLoggedIn,
    #[error("Session has expired. Log in again with 'ibmcloud login'.")]
    SessionExpired,
    /// A service answered with an error; the message is the service's.
    #[error("{0}")]
    Api(String),
    /// The request did not reach the service.
    #[error("Unable to reach {url}: {message}")]
    Network { url: String, message: String },
    #[error("Incorrect Usage: {0}")]
    Usage(String),
    /// Anything else the CLI reports as a plain message.
    #[error("{0}")]
    Message(String),
    #[error("interrupted")]
    Cancelled,
}

impl IbmError {
    /// Prints the error as the CLI does and returns the exit status.
    pub fn render(&self, ctx: &mut Ctx<'_>) -> i32 {
        if *self == IbmError::Cancelled {
            return 130;
        }
        let on = crate::colour::enabled(ctx);
        ctx.stderr
            .line(&crate::colour::paint(on, crate::colour::RED_BOLD, "FAILED"));
        ctx.stderr
            .line(&kterm_shell::sanitize::text(&self.to_string()));
        ctx.stderr.line("");
        1
    }
}
