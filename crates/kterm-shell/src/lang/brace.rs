//! Brace expansion (`a{b,c}d`, `{1..10}`, `{a..e}`, `{01..10..2}`) on a
//! word's unquoted literal text, before any other expansion.

use super::ast::{Part, Word};

/// At most this many words come out of one word (`{1..9999999}` is refused
/// by leaving the word as it is).
const MAX_WORDS: usize = 100_000;

#[derive(Clone, Debug)]
enum Unit {
    Ch(char),
    Other(Part),
}

fn flatten(w: &Word) -> Vec<Unit> {
    let mut out = Vec::new();
    for p in &w.0 {
        match p {
            Part::Lit {
                text,
                quoted: false,
            } => out.extend(text.chars().map(Unit::Ch)),
            p => out.push(Unit::Other(p.clone())),
        }
    }
    out
}

fn rebuild(units: &[Unit]) -> Word {
    let mut parts = Vec::new();
    let mut s = String::new();
    for u in units {
        match u {
            Unit::Ch(c) => s.push(*c),
            Unit::Other(p) => {
                if !s.is_empty() {
                    parts.push(Part::Lit {
                        text: std::mem::take(&mut s),
                        quoted: false,
                    });
                }
                parts.push(p.clone());
            }
        }
    }
    if !s.is_empty() {
        parts.push(Part::Lit {
            text: s,
            quoted: false,
        });
    }
    Word(parts)
}

/// The words a word expands to (itself when it has no brace expression).
pub fn expand(w: &Word) -> Vec<Word> {
    let has_brace =
        w.0.iter()
            .any(|p| matches!(p, Part::Lit { text, quoted: false } if text.contains('{')));
    if !has_brace {
        return vec![w.clone()];
    }
    let mut out = Vec::new();
    expand_units(&flatten(w), &mut out);
    if out.len() > MAX_WORDS {
        return vec![w.clone()];
    }
    out.iter().map(|u| rebuild(u)).collect()
}

fn expand_units(units: &[Unit], out: &mut Vec<Vec<Unit>>) {
    if out.len() > MAX_WORDS {
        return;
    }
    let mut start = 0;
    while let Some(open) = (start..units.len()).find(|&i| matches!(units[i], Unit::Ch('{'))) {
        if let Some((close, alts)) = alternatives(units, open) {
            let prefix = &units[..open];
            let suffix = &units[close + 1..];
            for alt in alts {
                let mut v = prefix.to_vec();
                v.extend(alt);
                v.extend_from_slice(suffix);
                expand_units(&v, out);
                if out.len() > MAX_WORDS {
                    return;
                }
            }
            return;
        }
        start = open + 1;
    }
    out.push(units.to_vec());
}

/// For `{` at `open`: the matching `}` and the alternatives, if this is a
/// brace expression (a comma list or a sequence).
fn alternatives(units: &[Unit], open: usize) -> Option<(usize, Vec<Vec<Unit>>)> {
    let mut depth = 0;
    let mut commas = Vec::new();
    let mut close = None;
    let mut i = open;
    while i < units.len() {
        match units[i] {
            Unit::Ch('\\') => i += 1,
            Unit::Ch('{') => depth += 1,
            Unit::Ch('}') => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            Unit::Ch(',') if depth == 1 => commas.push(i),
            _ => {}
        }
        i += 1;
    }
    let close = close?;
    if commas.is_empty() {
        let text: Option<String> = units[open + 1..close]
            .iter()
            .map(|u| match u {
                Unit::Ch(c) => Some(*c),
                Unit::Other(_) => None,
            })
            .collect();
        let seq = sequence(&text?)?;
        return Some((
            close,
            seq.into_iter()
                .map(|s| s.chars().map(Unit::Ch).collect())
                .collect(),
        ));
    }
    let mut alts = Vec::new();
    let mut from = open + 1;
    for c in commas.iter().copied().chain(std::iter::once(close)) {
        alts.push(units[from..c].to_vec());
        from = c + 1;
    }
    Some((close, alts))
}

/// `1..10`, `a..e`, `01..10..2`.
fn sequence(text: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = text.split("..").collect();
    let (a, b, step) = match parts.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, s] => (*a, *b, Some(*s)),
        _ => return None,
    };
    let step: i64 = match step {
        Some(s) => s.parse().ok()?,
        None => 1,
    };
    let step = step.unsigned_abs().max(1) as i64;
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let width = |s: &str| {
            let d = s.trim_start_matches('-');
            if d.len() > 1 && d.starts_with('0') {
                s.len()
            } else {
                0
            }
        };
        let w = width(a).max(width(b));
        let count = (x - y).unsigned_abs() / step as u64 + 1;
        if count > MAX_WORDS as u64 {
            return None;
        }
        let mut v = Vec::new();
        let mut n = x;
        loop {
            v.push(if w > 0 {
                if n < 0 {
                    format!("-{:0>width$}", -n, width = w - 1)
                } else {
                    format!("{n:0>w$}")
                }
            } else {
                n.to_string()
            });
            if (x <= y && n + step > y) || (x > y && n - step < y) {
                break;
            }
            n = if x <= y { n + step } else { n - step };
        }
        return Some(v);
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    let (Some(x), None, Some(y), None) = (ca.next(), ca.next(), cb.next(), cb.next()) else {
        return None;
    };
    if !x.is_ascii_alphabetic() || !y.is_ascii_alphabetic() {
        return None;
    }
    let (x, y) = (x as i64, y as i64);
    let mut v = Vec::new();
    let mut n = x;
    loop {
        v.push(char::from_u32(n as u32).unwrap_or('?').to_string());
        if (x <= y && n + step > y) || (x > y && n - step < y) {
            break;
        }
        n = if x <= y { n + step } else { n - step };
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let w = Word(vec![Part::Lit {
            text: s.to_string(),
            quoted: false,
        }]);
        expand(&w)
            .into_iter()
            .map(|w| w.literal().unwrap_or_default())
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("a{b,c}d", &["abd", "acd"]),
            ("{1..3}", &["1", "2", "3"]),
            ("{3..1}", &["3", "2", "1"]),
            ("{a..e..2}", &["a", "c", "e"]),
            ("{01..10..3}", &["01", "04", "07", "10"]),
            ("{a,b}{1,2}", &["a1", "a2", "b1", "b2"]),
            ("{a,{b,c}}", &["a", "b", "c"]),
            ("{a}", &["{a}"]),
            ("{}", &["{}"]),
            ("x{,y}", &["x", "xy"]),
            ("{1..a}", &["{1..a}"]),
            ("{-2..2..2}", &["-2", "0", "2"]),
        ];
        for (input, want) in cases {
            assert_eq!(words(input), *want, "{input}");
        }
    }
}
