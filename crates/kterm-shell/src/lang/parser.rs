//! Tokens → syntax tree: a recursive-descent parser for bash's grammar.
//!
//! ```text
//! program   := (and_or (';' | '&' | '\n'))*
//! and_or    := pipeline (('&&' | '||') '\n'* pipeline)*
//! pipeline  := ['!'] command (('|' | '|&') '\n'* command)*
//! command   := compound redir* | NAME '(' ')' compound | 'function' NAME … | simple
//! compound  := '{' list '}' | '(' list ')' | if | for | while | until | case
//!            | '((' arith '))' | '[[' cond ']]'
//! simple    := (assignment | word | redirection)+
//! ```
//! Aliases are expanded here, on tokens in command position, as POSIX says:
//! a name is never expanded again inside its own expansion.

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use super::ast::{
    AndOr, Assign, Command, Compound, Connector, Function, Part, Pipeline, Program, Redir,
    RedirKind, Simple, Word,
};
use super::lexer::{is_name, LexError, Lexer, Mode, Token};

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

const EOF_MSG: &str = "syntax error: unexpected end of file";

/// Parses a whole input (no aliases).
pub fn parse(input: &str) -> Result<Program, ParseError> {
    Parser::new(input, None).program()
}

/// A token with where it came from.
#[derive(Clone)]
struct Tok {
    t: Token,
    line: u32,
    start: usize,
    end: usize,
    /// The aliases whose expansion produced it.
    aliases: Rc<Vec<String>>,
    /// The last token of an alias whose value ends in a blank: the next
    /// word is checked for an alias too.
    blank_after: bool,
}

pub struct Parser {
    lx: Lexer,
    peeked: Option<Tok>,
    queue: VecDeque<Tok>,
    aliases: Option<BTreeMap<String, String>>,
    /// Where the last consumed token ended (function source text).
    last_end: usize,
    /// The line the last consumed token started on.
    last_line: u32,
    /// The line the last error was found on.
    pub err_line: u32,
    depth: usize,
    alias_next: bool,
}

/// Deeper nesting than this is refused (`((((…` would overflow the stack).
const MAX_NESTING: usize = 100;

const RESERVED: &[&str] = &[
    "if", "then", "elif", "else", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "function", "{", "}", "!", "[[", "]]", "select", "time",
];

fn token_text(t: &Token) -> String {
    match t {
        Token::Op("\n") => "newline".into(),
        Token::Op(op) => (*op).into(),
        Token::Redir { fd, op } => format!(
            "{}{op}",
            fd.filter(|d| *d != u32::MAX)
                .map(|d| d.to_string())
                .unwrap_or_default()
        ),
        Token::HereDoc { .. } => "<<".into(),
        Token::Word(w) => w.literal().unwrap_or_else(|| "word".into()),
    }
}

impl Parser {
    pub fn new(input: &str, aliases: Option<BTreeMap<String, String>>) -> Self {
        Parser {
            lx: Lexer::new(input),
            peeked: None,
            queue: VecDeque::new(),
            aliases,
            last_end: 0,
            last_line: 1,
            err_line: 1,
            depth: 0,
            alias_next: false,
        }
    }

    /// A parser whose first line is numbered `line` (`$(…)` and `eval`
    /// text count from the line they appear on).
    pub fn at_line(input: &str, aliases: Option<BTreeMap<String, String>>, line: u32) -> Self {
        let mut p = Parser::new(input, aliases);
        p.lx.set_line(line);
        p
    }

    /// Aliases for the commands still to come (bash reads the next line
    /// with the aliases the previous one defined).
    pub fn set_aliases(&mut self, aliases: Option<BTreeMap<String, String>>) {
        self.aliases = aliases;
    }

