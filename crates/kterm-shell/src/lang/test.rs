//! Conditional expressions: `[[ … ]]`, and the `test` / `[` builtins.
//! File tests look at the session's files.

use super::ast::Cond;
use super::exec::Exec;
use super::expand::Ex;
use super::glob;
use crate::fs::Node;
use crate::{Out, ShellState};

/// A unary file or string test; `None` for an unknown operator.
pub(crate) fn unary(sh: &ShellState, op: &str, arg: &str) -> Option<bool> {
    let path = || sh.abs_path(arg);
    let node = || {
        if arg.is_empty() {
            None
        } else {
            sh.fs.get(&path()).cloned()
        }
    };
    Some(match op {
        "-z" => arg.is_empty(),
        "-n" => !arg.is_empty(),
        "-e" | "-a" => node().is_some(),
        "-f" => matches!(node(), Some(Node::File { .. })),
        "-d" => matches!(node(), Some(Node::Dir)),
        "-s" => match node() {
            Some(Node::File { data, .. }) => !data.is_empty(),
            Some(Node::Dir) => true,
            None => false,
        },
        "-r" | "-w" | "-O" | "-G" => node().is_some(),
        "-x" => matches!(node(), Some(Node::Dir)),
        "-L" | "-h" | "-b" | "-c" | "-p" | "-S" | "-t" | "-g" | "-u" | "-k" | "-N" => false,
        "-o" => {
            let mut o = sh.lang.opts.clone();
            o.by_name(arg).is_some_and(|b| *b)
        }
        "-v" => {
            let (name, idx) = match arg.find('[') {
                Some(i) if arg.ends_with(']') => (&arg[..i], Some(&arg[i + 1..arg.len() - 1])),
                _ => (arg, None),
            };
            match idx {
                None => sh
                    .env
                    .var(name)
                    .is_some_and(|v| v.scalar().is_some() || v.array.is_some() && !v.unset),
                Some(i) => {
                    let key = if super::vars::is_assoc(sh, name) {
                        super::vars::Key::Name(i.to_string())
                    } else {
                        super::vars::Key::Index(i.parse().unwrap_or(0))
                    };
                    super::vars::get_index(sh, name, &key).is_some()
                }
            }
        }
        _ => return None,
    })
}

fn mtime(sh: &ShellState, p: &str) -> Option<i64> {
    match sh.fs.get(&sh.abs_path(p)) {
        Some(Node::File { mtime_ms, .. }) => Some(*mtime_ms),
        Some(Node::Dir) => Some(0),
        None => None,
    }
}

/// A binary test on strings or files (not the integer ones).
pub(crate) fn binary(sh: &ShellState, a: &str, op: &str, b: &str) -> Option<bool> {
    Some(match op {
        "=" | "==" => a == b,
        "!=" => a != b,
        "<" => a < b,
        ">" => a > b,
        "-nt" => match (mtime(sh, a), mtime(sh, b)) {
            (Some(x), Some(y)) => x > y,
            (Some(_), None) => true,
            _ => false,
        },
        "-ot" => match (mtime(sh, a), mtime(sh, b)) {
            (Some(x), Some(y)) => x < y,
            (None, Some(_)) => true,
            _ => false,
        },
        "-ef" => {
            let (x, y) = (sh.abs_path(a), sh.abs_path(b));
            x == y && sh.fs.exists(&x)
        }
        _ => return None,
    })
}

fn int_op(op: &str, x: i64, y: i64) -> Option<bool> {
    Some(match op {
        "-eq" => x == y,
        "-ne" => x != y,
        "-lt" => x < y,
        "-le" => x <= y,
        "-gt" => x > y,
        "-ge" => x >= y,
        _ => return None,
    })
}

