//! What a session may run. The executor asks the session's [`Policy`] before
//! each command; an embedding page turns on [`ReadOnly`] to offer a terminal
//! that can look at an account and its clusters but not change them.

use crate::Command;

/// Decides, before a command runs, whether it may.
pub trait Policy {
    /// `cmd` is the command about to run (its code loaded), `args` the
    /// expanded words after its name. `Err` carries why it was refused.
    fn check(&self, cmd: &dyn Command, args: &[String]) -> Result<(), String>;
}

/// Refuses commands that change cloud or cluster resources, as each command
/// judges its own line ([`Command::mutates`]). Local state (files,
/// variables, the CLI's own config: login, target, kubeconfig contexts,
/// namespaces) stays editable, so the terminal is still usable.
pub struct ReadOnly;

/// Exit status of a refused command, as for bash's "permission denied".
pub const REFUSED_STATUS: i32 = 126;

impl Policy for ReadOnly {
    fn check(&self, cmd: &dyn Command, args: &[String]) -> Result<(), String> {
        match cmd.mutates(args) {
            None => Ok(()),
            Some(what) => Err(format!(
                "{} {what}: refused, this terminal is read-only",
                cmd.name()
            )),
        }
    }
}
