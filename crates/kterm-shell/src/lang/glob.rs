//! Shell patterns (`*`, `?`, `[…]`) and pathname expansion over the
//! session's files. In a pattern string a backslash quotes the next
//! character (quoted parts of a word arrive that way).

use crate::fs::Vfs;

#[derive(Debug)]
enum Tok {
    Char(char),
    Any,
    Star,
    Class { neg: bool, items: Vec<Item> },
}

#[derive(Debug)]
enum Item {
    Char(char),
    Range(char, char),
    Named(String),
}

fn compile(pat: &str) -> Vec<Tok> {
    let chars: Vec<char> = pat.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' if i < chars.len() => {
                out.push(Tok::Char(chars[i]));
                i += 1;
            }
            '*' => {
                if !matches!(out.last(), Some(Tok::Star)) {
                    out.push(Tok::Star);
                }
            }
            '?' => out.push(Tok::Any),
            '[' => match class(&chars, i) {
                Some((tok, next)) => {
                    out.push(tok);
                    i = next;
                }
                None => out.push(Tok::Char('[')),
            },
            c => out.push(Tok::Char(c)),
        }
    }
    out
}

/// A bracket expression starting after `[`; the token and the index after `]`.
fn class(chars: &[char], mut i: usize) -> Option<(Tok, usize)> {
    let mut neg = false;
    if matches!(chars.get(i), Some('!' | '^')) {
        neg = true;
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Tok::Class { neg, items }, i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                items.push(Item::Named(rest[..end].to_string()));
                i += 2 + rest[..end].chars().count() + 2;
                continue;
            }
        }
        let (lo, next) = if c == '\\' && i + 1 < chars.len() {
            (chars[i + 1], i + 2)
        } else {
            (c, i + 1)
        };
        i = next;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c != ']') {
            let (hi, next) = if chars[i + 1] == '\\' && i + 2 < chars.len() {
                (chars[i + 2], i + 3)
            } else {
                (chars[i + 1], i + 2)
            };
            items.push(Item::Range(lo, hi));
            i = next;
        } else {
            items.push(Item::Char(lo));
        }
    }
}

fn named(name: &str, c: char) -> bool {
    match name {
        "alpha" => c.is_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_alphanumeric(),
        "upper" => c.is_uppercase(),
        "lower" => c.is_lowercase(),
        "space" => c.is_whitespace(),
        "blank" => c == ' ' || c == '\t',
        "punct" => c.is_ascii_punctuation(),
        "xdigit" => c.is_ascii_hexdigit(),
        "cntrl" => c.is_control(),
        "print" => !c.is_control(),
        "graph" => !c.is_control() && c != ' ',
        "word" => c.is_alphanumeric() || c == '_',
        _ => false,
    }
}

fn one(t: &Tok, c: char, icase: bool) -> bool {
    let eq = |a: char, b: char| a == b || (icase && a.to_lowercase().eq(b.to_lowercase()));
    match t {
        Tok::Char(p) => eq(*p, c),
        Tok::Any => true,
        Tok::Star => true,
        Tok::Class { neg, items } => {
            let hit = items.iter().any(|it| match it {
                Item::Char(p) => eq(*p, c),
                Item::Range(lo, hi) => {
                    (*lo..=*hi).contains(&c)
                        || (icase
                            && c.to_lowercase()
                                .chain(c.to_uppercase())
                                .any(|d| (*lo..=*hi).contains(&d)))
                }
                Item::Named(n) => named(n, c),
            });
            hit != *neg
        }
    }
}

fn run(toks: &[Tok], s: &[char], icase: bool) -> bool {
    // Greedy with backtracking to the last star: linear for one star,
    // bounded by |p|·|s| in general.
    let (mut p, mut i) = (0, 0);
    let mut back: Option<(usize, usize)> = None;
    while i < s.len() {
        match toks.get(p) {
            Some(Tok::Star) => {
                back = Some((p, i));
                p += 1;
            }
            Some(t) if one(t, s[i], icase) => {
                p += 1;
                i += 1;
            }
            _ => match back {
                Some((bp, bi)) => {
                    p = bp + 1;
                    i = bi + 1;
                    back = Some((bp, bi + 1));
                }
                None => return false,
            },
        }
    }
    toks[p..].iter().all(|t| matches!(t, Tok::Star))
}

/// Whether `s` matches the whole pattern.
pub fn matches(pat: &str, s: &str) -> bool {
    matches_case(pat, s, false)
}

pub fn matches_case(pat: &str, s: &str, icase: bool) -> bool {
    let chars: Vec<char> = s.chars().collect();
    run(&compile(pat), &chars, icase)
}

