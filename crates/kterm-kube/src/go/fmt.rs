//! How Go's fmt and encoding/json print the unstructured values kubectl
//! works on (`map[string]interface{}` from a JSON decode), so jsonpath,
//! custom columns and their errors read exactly as kubectl's do.
//! Integers decode to int64, other numbers to float64, maps print with
//! their keys sorted.

use serde_json::Value;

/// `fmt.Sprint(v)` (`%v`): strings bare, `map[k:v …]`, `[a b]`, `<nil>`.
pub fn plain(v: &Value) -> String {
    let mut s = String::new();
    write_plain(&mut s, v);
    s
}

fn write_plain(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::String(s) => out.push_str(s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(_) => out.push_str(&number(v)),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_plain(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push_str("map[");
            let mut keys: Vec<&String> = m.keys().collect();
            kterm_shell::sort::sort(&mut keys);
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_plain(out, &m[k]);
            }
            out.push(']');
        }
    }
}

/// `fmt.Sprintf("%#v", v)` of a decoded JSON value.
pub fn sharp(v: &Value) -> String {
    let mut s = String::new();
    write_sharp(&mut s, v, true);
    s
}

/// `top` is false inside maps and slices, where Go prints the element
/// type `interface {}`: a nil element shows as `interface {}(nil)`.
fn write_sharp(out: &mut String, v: &Value, top: bool) {
    match v {
        Value::Null if top => out.push_str("<nil>"),
        Value::Null => out.push_str("interface {}(nil)"),
        Value::String(s) => out.push_str(&quote(s)),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(_) => out.push_str(&number(v)),
        Value::Array(a) => {
            out.push_str("[]interface {}{");
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_sharp(out, x, false);
            }
            out.push('}');
        }
        Value::Object(m) => {
            out.push_str("map[string]interface {}{");
            let mut keys: Vec<&String> = m.keys().collect();
            kterm_shell::sort::sort(&mut keys);
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quote(k));
                out.push(':');
                write_sharp(out, &m[k], false);
            }
            out.push('}');
        }
    }
}

/// An int64 in decimal, a float64 as `%v` and `strconv.FormatFloat(f,
/// 'g', -1, 64)` print it: shortest digits, exponent form below 1e-4
/// and from 1e6 on.
pub fn number(v: &Value) -> String {
    if let Some(i) = v.as_i64() {
        return i.to_string();
    }
    float(v.as_f64().unwrap_or(0.0))
}

pub fn float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits, as Go's does.
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let sign = if neg { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    format!("{f}")
}

/// `strconv.Quote`: Go escapes, printable characters kept.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32))
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_formats() {
        let v = json!({"b": [1, "x", null, true], "a": {"z": 1.5}});
        for (got, want) in [
            (plain(&v), "map[a:map[z:1.5] b:[1 x <nil> true]]"),
            (
                sharp(&v),
                "map[string]interface {}{\"a\":map[string]interface {}{\"z\":1.5}, \"b\":[]interface {}{1, \"x\", interface {}(nil), true}}",
            ),
            (float(1e21), "1e+21"),
            (float(1e6), "1e+06"),
            (float(123456.0), "123456"),
            (float(0.00001), "1e-05"),
            (float(2.5), "2.5"),
            (float(3.0), "3"),
            (quote("a\"b\n\u{1}é"), "\"a\\\"b\\n\\x01é\""),
        ] {
            assert_eq!(got, want);
        }
    }
}
