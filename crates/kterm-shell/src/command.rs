//! The `Command` trait every builtin and tool implements, the I/O context it
//! runs with, and the registry that lists them all.

use std::collections::BTreeMap;
use std::rc::Rc;

use async_trait::async_trait;

use crate::{Cancel, Host, Out, ShellState};

/// Everything a command may touch while it runs.
pub struct Ctx<'a> {
    /// The name it was invoked by (`bx` for `ibmcloud`).
    pub name: String,
    /// Arguments after the name, already expanded.
    pub args: Vec<String>,
    /// Standard input from a pipe, redirection or here-document. Empty and
    /// `stdin_is_tty` true when it is the terminal.
    pub stdin: Vec<u8>,
    pub stdin_is_tty: bool,
    pub stdout: &'a mut dyn Out,
    pub stderr: &'a mut dyn Out,
    pub stdout_is_tty: bool,
    pub sh: &'a mut ShellState,
    /// Every command (for `help`, `type`, `which`, completion).
    pub registry: &'a Registry,
    pub host: &'a dyn Host,
    pub cancel: Cancel,
}

impl Ctx<'_> {
    /// True when the first argument asks for help.
    pub fn wants_help(&self) -> bool {
        matches!(self.args.first().map(String::as_str), Some("--help" | "-h"))
    }

    /// Writes `kterm: <name>: <msg>` to stderr; returns status 1.
    pub fn fail(&mut self, msg: impl std::fmt::Display) -> Result<i32, CmdError> {
        let line = format!("{}: {}", self.name, msg);
        self.stderr.line(&line);
        Ok(1)
    }
}

/// How a command ends other than with a status it chose.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CmdError {
    /// The command already wrote its message; exit with this status.
    #[error("exit status {0}")]
    Exit(i32),
    /// A builtin's failure, rendered once by the shell as `<name>: <msg>`.
    #[error("{0}")]
    Msg(String),
    /// Interrupted with Ctrl-C: status 130, as bash.
    #[error("interrupted")]
    Cancelled,
}

impl CmdError {
    pub fn status(&self) -> i32 {
        match self {
            CmdError::Exit(n) => *n,
            CmdError::Msg(_) => 1,
            CmdError::Cancelled => 130,
        }
    }
}

#[async_trait(?Send)]
pub trait Command {
    fn name(&self) -> &'static str;

    /// Other names that run the same command (`bx` for `ibmcloud`).
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }

    /// One line for `help`.
    fn summary(&self) -> &'static str;

    /// The text `--help` prints.
    fn help(&self) -> String {
        format!("{}: {}\n", self.name(), self.summary())
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError>;

    /// Candidates for the word being completed; `words` are the words on the
    /// line after the command name, the last one being the partial word.
    async fn complete(&self, _ctx: &mut Ctx<'_>, _words: &[String]) -> Vec<String> {
        Vec::new()
    }
}

/// Every command, by name and alias.
#[derive(Clone, Default)]
pub struct Registry {
    by_name: BTreeMap<String, Rc<dyn Command>>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn register(&mut self, cmd: Rc<dyn Command>) {
        for alias in cmd.aliases() {
            self.by_name.insert((*alias).to_string(), cmd.clone());
        }
        self.by_name.insert(cmd.name().to_string(), cmd);
    }

    pub fn get(&self, name: &str) -> Option<Rc<dyn Command>> {
        self.by_name.get(name).cloned()
    }

    /// Names and aliases, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    /// One entry per command (aliases folded), sorted by name.
    pub fn commands(&self) -> Vec<Rc<dyn Command>> {
        self.by_name
            .iter()
            .filter(|(k, c)| k.as_str() == c.name())
            .map(|(_, c)| c.clone())
            .collect()
    }
}
