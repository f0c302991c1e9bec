//! The compound commands of the grammar: `{ }`, `if`, loops, `case`, and
//! the `[[ … ]]` expression.

use super::{ParseError, Parser, Tok, MAX_NESTING};
use crate::lang::ast::{CaseArm, CaseTerm, Compound, Cond, Program, Word};
use crate::lang::lexer::{is_name, Mode, Token};

impl Parser {
    pub(super) fn compound(&mut self, kw: &str) -> Result<Compound, ParseError> {
        match kw {
            "{" => {
                let body = self.list(&["}"])?;
                self.expect_word("}")?;
                Ok(Compound::Group(body))
            }
            "if" => {
                let mut arms = Vec::new();
                let mut otherwise = None;
                loop {
                    let cond = self.list(&["then"])?;
                    self.expect_word("then")?;
                    let body = self.list(&["elif", "else", "fi"])?;
                    arms.push((cond, body));
                    match self.reserved()? {
                        Some("elif") => {
                            self.bump();
                        }
                        Some("else") => {
                            self.bump();
                            otherwise = Some(self.list(&["fi"])?);
                            self.expect_word("fi")?;
                            break;
                        }
                        _ => {
                            self.expect_word("fi")?;
                            break;
                        }
                    }
                }
                Ok(Compound::If { arms, otherwise })
            }
            "while" | "until" => {
                let cond = self.list(&["do"])?;
                let body = self.do_group()?;
                Ok(Compound::While {
                    until: kw == "until",
                    cond,
                    body,
                })
            }
            "for" | "select" => self.for_loop(),
            _ => self.case(),
        }
    }

    pub(super) fn do_group(&mut self) -> Result<Program, ParseError> {
        self.skip_newlines()?;
        if self.reserved()? == Some("{") {
            // `for x in a; { …; }`, which bash accepts too.
            self.bump();
            let body = self.list(&["}"])?;
            self.expect_word("}")?;
            return Ok(body);
        }
        self.expect_word("do")?;
        let body = self.list(&["done"])?;
        self.expect_word("done")?;
        Ok(body)
    }

    pub(super) fn for_loop(&mut self) -> Result<Compound, ParseError> {
        if self.is_op("((")? {
            let expr = self.arith_body()?;
            let parts: Vec<&str> = expr.splitn(3, ';').collect();
            let [init, cond, step] = parts.as_slice() else {
                return Err(ParseError::Unexpected("((".into()));
            };
            let (init, cond, step) = (init.to_string(), cond.to_string(), step.to_string());
            if self.is_op(";")? {
                self.bump();
            }
            let body = self.do_group()?;
            return Ok(Compound::ArithFor {
                init,
                cond,
                step,
                body,
            });
        }
        let var = match self.peek()? {
            Some(Token::Word(w)) => w.literal().filter(|n| is_name(n)),
            _ => None,
        };
        let Some(var) = var else {
            return Err(self.unexpected());
        };
        self.bump();
        self.skip_newlines()?;
        let mut words = None;
        let mut raw = Vec::new();
        if self.reserved()? == Some("in") {
            self.bump();
            let mut list = Vec::new();
            loop {
                match self.peek()? {
                    Some(Token::Word(_)) => {
                        if let Some(tok) = self.bump() {
                            raw.push(self.raw(&tok));
                            if let Token::Word(w) = tok.t {
                                list.push(w);
                            }
                        }
                    }
                    Some(Token::Op(";" | "\n")) => {
                        self.bump();
                        break;
                    }
                    _ => return Err(self.unexpected()),
                }
            }
            words = Some(list);
        } else if self.is_op(";")? {
            self.bump();
        }
        let body = self.do_group()?;
        Ok(Compound::For {
            var,
            words,
            body,
            raw,
        })
    }

