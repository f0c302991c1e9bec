//! POSIX basic and extended regular expressions (GNU's dialect, as sed, awk
//! and expr read them) translated to `regex-lite`'s syntax. What cannot be
//! translated is refused with a message: back-references inside a pattern
//! (`\(a\)\1`), and the leftmost-longest rule between alternatives (`a|ab`
//! matches `a` here, `ab` in POSIX) is the engine's leftmost-first.

use regex_lite::{Regex, RegexBuilder};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flavor {
    Basic,
    Extended,
}

/// GNU regcomp's messages for the mistakes the translation finds.
pub const UNMATCHED_BRACKET: &str = "Unmatched [, [^, [:, [., or [=";
pub const UNMATCHED_PAREN: &str = "Unmatched ( or \\(";
pub const UNMATCHED_RPAREN: &str = "Unmatched ) or \\)";
pub const UNMATCHED_BRACE: &str = "Unmatched \\{";
pub const BAD_BRACE: &str = "Invalid content of \\{\\}";
pub const BAD_BACKREF: &str = "Invalid back reference";
pub const TRAILING_BACKSLASH: &str = "Trailing backslash";
pub const BAD_CLASS: &str = "Invalid character class name";
pub const BAD_RANGE: &str = "Invalid range end";
pub const BAD_PRECEDING: &str = "Invalid preceding regular expression";
/// Said for a back-reference inside a pattern, which regex-lite lacks.
pub const NO_BACKREF: &str = "back-references in a pattern are not supported here";

/// Compiles a POSIX pattern. `.` matches a newline, as in POSIX.
pub fn compile(pat: &str, flavor: Flavor, icase: bool, multiline: bool) -> Result<Regex, String> {
    let src = translate(pat, flavor)?;
    RegexBuilder::new(&src)
        .case_insensitive(icase)
        .multi_line(multiline)
        .dot_matches_new_line(true)
        .build()
        .map_err(|_| BAD_PRECEDING.to_string())
}

/// Number of `(…)` groups in a translated pattern.
pub fn groups(re: &Regex) -> usize {
    re.captures_len() - 1
}

fn lit(out: &mut String, c: char) {
    if c.is_ascii_punctuation() || c == ' ' {
        out.push('\\');
    }
    out.push(c);
}

/// Translates a POSIX pattern to regex-lite's syntax.
pub fn translate(pat: &str, flavor: Flavor) -> Result<String, String> {
    let ere = flavor == Flavor::Extended;
    let chars: Vec<char> = pat.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // At the start of a (sub)expression a `*` is literal and `^` anchors.
    let mut at_start = true;
    let mut depth = 0usize;
    let mut opened = 0usize;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let was_start = at_start;
        at_start = false;
        match c {
            '[' => i = bracket(&chars, i, &mut out)?,
            '.' => out.push('.'),
            '*' if was_start => out.push_str("\\*"),
            '*' => out.push('*'),
            '^' if ere || was_start => {
                out.push('^');
                at_start = true;
            }
            '^' => out.push_str("\\^"),
            '$' if ere || at_end(&chars, i) => out.push('$'),
            '$' => out.push_str("\\$"),
            '(' | ')' | '|' | '+' | '?' | '{' if ere => {
                i = special(
                    c,
                    &chars,
                    i,
                    &mut out,
                    &mut depth,
                    &mut opened,
                    was_start,
                    true,
                )?;
                at_start = matches!(c, '(' | '|');
            }
            '}' | ')' | '|' | '+' | '?' | '{' | '(' => lit(&mut out, c),
            '\\' => {
                let Some(&e) = chars.get(i) else {
                    return Err(TRAILING_BACKSLASH.into());
                };
                i += 1;
                match e {
                    '(' | ')' | '|' | '+' | '?' | '{' if !ere => {
                        i = special(
                            e,
                            &chars,
                            i,
                            &mut out,
                            &mut depth,
                            &mut opened,
                            was_start,
                            false,
                        )?;
                        at_start = matches!(e, '(' | '|');
                    }
                    '}' if !ere => return Err(BAD_BRACE.into()),
                    '1'..='9' => {
                        let n = e as usize - '0' as usize;
                        return Err(if n > opened { BAD_BACKREF } else { NO_BACKREF }.into());
                    }
                    'n' => out.push_str("\\n"),
                    't' => out.push_str("\\t"),
                    'w' | 'W' | 's' | 'S' | 'b' | 'B' => {
                        out.push('\\');
                        out.push(e);
                    }
                    '<' => out.push_str("\\b{start}"),
                    '>' => out.push_str("\\b{end}"),
                    '`' => out.push_str("\\A"),
                    '\'' => out.push_str("\\z"),
                    other => lit(&mut out, other),
                }
            }
            other => lit(&mut out, other),
        }
    }
    if depth > 0 {
        return Err(UNMATCHED_PAREN.into());
    }
    Ok(out)
}

