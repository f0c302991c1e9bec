//! Backslash escapes: `$'…'` strings, `echo -e` and `printf`'s `%b`.

/// Which escape dialect: they differ on `\0`, `\'`, `\"`, `\?` and `\c`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `$'…'`: `\nnn` octal, `\cX` control characters.
    AnsiC,
    /// `echo -e` and `printf %b`: `\0nnn` octal, `\c` stops output.
    Echo,
    /// The format string of `printf`.
    Printf,
}

/// Decodes `$'…'` text.
pub fn ansi_c(s: &str) -> String {
    decode(s, Dialect::AnsiC).0
}

/// Decodes escapes; the bool is true when `\c` asked to stop all output.
pub fn decode(s: &str, dialect: Dialect) -> (String, bool) {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let digits = |i: &mut usize, radix: u32, max: usize| -> Option<u32> {
        let mut n = 0u32;
        let mut k = 0;
        while k < max {
            match chars.get(*i).and_then(|c| c.to_digit(radix)) {
                Some(d) => {
                    n = n.wrapping_mul(radix).wrapping_add(d);
                    *i += 1;
                    k += 1;
                }
                None => break,
            }
        }
        (k > 0).then_some(n)
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '\\' || i >= chars.len() {
            out.push(c);
            continue;
        }
        let e = chars[i];
        i += 1;
        match e {
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'e' | 'E' => out.push('\x1b'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '\'' if dialect == Dialect::AnsiC => out.push('\''),
            '"' if dialect != Dialect::Echo => out.push('"'),
            '?' if dialect == Dialect::AnsiC => out.push('?'),
            'c' if dialect == Dialect::AnsiC => match chars.get(i) {
                Some(&x) => {
                    i += 1;
                    out.push(char::from((x.to_ascii_uppercase() as u8) ^ 0x40));
                }
                None => out.push_str("\\c"),
            },
            'c' if dialect == Dialect::Echo => return (out, true),
            '0' if dialect == Dialect::Echo => {
                let n = digits(&mut i, 8, 3).unwrap_or(0);
                push_byte(&mut out, n);
            }
            '0'..='7' => {
                i -= 1;
                let n = digits(&mut i, 8, 3).unwrap_or(0);
                push_byte(&mut out, n);
            }
            'x' => match digits(&mut i, 16, 2) {
                Some(n) => push_byte(&mut out, n),
                None => out.push_str("\\x"),
            },
            'u' | 'U' => match digits(&mut i, 16, if e == 'u' { 4 } else { 8 }) {
                Some(n) => out.push(char::from_u32(n).unwrap_or('\u{fffd}')),
                None => {
                    out.push('\\');
                    out.push(e);
                }
            },
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    (out, false)
}

/// A byte from an octal or hex escape: ASCII as is, others as the Latin-1
/// character (strings here are UTF-8).
fn push_byte(out: &mut String, n: u32) {
    out.push(char::from_u32(n & 0xff).unwrap_or('\u{fffd}'));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            (r"a\tb", Dialect::AnsiC, "a\tb", false),
            (r"\x41\101\u00e9", Dialect::AnsiC, "AAé", false),
            (r"\cA\'", Dialect::AnsiC, "\x01'", false),
            (r"\0101x", Dialect::Echo, "Ax", false),
            (r"a\cb", Dialect::Echo, "a", true),
            (r"\q", Dialect::Printf, "\\q", false),
        ];
        for (input, d, want, stop) in cases {
            assert_eq!(decode(input, d), (want.to_string(), stop), "{input}");
        }
    }
}
