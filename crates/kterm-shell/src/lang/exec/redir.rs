//! Redirections around a command: where descriptors 0, 1 and 2 go while
//! it runs. Files written to are collected and stored when it ends (the
//! file is truncated when opened, as bash opens it).

use std::cell::RefCell;

use super::{Exec, In, Input, Through};
use crate::fs::FsError;
use crate::io::Null;
use crate::lang::ast::{Compound, Redir, RedirKind};
use crate::Out;

/// What runs inside the redirections.
pub(crate) enum Target<'t> {
    Compound(&'t Compound),
    Call(super::simple::Call),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sink {
    Stdout,
    Stderr,
    Null,
    File(usize),
}

struct FileBuf {
    path: String,

    data: RefCell<Vec<u8>>,
}

struct ToBuf<'r>(&'r RefCell<Vec<u8>>);

impl Out for ToBuf<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().extend_from_slice(bytes);
    }
}

/// Where `exec >file` and friends sent a descriptor for the commands
/// that follow (until the script, subshell or prompt line ends).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PSink {
    File(String),
    Null,
    Out,
    Err,
}

#[derive(Clone, Default)]
pub(crate) struct Perm {
    pub fd1: Option<PSink>,
    pub fd2: Option<PSink>,
    pub stdin: Option<In>,
}

impl Perm {
    pub fn is_empty(&self) -> bool {
        self.fd1.is_none() && self.fd2.is_none() && self.stdin.is_none()
    }
}

/// What a redirected compound command hides of `exec`'s redirections
/// (stdout, stderr, stdin) while it runs.
type Suspended = (
    Option<Option<PSink>>,
    Option<Option<PSink>>,
    Option<Option<In>>,
);

struct Plan {
    stdin: Option<In>,
    fd1: Sink,
    fd2: Sink,
    files: Vec<FileBuf>,
}