    fn fill(&mut self, mode: Mode) -> Result<(), ParseError> {
        if self.peeked.is_some() {
            return Ok(());
        }
        if let Some(t) = self.queue.pop_front() {
            self.peeked = Some(t);
            return Ok(());
        }
        self.lx.skip_blanks();
        let start = self.lx.pos();
        let start_line = self.lx.line();
        match self.lx.next(mode) {
            Ok(Some((t, line))) => {
                self.peeked = Some(Tok {
                    t,
                    line,
                    start,
                    end: self.lx.pos(),
                    aliases: Rc::default(),
                    blank_after: false,
                });
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => {
                self.err_line = match e {
                    LexError::HereDoc(_) | LexError::Unclosed(')') => self.lx.line(),
                    _ => start_line,
                };
                Err(e.into())
            }
        }
    }

    fn peek_mode(&mut self, mode: Mode) -> Result<Option<&Token>, ParseError> {
        self.fill(mode)?;
        Ok(self.peeked.as_ref().map(|t| &t.t))
    }

    fn peek(&mut self) -> Result<Option<&Token>, ParseError> {
        self.peek_mode(Mode::Normal)
    }

    /// A consumed token's text as written.
    fn raw(&self, t: &Tok) -> String {
        if t.aliases.is_empty() {
            return self.lx.text(t.start, t.end);
        }
        match &t.t {
            Token::Word(w) => w.literal().unwrap_or_default(),
            other => token_text(other),
        }
    }

    fn bump(&mut self) -> Option<Tok> {
        let t = self.peeked.take();
        if let Some(t) = &t {
            if t.aliases.is_empty() {
                self.last_end = t.end;
            }
            self.last_line = t.line;
            self.alias_next = t.blank_after;
        }
        t
    }

    fn is_op(&mut self, op: &str) -> Result<bool, ParseError> {
        Ok(matches!(self.peek()?, Some(Token::Op(o)) if *o == op))
    }

    /// The next token if it is an unquoted reserved word.
    fn reserved(&mut self) -> Result<Option<&'static str>, ParseError> {
        Ok(match self.peek()? {
            Some(Token::Word(w)) => w
                .bare()
                .and_then(|s| RESERVED.iter().find(|r| **r == s).copied()),
            _ => None,
        })
    }

    fn skip_newlines(&mut self) -> Result<(), ParseError> {
        while self.is_op("\n")? {
            self.bump();
        }
        Ok(())
    }

    fn unexpected(&mut self) -> ParseError {
        match self.peek() {
            Ok(Some(_)) => {
                let tok = self.peeked.clone();
                let tok = tok.expect("peeked above");
                self.err_line = tok.line;
                let text = match &tok.t {
                    Token::Word(_) if tok.aliases.is_empty() => self.lx.text(tok.start, tok.end),
                    t => token_text(t),
                };
                ParseError::Unexpected(text)
            }
            Ok(None) => {
                self.err_line = self.lx.line();
                ParseError::Incomplete(EOF_MSG.into())
            }
            Err(e) => e,
        }
    }

