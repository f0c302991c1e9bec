//! Text as kubectl's printers write it, for `config view` and
//! `api-resources` (kube-read's goyaml.rs covers `get -o yaml`; one of the
//! two can go once both have landed). YAML: sigs.k8s.io/yaml, i.e. JSON turned into
//! go-yaml v2 output. Keys come sorted, sequences are not indented under
//! their key, and a string is quoted only when it would otherwise read
//! back as something else (double quotes) or cannot be written plain
//! (single quotes).

use serde::Serialize;
use serde_json::Value;

/// `json.MarshalIndent(v, "", "    ")` keeping the value's field order
/// (typed objects marshal in struct order), with Go's escapes of `<`,
/// `>` and `&`.
pub fn go_json(v: &Value) -> String {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut buf,
        serde_json::ser::PrettyFormatter::with_indent(b"    "),
    );
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8_lossy(&buf)
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The YAML text of `v`, keys sorted at every level.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => map(&mut out, v, 0),
        Value::Array(a) if !a.is_empty() => seq(&mut out, v, 0),
        other => {
            out.push_str(&scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

fn sorted_entries(v: &Value) -> Vec<(&String, &Value)> {
    let mut e: Vec<_> = v
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    e.sort_by(|a, b| a.0.cmp(b.0));
    e
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
}

fn map(out: &mut String, v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    for (k, val) in sorted_entries(v) {
        out.push_str(&pad);
        out.push_str(&string(k, indent));
        out.push(':');
        match val {
            Value::Object(m) if !m.is_empty() => {
                out.push('\n');
                map(out, val, indent + 2);
            }
            // go-yaml v2 keeps a sequence at its key's indentation.
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                seq(out, val, indent);
            }
            _ => {
                out.push(' ');
                out.push_str(&scalar(val, indent + 2));
                out.push('\n');
            }
        }
    }
}

fn seq(out: &mut String, v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    for item in v.as_array().map(Vec::as_slice).unwrap_or_default() {
        out.push_str(&pad);
        out.push_str("- ");
        if is_block(item) {
            let mut inner = String::new();
            match item {
                Value::Object(_) => map(&mut inner, item, indent + 2),
                _ => seq(&mut inner, item, indent + 2),
            }
            // The first line continues after "- ".
            out.push_str(inner.get(indent + 2..).unwrap_or(""));
        } else {
            out.push_str(&scalar(item, indent + 2));
            out.push('\n');
        }
    }
}

fn scalar(v: &Value, indent: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s, indent),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
    }
}

/// Would go-yaml v2 read this plain text back as something other than a string?
fn resolves_to_non_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
        ".NaN", ".NAN", "<<",
    ];
    if SPECIAL.contains(&s) {
        return true;
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let plain = body.replace('_', "");
    let is_int = !plain.is_empty()
        && (plain.chars().all(|c| c.is_ascii_digit())
            || plain
                .strip_prefix("0x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || plain
                .strip_prefix("0b")
                .is_some_and(|b| !b.is_empty() && b.chars().all(|c| c == '0' || c == '1')));
    is_int || is_float(body) || is_base60(body) || is_timestamp(s)
}

fn is_float(s: &str) -> bool {
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let mant_ok = match mant.split_once('.') {
        Some((a, b)) => (a.is_empty() && digits(b)) || (digits(a) && (b.is_empty() || digits(b))),
        None => digits(mant),
    };
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mant_ok && exp_ok && (mant.contains('.') || exp.is_some())
}

/// `1:20` and the like, which YAML 1.1 reads as sexagesimal numbers.
fn is_base60(s: &str) -> bool {
    let mut parts = s.split(':');
    let Some(first) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && !first.is_empty()
        && first.chars().all(|c| c.is_ascii_digit())
        && rest.iter().all(|p| {
            let int = p.split('.').next().unwrap_or("");
            (1..=2).contains(&int.len())
                && int.chars().all(|c| c.is_ascii_digit())
                && int.parse::<u8>().is_ok_and(|n| n < 60)
        })
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Can the emitter write this text as a plain scalar?
fn plain_allowed(s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // "-", "?" and ":" are fine when followed by a non-space.
        let second = s.chars().nth(1);
        if !("-?:".contains(first) && second.is_some_and(|c| c != ' ')) {
            return false;
        }
        if first == '-' && s.starts_with("---") {
            return false;
        }
    }
    if s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains('\t') {
        return false;
    }
    s.chars()
        .all(|c| !c.is_control() && c != '\u{feff}' && (c.is_ascii() || !c.is_whitespace()))
}

fn string(s: &str, indent: usize) -> String {
    if s.contains('\n') && s.chars().all(|c| c == '\n' || !c.is_control()) {
        let chomp = if s.ends_with("\n\n") {
            "+"
        } else if s.ends_with('\n') {
            ""
        } else {
            "-"
        };
        let pad = " ".repeat(indent.max(2));
        let mut out = format!("|{chomp}");
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
        }
        return out;
    }
    if resolves_to_non_string(s) || s.chars().any(|c| c.is_control()) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    if plain_allowed(s) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_quote_like_go_yaml() {
        for (s, want) in [
            ("web", "web"),
            ("", "\"\""),
            ("y", "\"y\""),
            ("true", "\"true\""),
            ("123", "\"123\""),
            ("1.5", "\"1.5\""),
            ("0x1F", "\"0x1F\""),
            ("2024-01-02T03:04:05Z", "\"2024-01-02T03:04:05Z\""),
            ("*", "'*'"),
            ("a: b", "'a: b'"),
            ("https://x:6443", "https://x:6443"),
            ("-n", "-n"),
            ("it's", "it's"),
            ("v1.2.3", "v1.2.3"),
        ] {
            assert_eq!(string(s, 0), want, "{s}");
        }
    }

    #[test]
    fn documents_like_kubectl() {
        let v = json!({"kind": "Config", "apiVersion": "v1", "clusters": null,
            "users": [{"name": "u", "user": {"token": "REDACTED"}}],
            "contexts": [{"name": "c", "context": {"cluster": "", "user": "u", "namespace": "y"}}],
            "preferences": {}, "list": ["a", ["b"]], "text": "a\nb\n"});
        assert_eq!(
            to_string(&v),
            "apiVersion: v1\nclusters: null\ncontexts:\n- context:\n    cluster: \"\"\n    namespace: \"y\"\n    user: u\n  name: c\nkind: Config\nlist:\n- a\n- - b\npreferences: {}\ntext: |\n  a\n  b\nusers:\n- name: u\n  user:\n    token: REDACTED\n"
        );
    }
}
