//! Parameter expansion: `${x…}` with every operator bash has.

use super::{Ex, Val};
use crate::lang::ast::{Param, ParamOp, Word};
use crate::lang::exec::Exec;
use crate::lang::glob;
use crate::lang::lexer::{is_name, Lexer};
use crate::lang::vars::{self, Key};
use crate::Out;

/// A parameter's result: a value, or (for `${x:-word}` and friends) the
/// operator's word still to expand in the caller's context; the bool says
/// the word came from inside double quotes.
pub(crate) enum Expanded {
    Val(Val),
    Word(Word, bool),
}

fn map(v: Val, f: impl Fn(&str) -> String) -> Val {
    match v {
        Val::Str(s) => Val::Str(f(&s)),
        Val::List { items, star } => Val::List {
            items: items.iter().map(|s| f(s)).collect(),
            star,
        },
    }
}

impl Exec<'_> {
    /// The value of a name with an optional subscript; `None` when unset.
    async fn lookup(
        &mut self,
        name: &str,
        index: Option<&str>,
        err: &mut dyn Out,
    ) -> Ex<Option<Val>> {
        match (name, index) {
            ("@", None) => return Ok(Some(self.positional_list(false))),
            ("*", None) => return Ok(Some(self.positional_list(true))),
            _ => {}
        }
        let Some(index) = index else {
            return Ok(self.get_scalar(name).map(Val::Str));
        };
        match index {
            "@" | "*" => {
                let exists = self.sh.env.var(name).is_some_and(|v| !v.unset)
                    || self.sh.env.var(name).is_none() && self.get_scalar(name).is_some();
                if !exists {
                    return Ok(None);
                }
                let items = if self.sh.env.var(name).is_some() {
                    vars::values(self.sh, name)
                } else {
                    self.get_scalar(name).into_iter().collect()
                };
                Ok(Some(Val::List {
                    items,
                    star: index == "*",
                }))
            }
            _ => {
                let key = if vars::is_assoc(self.sh, name) {
                    let w = Lexer::word_text(index, true);
                    Key::Name(self.expand_string(&w, err).await?)
                } else {
                    let i = self.arith_text(index, err).await?;
                    if i < 0 && !vars::is_array(self.sh, name) && self.sh.env.var(name).is_some() {
                        self.error(err, &format!("{name}: bad array subscript"));
                        return Err(1);
                    }
                    Key::Index(i)
                };
                if !vars::is_array(self.sh, name) && key == Key::Index(0) {
                    return Ok(self.get_scalar(name).map(Val::Str));
                }
                Ok(vars::get_index(self.sh, name, &key).map(Val::Str))
            }
        }
    }

    /// `${!x}`: the name (with subscript) that x holds.
    async fn indirect(&mut self, name: &str, err: &mut dyn Out) -> Ex<Option<Val>> {
        let Some(target) = self.get_scalar(name) else {
            self.error(err, &format!("{name}: invalid indirect expansion"));
            return Err(1);
        };
        let (n, idx) = match target.find('[') {
            Some(i) if target.ends_with(']') => (
                target[..i].to_string(),
                Some(target[i + 1..target.len() - 1].to_string()),
            ),
            _ => (target.clone(), None),
        };
        let special = n.len() == 1 && "@*#?$!-0123456789".contains(n.as_str())
            || n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty();
        if !is_name(&n) && !special {
            self.error(err, &format!("{target}: invalid variable name"));
            return Err(1);
        }
        self.lookup(&n, idx.as_deref(), err).await
    }

    pub(crate) async fn param(
        &mut self,
        p: &Param,
        quoted: bool,
        err: &mut dyn Out,
    ) -> Ex<Expanded> {
        let name = p.name.as_str();
        let idx = p.index.as_deref();
        let shown = || match idx {
            Some(i) => format!("{name}[{i}]"),
            None => name.to_string(),
        };
        match &p.op {
            ParamOp::Bad(text) => {
                self.error(err, &format!("${{{text}}}: bad substitution"));
                return Err(1);
            }
            ParamOp::Keys => {
                let items = vars::keys(self.sh, name);
                return Ok(Expanded::Val(Val::List { items, star: false }));
            }
            ParamOp::Names(c) => {
                let items: Vec<String> = self
                    .sh
                    .env
                    .iter()
                    .filter(|(n, v)| n.starts_with(name) && !v.unset)
                    .map(|(n, _)| n.to_string())
                    .collect();
                return Ok(Expanded::Val(Val::List {
                    items,
                    star: *c == '*',
                }));
            }
            ParamOp::Len => {
                let v = self.lookup(name, idx, err).await?;
                if v.is_none() && self.sh.lang.opts.nounset && !matches!(name, "@" | "*") {
                    self.error(err, &format!("{}: unbound variable", shown()));
                    self.fatal = true;
                    return Err(1);
                }
                let n = match v {
                    None => 0,
                    Some(Val::Str(s)) => s.chars().count(),
                    Some(Val::List { items, .. }) => items.len(),
                };
                return Ok(Expanded::Val(Val::Str(n.to_string())));
            }
            _ => {}
        }
        let (value, base_name) = if p.op == ParamOp::Indirect {
            (self.indirect(name, err).await?, name.to_string())
        } else if let Some(inner) = name.strip_prefix('!') {
            (self.indirect(inner, err).await?, inner.to_string())
        } else {
            (self.lookup(name, idx, err).await?, name.to_string())
        };
        let _ = base_name;
        let is_null = |v: &Option<Val>| match v {
            None => true,
            Some(Val::Str(s)) => s.is_empty(),
            Some(Val::List { items, .. }) => {
                items.is_empty() || items.iter().all(|s| s.is_empty()) && items.len() == 1
            }
        };
        if let ParamOp::Default { colon, kind, word } = &p.op {
            let use_word = value.is_none() || (*colon && is_null(&value));
            let w = || Lexer::word_text(word, quoted);
            return match kind {
                '-' if use_word => Ok(Expanded::Word(w(), quoted)),
                '+' if !use_word => Ok(Expanded::Word(w(), quoted)),
                '+' => Ok(Expanded::Val(Val::Str(String::new()))),
                '=' if use_word => {
                    let v = self.expand_string(&w(), err).await?;
                    if !is_name(name) {
                        self.error(err, &format!("${name}: cannot assign in this way"));
                        return Err(1);
                    }
                    let key = match idx {
                        Some(i) => Some(self.key(name, i, vars::is_assoc(self.sh, name), err)?),
                        None => None,
                    };
                    let res = match key {
                        Some(k) => vars::set_index(self.sh, name, k, v.clone()),
                        None => vars::set_scalar(self.sh, name, v.clone()),
                    };
                    if let Err(m) = res {
                        self.error(err, &m);
                        return Err(1);
                    }
                    Ok(Expanded::Val(Val::Str(v)))
                }
                '?' if use_word => {
                    let msg = self.expand_string(&w(), err).await?;
                    let msg = if msg.is_empty() {
                        "parameter null or not set".to_string()
                    } else {
                        msg
                    };
                    self.error(err, &format!("{}: {msg}", shown()));
                    self.fatal = true;
                    Err(1)
                }
                _ => Ok(Expanded::Val(value.unwrap_or(Val::Str(String::new())))),
            };
        }
        let Some(value) = value else {
            if self.sh.lang.opts.nounset && !matches!(name, "@" | "*") {
                let what = if p.op == ParamOp::Indirect {
                    name.to_string()
                } else {
                    shown()
                };
                self.error(err, &format!("{what}: unbound variable"));
                self.fatal = true;
                return Err(1);
            }
            return Ok(Expanded::Val(Val::Str(String::new())));
        };
        let v = match &p.op {
            ParamOp::Plain | ParamOp::Indirect => value,
            ParamOp::Trim {
                suffix,
                longest,
                pat,
            } => {
                let pat = self.pattern_text(pat, quoted, err).await?;
                map(value, |s| {
                    match glob::match_end(&pat, s, *suffix, *longest) {
                        Some((a, b)) => format!("{}{}", &s[..a], &s[b..]),
                        None => s.to_string(),
                    }
                })
            }
            ParamOp::Replace { mode, pat, rep } => {
                let pat = self.pattern_text(pat, quoted, err).await?;
                let rep = match rep {
                    Some(r) => {
                        let w = Lexer::word_text(r, false);
                        Some(self.expand_pattern(&w, err).await?)
                    }
                    None => None,
                };
                map(value, |s| replace(s, &pat, rep.as_deref(), *mode))
            }
            ParamOp::Substr { off, len } => {
                let o = self.arith_text(off, err).await?;
                let l = match len {
                    Some(l) => Some(self.arith_text(l, err).await?),
                    None => None,
                };
                match substr(value, o, l, name == "@" || name == "*", self) {
                    Ok(v) => v,
                    Err(m) => {
                        let m = m.replace("{expr}", len.as_deref().unwrap_or(""));
                        self.error(err, &m);
                        return Err(1);
                    }
                }
            }
            ParamOp::Case { mode, all, pat } => {
                let pat = if pat.is_empty() {
                    "?".to_string()
                } else {
                    self.pattern_text(pat, quoted, err).await?
                };
                map(value, |s| change_case(s, &pat, *mode, *all))
            }
            ParamOp::Transform(op) => {
                let attrs = self.attr_flags(name);
                let decl = self.sh.env.var(name).cloned();
                map(value, |s| match op {
                    'Q' | 'K' | 'k' => crate::lang::quote::single(s),
                    'E' => crate::lang::escapes::ansi_c(s),
                    'P' => s.to_string(),
                    'U' => s.to_uppercase(),
                    'L' => s.to_lowercase(),
                    'u' => {
                        let mut c = s.chars();
                        match c.next() {
                            Some(f) => f.to_uppercase().chain(c).collect(),
                            None => String::new(),
                        }
                    }
                    'a' => attrs.clone(),
                    'A' => match &decl {
                        Some(_) if attrs.is_empty() => {
                            format!("{name}={}", crate::lang::quote::single(s))
                        }
                        _ => format!("declare -{attrs} {name}={}", crate::lang::quote::single(s)),
                    },
                    _ => s.to_string(),
                })
            }
            _ => value,
        };
        Ok(Expanded::Val(v))
    }

    /// The operator's pattern text expanded as a pattern.
    async fn pattern_text(&mut self, pat: &str, _quoted: bool, err: &mut dyn Out) -> Ex<String> {
        let w = Lexer::word_text(pat, false);
        // Inside double quotes the pattern's own quotes still quote.
        self.expand_pattern(&w, err).await
    }

    /// `${x@a}`: the attribute letters.
    pub(crate) fn attr_flags(&self, name: &str) -> String {
        let Some(v) = self.sh.env.var(name) else {
            return String::new();
        };
        let mut s = String::new();
        match v.array {
            Some(crate::state::Array::Indexed(_)) => s.push('a'),
            Some(crate::state::Array::Assoc(_)) => s.push('A'),
            None => {}
        }
        if v.integer {
            s.push('i');
        }
        if let Some(c) = v.case {
            s.push(c);
        }
        if v.readonly {
            s.push('r');
        }
        if v.exported {
            s.push('x');
        }
        s
    }
}

