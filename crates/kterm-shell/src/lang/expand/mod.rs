//! Word expansion: braces, tilde, parameters, command substitution,
//! arithmetic, field splitting with `IFS`, pathname expansion.
//! Command substitution runs through the executor, so this lives on `Exec`.
//!
//! Errors are reported where they happen; `Err(status)` tells the caller
//! the command must not run.

mod fields;
mod param;
mod special;

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use super::ast::{Part, Word};
use super::exec::{Exec, Flow, Input};
use super::glob;
use crate::Out;
pub(crate) use fields::Fields;

pub(crate) type Ex<T> = Result<T, i32>;

/// What a parameter gives: one string, or a list (`$@`, `${a[@]}`) that
/// keeps its elements apart; `star` lists join with IFS when quoted.
#[derive(Clone, Debug)]
pub(crate) enum Val {
    Str(String),
    List { items: Vec<String>, star: bool },
}

impl Exec<'_> {
    /// The first character of IFS (what `"$*"` joins with).
    pub(crate) fn ifs_join(&self) -> String {
        match self.sh.env.get("IFS") {
            None => " ".into(),
            Some(s) => s.chars().next().map(String::from).unwrap_or_default(),
        }
    }

    /// A word as command arguments: brace expansion, expansions, field
    /// splitting and pathname expansion.
    pub(crate) async fn expand_word(&mut self, word: &Word, err: &mut dyn Out) -> Ex<Vec<String>> {
        let mut out = Vec::new();
        for w in super::brace::expand(word) {
            out.extend(self.expand_fields_nobrace(&w, err).await?);
        }
        Ok(out)
    }

    /// Expands a list of words into arguments.
    pub(crate) async fn expand_words(
        &mut self,
        words: &[Word],
        err: &mut dyn Out,
    ) -> Ex<Vec<String>> {
        let mut out = Vec::new();
        for w in words {
            out.extend(self.expand_word(w, err).await?);
        }
        Ok(out)
    }

    pub(crate) async fn expand_fields_nobrace(
        &mut self,
        word: &Word,
        err: &mut dyn Out,
    ) -> Ex<Vec<String>> {
        let ifs = self.sh.env.get("IFS").map(str::to_string);
        let mut f = Fields::new(ifs.as_deref());
        self.expand_into(word, &mut f, true, err).await?;
        let mut out = Vec::new();
        let opts = self.sh.lang.opts.clone();
        for field in f.finish() {
            if field.glob && !opts.noglob {
                let matches = glob::expand(
                    &self.sh.fs,
                    &self.sh.cwd,
                    &field.pat,
                    glob::GlobOpts {
                        dotglob: opts.dotglob,
                        nocase: opts.nocaseglob,
                    },
                );
                if !matches.is_empty() {
                    out.extend(matches);
                    continue;
                }
                if opts.failglob {
                    self.error(err, &format!("no match: {}", field.text));
                    return Err(1);
                }
                if opts.nullglob {
                    continue;
                }
            }
            out.push(field.text);
        }
        Ok(out)
    }

    /// Feeds a word's parts into `f`; `split` is false inside contexts that
    /// never split (assignments, `[[ ]]`).
    fn expand_into<'s>(
        &'s mut self,
        word: &'s Word,
        f: &'s mut Fields,
        split: bool,
        err: &'s mut dyn Out,
    ) -> LocalBoxFuture<'s, Ex<()>> {
        async move {
            for part in &word.0 {
                match part {
                    Part::Lit { text, quoted } => {
                        if *quoted {
                            f.quoted(text);
                        } else {
                            f.literal(text);
                        }
                    }
                    Part::Tilde => {
                        let home = self
                            .sh
                            .env
                            .get("HOME")
                            .unwrap_or(crate::state::HOME)
                            .to_string();
                        f.quoted(&home);
                    }
                    Part::Param { p, quoted } => {
                        match self.param(p, *quoted, err).await? {
                            param::Expanded::Val(v) => self.push_val(v, *quoted, split, f),
                            param::Expanded::Word(w, q) => {
                                // A `${x:-word}` word: its own quoting applies.
                                if *quoted || q {
                                    let s = self.expand_string(&w, err).await?;
                                    f.quoted(&s);
                                } else {
                                    self.expand_into(&w, f, split, err).await?;
                                }
                            }
                        }
                    }
                    Part::Subst { source, quoted } => {
                        let v = self.substitute(source, err).await?;
                        self.push_val(Val::Str(v), *quoted, split, f);
                    }
                    Part::Arith { expr, quoted } => {
                        let n = self.arith_text(expr, err).await?;
                        self.push_val(Val::Str(n.to_string()), *quoted, split, f);
                    }
                    Part::Array(items) => {
                        // Only assignments give this meaning; elsewhere the
                        // words stand as written.
                        f.literal("(");
                        for (i, w) in items.iter().enumerate() {
                            if i > 0 {
                                f.literal(" ");
                            }
                            let s = self.expand_string(w, err).await?;
                            f.literal(&s);
                        }
                        f.literal(")");
                    }
                }
            }
            Ok(())
        }
        .boxed_local()
    }

    fn push_val(&mut self, v: Val, quoted: bool, split: bool, f: &mut Fields) {
        match v {
            Val::Str(s) => {
                if quoted {
                    f.quoted(&s);
                } else if !split {
                    // Unquoted in a pattern context: still a pattern.
                    f.literal(&s);
                } else {
                    f.split(&s);
                }
            }
            Val::List { items, star } => {
                if star && (quoted || !split) {
                    let sep = self.ifs_join();
                    f.quoted(&items.join(&sep));
                } else if quoted || !split {
                    for (i, s) in items.iter().enumerate() {
                        if i > 0 {
                            if split {
                                f.boundary();
                            } else {
                                f.quoted(" ");
                            }
                        }
                        f.quoted(s);
                    }
                } else {
                    for (i, s) in items.iter().enumerate() {
                        if i > 0 {
                            f.boundary_soft();
                        }
                        f.split(s);
                    }
                }
            }
        }
    }

    /// A word as one string: no splitting, no pathname expansion
    /// (assignments, here-documents, `case` words, `[[ ]]` operands).
    pub(crate) async fn expand_string(&mut self, word: &Word, err: &mut dyn Out) -> Ex<String> {
        let mut f = Fields::new(Some(""));
        f.quoted("");
        self.expand_into(word, &mut f, false, err).await?;
        Ok(f.finish()
            .into_iter()
            .map(|x| x.text)
            .collect::<Vec<_>>()
            .join(" "))
    }

    /// A word as a pattern: quoted characters escaped with `\`.
    pub(crate) async fn expand_pattern(&mut self, word: &Word, err: &mut dyn Out) -> Ex<String> {
        let mut f = Fields::new(Some(""));
        f.quoted("");
        self.expand_into(word, &mut f, false, err).await?;
        Ok(f.finish()
            .into_iter()
            .map(|x| x.pat)
            .collect::<Vec<_>>()
            .join(" "))
    }

    /// The value of an assignment: tilde after `=` and `:`, no splitting.
    pub(crate) async fn expand_assign_value(
        &mut self,
        word: &Word,
        err: &mut dyn Out,
    ) -> Ex<String> {
        self.expand_string(word, err).await
    }

    /// Runs `$( … )` in a subshell and returns its output without trailing
    /// newlines.
    pub(crate) async fn substitute(&mut self, source: &str, err: &mut dyn Out) -> Ex<String> {
        let mut out = Vec::new();
        let saved = self.enter_subshell();
        // bash does not pass `set -e` into `$( … )` (no inherit_errexit).
        self.sh.lang.opts.errexit = false;
        self.perm.fd1 = None;
        self.substs += 1;
        let tty = self.stdout_is_tty;
        self.stdout_is_tty = false;
        let line = self.lineno;
        // `$(< file)` reads the file.
        let trimmed = source.trim();
        let status = if let Some(file) = trimmed.strip_prefix('<').filter(|f| !f.starts_with('<')) {
            let w = crate::lang::lexer::Lexer::word_text(file.trim(), false);
            let name = self.expand_string(&w, err).await.unwrap_or_default();
            let path = self.sh.abs_path(&name);
            match self.sh.fs.read(&path) {
                Ok(d) => {
                    out.extend_from_slice(d);
                    0
                }
                Err(e) => {
                    self.error(err, &format!("{name}: {e}"));
                    1
                }
            }
        } else {
            let inp = Input::tty();
            self.run_top(source, &inp, &mut out, err).await
        };
        let status = if self.flow == Some(Flow::Exit) {
            self.sh.last_status
        } else {
            status
        };
        self.sh.last_status = status;
        self.leave_subshell(saved, &Input::tty(), &mut out, err)
            .await;
        self.substs -= 1;
        self.lineno = line;
        self.stdout_is_tty = tty;
        self.subst_status = Some(status);
        self.sh.last_status = status;
        if self.cancel.is_cancelled() {
            return Err(130);
        }
        let mut s = String::from_utf8_lossy(&out).into_owned();
        while s.ends_with('\n') {
            s.pop();
        }
        Ok(s)
    }

    /// `$(( … ))` and other arithmetic text: expanded first, then evaluated.
    pub(crate) async fn arith_text(&mut self, expr: &str, err: &mut dyn Out) -> Ex<i64> {
        let text = if expr.contains(['$', '`']) {
            let w = crate::lang::lexer::Lexer::heredoc_text(expr);
            self.expand_string(&w, err).await?
        } else {
            expr.to_string()
        };
        self.arith(&text, err)
    }
}
