//! Quoting a value so the shell reads it back as the same word, in the
//! styles bash prints: `${x@Q}`, `set`/`set -x`, `printf %q`, `declare -p`.

fn needs_ansi(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

/// `$'…'` with C escapes (for values with control characters).
pub fn ansi(s: &str) -> String {
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0b' => out.push_str("\\v"),
            '\x0c' => out.push_str("\\f"),
            '\x1b' => out.push_str("\\E"),
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Always quoted: `'a b'`, `''` (`${x@Q}`).
pub fn single(s: &str) -> String {
    if needs_ansi(s) {
        return ansi(s);
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn plain(c: char) -> bool {
    c.is_alphanumeric() || "/._-:,@%+=".contains(c)
}

/// Quoted only when needed (`set` listing, `set -x` traces).
pub fn maybe_single(s: &str) -> String {
    if !s.is_empty() && s.chars().all(plain) && !s.starts_with('=') {
        return s.to_string();
    }
    single(s)
}

/// Backslashes before special characters (`printf %q`).
pub fn backslash(s: &str) -> String {
    if s.is_empty() {
        return "''".into();
    }
    if needs_ansi(s) {
        return ansi(s);
    }
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if !(c.is_alphanumeric() || "/._-:,@%+=".contains(c)) || (c == '~' && i == 0) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Inside double quotes (`declare -p`).
pub fn double(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(single("a b"), "'a b'");
        assert_eq!(single("it's"), "'it'\\''s'");
        assert_eq!(single("a\nb"), "$'a\\nb'");
        assert_eq!(maybe_single("abc"), "abc");
        assert_eq!(maybe_single(""), "''");
        assert_eq!(backslash("a b'c"), "a\\ b\\'c");
        assert_eq!(double("a\"$b"), "\"a\\\"\\$b\"");
    }
}
