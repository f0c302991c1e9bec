//! Statements: the main loop over records and rules, control flow, print
//! and printf with their redirections, and the guard against runaway loops.

use super::super::ast::*;
use super::super::parser::*;
use super::super::value::Value;
use super::{fatal, Flow, Interp, MAX_STEPS, R};

impl Interp<'_> {
    /// Runs the main loop: every record through the rules.
    pub fn main_loop(&mut self) -> R<bool> {
        self.in_main = true;
        while let Some(rec) = self.next_record()? {
            self.bump_nr();
            self.set_record(&rec);
            for (i, rule) in self.prog.rules.iter().enumerate() {
                let hit = match &rule.pattern {
                    Pattern::Begin | Pattern::End => continue,
                    Pattern::All => true,
                    Pattern::Expr(e) => self.eval_cond(e)?,
                    Pattern::Range(a, b) => {
                        if self.ranges[i] {
                            if self.eval_cond(b)? {
                                self.ranges[i] = false;
                            }
                            true
                        } else if self.eval_cond(a)? {
                            self.ranges[i] = !self.eval_cond(b)?;
                            true
                        } else {
                            false
                        }
                    }
                };
                if !hit {
                    continue;
                }
                match &rule.action {
                    None => {
                        let rec = self.field(0);
                        let s = self.to_str(&rec);
                        let ors = self.gstr(ORS);
                        self.out.extend_from_slice(s.as_bytes());
                        self.out.extend_from_slice(ors.as_bytes());
                    }
                    Some(stmts) => match self.block(stmts)? {
                        Flow::Next => break,
                        Flow::NextFile => {
                            self.skip_file();
                            break;
                        }
                        Flow::Exit => return Ok(false),
                        _ => {}
                    },
                }
            }
        }
        self.in_main = false;
        Ok(true)
    }

    pub(super) fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return fatal(format!(
                "stopped after {MAX_STEPS} loop turns and calls (kterm's limit: a program runs inside the browser tab)"
            ));
        }
        Ok(())
    }

    pub fn block(&mut self, stmts: &[Stmt]) -> R<Flow> {
        for s in stmts {
            match self.exec(s)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    pub(super) fn exec(&mut self, s: &Stmt) -> R<Flow> {
        match s {
            Stmt::Line(l) => self.line = *l,
            Stmt::Expr(e) => {
                self.eval(e)?;
            }
            Stmt::Print(args, redirect) => {
                let text = if args.is_empty() {
                    let v = self.field(0);
                    self.to_str(&v).to_string()
                } else {
                    let ofs = self.gstr(OFS);
                    let mut parts = Vec::new();
                    for a in args {
                        let v = self.eval(a)?;
                        parts.push(self.out_str(&v));
                    }
                    parts.join(&ofs)
                };
                let ors = self.gstr(ORS);
                self.emit(format!("{text}{ors}").as_bytes(), redirect)?;
            }
            Stmt::Printf(args, redirect) => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval(a)?);
                }
                let text = self.sprintf(&vals)?;
                self.emit(text.as_bytes(), redirect)?;
            }
            Stmt::If(c, a, b) => {
                if self.eval_cond(c)? {
                    return self.exec(a);
                } else if let Some(b) = b {
                    return self.exec(b);
                }
            }
            Stmt::While(c, body) => {
                while self.eval_cond(c)? {
                    self.step()?;
                    match self.exec(body)? {
                        Flow::Break => break,
                        Flow::Continue | Flow::Normal => {}
                        other => return Ok(other),
                    }
                }
            }
            Stmt::Do(body, c) => loop {
                self.step()?;
                match self.exec(body)? {
                    Flow::Break => break,
                    Flow::Continue | Flow::Normal => {}
                    other => return Ok(other),
                }
                if !self.eval_cond(c)? {
                    break;
                }
            },
            Stmt::For(init, cond, step, body) => {
                if let Some(i) = init {
                    self.exec(i)?;
                }
                loop {
                    if let Some(c) = cond {
                        if !self.eval_cond(c)? {
                            break;
                        }
                    }
                    self.step()?;
                    match self.exec(body)? {
                        Flow::Break => break,
                        Flow::Continue | Flow::Normal => {}
                        other => return Ok(other),
                    }
                    if let Some(s) = step {
                        self.exec(s)?;
                    }
                }
            }
            Stmt::ForIn(k, a, body) => {
                let arr = self.array(*a)?;
                let keys = arr.borrow().keys();
                for key in keys {
                    if !arr.borrow().contains(&key) {
                        continue;
                    }
                    self.set(*k, Value::input(&key))?;
                    match self.exec(body)? {
                        Flow::Break => break,
                        Flow::Continue | Flow::Normal => {}
                        other => return Ok(other),
                    }
                }
            }
            Stmt::Block(b) => return self.block(b),
            Stmt::Next => return Ok(Flow::Next),
            Stmt::NextFile => return Ok(Flow::NextFile),
            Stmt::Exit(e) => {
                if let Some(e) = e {
                    self.exit_code = self.eval(e)?.num() as i32;
                }
                return Ok(Flow::Exit);
            }
            Stmt::Return(e) => {
                let v = match e {
                    Some(e) => self.eval(e)?,
                    None => Value::Uninit,
                };
                return Ok(Flow::Return(v));
            }
            Stmt::Break => return Ok(Flow::Break),
            Stmt::Continue => return Ok(Flow::Continue),
            Stmt::Delete(v, subs) => {
                let arr = self.array(*v)?;
                match subs {
                    None => arr.borrow_mut().clear(),
                    Some(subs) => {
                        let k = self.subscript(subs)?;
                        arr.borrow_mut().delete(&k);
                    }
                }
            }
        }
        Ok(Flow::Normal)
    }

    pub(super) fn emit(&mut self, bytes: &[u8], redirect: &Option<Redirect>) -> R<()> {
        let (target, append) = match redirect {
            None => {
                self.out.extend_from_slice(bytes);
                return Ok(());
            }
            Some(Redirect::Pipe(cmd)) => {
                let v = self.eval(cmd)?;
                let name = self.to_str(&v).to_string();
                match self
                    .pipes
                    .iter_mut()
                    .rev()
                    .find(|(c, _, open)| *open && *c == name)
                {
                    Some(p) => p.1.extend_from_slice(bytes),
                    None => self.pipes.push((name, bytes.to_vec(), true)),
                }
                return Ok(());
            }
            Some(Redirect::File(e)) => (e, false),
            Some(Redirect::Append(e)) => (e, true),
        };
        let v = self.eval(target)?;
        let name = self.to_str(&v).to_string();
        match name.as_str() {
            "/dev/stdout" | "-" => self.out.extend_from_slice(bytes),
            "/dev/stderr" => self.err.extend_from_slice(bytes),
            _ => {
                let next = self.opened;
                let entry = self
                    .files
                    .entry(name)
                    .or_insert_with(|| (next, Vec::new(), append));
                if entry.0 == next {
                    self.opened += 1;
                }
                entry.1.extend_from_slice(bytes);
            }
        }
        Ok(())
    }
}
