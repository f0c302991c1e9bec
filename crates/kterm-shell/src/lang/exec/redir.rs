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
        let plan = if redirs.is_empty() {
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
