//! The native filters jaq-std keeps behind its `format`, `math`, `regex`,
//! `log` and `time` features. jaq-std only hands them out all together,
//! and `time` brings jiff with its bundled time-zone database, so kterm
//! turns the features off and provides the same names here (the date
//! filters are in `time.rs`).

use bstr::ByteSlice;
use jaq_core::native::{bome, v, Filter};
use jaq_core::{Bind, Error, RunPtr, ValR, ValT as _};
use jaq_json::Val;
use jaq_std::ValT as _;

use super::Kind;

pub(super) type Native = Filter<RunPtr<Kind>>;

/// Every native filter below, plus the date filters.
pub(super) fn all() -> impl Iterator<Item = Native> {
    [format(), math(), regex(), log(), super::time::funs()]
        .into_iter()
        .flat_map(Vec::into_iter)
}

/// Applies `f` to the bytes of a string input; `f` returns the new text.
fn on_str(v: &Val, f: impl FnOnce(&[u8]) -> Vec<u8>) -> ValR<Val> {
    Ok(Val::from_utf8_bytes(f(v.try_as_utf8_bytes()?)))
}

fn replace_all(s: &[u8], pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    'outer: while !rest.is_empty() {
        for (from, to) in pairs {
            if let Some(tail) = rest.strip_prefix(from.as_bytes()) {
                out.extend_from_slice(to.as_bytes());
                rest = tail;
                continue 'outer;
            }
        }
        out.push(rest[0]);
        rest = &rest[1..];
    }
    out
}

const HTML: [(&str, &str); 5] = [
    ("<", "&lt;"),
    (">", "&gt;"),
    ("&", "&amp;"),
    ("'", "&apos;"),
    ("\"", "&quot;"),
];

fn format() -> Vec<Native> {
    use base64::{engine::general_purpose::STANDARD, Engine};
    vec![
        ("escape_html", v(0), |cv| {
            bome(on_str(&cv.1, |s| replace_all(s, &HTML)))
        }),
        ("unescape_html", v(0), |cv| {
            let back: Vec<(&str, &str)> = HTML.iter().map(|(a, b)| (*b, *a)).collect();
            bome(on_str(&cv.1, |s| replace_all(s, &back)))
        }),
        ("encode_uri", v(0), |cv| {
            bome(on_str(&cv.1, |s| {
                urlencoding::encode_binary(s).into_owned().into_bytes()
            }))
        }),
        ("decode_uri", v(0), |cv| {
            bome(on_str(&cv.1, |s| {
                urlencoding::decode_binary(s).into_owned()
            }))
        }),
        ("encode_base64", v(0), |cv| {
            bome(on_str(&cv.1, |s| STANDARD.encode(s).into_bytes()))
        }),
        ("decode_base64", v(0), |cv| {
            bome(cv.1.try_as_utf8_bytes().and_then(|s| {
                STANDARD
                    .decode(s)
                    .map(Val::from_utf8_bytes)
                    .map_err(Error::str)
            }))
        }),
    ]
}

/// A math filter: `$name` applies `libm::$name` to its input (arity 0) or
/// to its arguments (arity 2 or 3, the input ignored), `$arg` converting
/// each value and `$out` the result.
macro_rules! libm_fun {
    ($name:literal, $f:ident, $out:expr, $a:expr) => {
        (
            $name,
            v(0),
            |cv| bome((|| Ok($out(libm::$f($a(&cv.1)?))))()),
        )
    };
    ($name:literal, $f:ident, $out:expr, $a:expr, $b:expr) => {
        ($name, v(2), |mut cv| {
            let y = cv.0.pop_var();
            let x = cv.0.pop_var();
            bome((|| Ok($out(libm::$f($a(&x)?, $b(&y)?))))())
        })
    };
    ($name:literal, $f:ident, $out:expr, $a:expr, $b:expr, $c:expr) => {
        ($name, v(3), |mut cv| {
            let z = cv.0.pop_var();
            let y = cv.0.pop_var();
            let x = cv.0.pop_var();
            bome((|| Ok($out(libm::$f($a(&x)?, $b(&y)?, $c(&z)?))))())
        })
    };
}

