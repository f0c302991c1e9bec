//! awk's values: numbers, strings, and strnums (input that looks numeric),
//! with gawk's conversions.

use std::rc::Rc;

use crate::cfmt;

#[derive(Debug, Clone)]
pub enum Value {
    Uninit,
    Num(f64),
    Str(Rc<str>),
    /// Text from input (fields, getline, -v, ARGV) that looks like a number.
    StrNum(Rc<str>, f64),
}

/// The longest numeric prefix of `s` (after blanks), as strtod reads it.
pub fn str_to_num(s: &str) -> f64 {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let b = t.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let lower = t[i..].to_ascii_lowercase();
    if i == 1 && (lower.starts_with("inf") || lower.starts_with("nan")) {
        let v = if lower.starts_with("inf") {
            f64::INFINITY
        } else {
            f64::NAN
        };
        return if b[0] == b'-' { -v } else { v };
    }
    let start_digits = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if i == start_digits || (i == start_digits + 1 && b.get(start_digits) == Some(&b'.')) {
        return 0.0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            i = j;
        }
    }
    t[..i].parse().unwrap_or(0.0)
}

/// Whether input text is a number as a whole (blanks around allowed).
pub fn looks_numeric(s: &str) -> Option<f64> {
    let t = s.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    if t.is_empty() {
        return None;
    }
    let b = t.as_bytes();
    let mut i = usize::from(matches!(b[0], b'+' | b'-'));
    let lower = t[i..].to_ascii_lowercase();
    if i == 1 && (lower == "inf" || lower == "nan") {
        return Some(str_to_num(t));
    }
    let ds = i;
    let mut digits = 0;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
        digits += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 || i == ds {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let es = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == es {
            return None;
        }
    }
    (i == b.len()).then(|| str_to_num(t))
}

/// A number as text: integers as integers, others through `fmt` (CONVFMT or OFMT).
pub fn num_to_str(n: f64, fmt: &str) -> String {
    if n.is_nan() {
        return if n.is_sign_negative() { "-nan" } else { "+nan" }.into();
    }
    if n.is_infinite() {
        return if n < 0.0 { "-inf" } else { "+inf" }.into();
    }
    if n == n.trunc() {
        if n == 0.0 {
            return "0".into();
        }
        return format!("{n:.0}");
    }
    format_one(fmt, n)
}

/// Formats one number with a one-directive format such as `%.6g`.
pub fn format_one(fmt: &str, n: f64) -> String {
    let b = fmt.as_bytes();
    let Some(pct) = fmt.find('%') else {
        return fmt.to_string();
    };
    let Some((d, len)) = cfmt::parse(&b[pct + 1..]) else {
        return fmt.to_string();
    };
    let mut spec = d.spec;
    if let cfmt::Count::Given(w) = d.width {
        spec.width = Some(w);
    }
    if let cfmt::Count::Given(p) = d.prec {
        spec.prec = Some(p);
    }
    let body = match spec.conv {
        'd' | 'i' | 'o' | 'x' | 'X' | 'u' => cfmt::int(&spec, n as i128),
        _ => cfmt::float(&spec, n),
    };
    format!("{}{body}{}", &fmt[..pct], &fmt[pct + 1 + len..])
}

impl Value {
    pub fn num(&self) -> f64 {
        match self {
            Value::Uninit => 0.0,
            Value::Num(n) | Value::StrNum(_, n) => *n,
            Value::Str(s) => str_to_num(s),
        }
    }

    pub fn str_with(&self, convfmt: &str) -> Rc<str> {
        match self {
            Value::Uninit => "".into(),
            Value::Num(n) => num_to_str(*n, convfmt).into(),
            Value::Str(s) | Value::StrNum(s, _) => s.clone(),
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::Uninit => false,
            Value::Num(n) => *n != 0.0,
            Value::StrNum(_, n) => *n != 0.0,
            Value::Str(s) => !s.is_empty(),
        }
    }

    /// Input text: a strnum when it looks numeric.
    pub fn input(s: &str) -> Value {
        match looks_numeric(s) {
            Some(n) => Value::StrNum(s.into(), n),
            None => Value::Str(s.into()),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Value::Num(_) | Value::StrNum(..) | Value::Uninit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_table() {
        assert_eq!(str_to_num("  12abc"), 12.0);
        assert_eq!(str_to_num("1e3x"), 1000.0);
        assert_eq!(str_to_num("abc"), 0.0);
        assert_eq!(str_to_num(".5"), 0.5);
        assert_eq!(looks_numeric(" 3.5 "), Some(3.5));
        assert_eq!(looks_numeric("3.5x"), None);
        assert_eq!(looks_numeric("1e5"), Some(1e5));
        assert_eq!(looks_numeric("."), None);
        assert_eq!(num_to_str(3.0, "%.6g"), "3");
        assert_eq!(num_to_str(0.1 + 0.2, "%.6g"), "0.3");
        assert_eq!(num_to_str(1e20, "%.6g"), "100000000000000000000");
        assert_eq!(num_to_str(-0.0, "%.6g"), "0");
        assert_eq!(num_to_str(f64::INFINITY, "%.6g"), "+inf");
    }
}
