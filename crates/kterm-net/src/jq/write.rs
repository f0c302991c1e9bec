//! Values printed as jq 1.7 prints them: keys in their order (or sorted
//! with `-S`), two-space indent (or `--indent n`, `--tab`, `-c`), numbers
//! in jq's shortest form, strings with jq's escapes.

use jaq_json::{Num, Val};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    /// `None`: compact.
    pub indent: Option<String>,
    pub sort_keys: bool,
    pub ascii: bool,
}

impl Style {
    pub fn pretty() -> Self {
        Style {
            indent: Some("  ".into()),
            sort_keys: false,
            ascii: false,
        }
    }
}

/// A double as jq 1.7 prints it: the shortest text that reads back, in
/// exponent form outside `1e-5 ..= 1e17`, `null` for NaN and the
/// largest double for the infinities.
pub fn double(x: f64) -> String {
    if x.is_nan() {
        return "null".into();
    }
    let x = if x.is_infinite() {
        f64::MAX.copysign(x)
    } else {
        x
    };
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.into();
    }
    // Rust's `{:e}` is the shortest round-trip digits with an exponent.
    let e = format!("{x:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let decpt = exp + 1;
    let n = digits.len() as i32;
    let sign = if neg { "-" } else { "" };
    if decpt <= -4 || decpt > n + 15 {
        let rest = &digits[1..];
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let es = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{}{frac}e{es}{:02}", &digits[..1], exp.abs());
    }
    if decpt <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        format!("{sign}{digits}{}", "0".repeat((decpt - n) as usize))
    } else {
        let (i, f) = digits.split_at(decpt as usize);
        format!("{sign}{i}.{f}")
    }
}

fn num(n: &Num) -> String {
    match n {
        Num::Int(i) => i.to_string(),
        Num::BigInt(i) => i.to_string(),
        Num::Float(f) => double(*f),
        // A literal: printed as the double it reads as, unless that would
        // lose digits, where jq 1.7 keeps the literal's precision.
        Num::Dec(s) => {
            let digits = s
                .split(['e', 'E'])
                .next()
                .unwrap_or_default()
                .trim_start_matches('-')
                .replace('.', "")
                .trim_start_matches('0')
                .len();
            match s.parse::<f64>() {
                Ok(f) if digits <= 17 => double(f),
                _ => s.to_string(),
            }
        }
    }
}

pub fn string(out: &mut Vec<u8>, s: &[u8], ascii: bool) {
    out.push(b'"');
    let text = String::from_utf8_lossy(s);
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes())
            }
            c if ascii && !c.is_ascii() => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.extend_from_slice(format!("\\u{u:04x}").as_bytes());
                }
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// Appends `v` in `style`, at nesting `level`.
pub fn value(out: &mut Vec<u8>, v: &Val, style: &Style, level: usize) {
    let newline = |out: &mut Vec<u8>, level: usize| {
        if let Some(ind) = &style.indent {
            out.push(b'\n');
            for _ in 0..level {
                out.extend_from_slice(ind.as_bytes());
            }
        }
    };
    match v {
        Val::Null => out.extend_from_slice(b"null"),
        Val::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Val::Num(n) => out.extend_from_slice(num(n).as_bytes()),
        Val::TStr(s) | Val::BStr(s) => string(out, s, style.ascii),
        Val::Arr(a) if a.is_empty() => out.extend_from_slice(b"[]"),
        Val::Arr(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(out, level + 1);
                value(out, x, style, level + 1);
            }
            newline(out, level);
            out.push(b']');
        }
        Val::Obj(o) if o.is_empty() => out.extend_from_slice(b"{}"),
        Val::Obj(o) => {
            let mut entries: Vec<(&Val, &Val)> = o.iter().collect();
            if style.sort_keys {
                kterm_shell::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
            }
            out.push(b'{');
            for (i, (k, x)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(out, level + 1);
                match k {
                    Val::TStr(s) | Val::BStr(s) => string(out, s, style.ascii),
                    other => {
                        let mut key = Vec::new();
                        value(&mut key, other, style, 0);
                        string(out, &key, style.ascii);
                    }
                }
                out.push(b':');
                if style.indent.is_some() {
                    out.push(b' ');
                }
                value(out, x, style, level + 1);
            }
            newline(out, level);
            out.push(b'}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(json: &str, style: &Style) -> String {
        let v = jaq_json::read::parse_single(json.as_bytes()).unwrap();
        let mut out = Vec::new();
        value(&mut out, &v, style, 0);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn layout_table() {
        let compact = Style {
            indent: None,
            ..Style::pretty()
        };
        let cases: &[(&str, &Style, &str)] = &[
            (
                r#"{"b":1,"a":[1,2]}"#,
                &Style::pretty(),
                "{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2\n  ]\n}",
            ),
            (r#"{"b":1,"a":[1,2]}"#, &compact, r#"{"b":1,"a":[1,2]}"#),
            ("[]", &Style::pretty(), "[]"),
            ("{\"a\":{}}", &Style::pretty(), "{\n  \"a\": {}\n}"),
            (
                r#""a\u0001\u007f\"/é""#,
                &compact,
                "\"a\\u0001\\u007f\\\"/é\"",
            ),
            ("1.000", &compact, "1"),
            ("1e15", &compact, "1000000000000000"),
            (
                "1.00000000000000000000001",
                &compact,
                "1.00000000000000000000001",
            ),
            ("-12", &compact, "-12"),
        ];
        for (json, style, want) in cases {
            assert_eq!(show(json, style), *want, "{json}");
        }
    }

    #[test]
    fn doubles() {
        let cases = [
            (0.1 + 0.2, "0.30000000000000004"),
            (3.0, "3"),
            (1.5, "1.5"),
            (1e15, "1000000000000000"),
            (1e16, "1e+16"),
            (1.2345678901234568e17, "123456789012345680"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (f64::INFINITY, "1.7976931348623157e+308"),
            (f64::NAN, "null"),
        ];
        for (x, want) in cases {
            assert_eq!(double(x), want, "{x}");
        }
    }
}
