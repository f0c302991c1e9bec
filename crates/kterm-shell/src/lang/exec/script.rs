//! `bash FILE ARGS`, `sh FILE ARGS`, `bash -c TEXT`: a script runs as a
//! child shell does, with only the exported variables, its own options,
//! functions and traps, and `FILE: line N:` in its messages.

use super::{Exec, Flow, In};
use crate::lang::LangState;
use crate::Out;

impl Exec<'_> {
    pub(crate) async fn run_script_command(
        &mut self,
        name: &str,
        args: &[String],
        inp: &In,
        out: &mut dyn Out,
        err: &mut dyn Out,
    ) -> i32 {
        let mut opts = crate::lang::Options::default();
        let mut command = None;
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if a == "-c" {
                command = args.get(i + 1).cloned();
                if command.is_none() {
                    self.error(err, &format!("{name}: -c: option requires an argument"));
                    return 2;
                }
                i += 2;
                break;
            }
            if a == "-o" {
                if let Some(o) = args.get(i + 1) {
                    if let Some(b) = opts.by_name(o) {
                        *b = true;
                    }
                }
                i += 2;
                continue;
            }
            if a == "--" {
                i += 1;
                break;
            }
            match a.strip_prefix('-') {
                Some(flags) if !flags.is_empty() && !a.starts_with("--") => {
                    for c in flags.chars() {
                        if let Some(b) = opts.by_flag(c) {
                            *b = true;
                        }
                    }
                    i += 1;
                }
                _ => break,
            }
        }
        let rest = &args[i.min(args.len())..];
        let (text, arg0, params, shown) = if let Some(c) = command {
            let arg0 = rest.first().cloned().unwrap_or_else(|| name.to_string());
            let params = rest.get(1..).unwrap_or_default().to_vec();
            (c, arg0, params, name.to_string())
        } else if let Some(file) = rest.first() {
            let path = self.sh.abs_path(file);
            match self.sh.fs.read(&path) {
                Ok(d) => (
                    String::from_utf8_lossy(d).into_owned(),
                    file.clone(),
                    rest[1..].to_vec(),
                    file.clone(),
                ),
                Err(e) => {
                    let code = if matches!(e, crate::fs::FsError::IsADirectory) {
                        126
                    } else {
                        127
                    };
                    err.line(&format!("{name}: {file}: {e}"));
                    return code;
                }
            }
        } else if !inp.borrow().tty {
            let text = {
                let mut b = inp.borrow_mut();
                let t = String::from_utf8_lossy(b.rest()).into_owned();
                b.pos = b.data.len();
                t
            };
            (text, name.to_string(), Vec::new(), name.to_string())
        } else {
            self.error(
                err,
                &format!("{name}: this terminal is already a shell; run a script with `{name} FILE' or `{name} -c COMMANDS'"),
            );
            return 2;
        };
        let saved = self.enter_subshell();
        let outer_script = self.script.replace(shown);
        let outer_line = self.lineno;
        let outer_func = std::mem::take(&mut self.func_depth);
        let outer_cond = std::mem::take(&mut self.cond);
        let outer_sourcing = std::mem::take(&mut self.sourcing);
        // A child shell sees only exported variables.
        let exported: Vec<(String, crate::state::Var)> = self
            .sh
            .env
            .iter()
            .filter(|(_, v)| v.exported && !v.unset)
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        self.sh.env = crate::state::Env::default();
        for (k, v) in exported {
            self.sh.env.restore(&k, Some(v));
        }
        self.sh.lang = LangState {
            positional: params,
            arg0: Some(arg0),
            opts,
            random: self.sh.lang.random,
            start_ms: self.sh.lang.start_ms,
            ..LangState::default()
        };
        self.sh.aliases.clear();
        self.perm.fd1 = None;
        self.lineno = 1;
        let outer_evals = std::mem::take(&mut self.evals);
        let mut status = self.run_top(&text, inp, out, err).await;
        self.evals = outer_evals;
        if self.flow == Some(Flow::Exit) {
            status = self.sh.last_status;
        }
        self.flow = None;
        self.sh.last_status = status;
        self.leave_subshell(saved, inp, out, err).await;
        self.script = outer_script;
        self.lineno = outer_line;
        self.func_depth = outer_func;
        self.cond = outer_cond;
        self.sourcing = outer_sourcing;
        if self.cancel.is_cancelled() {
            return 130;
        }
        self.set_status(status)
    }
}
