//! The shell: runs one line of input (parse, expand, execute) against the
//! session state. This is the engine's entry point for the front end.

use std::cell::RefCell;

use crate::lang::{Exec, ParseError, Parser};
use crate::{Cancel, Host, Out, Registry, ShellState};

/// Contributes a segment to the prompt (e.g. the targeted region).
pub type PromptHook = fn(&ShellState) -> Option<String>;

pub struct Shell {
    pub state: ShellState,
    pub registry: Registry,
    pub prompt_hooks: Vec<PromptHook>,
    /// The text the last completeness check parsed, with the aliases it
    /// used: `run_line` of the same text then skips a second parse.
    checked: RefCell<Option<Checked>>,
}

struct Checked {
    text: String,
    aliases: std::collections::BTreeMap<String, String>,
    programs: Vec<crate::lang::ast::Program>,
}

impl Shell {
    pub fn new(registry: Registry) -> Self {
        Self {
            state: ShellState::default(),
            registry,
            prompt_hooks: Vec::new(),
            checked: RefCell::new(None),
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
        let checked = self.checked.borrow_mut().take();
        let mut exec = Exec::new(&mut self.state, &self.registry, host, cancel);
        match checked {
            Some(c) if c.text == line && c.aliases == exec.sh.aliases => {
                exec.run_parsed(&c.programs, stdout, stderr).await
            }
            _ => exec.run_source(line, stdout, stderr).await,
        }
    }

    /// True when `text` needs more lines (open quote, here-document, trailing
    /// `\`, `&&`, `|`, an unfinished `if`/`for`/`while`/`case`/`{`): the
    /// front end then shows the `> ` prompt. A complete text is kept parsed
    /// for the `run_line` that follows.
    pub fn is_incomplete(&self, text: &str) -> bool {
        let aliases = self.state.aliases.clone();
        let mut parser = Parser::new(text, Some(aliases.clone()));
        let mut programs = Vec::new();
        loop {
            match parser.next_command() {
                Ok(Some(p)) => programs.push(p),
                Ok(None) => break,
                Err(ParseError::Incomplete(_)) => return true,
                Err(ParseError::Unexpected(_)) => {
                    *self.checked.borrow_mut() = None;
                    return false;
                }
            }
        }
        *self.checked.borrow_mut() = Some(Checked {
            text: text.to_string(),
            aliases,
            programs,
        });
        false
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
