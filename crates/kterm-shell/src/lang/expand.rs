//! Word expansion: tilde, parameters, command substitution, field splitting.
//! Command substitution runs through the executor, so this lives on `Exec`.

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use super::ast::{Part, Word};
use super::exec::Exec;
use super::lexer::tokenize;
use super::lexer::Token;
use crate::state::HOME;
use crate::Out;

/// Builds fields: quoted text joins the current field; unquoted expansion
/// results split on blanks, as the default IFS does.
#[derive(Default)]
struct Fields {
    done: Vec<String>,
    cur: String,
    open: bool,
}

impl Fields {
    fn push_joined(&mut self, s: &str) {
        self.cur.push_str(s);
        self.open = true;
    }

    fn push_split(&mut self, s: &str) {
        for (i, piece) in s.split([' ', '\t', '\n']).enumerate() {
            if i > 0 {
                self.end();
            }
            if !piece.is_empty() {
                self.push_joined(piece);
            }
        }
    }

    fn end(&mut self) {
        if self.open {
            self.done.push(std::mem::take(&mut self.cur));
            self.open = false;
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.end();
        self.done
    }
}

impl Exec<'_> {
    fn var(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.sh.last_status.to_string()),
            "$" => Some("1".into()),
            "#" => Some("0".into()),
            "0" => Some("kterm".into()),
            _ => self.sh.env.get(name).map(str::to_string),
        }
    }

    /// Expands a word into fields (for command words and arguments).
    pub fn expand_fields<'s>(
        &'s mut self,
        word: &'s Word,
        stderr: &'s mut dyn Out,
    ) -> LocalBoxFuture<'s, Vec<String>> {
        async move {
            let mut f = Fields::default();
            for part in &word.0 {
                match part {
                    Part::Lit { text, .. } => f.push_joined(text),
                    Part::Tilde => f.push_joined(HOME),
                    Part::Len { name } => {
                        let n = self.var(name).map(|v| v.chars().count()).unwrap_or(0);
                        f.push_joined(&n.to_string());
                    }
                    Part::Var { name, quoted } => {
                        let v = self.var(name).unwrap_or_default();
                        if *quoted {
                            f.push_joined(&v);
                        } else {
                            f.push_split(&v);
                        }
                    }
                    Part::VarOp {
                        name,
                        op,
                        word,
                        quoted,
                    } => {
                        let v = self.var_op(name, op, word, stderr).await;
                        if *quoted {
                            f.push_joined(&v);
                        } else {
                            f.push_split(&v);
                        }
                    }
                    Part::Subst { source, quoted } => {
                        let v = self.substitute(source, stderr).await;
                        if *quoted {
                            f.push_joined(&v);
                        } else {
                            f.push_split(&v);
                        }
                    }
                }
            }
            f.finish()
        }
        .boxed_local()
    }

    /// Expands a word into one string, without field splitting (assignments,
    /// redirection targets, here-documents).
    pub async fn expand_string(&mut self, word: &Word, stderr: &mut dyn Out) -> String {
        let mut s = String::new();
        for part in &word.0 {
            match part {
                Part::Lit { text, .. } => s.push_str(text),
                Part::Tilde => s.push_str(HOME),
                Part::Len { name } => s.push_str(
                    &self
                        .var(name)
                        .map(|v| v.chars().count())
                        .unwrap_or(0)
                        .to_string(),
                ),
                Part::Var { name, .. } => s.push_str(&self.var(name).unwrap_or_default()),
                Part::VarOp { name, op, word, .. } => {
                    s.push_str(&self.var_op(name, op, word, stderr).await)
                }
                Part::Subst { source, .. } => s.push_str(&self.substitute(source, stderr).await),
            }
        }
        s
    }

    fn var_op<'s>(
        &'s mut self,
        name: &'s str,
        op: &'s str,
        word: &'s str,
        stderr: &'s mut dyn Out,
    ) -> LocalBoxFuture<'s, String> {
        async move {
            let value = self.var(name);
            let set = value.is_some();
            let non_empty = value.as_deref().is_some_and(|v| !v.is_empty());
            let use_word = match op {
                ":-" | ":=" | ":?" => !non_empty,
                "-" | "=" | "?" => !set,
                ":+" => non_empty,
                _ => set,
            };
            if !use_word {
                return if op.ends_with('+') {
                    String::new()
                } else {
                    value.unwrap_or_default()
                };
            }
            let w = self.expand_text(word, stderr).await;
            match op {
                ":=" | "=" => self.sh.env.set(name, w.clone()),
                ":?" | "?" => {
                    let msg = if w.is_empty() {
                        "parameter null or not set".to_string()
                    } else {
                        w.clone()
                    };
                    stderr.line(&format!("kterm: {name}: {msg}"));
                }
                _ => {}
            }
            w
        }
        .boxed_local()
    }

    /// Expands text as if it were inside double quotes (here-document bodies,
    /// `${X:-word}` words).
    pub async fn expand_text(&mut self, text: &str, stderr: &mut dyn Out) -> String {
        let quoted = format!(
            "\"{}\"",
            text.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace("\\\\$", "\\$")
        );
        match tokenize(&quoted).ok().and_then(|t| t.into_iter().next()) {
            Some(Token::Word(w)) => self.expand_string(&w, stderr).await,
            _ => text.to_string(),
        }
    }

    /// Runs `$( … )` and returns its output without trailing newlines.
    async fn substitute(&mut self, source: &str, stderr: &mut dyn Out) -> String {
        let mut out = Vec::new();
        self.run_source(source, &mut out, stderr).await;
        let mut s = String::from_utf8_lossy(&out).into_owned();
        while s.ends_with('\n') {
            s.pop();
        }
        s
    }
}
