//! sed's script: parsing GNU sed's command language into a list of
//! commands, with GNU's error messages and positions.

use std::rc::Rc;

use regex_lite::Regex;

use crate::regex::{self as re, Flavor};

/// A compiled pattern; `None` stands for the empty regex (the last one used).
pub type Pattern = Option<Rc<Regex>>;

#[derive(Debug, Clone)]
pub enum Addr {
    Line(usize),
    Last,
    Re(Pattern),
    Step(usize, usize),
    /// `0` (only as `0,/re/`).
    Zero,
}

#[derive(Debug, Clone)]
pub enum Addr2 {
    Addr(Addr),
    Plus(usize),
    Tilde(usize),
}

#[derive(Debug, Clone)]
pub enum Piece {
    Lit(String),
    Group(usize),
    /// `\U \L \E \u \l`.
    Case(char),
}

#[derive(Debug, Clone)]
pub struct Subst {
    pub re: Pattern,
    pub repl: Vec<Piece>,
    pub global: bool,
    pub nth: usize,
    pub print: usize,
    pub write: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// `{`: the index just past its `}`.
    Block(usize),
    EndBlock,
    Subst(Box<Subst>),
    Trans(Vec<(char, char)>),
    Text(char, String),
    Branch(char, Option<String>),
    /// Resolved branch target (index of the label, or the end).
    Jump(char, usize),
    Label,
    Quit(char, i32),
    List(Option<usize>),
    ReadFile(char, String),
    WriteFile(char, String),
    Simple(char),
}

#[derive(Debug, Clone)]
pub struct Cmd {
    pub a1: Option<Addr>,
    pub a2: Option<Addr2>,
    pub negate: bool,
    pub kind: Kind,
}

/// Where a script came from, for error messages.
pub enum Origin<'a> {
    Expr(usize),
    File(&'a str),
}

pub struct Parser {
    pub cmds: Vec<Cmd>,
    /// Indexes of open `{`, with where the error for an unmatched one is reported.
    open: Vec<usize>,
    ere: bool,
    /// The text of `a`, `i`, `c` continues into the next -e when it ends in `\`.
    pub pending_text: bool,
}

/// A parse failure: the message GNU prints after `sed: `.
pub type Fail = String;

struct Src<'a> {
    chars: Vec<char>,
    pos: usize,
    origin: &'a Origin<'a>,
}

impl Src<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn fail(&self, msg: &str) -> Fail {
        match self.origin {
            Origin::Expr(n) => format!("-e expression #{n}, char {}: {msg}", self.pos),
            Origin::File(f) => {
                let line = self.chars[..self.pos.min(self.chars.len())]
                    .iter()
                    .filter(|c| **c == '\n')
                    .count()
                    + 1;
                format!("file {f} line {line}: {msg}")
            }
        }
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.pos += 1;
        }
    }

    fn number(&mut self) -> usize {
        let mut n: usize = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(d as usize);
            self.pos += 1;
        }
        n
    }
}

impl Parser {
    pub fn new(ere: bool) -> Self {
        Parser {
            cmds: Vec::new(),
            open: Vec::new(),
            ere,
            pending_text: false,
        }
    }

    fn flavor(&self) -> Flavor {
        if self.ere {
            Flavor::Extended
        } else {
            Flavor::Basic
        }
    }

    /// Reads text up to an unescaped `delim` (brackets protect it), turning
    /// `\delim` into `delim` and `\n` into a newline. `None` at the end.
    fn delimited(src: &mut Src<'_>, delim: char, regex: bool) -> Option<String> {
        let mut out = String::new();
        let mut in_bracket = false;
        loop {
            let c = src.next()?;
            if regex && in_bracket {
                // GNU sed turns \n and \t into the characters before the
                // regex is compiled, brackets included.
                if c == '\\' && matches!(src.peek(), Some('n' | 't')) {
                    let e = src.next()?;
                    out.push(if e == 'n' { '\n' } else { '\t' });
                    continue;
                }
                out.push(c);
                if c == ']' && !out.ends_with("[]") && !out.ends_with("[^]") {
                    in_bracket = false;
                }
                continue;
            }
            if c == '\\' {
                let e = src.next()?;
                if e == delim {
                    out.push(e);
                } else if (e == 'n' && regex) || (e == '\n' && !regex) {
                    out.push('\n');
                } else if let Some(ch) = Self::numeric_escape(src, e) {
                    // A character given by its code is always literal.
                    if ch.is_ascii_punctuation() {
                        out.push('\\');
                    }
                    out.push(ch);
                } else {
                    out.push('\\');
                    out.push(e);
                }
                continue;
            }
            if c == delim {
                return Some(out);
            }
            if c == '\n' && regex {
                return None;
            }
            if c == '[' && regex {
                in_bracket = true;
                out.push(c);
                if src.peek() == Some('^') {
                    out.push('^');
                    src.pos += 1;
                }
                if src.peek() == Some(']') {
                    out.push(']');
                    src.pos += 1;
                }
                continue;
            }
            out.push(c);
        }
    }

