//! Records and fields (splitting by FS, rebuilding with OFS, NF), the
//! main input (ARGV's files and assignments, RS), getline, and the regex
//! cache for dynamic patterns.

use std::rc::Rc;

use regex_lite::Regex;

use super::super::ast::*;
use super::super::parser::*;
use super::super::value::Value;
use super::{assignment, fatal, split_regex, Cell, Interp, R};
use crate::regex::{self as re, Flavor};

impl Interp<'_> {
    pub fn set_record(&mut self, text: &str) {
        self.fields.truncate(1);
        self.fields[0] = Value::input(text);
        let fs = self.gstr(FS);
        let parts = self.split(text, &fs, false);
        self.nf = parts.len();
        self.fields
            .extend(parts.into_iter().map(|p| Value::input(&p)));
    }

    /// Splits by a field separator as awk does.
    pub fn split(&mut self, text: &str, fs: &str, paragraph_newlines: bool) -> Vec<String> {
        let _ = paragraph_newlines;
        let para = matches!(&self.globals[RS], Cell::Val(v) if self.to_str(v).is_empty());
        if fs == " " {
            return text
                .split([' ', '\t', '\n'])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        }
        if text.is_empty() {
            return Vec::new();
        }
        if fs.is_empty() {
            return text.chars().map(|c| c.to_string()).collect();
        }
        let single = fs.chars().count() == 1 && fs != "\\";
        let mut out: Vec<String> = if single && !para {
            text.split(fs).map(str::to_string).collect()
        } else {
            let pat = if para && single {
                format!("[{}\n]", regex_lite::escape(fs))
            } else if para {
                format!("({fs})|\n")
            } else if single {
                regex_lite::escape(fs)
            } else {
                fs.to_string()
            };
            match self.dyn_regex(&pat) {
                Ok(r) => split_regex(text, &r),
                Err(_) => vec![text.to_string()],
            }
        };
        if para && out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out
    }

    pub(super) fn field(&mut self, i: usize) -> Value {
        self.fields.get(i).cloned().unwrap_or(Value::Uninit)
    }

    pub(super) fn rebuild(&mut self) {
        let ofs = self.gstr(OFS);
        let parts: Vec<Rc<str>> = (1..=self.nf)
            .map(|i| {
                let v = self.fields.get(i).cloned().unwrap_or(Value::Uninit);
                self.to_str(&v)
            })
            .collect();
        self.fields[0] = Value::Str(parts.join(&ofs).into());
    }

    pub(super) fn set_field(&mut self, i: usize, v: Value) {
        if i == 0 {
            let s = self.to_str(&v);
            self.set_record(&s);
            return;
        }
        while self.fields.len() <= i {
            self.fields.push(Value::Uninit);
        }
        self.fields[i] = v;
        if i > self.nf {
            self.nf = i;
        }
        self.rebuild();
    }

    pub(super) fn set_nf(&mut self, n: usize) {
        while self.fields.len() <= n {
            self.fields.push(Value::Uninit);
        }
        self.fields.truncate(n + 1);
        self.nf = n;
        self.rebuild();
    }

    pub fn dyn_regex(&mut self, pat: &str) -> R<Rc<Regex>> {
        if let Some(r) = self.cache.get(pat) {
            return Ok(r.clone());
        }
        match re::compile(pat, Flavor::Extended, false, false) {
            Ok(r) => {
                let r = Rc::new(r);
                if self.cache.len() > 256 {
                    self.cache.clear();
                }
                self.cache.insert(pat.to_string(), r.clone());
                Ok(r)
            }
            Err(e) => fatal(format!("{e}: /{pat}/")),
        }
    }

    pub fn regex_of(&mut self, e: &Expr) -> R<Rc<Regex>> {
        if let Expr::Regex(r) = e {
            return Ok(r.clone());
        }
        let v = self.eval(e)?;
        let s = self.to_str(&v);
        self.dyn_regex(&s)
    }

    pub(super) fn records_of(&mut self, data: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(data);
        let rs = self.gstr(RS);
        let mut recs: Vec<String> = if rs.is_empty() {
            let trimmed = text.trim_start_matches('\n');
            let r = self.dyn_regex("\n\n+").ok();
            match r {
                Some(r) => split_regex(trimmed, &r),
                None => vec![trimmed.to_string()],
            }
        } else if rs.chars().count() == 1 {
            text.split(&*rs).map(str::to_string).collect()
        } else {
            match self.dyn_regex(&rs) {
                Ok(r) => split_regex(&text, &r),
                Err(_) => vec![text.to_string()],
            }
        };
        if rs.is_empty() {
            if let Some(last) = recs.last_mut() {
                while last.ends_with('\n') {
                    last.pop();
                }
            }
        }
        if recs.last().is_some_and(String::is_empty) {
            recs.pop();
        }
        recs
    }

    /// The next record of the main input, opening files as they come.
    pub fn next_record(&mut self) -> R<Option<String>> {
        loop {
            if let Some((recs, i)) = &mut self.current {
                if *i < recs.len() {
                    let r = std::mem::take(&mut recs[*i]);
                    *i += 1;
                    return Ok(Some(r));
                }
                self.current = None;
            }
            // ARGV may have changed in BEGIN: it is read here, entry by entry.
            let argc = self.gval(ARGC).num() as usize;
            let argv = self.array(Var::Global(ARGV))?;
            let mut found = None;
            while self.next_input < argc.max(1) {
                let i = self.next_input;
                self.next_input += 1;
                if i == 0 {
                    continue;
                }
                let arg = argv.borrow().get(&i.to_string()).cloned();
                let Some(arg) = arg else { continue };
                let s = self.to_str(&arg).to_string();
                if s.is_empty() {
                    continue;
                }
                if let Some((name, val)) = assignment(&s) {
                    let var = self.prog.globals.iter().position(|g| g == name);
                    if let Some(g) = var {
                        let v = Value::input(&super::super::process_escapes(val));
                        self.set(Var::Global(g), v)?;
                    }
                    continue;
                }
                found = Some(s);
                break;
            }
            let name = match found {
                Some(n) => n,
                None => {
                    if self.next_input > argc.max(1) {
                        return Ok(None);
                    }
                    // No file operand at all: standard input, once.
                    let any_file = (1..argc).any(|i| {
                        argv.borrow().get(&i.to_string()).is_some_and(|v| {
                            let s = v.str_with("%.6g");
                            !s.is_empty() && assignment(&s).is_none()
                        })
                    });
                    self.next_input = argc.max(1) + 1;
                    if any_file {
                        return Ok(None);
                    }
                    "-".to_string()
                }
            };
            let data = if name == "-" || name == "/dev/stdin" {
                self.world.read("-")
            } else {
                self.world.read(&name)
            };
            let Some(data) = data else {
                return fatal(format!(
                    "cannot open file `{name}' for reading: No such file or directory"
                ));
            };
            let recs = self.records_of(&data);
            self.globals[FILENAME] = Cell::Val(Value::Str(name.into()));
            self.globals[FNR] = Cell::Val(Value::Num(0.0));
            self.current = Some((recs, 0));
        }
    }

    pub(super) fn bump_nr(&mut self) {
        let nr = self.gval(NR).num() + 1.0;
        let fnr = self.gval(FNR).num() + 1.0;
        self.globals[NR] = Cell::Val(Value::Num(nr));
        self.globals[FNR] = Cell::Val(Value::Num(fnr));
    }

    pub fn skip_file(&mut self) {
        self.current = None;
    }

    pub(super) fn getline(&mut self, var: Option<&Expr>, src: &GetSrc) -> R<Value> {
        let rec = match src {
            GetSrc::Main => {
                let Some(r) = self.next_record()? else {
                    return Ok(Value::Num(0.0));
                };
                self.bump_nr();
                r
            }
            GetSrc::File(f) => {
                let v = self.eval(f)?;
                let name = self.to_str(&v).to_string();
                if !self.readers.contains_key(&name) {
                    // What this program wrote to the file so far is its content.
                    let written = self.files.get(&name).map(|(_, d, _)| d.clone());
                    let Some(data) = written.or_else(|| self.world.read(&name)) else {
                        return Ok(Value::Num(-1.0));
                    };
                    let recs = self.records_of(&data);
                    self.readers.insert(name.clone(), (recs, 0));
                }
                let Some((recs, i)) = self.readers.get_mut(&name) else {
                    return Ok(Value::Num(-1.0));
                };
                if *i >= recs.len() {
                    return Ok(Value::Num(0.0));
                }
                *i += 1;
                recs[*i - 1].clone()
            }
            GetSrc::Pipe(cmd) => {
                let v = self.eval(cmd)?;
                let line = self.to_str(&v).to_string();
                if !self.commands.contains_key(&line) {
                    let before = std::mem::take(&mut self.out);
                    let (_, data) = match self.world.run(&line, Vec::new(), true, &before) {
                        Ok(r) => r,
                        Err(e) => return fatal(e),
                    };
                    let recs = self.records_of(&data);
                    self.commands.insert(line.clone(), (recs, 0));
                }
                let Some((recs, i)) = self.commands.get_mut(&line) else {
                    return Ok(Value::Num(-1.0));
                };
                if *i >= recs.len() {
                    return Ok(Value::Num(0.0));
                }
                *i += 1;
                recs[*i - 1].clone()
            }
        };
        match var {
            Some(t) => self.assign(t, Value::input(&rec))?,
            None => self.set_record(&rec),
        }
        Ok(Value::Num(1.0))
    }

    pub fn close(&mut self, name: &str) -> R<i32> {
        if self.readers.remove(name).is_some() || self.commands.remove(name).is_some() {
            return Ok(0);
        }
        if self.files.contains_key(name) {
            return Ok(0);
        }
        // Closing `print | "cmd"` runs the command on what it was given.
        if let Some(k) = self.pipes.iter().rposition(|(c, _, _)| c == name) {
            let (line, data, _) = self.pipes.remove(k);
            let before = std::mem::take(&mut self.out);
            return match self.world.run(&line, data, false, &before) {
                Ok((code, _)) => Ok(code),
                Err(e) => fatal(e),
            };
        }
        Ok(-1)
    }
}