impl Exec<'_> {
    pub(crate) async fn run_redirected(
        &mut self,
        redirs: &[Redir],
        target: Target<'_>,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let mut plan = if redirs.is_empty() {
            Plan {
                stdin: None,
                fd1: Sink::Stdout,
                fd2: Sink::Stderr,
                files: Vec::new(),
            }
        } else {
            match Box::pin(self.plan(redirs, err)).await {
                Ok(p) => p,
                Err(status) => {
                    if let Target::Call(call) = &target {
                        let _ = call;
                    }
                    return self.set_status(status);
                }
            }
        };
        // What `exec` redirected applies where this command does not
        // redirect itself; inside a redirected compound it is suspended.
        let mut suspended: Suspended = (None, None, None);
        if !self.perm.is_empty() {
            let compound = matches!(target, Target::Compound(_));
            let perm = self.perm.clone();
            for (ps, sink, own, slot) in [
                (&perm.fd1, &mut plan.fd1, Sink::Stdout, &mut suspended.0),
                (&perm.fd2, &mut plan.fd2, Sink::Stderr, &mut suspended.1),
            ] {
                if ps.is_none() {
                    continue;
                }
                if *sink != own {
                    *slot = Some(ps.clone());
                    continue;
                }
                if compound {
                    continue;
                }
                *sink = match ps {
                    Some(PSink::File(path)) => {
                        plan.files.push(FileBuf {
                            path: path.clone(),
                            data: RefCell::new(Vec::new()),
                        });
                        Sink::File(plan.files.len() - 1)
                    }
                    Some(PSink::Null) => Sink::Null,
                    Some(PSink::Err) => Sink::Stderr,
                    _ => Sink::Stdout,
                };
            }
            if suspended.0.is_some() {
                self.perm.fd1 = None;
            }
            if suspended.1.is_some() {
                self.perm.fd2 = None;
            }
            if perm.stdin.is_some() {
                if plan.stdin.is_some() {
                    suspended.2 = Some(perm.stdin.clone());
                    self.perm.stdin = None;
                } else if !compound {
                    plan.stdin = perm.stdin.clone();
                }
            }
        }
        let tty = self.stdout_is_tty;
        let status = {
            let out_cell = RefCell::new(&mut *out);
            let err_cell = RefCell::new(&mut *err);
            let files = &plan.files;
            let make = |s: Sink| -> Box<dyn Out + '_> {
                match s {
                    Sink::Stdout => Box::new(Through(&out_cell)),
                    Sink::Stderr => Box::new(Through(&err_cell)),
                    Sink::Null => Box::new(Null),
                    Sink::File(i) => Box::new(ToBuf(&files[i].data)),
                }
            };
            let mut o = make(plan.fd1);
            let mut e = make(plan.fd2);
            self.stdout_is_tty = tty && plan.fd1 == Sink::Stdout;
            let input = plan.stdin.clone().unwrap_or_else(|| inp.clone());
            let status = match target {
                Target::Compound(c) => {
                    Box::pin(self.run_compound(c, &input, &mut *o, &mut *e)).await
                }
                Target::Call(call) => self.dispatch_boxed(call, &input, &mut *o, &mut *e).await,
            };
            self.stdout_is_tty = tty;
            status
        };
        // Put back what was suspended, unless `exec` set it meanwhile.
        if let Some(v) = suspended.0 {
            if self.perm.fd1.is_none() {
                self.perm.fd1 = v;
            }
        }
        if let Some(v) = suspended.1 {
            if self.perm.fd2.is_none() {
                self.perm.fd2 = v;
            }
        }
        if let Some(v) = suspended.2 {
            if self.perm.stdin.is_none() {
                self.perm.stdin = v;
            }
        }
        for f in plan.files {
            let data = f.data.take();
            if data.is_empty() {
                continue;
            }
            let now = self.host.now_ms();
            if let Err(e) = self.sh.fs.append(&f.path, &data, now) {
                self.error(err, &format!("{}: {e}", f.path));
                return self.set_status(1);
            }
        }
        status
    }

    async fn plan(&mut self, redirs: &[Redir], err: &mut dyn Out) -> Result<Plan, i32> {
        let mut plan = Plan {
            stdin: None,
            fd1: Sink::Stdout,
            fd2: Sink::Stderr,
            files: Vec::new(),
        };
        for r in redirs {
            let target = match &r.kind {
                RedirKind::HereDoc { body, expand } => {
                    let body = body.borrow().clone();
                    let text = if *expand {
                        let w = crate::lang::lexer::Lexer::heredoc_text(&body);
                        match self.expand_string(&w, err).await {
                            Ok(s) => s,
                            Err(s) => return Err(s),
                        }
                    } else {
                        body
                    };
                    if r.fd == 0 {
                        plan.stdin = Some(Input::bytes(text.into_bytes()));
                    }
                    continue;
                }
                RedirKind::HereString => self.expand_string(&r.target, err).await?,
                _ => self.redir_target(&r.target, err).await?,
            };
            let sink = match &r.kind {
                RedirKind::HereString => {
                    if r.fd == 0 {
                        plan.stdin = Some(Input::bytes(format!("{target}\n").into_bytes()));
                    }
                    continue;
                }
                RedirKind::In | RedirKind::ReadWrite if target == "/dev/null" => {
                    if r.fd == 0 {
                        plan.stdin = Some(Input::bytes(Vec::new()));
                    }
                    continue;
                }
                RedirKind::In | RedirKind::ReadWrite => {
                    let path = self.sh.abs_path(&target);
                    if r.kind == RedirKind::ReadWrite && !self.sh.fs.exists(&path) {
                        let now = self.host.now_ms();
                        let _ = self.sh.fs.write(&path, Vec::new(), now);
                    }
                    match self.sh.fs.read(&path) {
                        Ok(data) => {
                            if r.fd == 0 {
                                plan.stdin = Some(Input::bytes(data.to_vec()));
                            }
                        }
                        Err(e) => {
                            let target = if target == "/dev/stdin" {
                                "/dev/stdin".into()
                            } else {
                                target
                            };
                            self.error(err, &format!("{target}: {e}"));
                            return Err(1);
                        }
                    }
                    continue;
                }
                RedirKind::Dup => match target.as_str() {
                    "1" => plan.fd1,
                    "2" => plan.fd2,
                    "0" if r.fd == 0 => continue,
                    "-" => Sink::Null,
                    t if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() => {
                        self.error(err, &format!("{t}: Bad file descriptor"));
                        return Err(1);
                    }
                    _ => {
                        self.error(err, &format!("{target}: ambiguous redirect"));
                        return Err(1);
                    }
                },
                RedirKind::Out
                | RedirKind::Clobber
                | RedirKind::Append
                | RedirKind::OutErr
                | RedirKind::AppendErr => match target.as_str() {
                    "/dev/null" => Sink::Null,
                    "/dev/stdout" => plan.fd1,
                    "/dev/stderr" => plan.fd2,
                    _ => {
                        let path = self.sh.abs_path(&target);
                        let append = matches!(r.kind, RedirKind::Append | RedirKind::AppendErr);
                        if self.sh.lang.opts.noclobber
                            && matches!(r.kind, RedirKind::Out | RedirKind::OutErr)
                            && matches!(self.sh.fs.get(&path), Some(crate::fs::Node::File { .. }))
                        {
                            self.error(err, &format!("{target}: cannot overwrite existing file"));
                            return Err(1);
                        }
                        if let Err(e) = self.open_for_write(&path, append) {
                            self.error(err, &format!("{target}: {e}"));
                            return Err(1);
                        }
                        let idx = match plan.files.iter().position(|f| f.path == path) {
                            Some(i) => i,
                            None => {
                                plan.files.push(FileBuf {
                                    path,

                                    data: RefCell::new(Vec::new()),
                                });
                                plan.files.len() - 1
                            }
                        };
                        Sink::File(idx)
                    }
                },
                RedirKind::HereDoc { .. } => continue,
            };
            match (r.fd, &r.kind) {
                (_, RedirKind::OutErr | RedirKind::AppendErr) => {
                    plan.fd1 = sink;
                    plan.fd2 = sink;
                }
                (1, _) => plan.fd1 = sink,
                (2, _) => plan.fd2 = sink,
                (0, RedirKind::Dup) => {}
                (fd, _) if fd > 2 => {}
                _ => {}
            }
        }
        Ok(plan)
    }

    /// `exec` with redirections only: they stay for the commands after it.
    pub(crate) async fn exec_redirs(&mut self, redirs: &[Redir], err: &mut dyn Out) -> i32 {
        for r in redirs {
            let target = match &r.kind {
                RedirKind::HereDoc { .. } | RedirKind::HereString => {
                    match Box::pin(self.plan(std::slice::from_ref(r), err)).await {
                        Ok(p) => {
                            self.perm.stdin = p.stdin;
                            continue;
                        }
                        Err(s) => return s,
                    }
                }
                _ => match self.redir_target(&r.target, err).await {
                    Ok(t) => t,
                    Err(s) => return s,
                },
            };
            let sink = match (&r.kind, target.as_str()) {
                (RedirKind::In | RedirKind::ReadWrite, "/dev/null") => {
                    self.perm.stdin = Some(Input::bytes(Vec::new()));
                    continue;
                }
                (RedirKind::In | RedirKind::ReadWrite, _) => {
                    let path = self.sh.abs_path(&target);
                    match self.sh.fs.read(&path) {
                        Ok(d) => self.perm.stdin = Some(Input::bytes(d.to_vec())),
                        Err(e) => {
                            self.error(err, &format!("{target}: {e}"));
                            return 1;
                        }
                    }
                    continue;
                }
                (RedirKind::Dup, "1") => self.perm.fd1.clone().unwrap_or(PSink::Out),
                (RedirKind::Dup, "2") => self.perm.fd2.clone().unwrap_or(PSink::Err),
                (RedirKind::Dup, "-") => PSink::Null,
                (RedirKind::Dup, t) => {
                    self.error(err, &format!("{t}: Bad file descriptor"));
                    return 1;
                }
                (_, "/dev/null") => PSink::Null,
                (_, "/dev/stdout") => self.perm.fd1.clone().unwrap_or(PSink::Out),
                (_, "/dev/stderr") => self.perm.fd2.clone().unwrap_or(PSink::Err),
                (kind, _) => {
                    let path = self.sh.abs_path(&target);
                    let append = matches!(kind, RedirKind::Append | RedirKind::AppendErr);
                    if let Err(e) = self.open_for_write(&path, append) {
                        self.error(err, &format!("{target}: {e}"));
                        return 1;
                    }
                    PSink::File(path)
                }
            };
            match (r.fd, &r.kind) {
                (_, RedirKind::OutErr | RedirKind::AppendErr) => {
                    self.perm.fd1 = Some(sink.clone());
                    self.perm.fd2 = Some(sink);
                }
                (1, _) => self.perm.fd1 = Some(sink),
                (2, _) => self.perm.fd2 = Some(sink),
                _ => {}
            }
        }
        0
    }

    /// A redirection's word: one field, or bash's `ambiguous redirect`.
    async fn redir_target(
        &mut self,
        w: &crate::lang::ast::Word,
        err: &mut dyn Out,
    ) -> Result<String, i32> {
        let fields = self.expand_fields_nobrace(w, err).await?;
        match fields.as_slice() {
            [one] => Ok(one.clone()),
            _ => {
                let shown = w.literal().unwrap_or_else(|| source_of(w));
                self.error(err, &format!("{shown}: ambiguous redirect"));
                Err(1)
            }
        }
    }

    /// Creates or truncates the file, as opening it for writing does.
    fn open_for_write(&mut self, path: &str, append: bool) -> Result<(), FsError> {
        if self.sh.fs.is_dir(path) {
            return Err(FsError::IsADirectory);
        }
        let parent = match path.rfind('/') {
            Some(0) | None => "/",
            Some(i) => &path[..i],
        };
        match self.sh.fs.get(parent) {
            Some(crate::fs::Node::Dir) => {}
            Some(_) => return Err(FsError::NotADirectory),
            None => return Err(FsError::NotFound),
        }
        let now = self.host.now_ms();
        if append && self.sh.fs.exists(path) {
            return Ok(());
        }
        self.sh.fs.write(path, Vec::new(), now)
    }
}

/// A word as it was written, for messages (`$x: ambiguous redirect`).
fn source_of(w: &crate::lang::ast::Word) -> String {
    use crate::lang::ast::Part;
    let mut s = String::new();
    for p in &w.0 {
        match p {
            Part::Lit { text, .. } => s.push_str(text),
            Part::Param { p, .. } => {
                if p.op == crate::lang::ast::ParamOp::Plain && p.index.is_none() {
                    s.push('$');
                    s.push_str(&p.name);
                } else {
                    s.push_str("${");
                    s.push_str(&p.name);
                    s.push('}');
                }
            }
            Part::Subst { source, .. } => {
                s.push_str("$(");
                s.push_str(source);
                s.push(')');
            }
            Part::Arith { expr, .. } => {
                s.push_str("$((");
                s.push_str(expr);
                s.push_str("))");
            }
            Part::Tilde => s.push('~'),
            Part::Array(_) => {}
        }
    }
    s
}
