//! `printf` as bash's builtin formats: every directive (`%d %i %o %u %x
//! %X %f %F %e %E %g %G %a %A %c %s %b %q %(fmt)T %%`), flags, `*` widths,
//! escapes, and the format reused until the arguments run out. The shell
//! runs it (for `-v`); this module is the formatter.

use crate::lang::escapes::{decode, Dialect};

/// What a `printf` call produced.
pub struct Formatted {
    pub text: String,
    /// Byte ranges of `text` that came from the arguments (data); the rest
    /// is the format, which the user typed (see [`Formatted::write_to`]).
    pub data: Vec<std::ops::Range<usize>>,
    pub status: i32,
    /// Messages for stderr, without the `printf: ` prefix.
    pub errors: Vec<String>,
}

struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// A numeric argument: `0x1f`, `017`, `'c`, with bash's partial-parse error.
fn number(arg: &str, errors: &mut Vec<String>) -> i128 {
    let s = arg.trim_start();
    if let Some(c) = s.strip_prefix(['\'', '"']) {
        return c.chars().next().map(|c| c as i128).unwrap_or(0);
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (radix, digits) =
        if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, h)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    let valid: String = digits.chars().take_while(|c| c.is_digit(radix)).collect();
    let mut n: i128 = 0;
    for c in valid.chars() {
        n = n
            .saturating_mul(radix as i128)
            .saturating_add(c.to_digit(radix).unwrap_or(0) as i128);
    }
    if arg.is_empty() {
        return 0;
    }
    if valid.len() != digits.len() || (digits.is_empty() && radix != 8) {
        errors.push(format!("{arg}: invalid number"));
    } else if n > i64::MAX as i128 + u64::MAX as i128 {
        errors.push(format!("{arg}: Numerical result out of range"));
    }
    if neg {
        -n
    } else {
        n
    }
}

fn float(arg: &str, errors: &mut Vec<String>) -> f64 {
    let s = arg.trim();
    if s.is_empty() {
        return 0.0;
    }
    if let Some(c) = s.strip_prefix(['\'', '"']) {
        return c.chars().next().map(|c| c as u32 as f64).unwrap_or(0.0);
    }
    match s.parse::<f64>() {
        Ok(v) => v,
        Err(_) => {
            if s.starts_with("0x") || s.starts_with("0X") {
                return number(s, errors) as f64;
            }
            let valid: String = s
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
                .collect();
            errors.push(format!("{arg}: invalid number"));
            valid.parse().unwrap_or(0.0)
        }
    }
}

/// Pads `body` (with its sign/prefix in `head`) to the width, counted in
/// bytes as bash's printf counts.
fn pad(spec: &Spec, head: &str, body: &str, numeric: bool) -> String {
    let len = head.len() + body.len();
    let w = spec.width.unwrap_or(0);
    if len >= w {
        return format!("{head}{body}");
    }
    let fill = w - len;
    if spec.left {
        format!("{head}{body}{}", " ".repeat(fill))
    } else if spec.zero && numeric {
        format!("{head}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{head}{body}", " ".repeat(fill))
    }
}

/// C's `%e` body: `d.dddddde+XX`.
fn exp_form(v: f64, prec: usize, upper: bool) -> String {
    if v == 0.0 {
        let m = if prec > 0 {
            format!("0.{}", "0".repeat(prec))
        } else {
            "0".into()
        };
        return format!("{m}{}+00", if upper { 'E' } else { 'e' });
    }
    let s = format!("{:.*e}", prec, v);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    format!("{m}{}{sign}{:02}", if upper { 'E' } else { 'e' }, e.abs())
}

fn g_form(v: f64, prec: usize, alt: bool, upper: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    if v == 0.0 {
        return if alt {
            format!("0.{}", "0".repeat(p - 1))
        } else {
            "0".into()
        };
    }
    let exp = v.abs().log10().floor() as i32;
    let mut s = if exp < -4 || exp >= p as i32 {
        exp_form(v, p - 1, upper)
    } else {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, v)
    };
    if !alt {
        let (m, e) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            m
        };
        s = format!("{m}{e}");
    }
    s
}