    /// `\xHH`, `\oNNN`, `\dNNN` and `\cX`, GNU sed's escapes for a
    /// character by its code; `e` is the letter after the backslash.
    fn numeric_escape(src: &mut Src<'_>, e: char) -> Option<char> {
        let (radix, max) = match e {
            'x' => (16, 2),
            'o' => (8, 3),
            'd' => (10, 3),
            'c' => {
                let c = src.peek()?;
                src.pos += 1;
                return Some(char::from(c.to_ascii_uppercase() as u8 ^ 0x40));
            }
            _ => return None,
        };
        let mut v: u32 = 0;
        let mut n = 0;
        while n < max {
            let Some(d) = src.peek().and_then(|c| c.to_digit(radix)) else {
                break;
            };
            v = v * radix + d;
            src.pos += 1;
            n += 1;
        }
        if n == 0 {
            return None;
        }
        char::from_u32(v)
    }

    fn compile(&self, src: &Src<'_>, pat: &str, icase: bool, multi: bool) -> Result<Pattern, Fail> {
        if pat.is_empty() {
            return Ok(None);
        }
        re::compile(pat, self.flavor(), icase, multi)
            .map(|r| Some(Rc::new(r)))
            .map_err(|e| src.fail(&e))
    }

    fn address(&self, src: &mut Src<'_>) -> Result<Option<Addr>, Fail> {
        match src.peek() {
            Some(c) if c.is_ascii_digit() => {
                let n = src.number();
                if src.peek() == Some('~') {
                    src.pos += 1;
                    let step = src.number();
                    return Ok(Some(Addr::Step(n, step)));
                }
                Ok(Some(if n == 0 { Addr::Zero } else { Addr::Line(n) }))
            }
            Some('$') => {
                src.pos += 1;
                Ok(Some(Addr::Last))
            }
            Some(c @ ('/' | '\\')) => {
                src.pos += 1;
                let delim = if c == '\\' {
                    match src.next() {
                        Some(d) => d,
                        None => return Err(src.fail("unexpected `,'")),
                    }
                } else {
                    '/'
                };
                let Some(pat) = Self::delimited(src, delim, true) else {
                    return Err(src.fail("unterminated address regex"));
                };
                let (mut icase, mut multi) = (false, false);
                loop {
                    match src.peek() {
                        Some('I') => icase = true,
                        Some('M') => multi = true,
                        _ => break,
                    }
                    src.pos += 1;
                }
                Ok(Some(Addr::Re(self.compile(src, &pat, icase, multi)?)))
            }
            _ => Ok(None),
        }
    }

