//! Builtins that belong to the language: they change the shell itself
//! (control flow, variables, options, traps) or run shell code.

use super::simple::{Call, DeclArg};
use super::{Exec, Flow, In};
use crate::lang::lexer::is_name;
use crate::lang::{quote, vars};
use crate::Out;

/// Names the executor handles itself, with their `help` line.
pub const NAMES: &[(&str, &str)] = &[
    (":", "null command: does nothing, successfully"),
    (".", "run commands from a file in this shell"),
    ("[", "evaluate a conditional expression"),
    ("bash", "run a session file as a script: bash FILE [ARGS]"),
    ("break", "exit for, while or until loops"),
    ("builtin", "run a shell builtin"),
    ("command", "run a command, bypassing functions"),
    ("continue", "resume the next iteration of a loop"),
    ("declare", "set variable values and attributes"),
    ("eval", "run arguments as a shell command"),
    ("exec", "apply redirections to the shell, or run a command"),
    ("exit", "exit a script or subshell"),
    ("export", "set export attribute for shell variables"),
    ("getopts", "parse option arguments"),
    ("let", "evaluate arithmetic expressions"),
    ("local", "define local variables"),
    ("mapfile", "read lines into an array"),
    ("printf", "format and print data"),
    ("read", "read a line from standard input"),
    ("readarray", "read lines into an array"),
    ("readonly", "mark variables as unchangeable"),
    ("return", "return from a shell function"),
    ("set", "set shell options and positional parameters"),
    ("sh", "run a session file as a script: sh FILE [ARGS]"),
    ("shift", "shift positional parameters"),
    ("shopt", "set and unset shell options"),
    (
        "source",
        "run commands from a file in this shell (also `.`)",
    ),
    ("test", "evaluate a conditional expression"),
    ("trap", "run commands on EXIT, ERR or RETURN"),
    ("typeset", "set variable values and attributes"),
    (
        "unset",
        "unset values and attributes of variables and functions",
    ),
    (
        "wait",
        "wait for background jobs (they finish at once here)",
    ),
];

pub fn is_builtin(name: &str) -> bool {
    NAMES.iter().any(|(n, _)| *n == name)
}

/// `[n]` for break/continue/return/exit/shift: a number, or bash's error.
fn count_arg(args: &[String]) -> Result<Option<i64>, String> {
    match args.first() {
        None => Ok(None),
        Some(a) => a
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{a}: numeric argument required")),
    }
}

