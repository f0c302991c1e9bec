//! The JSONPath template parser, following client-go's parser.go: its
//! grammar quirks and its error messages.

use serde_json::Value;

use super::{Node, Param};

fn is_terminator(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Go's `%#U`: `U+0041 'A'`, without the character when unprintable.
fn go_u(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

pub(super) struct Parser<'a> {
    pub s: &'a str,
    pub pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    /// The nodes of one action, up to and past its `}`.
    pub fn action(&mut self) -> Result<Vec<Node>, String> {
        let mut nodes = Vec::new();
        loop {
            if self.rest().starts_with('}') {
                self.pos += 1;
                return Ok(nodes);
            }
            if self.rest().starts_with("[?(") {
                nodes.push(self.filter()?);
                continue;
            }
            if self.rest().starts_with("..") {
                if nodes.last() == Some(&Node::Recursive) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                nodes.push(Node::Recursive);
                if self.peek().is_some_and(is_alnum) {
                    nodes.push(self.field());
                }
                continue;
            }
            let c = match self.peek() {
                None | Some('\r' | '\n') => return Err("unclosed action".into()),
                Some(c) => c,
            };
            match c {
                ' ' | '@' | '$' => self.pos += 1,
                '[' => nodes.extend(self.array()?),
                '"' | '\'' => nodes.push(self.quote(c)?),
                '.' => {
                    self.pos += 1;
                    nodes.push(self.field());
                }
                '+' | '-' => nodes.push(self.number()?),
                c if c.is_ascii_digit() => nodes.push(self.number()?),
                c if is_alnum(c) => nodes.push(self.ident()),
                c => return Err(format!("unrecognized character in action: {}", go_u(c))),
            }
        }
    }

    fn field(&mut self) -> Node {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == '\\' {
                self.pos += 1;
                if let Some(n) = self.peek() {
                    self.pos += n.len_utf8();
                }
                continue;
            }
            if is_terminator(Some(c)) {
                break;
            }
            self.pos += c.len_utf8();
        }
        match &self.s[start..self.pos] {
            "*" => Node::Wildcard,
            v => Node::Field(v.replace('\\', "")),
        }
    }

    fn ident(&mut self) -> Node {
        let start = self.pos;
        while !is_terminator(self.peek()) {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
        match &self.s[start..self.pos] {
            "true" => Node::Literal(Value::Bool(true)),
            "false" => Node::Literal(Value::Bool(false)),
            v => Node::Ident(v.to_string()),
        }
    }

    fn number(&mut self) -> Result<Node, String> {
        let start = self.pos;
        if matches!(self.peek(), Some('+' | '-')) {
            self.pos += 1;
        }
        while matches!(self.peek(), Some(c) if c == '.' || c.is_ascii_digit()) {
            self.pos += 1;
        }
        let v = &self.s[start..self.pos];
        if let Ok(i) = v.parse::<i64>() {
            return Ok(Node::Literal(Value::from(i)));
        }
        match v.parse::<f64>() {
            Ok(f) if !v.is_empty() => Ok(Node::Literal(Value::from(f))),
            _ => Err(format!("cannot parse number {v}")),
        }
    }

    fn quote(&mut self, q: char) -> Result<Node, String> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) => {
                    let escaped = self.s[..self.pos].ends_with('\\');
                    self.pos += c.len_utf8();
                    if c == q && !escaped {
                        break;
                    }
                }
            }
        }
        let raw = &self.s[start..self.pos];
        unquote(raw, q)
            .map(|t| Node::Literal(Value::String(t)))
            .ok_or_else(|| format!("unquote string {raw} error invalid syntax"))
    }

    fn array(&mut self) -> Result<Vec<Node>, String> {
        let start = self.pos + 1;
        let Some(len) = self.s[start..].find([']', '\n']) else {
            return Err("unterminated array".into());
        };
        if self.s[start + len..].starts_with('\n') {
            return Err("unterminated array".into());
        }
        let mut text = &self.s[start..start + len];
        self.pos = start + len + 1;
        if text == "*" {
            text = ":";
        }
        if text.contains(',') {
            let mut union = Vec::new();
            for part in text.split(',') {
                union.push(sub_action(&format!("[{}]", part.trim_matches(' ')))?);
            }
            return Ok(vec![Node::Union(union)]);
        }
        if text.len() >= 2
            && text.starts_with('\'')
            && text.ends_with('\'')
            && !text[1..text.len() - 1].contains('\'')
        {
            return sub_action(&format!(".{}", &text[1..text.len() - 1]));
        }
        slice(text).map(|p| vec![Node::Array(p)])
    }

    fn filter(&mut self) -> Result<Node, String> {
        self.pos += 3;
        let start = self.pos;
        let (mut begin, mut end, mut pair) = (false, false, '\0');
        let close = loop {
            let Some(c) = self.peek().filter(|c| *c != '\n') else {
                return Err("unterminated filter".into());
            };
            let escaped = self.s[..self.pos].ends_with('\\');
            let at = self.pos;
            self.pos += c.len_utf8();
            match c {
                '"' | '\'' if !begin => {
                    begin = true;
                    pair = c;
                }
                '"' | '\'' if !escaped && c == pair => end = true,
                ')' if begin == end => break at,
                _ => {}
            }
        };
        if self.peek() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        self.pos += 1;
        let text = &self.s[start..close];
        let is_op = |c: char| matches!(c, '!' | '<' | '>' | '=');
        let left_end = text.find(is_op).unwrap_or(text.len());
        let op_len = text[left_end..]
            .find(|c| !is_op(c))
            .unwrap_or(text.len() - left_end);
        // `(.+?)$` needs one character: a run of operators reaching the end
        // gives its last one back.
        let op_len = if left_end + op_len == text.len() && op_len > 1 {
            op_len - 1
        } else {
            op_len
        };
        if left_end == 0 || op_len == 0 || left_end + op_len >= text.len() {
            return Ok(Node::Filter {
                left: sub_action(text)?,
                right: Vec::new(),
                op: "exists".into(),
            });
        }
        Ok(Node::Filter {
            left: sub_action(&text[..left_end])?,
            op: text[left_end..left_end + op_len].to_string(),
            right: sub_action(&text[left_end + op_len..])?,
        })
    }
}

