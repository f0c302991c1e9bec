//! Simple commands: expansion, assignments, and the call of a function,
//! a builtin of the language or a registered command.

use std::rc::Rc;

use super::redir::Target;
use super::{Exec, Flow, In};
use crate::lang::ast::{Assign, Function, Part, Simple, Word};
use crate::lang::parser::assignment;
use crate::lang::vars;
use crate::{CmdError, Ctx, Out};

/// Builtins whose `NAME=value` arguments are assignments (no splitting).
const DECLARATIONS: &[&str] = &["declare", "typeset", "local", "export", "readonly"];

/// Registered commands that read their standard input to the end when it
/// is not the terminal; others leave it for the next command (`kubectl` in
/// a `while read` loop must not eat the loop's lines).
const STDIN_READERS: &[&str] = &[
    "cat",
    "grep",
    "head",
    "tail",
    "sort",
    "uniq",
    "wc",
    "cut",
    "tee",
    "base64",
    "sed",
    "awk",
    "tr",
    "xargs",
    "tac",
    "nl",
    "paste",
    "column",
    "jq",
    "yq",
    "less",
    "more",
    "md5sum",
    "sha256sum",
    "gawk",
    "rev",
    "fold",
    "fmt",
    "od",
    "hexdump",
    "xxd",
];

/// An argument of a declaration builtin.
#[derive(Clone, Debug)]
pub(crate) enum DeclArg {
    Plain(String),
    Assign {
        name: String,
        index: Option<String>,
        append: bool,
        value: Value,
    },
}

#[derive(Clone, Debug)]
pub(crate) enum Value {
    Str(String),
    /// `(…)` items: an optional `[key]` and the value.
    Array(Vec<(Option<String>, String)>),
}

/// A command ready to run: its words, its temporary assignments and, for
/// declaration builtins, its arguments as assignments.
pub(crate) struct Call {
    pub words: Vec<String>,
    pub assigns: Vec<(String, String)>,
    pub decl: Option<Vec<DeclArg>>,
}