/// `${x/pat/rep}` on one string. In `rep`, an unquoted `&` is the match
/// (bash 5.2's patsub_replacement); `rep` arrives pattern-escaped.
fn replace(s: &str, pat: &str, rep: Option<&str>, mode: char) -> String {
    let render = |m: &str| -> String {
        let Some(r) = rep else {
            return String::new();
        };
        let mut out = String::new();
        let mut esc = false;
        for c in r.chars() {
            if esc {
                out.push(c);
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '&' {
                out.push_str(m);
            } else {
                out.push(c);
            }
        }
        out
    };
    let chars: Vec<char> = s.chars().collect();
    let byte = |ci: usize| -> usize { chars[..ci].iter().map(|c| c.len_utf8()).sum() };
    match mode {
        '#' => match glob::match_end(pat, s, false, true) {
            Some((a, b)) if pat.is_empty() || b > a || glob::matches(pat, "") => {
                format!("{}{}", render(&s[a..b]), &s[b..])
            }
            _ => s.to_string(),
        },
        '%' => match glob::match_end(pat, s, true, true) {
            Some((a, b)) => format!("{}{}", &s[..a], render(&s[a..b])),
            None => s.to_string(),
        },
        _ => {
            if pat.is_empty() {
                return s.to_string();
            }
            let mut out = String::new();
            let mut i = 0;
            while i <= chars.len() {
                match glob::find(pat, s, i) {
                    Some((a, b)) if b > a => {
                        out.push_str(&s[byte(i)..byte(a)]);
                        out.push_str(&render(&s[byte(a)..byte(b)]));
                        i = b;
                        if mode != 'A' {
                            out.push_str(&s[byte(i)..]);
                            return out;
                        }
                    }
                    _ => break,
                }
            }
            out.push_str(&s[byte(i.min(chars.len()))..]);
            out
        }
    }
}

fn change_case(s: &str, pat: &str, mode: char, all: bool) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if (all || i == 0) && glob::matches(pat, &c.to_string()) {
            let upper = match mode {
                '^' => true,
                ',' => false,
                _ => c.is_lowercase(),
            };
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `${x:off:len}` on a string (characters) or a list (elements; for `$@`
/// offset 0 is `$0`).
fn substr(
    v: Val,
    off: i64,
    len: Option<i64>,
    positional: bool,
    ex: &mut Exec<'_>,
) -> Result<Val, String> {
    match v {
        Val::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let n = chars.len() as i64;
            let start = if off < 0 { (n + off).max(-1) } else { off };
            if start < 0 || start > n {
                return Ok(Val::Str(String::new()));
            }
            let end = match len {
                None => n,
                Some(l) if l < 0 => {
                    let e = n + l;
                    if e < start {
                        return Err(format!("{}: substring expression < 0", l));
                    }
                    e
                }
                Some(l) => (start + l).min(n),
            };
            Ok(Val::Str(
                chars[start as usize..end as usize].iter().collect(),
            ))
        }
        Val::List { items, star } => {
            let mut items = items;
            if positional {
                let zero = ex.get_scalar("0").unwrap_or_default();
                items.insert(0, zero);
            }
            let n = items.len() as i64;
            let start = if off < 0 { n + off } else { off };
            if start < 0 || start > n {
                return Ok(Val::List {
                    items: Vec::new(),
                    star,
                });
            }
            let end = match len {
                None => n,
                Some(l) if l < 0 => return Err(format!("{l}: substring expression < 0")),
                Some(l) => (start + l).min(n),
            };
            Ok(Val::List {
                items: items[start as usize..end as usize].to_vec(),
                star,
            })
        }
    }
}
