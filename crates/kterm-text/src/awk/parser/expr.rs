//! awk's expression grammar, from the conditional down to primaries, with
//! gawk's precedence (concatenation between comparison and addition, `^`
//! binding right, `!` and unary minus below it).

use std::rc::Rc;

use super::super::ast::*;
use super::super::lexer::Tok;
use super::{boxed, Parser, SyntaxError, MAX_NESTING, R};
use crate::regex::{self as re, Flavor};

impl Parser<'_> {
    pub(super) fn expr_inner(&mut self) -> R<Expr> {
        let lhs = self.ternary()?;
        let op = match self.tok() {
            Tok::Op(o @ ("=" | "+=" | "-=" | "*=" | "/=" | "%=" | "^=")) => *o,
            _ => return Ok(lhs),
        };
        if !matches!(lhs, Expr::Var(_) | Expr::Index(..) | Expr::Field(_)) {
            return Ok(lhs);
        }
        self.advance();
        self.newlines();
        let rhs = self.expr()?;
        let bin = match op {
            "=" => None,
            "+=" => Some("+"),
            "-=" => Some("-"),
            "*=" => Some("*"),
            "/=" => Some("/"),
            "%=" => Some("%"),
            _ => Some("^"),
        };
        Ok(Expr::Assign(bin, boxed(lhs), boxed(rhs)))
    }

    pub(super) fn ternary(&mut self) -> R<Expr> {
        let c = self.or()?;
        if !self.eat_op("?") {
            return Ok(c);
        }
        self.newlines();
        let a = self.expr()?;
        self.newlines();
        self.expect_op(":")?;
        self.newlines();
        let b = self.expr()?;
        Ok(Expr::Cond(boxed(c), boxed(a), boxed(b)))
    }

    pub(super) fn or(&mut self) -> R<Expr> {
        let mut l = self.and()?;
        while self.eat_op("||") {
            self.newlines();
            l = Expr::Or(boxed(l), boxed(self.and()?));
        }
        Ok(l)
    }

    pub(super) fn and(&mut self) -> R<Expr> {
        let mut l = self.in_expr()?;
        while self.eat_op("&&") {
            self.newlines();
            l = Expr::And(boxed(l), boxed(self.in_expr()?));
        }
        Ok(l)
    }

    pub(super) fn in_expr(&mut self) -> R<Expr> {
        let mut l = self.match_expr()?;
        while !self.no_in && self.is_kw("in") {
            self.advance();
            let Tok::Name(a) = self.advance() else {
                return Err(self.fail());
            };
            let v = self.array_var(&a);
            l = Expr::In(vec![l], v);
        }
        Ok(l)
    }

    pub(super) fn match_expr(&mut self) -> R<Expr> {
        let mut l = self.rel()?;
        loop {
            let neg = match self.tok() {
                Tok::Op("~") => false,
                Tok::Op("!~") => true,
                _ => return Ok(l),
            };
            self.advance();
            l = Expr::Match(neg, boxed(l), boxed(self.rel()?));
        }
    }

    pub(super) fn rel(&mut self) -> R<Expr> {
        let mut l = self.concat(false)?;
        loop {
            let op = match self.tok() {
                Tok::Op(o @ ("<" | "<=" | "==" | "!=" | ">=")) => *o,
                Tok::Op(">") if !self.no_gt => ">",
                _ => return Ok(l),
            };
            self.advance();
            l = Expr::Cmp(op, boxed(l), boxed(self.concat(false)?));
        }
    }

    pub(super) fn starts_operand(&self) -> bool {
        match self.tok() {
            Tok::Num(_)
            | Tok::Str(_)
            | Tok::Regex(_)
            | Tok::Name(_)
            | Tok::FuncName(_)
            | Tok::Builtin(_) => true,
            Tok::Op("$" | "(" | "!" | "++" | "--" | "-" | "+") => {
                matches!(self.tok(), Tok::Op("$" | "(" | "++" | "--"))
            }
            Tok::Kw("in") => false,
            _ => false,
        }
    }

    /// Concatenation; `no_cmp` is for print's redirection target.
    pub(super) fn concat(&mut self, no_cmp: bool) -> R<Expr> {
        let _ = no_cmp;
        let mut l = self.additive()?;
        loop {
            if self.is_op("|") && matches!(self.peek_at(1), Tok::Kw("getline")) {
                self.advance();
                self.advance();
                let var = self.getline_target()?;
                l = Expr::Getline(var, GetSrc::Pipe(boxed(l)));
                continue;
            }
            if !self.starts_operand() {
                return Ok(l);
            }
            l = Expr::Concat(boxed(l), boxed(self.additive()?));
        }
    }

    pub(super) fn additive(&mut self) -> R<Expr> {
        let mut l = self.mul()?;
        loop {
            let op = match self.tok() {
                Tok::Op("+") => "+",
                Tok::Op("-") => "-",
                _ => return Ok(l),
            };
            self.advance();
            l = Expr::Binary(op, boxed(l), boxed(self.mul()?));
        }
    }

    pub(super) fn mul(&mut self) -> R<Expr> {
        let mut l = self.unary()?;
        loop {
            let op = match self.tok() {
                Tok::Op("*") => "*",
                Tok::Op("/") => "/",
                Tok::Op("%") => "%",
                _ => return Ok(l),
            };
            self.advance();
            l = Expr::Binary(op, boxed(l), boxed(self.unary()?));
        }
    }

    pub(super) fn unary(&mut self) -> R<Expr> {
        self.depth += 1;
        let r = if self.depth > MAX_NESTING {
            Err(self.fail())
        } else {
            self.unary_inner()
        };
        self.depth -= 1;
        r
    }

    pub(super) fn unary_inner(&mut self) -> R<Expr> {
        match self.tok() {
            Tok::Op("!") => {
                self.advance();
                Ok(Expr::Not(boxed(self.unary()?)))
            }
            Tok::Op("-") => {
                self.advance();
                Ok(Expr::Neg(boxed(self.unary()?)))
            }
            Tok::Op("+") => {
                self.advance();
                Ok(Expr::Plus(boxed(self.unary()?)))
            }
            _ => self.power(),
        }
    }

    pub(super) fn power(&mut self) -> R<Expr> {
        let base = self.postfix()?;
        if self.eat_op("^") {
            let exp = self.unary_power()?;
            return Ok(Expr::Binary("^", boxed(base), boxed(exp)));
        }
        Ok(base)
    }

    /// The right side of `^`: signs allowed, binds right.
    pub(super) fn unary_power(&mut self) -> R<Expr> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.depth -= 1;
            return Err(self.fail());
        }
        let r = self.unary_power_inner();
        self.depth -= 1;
        r
    }

    pub(super) fn unary_power_inner(&mut self) -> R<Expr> {
        match self.tok() {
            Tok::Op("-") => {
                self.advance();
                Ok(Expr::Neg(boxed(self.unary_power()?)))
            }
            Tok::Op("+") => {
                self.advance();
                Ok(Expr::Plus(boxed(self.unary_power()?)))
            }
            Tok::Op("!") => {
                self.advance();
                Ok(Expr::Not(boxed(self.unary_power()?)))
            }
            _ => self.power(),
        }
    }

    pub(super) fn postfix(&mut self) -> R<Expr> {
        let e = self.primary()?;
        if matches!(e, Expr::Var(_) | Expr::Index(..) | Expr::Field(_)) {
            if self.eat_op("++") {
                return Ok(Expr::Incr(false, 1, boxed(e)));
            }
            if self.eat_op("--") {
                return Ok(Expr::Incr(false, -1, boxed(e)));
            }
        }
        Ok(e)
    }

    pub(super) fn lvalue(&mut self) -> R<Expr> {
        let e = self.primary()?;
        if matches!(e, Expr::Var(_) | Expr::Index(..) | Expr::Field(_)) {
            Ok(e)
        } else {
            Err(self.fail())
        }
    }

    pub(super) fn getline_target(&mut self) -> R<Option<Box<Expr>>> {
        if matches!(self.tok(), Tok::Name(_) | Tok::Op("$")) {
            Ok(Some(boxed(self.lvalue()?)))
        } else {
            Ok(None)
        }
    }

    pub(super) fn regex(&self, pat: &str) -> R<Rc<regex_lite::Regex>> {
        re::compile(pat, Flavor::Extended, false, false)
            .map(Rc::new)
            .map_err(|e| SyntaxError {
                msg: format!("fatal: {e}: /{pat}/"),
                line: self.toks[self.i.saturating_sub(1)].line,
                shown: self.toks[self.i.saturating_sub(1)].line,
                col: 0,
                plain: true,
            })
    }

    pub(super) fn primary(&mut self) -> R<Expr> {
        self.depth += 1;
        let r = if self.depth > MAX_NESTING {
            Err(self.fail())
        } else {
            self.primary_inner()
        };
        self.depth -= 1;
        r
    }

    pub(super) fn primary_inner(&mut self) -> R<Expr> {
        let t = self.advance();
        match t {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s.into())),
            Tok::Regex(r) => Ok(Expr::Regex(self.regex(&r)?)),
            Tok::Op("$") => {
                let e = match self.tok() {
                    Tok::Op("++" | "--" | "-" | "+" | "!") => self.unary()?,
                    _ => self.primary()?,
                };
                Ok(Expr::Field(boxed(e)))
            }
            Tok::Op(op @ ("++" | "--")) => {
                let e = self.lvalue()?;
                Ok(Expr::Incr(true, if op == "++" { 1 } else { -1 }, boxed(e)))
            }
            Tok::Op("-") => Ok(Expr::Neg(boxed(self.unary()?))),
            Tok::Op("+") => Ok(Expr::Plus(boxed(self.unary()?))),
            Tok::Op("!") => Ok(Expr::Not(boxed(self.unary()?))),
            Tok::Op("(") => {
                let saved = (self.no_gt, self.no_in);
                self.no_gt = false;
                self.no_in = false;
                self.newlines();
                let mut items = vec![self.expr()?];
                while self.eat_op(",") {
                    self.newlines();
                    items.push(self.expr()?);
                }
                self.newlines();
                (self.no_gt, self.no_in) = saved;
                self.expect_op(")")?;
                if items.len() > 1 {
                    if self.is_kw("in") {
                        self.advance();
                        let Tok::Name(a) = self.advance() else {
                            return Err(self.fail());
                        };
                        let v = self.array_var(&a);
                        return Ok(Expr::In(items, v));
                    }
                    return Ok(Expr::Builtin("(list)", items));
                }
                Ok(Expr::Group(boxed(items.remove(0))))
            }
            Tok::Name(n) => {
                if self.is_op("[") {
                    self.advance();
                    let v = self.array_var(&n);
                    let subs = self.expr_list_until("]")?;
                    return Ok(Expr::Index(v, subs));
                }
                Ok(Expr::Var(self.var(&n)))
            }
            Tok::FuncName(n) => {
                self.expect_op("(")?;
                let args = if self.eat_op(")") {
                    Vec::new()
                } else {
                    self.expr_list_until(")")?
                };
                let line = self.toks[self.i.saturating_sub(1)].line;
                self.calls.push((n.clone(), line));
                let idx = self.func_index(&n);
                // Bare names passed along may be arrays: mark locals that way.
                Ok(Expr::Call(idx, args))
            }
            Tok::Builtin(b) => {
                if !self.is_op("(") {
                    if b == "length" {
                        return Ok(Expr::Builtin("length", Vec::new()));
                    }
                    return Err(self.fail());
                }
                self.advance();
                let args = if self.eat_op(")") {
                    Vec::new()
                } else {
                    self.expr_list_until(")")?
                };
                if b == "split" {
                    if let Some(Expr::Var(Var::Local(l))) = args.get(1) {
                        if let Some(a) = self.array_locals.get_mut(*l) {
                            *a = true;
                        }
                    }
                }
                Ok(Expr::Builtin(b, args))
            }
            Tok::Kw("getline") => {
                let var = self.getline_target()?;
                if self.eat_op("<") {
                    let f = self.primary()?;
                    return Ok(Expr::Getline(var, GetSrc::File(boxed(f))));
                }
                Ok(Expr::Getline(var, GetSrc::Main))
            }
            _ => {
                self.i = self.i.saturating_sub(1);
                Err(self.fail())
            }
        }
    }
}
