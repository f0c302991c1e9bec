//! awk's built-in functions and printf.

use std::rc::Rc;

use super::ast::{Expr, Var};
use super::interp::{fatal, Cell, Interp, R};
use super::parser::{RLENGTH, RSTART};
use super::value::Value;
use crate::cfmt;

fn char_pos(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

impl Interp<'_> {
    pub fn sprintf(&mut self, vals: &[Value]) -> R<String> {
        let Some(fmt) = vals.first() else {
            return Ok(String::new());
        };
        let fmt = self.to_str(fmt).to_string();
        let b = fmt.as_bytes();
        let mut out = String::new();
        let mut next = 1;
        let mut i = 0;
        let mut lit_start = 0;
        while i < b.len() {
            if b[i] != b'%' {
                i += 1;
                continue;
            }
            out.push_str(&fmt[lit_start..i]);
            if b.get(i + 1) == Some(&b'%') {
                out.push('%');
                i += 2;
                lit_start = i;
                continue;
            }
            let Some((d, len)) = cfmt::parse(&b[i + 1..]) else {
                out.push_str(&fmt[i..]);
                lit_start = b.len();
                break;
            };
            let mut take = |me: &mut Self| -> R<Value> {
                match vals.get(next) {
                    Some(v) => {
                        next += 1;
                        Ok(v.clone())
                    }
                    None => {
                        let _ = me;
                        fatal(format!(
                            "not enough arguments to satisfy format string\n\t`{fmt}'\n\t{}^ ran out for this one",
                            " ".repeat(i + len)
                        ))
                    }
                }
            };
            let mut spec = d.spec.clone();
            match d.width {
                cfmt::Count::Given(w) => spec.width = Some(w),
                cfmt::Count::Star => {
                    let w = take(self)?.num() as i64;
                    if w < 0 {
                        spec.minus = true;
                    }
                    spec.width = Some(w.unsigned_abs() as usize);
                }
                cfmt::Count::None => {}
            }
            match d.prec {
                cfmt::Count::Given(p) => spec.prec = Some(p),
                cfmt::Count::Star => {
                    let p = take(self)?.num() as i64;
                    spec.prec = (p >= 0).then_some(p as usize);
                }
                cfmt::Count::None => {}
            }
            let conv = spec.conv;
            let piece = match conv {
                'd' | 'i' | 'o' | 'x' | 'X' | 'u' => {
                    let v = take(self)?.num();
                    if v.is_finite() {
                        cfmt::int(&spec, v.trunc() as i128)
                    } else {
                        let mut f = spec.clone();
                        f.conv = 'f';
                        f.prec = None;
                        cfmt::float(&f, v)
                    }
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'a' | 'A' => {
                    let v = take(self)?.num();
                    cfmt::float(&spec, v)
                }
                'c' => {
                    let v = take(self)?;
                    let s = match &v {
                        Value::Num(n) | Value::StrNum(_, n) => char::from_u32(*n as u32)
                            .map(String::from)
                            .unwrap_or_default(),
                        other => self
                            .to_str(other)
                            .chars()
                            .next()
                            .map_or_else(|| "\0".to_string(), String::from),
                    };
                    let mut sp = spec.clone();
                    sp.prec = None;
                    cfmt::string(&sp, &s)
                }
                's' => {
                    let v = take(self)?;
                    let s = match &v {
                        Value::Num(n) => {
                            super::value::num_to_str(*n, &self.to_str(&Value::Str("%.6g".into())))
                        }
                        other => self.to_str(other).to_string(),
                    };
                    cfmt::string(&spec, &s)
                }
                _ => fmt[i..i + 1 + len].to_string(),
            };
            out.push_str(&piece);
            i += 1 + len;
            lit_start = i;
        }
        if lit_start < b.len() {
            out.push_str(&fmt[lit_start..]);
        }
        Ok(out)
    }

    fn arg(&mut self, args: &[Expr], i: usize) -> R<Value> {
        match args.get(i) {
            Some(e) => self.eval(e),
            None => Ok(Value::Uninit),
        }
    }

    fn arg_str(&mut self, args: &[Expr], i: usize) -> R<Rc<str>> {
        let v = self.arg(args, i)?;
        Ok(self.to_str(&v))
    }

    fn arg_num(&mut self, args: &[Expr], i: usize) -> R<f64> {
        Ok(self.arg(args, i)?.num())
    }

    /// sub and gsub's replacement: `&` is the match, `\&` a literal `&`.
    fn sub_repl(repl: &str, matched: &str, out: &mut String) {
        let mut it = repl.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '\\' if matches!(it.peek(), Some('&')) => {
                    it.next();
                    out.push('&');
                }
                '\\' if matches!(it.peek(), Some('\\')) => {
                    it.next();
                    out.push('\\');
                }
                '&' => out.push_str(matched),
                c => out.push(c),
            }
        }
    }

    fn substitute(&mut self, args: &[Expr], global: bool) -> R<Value> {
        if args.len() < 2 {
            return fatal("sub/gsub: needs at least two arguments");
        }
        let re = self.regex_of(&args[0])?;
        let repl = self.arg_str(args, 1)?;
        let target = args
            .get(2)
            .cloned()
            .unwrap_or(Expr::Field(Box::new(Expr::Num(0.0))));
        let tv = self.eval(&target)?;
        let text = self.to_str(&tv).to_string();
        let mut out = String::new();
        let mut last = 0;
        let mut pos = 0;
        let mut count = 0;
        let mut prev_end: Option<usize> = None;
        while pos <= text.len() {
            let Some(m) = re.find_at(&text, pos) else {
                break;
            };
            let step = |at: usize| at + text[at..].chars().next().map_or(1, char::len_utf8);
            if m.start() == m.end() && prev_end == Some(m.start()) {
                pos = step(m.start());
                continue;
            }
            out.push_str(&text[last..m.start()]);
            Self::sub_repl(&repl, m.as_str(), &mut out);
            last = m.end();
            count += 1;
            prev_end = Some(m.end());
            if !global {
                break;
            }
            pos = if m.start() == m.end() {
                step(m.end())
            } else {
                m.end()
            };
        }
        if count > 0 {
            out.push_str(&text[last..]);
            self.assign_pub(&target, Value::Str(out.into()))?;
        }
        Ok(Value::Num(count as f64))
    }

    fn gensub(&mut self, args: &[Expr]) -> R<Value> {
        let re = self.regex_of(args.first().unwrap_or(&Expr::Str("".into())))?;
        let repl = self.arg_str(args, 1)?;
        let how = self.arg(args, 2)?;
        let hs = self.to_str(&how);
        let (global, nth) = if hs.starts_with(['g', 'G']) {
            (true, 1)
        } else {
            (false, (how.num() as usize).max(1))
        };
        let text = match args.get(3) {
            Some(e) => {
                let v = self.eval(e)?;
                self.to_str(&v).to_string()
            }
            None => {
                let v = self.fields_value(0);
                self.to_str(&v).to_string()
            }
        };
        let mut out = String::new();
        let mut last = 0;
        let mut n = 0;
        for caps in re.captures_iter(&text) {
            let Some(m) = caps.get(0) else { continue };
            n += 1;
            if n < nth {
                continue;
            }
            out.push_str(&text[last..m.start()]);
            let mut it = repl.chars().peekable();
            while let Some(c) = it.next() {
                match c {
                    '\\' => match it.next() {
                        Some(d @ '0'..='9') => {
                            let g = d as usize - '0' as usize;
                            out.push_str(caps.get(g).map_or("", |m| m.as_str()));
                        }
                        Some('&') => out.push('&'),
                        Some(o) => out.push(o),
                        None => out.push('\\'),
                    },
                    '&' => out.push_str(m.as_str()),
                    c => out.push(c),
                }
            }
            last = m.end();
            if !global {
                break;
            }
        }
        out.push_str(&text[last..]);
        Ok(Value::Str(out.into()))
    }

    pub fn builtin(&mut self, name: &str, args: &[Expr]) -> R<Value> {
        Ok(match name {
            "length" => {
                if let Some(Expr::Var(v)) = args.first() {
                    if *v != Var::Nf {
                        let c = self.cell_pub(*v);
                        if let Cell::Arr(a) = c {
                            return Ok(Value::Num(a.borrow().len() as f64));
                        }
                    }
                }
                let s = if args.is_empty() {
                    let v = self.fields_value(0);
                    self.to_str(&v)
                } else {
                    self.arg_str(args, 0)?
                };
                Value::Num(s.chars().count() as f64)
            }
            "substr" => {
                // gawk truncates a fractional start and length, and a start
                // before 1 counts from 1 without shortening the length.
                let s = self.arg_str(args, 0)?;
                let m = self.arg_num(args, 1)?;
                let n = if args.len() > 2 {
                    Some(self.arg_num(args, 2)?)
                } else {
                    None
                };
                let start = if m.is_nan() { 1.0 } else { m.trunc().max(1.0) };
                let take = match n {
                    Some(n) if n.is_nan() || n < 1.0 => 0,
                    Some(n) => n.trunc().min(1e15) as usize,
                    None => usize::MAX,
                };
                let t: String = s
                    .chars()
                    .skip(start.min(1e15) as usize - 1)
                    .take(take)
                    .collect();
                Value::Str(t.into())
            }
            "index" => {
                let s = self.arg_str(args, 0)?;
                let t = self.arg_str(args, 1)?;
                Value::Num(s.find(&*t).map_or(0, |b| char_pos(&s, b) + 1) as f64)
            }
            "split" => {
                let s = self.arg_str(args, 0)?;
                let Some(Expr::Var(v)) = args.get(1) else {
                    return fatal("split: second argument is not an array");
                };
                let arr = self.array(*v)?;
                let parts = match args.get(2) {
                    Some(Expr::Regex(r)) => {
                        if s.is_empty() {
                            Vec::new()
                        } else {
                            super::interp::split_regex(&s, r)
                        }
                    }
                    Some(e) => {
                        let fv = self.eval(e)?;
                        let fs = self.to_str(&fv);
                        self.split(&s, &fs, false)
                    }
                    None => {
                        let fs = self.to_str(&Value::Uninit);
                        let _ = fs;
                        let fsv = match &self.globals[super::parser::FS] {
                            Cell::Val(v) => v.clone(),
                            Cell::Arr(_) => Value::Str(" ".into()),
                        };
                        let fs = self.to_str(&fsv);
                        self.split(&s, &fs, false)
                    }
                };
                let mut a = arr.borrow_mut();
                a.clear();
                for (i, p) in parts.iter().enumerate() {
                    a.set((i + 1).to_string().into(), Value::input(p));
                }
                Value::Num(parts.len() as f64)
            }
            "sub" => self.substitute(args, false)?,
            "gsub" => self.substitute(args, true)?,
            "gensub" => self.gensub(args)?,
            "match" => {
                let s = self.arg_str(args, 0)?;
                let re = self.regex_of(args.get(1).unwrap_or(&Expr::Str("".into())))?;
                let caps = re.captures(&s);
                let (start, len) = match caps.as_ref().and_then(|c| c.get(0)) {
                    Some(m) => (
                        char_pos(&s, m.start()) + 1,
                        m.as_str().chars().count() as i64,
                    ),
                    None => (0, -1),
                };
                if let Some(Expr::Var(v)) = args.get(2) {
                    let arr = self.array(*v)?;
                    let mut a = arr.borrow_mut();
                    a.clear();
                    if let Some(c) = &caps {
                        for (i, g) in c.iter().enumerate() {
                            if let Some(g) = g {
                                a.set(i.to_string().into(), Value::input(g.as_str()));
                            }
                        }
                    }
                }
                self.globals[RSTART] = Cell::Val(Value::Num(start as f64));
                self.globals[RLENGTH] = Cell::Val(Value::Num(len as f64));
                Value::Num(start as f64)
            }
            "sprintf" => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval(a)?);
                }
                Value::Str(self.sprintf(&vals)?.into())
            }
            "tolower" => Value::Str(self.arg_str(args, 0)?.to_ascii_lowercase().into()),
            "toupper" => Value::Str(self.arg_str(args, 0)?.to_ascii_uppercase().into()),
            "int" => Value::Num(self.arg_num(args, 0)?.trunc()),
            "sqrt" => {
                let x = self.arg_num(args, 0)?;
                if x < 0.0 {
                    self.warn(&format!(
                        "sqrt: called with negative argument {}",
                        super::value::num_to_str(x, "%.6g")
                    ));
                }
                Value::Num(x.sqrt())
            }
            "exp" => Value::Num(self.arg_num(args, 0)?.exp()),
            "log" => {
                let x = self.arg_num(args, 0)?;
                if x < 0.0 {
                    self.warn(&format!(
                        "log: received negative argument {}",
                        super::value::num_to_str(x, "%.6g")
                    ));
                }
                Value::Num(x.ln())
            }
            "sin" => Value::Num(self.arg_num(args, 0)?.sin()),
            "cos" => Value::Num(self.arg_num(args, 0)?.cos()),
            "atan2" => {
                let y = self.arg_num(args, 0)?;
                let x = self.arg_num(args, 1)?;
                Value::Num(y.atan2(x))
            }
            "rand" => Value::Num(self.rand()),
            "srand" => {
                let seed = if args.is_empty() {
                    None
                } else {
                    Some(self.arg_num(args, 0)?)
                };
                Value::Num(self.srand(seed))
            }
            "systime" => Value::Num(self.now_s as f64),
            "close" => {
                let n = self.arg_str(args, 0)?;
                Value::Num(f64::from(self.close(&n)?))
            }
            "fflush" => Value::Num(0.0),
            "system" => {
                let line = self.arg_str(args, 0)?.to_string();
                let before = std::mem::take(&mut self.out);
                match self.world.run(&line, Vec::new(), false, &before) {
                    Ok((code, _)) => Value::Num(f64::from(code)),
                    Err(e) => return fatal(e),
                }
            }
            "(list)" => {
                let mut parts = Vec::new();
                for a in args {
                    let v = self.eval(a)?;
                    parts.push(self.to_str(&v));
                }
                Value::Str(parts.concat().into())
            }
            other => return fatal(format!("function `{other}' not defined")),
        })
    }
}
