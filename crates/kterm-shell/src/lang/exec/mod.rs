//! The executor: runs a parsed program against the session.
//!
//! Control flow (`break`, `continue`, `return`, `exit`, errexit, Ctrl-C)
//! is a pending [`Flow`] that every list checks after each command.

pub mod builtins;
mod compound;
mod declare;
mod getopts;
mod options;
mod read;
mod redir;
mod script;
mod simple;

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use super::ast::{AndOr, Command, Connector, Pipeline, Program};
use super::parser::{ParseError, Parser};
use crate::{Cancel, Host, Out, Registry, ShellState};

/// How deep functions, eval, source, command substitutions and subshells
/// may nest together. bash has no limit unless `FUNCNEST` is set; a
/// browser tab has a 1 MiB stack, which holds about 80 nested calls
/// (measured with `f() { f; }` in a release build).
pub const MAX_NESTING: usize = 64;

/// Standard input shared by the commands of a list, so `read` in a loop
/// takes one line per turn.
#[derive(Default)]
pub struct Input {
    pub data: Vec<u8>,
    pub pos: usize,
    /// Reads come from the terminal (`Host::read_line`).
    pub tty: bool,
}

pub type In = Rc<RefCell<Input>>;

impl Input {
    pub fn tty() -> In {
        Rc::new(RefCell::new(Input {
            tty: true,
            ..Input::default()
        }))
    }

    pub fn bytes(data: Vec<u8>) -> In {
        Rc::new(RefCell::new(Input {
            data,
            pos: 0,
            tty: false,
        }))
    }

    /// What is left to read.
    pub fn rest(&self) -> &[u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Break(u32),
    Continue(u32),
    Return,
    Exit,
    /// An error that drops the rest of the command being run (bash's
    /// "discard"): the next line of the script or prompt still runs.
    Abort,
}

pub struct Exec<'a> {
    pub sh: &'a mut ShellState,
    pub registry: &'a Registry,
    pub host: &'a dyn Host,
    pub cancel: Cancel,
    /// Whether the outermost stdout is the terminal.
    pub stdout_is_tty: bool,
    depth: usize,
    func_depth: usize,
    pub(crate) flow: Option<Flow>,
    /// Inside a condition (`if`, `while`, `&&`, `!`): errexit is off.
    cond: u32,
    loops: u32,
    /// The script being run (`bash FILE`): messages start `FILE: line N:`.
    script: Option<String>,
    pub(crate) lineno: u32,
    last_yield: i64,
    /// Inside `( … )`, `$( … )` or a pipeline: `exit` ends only that.
    subshell: u32,
    /// Inside `source`: `return` ends it.
    sourcing: u32,
    /// The status of the last command substitution of this command.
    pub(crate) subst_status: Option<i32>,
    /// `$RANDOM` never repeats the previous value.
    pub(crate) last_random: Option<u32>,
    /// The error being reported ends a script (`${x:?}`, `set -u`).
    pub(crate) fatal: bool,
    /// The `run_text` depth whose commands an abort stops at.
    top_depth: usize,
    /// `eval`s running (their syntax errors say `eval: line N:`).
    pub(crate) evals: u32,
    /// Command substitutions running (`set -x` shows `++`).
    pub(crate) substs: u32,
    /// Descriptors `exec` redirected for the commands that follow.
    pub(crate) perm: redir::Perm,
    /// Commands run with `&` (`$!` names the last one).
    pub(crate) bg_count: u32,
}

/// Writes through a shared cell, so two descriptors can point at one
/// destination (`2>&1`).
pub(crate) struct Through<'r, 'o, 'd>(pub &'r RefCell<&'o mut (dyn Out + 'd)>);

impl Out for Through<'_, '_, '_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().write(bytes);
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().raw(bytes);
    }
}

impl<'a> Exec<'a> {
    pub fn new(
        sh: &'a mut ShellState,
        registry: &'a Registry,
        host: &'a dyn Host,
        cancel: Cancel,
    ) -> Self {
        Self {
            sh,
            registry,
            host,
            cancel,
            stdout_is_tty: true,
            depth: 0,
            func_depth: 0,
            flow: None,
            cond: 0,
            loops: 0,
            script: None,
            lineno: 1,
            last_yield: 0,
            subshell: 0,
            sourcing: 0,
            subst_status: None,
            last_random: None,
            fatal: false,
            top_depth: 1,
            evals: 0,
            substs: 0,
            perm: redir::Perm::default(),
            bg_count: 0,
        }
    }

    /// `kterm: ` interactively, `FILE: line N: ` in a script.
    pub(crate) fn prefix(&self) -> String {
        match &self.script {
            Some(f) => format!("{f}: line {}: ", self.lineno),
            None => "kterm: ".into(),
        }
    }