/// A number's value, or jaq's type error.
pub(super) fn f(v: &Val) -> Result<f64, Error<Val>> {
    v.as_f64().ok_or_else(|| Error::typ(v.clone(), "number"))
}
fn i(v: &Val) -> Result<i32, Error<Val>> {
    let n = v
        .as_isize()
        .ok_or_else(|| Error::typ(v.clone(), "integer"))?;
    n.try_into().map_err(Error::str)
}
/// A string's text, or jaq's type error.
pub(super) fn text(v: &Val) -> Result<&str, Error<Val>> {
    std::str::from_utf8(v.try_as_utf8_bytes()?).map_err(Error::str)
}
fn num(x: f64) -> Val {
    Val::from(x)
}
fn int(x: i32) -> Val {
    Val::from(x as isize)
}
fn pair<A: Into<Val>, B: Into<Val>>((a, b): (A, B)) -> Val {
    [a.into(), b.into()].into_iter().collect()
}
fn fi((a, b): (f64, i32)) -> Val {
    pair((a, b as isize))
}

fn math() -> Vec<Native> {
    vec![
        libm_fun!("acos", acos, num, f),
        libm_fun!("acosh", acosh, num, f),
        libm_fun!("asin", asin, num, f),
        libm_fun!("asinh", asinh, num, f),
        libm_fun!("atan", atan, num, f),
        libm_fun!("atanh", atanh, num, f),
        libm_fun!("cbrt", cbrt, num, f),
        libm_fun!("cos", cos, num, f),
        libm_fun!("cosh", cosh, num, f),
        libm_fun!("erf", erf, num, f),
        libm_fun!("erfc", erfc, num, f),
        libm_fun!("exp", exp, num, f),
        libm_fun!("exp10", exp10, num, f),
        libm_fun!("exp2", exp2, num, f),
        libm_fun!("expm1", expm1, num, f),
        libm_fun!("fabs", fabs, num, f),
        libm_fun!("frexp", frexp, fi, f),
        libm_fun!("ilogb", ilogb, int, f),
        libm_fun!("j0", j0, num, f),
        libm_fun!("j1", j1, num, f),
        libm_fun!("lgamma", lgamma, num, f),
        libm_fun!("log", log, num, f),
        libm_fun!("log10", log10, num, f),
        libm_fun!("log1p", log1p, num, f),
        libm_fun!("log2", log2, num, f),
        libm_fun!("modf", modf, pair, f),
        libm_fun!("nearbyint", rint, num, f),
        libm_fun!("rint", rint, num, f),
        libm_fun!("sin", sin, num, f),
        libm_fun!("sinh", sinh, num, f),
        libm_fun!("sqrt", sqrt, num, f),
        libm_fun!("tan", tan, num, f),
        libm_fun!("tanh", tanh, num, f),
        libm_fun!("tgamma", tgamma, num, f),
        libm_fun!("trunc", trunc, num, f),
        libm_fun!("y0", y0, num, f),
        libm_fun!("y1", y1, num, f),
        libm_fun!("atan2", atan2, num, f, f),
        libm_fun!("copysign", copysign, num, f, f),
        libm_fun!("fdim", fdim, num, f, f),
        libm_fun!("fmax", fmax, num, f, f),
        libm_fun!("fmin", fmin, num, f, f),
        libm_fun!("fmod", fmod, num, f, f),
        libm_fun!("hypot", hypot, num, f, f),
        libm_fun!("jn", jn, num, i, f),
        libm_fun!("ldexp", ldexp, num, f, i),
        libm_fun!("nextafter", nextafter, num, f, f),
        libm_fun!("pow", pow, num, f, f),
        libm_fun!("remainder", remainder, num, f, f),
        libm_fun!("scalbln", scalbn, num, f, i),
        libm_fun!("yn", yn, num, i, f),
        libm_fun!("fma", fma, num, f, f, f),
    ]
}

