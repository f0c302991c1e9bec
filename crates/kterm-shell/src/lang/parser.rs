//! Tokens → syntax tree. Grammar (a subset of POSIX sh):
//! program := and_or ((';' | '\n') and_or)*
//! and_or  := pipeline (('&&' | '||') '\n'* pipeline)*
//! pipeline := ['!'] simple ('|' '\n'* simple)*
//! simple  := (NAME=word | word | redirection)+

use super::ast::{AndOr, Connector, Part, Pipeline, Program, Redir, RedirKind, Simple, Word};
use super::lexer::{is_name_char, is_name_start, tokenize, LexError, Token};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// More input could complete it (open quote, here-document, trailing `|`).
    #[error("{0}")]
    Incomplete(String),
    #[error("syntax error near unexpected token `{0}'")]
    Unexpected(String),
}

impl From<LexError> for ParseError {
    fn from(e: LexError) -> Self {
        ParseError::Incomplete(e.to_string())
    }
}

pub fn parse(input: &str) -> Result<Program, ParseError> {
    let tokens = tokenize(input)?;
    let mut p = Parser { tokens, pos: 0 };
    p.program()
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

fn token_text(t: &Token) -> String {
    match t {
        Token::Op("\n") => "newline".into(),
        Token::Op(op) => (*op).into(),
        Token::Redir { fd, op } => format!("{}{op}", fd.map(|d| d.to_string()).unwrap_or_default()),
        Token::HereDoc { .. } => "<<".into(),
        Token::Word(w) => w.literal().unwrap_or_else(|| "word".into()),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Token::Op(o)) if *o == op)
    }

    fn skip_newlines(&mut self) {
        while self.is_op("\n") {
            self.pos += 1;
        }
    }

    fn unexpected(&self) -> ParseError {
        match self.peek() {
            Some(t) => ParseError::Unexpected(token_text(t)),
            None => ParseError::Incomplete("syntax error: unexpected end of file".into()),
        }
    }

    fn program(&mut self) -> Result<Program, ParseError> {
        let mut out = Vec::new();
        loop {
            while self.is_op("\n") {
                self.pos += 1;
            }
            if self.peek().is_none() {
                return Ok(out);
            }
            out.push(self.and_or()?);
            match self.peek() {
                None => return Ok(out),
                Some(Token::Op(";" | "\n")) => self.pos += 1,
                Some(_) => return Err(self.unexpected()),
            }
        }
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let conn = match self.peek() {
                Some(Token::Op("&&")) => Connector::And,
                Some(Token::Op("||")) => Connector::Or,
                _ => return Ok(AndOr { first, rest }),
            };
            self.pos += 1;
            self.skip_newlines();
            rest.push((conn, self.pipeline()?));
        }
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let mut negate = false;
        if let Some(Token::Word(w)) = self.peek() {
            if w.literal().as_deref() == Some("!") && !w.is_quoted() {
                negate = true;
                self.pos += 1;
            }
        }
        let mut commands = vec![self.simple()?];
        while self.is_op("|") {
            self.pos += 1;
            self.skip_newlines();
            commands.push(self.simple()?);
        }
        Ok(Pipeline { negate, commands })
    }

    fn simple(&mut self) -> Result<Simple, ParseError> {
        let mut cmd = Simple::default();
        loop {
            match self.peek().cloned() {
                Some(Token::Word(w)) => {
                    self.pos += 1;
                    match (cmd.words.is_empty(), assignment(&w)) {
                        (true, Some(a)) => cmd.assigns.push(a),
                        _ => cmd.words.push(w),
                    }
                }
                Some(Token::Redir { fd, op }) => {
                    self.pos += 1;
                    let Some(Token::Word(target)) = self.peek().cloned() else {
                        return Err(self.unexpected());
                    };
                    self.pos += 1;
                    let (default_fd, kind) = match op {
                        "<" => (0, RedirKind::In),
                        ">" => (1, RedirKind::Out),
                        ">>" => (1, RedirKind::Append),
                        ">&" => (1, RedirKind::Dup),
                        "<&" => (0, RedirKind::Dup),
                        _ => (1, RedirKind::OutErr),
                    };
                    cmd.redirs.push(Redir {
                        fd: fd.unwrap_or(default_fd),
                        kind,
                        target,
                    });
                }
                Some(Token::HereDoc { body, expand }) => {
                    self.pos += 1;
                    cmd.redirs.push(Redir {
                        fd: 0,
                        kind: RedirKind::HereDoc { body, expand },
                        target: Word::default(),
                    });
                }
                _ => break,
            }
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(cmd)
    }
}

/// `NAME=value` (the name unquoted and literal) as an assignment.
fn assignment(w: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit {
        text,
        quoted: false,
    }) = w.0.first()
    else {
        return None;
    };
    let (name, value) = text.split_once('=')?;
    let mut chars = name.chars();
    if !chars.next().is_some_and(is_name_start) || !chars.all(is_name_char) {
        return None;
    }
    let mut parts = Vec::new();
    if !value.is_empty() {
        parts.push(Part::Lit {
            text: value.to_string(),
            quoted: false,
        });
    }
    parts.extend(w.0[1..].iter().cloned());
    Some((name.to_string(), Word(parts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &Simple) -> Vec<String> {
        s.words
            .iter()
            .map(|w| w.literal().unwrap_or_default())
            .collect()
    }

    #[test]
    fn structure() {
        let p = parse("a b && c || d | e; f\ng").unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(words(&p[0].first.commands[0]), ["a", "b"]);
        assert_eq!(p[0].rest[0].0, Connector::And);
        assert_eq!(p[0].rest[1].0, Connector::Or);
        assert_eq!(p[0].rest[1].1.commands.len(), 2);
        assert_eq!(words(&p[2].first.commands[0]), ["g"]);
    }

    #[test]
    fn assignments_only_before_the_command() {
        let p = parse("A=1 B=x cmd C=2").unwrap();
        let s = &p[0].first.commands[0];
        assert_eq!(
            s.assigns
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>(),
            ["A", "B"]
        );
        assert_eq!(words(s), ["cmd", "C=2"]);
    }

    #[test]
    fn errors_table() {
        let cases = [
            ("a ;; b", ParseError::Unexpected(";".into())),
            ("| a", ParseError::Unexpected("|".into())),
            ("a && && b", ParseError::Unexpected("&&".into())),
            (
                "a > ",
                ParseError::Incomplete("syntax error: unexpected end of file".into()),
            ),
            ("a > ;", ParseError::Unexpected(";".into())),
            ("(a)", ParseError::Unexpected("(".into())),
            ("a &", ParseError::Unexpected("&".into())),
            (
                "a |",
                ParseError::Incomplete("syntax error: unexpected end of file".into()),
            ),
            (
                "a &&",
                ParseError::Incomplete("syntax error: unexpected end of file".into()),
            ),
            (
                "a ||\n",
                ParseError::Incomplete("syntax error: unexpected end of file".into()),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input), Err(want), "parse({input:?})");
        }
    }

    #[test]
    fn empty_inputs_are_empty_programs() {
        for input in ["", "   ", "\n\n", "# just a comment"] {
            assert_eq!(parse(input), Ok(vec![]), "parse({input:?})");
        }
    }
}