impl Exec<'_> {
    pub(crate) async fn run_simple(
        &mut self,
        cmd: &Simple,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        self.lineno = cmd.line;
        self.subst_status = None;
        let mut words = Vec::new();
        let mut decl = None;
        for (i, w) in cmd.words.iter().enumerate() {
            if decl.is_some() {
                match Box::pin(self.decl_arg(w, err)).await {
                    Ok(mut a) => decl.get_or_insert_with(Vec::new).append(&mut a),
                    Err(s) => return self.expansion_failed(s),
                }
                continue;
            }
            match Box::pin(self.expand_word(w, err)).await {
                Ok(mut f) => words.append(&mut f),
                Err(s) => return self.expansion_failed(s),
            }
            if i == 0
                && w.bare().is_some()
                && words.len() == 1
                && DECLARATIONS.contains(&words[0].as_str())
            {
                decl = Some(Vec::new());
            }
        }
        if let Some(d) = &decl {
            for a in d {
                if let DeclArg::Plain(s) = a {
                    words.push(s.clone());
                }
            }
        }
        if words.is_empty() {
            for a in &cmd.assigns {
                if let Err(s) = Box::pin(self.assign(a, err)).await {
                    return self.expansion_failed(s);
                }
            }
            let status = self.subst_status.unwrap_or(0);
            if cmd.redirs.is_empty() {
                if self.sh.lang.opts.xtrace && !cmd.assigns.is_empty() {
                    Box::pin(self.trace_assigns(&cmd.assigns, err)).await;
                }
                return self.set_status(status);
            }
            let call = Call {
                words,
                assigns: Vec::new(),
                decl: None,
            };
            let s = self
                .run_redirected(&cmd.redirs, Target::Call(call), inp, out, err)
                .await;
            return if s == 0 { status } else { s };
        }
        if words.len() == 1 && words[0] == "exec" && !cmd.redirs.is_empty() {
            let s = Box::pin(self.exec_redirs(&cmd.redirs, err)).await;
            return self.set_status(s);
        }
        let mut assigns = Vec::new();
        for a in &cmd.assigns {
            match Box::pin(self.expand_assign_value(&a.value, err)).await {
                Ok(v) => assigns.push((a.name.clone(), v)),
                Err(s) => return self.expansion_failed(s),
            }
        }
        if self.sh.lang.opts.xtrace {
            let mut parts = Vec::new();
            for (k, v) in &assigns {
                parts.push(format!("{k}={}", crate::lang::quote::maybe_single(v)));
            }
            for w in &words {
                parts.push(crate::lang::quote::maybe_single(w));
            }
            self.trace(err, &parts.join(" "));
        }
        let call = Call {
            words,
            assigns,
            decl,
        };
        self.run_redirected(&cmd.redirs, Target::Call(call), inp, out, err)
            .await
    }

    async fn trace_assigns(&mut self, assigns: &[Assign], err: &mut dyn Out) {
        for a in assigns {
            let v = self.sh.env.get(&a.name).unwrap_or_default().to_string();
            let line = format!("{}={}", a.name, crate::lang::quote::maybe_single(&v));
            self.trace(err, &line);
        }
    }

    /// A `set -x` line: `+` once per command substitution level, as bash's PS4.
    pub(crate) fn trace(&self, err: &mut dyn Out, text: &str) {
        let ps4 = self.sh.env.get("PS4").unwrap_or("+ ").to_string();
        let (mark, rest) = match ps4.chars().next() {
            Some(c) => (c.to_string(), ps4[c.len_utf8()..].to_string()),
            None => (String::new(), String::new()),
        };
        err.line(&crate::sanitize::field(&format!(
            "{}{rest}{text}",
            mark.repeat(1 + self.substs as usize)
        )));
    }

    /// An expansion error: a script stops there, as bash's non-interactive
    /// shell does; at the prompt the rest of the line is dropped.
    /// bash drops the rest of the command being run (its line, or the
    /// whole `{ … }` it is in); `${x:?}` and `set -u` errors end a script.
    pub(crate) fn expansion_failed(&mut self, status: i32) -> i32 {
        let fatal = std::mem::take(&mut self.fatal);
        self.flow = Some(if fatal && !self.interactive() {
            Flow::Exit
        } else {
            Flow::Abort
        });
        self.set_status(status)
    }

    /// One argument of `declare`/`local`/`export`/`readonly`.
    async fn decl_arg(&mut self, w: &Word, err: &mut dyn Out) -> Result<Vec<DeclArg>, i32> {
        if let Some(a) = assignment(w) {
            let value = match a.value.0.as_slice() {
                [Part::Array(items)] => Value::Array(self.array_items(items, err).await?),
                _ => Value::Str(self.expand_assign_value(&a.value, err).await?),
            };
            return Ok(vec![DeclArg::Assign {
                name: a.name,
                index: a.index,
                append: a.append,
                value,
            }]);
        }
        Ok(self
            .expand_word(w, err)
            .await?
            .into_iter()
            .map(|s| match s.split_once('=') {
                // `declare "$x=1"`: an assignment that came from an expansion.
                Some((n, v)) if crate::lang::lexer::is_name(n.trim_end_matches('+')) => {
                    DeclArg::Assign {
                        name: n.trim_end_matches('+').to_string(),
                        index: None,
                        append: n.ends_with('+'),
                        value: Value::Str(v.to_string()),
                    }
                }
                _ => DeclArg::Plain(s),
            })
            .collect())
    }

    /// The items of `( … )`: `[key]=value` or plain words (split and globbed).
    pub(crate) async fn array_items(
        &mut self,
        items: &[Word],
        err: &mut dyn Out,
    ) -> Result<Vec<(Option<String>, String)>, i32> {
        let mut out = Vec::new();
        for w in items {
            if let Some(Part::Lit {
                text,
                quoted: false,
            }) = w.0.first()
            {
                if let Some(rest) = text.strip_prefix('[') {
                    if let Some(close) = rest.find("]=") {
                        let key_text = &rest[..close];
                        let mut value = w.clone();
                        let tail = rest[close + 2..].to_string();
                        value.0[0] = Part::Lit {
                            text: tail,
                            quoted: false,
                        };
                        let key = self
                            .expand_string(
                                &crate::lang::lexer::Lexer::word_text(key_text, false),
                                err,
                            )
                            .await?;
                        let v = self.expand_assign_value(&value, err).await?;
                        out.push((Some(key), v));
                        continue;
                    }
                }
            }
            for f in self.expand_word(w, err).await? {
                out.push((None, f));
            }
        }
        Ok(out)
    }

    /// Performs `name=value`, `name+=value`, `name[i]=value`, `name=(…)`.
    pub(crate) async fn assign(&mut self, a: &Assign, err: &mut dyn Out) -> Result<(), i32> {
        let value = match a.value.0.as_slice() {
            [Part::Array(items)] => Value::Array(self.array_items(items, err).await?),
            _ => Value::Str(self.expand_assign_value(&a.value, err).await?),
        };
        let index = match &a.index {
            Some(i) => Some(match self.key_text(&a.name, i, err).await? {
                vars::Key::Index(n) => n.to_string(),
                vars::Key::Name(k) => k,
            }),
            None => None,
        };
        self.set_var(&a.name, index.as_deref(), a.append, value, false, err)
    }

    /// Sets a variable from an assignment, honouring its attributes.
    pub(crate) fn set_var(
        &mut self,
        name: &str,
        index: Option<&str>,
        append: bool,
        value: Value,
        assoc: bool,
        err: &mut dyn Out,
    ) -> Result<(), i32> {
        let integer = self.sh.env.var(name).is_some_and(|v| v.integer);
        let res = match value {
            Value::Array(items) => {
                let is_assoc = assoc || vars::is_assoc(self.sh, name);
                let mut keyed = Vec::new();
                for (k, v) in items {
                    let key = match k {
                        Some(k) => Some(self.key(name, &k, is_assoc, err)?),
                        None if is_assoc => {
                            self.error(err, &format!("{name}: {v}: must use subscript when assigning associative array"));
                            continue;
                        }
                        None => None,
                    };
                    let v = if integer {
                        self.arith_value(&v, err)?
                    } else {
                        v
                    };
                    keyed.push((key, v));
                }
                vars::set_array(self.sh, name, keyed, append, assoc)
            }
            Value::Str(v) => {
                let key = match index {
                    Some(i) => Some(self.key(name, i, vars::is_assoc(self.sh, name), err)?),
                    None => None,
                };
                let v = if integer {
                    let expr = if append {
                        let cur = match &key {
                            Some(k) => vars::get_index(self.sh, name, k),
                            None => self.sh.env.get(name).map(str::to_string),
                        };
                        format!("{}+({v})", cur.unwrap_or_else(|| "0".into()))
                    } else {
                        v
                    };
                    self.arith_value(&expr, err)?
                } else if append {
                    let cur = match &key {
                        Some(k) => vars::get_index(self.sh, name, k),
                        None => self.sh.env.get(name).map(str::to_string),
                    };
                    format!("{}{v}", cur.unwrap_or_default())
                } else {
                    v
                };
                match key {
                    Some(k) => vars::set_index(self.sh, name, k, v),
                    None => vars::set_scalar(self.sh, name, v),
                }
            }
        };
        res.map_err(|m| {
            self.error(err, &m);
            if m.ends_with("readonly variable") {
                self.flow = Some(Flow::Abort);
            }
            1
        })
    }

    fn arith_value(&mut self, expr: &str, err: &mut dyn Out) -> Result<String, i32> {
        self.arith(expr, err).map(|n| n.to_string())
    }

    /// Evaluates a subscript for `name`: a string for an associative array,
    /// arithmetic otherwise.
    pub(crate) fn key(
        &mut self,
        name: &str,
        text: &str,
        assoc: bool,
        err: &mut dyn Out,
    ) -> Result<vars::Key, i32> {
        if assoc {
            return Ok(vars::Key::Name(text.to_string()));
        }
        let _ = name;
        self.arith(text, err).map(vars::Key::Index)
    }

    /// A subscript as written (`a[$i]=`, `m["a b"]=`): expanded first.
    pub(crate) async fn key_text(
        &mut self,
        name: &str,
        text: &str,
        err: &mut dyn Out,
    ) -> Result<vars::Key, i32> {
        if vars::is_assoc(self.sh, name) {
            let w = crate::lang::lexer::Lexer::word_text(text, false);
            return Ok(vars::Key::Name(self.expand_string(&w, err).await?));
        }
        self.arith_text(text, err).await.map(vars::Key::Index)
    }

    pub(crate) async fn dispatch(
        &mut self,
        call: Call,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let Some(name) = call.words.first().cloned() else {
            return 0;
        };
        if !self.tick().await {
            return 130;
        }
        if let Some(f) = self.sh.lang.functions.get(&name).cloned() {
            let saved = self.push_temp_env(&call.assigns);
            let status = Box::pin(self.call_function(&f, call.words, inp, out, err)).await;
            self.pop_temp_env(saved);
            return status;
        }
        if super::builtins::is_builtin(&name) {
            let saved = self.push_temp_env(&call.assigns);
            let status = Box::pin(self.builtin(&name, &call, inp, out, err)).await;
            self.pop_temp_env(saved);
            if let Some(status) = status {
                return status;
            }
        }
        let args = &call.words[1..];
        let cmd = match self.registry.resolve(&name).await {
            Some(Ok(cmd)) => cmd,
            Some(Err(why)) => {
                err.line(&crate::command::load_error(&name, &why));
                return crate::command::LOAD_FAILED_STATUS;
            }
            None => {
                self.error(err, &format!("{name}: command not found"));
                return 127;
            }
        };
        if let Some(policy) = self.sh.policy.clone() {
            if let Err(why) = policy.check(cmd.as_ref(), args) {
                err.line(&format!("kterm: {}", crate::sanitize::field(&why)));
                return crate::policy::REFUSED_STATUS;
            }
        }
        let saved = self.push_temp_env(&call.assigns);
        let (stdin, stdin_is_tty) = {
            let mut i = inp.borrow_mut();
            let data = i.rest().to_vec();
            if !i.tty && STDIN_READERS.contains(&cmd.name()) {
                i.pos = i.data.len();
            }
            (data, i.tty)
        };
        let prefix = self.prefix();
        let result = {
            let mut ctx = Ctx {
                name: name.clone(),
                args: args.to_vec(),
                stdin,
                stdin_is_tty,
                stdout: out,
                stderr: err,
                stdout_is_tty: self.stdout_is_tty,
                sh: self.sh,
                registry: self.registry,
                host: self.host,
                cancel: self.cancel.clone(),
            };
            let r = cmd.run(&mut ctx).await;
            if let Err(CmdError::Msg(m)) = &r {
                ctx.stderr.line(&format!("{prefix}{name}: {m}"));
            }
            r
        };
        self.pop_temp_env(saved);
        match result {
            Ok(n) => n,
            Err(e) => e.status(),
        }
    }

    /// `VAR=x cmd`: exported for this command only.
    fn push_temp_env(
        &mut self,
        assigns: &[(String, String)],
    ) -> Vec<(String, Option<crate::state::Var>)> {
        let mut saved = Vec::new();
        for (k, v) in assigns {
            saved.push((k.clone(), self.sh.env.var(k).cloned()));
            self.sh.env.export(k, Some(v.clone()));
        }
        saved
    }

    fn pop_temp_env(&mut self, saved: Vec<(String, Option<crate::state::Var>)>) {
        for (k, old) in saved.into_iter().rev() {
            self.sh.env.restore(&k, old);
        }
    }

    pub(crate) async fn call_function(
        &mut self,
        f: &Rc<Function>,
        words: Vec<String>,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let limit = self
            .sh
            .env
            .get("FUNCNEST")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(usize::MAX);
        if self.func_depth >= limit || self.nesting() >= super::MAX_NESTING {
            let limit = if self.func_depth >= limit {
                limit
            } else {
                self.func_depth
            };
            self.error(
                err,
                &format!(
                    "{}: maximum function nesting level exceeded ({limit})",
                    f.name
                ),
            );
            self.flow = Some(Flow::Abort);
            return self.set_status(1);
        }
        let mut words = words.into_iter();
        let _name = words.next();
        let saved_pos = std::mem::replace(&mut self.sh.lang.positional, words.collect());
        self.sh.lang.locals.push(Vec::new());
        self.sh.lang.funcnames.push(f.name.clone());
        self.func_depth += 1;
        let loops = std::mem::take(&mut self.loops);
        let mut status = self
            .run_redirected(&f.redirs, Target::Compound(&f.body), inp, out, err)
            .await;
        if self.flow == Some(Flow::Return) {
            self.flow = None;
            status = self.sh.last_status;
        }
        self.loops = loops;
        self.func_depth -= 1;
        vars::pop_frame(self.sh);
        self.sh.lang.funcnames.pop();
        self.sh.lang.positional = saved_pos;
        if let Some(action) = self.sh.lang.traps.get("RETURN").cloned() {
            self.sh.last_status = status;
            Box::pin(self.run_trap(&action, inp, out, err)).await;
        }
        self.set_status(status)
    }
}
