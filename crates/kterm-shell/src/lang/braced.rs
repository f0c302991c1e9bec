//! The inside of `${ … }`: name, subscript and operator, split as bash
//! splits them (`${x:-w}`, `${a[i]#p}`, `${!x}`, `${x@Q}` …).

use super::ast::{Param, ParamOp};
use super::lexer::{is_name_char, is_name_start};

/// Splits `name[index]` off the front of a `${…}` body.
fn split_name(body: &str) -> (String, Option<String>, &str) {
    let mut chars = body.char_indices().peekable();
    let end = match chars.peek() {
        Some((_, c)) if is_name_start(*c) => body
            .char_indices()
            .find(|(_, c)| !is_name_char(*c))
            .map(|(i, _)| i)
            .unwrap_or(body.len()),
        Some((_, c)) if c.is_ascii_digit() => body
            .char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .map(|(i, _)| i)
            .unwrap_or(body.len()),
        Some((_, '?' | '$' | '#' | '!' | '@' | '*' | '-')) => 1,
        _ => 0,
    };
    let (name, rest) = body.split_at(end);
    if rest.starts_with('[') && !name.is_empty() {
        let mut depth = 0;
        for (i, c) in rest.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return (
                            name.to_string(),
                            Some(rest[1..i].to_string()),
                            &rest[i + 1..],
                        );
                    }
                }
                _ => {}
            }
        }
    }
    (name.to_string(), None, rest)
}

/// The parts of `${ … }`: name, subscript and operator.
pub fn parse_braced(body: &str) -> Param {
    let bad = || Param {
        name: String::new(),
        index: None,
        op: ParamOp::Bad(body.to_string()),
    };
    // `${#x}`, `${#}`, `${#a[@]}`; `${#-}` etc. are `$#` with an operator.
    if let Some(rest) = body.strip_prefix('#') {
        if !rest.is_empty() {
            let (name, index, tail) = split_name(rest);
            if tail.is_empty() && !name.is_empty() {
                return Param {
                    name,
                    index,
                    op: ParamOp::Len,
                };
            }
            if !matches!(
                rest.chars().next(),
                Some(':' | '-' | '=' | '+' | '?' | '#' | '%' | '/')
            ) {
                return bad();
            }
        }
    }
    if let Some(rest) = body.strip_prefix('!') {
        if !rest.is_empty() {
            let (name, index, tail) = split_name(rest);
            if name.is_empty() {
                return bad();
            }
            if matches!(index.as_deref(), Some("@" | "*")) && tail.is_empty() {
                return Param {
                    name,
                    index: None,
                    op: ParamOp::Keys,
                };
            }
            if index.is_none() && (tail == "*" || tail == "@") {
                return Param {
                    name,
                    index: None,
                    op: ParamOp::Names(tail.chars().next().unwrap_or('*')),
                };
            }
            let mut p = parse_op(&name, index, tail).unwrap_or_else(bad);
            if p.op == ParamOp::Plain {
                p.op = ParamOp::Indirect;
            } else {
                // `${!x:-…}`: the indirection applies first.
                p.name = format!("!{}", p.name);
            }
            return p;
        }
    }
    let (name, index, rest) = split_name(body);
    if name.is_empty() {
        return bad();
    }
    parse_op(&name, index, rest).unwrap_or_else(bad)
}

fn parse_op(name: &str, index: Option<String>, rest: &str) -> Option<Param> {
    let mk = |op| {
        Some(Param {
            name: name.to_string(),
            index: index.clone(),
            op,
        })
    };
    if rest.is_empty() {
        return mk(ParamOp::Plain);
    }
    let mut chars = rest.chars();
    let first = chars.next()?;
    let tail = chars.as_str();
    match first {
        ':' => match tail.chars().next() {
            Some(k @ ('-' | '=' | '+' | '?')) => mk(ParamOp::Default {
                colon: true,
                kind: k,
                word: tail[1..].to_string(),
            }),
            _ => {
                let (off, len) = split_top(tail, ':');
                mk(ParamOp::Substr {
                    off: off.to_string(),
                    len: len.map(str::to_string),
                })
            }
        },
        '-' | '=' | '+' | '?' => mk(ParamOp::Default {
            colon: false,
            kind: first,
            word: tail.to_string(),
        }),
        '#' | '%' => {
            let longest = tail.starts_with(first);
            let pat = if longest { &tail[1..] } else { tail };
            mk(ParamOp::Trim {
                suffix: first == '%',
                longest,
                pat: pat.to_string(),
            })
        }
        '/' => {
            let (mode, body) = match tail.chars().next() {
                Some('/') => ('A', &tail[1..]),
                Some('#') => ('#', &tail[1..]),
                Some('%') => ('%', &tail[1..]),
                _ => ('/', tail),
            };
            let (pat, rep) = split_top(body, '/');
            mk(ParamOp::Replace {
                mode,
                pat: pat.to_string(),
                rep: rep.map(str::to_string),
            })
        }
        '^' | ',' | '~' => {
            let all = tail.starts_with(first);
            let pat = if all { &tail[1..] } else { tail };
            mk(ParamOp::Case {
                mode: first,
                all,
                pat: pat.to_string(),
            })
        }
        '@' => {
            let mut c = tail.chars();
            match (c.next(), c.next()) {
                (Some(op @ ('Q' | 'E' | 'P' | 'A' | 'a' | 'U' | 'u' | 'L' | 'K' | 'k')), None) => {
                    mk(ParamOp::Transform(op))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Splits at the first `sep` outside quotes, braces and brackets.
fn split_top(s: &str, sep: char) -> (&str, Option<&str>) {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut esc = false;
    for (i, c) in s.char_indices() {
        if esc {
            esc = false;
            continue;
        }
        match (quote, c) {
            (_, '\\') => esc = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '{' | '(' | '[') => depth += 1,
            (None, '}' | ')' | ']') => depth -= 1,
            (None, c) if c == sep && depth <= 0 => return (&s[..i], Some(&s[i + 1..])),
            _ => {}
        }
    }
    (s, None)
}
