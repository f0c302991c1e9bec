//! The shell: runs one line of input (parse, expand, execute) against the
//! session state. This is the engine's entry point for the front end.

use crate::{Cancel, Host, Out, Registry, ShellState};

pub struct Shell {
    pub state: ShellState,
    pub registry: Registry,
}

impl Shell {
    pub fn new(registry: Registry) -> Self {
        Self {
            state: ShellState::default(),
            registry,
        }
    }

    /// Runs a complete command line (possibly several lines, e.g. with a
    /// here-document) and returns its exit status.
    pub async fn run_line(
        &mut self,
        line: &str,
        _host: &dyn Host,
        _stdout: &mut dyn Out,
        stderr: &mut dyn Out,
        _cancel: Cancel,
    ) -> i32 {
        // Placeholder until the parser and executor land.
        stderr.line(&format!("kterm: {}: command not found", line.trim()));
        127
    }

    /// True when `text` needs more lines (open quote, here-document, trailing
    /// `\`, `&&`, `|`): the front end then shows the `> ` prompt.
    pub fn is_incomplete(&self, _text: &str) -> bool {
        false
    }

    /// The prompt: working directory (and later region and Kubernetes
    /// context), ending in `$ ` as bash's does.
    pub fn prompt(&self) -> String {
        let cwd = match self.state.cwd.strip_prefix(crate::state::HOME) {
            Some(rest) => format!("~{rest}"),
            None => self.state.cwd.clone(),
        };
        format!("{cwd} $ ")
    }
}
