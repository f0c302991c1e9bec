//! The tokenizer: an explicit state machine over characters, driven by the
//! parser one token at a time (so a script runs up to its first error, as
//! bash's does). It knows quoting, expansions, operators and here-documents.

use std::cell::RefCell;
use std::rc::Rc;

use super::ast::{Param, ParamOp, Part, Word};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    Word(Word),
    /// `&&` `||` `|` `;` `;;` `;&` `;;&` `\n` `&` `(` `)` `|&`
    Op(&'static str),
    /// A redirection operator with its file descriptor (`2>`, `>>`, `<`, `>&`, `&>`).
    Redir {
        fd: Option<u32>,
        op: &'static str,
    },
    /// `<<` / `<<-` with the delimiter read; the body is filled in when the
    /// line ends.
    HereDoc {
        body: Rc<RefCell<String>>,
        expand: bool,
    },
}

/// How the parser wants the next token read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Inside `[[ … ]]`: `<` and `>` are words.
    Cond,
    /// The right side of `=~`: parentheses and `|` belong to the word.
    Regex,
}

/// Why input could not be tokenized: all of these mean "needs more lines".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LexError {
    #[error("unexpected EOF while looking for matching `{0}'")]
    Unclosed(char),
    #[error("here-document delimited by end-of-file (wanted `{0}')")]
    HereDoc(String),
    #[error("unexpected end of file after `\\'")]
    Backslash,
}

struct Pending {
    body: Rc<RefCell<String>>,
    delim: String,
    strip_tabs: bool,
}

pub struct Lexer {
    chars: Vec<char>,
    pos: usize,
    pending: Vec<Pending>,
    /// Line of `pos` (1-based), kept as the cursor moves.
    line_at: (usize, u32),
    first_line: u32,
}

/// Every token of `input` (for tests and the history redactor).
pub fn tokenize(input: &str) -> Result<Vec<Token>, LexError> {
    let mut lx = Lexer::new(input);
    let mut out = Vec::new();
    while let Some((t, _)) = lx.next(Mode::Normal)? {
        out.push(t);
    }
    Ok(out)
}

fn is_meta(c: char) -> bool {
    matches!(
        c,
        '|' | '&' | ';' | '<' | '>' | '(' | ')' | ' ' | '\t' | '\n'
    )
}

pub fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

pub fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(is_name_start) && c.all(is_name_char)
}

