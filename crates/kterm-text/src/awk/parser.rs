//! awk's grammar (POSIX with gawk's extensions that one-liners use), by
//! recursive descent with gawk's syntax-error messages.

use std::collections::HashMap;

mod expr;

use super::ast::*;
use super::lexer::{Tok, Token};

/// Slots of the special variables, in this order.
pub const SPECIALS: &[&str] = &[
    "NR", "FNR", "FS", "OFS", "ORS", "RS", "FILENAME", "SUBSEP", "RSTART", "RLENGTH", "CONVFMT",
    "OFMT", "ENVIRON", "ARGC", "ARGV",
];
pub const NR: usize = 0;
pub const FNR: usize = 1;
pub const FS: usize = 2;
pub const OFS: usize = 3;
pub const ORS: usize = 4;
pub const RS: usize = 5;
pub const FILENAME: usize = 6;
pub const SUBSEP: usize = 7;
pub const RSTART: usize = 8;
pub const RLENGTH: usize = 9;
pub const CONVFMT: usize = 10;
pub const OFMT: usize = 11;
pub const ENVIRON: usize = 12;
pub const ARGC: usize = 13;
pub const ARGV: usize = 14;

/// A parse error: the message, its line, and the column of the caret.
#[derive(Debug)]
pub struct SyntaxError {
    pub msg: String,
    /// The line number printed; the text shown is that of `shown`.
    pub line: usize,
    pub shown: usize,
    pub col: usize,
    /// Errors such as "function not defined" print no source line.
    pub plain: bool,
}

pub struct Parser<'a> {
    toks: Vec<Token>,
    i: usize,
    src: &'a str,
    globals: HashMap<String, usize>,
    pub prog: Program,
    funcs: HashMap<String, usize>,
    locals: Option<HashMap<String, usize>>,
    /// Parameters used as arrays, while a function body is parsed.
    array_locals: Vec<bool>,
    no_gt: bool,
    no_in: bool,
    calls: Vec<(String, usize)>,
    /// Expression nesting, bounded so that `((((…))))` cannot exhaust the stack.
    depth: usize,
}

const MAX_NESTING: usize = 100;