/// Whether a BRE `$` just read ends the pattern or a group/alternative.
fn at_end(chars: &[char], i: usize) -> bool {
    match chars.get(i) {
        None => true,
        Some('\\') => matches!(chars.get(i + 1), Some(')' | '|')),
        _ => false,
    }
}

/// A group, alternation, repetition or interval operator.
#[allow(clippy::too_many_arguments)] // the translator's state, passed flat
fn special(
    c: char,
    chars: &[char],
    mut i: usize,
    out: &mut String,
    depth: &mut usize,
    opened: &mut usize,
    at_start: bool,
    ere_close: bool,
) -> Result<usize, String> {
    match c {
        '(' => {
            *depth += 1;
            *opened += 1;
            out.push('(');
        }
        ')' => {
            if *depth == 0 {
                return Err(UNMATCHED_RPAREN.into());
            }
            *depth -= 1;
            out.push(')');
        }
        '|' => out.push('|'),
        '+' | '?' if at_start => lit(out, c),
        '+' | '?' => out.push(c),
        _ => {
            // An interval: digits, optional comma and digits, closed by `}` (ERE) or `\}`.
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_digit() || *c == ',')
            {
                i += 1;
            }
            let body: String = chars[start..i].iter().collect();
            let closed = if ere_close {
                chars.get(i) == Some(&'}')
            } else {
                chars.get(i) == Some(&'\\') && chars.get(i + 1) == Some(&'}')
            };
            if !closed {
                if ere_close {
                    lit(out, '{');
                    return Ok(start);
                }
                return Err(if chars.get(i).is_none() {
                    UNMATCHED_BRACE
                } else {
                    BAD_BRACE
                }
                .into());
            }
            i += if ere_close { 1 } else { 2 };
            let (lo, hi) = match body.split_once(',') {
                Some((l, h)) => (l, Some(h)),
                None => (body.as_str(), None),
            };
            if body.matches(',').count() > 1 || (lo.is_empty() && hi.is_none()) {
                return Err(BAD_BRACE.into());
            }
            let lo_n: usize = if lo.is_empty() {
                0
            } else {
                lo.parse().map_err(|_| BAD_BRACE)?
            };
            if let Some(h) = hi.filter(|h| !h.is_empty()) {
                let hi_n: usize = h.parse().map_err(|_| BAD_BRACE)?;
                if hi_n < lo_n {
                    return Err(BAD_BRACE.into());
                }
                out.push_str(&format!("{{{lo_n},{hi_n}}}"));
            } else if hi.is_some() {
                out.push_str(&format!("{{{lo_n},}}"));
            } else {
                out.push_str(&format!("{{{lo_n}}}"));
            }
        }
    }
    Ok(i)
}