impl Lexer {
    pub fn new(input: &str) -> Self {
        Lexer {
            chars: input.chars().collect(),
            pos: 0,
            pending: Vec::new(),
            line_at: (0, 1),
            first_line: 1,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    /// Numbers the first line `line`.
    pub fn set_line(&mut self, line: u32) {
        self.line_at = (0, line.max(1));
        self.first_line = line.max(1);
    }

    /// The 1-based line the cursor is on.
    pub fn line(&mut self) -> u32 {
        let (from, mut line) = self.line_at;
        let pos = self.pos.min(self.chars.len());
        if from > pos {
            let first = self.first_line;
            self.line_at = (0, first);
            return self.line();
        }
        line += self.chars[from..pos].iter().filter(|c| **c == '\n').count() as u32;
        self.line_at = (pos, line);
        line
    }

    /// Source text between two cursor positions.
    pub fn text(&self, from: usize, to: usize) -> String {
        self.chars[from.min(self.chars.len())..to.min(self.chars.len())]
            .iter()
            .collect()
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Skips blanks, comments and escaped newlines.
    pub fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t') => self.pos += 1,
                Some('\\') if self.peek_at(1) == Some('\n') => self.pos += 2,
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// At `((` in command position: the arithmetic text up to `))`.
    pub fn arith_command(&mut self) -> Result<Option<String>, LexError> {
        self.skip_blanks();
        if !self.starts_with("((") {
            return Ok(None);
        }
        let save = self.pos;
        self.pos += 2;
        match self.until_double_paren() {
            Ok(Some(s)) => Ok(Some(s)),
            Ok(None) => {
                // `( (a) )`: a subshell in a subshell after all.
                self.pos = save;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The text up to the `))` closing an arithmetic expression, or `None`
    /// when parentheses close unevenly.
    pub fn until_double_paren(&mut self) -> Result<Option<String>, LexError> {
        let mut depth = 0;
        let mut s = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(LexError::Unclosed(')'));
            };
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    if self.peek_at(1) == Some(')') {
                        self.pos += 2;
                        return Ok(Some(s));
                    }
                    return Ok(None);
                }
                ')' => depth -= 1,
                '$' | '`' => {
                    let start = self.pos;
                    self.dollar(false)?;
                    s.push_str(&self.text(start, self.pos));
                    continue;
                }
                '\'' | '"' => {
                    let start = self.pos;
                    let mut parts = Vec::new();
                    self.pos += 1;
                    if c == '"' {
                        self.double_quoted(&mut parts)?;
                    } else {
                        self.single_quoted()?;
                    }
                    s.push_str(&self.text(start, self.pos));
                    continue;
                }
                _ => {}
            }
            self.pos += 1;
            s.push(c);
        }
    }

    /// The next token and the line it starts on; `None` at the end.
    pub fn next(&mut self, mode: Mode) -> Result<Option<(Token, u32)>, LexError> {
        self.skip_blanks();
        let line = self.line();
        let Some(c) = self.peek() else {
            if let Some(p) = self.pending.first() {
                return Err(LexError::HereDoc(p.delim.clone()));
            }
            return Ok(None);
        };
        if c == '\n' {
            self.pos += 1;
            self.read_heredoc_bodies()?;
            return Ok(Some((Token::Op("\n"), line)));
        }
        if mode != Mode::Normal && matches!(c, '<' | '>') && self.peek_at(1) != Some(c) {
            self.pos += 1;
            return Ok(Some((Token::Word(lit(&c.to_string())), line)));
        }
        if mode == Mode::Regex && !matches!(c, '&' | ';') && !self.starts_with("||") {
            let w = self.word(true)?;
            return Ok(Some((Token::Word(w), line)));
        }
        if mode != Mode::Normal && c == '(' {
            self.pos += 1;
            return Ok(Some((Token::Op("("), line)));
        }
        if let Some(t) = self.operator() {
            return Ok(Some((t, line)));
        }
        let w = self.word(false)?;
        Ok(Some((Token::Word(w), line)))
    }

    /// Lexes an operator at the cursor, if there is one.
    fn operator(&mut self) -> Option<Token> {
        // An all-digit word directly before `<` or `>` is a file descriptor.
        let mut n = 0;
        while self.peek_at(n).is_some_and(|c| c.is_ascii_digit()) {
            n += 1;
        }
        let mut fd = None;
        if n > 0 && matches!(self.peek_at(n), Some('<' | '>')) {
            fd = self
                .text(self.pos, self.pos + n)
                .parse::<u32>()
                .ok()
                .or(Some(u32::MAX));
        }
        let start = self.pos;
        if fd.is_some() {
            self.pos += n;
        }
        const OPS: &[&str] = &[
            ";;&", "<<<", "<<-", "&>>", "&&", "||", "|&", ";;", ";&", "<<", ">>", ">&", "<&", "&>",
            ">|", "<>", "((", "|", ";", "&", "(", ")", "<", ">",
        ];
        let Some(op) = OPS.iter().find(|op| self.starts_with(op)).copied() else {
            self.pos = start;
            return None;
        };
        if fd.is_some() && !op.starts_with(['<', '>']) {
            self.pos = start;
            return None;
        }
        self.pos += op.chars().count();
        Some(match op {
            "<<" | "<<-" => self.heredoc_start(op == "<<-"),
            "<" | ">" | ">>" | ">&" | "<&" | "&>" | "&>>" | ">|" | "<>" | "<<<" => {
                Token::Redir { fd, op }
            }
            _ => Token::Op(op),
        })
    }

    fn heredoc_start(&mut self, strip_tabs: bool) -> Token {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
        // The delimiter is a word with quotes removed; any quoting turns
        // expansion off. A missing delimiter leaves it empty.
        let mut delim = String::new();
        let mut quoted = false;
        while let Some(c) = self.peek() {
            if is_meta(c) {
                break;
            }
            self.pos += 1;
            match c {
                '\'' | '"' => {
                    quoted = true;
                    while let Some(d) = self.peek() {
                        self.pos += 1;
                        if d == c {
                            break;
                        }
                        delim.push(d);
                    }
                }
                '\\' => {
                    quoted = true;
                    if let Some(d) = self.peek() {
                        self.pos += 1;
                        delim.push(d);
                    }
                }
                c => delim.push(c),
            }
        }
        let body = Rc::new(RefCell::new(String::new()));
        self.pending.push(Pending {
            body: body.clone(),
            delim,
            strip_tabs,
        });
        Token::HereDoc {
            body,
            expand: !quoted,
        }
    }

    fn read_heredoc_bodies(&mut self) -> Result<(), LexError> {
        for p in std::mem::take(&mut self.pending) {
            let mut body = String::new();
            loop {
                if self.pos >= self.chars.len() {
                    return Err(LexError::HereDoc(p.delim));
                }
                let mut line = String::new();
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == '\n' {
                        break;
                    }
                    line.push(c);
                }
                let line = if p.strip_tabs {
                    line.trim_start_matches('\t').to_string()
                } else {
                    line
                };
                if line == p.delim {
                    break;
                }
                body.push_str(&line);
                body.push('\n');
            }
            *p.body.borrow_mut() = body;
        }
        Ok(())
    }

    /// Lexes one word: literal text, quotes and expansions up to a
    /// metacharacter (`regex`: parentheses and `|` are part of it).
    fn word(&mut self, regex: bool) -> Result<Word, LexError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut depth = 0;
        if self.peek() == Some('~') {
            self.tilde(&mut parts);
        } else if !regex {
            if let Some(n) = self.subscript_prefix() {
                lit.extend(&self.chars[self.pos..self.pos + n]);
                self.pos += n;
            }
        }
        while let Some(c) = self.peek() {
            if regex {
                match c {
                    '(' => depth += 1,
                    ')' if depth > 0 => depth -= 1,
                    ' ' | '\t' if depth > 0 => {}
                    '|' | '<' | '>' => {}
                    _ if is_meta(c) => break,
                    _ => {}
                }
            } else if is_meta(c) {
                if c == '(' && self.array_start(&parts, &lit) {
                    flush(&mut lit, &mut parts, false);
                    self.pos += 1;
                    let items = self.array_items()?;
                    parts.push(Part::Array(items));
                    continue;
                }
                break;
            }
            match c {
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        None => return Err(LexError::Backslash),
                        Some('\n') => self.pos += 1,
                        Some(d) => {
                            self.pos += 1;
                            flush(&mut lit, &mut parts, false);
                            parts.push(Part::Lit {
                                text: d.to_string(),
                                quoted: true,
                            });
                        }
                    }
                }
                '\'' => {
                    self.pos += 1;
                    flush(&mut lit, &mut parts, false);
                    let s = self.single_quoted()?;
                    parts.push(Part::Lit {
                        text: s,
                        quoted: true,
                    });
                }
                '"' => {
                    self.pos += 1;
                    flush(&mut lit, &mut parts, false);
                    self.double_quoted(&mut parts)?;
                }
                '$' if self.peek_at(1) == Some('\'') => {
                    self.pos += 2;
                    flush(&mut lit, &mut parts, false);
                    let s = self.single_quoted_raw()?;
                    parts.push(Part::Lit {
                        text: super::escapes::ansi_c(&s),
                        quoted: true,
                    });
                }
                '$' if self.peek_at(1) == Some('"') => self.pos += 1,
                '$' | '`' => {
                    flush(&mut lit, &mut parts, false);
                    match self.dollar(false)? {
                        Some(p) => parts.push(p),
                        None => lit.push('$'),
                    }
                }
                ':' | '='
                    if !regex && self.peek_at(1) == Some('~') && assign_prefix(&parts, &lit, c) =>
                {
                    self.pos += 1;
                    lit.push(c);
                    flush(&mut lit, &mut parts, false);
                    self.tilde(&mut parts);
                }
                c => {
                    self.pos += 1;
                    lit.push(c);
                }
            }
        }
        flush(&mut lit, &mut parts, false);
        Ok(Word(parts))
    }

    /// The length of `NAME[…]=` or `NAME[…]+=` at the cursor: the subscript
    /// of an assignment is taken as written, for arithmetic later.
    fn subscript_prefix(&self) -> Option<usize> {
        let mut n = 0;
        while self
            .peek_at(n)
            .is_some_and(|c| is_name_char(c) && (n > 0 || is_name_start(c)))
        {
            n += 1;
        }
        if n == 0 || self.peek_at(n) != Some('[') {
            return None;
        }
        let mut depth = 0;
        loop {
            match self.peek_at(n)? {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        n += 1;
                        break;
                    }
                }
                '\n' => return None,
                _ => {}
            }
            n += 1;
        }
        match (self.peek_at(n), self.peek_at(n + 1)) {
            (Some('='), _) => Some(n + 1),
            (Some('+'), Some('=')) => Some(n + 2),
            _ => None,
        }
    }

    /// `~` or `~/…` (a bare tilde; `~user` stays literal).
    fn tilde(&mut self, parts: &mut Vec<Part>) {
        if matches!(self.peek_at(1), None | Some('/' | ':')) || self.peek_at(1).is_some_and(is_meta)
        {
            self.pos += 1;
            parts.push(Part::Tilde);
        }
    }

    /// `NAME=(`, `NAME+=(` or `NAME[…]=(` so far: an array assignment.
    fn array_start(&self, parts: &[Part], lit: &str) -> bool {
        if !parts.is_empty() {
            return false;
        }
        let Some(head) = lit.strip_suffix('=') else {
            return false;
        };
        let head = head.strip_suffix('+').unwrap_or(head);
        let name = match head.find('[') {
            Some(i) if head.ends_with(']') => &head[..i],
            _ => head,
        };
        is_name(name)
    }

    fn array_items(&mut self) -> Result<Vec<Word>, LexError> {
        let mut items = Vec::new();
        loop {
            self.skip_blanks();
            match self.peek() {
                None => return Err(LexError::Unclosed(')')),
                Some(')') => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some('\n') => self.pos += 1,
                Some(c) if is_meta(c) => {
                    // bash rejects these; keep the character as a word.
                    self.pos += 1;
                    items.push(lit(&c.to_string()));
                }
                Some(_) => items.push(self.word(false)?),
            }
        }
    }

    fn single_quoted(&mut self) -> Result<String, LexError> {
        self.quoted_until_tick(false)
    }

    /// The body of `$'…'` with its backslashes kept (decoded by the caller).
    fn single_quoted_raw(&mut self) -> Result<String, LexError> {
        self.quoted_until_tick(true)
    }

    /// Text up to the closing `'`; with `escapes`, `\'` does not close it.
    fn quoted_until_tick(&mut self, escapes: bool) -> Result<String, LexError> {
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(LexError::Unclosed('\'')),
                Some('\'') => {
                    self.pos += 1;
                    return Ok(s);
                }
                Some('\\') if escapes => {
                    s.push('\\');
                    self.pos += 1;
                    if let Some(d) = self.peek() {
                        s.push(d);
                        self.pos += 1;
                    }
                }
                Some(d) => {
                    self.pos += 1;
                    s.push(d);
                }
            }
        }
    }

    fn double_quoted(&mut self, parts: &mut Vec<Part>) -> Result<(), LexError> {
        let mut s = String::new();
        // Even `""` is a (quoted, empty) part so the word is not dropped.
        let mut pushed = false;
        loop {
            match self.peek() {
                None => return Err(LexError::Unclosed('"')),
                Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    self.pos += 1;
                    match self.peek() {
                        None => return Err(LexError::Unclosed('"')),
                        Some('\n') => self.pos += 1,
                        Some(d @ ('$' | '`' | '"' | '\\')) => {
                            self.pos += 1;
                            s.push(d);
                        }
                        Some(_) => s.push('\\'),
                    }
                }
                Some('$' | '`') => match self.dollar(true)? {
                    Some(p) => {
                        if !s.is_empty() {
                            parts.push(Part::Lit {
                                text: std::mem::take(&mut s),
                                quoted: true,
                            });
                        }
                        parts.push(p);
                        pushed = true;
                    }
                    None => s.push('$'),
                },
                Some(d) => {
                    self.pos += 1;
                    s.push(d);
                }
            }
        }
        if !s.is_empty() || !pushed {
            parts.push(Part::Lit {
                text: s,
                quoted: true,
            });
        }
        Ok(())
    }

    /// At `$` or a backtick: an expansion, or `None` for a lone `$`.
    fn dollar(&mut self, quoted: bool) -> Result<Option<Part>, LexError> {
        if self.peek() == Some('`') {
            self.pos += 1;
            let mut src = String::new();
            loop {
                match self.peek() {
                    None => return Err(LexError::Unclosed('`')),
                    Some('`') => {
                        self.pos += 1;
                        break;
                    }
                    Some('\\') if matches!(self.peek_at(1), Some('`' | '\\' | '$')) => {
                        src.push(self.peek_at(1).unwrap_or('\\'));
                        self.pos += 2;
                    }
                    Some(c) => {
                        self.pos += 1;
                        src.push(c);
                    }
                }
            }
            return Ok(Some(Part::Subst {
                source: src,
                quoted,
            }));
        }
        self.pos += 1; // `$`
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => {
                let save = self.pos;
                self.pos += 2;
                if let Some(expr) = self.until_double_paren()? {
                    return Ok(Some(Part::Arith { expr, quoted }));
                }
                self.pos = save + 1;
                let source = self.until_close_paren()?;
                Ok(Some(Part::Subst { source, quoted }))
            }
            Some('(') => {
                self.pos += 1;
                let source = self.until_close_paren()?;
                Ok(Some(Part::Subst { source, quoted }))
            }
            Some('[') => {
                // `$[ … ]`: the old arithmetic form.
                self.pos += 1;
                let mut expr = String::new();
                let mut depth = 0;
                loop {
                    match self.peek() {
                        None => return Err(LexError::Unclosed(']')),
                        Some(']') if depth == 0 => {
                            self.pos += 1;
                            break;
                        }
                        Some(c) => {
                            depth += i32::from(c == '[') - i32::from(c == ']');
                            expr.push(c);
                            self.pos += 1;
                        }
                    }
                }
                Ok(Some(Part::Arith { expr, quoted }))
            }
            Some('{') => {
                self.pos += 1;
                let body = self.braced_text()?;
                Ok(Some(Part::Param {
                    p: Box::new(parse_braced(&body)),
                    quoted,
                }))
            }
            Some(c @ ('?' | '$' | '#' | '!' | '@' | '*' | '-' | '0'..='9')) => {
                self.pos += 1;
                Ok(Some(param(&c.to_string(), quoted)))
            }
            Some(c) if is_name_start(c) => {
                let mut name = String::new();
                while let Some(c) = self.peek().filter(|c| is_name_char(*c)) {
                    self.pos += 1;
                    name.push(c);
                }
                Ok(Some(param(&name, quoted)))
            }
            _ => Ok(None),
        }
    }

    /// The source of `$( … )` up to its matching `)`, minding quotes,
    /// nesting, comments and `case` patterns.
    fn until_close_paren(&mut self) -> Result<String, LexError> {
        let mut depth = 1;
        let start = self.pos;
        loop {
            let Some(c) = self.peek() else {
                return Err(LexError::Unclosed(')'));
            };
            match c {
                '(' => {
                    depth += 1;
                    self.pos += 1;
                }
                ')' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(self.text(start, self.pos - 1));
                    }
                }
                '\'' => {
                    self.pos += 1;
                    self.single_quoted()?;
                }
                '"' => {
                    self.pos += 1;
                    self.double_quoted(&mut Vec::new())?;
                }
                '$' | '`' => {
                    self.dollar(false)?;
                }
                '\\' => self.pos += 2,
                '#' if self.pos == start || self.chars[self.pos - 1].is_whitespace() => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                _ if is_name_start(c)
                    && (self.pos == start || is_meta(self.chars[self.pos - 1])) =>
                {
                    // `case x in a) …` inside `$( … )`: the pattern's `)`
                    // does not close the substitution.
                    let mut w = String::new();
                    while let Some(d) = self.peek().filter(|d| is_name_char(*d)) {
                        w.push(d);
                        self.pos += 1;
                    }
                    if w == "case" {
                        depth -= self.count_case_patterns();
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips ahead over a `case … esac` (within `$( … )`) and returns 0: the
    /// pattern parentheses it passes balance out by construction.
    fn count_case_patterns(&mut self) -> i32 {
        let mut nest = 1;
        while let Some(c) = self.peek() {
            if is_name_start(c) && self.pos > 0 && is_meta(self.chars[self.pos - 1]) {
                let mut w = String::new();
                while let Some(d) = self.peek().filter(|d| is_name_char(*d)) {
                    w.push(d);
                    self.pos += 1;
                }
                match w.as_str() {
                    "case" => nest += 1,
                    "esac" => {
                        nest -= 1;
                        if nest == 0 {
                            return 0;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match c {
                '\'' => {
                    self.pos += 1;
                    if self.single_quoted().is_err() {
                        return 0;
                    }
                }
                '"' => {
                    self.pos += 1;
                    if self.double_quoted(&mut Vec::new()).is_err() {
                        return 0;
                    }
                }
                '\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
        0
    }

    /// The text of `${ … }` up to its matching `}`.
    fn braced_text(&mut self) -> Result<String, LexError> {
        let mut body = String::new();
        let mut depth = 1;
        loop {
            let Some(c) = self.peek() else {
                return Err(LexError::Unclosed('}'));
            };
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return Ok(body);
                    }
                }
                '\\' => {
                    body.push(c);
                    self.pos += 1;
                    if let Some(d) = self.peek() {
                        body.push(d);
                        self.pos += 1;
                    }
                    continue;
                }
                '\'' | '"' | '$' | '`' => {
                    let start = self.pos;
                    if c == '\'' {
                        self.pos += 1;
                        self.single_quoted()?;
                    } else if c == '"' {
                        self.pos += 1;
                        self.double_quoted(&mut Vec::new())?;
                    } else if self.dollar(false)?.is_none() {
                        // a lone `$`
                    }
                    body.push_str(&self.text(start, self.pos));
                    continue;
                }
                _ => {}
            }
            body.push(c);
            self.pos += 1;
        }
    }

    /// Lexes `text` as the inside of one word where blanks are ordinary
    /// (unquoted) characters: the words of `${x:-…}` operators.
    pub fn word_text(text: &str, dquoted: bool) -> Word {
        let mut lx = Lexer::new(text);
        let mut parts = Vec::new();
        let mut lit_s = String::new();
        while let Some(c) = lx.peek() {
            match c {
                '\\' => {
                    lx.pos += 1;
                    match lx.peek() {
                        Some(d) if !dquoted || matches!(d, '$' | '`' | '"' | '\\' | '}') => {
                            lx.pos += 1;
                            flush(&mut lit_s, &mut parts, dquoted);
                            parts.push(Part::Lit {
                                text: d.to_string(),
                                quoted: true,
                            });
                        }
                        _ => lit_s.push('\\'),
                    }
                }
                '\'' if !dquoted => {
                    lx.pos += 1;
                    flush(&mut lit_s, &mut parts, false);
                    let s = lx.single_quoted().unwrap_or_default();
                    parts.push(Part::Lit {
                        text: s,
                        quoted: true,
                    });
                }
                '"' => {
                    lx.pos += 1;
                    flush(&mut lit_s, &mut parts, dquoted);
                    if lx.double_quoted(&mut parts).is_err() {
                        break;
                    }
                }
                '$' if !dquoted && lx.peek_at(1) == Some('\'') => {
                    lx.pos += 2;
                    flush(&mut lit_s, &mut parts, false);
                    let s = lx.single_quoted_raw().unwrap_or_default();
                    parts.push(Part::Lit {
                        text: super::escapes::ansi_c(&s),
                        quoted: true,
                    });
                }
                '$' | '`' => {
                    flush(&mut lit_s, &mut parts, dquoted);
                    match lx.dollar(dquoted) {
                        Ok(Some(p)) => parts.push(p),
                        Ok(None) => lit_s.push('$'),
                        Err(_) => break,
                    }
                }
                c => {
                    lx.pos += 1;
                    lit_s.push(c);
                }
            }
        }
        flush(&mut lit_s, &mut parts, dquoted);
        Word(parts)
    }

    /// Lexes a here-document body (or other double-quote-like text): only
    /// `$`, backticks and `\$ \` \\` are special.
    pub fn heredoc_text(text: &str) -> Word {
        let mut lx = Lexer::new(text);
        let mut parts = Vec::new();
        let mut s = String::new();
        while let Some(c) = lx.peek() {
            match c {
                '\\' if matches!(lx.peek_at(1), Some('$' | '`' | '\\')) => {
                    s.push(lx.peek_at(1).unwrap_or('\\'));
                    lx.pos += 2;
                }
                '\\' if lx.peek_at(1) == Some('\n') => lx.pos += 2,
                '$' | '`' => {
                    flush(&mut s, &mut parts, true);
                    let save = lx.pos;
                    match lx.dollar(true) {
                        Ok(Some(p)) => parts.push(p),
                        Ok(None) => s.push('$'),
                        Err(_) => {
                            lx.pos = save + 1;
                            s.push(c);
                        }
                    }
                }
                c => {
                    lx.pos += 1;
                    s.push(c);
                }
            }
        }
        flush(&mut s, &mut parts, true);
        Word(parts)
    }
}

fn flush(lit: &mut String, parts: &mut Vec<Part>, quoted: bool) {
    if !lit.is_empty() {
        parts.push(Part::Lit {
            text: std::mem::take(lit),
            quoted,
        });
    }
}

/// The word so far is `NAME` (before `=`) or `NAME=…` (before `:`):
/// a tilde after these expands.
fn assign_prefix(parts: &[Part], lit: &str, c: char) -> bool {
    let head = match parts.first() {
        Some(Part::Lit {
            text,
            quoted: false,
        }) => text.as_str(),
        Some(_) => return false,
        None => lit,
    };
    match head.split_once('=') {
        Some((n, _)) => is_name(n.trim_end_matches('+')),
        None => c == '=' && is_name(head.trim_end_matches('+')),
    }
}

fn lit(s: &str) -> Word {
    Word(vec![Part::Lit {
        text: s.to_string(),
        quoted: false,
    }])
}

fn param(name: &str, quoted: bool) -> Part {
    Part::Param {
        p: Box::new(Param {
            name: name.to_string(),
            index: None,
            op: ParamOp::Plain,
        }),
        quoted,
    }
}

pub use super::braced::parse_braced;

#[cfg(test)]
#[path = "lexer_tests.rs"]
mod tests;
