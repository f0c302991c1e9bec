//! The `Command` trait every builtin and tool implements, the I/O context it
//! runs with, and the registry that lists them all.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use async_trait::async_trait;
use futures::future::{LocalBoxFuture, Shared};
use futures::FutureExt;

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

    /// What this line would change on the service side, worded for the
    /// read-only refusal (`delete`, `cr token-add`); `None` when it only
    /// reads or changes local state. `args` are the words after the name.
    fn mutates(&self, _args: &[String]) -> Option<String> {
        None
    }

    /// Candidates for the word being completed; `words` are the words on the
    /// line after the command name, the last one being the partial word.
    async fn complete(&self, _ctx: &mut Ctx<'_>, _words: &[String]) -> Vec<String> {
        Vec::new()
    }
}

/// What the shell knows of a command before its code is loaded: enough for
/// `help`, `type`, `which` and completing its name.
#[derive(Clone, Copy, Debug)]
pub struct CommandInfo {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub summary: &'static str,
}

/// What loading a family gives: its commands, or why they could not load.
pub type Loaded = Result<Vec<Rc<dyn Command>>, String>;

/// A group of commands whose code arrives together, on first use (kubectl
/// and oc; ibmcloud; …). The browser build fetches the family's code in
/// `load`; natively `load` is immediate.
pub struct Family {
    pub name: &'static str,
    pub commands: &'static [CommandInfo],
    pub load: fn() -> LocalBoxFuture<'static, Loaded>,
}

/// A family and where its loading stands. A failed load is forgotten, so
/// the next use tries again.
struct FamilyState {
    family: Family,
    loading: RefCell<Option<Shared<LocalBoxFuture<'static, Loaded>>>>,
}

impl FamilyState {
    async fn load(&self) -> Loaded {
        let fut = self
            .loading
            .borrow_mut()
            .get_or_insert_with(|| (self.family.load)().shared())
            .clone();
        let loaded = fut.await;
        if loaded.is_err() {
            self.loading.borrow_mut().take();
        }
        loaded
    }

    fn is_loaded(&self) -> bool {
        self.loading
            .borrow()
            .as_ref()
            .and_then(|f| f.peek())
            .is_some_and(|r| r.is_ok())
    }

    async fn command(&self, name: &str) -> Result<Rc<dyn Command>, String> {
        let commands = self.load().await?;
        commands
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| format!("the {} family has no command {name}", self.family.name))
    }
}

/// Stands in the registry for a command of a family until its code is
/// needed; every call that needs the code loads the family first.
struct Lazy {
    info: CommandInfo,
    family: Rc<FamilyState>,
}

impl Lazy {
    async fn target(&self, ctx: &mut Ctx<'_>) -> Result<Rc<dyn Command>, CmdError> {
        self.family.command(self.info.name).await.map_err(|e| {
            ctx.stderr.line(&load_error(&ctx.name, &e));
            CmdError::Exit(LOAD_FAILED_STATUS)
        })
    }
}

/// Exit status when a command's code cannot be loaded.
pub const LOAD_FAILED_STATUS: i32 = 1;

/// The message for a command whose code could not be loaded.
pub fn load_error(name: &str, why: &str) -> String {
    format!(
        "kterm: {}: could not load the command ({}); try again",
        crate::sanitize::field(name),
        crate::sanitize::field(why)
    )
}

#[async_trait(?Send)]
impl Command for Lazy {
    fn name(&self) -> &'static str {
        self.info.name
    }

    fn aliases(&self) -> &'static [&'static str] {
        self.info.aliases
    }

    fn summary(&self) -> &'static str {
        self.info.summary
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        self.target(ctx).await?.run(ctx).await
    }

    async fn complete(&self, ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        match self.family.command(self.info.name).await {
            Ok(c) => c.complete(ctx, words).await,
            Err(_) => Vec::new(),
        }
    }
}

/// Every command, by name and alias.
#[derive(Clone, Default)]
pub struct Registry {
    by_name: BTreeMap<String, Rc<dyn Command>>,
    lazy: BTreeMap<&'static str, Rc<FamilyState>>,
    families: Vec<Rc<FamilyState>>,
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

    /// Registers a family's commands by name; their code loads on first use.
    pub fn register_family(&mut self, family: Family) {
        let state = Rc::new(FamilyState {
            family,
            loading: RefCell::new(None),
        });
        for info in state.family.commands {
            let lazy: Rc<dyn Command> = Rc::new(Lazy {
                info: *info,
                family: state.clone(),
            });
            for name in std::iter::once(&info.name).chain(info.aliases) {
                self.lazy.insert(name, state.clone());
            }
            self.register(lazy);
        }
        self.families.push(state);
    }

    /// The command by name or alias; for a family's command, a stand-in that
    /// loads the family when it runs or completes.
    pub fn get(&self, name: &str) -> Option<Rc<dyn Command>> {
        self.by_name.get(name).cloned()
    }

    /// The command with its code loaded: what the executor runs and asks
    /// [`Command::mutates`]. `Some(Err)` when the code could not be loaded.
    pub async fn resolve(&self, name: &str) -> Option<Result<Rc<dyn Command>, String>> {
        let cmd = self.get(name)?;
        match self.lazy.get(name) {
            Some(family) => Some(family.command(cmd.name()).await),
            None => Some(Ok(cmd)),
        }
    }

    /// Whether `name`'s code is in memory (always, unless its family has not
    /// loaded yet).
    pub fn is_loaded(&self, name: &str) -> bool {
        self.lazy.get(name).is_none_or(|f| f.is_loaded())
    }

    /// Names of the families that have not loaded yet.
    pub fn pending_families(&self) -> Vec<&'static str> {
        self.families
            .iter()
            .filter(|f| !f.is_loaded())
            .map(|f| f.family.name)
            .collect()
    }

    /// Loads every family (the front end calls this once the prompt is up,
    /// so a command typed a moment later does not wait). Failures are left
    /// for the command's first use to report.
    pub fn prefetch(&self) -> LocalBoxFuture<'static, ()> {
        let families = self.families.clone();
        async move {
            futures::future::join_all(families.iter().map(|f| f.load())).await;
        }
        .boxed_local()
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
