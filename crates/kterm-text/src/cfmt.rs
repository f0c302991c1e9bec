//! C's printf conversions for numbers and strings (`%d %o %x %u %c %e %f %g
//! %s` with flags, width and precision), as glibc prints them: shared by
//! `seq -f` and awk's `printf`, `OFMT` and `CONVFMT`.

/// One parsed `%…` directive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    pub minus: bool,
    pub plus: bool,
    pub space: bool,
    pub alt: bool,
    pub zero: bool,
    pub width: Option<usize>,
    pub prec: Option<usize>,
    pub conv: char,
}

/// Where a directive's width or precision comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    None,
    Given(usize),
    /// `*`: taken from the next argument.
    Star,
}

/// A directive as written: flags, then width and precision (maybe `*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub spec: Spec,
    pub width: Count,
    pub prec: Count,
}

/// Parses the directive after a `%` in `s` (flags, width, precision,
/// length modifiers skipped, conversion). Returns it and the bytes read, or
/// `None` when the text ends before a conversion letter.
pub fn parse(s: &[u8]) -> Option<(Directive, usize)> {
    let mut spec = Spec::default();
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        match c {
            b'-' => spec.minus = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.alt = true,
            b'0' => spec.zero = true,
            b'\'' => {}
            _ => break,
        }
        i += 1;
    }
    let count = |i: &mut usize| -> Count {
        if s.get(*i) == Some(&b'*') {
            *i += 1;
            return Count::Star;
        }
        let start = *i;
        while s.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        std::str::from_utf8(&s[start..*i])
            .ok()
            .and_then(|n| n.parse().ok())
            .map_or(Count::None, Count::Given)
    };
    let width = count(&mut i);
    let prec = if s.get(i) == Some(&b'.') {
        i += 1;
        match count(&mut i) {
            Count::None => Count::Given(0),
            c => c,
        }
    } else {
        Count::None
    };
    while matches!(
        s.get(i),
        Some(b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b't')
    ) {
        i += 1;
    }
    spec.conv = char::from(*s.get(i)?);
    Some((Directive { spec, width, prec }, i + 1))
}

/// The widest field printed: a larger width would only fill the tab's memory.
pub const MAX_WIDTH: usize = 1 << 20;

fn pad(spec: &Spec, sign: &str, body: &str, zero_ok: bool) -> String {
    let len = sign.chars().count() + body.chars().count();
    let width = spec.width.unwrap_or(0).min(MAX_WIDTH);
    if len >= width {
        return format!("{sign}{body}");
    }
    let fill = width - len;
    if spec.minus {
        format!("{sign}{body}{}", " ".repeat(fill))
    } else if spec.zero && zero_ok {
        format!("{sign}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{sign}{body}", " ".repeat(fill))
    }
}

fn sign_of(spec: &Spec, negative: bool) -> &'static str {
    if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

/// `%d %i %o %x %X %u` of an integer.
pub fn int(spec: &Spec, n: i128) -> String {
    let neg = n < 0 && matches!(spec.conv, 'd' | 'i');
    let mag = if matches!(spec.conv, 'd' | 'i') {
        n.unsigned_abs()
    } else if n < 0 {
        // C reinterprets a negative value as unsigned 64-bit.
        u128::from(n as i64 as u64)
    } else {
        n as u128
    };
    let mut digits = match spec.conv {
        'o' => format!("{mag:o}"),
        'x' => format!("{mag:x}"),
        'X' => format!("{mag:X}"),
        _ => mag.to_string(),
    };
    if let Some(p) = spec.prec.map(|p| p.min(MAX_WIDTH)) {
        if p == 0 && mag == 0 {
            digits.clear();
        }
        if digits.len() < p {
            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
        }
    }
    let mut prefix = String::from(if matches!(spec.conv, 'd' | 'i') {
        sign_of(spec, neg)
    } else {
        ""
    });
    if spec.alt && mag != 0 {
        match spec.conv {
            'x' => prefix.push_str("0x"),
            'X' => prefix.push_str("0X"),
            'o' if !digits.starts_with('0') => digits.insert(0, '0'),
            _ => {}
        }
    }
    pad(spec, &prefix, &digits, spec.prec.is_none())
}