impl Exec<'_> {
    /// Evaluates `[[ … ]]`; `Err(2)` after an error message.
    pub(crate) fn cond<'s>(
        &'s mut self,
        c: &'s Cond,
        err: &'s mut dyn Out,
    ) -> futures::future::LocalBoxFuture<'s, Ex<bool>> {
        use futures::FutureExt;
        async move {
            Ok(match c {
                Cond::Not(inner) => !self.cond(inner, err).await?,
                Cond::And(a, b) => self.cond(a, err).await? && self.cond(b, err).await?,
                Cond::Or(a, b) => self.cond(a, err).await? || self.cond(b, err).await?,
                Cond::Word(w) => !self.expand_string(w, err).await?.is_empty(),
                Cond::Unary(op, w) => {
                    let arg = self.expand_string(w, err).await?;
                    unary(self.sh, op, &arg).unwrap_or(false)
                }
                Cond::Binary(a, op, b) => {
                    let left = self.expand_string(a, err).await?;
                    match op.as_str() {
                        "==" | "=" | "!=" => {
                            let pat = self.expand_pattern(b, err).await?;
                            let icase = self.sh.lang.opts.nocasematch;
                            let m = glob::matches_case(&pat, &left, icase);
                            if op == "!=" {
                                !m
                            } else {
                                m
                            }
                        }
                        "=~" => {
                            let re = self.regex_text(b, err).await?;
                            self.regex_match(&left, &re)?
                        }
                        "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" => {
                            let right = self.expand_string(b, err).await?;
                            let x = self.arith(&left, err).map_err(|_| 1)?;
                            let y = self.arith(&right, err).map_err(|_| 1)?;
                            int_op(op, x, y).unwrap_or(false)
                        }
                        _ => {
                            let right = self.expand_string(b, err).await?;
                            binary(self.sh, &left, op, &right).unwrap_or(false)
                        }
                    }
                }
            })
        }
        .boxed_local()
    }

    /// `[[ … ]]` as `set -x` shows it: the words expanded.
    pub(crate) fn cond_text<'s>(
        &'s mut self,
        c: &'s Cond,
        err: &'s mut dyn Out,
    ) -> futures::future::LocalBoxFuture<'s, Ex<String>> {
        use futures::FutureExt;
        async move {
            Ok(match c {
                Cond::Not(inner) => format!("! {}", self.cond_text(inner, err).await?),
                Cond::And(a, b) => format!(
                    "{} && {}",
                    self.cond_text(a, err).await?,
                    self.cond_text(b, err).await?
                ),
                Cond::Or(a, b) => format!(
                    "{} || {}",
                    self.cond_text(a, err).await?,
                    self.cond_text(b, err).await?
                ),
                Cond::Word(w) => self.expand_string(w, err).await?,
                Cond::Unary(op, w) => format!("{op} {}", self.expand_string(w, err).await?),
                Cond::Binary(a, op, b) => format!(
                    "{} {op} {}",
                    self.expand_string(a, err).await?,
                    self.expand_string(b, err).await?
                ),
            })
        }
        .boxed_local()
    }

    /// The right side of `=~`: quoted parts match literally.
    async fn regex_text(&mut self, w: &super::ast::Word, err: &mut dyn Out) -> Ex<String> {
        use super::ast::Part;
        let mut re = String::new();
        for p in &w.0 {
            match p {
                Part::Lit {
                    text,
                    quoted: false,
                } => re.push_str(text),
                Part::Lit { text, quoted: true } => re.push_str(&regex_lite::escape(text)),
                other => {
                    let quoted = matches!(
                        other,
                        Part::Param { quoted: true, .. } | Part::Subst { quoted: true, .. }
                    );
                    let s = self
                        .expand_string(&super::ast::Word(vec![other.clone()]), err)
                        .await?;
                    if quoted {
                        re.push_str(&regex_lite::escape(&s));
                    } else {
                        re.push_str(&s);
                    }
                }
            }
        }
        Ok(re)
    }

    fn regex_match(&mut self, s: &str, re: &str) -> Ex<bool> {
        let pattern = if self.sh.lang.opts.nocasematch {
            format!("(?i){}", posix_classes(re))
        } else {
            posix_classes(re)
        };
        let Ok(rx) = regex_lite::Regex::new(&pattern) else {
            return Err(2);
        };
        let items: Vec<(Option<super::vars::Key>, String)> = match rx.captures(s) {
            Some(caps) => caps
                .iter()
                .map(|m| (None, m.map(|m| m.as_str().to_string()).unwrap_or_default()))
                .collect(),
            None => Vec::new(),
        };
        let hit = !items.is_empty();
        let _ = super::vars::set_array(self.sh, "BASH_REMATCH", items, false, false);
        Ok(hit)
    }
}

