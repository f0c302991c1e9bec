//! sed's script: parsing GNU sed's command language into a list of
//! commands, with GNU's error messages and positions.

use std::rc::Rc;

mod args;

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