impl Exec<'_> {
    /// Runs a language builtin; `None` when `name` is not one.
    pub(crate) async fn builtin(
        &mut self,
        name: &str,
        call: &Call,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> Option<i32> {
        let args = &call.words[1..];
        let status = match name {
            ":" => 0,
            "eval" => {
                let text = args.join(" ");
                let line = self.lineno;
                self.evals += 1;
                let s = self.run_text(&text, line, inp, out, err).await;
                self.evals -= 1;
                self.lineno = line;
                s
            }
            "source" | "." => self.source(name, args, inp, out, err).await,
            "bash" | "sh" => self.run_script_command(name, args, inp, out, err).await,
            "exit" => {
                if self.interactive()
                    && self.subshell == 0
                    && self.func_depth == 0
                    && self.depth <= 1
                {
                    // At the prompt there is no shell process to end.
                    return None;
                }
                let n = match count_arg(args) {
                    Ok(n) => n.map(|n| (n & 255) as i32).unwrap_or(self.sh.last_status),
                    Err(m) => {
                        self.error(err, &format!("exit: {m}"));
                        2
                    }
                };
                self.sh.last_status = n;
                self.flow = Some(Flow::Exit);
                n
            }
            "return" => {
                if self.func_depth == 0 && self.sourcing == 0 {
                    self.error(
                        err,
                        "return: can only `return' from a function or sourced script",
                    );
                    return Some(2);
                }
                let n = match count_arg(args) {
                    Ok(n) => n.map(|n| (n & 255) as i32).unwrap_or(self.sh.last_status),
                    Err(m) => {
                        self.error(err, &format!("return: {m}"));
                        2
                    }
                };
                self.sh.last_status = n;
                self.flow = Some(Flow::Return);
                n
            }
            "break" | "continue" => {
                let n = match count_arg(args) {
                    Ok(n) => n.unwrap_or(1),
                    Err(m) => {
                        self.error(err, &format!("{name}: {m}"));
                        self.flow = Some(Flow::Exit);
                        return Some(128);
                    }
                };
                if n < 1 {
                    self.error(err, &format!("{name}: {n}: loop count out of range"));
                    return Some(1);
                }
                if self.loops == 0 {
                    self.error(
                        err,
                        &format!("{name}: only meaningful in a `for', `while', or `until' loop"),
                    );
                    return Some(0);
                }
                let n = (n as u32).min(self.loops);
                self.flow = Some(if name == "break" {
                    Flow::Break(n)
                } else {
                    Flow::Continue(n)
                });
                0
            }
            "shift" => {
                let n = match count_arg(args) {
                    Ok(n) => n.unwrap_or(1),
                    Err(m) => {
                        self.error(err, &format!("shift: {m}"));
                        return Some(1);
                    }
                };
                if n < 0 {
                    self.error(err, &format!("shift: {n}: shift count out of range"));
                    return Some(1);
                }
                let pos = &mut self.sh.lang.positional;
                if n as usize > pos.len() {
                    1
                } else {
                    pos.drain(..n as usize);
                    0
                }
            }
            "set" => self.set_builtin(args, out, err),
            "shopt" => self.shopt(args, out, err),
            "trap" => self.trap(args, out, err),
            "let" => {
                if args.is_empty() {
                    self.error(err, "let: expression expected");
                    return Some(1);
                }
                let mut last = 0;
                for a in args {
                    match self.arith_in("let: ", a, err) {
                        Ok(n) => last = n,
                        Err(_) => return Some(1),
                    }
                }
                i32::from(last == 0)
            }
            "test" | "[" => {
                let mut a = args.to_vec();
                if name == "[" {
                    if a.last().map(String::as_str) != Some("]") {
                        self.error(err, "[: missing `]'");
                        return Some(2);
                    }
                    a.pop();
                }
                let (s, msg) = crate::lang::test::test(self.sh, &a);
                if let Some(m) = msg {
                    self.error(err, &format!("{name}: {m}"));
                }
                s
            }
            "unset" => self.unset(args, err).await,
            "export" | "readonly" | "declare" | "typeset" | "local" => {
                let decl = call
                    .decl
                    .clone()
                    .unwrap_or_else(|| args.iter().cloned().map(DeclArg::Plain).collect());
                self.declare(name, decl, out, err).await
            }
            "read" => self.read(args, inp, out, err).await,
            "mapfile" | "readarray" => self.mapfile(name, args, inp, err),
            "getopts" => self.getopts(args, err),
            "printf" => self.printf(args, out, err),
            "wait" => 0,
            "command" | "builtin" => return Some(self.command(name, call, inp, out, err).await),
            "exec" => {
                if args.is_empty() {
                    return Some(0);
                }
                let sub = Call {
                    words: args.to_vec(),
                    assigns: call.assigns.clone(),
                    decl: None,
                };
                let s = self.dispatch_boxed(sub, inp, out, err).await;
                if !self.interactive() || self.subshell > 0 {
                    self.sh.last_status = s;
                    self.flow = Some(Flow::Exit);
                }
                s
            }
            _ => return None,
        };
        Some(status)
    }

    pub(crate) fn dispatch_boxed<'s>(
        &'s mut self,
        call: Call,
        inp: &'s In,
        out: &'s mut dyn Out,
        err: &'s mut dyn Out,
    ) -> futures::future::LocalBoxFuture<'s, i32> {
        use futures::FutureExt;
        async move { self.dispatch(call, inp, out, err).await }.boxed_local()
    }

    /// `command [-v|-V] name args` and `builtin name args`.
    async fn command(
        &mut self,
        name: &str,
        call: &Call,
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let mut args = &call.words[1..];
        let mut describe = None;
        if name == "command" {
            while let Some(a) = args.first() {
                match a.as_str() {
                    "-v" | "-V" => describe = Some(a.clone()),
                    "-p" => {}
                    "--" => {
                        args = &args[1..];
                        break;
                    }
                    _ => break,
                }
                args = &args[1..];
            }
        }
        if let Some(flag) = describe {
            let mut status = 0;
            for n in args {
                let kind = if crate::lang::parser::is_reserved(n) {
                    Some("keyword")
                } else if self.sh.lang.functions.contains_key(n) {
                    Some("function")
                } else if self.sh.aliases.contains_key(n) {
                    Some("alias")
                } else if is_builtin(n) || self.registry.get(n).is_some() {
                    Some("builtin")
                } else {
                    None
                };
                match (kind, flag.as_str()) {
                    (None, "-V") => {
                        self.error(err, &format!("command: {n}: not found"));
                        status = 1;
                    }
                    (None, _) => status = 1,
                    (Some("alias"), "-v") => {
                        let v = self.sh.aliases.get(n).cloned().unwrap_or_default();
                        out.line(&format!("alias {n}={}", quote::single(&v)));
                    }
                    (Some(_), "-v") => out.line(n),
                    (Some("keyword"), _) => out.line(&format!("{n} is a shell keyword")),
                    (Some("function"), _) => out.line(&format!("{n} is a function")),
                    (Some("alias"), _) => {
                        let v = self.sh.aliases.get(n).cloned().unwrap_or_default();
                        out.line(&format!("{n} is aliased to `{v}'"));
                    }
                    (Some(_), _) => out.line(&format!("{n} is a shell builtin")),
                }
            }
            return status;
        }
        let Some(first) = args.first().cloned() else {
            return 0;
        };
        let sub = Call {
            words: args.to_vec(),
            assigns: call.assigns.clone(),
            decl: call.decl.clone(),
        };
        if let Some(s) = Box::pin(self.builtin(&first, &sub, inp, out, err)).await {
            return s;
        }
        if name == "builtin" && self.registry.get(&first).is_none() {
            self.error(err, &format!("builtin: {first}: not a shell builtin"));
            return 1;
        }
        // Skip functions: run the registered command.
        let functions = std::mem::take(&mut self.sh.lang.functions);
        let saved = functions.clone();
        let s = self.dispatch_boxed(sub, inp, out, err).await;
        if self.sh.lang.functions.is_empty() {
            self.sh.lang.functions = saved;
        } else {
            let mut merged = saved;
            merged.extend(std::mem::take(&mut self.sh.lang.functions));
            self.sh.lang.functions = merged;
        }
        s
    }

    async fn source(
        &mut self,
        name: &str,
        args: &[String],
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let Some(file) = args.first() else {
            self.error(err, &format!("{name}: filename argument required"));
            err.line(&format!("{name}: usage: {name} filename [arguments]"));
            return 2;
        };
        let path = self.sh.abs_path(file);
        let text = match self.sh.fs.read(&path) {
            Ok(d) => String::from_utf8_lossy(d).into_owned(),
            Err(e) => {
                self.error(err, &format!("{file}: {e}"));
                return 1;
            }
        };
        let saved_pos = if args.len() > 1 {
            Some(std::mem::replace(
                &mut self.sh.lang.positional,
                args[1..].to_vec(),
            ))
        } else {
            None
        };
        let script = self.script.clone();
        if script.is_some() {
            self.script = Some(file.clone());
        }
        let line = self.lineno;
        self.lineno = 1;
        self.sourcing += 1;
        let outer_evals = std::mem::take(&mut self.evals);
        let mut status = self.run_text(&text, 1, inp, out, err).await;
        self.evals = outer_evals;
        self.sourcing -= 1;
        if self.flow == Some(Flow::Return) {
            self.flow = None;
            status = self.sh.last_status;
        }
        self.lineno = line;
        self.script = script;
        if let Some(p) = saved_pos {
            self.sh.lang.positional = p;
        }
        status
    }

    async fn unset(&mut self, args: &[String], err: &mut dyn Out) -> i32 {
        let mut mode = 'x';
        let mut status = 0;
        for a in args {
            match a.as_str() {
                "-f" => {
                    mode = 'f';
                    continue;
                }
                "-v" => {
                    mode = 'v';
                    continue;
                }
                "-n" => continue,
                _ => {}
            }
            if mode == 'f' {
                self.sh.lang.functions.remove(a);
                continue;
            }
            let (name, idx) = match a.find('[') {
                Some(i) if a.ends_with(']') => (&a[..i], Some(&a[i + 1..a.len() - 1])),
                _ => (a.as_str(), None),
            };
            if !is_name(name) {
                self.error(err, &format!("unset: `{a}': not a valid identifier"));
                status = 1;
                continue;
            }
            let res = match idx {
                Some("@" | "*") => vars::unset(self.sh, name),
                Some(i) => {
                    let assoc = vars::is_assoc(self.sh, name);
                    let key = if assoc {
                        vars::Key::Name(i.to_string())
                    } else {
                        match self.arith_text(i, err).await {
                            Ok(n) => vars::Key::Index(n),
                            Err(_) => {
                                status = 1;
                                continue;
                            }
                        }
                    };
                    vars::unset_index(self.sh, name, &key)
                }
                None => {
                    if mode == 'x' && self.sh.env.var(name).is_none() {
                        self.sh.lang.functions.remove(name);
                        Ok(())
                    } else {
                        vars::unset(self.sh, name)
                    }
                }
            };
            if let Err(m) = res {
                self.error(err, &format!("unset: {m}"));
                status = 1;
            }
        }
        status
    }

    /// `printf [-v var] format args`.
    fn printf(&mut self, args: &[String], out: &mut dyn Out, err: &mut dyn Out) -> i32 {
        let mut args = args;
        let mut var = None;
        if args.first().map(String::as_str) == Some("-v") {
            let Some(v) = args.get(1) else {
                self.error(err, "printf: -v: option requires an argument");
                err.line("printf: usage: printf [-v var] format [arguments]");
                return 2;
            };
            var = Some(v.clone());
            args = &args[2..];
        }
        if args.first().map(String::as_str) == Some("--") {
            args = &args[1..];
        }
        let Some((format, rest)) = args.split_first() else {
            err.line("printf: usage: printf [-v var] format [arguments]");
            return 2;
        };
        let now = self.host.now_ms();
        let r = crate::builtins::printf::format(format, rest, now);
        for m in &r.errors {
            self.error(err, &format!("printf: {m}"));
        }
        match var {
            Some(v) => {
                let (name, idx) = match v.find('[') {
                    Some(i) if v.ends_with(']') => {
                        (v[..i].to_string(), Some(v[i + 1..v.len() - 1].to_string()))
                    }
                    _ => (v.clone(), None),
                };
                if !is_name(&name) {
                    self.error(err, &format!("printf: `{v}': not a valid identifier"));
                    return 2;
                }
                let value = super::simple::Value::Str(r.text);
                if self
                    .set_var(&name, idx.as_deref(), false, value, false, err)
                    .is_err()
                {
                    return 1;
                }
            }
            None => r.write_to(out),
        }
        r.status
    }

    /// `( … )` text for `set` and `declare -p` of an array.
    pub(crate) fn array_literal(&self, name: &str) -> String {
        let assoc = vars::is_assoc(self.sh, name);
        let keys = vars::keys(self.sh, name);
        let values = vars::values(self.sh, name);
        let mut s = String::from("(");
        for (k, v) in keys.iter().zip(values.iter()) {
            if assoc {
                s.push_str(&format!("[{}]={} ", quote_key(k), quote::double(v)));
            } else {
                s.push_str(&format!("[{k}]={} ", quote::double(v)));
            }
        }
        if s.ends_with(' ') && !assoc {
            s.pop();
        }
        s.push(')');
        s
    }

    pub(crate) fn subshell_level(&self) -> u32 {
        self.subshell
    }
}

fn quote_key(k: &str) -> String {
    if k.chars().all(|c| c.is_alphanumeric() || c == '_') && !k.is_empty() {
        k.to_string()
    } else {
        quote::double(k)
    }
}