/// `[[:digit:]]` and friends inside brackets, which the regex engine
/// spells `[0-9]`-style.
fn posix_classes(re: &str) -> String {
    let mut out = re.to_string();
    for (class, repl) in [
        ("[:alpha:]", "a-zA-Z"),
        ("[:digit:]", "0-9"),
        ("[:alnum:]", "a-zA-Z0-9"),
        ("[:upper:]", "A-Z"),
        ("[:lower:]", "a-z"),
        ("[:space:]", "\\s"),
        ("[:blank:]", " \\t"),
        ("[:punct:]", "!-/:-@\\[-`{-~"),
        ("[:xdigit:]", "0-9A-Fa-f"),
        ("[:alnum:]", "a-zA-Z0-9"),
        ("[:word:]", "\\w"),
    ] {
        out = out.replace(class, repl);
    }
    out
}

/// The `test` and `[` builtins over already expanded arguments. Returns
/// the status (0 true, 1 false, 2 error) and the error message.
pub(crate) fn test(sh: &ShellState, args: &[String]) -> (i32, Option<String>) {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match eval_n(sh, &a) {
        Ok(b) => (i32::from(!b), None),
        Err(m) => (2, Some(m)),
    }
}

fn eval_n(sh: &ShellState, a: &[&str]) -> Result<bool, String> {
    match a.len() {
        0 => Ok(false),
        1 => Ok(!a[0].is_empty()),
        2 => {
            if a[0] == "!" {
                return Ok(a[1].is_empty());
            }
            match unary(sh, a[0], a[1]) {
                Some(b) => Ok(b),
                None => Err(format!("{}: unary operator expected", a[0])),
            }
        }
        3 => {
            if let Some(r) = binary_test(sh, a[0], a[1], a[2]) {
                return r;
            }
            if a[0] == "!" {
                return eval_n(sh, &a[1..]).map(|b| !b);
            }
            if a[0] == "(" && a[2] == ")" {
                return Ok(!a[1].is_empty());
            }
            match a[1] {
                "-a" => Ok(!a[0].is_empty() && !a[2].is_empty()),
                "-o" => Ok(!a[0].is_empty() || !a[2].is_empty()),
                _ => Err(format!("{}: binary operator expected", a[1])),
            }
        }
        4 if a[0] == "!" => eval_n(sh, &a[1..]).map(|b| !b),
        4 if a[0] == "(" && a[3] == ")" => eval_n(sh, &a[1..3]),
        _ => {
            let mut p = TestParser { sh, a, i: 0 };
            let v = p.or()?;
            if p.i < a.len() {
                return Err("too many arguments".into());
            }
            Ok(v)
        }
    }
}

fn binary_test(sh: &ShellState, x: &str, op: &str, y: &str) -> Option<Result<bool, String>> {
    if let Some(b) = binary(sh, x, op, y) {
        return Some(Ok(b));
    }
    if matches!(op, "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge") {
        let parse = |s: &str| -> Result<i64, String> {
            s.trim()
                .parse::<i64>()
                .map_err(|_| format!("{s}: integer expression expected"))
        };
        return Some(parse(x).and_then(|x| parse(y).map(|y| int_op(op, x, y).unwrap_or(false))));
    }
    None
}

struct TestParser<'t> {
    sh: &'t ShellState,
    a: &'t [&'t str],
    i: usize,
}

impl TestParser<'_> {
    fn or(&mut self) -> Result<bool, String> {
        let mut v = self.and()?;
        while self.a.get(self.i) == Some(&"-o") {
            self.i += 1;
            let r = self.and()?;
            v = v || r;
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut v = self.not()?;
        while self.a.get(self.i) == Some(&"-a") {
            self.i += 1;
            let r = self.not()?;
            v = v && r;
        }
        Ok(v)
    }

    fn not(&mut self) -> Result<bool, String> {
        if self.a.get(self.i) == Some(&"!") {
            self.i += 1;
            return self.not().map(|b| !b);
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<bool, String> {
        let Some(&x) = self.a.get(self.i) else {
            return Err("argument expected".into());
        };
        if x == "(" {
            self.i += 1;
            let v = self.or()?;
            if self.a.get(self.i) != Some(&")") {
                return Err("`)' expected".into());
            }
            self.i += 1;
            return Ok(v);
        }
        if let (Some(&op), Some(&y)) = (self.a.get(self.i + 1), self.a.get(self.i + 2)) {
            if let Some(r) = binary_test(self.sh, x, op, y) {
                self.i += 3;
                return r;
            }
        }
        if let Some(&y) = self.a.get(self.i + 1) {
            if let Some(b) = unary(self.sh, x, y) {
                self.i += 2;
                return Ok(b);
            }
        }
        self.i += 1;
        Ok(!x.is_empty())
    }
}