/// Whether the pattern has any unquoted glob character.
pub fn has_glob(pat: &str) -> bool {
    let mut esc = false;
    for c in pat.chars() {
        if esc {
            esc = false;
            continue;
        }
        match c {
            '\\' => esc = true,
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

/// Removes the pattern's backslash quoting.
pub fn unescape(pat: &str) -> String {
    let mut out = String::new();
    let mut esc = false;
    for c in pat.chars() {
        if esc || c != '\\' {
            out.push(c);
            esc = false;
        } else {
            esc = true;
        }
    }
    if esc {
        out.push('\\');
    }
    out
}

/// Where `pat` matches a prefix (or suffix) of `s`, shortest or longest
/// first: the byte range that matched.
pub fn match_end(pat: &str, s: &str, suffix: bool, longest: bool) -> Option<(usize, usize)> {
    let toks = compile(pat);
    let chars: Vec<char> = s.chars().collect();
    let offs: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    let n = chars.len();
    let lens: Vec<usize> = if longest {
        (0..=n).rev().collect()
    } else {
        (0..=n).collect()
    };
    for len in lens {
        let (a, b) = if suffix { (n - len, n) } else { (0, len) };
        if run(&toks, &chars[a..b], false) {
            return Some((offs[a], offs[b]));
        }
    }
    None
}

/// The first (leftmost, longest) match of `pat` in `s` at or after char `from`.
pub fn find(pat: &str, s: &str, from: usize) -> Option<(usize, usize)> {
    let toks = compile(pat);
    let chars: Vec<char> = s.chars().collect();
    for a in from..=chars.len() {
        for b in (a..=chars.len()).rev() {
            if run(&toks, &chars[a..b], false) {
                return Some((a, b));
            }
        }
    }
    None
}

/// Options that change pathname expansion.
#[derive(Clone, Copy, Default)]
pub struct GlobOpts {
    pub dotglob: bool,
    pub nocase: bool,
}

/// Expands a pattern against the session's files: the sorted matches, or
/// none (the caller keeps the word then).
pub fn expand(fs: &Vfs, cwd: &str, pat: &str, opts: GlobOpts) -> Vec<String> {
    let absolute = pat.starts_with('/');
    let segments: Vec<&str> = pat.split('/').filter(|s| !s.is_empty()).collect();
    // (path shown to the user, absolute path)
    let mut cur: Vec<(String, String)> = vec![if absolute {
        ("/".to_string(), "/".to_string())
    } else {
        (String::new(), cwd.to_string())
    }];
    for (k, seg) in segments.iter().enumerate() {
        let last = k + 1 == segments.len();
        let mut next = Vec::new();
        for (shown, abs) in &cur {
            let join = |name: &str| {
                let s = if shown.is_empty() {
                    name.to_string()
                } else if shown.ends_with('/') {
                    format!("{shown}{name}")
                } else {
                    format!("{shown}/{name}")
                };
                let a = if abs == "/" {
                    format!("/{name}")
                } else {
                    format!("{abs}/{name}")
                };
                (s, a)
            };
            if !has_glob(seg) {
                let name = unescape(seg);
                let (s, a) = join(&name);
                if name == "." || name == ".." || fs.exists(&crate::fs::resolve(&a, ".")) {
                    let a = crate::fs::resolve(&a, ".");
                    if last || fs.is_dir(&a) {
                        next.push((s, a));
                    }
                }
                continue;
            }
            let Ok(entries) = fs.list(abs) else {
                continue;
            };
            for (name, node) in entries {
                if name.starts_with('.')
                    && !seg.starts_with('.')
                    && !seg.starts_with("\\.")
                    && !opts.dotglob
                {
                    continue;
                }
                if !matches_case(seg, &name, opts.nocase) {
                    continue;
                }
                if (!last || pat.ends_with('/')) && !matches!(node, crate::fs::Node::Dir) {
                    continue;
                }
                next.push(join(&name));
            }
        }
        cur = next;
    }
    let mut out: Vec<String> = cur
        .into_iter()
        .map(|(s, _)| {
            if pat.ends_with('/') {
                format!("{s}/")
            } else {
                s
            }
        })
        .collect();
    crate::sort::sort(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_table() {
        let cases = [
            ("*.txt", "a.txt", true),
            ("*.txt", "a.txt.bak", false),
            ("a?c", "abc", true),
            ("[a-c]x", "bx", true),
            ("[!a-c]x", "bx", false),
            ("[[:digit:]]*", "9lives", true),
            ("\\*", "*", true),
            ("\\*", "a", false),
            ("*a*b*", "xaxxbx", true),
            ("[]]", "]", true),
            ("", "", true),
            ("a*", "", false),
        ];
        for (p, s, want) in cases {
            assert_eq!(matches(p, s), want, "{p} ~ {s}");
        }
    }

    #[test]
    fn ends_table() {
        let s = "a.b.c";
        assert_eq!(match_end("*.", s, false, false), Some((0, 2)));
        assert_eq!(match_end("*.", s, false, true), Some((0, 4)));
        assert_eq!(match_end(".*", s, true, false), Some((3, 5)));
        assert_eq!(match_end(".*", s, true, true), Some((1, 5)));
        assert_eq!(find("b*", "abcb", 0), Some((1, 4)));
    }
}