fn signed(spec: &Spec, neg: bool) -> &'static str {
    if neg {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

/// Appends an argument's conversion, remembering where it lies.
fn push_data(out: &mut String, data: &mut Vec<std::ops::Range<usize>>, piece: &str) {
    let start = out.len();
    out.push_str(piece);
    data.push(start..out.len());
}

impl Formatted {
    /// Writes the result: the format is the user's own text, taken as asked
    /// (an escape in it reaches the terminal, as in bash:
    /// `printf '\e]0;title\a'`); the arguments are data, shown escaped by
    /// the terminal writer.
    pub fn write_to(&self, out: &mut dyn crate::Out) {
        let mut at = 0;
        for r in &self.data {
            out.raw(&self.text.as_bytes()[at..r.start]);
            out.write(&self.text.as_bytes()[r.clone()]);
            at = r.end;
        }
        out.raw(&self.text.as_bytes()[at..]);
    }
}

pub fn format(fmt: &str, args: &[String], now_ms: i64) -> Formatted {
    let mut out = String::new();
    let mut data = Vec::new();
    let mut errors = Vec::new();
    let mut status = 0;
    let chars: Vec<char> = fmt.chars().collect();
    let mut next = 0usize;
    loop {
        let start_next = next;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                // One escape sequence at a time, so `\045` stays a literal `%`.
                let mut j = i + 1;
                let n = match chars.get(j) {
                    Some('x') => 3,
                    Some('u') => 5,
                    Some('U') => 9,
                    Some('0'..='7') => {
                        let mut k = 0;
                        while k < 3 && chars.get(j + k).is_some_and(|d| d.is_digit(8)) {
                            k += 1;
                        }
                        k
                    }
                    Some(_) => 1,
                    None => 0,
                };
                let mut end = (j + n).min(chars.len());
                if matches!(chars.get(i + 1), Some('x' | 'u' | 'U')) {
                    j += 1;
                    end = j;
                    let max = match chars[i + 1] {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    while end < chars.len() && end - j < max && chars[end].is_ascii_hexdigit() {
                        end += 1;
                    }
                }
                let esc: String = chars[i..end].iter().collect();
                out.push_str(&decode(&esc, Dialect::Printf).0);
                i = end.max(i + 1);
                continue;
            }
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            if chars.get(i) == Some(&'%') {
                out.push('%');
                i += 1;
                continue;
            }
            let mut spec = Spec {
                left: false,
                plus: false,
                space: false,
                alt: false,
                zero: false,
                width: None,
                prec: None,
            };
            while let Some(&f) = chars.get(i) {
                match f {
                    '-' => spec.left = true,
                    '+' => spec.plus = true,
                    ' ' => spec.space = true,
                    '#' => spec.alt = true,
                    '0' => spec.zero = true,
                    '\'' => {}
                    _ => break,
                }
                i += 1;
            }
            let take_arg = |next: &mut usize| -> Option<&String> {
                let a = args.get(*next);
                *next += 1;
                a
            };
            if chars.get(i) == Some(&'*') {
                i += 1;
                let w = take_arg(&mut next)
                    .map(|a| number(a, &mut errors))
                    .unwrap_or(0);
                if w < 0 {
                    spec.left = true;
                }
                spec.width = Some(w.unsigned_abs() as usize);
            } else {
                let mut w = String::new();
                while let Some(d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
                    w.push(*d);
                    i += 1;
                }
                spec.width = w.parse().ok();
            }
            if chars.get(i) == Some(&'.') {
                i += 1;
                if chars.get(i) == Some(&'*') {
                    i += 1;
                    let p = take_arg(&mut next)
                        .map(|a| number(a, &mut errors))
                        .unwrap_or(0);
                    spec.prec = (p >= 0).then_some(p as usize);
                } else {
                    let mut p = String::new();
                    while let Some(d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
                        p.push(*d);
                        i += 1;
                    }
                    spec.prec = Some(p.parse().unwrap_or(0));
                }
            }
            while matches!(chars.get(i), Some('h' | 'l' | 'L' | 'j' | 'z' | 't')) {
                i += 1;
            }
            let mut time_fmt = None;
            if chars.get(i) == Some(&'(') {
                let close = chars[i..].iter().position(|c| *c == ')').map(|p| p + i);
                match close {
                    Some(cl) if chars.get(cl + 1) == Some(&'T') => {
                        time_fmt = Some(chars[i + 1..cl].iter().collect::<String>());
                        i = cl + 1;
                    }
                    _ => {
                        errors.push("`(': invalid format character".into());
                        return Formatted {
                            text: out,
                            data,
                            status: 1,
                            errors,
                        };
                    }
                }
            }
            let Some(&conv) = chars.get(i) else {
                errors.push("`%': missing format character".into());
                return Formatted {
                    text: out,
                    data,
                    status: 1,
                    errors,
                };
            };
            i += 1;
            let before = errors.len();
            let piece = match conv {
                's' => {
                    let a = take_arg(&mut next).cloned().unwrap_or_default();
                    let a: String = match spec.prec {
                        Some(p) if p < a.len() => {
                            String::from_utf8_lossy(&a.as_bytes()[..p]).into_owned()
                        }
                        _ => a,
                    };
                    pad(&spec, "", &a, false)
                }
                'b' => {
                    let a = take_arg(&mut next).cloned().unwrap_or_default();
                    let (s, stop) = decode(&a, Dialect::Echo);
                    let s: String = match spec.prec {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    };
                    let piece = pad(&spec, "", &s, false);
                    if stop {
                        push_data(&mut out, &mut data, &piece);
                        return Formatted {
                            text: out,
                            data,
                            status: i32::from(status != 0 || errors.len() > before),
                            errors,
                        };
                    }
                    piece
                }
                'q' => {
                    let a = take_arg(&mut next).cloned().unwrap_or_default();
                    pad(&spec, "", &crate::lang::quote::backslash(&a), false)
                }
                'c' => {
                    let a = take_arg(&mut next).cloned().unwrap_or_default();
                    let c: String = a.chars().next().map(String::from).unwrap_or_default();
                    pad(&spec, "", &c, false)
                }
                'd' | 'i' | 'o' | 'u' | 'x' | 'X' => {
                    let a = take_arg(&mut next).cloned().unwrap_or_default();
                    let n = number(&a, &mut errors);
                    let n64 = n.clamp(i64::MIN as i128, u64::MAX as i128);
                    let (neg, mag): (bool, u128) = match conv {
                        'd' | 'i' => {
                            let v = n64.clamp(i64::MIN as i128, i64::MAX as i128);
                            (v < 0, v.unsigned_abs())
                        }
                        _ => (false, (n64 as i64 as u64) as u128),
                    };
                    let mut digits = match conv {
                        'o' => format!("{mag:o}"),
                        'x' => format!("{mag:x}"),
                        'X' => format!("{mag:X}"),
                        _ => mag.to_string(),
                    };
                    if let Some(p) = spec.prec {
                        if p == 0 && mag == 0 {
                            digits.clear();
                        }
                        while digits.len() < p {
                            digits.insert(0, '0');
                        }
                        spec.zero = false;
                    }
                    let mut head = String::from(match conv {
                        'd' | 'i' => signed(&spec, neg),
                        _ => "",
                    });
                    if spec.alt && mag != 0 {
                        match conv {
                            'x' => head.push_str("0x"),
                            'X' => head.push_str("0X"),
                            'o' if !digits.starts_with('0') => head.push('0'),
                            _ => {}
                        }
                    }
                    pad(&spec, &head, &digits, true)
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'a' | 'A' => {
                    let a = take_arg(&mut next).cloned().unwrap_or_default();
                    let v = float(&a, &mut errors);
                    let p = spec.prec.unwrap_or(6);
                    let neg = v.is_sign_negative() && v != 0.0;
                    let m = v.abs();
                    let body = if m.is_infinite() {
                        if conv.is_uppercase() {
                            "INF".into()
                        } else {
                            "inf".into()
                        }
                    } else if m.is_nan() {
                        if conv.is_uppercase() {
                            "NAN".into()
                        } else {
                            "nan".into()
                        }
                    } else {
                        match conv {
                            'f' | 'F' => {
                                let s = format!("{m:.p$}");
                                if spec.alt && p == 0 {
                                    format!("{s}.")
                                } else {
                                    s
                                }
                            }
                            'e' | 'E' => exp_form(m, p, conv == 'E'),
                            'g' | 'G' => g_form(m, p, spec.alt, conv == 'G'),
                            _ => exp_form(m, p, conv == 'A'),
                        }
                    };
                    let numeric = m.is_finite();
                    pad(&spec, signed(&spec, neg), &body, numeric)
                }
                'T' if time_fmt.is_some() => {
                    let a = take_arg(&mut next).cloned().unwrap_or_default();
                    let secs = if a.is_empty() || a == "-1" || a == "-2" {
                        now_ms / 1000
                    } else {
                        number(&a, &mut errors) as i64
                    };
                    let f = time_fmt.clone().unwrap_or_default();
                    let f = if f.is_empty() { "%X".to_string() } else { f };
                    let s = super::date::format_date(&f, secs * 1000, 0);
                    let s: String = match spec.prec {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    };
                    pad(&spec, "", &s, false)
                }
                other => {
                    errors.push(format!("`{other}': invalid format character"));
                    return Formatted {
                        text: out,
                        data,
                        status: 1,
                        errors,
                    };
                }
            };
            if errors.len() > before {
                status = 1;
            }
            push_data(&mut out, &mut data, &piece);
        }
        if next <= start_next || next >= args.len() {
            break;
        }
    }
    Formatted {
        text: out,
        data,
        status,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(fmt: &str, args: &[&str]) -> String {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        format(fmt, &args, 0).text
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("%s-%03d|%-4s|\\n", &["x", "7", "ab"], "x-007|ab  |\n"),
            ("%d %d\\n", &["1", "2", "3"], "1 2\n3 0\n"),
            ("%x %X %o %#x", &["255", "255", "8", "255"], "ff FF 10 0xff"),
            (
                "%5.2f|%e|%g",
                &["3.14159", "1234.5", "0.0001"],
                " 3.14|1.234500e+03|0.0001",
            ),
            ("%q", &["a b"], "a\\ b"),
            ("%b", &["a\\tb\\c", "x"], "a\tb"),
            ("%c%c", &["hello", "w"], "hw"),
            ("%.3s|%*d", &["abcdef", "4", "7"], "abc|   7"),
            ("%+d % d", &["5", "5"], "+5  5"),
            ("%d", &["'A"], "65"),
            ("%u", &["-1"], "18446744073709551615"),
            ("\\045d", &[], "%d"),
            ("%s\\n", &[], "\n"),
        ];
        for (fmt, args, want) in cases {
            assert_eq!(f(fmt, args), *want, "{fmt} {args:?}");
        }
    }

    #[test]
    fn bad_number_reports_and_uses_prefix() {
        let r = format("%d\n", &["12abc".to_string()], 0);
        assert_eq!(r.text, "12\n");
        assert_eq!(r.status, 1);
        assert_eq!(r.errors, ["12abc: invalid number"]);
    }
}