/// A bracket expression from just after its `[`; returns the index after `]`.
fn bracket(chars: &[char], mut i: usize, out: &mut String) -> Result<usize, String> {
    out.push('[');
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(UNMATCHED_BRACKET.into());
        };
        i += 1;
        if c == ']' && !first {
            out.push(']');
            return Ok(i);
        }
        first = false;
        let item = if c == '[' && matches!(chars.get(i), Some(':' | '=' | '.')) {
            let kind = chars[i];
            let start = i + 1;
            let mut j = start;
            while j + 1 < chars.len() && !(chars[j] == kind && chars[j + 1] == ']') {
                j += 1;
            }
            if j + 1 >= chars.len() {
                return Err(UNMATCHED_BRACKET.into());
            }
            let name: String = chars[start..j].iter().collect();
            i = j + 2;
            if kind == ':' {
                const CLASSES: &[&str] = &[
                    "alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct",
                    "print", "graph", "cntrl", "xdigit",
                ];
                if !CLASSES.contains(&name.as_str()) {
                    return Err(BAD_CLASS.into());
                }
                out.push_str(&format!("[:{name}:]"));
                continue;
            }
            name.chars().next().unwrap_or(' ')
        } else {
            c
        };
        // A range `a-z` (a `-` first or last is literal).
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|n| *n != ']') {
            let hi = chars[i + 1];
            i += 2;
            if hi < item {
                return Err(BAD_RANGE.into());
            }
            class_lit(out, item);
            out.push('-');
            class_lit(out, hi);
        } else {
            class_lit(out, item);
        }
    }
}

fn class_lit(out: &mut String, c: char) {
    if matches!(c, '[' | ']' | '\\' | '^' | '-' | '&' | '~') {
        out.push('\\');
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translate_table() {
        use Flavor::*;
        let cases: &[(&str, Flavor, Result<&str, &str>)] = &[
            ("a*b", Basic, Ok("a*b")),
            ("*a", Basic, Ok("\\*a")),
            ("\\(ab\\)*", Basic, Ok("(ab)*")),
            ("a\\{2,3\\}", Basic, Ok("a{2,3}")),
            ("a{2}", Basic, Ok("a\\{2\\}")),
            ("a{2}", Extended, Ok("a{2}")),
            ("(a|b)+", Extended, Ok("(a|b)+")),
            ("(a|b)+", Basic, Ok("\\(a\\|b\\)\\+")),
            ("a\\|b", Basic, Ok("a|b")),
            ("^a^$b$", Basic, Ok("^a\\^\\$b$")),
            ("[]a-c]", Basic, Ok("[\\]a-c]")),
            ("[^[:digit:].]", Basic, Ok("[^[:digit:].]")),
            ("[a\\]", Basic, Ok("[a\\\\]")),
            ("\\<x\\>", Basic, Ok("\\b{start}x\\b{end}")),
            ("[abc", Basic, Err(UNMATCHED_BRACKET)),
            ("\\(a", Basic, Err(UNMATCHED_PAREN)),
            ("(a", Extended, Err(UNMATCHED_PAREN)),
            ("a)", Extended, Err(UNMATCHED_RPAREN)),
            ("\\(a\\)\\1", Basic, Err(NO_BACKREF)),
            ("a\\1", Basic, Err(BAD_BACKREF)),
            ("[z-a]", Basic, Err(BAD_RANGE)),
            ("[[:foo:]]", Basic, Err(BAD_CLASS)),
            ("a\\", Basic, Err(TRAILING_BACKSLASH)),
        ];
        for (pat, fl, want) in cases {
            assert_eq!(
                translate(pat, *fl).as_deref(),
                want.map_err(str::to_string).as_deref(),
                "{pat}"
            );
        }
    }

    #[test]
    fn compiled_patterns_match() {
        let re = compile("\\(a\\|b\\)\\+c", Flavor::Basic, false, false).unwrap();
        assert_eq!(re.find("xxababcz").map(|m| m.as_str()), Some("ababc"));
        let re = compile("[[:upper:]]+", Flavor::Extended, false, false).unwrap();
        assert_eq!(re.find("abCDe").map(|m| m.as_str()), Some("CD"));
        let re = compile("a.b", Flavor::Basic, false, false).unwrap();
        assert!(re.is_match("a\nb"));
    }
}