    fn expect_word(&mut self, word: &str) -> Result<(), ParseError> {
        if self.reserved()? == Some(word) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// The whole input.
    pub fn program(&mut self) -> Result<Program, ParseError> {
        let mut out = Vec::new();
        while let Some(mut p) = self.next_command()? {
            out.append(&mut p);
        }
        Ok(out)
    }

    /// The next complete command: the and-or lists of one line. `None` at
    /// the end of input. Lines that run before a later syntax error are
    /// returned first.
    pub fn next_command(&mut self) -> Result<Option<Program>, ParseError> {
        self.skip_newlines()?;
        if self.peek()?.is_none() {
            return Ok(None);
        }
        let mut out = Vec::new();
        loop {
            out.push(self.and_or()?);
            match self.peek()? {
                None => return Ok(Some(out)),
                Some(Token::Op("\n")) => {
                    self.bump();
                    return Ok(Some(out));
                }
                Some(Token::Op(op @ (";" | "&"))) => {
                    let bg = *op == "&";
                    self.bump();
                    if let Some(last) = out.last_mut() {
                        last.background = bg;
                    }
                    match self.peek()? {
                        None => return Ok(Some(out)),
                        Some(Token::Op("\n")) => {
                            self.bump();
                            return Ok(Some(out));
                        }
                        _ => {}
                    }
                }
                Some(_) => return Err(self.unexpected()),
            }
        }
    }

    /// The line the next token starts on.
    pub fn line(&mut self) -> u32 {
        match self.peek() {
            Ok(Some(_)) => self.peeked.as_ref().map(|t| t.line).unwrap_or(1),
            _ => self.lx.line(),
        }
    }

    /// A list inside a compound command, up to one of `stops`.
    fn list(&mut self, stops: &[&str]) -> Result<Program, ParseError> {
        let mut out = Vec::new();
        loop {
            self.skip_newlines()?;
            match self.peek()? {
                None => {
                    self.err_line = self.lx.line();
                    return Err(ParseError::Incomplete(EOF_MSG.into()));
                }
                Some(Token::Op(")" | ";;" | ";&" | ";;&")) => break,
                _ => {}
            }
            if let Some(r) = self.reserved()? {
                if stops.contains(&r) {
                    break;
                }
            }
            out.push(self.and_or()?);
            if let Some(Token::Op(op @ (";" | "&" | "\n"))) = self.peek()? {
                let bg = *op == "&";
                self.bump();
                if let Some(last) = out.last_mut() {
                    last.background = bg;
                }
            }
        }
        if out.is_empty() {
            return Err(self.unexpected());
        }
        Ok(out)
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let conn = match self.peek()? {
                Some(Token::Op("&&")) => Connector::And,
                Some(Token::Op("||")) => Connector::Or,
                _ => {
                    return Ok(AndOr {
                        first,
                        rest,
                        background: false,
                    })
                }
            };
            self.bump();
            self.skip_newlines()?;
            rest.push((conn, self.pipeline()?));
        }
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let mut negate = false;
        loop {
            match self.reserved()? {
                Some("!") => {
                    self.bump();
                    negate = !negate;
                }
                Some("time") => {
                    self.bump();
                }
                _ => break,
            }
        }
        let mut commands = vec![self.command()?];
        loop {
            let both = match self.peek()? {
                Some(Token::Op("|")) => false,
                Some(Token::Op("|&")) => true,
                _ => break,
            };
            self.bump();
            if both {
                let last = commands.last_mut().expect("one command at least");
                let dup = Redir {
                    fd: 2,
                    kind: RedirKind::Dup,
                    target: lit_word("1"),
                    raw: "2>&1".into(),
                };
                match last {
                    Command::Simple(s) => s.redirs.push(dup),
                    Command::Compound { redirs, .. } => redirs.push(dup),
                    Command::FuncDef(_) => {}
                }
            }
            self.skip_newlines()?;
            commands.push(self.command()?);
        }
        Ok(Pipeline { negate, commands })
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.depth -= 1;
            return Err(ParseError::Unexpected("(".into()));
        }
        let r = self.command_inner();
        self.depth -= 1;
        r
    }

    fn command_inner(&mut self) -> Result<Command, ParseError> {
        self.expand_aliases()?;
        if self.is_op("((")? {
            let line = self.line();
            let expr = self.arith_body()?;
            return self.with_redirs(Compound::Arith(expr), line);
        }
        let line = self.line();
        let start = self.peeked.as_ref().map(|t| t.start).unwrap_or(0);
        if self.is_op("(")? {
            self.bump();
            let body = self.list(&[])?;
            if !self.is_op(")")? {
                return Err(self.unexpected());
            }
            self.bump();
            return self.with_redirs(Compound::Subshell(body), line);
        }
        match self.reserved()? {
            Some("function") => {
                self.bump();
                let Some(Token::Word(_)) = self.peek()? else {
                    return Err(self.unexpected());
                };
                let name = match self.bump() {
                    Some(tok) => match &tok.t {
                        Token::Word(w) => function_name(w, self.raw(&tok)),
                        _ => None,
                    },
                    None => None,
                };
                let Some(name) = name else {
                    return Err(self.unexpected());
                };
                if self.is_op("(")? {
                    self.bump();
                    if !self.is_op(")")? {
                        return Err(self.unexpected());
                    }
                    self.bump();
                }
                return self.function_body(name, start);
            }
            Some(
                r @ ("}" | "then" | "elif" | "else" | "fi" | "do" | "done" | "esac" | "in" | "]]"),
            ) => {
                let _ = r;
                return Err(self.unexpected());
            }
            Some("[[") => {
                let from = self.bump().map(|t| t.end).unwrap_or(0);
                let c = self.cond_or()?;
                if self.reserved_mode(Mode::Cond)? != Some("]]") {
                    return Err(self.unexpected());
                }
                let to = self.bump().map(|t| t.start).unwrap_or(from);
                let raw = self
                    .lx
                    .text(from, to)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                return self.with_redirs(Compound::Cond(c, raw), line);
            }
            Some(kw @ ("{" | "if" | "while" | "until" | "for" | "case" | "select")) => {
                self.bump();
                let c = self.compound(kw)?;
                return self.with_redirs(c, line);
            }
            _ => {}
        }
        self.simple(line, start)
    }

    /// After a peeked `((`: the arithmetic text up to `))`.
    fn arith_body(&mut self) -> Result<String, ParseError> {
        self.bump();
        match self.lx.until_double_paren() {
            Ok(Some(e)) => {
                self.last_end = self.lx.pos();
                Ok(e)
            }
            Ok(None) => Err(ParseError::Unexpected("((".into())),
            Err(e) => {
                self.err_line = self.lx.line();
                Err(e.into())
            }
        }
    }

    fn reserved_mode(&mut self, mode: Mode) -> Result<Option<&'static str>, ParseError> {
        self.fill(mode)?;
        self.reserved()
    }

    /// Replaces an alias in command position by its tokens.
    fn expand_aliases(&mut self) -> Result<(), ParseError> {
        if self.aliases.is_none() {
            return Ok(());
        }
        for _ in 0..64 {
            self.peek()?;
            let Some(tok) = &self.peeked else {
                return Ok(());
            };
            let Token::Word(w) = &tok.t else {
                return Ok(());
            };
            let Some(name) = w.bare() else {
                return Ok(());
            };
            if tok.aliases.iter().any(|a| a == name) {
                return Ok(());
            }
            let Some(value) = self.aliases.as_ref().and_then(|a| a.get(name)).cloned() else {
                return Ok(());
            };
            let mut seen = (*tok.aliases).clone();
            seen.push(name.to_string());
            let seen = Rc::new(seen);
            let line = tok.line;
            let mut lx = Lexer::new(&value);
            let mut toks = Vec::new();
            while let Ok(Some((t, _))) = lx.next(Mode::Normal) {
                toks.push(Tok {
                    t,
                    line,
                    start: 0,
                    end: 0,
                    aliases: seen.clone(),
                    blank_after: false,
                });
            }
            if value.ends_with([' ', '\t']) {
                if let Some(last) = toks.last_mut() {
                    last.blank_after = true;
                }
            }
            self.peeked = None;
            for t in toks.into_iter().rev() {
                self.queue.push_front(t);
            }
        }
        Ok(())
    }

    fn with_redirs(&mut self, body: Compound, line: u32) -> Result<Command, ParseError> {
        let mut redirs = Vec::new();
        while let Some(r) = self.redirection()? {
            redirs.push(r);
        }
        Ok(Command::Compound {
            body: Box::new(body),
            redirs,
            line,
        })
    }

    fn function_body(&mut self, name: (String, bool), start: usize) -> Result<Command, ParseError> {
        self.skip_newlines()?;
        let line = self.line();
        let body = match self.reserved()? {
            Some(kw @ ("{" | "if" | "while" | "until" | "for" | "case")) => {
                self.bump();
                self.compound(kw)?
            }
            _ if self.is_op("(")? => {
                self.bump();
                let b = self.list(&[])?;
                if !self.is_op(")")? {
                    return Err(self.unexpected());
                }
                self.bump();
                Compound::Subshell(b)
            }
            Some("[[") => match self.command()? {
                Command::Compound { body, .. } => *body,
                _ => return Err(self.unexpected()),
            },
            _ if self.is_op("((")? => Compound::Arith(self.arith_body()?),
            _ => return Err(self.unexpected()),
        };
        let _ = line;
        self.finish_function(name, body, start)
    }

    fn finish_function(
        &mut self,
        (name, valid): (String, bool),
        body: Compound,
        start: usize,
    ) -> Result<Command, ParseError> {
        let source = self.lx.text(start, self.last_end);
        let line = self.last_line;
        let mut redirs = Vec::new();
        while let Some(r) = self.redirection()? {
            redirs.push(r);
        }
        Ok(Command::FuncDef(Rc::new(Function {
            name,
            body,
            redirs,
            source,
            line,
            valid,
        })))
    }

    fn simple(&mut self, line: u32, start: usize) -> Result<Command, ParseError> {
        let mut cmd = Simple {
            line,
            ..Simple::default()
        };
        loop {
            if self.alias_next {
                self.alias_next = false;
                self.expand_aliases()?;
            }
            if let Some(r) = self.redirection()? {
                cmd.redirs.push(r);
                continue;
            }
            let Some(Token::Word(_)) = self.peek()? else {
                break;
            };
            let Some(tok) = self.bump() else {
                break;
            };
            let raw = self.raw(&tok);
            let Token::Word(w) = tok.t else {
                break;
            };
            if cmd.words.is_empty() {
                if let Some(a) = assignment(&w) {
                    cmd.assigns.push(a);
                    cmd.raw.push(raw);
                    continue;
                }
                if cmd.assigns.is_empty() && cmd.redirs.is_empty() && self.is_op("(")? {
                    let Some(name) = function_name(&w, raw.clone()) else {
                        return Err(self.unexpected());
                    };
                    self.bump();
                    if !self.is_op(")")? {
                        return Err(self.unexpected());
                    }
                    self.bump();
                    return self.function_body(name, start);
                }
            }
            cmd.words.push(w);
            cmd.raw.push(raw);
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Command::Simple(cmd))
    }

    fn redirection(&mut self) -> Result<Option<Redir>, ParseError> {
        match self.peek()? {
            Some(Token::Redir { fd, op }) => {
                let (fd, op) = (*fd, *op);
                let op_raw = self.bump().map(|t| self.raw(&t)).unwrap_or_default();
                let Some(Token::Word(_)) = self.peek()? else {
                    return Err(self.unexpected());
                };
                let Some(tok) = self.bump() else {
                    return Err(self.unexpected());
                };
                let target_raw = self.raw(&tok);
                let Token::Word(target) = tok.t else {
                    return Err(self.unexpected());
                };
                // bash writes `2>&1` tight and `> file` spaced.
                let raw = if op.ends_with('&') {
                    format!("{op_raw}{target_raw}")
                } else {
                    format!("{op_raw} {target_raw}")
                };
                let (default_fd, kind) = match op {
                    "<" => (0, RedirKind::In),
                    ">" => (1, RedirKind::Out),
                    ">|" => (1, RedirKind::Clobber),
                    ">>" => (1, RedirKind::Append),
                    "<>" => (0, RedirKind::ReadWrite),
                    ">&" => (1, RedirKind::Dup),
                    "<&" => (0, RedirKind::Dup),
                    "&>>" => (1, RedirKind::AppendErr),
                    "<<<" => (0, RedirKind::HereString),
                    _ => (1, RedirKind::OutErr),
                };
                // `>&file` (not a number or `-`) means `&>file`.
                let kind = match (&kind, target.literal()) {
                    (RedirKind::Dup, Some(t))
                        if op == ">&"
                            && fd.is_none()
                            && !t.is_empty()
                            && t != "-"
                            && !t.chars().all(|c| c.is_ascii_digit()) =>
                    {
                        RedirKind::OutErr
                    }
                    _ => kind,
                };
                Ok(Some(Redir {
                    fd: fd.unwrap_or(default_fd),
                    kind,
                    target,
                    raw,
                }))
            }
            Some(Token::HereDoc { .. }) => {
                let Some(tok) = self.bump() else {
                    return Ok(None);
                };
                let raw: String = self.raw(&tok).split_whitespace().collect();
                let Token::HereDoc { body, expand } = tok.t else {
                    return Ok(None);
                };
                Ok(Some(Redir {
                    fd: 0,
                    kind: RedirKind::HereDoc { body, expand },
                    target: Word::default(),
                    raw,
                }))
            }
            _ => Ok(None),
        }
    }
}

