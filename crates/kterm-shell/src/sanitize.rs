//! The one place where text from outside the engine (API fields, logs, file
//! contents) is made safe to print. C0/C1 control characters other than
//! newline and tab, and DEL, are shown escaped so no escape sequence reaches
//! the terminal unasked (kubectl does the same since CVE-2021-25743).

/// Escapes control characters in `s`, keeping `\n` and `\t`.
pub fn text(s: &str) -> String {
    escape(s, &['\n', '\t'])
}

/// Escapes control characters in a single-line field (table cell, name),
/// including newlines and tabs.
pub fn field(s: &str) -> String {
    escape(s, &[])
}

/// Sanitizes raw bytes (logs, file contents): invalid UTF-8 becomes U+FFFD.
pub fn bytes(b: &[u8]) -> String {
    text(&String::from_utf8_lossy(b))
}

/// Output of a remote terminal session (`kubectl exec -it`): the cursor
/// movement, colours and line editing a shell needs pass, but the sequences
/// that reach beyond the screen (OSC: window title, clipboard, hyperlinks;
/// DCS, APC, PM, SOS) and C1 controls are dropped. A sequence cut at the
/// end of `b` is dropped to its end.
pub fn terminal(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\x1b' if matches!(it.peek(), Some(']' | 'P' | 'X' | '^' | '_')) => {
                // Skip to BEL or ST (ESC \\).
                while let Some(d) = it.next() {
                    if d == '\x07' || (d == '\x1b' && it.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            '\u{80}'..='\u{9f}' => {}
            c => out.push(c),
        }
    }
    out
}

fn escape(s: &str, keep: &[char]) -> String {
    if !s.chars().any(|c| needs_escape(c, keep)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c, keep) {
            match c {
                '\x1b' => out.push_str("^["),
                '\r' => out.push_str("\\r"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c => out.push_str(&format!("\\x{:02x}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char, keep: &[char]) -> bool {
    let cp = c as u32;
    let control = cp < 0x20 || cp == 0x7f || (0x80..0xa0).contains(&cp);
    control && !keep.contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &str, &str)] = &[
            ("plain", "plain", "plain"),
            ("a\nb\tc", "a\nb\tc", "a\\nb\\tc"),
            ("\x1b[31mred\x1b[0m", "^[[31mred^[[0m", "^[[31mred^[[0m"),
            ("bell\x07", "bell\\x07", "bell\\x07"),
            ("cr\r", "cr\\r", "cr\\r"),
            ("c1\u{9b}31m", "c1\\x9b31m", "c1\\x9b31m"),
            ("del\x7f", "del\\x7f", "del\\x7f"),
            ("ünïcode ✓", "ünïcode ✓", "ünïcode ✓"),
        ];
        for (input, want_text, want_field) in cases {
            assert_eq!(text(input), *want_text, "text({input:?})");
            assert_eq!(field(input), *want_field, "field({input:?})");
        }
    }

    #[test]
    fn terminal_keeps_the_screen_and_drops_the_rest() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"a\r\n\x08 \x08\x1b[31mred\x1b[0m",
                "a\r\n\x08 \x08\x1b[31mred\x1b[0m",
            ),
            (b"x\x1b]0;title\x07y", "xy"),
            (b"x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"),
            (b"x\x1bPq#0\x1b\\y", "xy"),
            (b"cut\x1b]0;never ends", "cut"),
            ("c1\u{9b}31m".as_bytes(), "c131m"),
        ];
        for (input, want) in cases {
            assert_eq!(terminal(input), *want, "{input:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(bytes(b"ok\xff\x1b"), "ok\u{fffd}^[");
    }
}
