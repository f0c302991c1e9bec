//! The shell: runs one line of input (parse, expand, execute) against the
//! session state. This is the engine's entry point for the front end.

use crate::lang::{parse, Exec, ParseError};
use crate::{Cancel, Host, Out, Registry, ShellState};

/// Contributes a segment to the prompt (e.g. the targeted region).
pub type PromptHook = fn(&ShellState) -> Option<String>;

pub struct Shell {
    pub state: ShellState,
    pub registry: Registry,
    pub prompt_hooks: Vec<PromptHook>,
}

impl Shell {
    pub fn new(registry: Registry) -> Self {
        Self {
            state: ShellState::default(),
            registry,
            prompt_hooks: Vec::new(),
        }
    }

    /// Runs a complete command line (possibly several lines, e.g. with a
    /// here-document) and returns its exit status.
    pub async fn run_line(
        &mut self,
        line: &str,
        host: &dyn Host,
        stdout: &mut dyn Out,
        stderr: &mut dyn Out,
        cancel: Cancel,
    ) -> i32 {
        let mut exec = Exec::new(&mut self.state, &self.registry, host, cancel);
        exec.run_source(line, stdout, stderr).await
    }

    /// True when `text` needs more lines (open quote, here-document, trailing
    /// `\`, `&&`, `|`): the front end then shows the `> ` prompt.
    pub fn is_incomplete(&self, text: &str) -> bool {
        matches!(parse(text), Err(ParseError::Incomplete(_)))
    }

    /// The prompt: working directory and the hooks' segments, ending in `$ `
    /// as bash's does.
    pub fn prompt(&self) -> String {
        let cwd = match self.state.cwd.strip_prefix(crate::state::HOME) {
            Some(rest) => format!("~{rest}"),
            None => self.state.cwd.clone(),
        };
        let segments: Vec<String> = self
            .prompt_hooks
            .iter()
            .filter_map(|h| h(&self.state))
            .collect();
        if segments.is_empty() {
            format!("{cwd} $ ")
        } else {
            format!("{cwd} ({}) $ ", segments.join(" | "))
        }
    }
}