/// `%e %E %f %F %g %G` of a float.
pub fn float(spec: &Spec, x: f64) -> String {
    let neg = x.is_sign_negative() && !(x.is_nan());
    let sign = sign_of(spec, neg);
    let upper = spec.conv.is_ascii_uppercase();
    if !x.is_finite() {
        let body = if x.is_nan() { "nan" } else { "inf" };
        let body = if upper {
            body.to_ascii_uppercase()
        } else {
            body.to_string()
        };
        return pad(spec, sign, &body, false);
    }
    let a = x.abs();
    let prec = spec.prec.unwrap_or(6).min(MAX_WIDTH);
    let body = match spec.conv.to_ascii_lowercase() {
        'f' => {
            let mut s = format!("{a:.prec$}");
            if spec.alt && prec == 0 {
                s.push('.');
            }
            s
        }
        'e' => exp(a, prec, spec.alt),
        _ => {
            let p = prec.max(1);
            let e = exponent(a, p - 1);
            let mut s = if e < -4 || e >= p as i32 {
                exp(a, p - 1, spec.alt)
            } else {
                let fp = (p as i32 - 1 - e).max(0) as usize;
                let mut s = format!("{a:.fp$}");
                if spec.alt && fp == 0 {
                    s.push('.');
                }
                s
            };
            if !spec.alt {
                s = trim_zeros(&s);
            }
            s
        }
    };
    let body = if upper {
        body.to_ascii_uppercase()
    } else {
        body
    };
    pad(spec, sign, &body, true)
}

/// The decimal exponent of `a` once rounded to `prec` digits after the point.
fn exponent(a: f64, prec: usize) -> i32 {
    let s = format!("{a:.prec$e}");
    s.rsplit('e')
        .next()
        .and_then(|e| e.parse().ok())
        .unwrap_or(0)
}

fn exp(a: f64, prec: usize, alt: bool) -> String {
    let s = format!("{a:.prec$e}");
    let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let mut mant = mant.to_string();
    if alt && !mant.contains('.') {
        mant.push('.');
    }
    format!(
        "{mant}e{}{:02}",
        if e < 0 { '-' } else { '+' },
        e.unsigned_abs()
    )
}

/// Drops trailing zeros of the fraction (and a bare point), keeping an exponent.
fn trim_zeros(s: &str) -> String {
    let (mant, exp) = match s.find('e') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let mant = if mant.contains('.') {
        mant.trim_end_matches('0').trim_end_matches('.')
    } else {
        mant
    };
    format!("{mant}{exp}")
}

/// `%s`: precision cuts, width pads (in characters).
pub fn string(spec: &Spec, s: &str) -> String {
    let s: String = match spec.prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    pad(spec, "", &s, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(fmt: &str, x: f64) -> String {
        let (d, _) = parse(&fmt.as_bytes()[1..]).unwrap();
        let mut spec = d.spec;
        if let Count::Given(w) = d.width {
            spec.width = Some(w);
        }
        if let Count::Given(p) = d.prec {
            spec.prec = Some(p);
        }
        match spec.conv {
            'd' | 'i' | 'o' | 'x' | 'X' | 'u' => int(&spec, x as i128),
            's' => string(&spec, &x.to_string()),
            _ => float(&spec, x),
        }
    }

    #[test]
    fn printf_table() {
        let cases = [
            ("%d", 42.0, "42"),
            ("%5d", -42.0, "  -42"),
            ("%-5d", 42.0, "42   "),
            ("%05d", -42.0, "-0042"),
            ("%.3d", 7.0, "007"),
            ("%+d", 7.0, "+7"),
            ("%x", 255.0, "ff"),
            ("%#X", 255.0, "0XFF"),
            ("%#o", 8.0, "010"),
            ("%f", 1.5, "1.500000"),
            ("%.2f", 0.125, "0.12"),
            ("%e", 12345.678, "1.234568e+04"),
            ("%E", 0.000123, "1.230000E-04"),
            ("%g", 100000.0, "100000"),
            ("%g", 1000000.0, "1e+06"),
            ("%g", 0.0001, "0.0001"),
            ("%g", 0.00001, "1e-05"),
            ("%.3g", 1.23456, "1.23"),
            ("%g", 0.5, "0.5"),
            ("%#g", 1.0, "1.00000"),
            ("%08.3f", -1.23456, "-001.235"),
            ("%g", 0.0, "0"),
            ("%.10g", 0.1, "0.1"),
            ("%G", 1e-10, "1E-10"),
        ];
        for (fmt, x, want) in cases {
            assert_eq!(f(fmt, x), want, "{fmt} of {x}");
        }
    }
}
