//! The executor: runs a parsed program against the session.

use std::cell::RefCell;

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use super::ast::{AndOr, Connector, Pipeline, Program, RedirKind, Simple};
use super::parser::{parse, ParseError};
use crate::fs::FsError;
use crate::io::Null;
use crate::{Cancel, CmdError, Ctx, Host, Out, Registry, ShellState};

/// How deep eval/source/command substitution may nest.
const MAX_DEPTH: usize = 64;

pub struct Exec<'a> {
    pub sh: &'a mut ShellState,
    pub registry: &'a Registry,
    pub host: &'a dyn Host,
    pub cancel: Cancel,
    /// Whether the outermost stdout is the terminal.
    pub stdout_is_tty: bool,
    depth: usize,
}

/// Where a file descriptor of a command goes.
#[derive(Clone, PartialEq, Eq)]
enum Sink {
    Stdout,
    Stderr,
    Null,
    /// Index into the command's file buffers.
    File(usize),
}

struct FileBuf {
    path: String,
    append: bool,
    data: RefCell<Vec<u8>>,
}

/// An `Out` that writes through a shared cell, so two descriptors can point
/// at one destination (`2>&1`).
struct Through<'r, 'o, 'd>(&'r RefCell<&'o mut (dyn Out + 'd)>);

impl Out for Through<'_, '_, '_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().write(bytes);
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().raw(bytes);
    }
}

struct ToBuf<'r>(&'r RefCell<Vec<u8>>);