/// Parses `text` as the inside of one action.
fn sub_action(text: &str) -> Result<Vec<Node>, String> {
    let s = format!("{text}}}");
    Parser { s: &s, pos: 0 }.action()
}

/// `[a:b:c]`, `[i]`, `[-1:]` into the three parameters client-go keeps.
fn slice(text: &str) -> Result<[Param; 3], String> {
    let parts: Vec<&str> = text.split(':').collect();
    let valid = |p: &str| {
        let d = p.strip_prefix('-').unwrap_or(p);
        d.chars().all(|c| c.is_ascii_digit())
    };
    if parts.len() > 3 || !parts.iter().all(|p| valid(p)) {
        return Err(format!("invalid array index {text}"));
    }
    let mut params = [Param::default(); 3];
    for i in 0..3 {
        let present = match parts.get(i) {
            Some(p) => i > 0 || !p.is_empty(),
            None => false,
        };
        if present {
            let p = parts[i];
            if i > 0 && p.is_empty() {
                params[i].known = false;
            } else {
                params[i].known = true;
                params[i].value = p
                    .parse()
                    .map_err(|_| format!("array index {p} is not a number"))?;
            }
        } else if i == 1 {
            params[1] = Param {
                value: params[0].value + 1,
                known: true,
                derived: true,
            };
        }
    }
    Ok(params)
}

/// `strconv.Unquote`, also for single quotes.
fn unquote(raw: &str, q: char) -> Option<String> {
    let inner = raw.strip_prefix(q)?.strip_suffix(q)?;
    let mut out = String::new();
    let mut it = inner.chars().peekable();
    while let Some(c) = it.next() {
        if c == q {
            return None;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next()?;
        let hex = |it: &mut std::iter::Peekable<std::str::Chars>, n: usize| {
            let s: String = it.by_ref().take(n).collect();
            (s.len() == n).then(|| u32::from_str_radix(&s, 16).ok())?
        };
        match e {
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '\'' | '"' if e == q => out.push(e),
            'x' => out.push(char::from_u32(hex(&mut it, 2)?)?),
            'u' => out.push(char::from_u32(hex(&mut it, 4)?)?),
            'U' => out.push(char::from_u32(hex(&mut it, 8)?)?),
            '0'..='7' => {
                let s: String = std::iter::once(e).chain(it.by_ref().take(2)).collect();
                out.push(char::from_u32(u32::from_str_radix(&s, 8).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}