/// Whether `s` is a reserved word (`command -v`, `type`).
pub fn is_reserved(s: &str) -> bool {
    RESERVED.contains(&s)
}

fn lit_word(s: &str) -> Word {
    Word(vec![Part::Lit {
        text: s.to_string(),
        quoted: false,
    }])
}

/// `NAME=value`, `NAME+=value`, `NAME[i]=value` (the name unquoted and
/// literal) as an assignment.
pub fn assignment(w: &Word) -> Option<Assign> {
    let Some(Part::Lit {
        text,
        quoted: false,
    }) = w.0.first()
    else {
        return None;
    };
    let eq = text.find('=')?;
    let (head, value) = (&text[..eq], &text[eq + 1..]);
    let (head, append) = match head.strip_suffix('+') {
        Some(h) => (h, true),
        None => (head, false),
    };
    let (name, index) = match head.find('[') {
        Some(i) if head.ends_with(']') => {
            (&head[..i], Some(head[i + 1..head.len() - 1].to_string()))
        }
        _ => (head, None),
    };
    if !is_name(name) {
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
    Some(Assign {
        name: name.to_string(),
        index,
        append,
        value: Word(parts),
    })
}

#[path = "parser_compound.rs"]
mod compound;

#[cfg(test)]
#[path = "parser_tests.rs"]
mod tests;

/// A function's name and whether bash accepts it: a plain word is the
/// name; a word with quoting or `$` parses (as written) but is refused
/// when the definition runs.
fn function_name(w: &Word, raw: String) -> Option<(String, bool)> {
    match w.literal() {
        Some(name) if !w.is_quoted() && !raw.contains('\\') => Some((name, true)),
        _ if w.is_quoted() || raw.contains(['\\', '$']) => Some((raw, false)),
        _ => None,
    }
}