type R<T> = Result<T, SyntaxError>;

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl<'a> Parser<'a> {
    pub fn new(toks: Vec<Token>, src: &'a str) -> Self {
        let mut p = Parser {
            toks,
            i: 0,
            src,
            globals: HashMap::new(),
            prog: Program::default(),
            funcs: HashMap::new(),
            locals: None,
            array_locals: Vec::new(),
            no_gt: false,
            no_in: false,
            calls: Vec::new(),
            depth: 0,
        };
        for s in SPECIALS {
            p.global(s);
        }
        p
    }

    pub fn global(&mut self, name: &str) -> usize {
        if let Some(i) = self.globals.get(name) {
            return *i;
        }
        let i = self.prog.globals.len();
        self.prog.globals.push(name.to_string());
        self.globals.insert(name.to_string(), i);
        i
    }

    fn tok(&self) -> &Tok {
        &self.toks[self.i.min(self.toks.len() - 1)].tok
    }

    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.i + k).min(self.toks.len() - 1)].tok
    }

    fn advance(&mut self) -> Tok {
        let t = self.tok().clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Kw(k) if *k == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.advance();
            true
        } else {
            false
        }
    }

    fn expect_op(&mut self, op: &str) -> R<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.fail())
        }
    }

    fn newlines(&mut self) {
        while *self.tok() == Tok::Newline {
            self.advance();
        }
    }

    /// gawk's syntax error at the current token.
    pub fn fail(&self) -> SyntaxError {
        let t = &self.toks[self.i.min(self.toks.len() - 1)];
        let line_start = self.src[..t.end.min(self.src.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        match t.tok {
            Tok::Newline | Tok::Eof => {
                let line_end = self.src[line_start..]
                    .find('\n')
                    .map_or(self.src.len(), |i| line_start + i);
                SyntaxError {
                    msg: "unexpected newline or end of string".into(),
                    line: t.line + usize::from(t.tok == Tok::Newline),
                    shown: t.line,
                    col: line_end - line_start,
                    plain: false,
                }
            }
            _ => SyntaxError {
                msg: "syntax error".into(),
                line: t.line,
                shown: t.line,
                col: t.end.saturating_sub(line_start),
                plain: false,
            },
        }
    }

    fn var(&mut self, name: &str) -> Var {
        if let Some(l) = self.locals.as_ref().and_then(|m| m.get(name)) {
            return Var::Local(*l);
        }
        if name == "NF" {
            return Var::Nf;
        }
        Var::Global(self.global(name))
    }

    fn array_var(&mut self, name: &str) -> Var {
        let v = self.var(name);
        if let Var::Local(l) = v {
            if let Some(a) = self.array_locals.get_mut(l) {
                *a = true;
            }
        }
        v
    }

    pub fn program(&mut self) -> R<()> {
        loop {
            while matches!(self.tok(), Tok::Newline) || self.is_op(";") {
                self.advance();
            }
            if *self.tok() == Tok::Eof {
                break;
            }
            self.item()?;
        }
        for (name, line) in std::mem::take(&mut self.calls) {
            let defined = self
                .funcs
                .get(&name)
                .is_some_and(|i| self.prog.funcs[*i].defined);
            if !defined {
                return Err(SyntaxError {
                    msg: format!("fatal: function `{name}' not defined"),
                    line,
                    shown: line,
                    col: 0,
                    plain: true,
                });
            }
        }
        Ok(())
    }

    fn func_index(&mut self, name: &str) -> usize {
        if let Some(i) = self.funcs.get(name) {
            return *i;
        }
        let i = self.prog.funcs.len();
        self.prog.funcs.push(Func {
            name: name.to_string(),
            params: 0,
            array_params: Vec::new(),
            body: Vec::new(),
            defined: false,
        });
        self.funcs.insert(name.to_string(), i);
        i
    }

    fn item(&mut self) -> R<()> {
        if self.is_kw("BEGIN") || self.is_kw("END") {
            let begin = self.is_kw("BEGIN");
            self.advance();
            if !self.is_op("{") {
                return Err(self.fail());
            }
            let action = self.block()?;
            self.prog.rules.push(Rule {
                pattern: if begin { Pattern::Begin } else { Pattern::End },
                action: Some(action),
            });
            return Ok(());
        }
        if self.is_kw("function") {
            self.advance();
            let name = match self.advance() {
                Tok::Name(n) | Tok::FuncName(n) => n,
                _ => return Err(self.fail()),
            };
            self.expect_op("(")?;
            let mut params = HashMap::new();
            while let Tok::Name(p) = self.tok().clone() {
                self.advance();
                let n = params.len();
                params.insert(p, n);
                self.newlines();
                if !self.eat_op(",") {
                    break;
                }
                self.newlines();
            }
            self.expect_op(")")?;
            self.newlines();
            let nparams = params.len();
            self.locals = Some(params);
            self.array_locals = vec![false; nparams];
            let body = self.block()?;
            self.locals = None;
            let idx = self.func_index(&name);
            let f = &mut self.prog.funcs[idx];
            f.params = nparams;
            f.array_params = std::mem::take(&mut self.array_locals);
            f.body = body;
            f.defined = true;
            return Ok(());
        }
        if self.is_op("{") {
            let action = self.block()?;
            self.prog.rules.push(Rule {
                pattern: Pattern::All,
                action: Some(action),
            });
            return Ok(());
        }
        let first = self.expr()?;
        let pattern = if self.eat_op(",") {
            self.newlines();
            Pattern::Range(first, self.expr()?)
        } else {
            Pattern::Expr(first)
        };
        let action = if self.is_op("{") {
            Some(self.block()?)
        } else {
            None
        };
        self.prog.rules.push(Rule { pattern, action });
        Ok(())
    }

    fn block(&mut self) -> R<Vec<Stmt>> {
        self.expect_op("{")?;
        let mut v = Vec::new();
        loop {
            while matches!(self.tok(), Tok::Newline) || self.is_op(";") {
                self.advance();
            }
            if self.eat_op("}") {
                return Ok(v);
            }
            if *self.tok() == Tok::Eof {
                return Err(self.fail());
            }
            let line = self.toks[self.i].line;
            v.push(Stmt::Line(line));
            v.push(self.stmt()?);
        }
    }

    /// Ends a simple statement: `;`, a newline, or before `}`.
    fn end_simple(&mut self) -> R<()> {
        match self.tok() {
            Tok::Newline => {
                self.advance();
                Ok(())
            }
            Tok::Op(";") => {
                self.advance();
                Ok(())
            }
            Tok::Op("}") | Tok::Eof => Ok(()),
            _ => Err(self.fail()),
        }
    }

    fn body(&mut self) -> R<Stmt> {
        if self.eat_op(";") {
            return Ok(Stmt::Block(Vec::new()));
        }
        self.newlines();
        self.stmt()
    }

    fn stmt(&mut self) -> R<Stmt> {
        self.depth += 1;
        let r = if self.depth > MAX_NESTING {
            Err(self.fail())
        } else {
            self.stmt_inner()
        };
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self) -> R<Stmt> {
        match self.tok().clone() {
            Tok::Op("{") => Ok(Stmt::Block(self.block()?)),
            Tok::Op(";") => {
                self.advance();
                Ok(Stmt::Block(Vec::new()))
            }
            Tok::Kw("if") => {
                self.advance();
                self.expect_op("(")?;
                let c = self.expr()?;
                self.expect_op(")")?;
                let then = self.body()?;
                let save = self.i;
                while matches!(self.tok(), Tok::Newline) || self.is_op(";") {
                    self.advance();
                }
                if self.is_kw("else") {
                    self.advance();
                    let els = self.body()?;
                    Ok(Stmt::If(c, Box::new(then), Some(Box::new(els))))
                } else {
                    self.i = save;
                    Ok(Stmt::If(c, Box::new(then), None))
                }
            }
            Tok::Kw("while") => {
                self.advance();
                self.expect_op("(")?;
                let c = self.expr()?;
                self.expect_op(")")?;
                Ok(Stmt::While(c, Box::new(self.body()?)))
            }
            Tok::Kw("do") => {
                self.advance();
                let b = self.body()?;
                while matches!(self.tok(), Tok::Newline) || self.is_op(";") {
                    self.advance();
                }
                if !self.is_kw("while") {
                    return Err(self.fail());
                }
                self.advance();
                self.expect_op("(")?;
                let c = self.expr()?;
                self.expect_op(")")?;
                self.end_simple()?;
                Ok(Stmt::Do(Box::new(b), c))
            }
            Tok::Kw("for") => {
                self.advance();
                self.expect_op("(")?;
                if let (Tok::Name(k), Tok::Kw("in"), Tok::Name(a), Tok::Op(")")) = (
                    self.peek_at(0).clone(),
                    self.peek_at(1).clone(),
                    self.peek_at(2).clone(),
                    self.peek_at(3).clone(),
                ) {
                    self.i += 4;
                    let kv = self.var(&k);
                    let av = self.array_var(&a);
                    return Ok(Stmt::ForIn(kv, av, Box::new(self.body()?)));
                }
                let init = if self.is_op(";") {
                    None
                } else {
                    self.no_in = true;
                    let s = self.simple();
                    self.no_in = false;
                    Some(Box::new(s?))
                };
                self.expect_op(";")?;
                self.newlines();
                let cond = if self.is_op(";") {
                    None
                } else {
                    Some(self.expr()?)
                };
                self.expect_op(";")?;
                self.newlines();
                let step = if self.is_op(")") {
                    None
                } else {
                    Some(Box::new(self.simple()?))
                };
                self.expect_op(")")?;
                Ok(Stmt::For(init, cond, step, Box::new(self.body()?)))
            }
            _ => {
                let s = self.simple()?;
                self.end_simple()?;
                Ok(s)
            }
        }
    }

    fn simple(&mut self) -> R<Stmt> {
        match self.tok().clone() {
            Tok::Kw(k @ ("print" | "printf")) => {
                self.advance();
                let mut args = Vec::new();
                let saved = self.no_gt;
                self.no_gt = true;
                if !matches!(
                    self.tok(),
                    Tok::Newline | Tok::Eof | Tok::Op(";" | "}" | ">" | ">>" | "|")
                ) {
                    args.push(self.expr()?);
                    while self.eat_op(",") {
                        self.newlines();
                        args.push(self.expr()?);
                    }
                }
                self.no_gt = saved;
                if args.len() == 1 {
                    if let Expr::Builtin("(list)", items) = &args[0] {
                        args = items.clone();
                    }
                }
                let redirect = match self.tok() {
                    Tok::Op(">") => {
                        self.advance();
                        Some(Redirect::File(self.concat(true)?))
                    }
                    Tok::Op(">>") => {
                        self.advance();
                        Some(Redirect::Append(self.concat(true)?))
                    }
                    Tok::Op("|") => {
                        self.advance();
                        Some(Redirect::Pipe(self.concat(true)?))
                    }
                    _ => None,
                };
                if k == "printf" && args.is_empty() {
                    return Err(self.fail());
                }
                Ok(if k == "print" {
                    Stmt::Print(args, redirect)
                } else {
                    Stmt::Printf(args, redirect)
                })
            }
            Tok::Kw("next") => {
                self.advance();
                Ok(Stmt::Next)
            }
            Tok::Kw("nextfile") => {
                self.advance();
                Ok(Stmt::NextFile)
            }
            Tok::Kw("break") => {
                self.advance();
                Ok(Stmt::Break)
            }
            Tok::Kw("continue") => {
                self.advance();
                Ok(Stmt::Continue)
            }
            Tok::Kw(k @ ("exit" | "return")) => {
                self.advance();
                let e = if matches!(self.tok(), Tok::Newline | Tok::Eof | Tok::Op(";" | "}")) {
                    None
                } else {
                    Some(self.expr()?)
                };
                Ok(if k == "exit" {
                    Stmt::Exit(e)
                } else {
                    Stmt::Return(e)
                })
            }
            Tok::Kw("delete") => {
                self.advance();
                let Tok::Name(n) = self.advance() else {
                    return Err(self.fail());
                };
                let v = self.array_var(&n);
                if self.eat_op("[") {
                    let subs = self.expr_list_until("]")?;
                    Ok(Stmt::Delete(v, Some(subs)))
                } else {
                    Ok(Stmt::Delete(v, None))
                }
            }
            _ => Ok(Stmt::Expr(self.expr()?)),
        }
    }

    fn expr_list_until(&mut self, close: &str) -> R<Vec<Expr>> {
        let saved = (self.no_gt, self.no_in);
        self.no_gt = false;
        self.no_in = false;
        let mut v = vec![self.expr()?];
        while self.eat_op(",") {
            self.newlines();
            v.push(self.expr()?);
        }
        (self.no_gt, self.no_in) = saved;
        self.expect_op(close)?;
        Ok(v)
    }

    pub fn expr(&mut self) -> R<Expr> {
        self.depth += 1;
        let r = if self.depth > MAX_NESTING {
            Err(self.fail())
        } else {
            self.expr_inner()
        };
        self.depth -= 1;
        r
    }
}