    pub(super) fn case(&mut self) -> Result<Compound, ParseError> {
        let (word, word_raw) = match self.peek()? {
            Some(Token::Word(_)) => match self.bump() {
                Some(tok) => {
                    let raw = self.raw(&tok);
                    match tok.t {
                        Token::Word(w) => (w, raw),
                        _ => return Err(self.unexpected()),
                    }
                }
                None => return Err(self.unexpected()),
            },
            _ => return Err(self.unexpected()),
        };
        self.skip_newlines()?;
        self.expect_word("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.reserved()? == Some("esac") {
                self.bump();
                break;
            }
            if self.is_op("(")? {
                self.bump();
            }
            let mut pats = Vec::new();
            let mut raw = Vec::new();
            loop {
                match self.peek()? {
                    Some(Token::Word(_)) => {
                        if let Some(tok) = self.bump() {
                            raw.push(self.raw(&tok));
                            if let Token::Word(w) = tok.t {
                                pats.push(w);
                            }
                        }
                    }
                    _ => return Err(self.unexpected()),
                }
                if self.is_op("|")? {
                    self.bump();
                    continue;
                }
                if self.is_op(")")? {
                    self.bump();
                    break;
                }
                return Err(self.unexpected());
            }
            self.skip_newlines()?;
            let empty = matches!(self.peek()?, Some(Token::Op(";;" | ";&" | ";;&")))
                || self.reserved()? == Some("esac");
            let body = if empty {
                Vec::new()
            } else {
                self.list(&["esac"])?
            };
            let term = match self.peek()? {
                Some(Token::Op(";;")) => CaseTerm::Break,
                Some(Token::Op(";&")) => CaseTerm::FallThrough,
                Some(Token::Op(";;&")) => CaseTerm::Continue,
                _ => {
                    if self.reserved()? == Some("esac") {
                        arms.push(CaseArm {
                            pats,
                            body,
                            term: CaseTerm::Break,
                            raw,
                        });
                        continue;
                    }
                    return Err(self.unexpected());
                }
            };
            self.bump();
            arms.push(CaseArm {
                pats,
                body,
                term,
                raw,
            });
        }
        Ok(Compound::Case {
            word,
            arms,
            raw: word_raw,
        })
    }

    pub(super) fn cond_or(&mut self) -> Result<Cond, ParseError> {
        let mut left = self.cond_and()?;
        while matches!(self.peek_mode(Mode::Cond)?, Some(Token::Op("||"))) {
            self.bump();
            self.skip_cond_newlines()?;
            let right = self.cond_and()?;
            left = Cond::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    pub(super) fn skip_cond_newlines(&mut self) -> Result<(), ParseError> {
        while matches!(self.peek_mode(Mode::Cond)?, Some(Token::Op("\n"))) {
            self.bump();
        }
        Ok(())
    }

    pub(super) fn cond_and(&mut self) -> Result<Cond, ParseError> {
        let mut left = self.cond_not()?;
        while matches!(self.peek_mode(Mode::Cond)?, Some(Token::Op("&&"))) {
            self.bump();
            self.skip_cond_newlines()?;
            let right = self.cond_not()?;
            left = Cond::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    pub(super) fn cond_word(&mut self, mode: Mode) -> Result<Word, ParseError> {
        match self.peek_mode(mode)? {
            Some(Token::Word(w)) if w.bare() != Some("]]") => {}
            _ => return Err(self.unexpected()),
        }
        match self.bump() {
            Some(Tok {
                t: Token::Word(w), ..
            }) => Ok(w),
            _ => Err(self.unexpected()),
        }
    }

    pub(super) fn cond_not(&mut self) -> Result<Cond, ParseError> {
        self.skip_cond_newlines()?;
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ParseError::Unexpected("(".into()));
        }
        let r = self.cond_primary();
        self.depth -= 1;
        r
    }

    pub(super) fn cond_primary(&mut self) -> Result<Cond, ParseError> {
        match self.peek_mode(Mode::Cond)? {
            Some(Token::Word(w)) if w.bare() == Some("!") => {
                self.bump();
                return Ok(Cond::Not(Box::new(self.cond_not()?)));
            }
            Some(Token::Op("(")) => {
                self.bump();
                let inner = self.cond_or()?;
                if !matches!(self.peek_mode(Mode::Cond)?, Some(Token::Op(")"))) {
                    return Err(self.unexpected());
                }
                self.bump();
                return Ok(inner);
            }
            _ => {}
        }
        let first = self.cond_word(Mode::Cond)?;
        if let Some(op) = first.bare().filter(|s| is_unary(s)) {
            let op = op.to_string();
            if let Some(Token::Word(w)) = self.peek_mode(Mode::Cond)? {
                if w.bare() != Some("]]") {
                    let arg = self.cond_word(Mode::Cond)?;
                    return Ok(Cond::Unary(op, arg));
                }
            }
            return Ok(Cond::Word(first));
        }
        let op = match self.peek_mode(Mode::Cond)? {
            Some(Token::Word(w)) => w.bare().filter(|s| is_binary(s)).map(str::to_string),
            _ => None,
        };
        let Some(op) = op else {
            return Ok(Cond::Word(first));
        };
        self.bump();
        let mode = if op == "=~" { Mode::Regex } else { Mode::Cond };
        let right = self.cond_word(mode)?;
        Ok(Cond::Binary(first, op, right))
    }
}

pub(super) fn is_unary(s: &str) -> bool {
    s.len() == 2 && s.starts_with('-') && "abcdefghknoprstuvwxzGLNORS".contains(&s[1..])
}

pub(super) fn is_binary(s: &str) -> bool {
    matches!(
        s,
        "=" | "=="
            | "!="
            | "=~"
            | "<"
            | ">"
            | "-eq"
            | "-ne"
            | "-lt"
            | "-le"
            | "-gt"
            | "-ge"
            | "-nt"
            | "-ot"
            | "-ef"
    )
}