/// jq's regex flags on a regex-bites builder; `g` (all matches) and `n`
/// (skip empty matches) are returned apart.
fn build_regex(re: &str, flags: &str) -> Result<(regex_bites::bytes::Regex, bool, bool), String> {
    let mut b = regex_bites::bytes::RegexBuilder::new(re);
    let (mut global, mut skip_empty) = (false, false);
    for c in flags.chars() {
        match c {
            'g' => global = true,
            'n' => skip_empty = true,
            'i' => _ = b.case_insensitive(true),
            'm' => _ = b.multi_line(true),
            's' => _ = b.dot_matches_new_line(true),
            'l' => _ = b.swap_greed(true),
            'x' => _ = b.ignore_whitespace(true),
            'p' => _ = b.multi_line(true).dot_matches_new_line(true),
            _ => return Err(format!("{flags} is not a valid modifier string")),
        }
    }
    let re = b.build().map_err(|e| format!("invalid regex: {e}"))?;
    Ok((re, global, skip_empty))
}

/// The input split by the regex: with `mismatches`, the text between
/// matches; with `matches`, for each match an array of objects (`offset`,
/// `length` in characters, `string`, `name` for named groups), the whole
/// match first, then the groups that took part. jaq-std's definitions of
/// `match`, `test`, `capture`, `sub`, `split` build on these.
fn regex_parts(cv_in: &Val, re: &Val, flags: &Val, mismatches: bool, matches: bool) -> ValR<Val> {
    let bytes = cv_in.try_as_utf8_bytes()?;
    let (re, global, skip_empty) = build_regex(text(re)?, text(flags)?).map_err(Error::str)?;
    let chars_before = |byte: usize| bytes[..byte].chars().count();
    let mut out = Vec::new();
    let mut last = 0;
    for caps in re.captures_iter(bytes) {
        let Some(whole) = caps.get(0) else { continue };
        if skip_empty && whole.as_bytes().is_empty() {
            continue;
        }
        if mismatches {
            out.push(cv_in.as_sub_str(&bytes[last..whole.start()]));
            last = whole.end();
        }
        if matches {
            // jq's captures: every group, named or not (`name` null), one
            // that took no part at offset -1 with a null string.
            let groups = caps
                .iter()
                .zip(re.capture_names())
                .enumerate()
                .map(|(i, (m, name))| {
                    let key = |k: &str| Val::from(k.to_string());
                    let mut fields = match m {
                        Some(m) => vec![
                            (key("offset"), Val::from(chars_before(m.start()))),
                            (key("length"), Val::from(m.as_bytes().chars().count())),
                            (key("string"), cv_in.as_sub_str(m.as_bytes())),
                        ],
                        None => vec![
                            (key("offset"), Val::from(-1isize)),
                            (key("string"), Val::Null),
                            (key("length"), Val::from(0usize)),
                        ],
                    };
                    if i > 0 {
                        let name = name.map_or(Val::Null, |n| Val::from(n.to_string()));
                        fields.push((key("name"), name));
                    }
                    Val::from_map(fields)
                });
            out.push(groups.collect::<ValR<Val>>()?);
        }
        if !global {
            break;
        }
    }
    if mismatches {
        out.push(cv_in.as_sub_str(&bytes[last..]));
    }
    Ok(out.into_iter().collect())
}

fn regex() -> Vec<Native> {
    let vv = || -> Box<[Bind]> { [Bind::Var(()), Bind::Var(())].into() };
    vec![
        ("matches", vv(), |mut cv| {
            let (flags, re) = (cv.0.pop_var(), cv.0.pop_var());
            bome(regex_parts(&cv.1, &re, &flags, false, true))
        }),
        ("split_matches", vv(), |mut cv| {
            let (flags, re) = (cv.0.pop_var(), cv.0.pop_var());
            bome(regex_parts(&cv.1, &re, &flags, true, true))
        }),
        ("split_", vv(), |mut cv| {
            let (flags, re) = (cv.0.pop_var(), cv.0.pop_var());
            bome(regex_parts(&cv.1, &re, &flags, true, false))
        }),
    ]
}

/// `debug` and `stderr` print nothing in the terminal (see the README).
fn log() -> Vec<Native> {
    vec![
        ("debug_empty", v(0), |_| Box::new(core::iter::empty())),
        ("stderr_empty", v(0), |_| Box::new(core::iter::empty())),
    ]
}