    /// Prints an error the way bash does.
    pub(crate) fn error(&self, err: &mut dyn Out, msg: &str) {
        err.line(&format!("{}{}", self.prefix(), crate::sanitize::field(msg)));
    }

    /// Runs text as a new top level (a script, a command substitution):
    /// an abort stops at its commands, not at the caller's.
    pub(crate) async fn run_top(
        &mut self,
        source: &str,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let outer = self.top_depth;
        self.top_depth = self.depth + 1;
        let line = self.lineno;
        let s = self.run_text(source, line, inp, out, err).await;
        self.top_depth = outer;
        s
    }

    /// Functions, evals, sources, substitutions and subshells running.
    pub(crate) fn nesting(&self) -> usize {
        self.func_depth + self.depth + self.subshell as usize
    }

    pub(crate) fn interactive(&self) -> bool {
        self.script.is_none()
    }

    pub(crate) fn set_status(&mut self, status: i32) -> i32 {
        self.sh.last_status = status;
        status
    }

    /// Parses and runs `source` as typed at the prompt: one complete
    /// command at a time, so a later syntax error does not stop the
    /// commands before it, and aliases defined on one line apply to the next.
    pub fn run_source<'s>(
        &'s mut self,
        source: &'s str,
        stdout: &'s mut dyn Out,
        stderr: &'s mut dyn Out,
    ) -> LocalBoxFuture<'s, i32> {
        async move {
            let inp = Input::tty();
            let status = self.run_text(source, 1, &inp, stdout, stderr).await;
            self.perm = redir::Perm::default();
            if self.flow == Some(Flow::Exit) {
                self.flow = None;
            }
            self.flow = None;
            status
        }
        .boxed_local()
    }

    /// Runs text (a line, `eval`'s words, a sourced file) in this shell;
    /// its first line is numbered `first_line`.
    pub(crate) fn run_text<'s>(
        &'s mut self,
        source: &'s str,
        first_line: u32,
        inp: &'s In,
        out: &'s mut dyn Out,
        err: &'s mut dyn Out,
    ) -> LocalBoxFuture<'s, i32> {
        async move {
            if self.nesting() >= MAX_NESTING {
                self.error(err, "maximum nesting level exceeded");
                self.flow = Some(Flow::Abort);
                return self.set_status(1);
            }
            self.depth += 1;
            let aliases = self.aliases();
            let mut parser = Parser::at_line(source, aliases, first_line);
            let mut status = self.sh.last_status;
            loop {
                let cmd = parser.next_command();
                match cmd {
                    Ok(Some(program)) => {
                        status = self.run_list(&program, inp, out, err).await;
                        if self.flow == Some(Flow::Abort) && self.depth <= self.top_depth {
                            self.flow = None;
                            status = self.sh.last_status;
                        }
                        if self.flow.is_some() {
                            break;
                        }
                        parser.set_aliases(self.aliases());
                    }
                    Ok(None) => break,
                    Err(e) => {
                        self.lineno = parser.err_line;
                        self.syntax_error(&e, source, parser.err_line - first_line + 1, err);
                        status = self.set_status(2);
                        if self.evals == 0
                            && self.depth == self.top_depth
                            && (self.script.is_some() || self.subshell > 0)
                        {
                            self.flow = Some(Flow::Exit);
                        }
                        break;
                    }
                }
            }
            self.depth -= 1;
            status
        }
        .boxed_local()
    }

    fn aliases(&self) -> Option<std::collections::BTreeMap<String, String>> {
        let on = self.script.is_none() || self.sh.lang.opts.expand_aliases;
        on.then(|| self.sh.aliases.clone())
    }

    fn syntax_error(&mut self, e: &ParseError, source: &str, line: u32, err: &mut dyn Out) {
        let prefix = match (&self.script, self.evals > 0) {
            (Some(f), true) => format!("{f}: eval: line {}: ", self.lineno),
            (None, true) => format!("kterm: eval: line {}: ", self.lineno),
            _ => self.prefix(),
        };
        match e {
            ParseError::Unexpected(tok) => {
                err.line(&format!(
                    "{prefix}syntax error near unexpected token `{tok}'"
                ));
                if self.script.is_some() || self.evals > 0 {
                    let text = source
                        .lines()
                        .nth(line.saturating_sub(1) as usize)
                        .unwrap_or("");
                    err.line(&format!("{prefix}`{}'", crate::sanitize::field(text)));
                }
            }
            ParseError::Incomplete(msg) => err.line(&format!("{prefix}{msg}")),
        }
    }

    /// Yields to the browser now and then so a long loop never freezes
    /// the tab, and stops once Ctrl-C was pressed.
    pub(crate) async fn tick(&mut self) -> bool {
        if self.cancel.is_cancelled() {
            self.sh.last_status = 130;
            self.flow = Some(Flow::Exit);
            return false;
        }
        let now = self.host.now_ms();
        if now - self.last_yield > 40 {
            self.last_yield = now;
            self.host.sleep_ms(0).await;
            if self.cancel.is_cancelled() {
                self.sh.last_status = 130;
                self.flow = Some(Flow::Exit);
                return false;
            }
        }
        true
    }

    pub(crate) fn run_list<'s>(
        &'s mut self,
        program: &'s [AndOr],
        inp: &'s In,
        out: &'s mut dyn Out,
        err: &'s mut dyn Out,
    ) -> LocalBoxFuture<'s, i32> {
        async move {
            let mut status = self.sh.last_status;
            for and_or in program {
                if !self.tick().await {
                    return 130;
                }
                status = if and_or.background {
                    Box::pin(self.run_background(and_or, out, err)).await
                } else {
                    self.run_and_or(and_or, inp, out, err).await
                };
                if self.flow.is_some() {
                    break;
                }
            }
            status
        }
        .boxed_local()
    }

    async fn run_and_or(
        &mut self,
        list: &AndOr,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let n = list.rest.len();
        let mut last_ran = 0;
        let guarded = n > 0;
        if guarded {
            self.cond += 1;
        }
        let mut status = self.run_pipeline(&list.first, inp, out, err).await;
        if guarded {
            self.cond -= 1;
        }
        let mut negated = list.first.negate;
        for (i, (conn, pipeline)) in list.rest.iter().enumerate() {
            if self.flow.is_some() {
                return status;
            }
            let run = match conn {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if run {
                let last = i + 1 == n;
                if !last {
                    self.cond += 1;
                }
                status = self.run_pipeline(pipeline, inp, out, err).await;
                if !last {
                    self.cond -= 1;
                }
                last_ran = i + 1;
                negated = pipeline.negate;
            }
        }
        if status != 0 && last_ran == n && !negated && self.flow.is_none() {
            Box::pin(self.failed(status, inp, out, err)).await;
        }
        status
    }

    /// `cmd &`: bash runs it in a subshell, reading nothing, and goes on
    /// with status 0; without job control it runs to its end first.
    async fn run_background(&mut self, list: &AndOr, out: &mut dyn Out, err: &mut dyn Out) -> i32 {
        let null = Input::bytes(Vec::new());
        let saved = self.enter_subshell();
        self.run_and_or(list, &null, out, err).await;
        self.leave_subshell(saved, &null, out, err).await;
        self.bg_count += 1;
        self.set_status(0)
    }

    /// A command failed outside a condition: the ERR trap, then errexit.
    async fn failed(&mut self, status: i32, inp: &In, out: &mut dyn Out, err: &mut dyn Out) {
        if self.cond > 0 {
            return;
        }
        if let Some(action) = self.sh.lang.traps.get("ERR").cloned() {
            if !action.is_empty() && self.func_depth == 0 {
                self.run_trap(&action, inp, out, err).await;
                self.sh.last_status = status;
            }
        }
        if self.sh.lang.opts.errexit {
            self.sh.last_status = status;
            self.flow = Some(Flow::Exit);
        }
    }

    pub(crate) async fn run_trap(
        &mut self,
        action: &str,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) {
        let saved = self.sh.last_status;
        let line = self.lineno;
        let flow = self.flow.take();
        self.cond += 1;
        self.run_text(action, line, inp, out, err).await;
        self.cond -= 1;
        if self.flow != Some(Flow::Exit) {
            self.flow = flow;
            self.sh.last_status = saved;
        }
        self.lineno = line;
    }

    async fn run_pipeline(
        &mut self,
        p: &Pipeline,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        if p.negate {
            self.cond += 1;
        }
        let mut status;
        if p.commands.len() == 1 {
            status = self.run_command(&p.commands[0], inp, out, err).await;
            self.set_pipestatus(&[status]);
        } else {
            status = Box::pin(self.run_stages(p, inp, out, err)).await;
        }
        if p.negate {
            self.cond -= 1;
            status = i32::from(status == 0);
        }
        self.set_status(status)
    }

    async fn run_stages(
        &mut self,
        p: &Pipeline,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let mut status;
        {
            // Stages run one after another, each in a subshell as bash runs
            // them; each one's output is the next one's input.
            let mut input = inp.clone();
            let mut statuses = Vec::new();
            let last = p.commands.len() - 1;
            let tty = self.stdout_is_tty;
            for (i, cmd) in p.commands.iter().enumerate() {
                if !self.tick().await {
                    statuses.push(130);
                    break;
                }
                if i == last {
                    let s = if self.sh.lang.opts.lastpipe {
                        self.run_command(cmd, &input, out, err).await
                    } else {
                        self.subshell_command(cmd, &input, out, err).await
                    };
                    statuses.push(s);
                } else {
                    let mut buf = Vec::new();
                    self.stdout_is_tty = false;
                    let perm_out = self.perm.fd1.take();
                    let s = self.subshell_command(cmd, &input, &mut buf, err).await;
                    self.perm.fd1 = perm_out;
                    self.perm.stdin = None;
                    self.stdout_is_tty = tty;
                    statuses.push(s);
                    input = Input::bytes(buf);
                }
                if self.flow == Some(Flow::Exit) && self.cancel.is_cancelled() {
                    break;
                }
            }
            status = statuses.last().copied().unwrap_or(130);
            if self.sh.lang.opts.pipefail {
                if let Some(s) = statuses.iter().rev().find(|s| **s != 0) {
                    status = *s;
                }
            }
            self.set_pipestatus(&statuses);
        }
        status
    }

    fn set_pipestatus(&mut self, statuses: &[i32]) {
        let items = statuses.iter().map(|s| (None, s.to_string())).collect();
        let _ = super::vars::set_array(self.sh, "PIPESTATUS", items, false, false);
    }

    async fn subshell_command(
        &mut self,
        cmd: &Command,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let saved = self.enter_subshell();
        let mut status = self.run_command(cmd, inp, out, err).await;
        if matches!(self.flow, Some(Flow::Exit | Flow::Return)) {
            status = self.sh.last_status;
        }
        Box::pin(self.leave_subshell(saved, inp, out, err)).await;
        self.set_status(status)
    }

    pub(crate) fn enter_subshell(&mut self) -> Saved {
        self.subshell += 1;
        Saved {
            env: self.sh.env.clone(),
            cwd: self.sh.cwd.clone(),
            lang: self.sh.lang.clone(),
            aliases: self.sh.aliases.clone(),
            flow: self.flow.take(),
            perm: self.perm.clone(),
            loops: std::mem::take(&mut self.loops),
            traps: std::mem::take(&mut self.sh.lang.traps),
        }
    }

    pub(crate) async fn leave_subshell(
        &mut self,
        saved: Saved,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) {
        let status = self.sh.last_status;
        self.flow = None;
        if let Some(action) = self.sh.lang.traps.get("EXIT").cloned() {
            self.sh.lang.traps.remove("EXIT");
            self.run_trap(&action, inp, out, err).await;
        }
        self.subshell -= 1;
        self.sh.env = saved.env;
        self.sh.cwd = saved.cwd;
        self.sh.lang = saved.lang;
        self.sh.lang.traps = saved.traps;
        self.sh.aliases = saved.aliases;
        self.flow = if self.cancel.is_cancelled() {
            Some(Flow::Exit)
        } else {
            saved.flow
        };
        self.loops = saved.loops;
        self.perm = saved.perm;
        self.sh.last_status = status;
    }

    pub(crate) fn run_command<'s>(
        &'s mut self,
        cmd: &'s Command,
        inp: &'s In,
        out: &'s mut dyn Out,
        err: &'s mut dyn Out,
    ) -> LocalBoxFuture<'s, i32> {
        async move {
            if self.cancel.is_cancelled() {
                self.flow = Some(Flow::Exit);
                return self.set_status(130);
            }
            let status = match cmd {
                Command::Simple(s) => Box::pin(self.run_simple(s, inp, out, err)).await,
                Command::Compound { body, redirs, line } => {
                    self.lineno = *line;
                    Box::pin(self.run_redirected(
                        redirs,
                        redir::Target::Compound(body),
                        inp,
                        out,
                        err,
                    ))
                    .await
                }
                Command::FuncDef(f) => {
                    if !f.valid {
                        self.lineno = f.line;
                        self.error(err, &format!("`{}': not a valid identifier", f.name));
                        return self.set_status(1);
                    }
                    self.sh.lang.functions.insert(f.name.clone(), f.clone());
                    0
                }
            };
            self.set_status(status)
        }
        .boxed_local()
    }
}

/// What a subshell puts back when it ends.
pub(crate) struct Saved {
    env: crate::state::Env,
    cwd: String,
    lang: super::LangState,
    aliases: std::collections::BTreeMap<String, String>,
    flow: Option<Flow>,
    perm: redir::Perm,
    loops: u32,
    traps: std::collections::BTreeMap<String, String>,
}

impl Exec<'_> {
    /// Runs a program parsed ahead (the completeness check's parse).
    /// Each program is one complete command (one line, or one compound
    /// command over several).
    pub async fn run_parsed(
        &mut self,
        programs: &[Program],
        stdout: &mut dyn Out,
        stderr: &mut dyn Out,
    ) -> i32 {
        let inp = Input::tty();
        let mut status = self.sh.last_status;
        for program in programs {
            status = self.run_list(program, &inp, stdout, stderr).await;
            if self.flow == Some(Flow::Abort) {
                self.flow = None;
                status = self.sh.last_status;
            }
            if self.flow.is_some() {
                break;
            }
        }
        self.flow = None;
        status
    }
}
