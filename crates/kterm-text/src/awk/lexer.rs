//! awk's tokens. A `/` starts a regular expression where an operand may
//! start, and divides after one; newlines are tokens (they end statements).

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Num(f64),
    Str(String),
    Regex(String),
    /// A name directly followed by `(`: a user function call.
    FuncName(String),
    Name(String),
    Builtin(&'static str),
    Kw(&'static str),
    Op(&'static str),
    Newline,
    Eof,
}

pub const BUILTINS: &[&str] = &[
    "length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "tolower", "toupper",
    "int", "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "system", "close",
    "fflush", "gensub", "systime",
];

const KEYWORDS: &[&str] = &[
    "BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue",
    "next", "nextfile", "exit", "return", "delete", "in", "getline", "print", "printf",
];

const OPS: &[&str] = &[
    "**=", "&&", "||", "==", "<=", ">=", "!=", "++", "--", "+=", "-=", "*=", "/=", "%=", "^=",
    ">>", "!~", "**", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!",
    ">", "<", "|", "?", ":", "~", "$", "=",
];

/// A token and where it ends (for gawk's caret under the last character).
#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
    /// Byte offset of the token's last character in the source.
    pub end: usize,
}

pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: usize,
    last: Option<Tok>,
}

/// The lexer's complaint and where (byte offset) it arose.
pub struct LexError {
    pub msg: String,
    pub at: usize,
    pub line: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            line: 1,
            last: None,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.src[self.pos..].chars();
        it.next();
        it.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Whether a `/` here starts a regex (no operand just ended).
    fn regex_allowed(&self) -> bool {
        !matches!(
            self.last,
            Some(Tok::Num(_) | Tok::Str(_) | Tok::Name(_) | Tok::Builtin(_) | Tok::Regex(_))
                | Some(Tok::Op(")" | "]" | "$" | "++" | "--"))
        )
    }

    pub fn tokens(mut self) -> Result<Vec<Token>, LexError> {
        let mut v = Vec::new();
        loop {
            let t = self.next_token()?;
            let done = t.tok == Tok::Eof;
            self.last = Some(t.tok.clone());
            v.push(t);
            if done {
                return Ok(v);
            }
        }
    }

    fn err(&self, msg: &str) -> LexError {
        LexError {
            msg: msg.to_string(),
            at: self.pos,
            line: self.line,
        }
    }

