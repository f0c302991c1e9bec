//! The tokenizer: an explicit state machine over characters. It knows
//! quoting, expansions, operators and here-documents; the parser gets words
//! and operators with here-document bodies already attached.

use super::ast::{Part, Word};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    Word(Word),
    /// `&&` `||` `|` `;` `\n` `&` `(` `)`
    Op(&'static str),
    /// A redirection operator with its file descriptor (`2>`, `>>`, `<`, `>&`, `&>`).
    Redir {
        fd: Option<u8>,
        op: &'static str,
    },
    /// `<<` / `<<-` with the delimiter already read and the body filled in
    /// when the line ends.
    HereDoc {
        body: String,
        expand: bool,
    },
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
    token: usize,
    delim: String,
    strip_tabs: bool,
}

pub struct Lexer {
    chars: Vec<char>,
    pos: usize,
    tokens: Vec<Token>,
    pending: Vec<Pending>,
}

pub fn tokenize(input: &str) -> Result<Vec<Token>, LexError> {
    let mut lx = Lexer {
        chars: input.chars().collect(),
        pos: 0,
        tokens: Vec::new(),
        pending: Vec::new(),
    };
    lx.run()?;
    Ok(lx.tokens)
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

impl Lexer {
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

    fn run(&mut self) -> Result<(), LexError> {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' => self.pos += 1,
                '\\' if self.peek_at(1) == Some('\n') => self.pos += 2,
                '#' => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                '\n' => {
                    self.pos += 1;
                    self.tokens.push(Token::Op("\n"));
                    self.read_heredoc_bodies()?;
                }
                _ => {
                    if !self.operator() {
                        let w = self.word()?;
                        self.tokens.push(Token::Word(w));
                    }
                }
            }
        }
        if let Some(p) = self.pending.first() {
            return Err(LexError::HereDoc(p.delim.clone()));
        }
        Ok(())
    }

    /// Lexes an operator at the cursor, if there is one.
    fn operator(&mut self) -> bool {
        // An all-digit word directly before `<` or `>` is a file descriptor.
        let mut fd = None;
        let mut n = 0;
        while self.peek_at(n).is_some_and(|c| c.is_ascii_digit()) {
            n += 1;
        }
        if n == 1 && matches!(self.peek_at(1), Some('<' | '>')) {
            fd = self.peek().and_then(|c| c.to_digit(10)).map(|d| d as u8);
        }
        let start = self.pos;
        if fd.is_some() {
            self.pos += 1;
        }
        const OPS: &[&str] = &[
            "&&", "||", "<<-", "<<", ">>", ">&", "<&", "&>", "|", ";", "&", "(", ")", "<", ">",
        ];
        let Some(op) = OPS.iter().find(|op| self.starts_with(op)).copied() else {
            self.pos = start;
            return false;
        };
        self.pos += op.chars().count();
        match op {
            "<<" | "<<-" => self.heredoc_start(op == "<<-"),
            "<" | ">" | ">>" | ">&" | "<&" | "&>" => self.tokens.push(Token::Redir { fd, op }),
            _ => self.tokens.push(Token::Op(op)),
        }
        true
    }

    fn heredoc_start(&mut self, strip_tabs: bool) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
        // The delimiter is a word with quotes removed; any quoting turns
        // expansion off. A missing delimiter leaves it empty, which the parser reports.
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
        self.pending.push(Pending {
            token: self.tokens.len(),
            delim,
            strip_tabs,
        });
        self.tokens.push(Token::HereDoc {
            body: String::new(),
            expand: !quoted,
        });
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
            if let Some(Token::HereDoc { body: b, .. }) = self.tokens.get_mut(p.token) {
                *b = body;
            }
        }
        Ok(())
    }

    /// Lexes one word: literal text, quotes and expansions up to a metacharacter.
    fn word(&mut self) -> Result<Word, LexError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let flush = |lit: &mut String, parts: &mut Vec<Part>, quoted: bool| {
            if !lit.is_empty() || quoted {
                parts.push(Part::Lit {
                    text: std::mem::take(lit),
                    quoted,
                });
            }
        };
        if self.peek() == Some('~') && matches!(self.peek_at(1), None | Some('/'))
            || self.peek() == Some('~') && self.peek_at(1).is_some_and(is_meta)
        {
            self.pos += 1;
            parts.push(Part::Tilde);
        }
        while let Some(c) = self.peek() {
            if is_meta(c) {
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
                    let mut s = String::new();
                    loop {
                        match self.peek() {
                            None => return Err(LexError::Unclosed('\'')),
                            Some('\'') => {
                                self.pos += 1;
                                break;
                            }
                            Some(d) => {
                                self.pos += 1;
                                s.push(d);
                            }
                        }
                    }
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
                '$' | '`' => {
                    flush(&mut lit, &mut parts, false);
                    match self.dollar(false)? {
                        Some(p) => parts.push(p),
                        None => lit.push('$'),
                    }
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
            Some('(') => {
                self.pos += 1;
                let source = self.until_close_paren()?;
                Ok(Some(Part::Subst { source, quoted }))
            }
            Some('{') => {
                self.pos += 1;
                self.braced(quoted).map(Some)
            }
            Some(c @ ('?' | '$' | '#' | '!' | '@' | '*' | '0'..='9')) => {
                self.pos += 1;
                Ok(Some(Part::Var {
                    name: c.to_string(),
                    quoted,
                }))
            }
            Some(c) if is_name_start(c) => {
                let mut name = String::new();
                while let Some(c) = self.peek().filter(|c| is_name_char(*c)) {
                    self.pos += 1;
                    name.push(c);
                }
                Ok(Some(Part::Var { name, quoted }))
            }
            _ => Ok(None),
        }
    }

    /// The source of `$( … )` up to its matching `)`, minding quotes and nesting.
    fn until_close_paren(&mut self) -> Result<String, LexError> {
        let mut depth = 1;
        let mut src = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(LexError::Unclosed(')'));
            };
            self.pos += 1;
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(src);
                    }
                }
                '\'' | '"' => {
                    src.push(c);
                    loop {
                        let Some(d) = self.peek() else {
                            return Err(LexError::Unclosed(c));
                        };
                        self.pos += 1;
                        src.push(d);
                        if d == '\\' && c == '"' {
                            if let Some(e) = self.peek() {
                                self.pos += 1;
                                src.push(e);
                            }
                        } else if d == c {
                            break;
                        }
                    }
                    continue;
                }
                '\\' => {
                    src.push(c);
                    if let Some(d) = self.peek() {
                        self.pos += 1;
                        src.push(d);
                    }
                    continue;
                }
                _ => {}
            }
            src.push(c);
        }
    }

    fn braced(&mut self, quoted: bool) -> Result<Part, LexError> {
        let mut body = String::new();
        let mut depth = 1;
        loop {
            let Some(c) = self.peek() else {
                return Err(LexError::Unclosed('}'));
            };
            self.pos += 1;
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            body.push(c);
        }
        if let Some(name) = body.strip_prefix('#') {
            return Ok(Part::Len {
                name: name.to_string(),
            });
        }
        let name_len = body
            .char_indices()
            .find(|(i, c)| !(is_name_char(*c) || (*i == 0 && matches!(c, '?' | '$' | '#'))))
            .map(|(i, _)| i)
            .unwrap_or(body.len());
        let (name, rest) = body.split_at(name_len);
        for op in [":-", ":=", ":+", ":?", "-", "=", "+", "?"] {
            if let Some(word) = rest.strip_prefix(op) {
                return Ok(Part::VarOp {
                    name: name.to_string(),
                    op: op.to_string(),
                    word: word.to_string(),
                    quoted,
                });
            }
        }
        // `${bad stuff}`: keep it as a variable that is never set.
        Ok(Part::Var { name: body, quoted })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Part {
        Part::Lit {
            text: s.into(),
            quoted: false,
        }
    }
    fn qlit(s: &str) -> Part {
        Part::Lit {
            text: s.into(),
            quoted: true,
        }
    }
    fn w(parts: Vec<Part>) -> Token {
        Token::Word(Word(parts))
    }

    #[test]
    fn table() {
        let cases: Vec<(&str, Vec<Token>)> = vec![
            ("echo hi", vec![w(vec![lit("echo")]), w(vec![lit("hi")])]),
            ("a'b c'd", vec![w(vec![lit("a"), qlit("b c"), lit("d")])]),
            (
                "\"x $A y\"",
                vec![w(vec![
                    qlit("x "),
                    Part::Var {
                        name: "A".into(),
                        quoted: true,
                    },
                    qlit(" y"),
                ])],
            ),
            ("\"\"", vec![w(vec![qlit("")])]),
            ("a\\ b", vec![w(vec![lit("a"), qlit(" "), lit("b")])]),
            (
                "echo $?",
                vec![
                    w(vec![lit("echo")]),
                    w(vec![Part::Var {
                        name: "?".into(),
                        quoted: false,
                    }]),
                ],
            ),
            (
                "${X:-d e}",
                vec![w(vec![Part::VarOp {
                    name: "X".into(),
                    op: ":-".into(),
                    word: "d e".into(),
                    quoted: false,
                }])],
            ),
            ("${#X}", vec![w(vec![Part::Len { name: "X".into() }])]),
            (
                "$(a $(b) 'c)')",
                vec![w(vec![Part::Subst {
                    source: "a $(b) 'c)'".into(),
                    quoted: false,
                }])],
            ),
            (
                "`a`",
                vec![w(vec![Part::Subst {
                    source: "a".into(),
                    quoted: false,
                }])],
            ),
            ("~/x", vec![w(vec![Part::Tilde, lit("/x")])]),
            ("a~", vec![w(vec![lit("a~")])]),
            ("cost $", vec![w(vec![lit("cost")]), w(vec![lit("$")])]),
            (
                "a&&b||c|d;e",
                vec![
                    w(vec![lit("a")]),
                    Token::Op("&&"),
                    w(vec![lit("b")]),
                    Token::Op("||"),
                    w(vec![lit("c")]),
                    Token::Op("|"),
                    w(vec![lit("d")]),
                    Token::Op(";"),
                    w(vec![lit("e")]),
                ],
            ),
            (
                "x 2>&1 >>f <in",
                vec![
                    w(vec![lit("x")]),
                    Token::Redir {
                        fd: Some(2),
                        op: ">&",
                    },
                    w(vec![lit("1")]),
                    Token::Redir { fd: None, op: ">>" },
                    w(vec![lit("f")]),
                    Token::Redir { fd: None, op: "<" },
                    w(vec![lit("in")]),
                ],
            ),
            (
                "echo a # comment",
                vec![w(vec![lit("echo")]), w(vec![lit("a")])],
            ),
            ("a \\\n b", vec![w(vec![lit("a")]), w(vec![lit("b")])]),
            (
                "cat <<EOF\n$A\nEOF\n",
                vec![
                    w(vec![lit("cat")]),
                    Token::HereDoc {
                        body: "$A\n".into(),
                        expand: true,
                    },
                    Token::Op("\n"),
                ],
            ),
            (
                "cat <<'E'\nx\nE",
                vec![
                    w(vec![lit("cat")]),
                    Token::HereDoc {
                        body: "x\n".into(),
                        expand: false,
                    },
                    Token::Op("\n"),
                ],
            ),
            (
                "cat <<-E\n\tx\n\tE\n",
                vec![
                    w(vec![lit("cat")]),
                    Token::HereDoc {
                        body: "x\n".into(),
                        expand: true,
                    },
                    Token::Op("\n"),
                ],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(tokenize(input), Ok(want), "tokenize({input:?})");
        }
    }

    #[test]
    fn incomplete_table() {
        let cases = [
            ("echo 'abc", LexError::Unclosed('\'')),
            ("echo \"abc", LexError::Unclosed('"')),
            ("echo $(ls", LexError::Unclosed(')')),
            ("echo `ls", LexError::Unclosed('`')),
            ("echo ${A", LexError::Unclosed('}')),
            ("cat <<EOF\nabc", LexError::HereDoc("EOF".into())),
            ("cat <<EOF", LexError::HereDoc("EOF".into())),
            ("echo \\", LexError::Backslash),
        ];
        for (input, want) in cases {
            assert_eq!(tokenize(input), Err(want), "tokenize({input:?})");
        }
    }
}
