//! The arguments of `s` and `y`: delimited text (brackets protect the
//! delimiter), GNU's escapes, the replacement's pieces and the flags.

use super::{Fail, Kind, Parser, Piece, Src, Subst};
use crate::regex as re;

impl Parser {
    /// Reads text up to an unescaped `delim` (brackets protect it), turning
    /// `\delim` into `delim` and `\n` into a newline. `None` at the end.
    pub(super) fn delimited(src: &mut Src<'_>, delim: char, regex: bool) -> Option<String> {
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
    pub(super) fn numeric_escape(src: &mut Src<'_>, e: char) -> Option<char> {
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

    pub(super) fn subst(&self, src: &mut Src<'_>) -> Result<Kind, Fail> {
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

    pub(super) fn replacement(rep: &str) -> Vec<Piece> {
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

    pub(super) fn trans(&self, src: &mut Src<'_>) -> Result<Kind, Fail> {
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
}