    fn next_token(&mut self) -> Result<Token, LexError> {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => {
                    self.pos += 1;
                }
                Some('\\') if matches!(self.peek2(), Some('\n')) => {
                    self.pos += 2;
                    self.line += 1;
                }
                Some('\\') if self.src[self.pos..].starts_with("\\\r\n") => {
                    self.pos += 3;
                    self.line += 1;
                }
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
        let line = self.line;
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Ok(Token {
                tok: Tok::Eof,
                line,
                end: self.src.len(),
            });
        };
        let tok = match c {
            '\n' => {
                self.line += 1;
                Tok::Newline
            }
            '"' => Tok::Str(self.string()?),
            '/' if self.regex_allowed() => Tok::Regex(self.regex()?),
            c if c.is_ascii_digit()
                || (c == '.' && self.peek().is_some_and(|d| d.is_ascii_digit())) =>
            {
                self.pos = start;
                Tok::Num(self.number())
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    self.pos += 1;
                }
                let word = &self.src[start..self.pos];
                if let Some(k) = KEYWORDS.iter().find(|k| **k == word) {
                    Tok::Kw(if *k == "func" { "function" } else { k })
                } else if let Some(b) = BUILTINS.iter().find(|b| **b == word) {
                    Tok::Builtin(b)
                } else if self.peek() == Some('(') {
                    Tok::FuncName(word.to_string())
                } else {
                    Tok::Name(word.to_string())
                }
            }
            _ => {
                self.pos = start;
                let rest = &self.src[start..];
                let Some(op) = OPS.iter().find(|o| rest.starts_with(**o)) else {
                    self.pos += c.len_utf8();
                    return Err(self.err(&format!("invalid char '{c}' in expression")));
                };
                self.pos += op.len();
                Tok::Op(match *op {
                    "**" => "^",
                    "**=" => "^=",
                    o => o,
                })
            }
        };
        Ok(Token {
            tok,
            line,
            end: self.pos.saturating_sub(1),
        })
    }

    fn number(&mut self) -> f64 {
        let start = self.pos;
        if self.src[self.pos..].starts_with("0x") || self.src[self.pos..].starts_with("0X") {
            self.pos += 2;
            let hs = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.pos += 1;
            }
            return i64::from_str_radix(&self.src[hs..self.pos], 16).map_or(0.0, |v| v as f64);
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        // gawk reads 011 in a program as octal.
        let int = &self.src[start..self.pos];
        if int.len() > 1
            && int.starts_with('0')
            && int.bytes().all(|b| (b'0'..=b'7').contains(&b))
            && !matches!(self.peek(), Some('.' | 'e' | 'E'))
        {
            return i64::from_str_radix(int, 8).map_or(0.0, |v| v as f64);
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let save = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
            } else {
                self.pos = save;
            }
        }
        self.src[start..self.pos].parse().unwrap_or(0.0)
    }

    fn string(&mut self) -> Result<String, LexError> {
        let mut s = String::new();
        // gawk's caret for an unterminated string is under its opening quote.
        let open = LexError {
            msg: "unterminated string".into(),
            at: self.pos - 1,
            line: self.line,
        };
        loop {
            let Some(c) = self.bump() else {
                return Err(open);
            };
            match c {
                '"' => return Ok(s),
                '\n' => return Err(open),
                '\\' => {
                    let Some(e) = self.bump() else {
                        s.push('\\');
                        continue;
                    };
                    match e {
                        'n' => s.push('\n'),
                        't' => s.push('\t'),
                        'r' => s.push('\r'),
                        '\\' => s.push('\\'),
                        '"' => s.push('"'),
                        '/' => s.push('/'),
                        'a' => s.push('\x07'),
                        'b' => s.push('\x08'),
                        'f' => s.push('\x0c'),
                        'v' => s.push('\x0b'),
                        '\n' => self.line += 1,
                        '0'..='7' => {
                            let mut v = e.to_digit(8).unwrap_or(0);
                            for _ in 0..2 {
                                match self.peek().and_then(|c| c.to_digit(8)) {
                                    Some(d) => {
                                        v = v * 8 + d;
                                        self.pos += 1;
                                    }
                                    None => break,
                                }
                            }
                            s.push(char::from_u32(v).unwrap_or('?'));
                        }
                        other => {
                            // gawk keeps the backslash for regex metacharacters.
                            s.push('\\');
                            s.push(other);
                        }
                    }
                }
                c => s.push(c),
            }
        }
    }

    fn regex(&mut self) -> Result<String, LexError> {
        let mut s = String::new();
        let mut in_bracket = false;
        loop {
            let Some(c) = self.bump() else {
                return Err(self.err("unterminated regexp"));
            };
            match c {
                '\n' => {
                    self.pos -= 1;
                    return Err(self.err("unterminated regexp"));
                }
                '/' if !in_bracket => return Ok(s),
                '[' if !in_bracket => {
                    in_bracket = true;
                    s.push('[');
                    if self.peek() == Some('^') {
                        s.push('^');
                        self.pos += 1;
                    }
                    if self.peek() == Some(']') {
                        s.push(']');
                        self.pos += 1;
                    }
                }
                ']' if in_bracket => {
                    in_bracket = false;
                    s.push(']');
                }
                '\\' => match self.bump() {
                    Some('/') => s.push('/'),
                    Some(e) => {
                        s.push('\\');
                        s.push(e);
                    }
                    None => s.push('\\'),
                },
                c => s.push(c),
            }
        }
    }
}