    /// Parses one chunk (an -e expression, the script operand, or a -f file).
    pub fn parse(&mut self, text: &str, origin: &Origin<'_>) -> Result<(), Fail> {
        let mut src = Src {
            chars: text.chars().collect(),
            pos: 0,
            origin,
        };
        if self.pending_text {
            self.pending_text = false;
            let (t, more) = Self::text_lines(&mut src, true);
            if let Some(Cmd {
                kind: Kind::Text(_, s),
                ..
            }) = self.cmds.last_mut()
            {
                s.push_str(&t);
            }
            self.pending_text = more;
        }
        loop {
            while src.peek().is_some_and(|c| c.is_whitespace() || c == ';') {
                src.pos += 1;
            }
            let Some(c) = src.peek() else { break };
            if c == '#' {
                while src.next().is_some_and(|c| c != '\n') {}
                continue;
            }
            let a1 = self.address(&mut src)?;
            let mut a2 = None;
            src.skip_ws();
            if a1.is_some() && src.peek() == Some(',') {
                src.pos += 1;
                src.skip_ws();
                a2 = match src.peek() {
                    Some('+') => {
                        src.pos += 1;
                        Some(Addr2::Plus(src.number()))
                    }
                    Some('~') => {
                        src.pos += 1;
                        Some(Addr2::Tilde(src.number()))
                    }
                    _ => match self.address(&mut src)? {
                        Some(Addr::Step(n, _)) => Some(Addr2::Addr(Addr::Line(n))),
                        Some(a) => Some(Addr2::Addr(a)),
                        None => {
                            if src.peek().is_some() {
                                src.pos += 1;
                            }
                            return Err(src.fail("unexpected `,'"));
                        }
                    },
                };
            }
            src.skip_ws();
            let mut negate = false;
            while src.peek() == Some('!') {
                if negate {
                    src.pos += 1;
                    return Err(src.fail("multiple `!'s"));
                }
                negate = true;
                src.pos += 1;
                src.skip_ws();
            }
            let Some(c) = src.next() else {
                return Err(src.fail("missing command"));
            };
            if matches!(a2, Some(Addr2::Addr(Addr::Zero)))
                || (matches!(a1, Some(Addr::Zero)) && !matches!(a2, Some(Addr2::Addr(Addr::Re(_)))))
            {
                return Err(src.fail("invalid usage of line address 0"));
            }
            let has_addr = a1.is_some();
            let two = a2.is_some();
            let kind = match c {
                '{' => {
                    self.open.push(self.cmds.len());
                    Kind::Block(0)
                }
                '}' => {
                    if has_addr || negate {
                        return Err(src.fail("} doesn't want any addresses"));
                    }
                    let Some(open) = self.open.pop() else {
                        return Err(src.fail("unexpected `}'"));
                    };
                    let here = self.cmds.len();
                    if let Kind::Block(end) = &mut self.cmds[open].kind {
                        *end = here + 1;
                    }
                    Kind::EndBlock
                }
                's' => self.subst(&mut src)?,
                'y' => self.trans(&mut src)?,
                'a' | 'i' | 'c' => {
                    src.skip_ws();
                    match src.peek() {
                        None => return Err(src.fail("expected \\ after `a', `c' or `i'")),
                        Some('\\') => {
                            src.pos += 1;
                            match src.peek() {
                                Some('\n') => src.pos += 1,
                                // `a\` ends this -e: the text is the next one.
                                None => {
                                    self.pending_text = true;
                                    self.cmds.push(Cmd {
                                        a1,
                                        a2,
                                        negate,
                                        kind: Kind::Text(c, String::new()),
                                    });
                                    continue;
                                }
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                    let (t, more) = Self::text_lines(&mut src, false);
                    self.pending_text = more && src.peek().is_none();
                    Kind::Text(c, t)
                }
                ':' => {
                    if has_addr {
                        return Err(src.fail(": doesn't want any addresses"));
                    }
                    src.skip_ws();
                    let label = Self::label(&mut src);
                    if label.is_empty() {
                        return Err(src.fail("\":\" lacks a label"));
                    }
                    self.cmds.push(Cmd {
                        a1: None,
                        a2: None,
                        negate: false,
                        kind: Kind::Branch(':', Some(label)),
                    });
                    continue;
                }
                'b' | 't' | 'T' => {
                    src.skip_ws();
                    let label = Self::label(&mut src);
                    Kind::Branch(c, (!label.is_empty()).then_some(label))
                }
                'q' | 'Q' => {
                    if two {
                        return Err(src.fail("command only uses one address"));
                    }
                    src.skip_ws();
                    let code = if src.peek().is_some_and(|c| c.is_ascii_digit()) {
                        src.number() as i32
                    } else {
                        0
                    };
                    Kind::Quit(c, code)
                }
                'l' | 'L' => {
                    src.skip_ws();
                    let n = src
                        .peek()
                        .is_some_and(|c| c.is_ascii_digit())
                        .then(|| src.number());
                    Kind::List(n)
                }
                'r' | 'R' | 'w' | 'W' => {
                    src.skip_ws();
                    let name: String =
                        std::iter::from_fn(|| src.next().filter(|c| *c != '\n')).collect();
                    if name.is_empty() {
                        return Err(src.fail("missing filename in r/R/w/W commands"));
                    }
                    if c == 'r' || c == 'R' {
                        Kind::ReadFile(c, name)
                    } else {
                        Kind::WriteFile(c, name)
                    }
                }
                '=' | 'd' | 'D' | 'g' | 'G' | 'h' | 'H' | 'n' | 'N' | 'p' | 'P' | 'x' | 'z'
                | 'F' => Kind::Simple(c),
                'e' => return Err(src.fail("the `e' command is not supported here")),
                'v' => {
                    while src
                        .peek()
                        .is_some_and(|c| c != ';' && c != '\n' && c != '}')
                    {
                        src.pos += 1;
                    }
                    continue;
                }
                other => return Err(src.fail(&format!("unknown command: `{other}'"))),
            };
            if !matches!(
                kind,
                Kind::Text(..) | Kind::ReadFile(..) | Kind::WriteFile(..) | Kind::Block(_)
            ) {
                Self::end_of_command(&mut src)?;
            }
            self.cmds.push(Cmd {
                a1,
                a2,
                negate,
                kind,
            });
        }
        Ok(())
    }

    /// After a command: blanks, then `;`, `}`, `#`, a newline or the end.
    fn end_of_command(src: &mut Src<'_>) -> Result<(), Fail> {
        src.skip_ws();
        match src.peek() {
            None | Some(';' | '\n' | '}' | '#') => Ok(()),
            Some(_) => {
                src.pos += 1;
                Err(src.fail("extra characters after command"))
            }
        }
    }

    fn label(src: &mut Src<'_>) -> String {
        let mut l = String::new();
        while let Some(c) = src.peek() {
            if c == '\n' || c == ';' {
                break;
            }
            l.push(c);
            src.pos += 1;
        }
        l.trim_end().to_string()
    }

    /// The text of `a`, `i`, `c`: lines joined while they end in `\`;
    /// backslashes escape the next character. The flag says the text ended
    /// in a `\` at the end of the chunk (it continues in the next -e).
    fn text_lines(src: &mut Src<'_>, _continued: bool) -> (String, bool) {
        let mut out = String::new();
        loop {
            match src.next() {
                None => return (out, false),
                Some('\n') => return (out, false),
                Some('\\') => match src.next() {
                    None => return (out, true),
                    Some('\n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c) => out.push(c),
                },
                Some(c) => out.push(c),
            }
        }
    }

    fn subst(&self, src: &mut Src<'_>) -> Result<Kind, Fail> {
        let Some(delim) = src.next().filter(|c| *c != '\n' && *c != '\\') else {
            return Err(src.fail("unterminated `s' command"));
        };
        let Some(pat) = Self::delimited(src, delim, true) else {
            return Err(src.fail("unterminated `s' command"));
        };
        let Some(rep) = Self::delimited(src, delim, false) else {
            return Err(src.fail("unterminated `s' command"));
        };
        let mut s = Subst {
            re: None,
            repl: Vec::new(),
            global: false,
            nth: 1,
            print: 0,
            write: None,
        };
        let (mut icase, mut multi, mut got_nth) = (false, false, false);
        loop {
            match src.peek() {
                Some('g') => {
                    src.pos += 1;
                    if s.global {
                        return Err(src.fail("multiple `g' options to `s' command"));
                    }
                    s.global = true;
                }
                Some('p') => {
                    src.pos += 1;
                    if s.print > 0 {
                        return Err(src.fail("multiple `p' options to `s' command"));
                    }
                    s.print += 1;
                }
                Some('i' | 'I') => {
                    src.pos += 1;
                    icase = true;
                }
                Some('m' | 'M') => {
                    src.pos += 1;
                    multi = true;
                }
                Some('e') => {
                    src.pos += 1;
                    return Err(src.fail("the `e' flag is not supported here"));
                }
                Some(c) if c.is_ascii_digit() => {
                    if got_nth {
                        src.pos += 1;
                        return Err(src.fail("multiple number options to `s' command"));
                    }
                    let n = src.number();
                    if n == 0 {
                        return Err(src.fail("number option to `s' command may not be zero"));
                    }
                    s.nth = n;
                    got_nth = true;
                }
                Some('w') => {
                    src.pos += 1;
                    src.skip_ws();
                    let name: String =
                        std::iter::from_fn(|| src.next().filter(|c| *c != '\n')).collect();
                    if name.is_empty() {
                        return Err(src.fail("missing filename in r/R/w/W commands"));
                    }
                    s.write = Some(name);
                    break;
                }
                None | Some(';' | '\n' | '}' | '#' | ' ' | '\t') => break,
                Some(_) => {
                    src.pos += 1;
                    return Err(src.fail("unknown option to `s'"));
                }
            }
        }
        s.re = self.compile(src, &pat, icase, multi)?;
        s.repl = Self::replacement(&rep);
        let max_ref = s
            .repl
            .iter()
            .filter_map(|p| match p {
                Piece::Group(n) => Some(*n),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let groups = s.re.as_ref().map_or(9, |r| re::groups(r));
        if max_ref > groups {
            return Err(src.fail(&format!(
                "invalid reference \\{max_ref} on `s' command's RHS"
            )));
        }
        Ok(Kind::Subst(Box::new(s)))
    }

    fn replacement(rep: &str) -> Vec<Piece> {
        let mut v = Vec::new();
        let mut lit = String::new();
        let mut it = rep.chars();
        while let Some(c) = it.next() {
            match c {
                '&' => {
                    v.push(Piece::Lit(std::mem::take(&mut lit)));
                    v.push(Piece::Group(0));
                }
                '\\' => match it.next() {
                    Some(d @ '0'..='9') => {
                        v.push(Piece::Lit(std::mem::take(&mut lit)));
                        v.push(Piece::Group(d as usize - '0' as usize));
                    }
                    Some('n') => lit.push('\n'),
                    Some('t') => lit.push('\t'),
                    Some('r') => lit.push('\r'),
                    Some('a') => lit.push('\x07'),
                    Some('f') => lit.push('\x0c'),
                    Some('v') => lit.push('\x0b'),
                    Some(k @ ('U' | 'L' | 'E' | 'u' | 'l')) => {
                        v.push(Piece::Lit(std::mem::take(&mut lit)));
                        v.push(Piece::Case(k));
                    }
                    Some(other) => lit.push(other),
                    None => lit.push('\\'),
                },
                other => lit.push(other),
            }
        }
        v.push(Piece::Lit(lit));
        v.retain(|p| !matches!(p, Piece::Lit(s) if s.is_empty()));
        v
    }

    fn trans(&self, src: &mut Src<'_>) -> Result<Kind, Fail> {
        let Some(delim) = src.next().filter(|c| *c != '\n' && *c != '\\') else {
            return Err(src.fail("unterminated `y' command"));
        };
        let mut sides = Vec::new();
        for _ in 0..2 {
            let mut side = Vec::new();
            loop {
                let Some(c) = src.next() else {
                    return Err(src.fail("unterminated `y' command"));
                };
                if c == delim {
                    break;
                }
                if c == '\\' {
                    match src.next() {
                        Some('n') => side.push('\n'),
                        Some('t') => side.push('\t'),
                        Some('\\') => side.push('\\'),
                        Some(d) if d == delim => side.push(d),
                        Some(_) => return Err(src.fail("unknown option to `s'")),
                        None => return Err(src.fail("unterminated `y' command")),
                    }
                    continue;
                }
                side.push(c);
            }
            sides.push(side);
        }
        if sides[0].len() != sides[1].len() {
            return Err(src.fail("strings for `y' command are different lengths"));
        }
        let pairs = sides[0]
            .iter()
            .copied()
            .zip(sides[1].iter().copied())
            .collect();
        Ok(Kind::Trans(pairs))
    }

    /// Checks blocks and resolves labels once every chunk is read.
    /// `Err` carries sed's exit status: 1 for a bad script, 4 for a missing label.
    pub fn finish(&mut self) -> Result<(), (Fail, i32)> {
        if !self.open.is_empty() {
            return Err(("-e expression #1, char 0: unmatched `{'".to_string(), 1));
        }
        let labels: Vec<(String, usize)> = self
            .cmds
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match &c.kind {
                Kind::Branch(':', Some(l)) => Some((l.clone(), i)),
                _ => None,
            })
            .collect();
        let end = self.cmds.len();
        for c in &mut self.cmds {
            match &c.kind {
                Kind::Branch(':', _) => c.kind = Kind::Label,
                Kind::Branch(k, None) => c.kind = Kind::Jump(*k, end),
                Kind::Branch(k, Some(l)) => {
                    let Some((_, at)) = labels.iter().find(|(n, _)| n == l) else {
                        return Err((format!("can't find label for jump to `{l}'"), 4));
                    };
                    c.kind = Kind::Jump(*k, *at);
                }
                _ => {}
            }
        }
        Ok(())
    }
}