impl Out for ToBuf<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().extend_from_slice(bytes);
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
        }
    }

    /// Parses and runs `source`; syntax errors are reported with status 2.
    pub fn run_source<'s>(
        &'s mut self,
        source: &'s str,
        stdout: &'s mut dyn Out,
        stderr: &'s mut dyn Out,
    ) -> LocalBoxFuture<'s, i32> {
        async move {
            if self.depth >= MAX_DEPTH {
                stderr.line("kterm: maximum nesting level exceeded");
                return self.set_status(1);
            }
            match parse(source) {
                Ok(program) => {
                    self.depth += 1;
                    let status = self.run_program(&program, stdout, stderr).await;
                    self.depth -= 1;
                    status
                }
                Err(ParseError::Unexpected(tok)) => {
                    stderr.line(&format!(
                        "kterm: syntax error near unexpected token `{tok}'"
                    ));
                    self.set_status(2)
                }
                Err(ParseError::Incomplete(msg)) => {
                    let msg = msg
                        .strip_prefix("syntax error: ")
                        .map(|m| format!("syntax error: {m}"))
                        .unwrap_or(msg);
                    stderr.line(&format!("kterm: {msg}"));
                    self.set_status(2)
                }
            }
        }
        .boxed_local()
    }

    fn set_status(&mut self, status: i32) -> i32 {
        self.sh.last_status = status;
        status
    }

    pub async fn run_program(
        &mut self,
        program: &Program,
        stdout: &mut dyn Out,
        stderr: &mut dyn Out,
    ) -> i32 {
        let mut status = self.sh.last_status;
        for and_or in program {
            if self.cancel.is_cancelled() {
                return self.set_status(130);
            }
            status = self.run_and_or(and_or, stdout, stderr).await;
        }
        status
    }

    async fn run_and_or(
        &mut self,
        list: &AndOr,
        stdout: &mut dyn Out,
        stderr: &mut dyn Out,
    ) -> i32 {
        let mut status = self.run_pipeline(&list.first, stdout, stderr).await;
        for (conn, pipeline) in &list.rest {
            let run = match conn {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if run && !self.cancel.is_cancelled() {
                status = self.run_pipeline(pipeline, stdout, stderr).await;
            }
        }
        status
    }

    async fn run_pipeline(
        &mut self,
        p: &Pipeline,
        stdout: &mut dyn Out,
        stderr: &mut dyn Out,
    ) -> i32 {
        // Stages run one after another; each one's output is the next one's
        // input, and the last one streams to the real stdout.
        let mut input: Option<Vec<u8>> = None;
        let mut status = 0;
        let last = p.commands.len() - 1;
        for (i, cmd) in p.commands.iter().enumerate() {
            if self.cancel.is_cancelled() {
                return self.set_status(130);
            }
            if i == last {
                status = self
                    .run_simple(cmd, input.take(), stdout, stderr, self.stdout_is_tty)
                    .await;
            } else {
                let mut buf = Vec::new();
                self.run_simple(cmd, input.take(), &mut buf, stderr, false)
                    .await;
                input = Some(buf);
            }
        }
        if p.negate {
            status = i32::from(status == 0);
        }
        self.set_status(status)
    }

    fn run_simple<'s>(
        &'s mut self,
        cmd: &'s Simple,
        stdin: Option<Vec<u8>>,
        stdout: &'s mut dyn Out,
        stderr: &'s mut dyn Out,
        stdout_is_tty: bool,
    ) -> LocalBoxFuture<'s, i32> {
        async move {
            if let Some(expanded) = self.expand_alias(cmd) {
                return self
                    .run_simple(&expanded, stdin, stdout, stderr, stdout_is_tty)
                    .await;
            }
            let mut words = Vec::new();
            for w in &cmd.words {
                words.extend(self.expand_fields(w, stderr).await);
            }
            let mut assigns = Vec::new();
            for (name, w) in &cmd.assigns {
                assigns.push((name.clone(), self.expand_string(w, stderr).await));
            }

            // Redirections, left to right.
            let mut stdin = stdin;
            let mut fd1 = Sink::Stdout;
            let mut fd2 = Sink::Stderr;
            let mut files: Vec<FileBuf> = Vec::new();
            for r in &cmd.redirs {
                let target = match &r.kind {
                    RedirKind::HereDoc { body, expand } => {
                        let body = if *expand {
                            self.expand_text(body, stderr).await
                        } else {
                            body.clone()
                        };
                        stdin = Some(body.into_bytes());
                        continue;
                    }
                    _ => self.expand_string(&r.target, stderr).await,
                };
                let sink = match &r.kind {
                    RedirKind::In => {
                        let path = self.sh.abs_path(&target);
                        match self.sh.fs.read(&path) {
                            Ok(data) => stdin = Some(data.to_vec()),
                            Err(e) => {
                                stderr.line(&format!("kterm: {target}: {e}"));
                                return self.set_status(1);
                            }
                        }
                        continue;
                    }
                    RedirKind::Dup => match target.as_str() {
                        "1" => fd1.clone(),
                        "2" => fd2.clone(),
                        _ => {
                            stderr.line(&format!("kterm: {target}: ambiguous redirect"));
                            return self.set_status(1);
                        }
                    },
                    RedirKind::Out | RedirKind::Append | RedirKind::OutErr => {
                        if target == "/dev/null" {
                            Sink::Null
                        } else {
                            let path = self.sh.abs_path(&target);
                            if let Err(e) = self.check_writable(&path) {
                                stderr.line(&format!("kterm: {target}: {e}"));
                                return self.set_status(1);
                            }
                            let append = r.kind == RedirKind::Append;
                            let idx = match files.iter().position(|f| f.path == path) {
                                Some(i) => i,
                                None => {
                                    files.push(FileBuf {
                                        path,
                                        append,
                                        data: RefCell::new(Vec::new()),
                                    });
                                    files.len() - 1
                                }
                            };
                            Sink::File(idx)
                        }
                    }
                    RedirKind::HereDoc { .. } => continue,
                };
                match (r.fd, &r.kind) {
                    (_, RedirKind::OutErr) => {
                        fd1 = sink.clone();
                        fd2 = sink;
                    }
                    (1, _) => fd1 = sink,
                    (2, _) => fd2 = sink,
                    _ => {}
                }
            }

            let status = {
                let out_cell = RefCell::new(&mut *stdout);
                let err_cell = RefCell::new(&mut *stderr);
                let make = |s: &Sink| -> Box<dyn Out + '_> {
                    match s {
                        Sink::Stdout => Box::new(Through(&out_cell)),
                        Sink::Stderr => Box::new(Through(&err_cell)),
                        Sink::Null => Box::new(Null),
                        Sink::File(i) => Box::new(ToBuf(&files[*i].data)),
                    }
                };
                let mut o = make(&fd1);
                let mut e = make(&fd2);
                let tty = stdout_is_tty && fd1 == Sink::Stdout;
                self.dispatch(words, assigns, stdin, &mut *o, &mut *e, tty)
                    .await
            };

            for f in &files {
                let data = f.data.take();
                let now = self.host.now_ms();
                let res = if f.append {
                    self.sh.fs.append(&f.path, &data, now)
                } else {
                    self.sh.fs.write(&f.path, data, now)
                };
                if let Err(e) = res {
                    stderr.line(&format!("kterm: {}: {e}", f.path));
                    return self.set_status(1);
                }
            }
            self.set_status(status)
        }
        .boxed_local()
    }

    fn check_writable(&self, path: &str) -> Result<(), FsError> {
        if self.sh.fs.is_dir(path) {
            return Err(FsError::IsADirectory);
        }
        let parent = match path.rfind('/') {
            Some(0) | None => "/",
            Some(i) => &path[..i],
        };
        match self.sh.fs.get(parent) {
            Some(crate::fs::Node::Dir) => Ok(()),
            Some(_) => Err(FsError::NotADirectory),
            None => Err(FsError::NotFound),
        }
    }

    /// Replaces an alias in command position by its value (once per name).
    fn expand_alias(&self, cmd: &Simple) -> Option<Simple> {
        let first = cmd.words.first()?;
        if first.is_quoted() {
            return None;
        }
        let name = first.literal()?;
        let value = self.sh.aliases.get(&name)?;
        let program = parse(value).ok()?;
        let [and_or] = program.as_slice() else {
            return None;
        };
        if !and_or.rest.is_empty() || and_or.first.commands.len() != 1 || and_or.first.negate {
            return None;
        }
        let mut expanded = and_or.first.commands[0].clone();
        // An alias whose value starts with its own name (`ls='ls -a'`) must
        // not expand again: quote the first word so it is taken literally.
        if expanded.words.first().and_then(|w| w.literal()).as_deref() == Some(name.as_str()) {
            if let Some(super::ast::Part::Lit { quoted, .. }) = expanded.words[0].0.first_mut() {
                *quoted = true;
            }
        }
        let mut assigns = cmd.assigns.clone();
        assigns.extend(expanded.assigns);
        expanded.assigns = assigns;
        expanded.words.extend(cmd.words[1..].iter().cloned());
        expanded.redirs.extend(cmd.redirs.iter().cloned());
        Some(expanded)
    }

    async fn dispatch(
        &mut self,
        words: Vec<String>,
        assigns: Vec<(String, String)>,
        stdin: Option<Vec<u8>>,
        stdout: &mut dyn Out,
        stderr: &mut dyn Out,
        stdout_is_tty: bool,
    ) -> i32 {
        let Some((name, args)) = words.split_first() else {
            for (k, v) in assigns {
                self.sh.env.set(&k, v);
            }
            return 0;
        };
        if self.cancel.is_cancelled() {
            return 130;
        }
        match name.as_str() {
            "eval" => return self.run_source(&args.join(" "), stdout, stderr).await,
            "source" | "." => return self.source(name, args, stdout, stderr).await,
            _ => {}
        }
        let cmd = match self.registry.resolve(name).await {
            Some(Ok(cmd)) => cmd,
            Some(Err(why)) => {
                stderr.line(&crate::command::load_error(name, &why));
                return crate::command::LOAD_FAILED_STATUS;
            }
            None => {
                stderr.line(&format!(
                    "kterm: {}: command not found",
                    crate::sanitize::field(name)
                ));
                return 127;
            }
        };
        if let Some(policy) = self.sh.policy.clone() {
            if let Err(why) = policy.check(cmd.as_ref(), args) {
                stderr.line(&format!("kterm: {}", crate::sanitize::field(&why)));
                return crate::policy::REFUSED_STATUS;
            }
        }
        // `VAR=x cmd`: exported for this command only.
        let saved: Vec<(String, Option<crate::state::Var>)> = assigns
            .iter()
            .map(|(k, _)| {
                (
                    k.clone(),
                    self.sh
                        .env
                        .iter()
                        .find(|(n, _)| n == k)
                        .map(|(_, v)| v.clone()),
                )
            })
            .collect();
        for (k, v) in &assigns {
            self.sh.env.export(k, Some(v.clone()));
        }
        let stdin_is_tty = stdin.is_none();
        let result = {
            let mut ctx = Ctx {
                name: name.clone(),
                args: args.to_vec(),
                stdin: stdin.unwrap_or_default(),
                stdin_is_tty,
                stdout,
                stderr,
                stdout_is_tty,
                sh: self.sh,
                registry: self.registry,
                host: self.host,
                cancel: self.cancel.clone(),
            };
            let r = cmd.run(&mut ctx).await;
            if let Err(CmdError::Msg(m)) = &r {
                ctx.stderr.line(&format!("kterm: {name}: {m}"));
            }
            r
        };
        for (k, old) in saved {
            match old {
                Some(v) => {
                    self.sh.env.set(&k, v.value);
                    if !v.exported {
                        // Re-create without the export flag.
                        let value = self.sh.env.get(&k).unwrap_or_default().to_string();
                        self.sh.env.unset(&k);
                        self.sh.env.set(&k, value);
                    }
                }
                None => self.sh.env.unset(&k),
            }
        }
        match result {
            Ok(n) => n,
            Err(e) => e.status(),
        }
    }

    async fn source(
        &mut self,
        name: &str,
        args: &[String],
        stdout: &mut dyn Out,
        stderr: &mut dyn Out,
    ) -> i32 {
        let Some(file) = args.first() else {
            stderr.line(&format!("kterm: {name}: filename argument required"));
            return 2;
        };
        let path = self.sh.abs_path(file);
        let text = match self.sh.fs.read(&path) {
            Ok(d) => String::from_utf8_lossy(d).into_owned(),
            Err(e) => {
                stderr.line(&format!("kterm: {file}: {e}"));
                return 1;
            }
        };
        self.run_source(&text, stdout, stderr).await
    }
}
