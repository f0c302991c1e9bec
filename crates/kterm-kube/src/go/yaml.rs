//! YAML as `kubectl -o yaml` writes it: sigs.k8s.io/yaml, which turns the
//! JSON into go-yaml v2 values and emits them. So: keys in go-yaml's
//! "natural" order, sequences not indented under their key, multi-line
//! strings as literal blocks (`|`, `|-`, `|+`), strings that would read
//! back as another type (`"true"`, `"8080"`, timestamps) double-quoted,
//! strings YAML syntax forbids plain (`'*/5 * * * *'`) single-quoted, and
//! no line folding. The one writer for kubectl's YAML (`get -o yaml`, `config
//! view`, kubeconfig files, `api-resources -o yaml`); the shell's YAML
//! writer serves other purposes.

use std::cmp::Ordering;

use serde_json::Value;

pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => map(&mut out, m, 0, false),
        Value::Array(a) if !a.is_empty() => seq(&mut out, a, 0, false),
        other => {
            scalar(&mut out, other, 0, false);
            out.push('\n');
        }
    }
    out
}

/// go-yaml v2's key order: runs of digits compare as numbers, a letter
/// sorts after a non-letter, otherwise by character.
fn key_order(a: &str, b: &str) -> Ordering {
    let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let (al, bl) = (ar[i].is_alphabetic(), br[i].is_alphabetic());
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let num = |r: &[char]| {
            let digits: String = r[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
            (digits.parse::<u128>().unwrap_or(0), digits.len())
        };
        let (mut an, ai) = num(&ar);
        let (mut bn, bi) = num(&br);
        // A zero after other digits is part of a number, not a leading zero.
        if (ar[i] == '0' || br[i] == '0')
            && ar[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .any(|c| *c != '0')
        {
            (an, bn) = (1, 1);
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn map(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize, inline: bool) {
    let mut keys: Vec<&String> = m.keys().collect();
    kterm_shell::sort::sort_by(&mut keys, |a, b| key_order(a, b));
    for (n, k) in keys.into_iter().enumerate() {
        if n > 0 || !inline {
            pad(out, indent);
        }
        if simple_key(k) {
            scalar(out, &Value::String(k.clone()), indent, true);
            out.push(':');
            value(out, &m[k], indent);
        } else {
            explicit(out, k, &m[k], indent);
        }
    }
}

/// go-yaml's emitter writes a key plain (`key: value`) only when it is
/// one line of at most 128 bytes (`yaml_emitter_check_simple_key`).
fn simple_key(k: &str) -> bool {
    k.len() <= 128 && !k.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
}

/// A key go-yaml writes explicitly: `? key` then `: value` on the next
/// line, both styled as values (a multi-line key is a literal block), a
/// mapping or sequence value starting on the `:` line.
fn explicit(out: &mut String, k: &str, v: &Value, indent: usize) {
    out.push_str("? ");
    scalar(out, &Value::String(k.to_string()), indent + 2, false);
    out.push('\n');
    pad(out, indent);
    out.push_str(": ");
    match v {
        Value::Object(m) if !m.is_empty() => map(out, m, indent + 2, true),
        Value::Array(a) if !a.is_empty() => seq(out, a, indent + 2, true),
        other => {
            scalar(out, other, indent + 2, false);
            out.push('\n');
        }
    }
}

/// What follows `key:` or `-`.
fn value(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            map(out, m, indent + 2, false);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            seq(out, a, indent, false);
        }
        other => {
            out.push(' ');
            scalar(out, other, indent + 2, false);
            out.push('\n');
        }
    }
}

fn seq(out: &mut String, a: &[Value], indent: usize, inline: bool) {
    for (n, v) in a.iter().enumerate() {
        if n > 0 || !inline {
            pad(out, indent);
        }
        out.push('-');
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push(' ');
                map(out, m, indent + 2, true);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push(' ');
                seq(out, a, indent + 2, true);
            }
            other => {
                out.push(' ');
                scalar(out, other, indent + 2, false);
                out.push('\n');
            }
        }
    }
}

/// Writes a scalar; `indent` is where continuation lines start.
fn scalar(out: &mut String, v: &Value, indent: usize, key: bool) {
    let text = match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.is_nan() => ".nan".into(),
            Some(f) if f.is_infinite() => if f > 0.0 { ".inf" } else { "-.inf" }.into(),
            Some(f) => crate::go::fmt::float(f),
            None => n.to_string(),
        },
        Value::String(s) => return string(out, s, indent, key),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
    };
    out.push_str(&text);
}

/// YAML's printable set (the emitter escapes the rest).
fn printable(c: char) -> bool {
    matches!(c, '\n' | '\u{85}' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

fn string(out: &mut String, s: &str, indent: usize, key: bool) {
    let special = s.chars().any(|c| !printable(c));
    let lines = s.contains('\n');
    let space_break = s.contains(" \n");
    let trailing_space = s.ends_with(' ');
    if lines && !key && !special && !space_break && !trailing_space {
        out.push_str(&literal(s, indent));
        return;
    }
    let style = if lines || special || resolves_to_other(s) || base60(s) {
        Style::Double
    } else if plain_allowed(s) {
        Style::Plain
    } else {
        Style::Single
    };
    write_folded(out, s, indent, !key, style);
}

/// Writes a plain or quoted scalar as the emitter does, breaking the line
/// at a single space once it is past column 80 (go-yaml's best width).
fn write_folded(out: &mut String, s: &str, indent: usize, breaks: bool, style: Style) {
    let mut col = out.rsplit('\n').next().map_or(0, |l| l.chars().count());
    let chars: Vec<char> = s.chars().collect();
    let last = chars.len().saturating_sub(1);
    let quote = match style {
        Style::Single => "'",
        Style::Double => "\"",
        Style::Plain => "",
    };
    out.push_str(quote);
    col += quote.len();
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            let inner = style == Style::Plain || (i != 0 && i != last);
            if breaks && !spaces && col > 80 && inner && (style == Style::Double || !next_space) {
                out.push('\n');
                pad(out, indent);
                col = indent;
                if style == Style::Double && next_space {
                    out.push('\\');
                    col += 1;
                }
            } else {
                out.push(' ');
                col += 1;
            }
            spaces = true;
            continue;
        }
        spaces = false;
        let piece = match style {
            Style::Plain => c.to_string(),
            Style::Single if c == '\'' => "''".into(),
            Style::Single => c.to_string(),
            Style::Double => escape(c),
        };
        col += piece.chars().count();
        out.push_str(&piece);
    }
    out.push_str(quote);
}

fn literal(s: &str, indent: usize) -> String {
    let mut out = String::from("|");
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    let mut pieces: Vec<&str> = s.split('\n').collect();
    if let Some(rest) = s.strip_suffix('\n') {
        pieces.pop();
        if rest.is_empty() || rest.ends_with('\n') {
            out.push('+');
        }
    } else {
        out.push('-');
    }
    for p in pieces {
        out.push('\n');
        if !p.is_empty() {
            pad(&mut out, indent);
            out.push_str(p);
        }
    }
    out
}

/// The emitter's analysis: may this string be written plain?
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    let blank_after = |i: usize| chars.get(i + 1).is_none_or(|c| *c == ' ');
    let first = chars[0];
    if "#,[]{}&*!|>'\"%@`".contains(first) {
        return false;
    }
    if matches!(first, '?' | ':' | '-') && blank_after(0) {
        return false;
    }
    for (i, c) in chars.iter().enumerate() {
        if *c == ':' && blank_after(i) {
            return false;
        }
        if *c == '#' && i > 0 && chars[i - 1] == ' ' {
            return false;
        }
    }
    true
}

/// Would go-yaml v2 read this plain string back as something else?
fn resolves_to_other(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
        ".NaN", ".NAN", "<<",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    let Some(first) = s.chars().next() else {
        return true;
    };
    if !("+-.".contains(first) || first.is_ascii_digit()) {
        return false;
    }
    is_int(&s.replace('_', "")) || is_float(s) || (first.is_ascii_digit() && is_timestamp(s))
}

/// Go's `strconv.ParseInt(s, 0, 64)` syntax (also for the 0b form).
fn is_int(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (digits, radix) = if let Some(h) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(o) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (o, 8)
    } else if let Some(b) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (b, 2)
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8)
    } else {
        (body, 10)
    };
    !digits.is_empty() && u64::from_str_radix(digits, radix).is_ok()
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let mant_ok = match mant.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mant),
    };
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mant_ok && exp_ok
}

/// The date and date-time forms go-yaml v2 reads as timestamps.
fn is_timestamp(s: &str) -> bool {
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let num = |t: &str, max: u32, min: u32| {
        t.len() <= 2 && !t.is_empty() && t.parse::<u32>().is_ok_and(|n| (min..=max).contains(&n))
    };
    let d: Vec<&str> = date.split('-').collect();
    let date_ok = d.len() == 3
        && d[0].len() == 4
        && d[0].chars().all(|c| c.is_ascii_digit())
        && num(d[1], 12, 1)
        && num(d[2], 31, 1);
    let Some(time) = time else {
        return date_ok;
    };
    let space = s.contains(' ');
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(i) => (&time[..i], Some(&time[i..])),
        None => (time, None),
    };
    let clock = clock.split_once('.').map_or(clock, |(c, frac)| {
        if frac.chars().all(|x| x.is_ascii_digit()) {
            c
        } else {
            "x"
        }
    });
    let t: Vec<&str> = clock.split(':').collect();
    let clock_ok = t.len() == 3 && num(t[0], 23, 0) && num(t[1], 59, 0) && num(t[2], 59, 0);
    let zone_ok = match zone {
        None => space,
        Some("Z") => !space,
        Some(z) => !space && z.len() == 6 && z.as_bytes()[3] == b':',
    };
    date_ok && clock_ok && zone_ok
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn base60(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = s.split_once('.').unwrap_or((s, ""));
    if !frac.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return false;
    }
    let parts: Vec<&str> = main.split(':').collect();
    if parts.len() < 2 {
        return false;
    }
    let head = parts[0];
    head.starts_with(|c: char| c.is_ascii_digit())
        && head.chars().all(|c| c.is_ascii_digit() || c == '_')
        && parts[1..].iter().all(|p| {
            !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()) && {
                let b = p.as_bytes();
                b.len() == 1 || b[0] <= b'5'
            }
        })
}

/// One character in the emitter's double-quoted style.
fn escape(c: char) -> String {
    let named = match c {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\0' => "\\0",
        '\x07' => "\\a",
        '\x08' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\x0b' => "\\v",
        '\x0c' => "\\f",
        '\r' => "\\r",
        '\x1b' => "\\e",
        '\u{85}' => "\\N",
        '\u{a0}' => "\\_",
        '\u{2028}' => "\\L",
        '\u{2029}' => "\\P",
        c if !printable(c) || c == '\u{feff}' => {
            let n = c as u32;
            return if n <= 0xff {
                format!("\\x{n:02X}")
            } else if n <= 0xffff {
                format!("\\u{n:04X}")
            } else {
                format!("\\U{n:08X}")
            };
        }
        c => return c.to_string(),
    };
    named.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn as_kubectl_writes_it() {
        let v = json!({
            "kind": "List",
            "items": [{"a": 1, "b": [{"x": "nginx:1.27", "y": ["p", "q"]}], "c": {}, "d": []}],
            "data": {"ca.crt": "line1\nline2\n", "no-end": "a\nb", "two": "a\n\n", "lead": " a\nb\n"},
            "s": {"t": "2026-11-19T13:31:06Z", "n": "8080", "f": "1.27", "ip": "10.176.48.60", "y": "y", "e": "",
                  "cron": "*/5 * * * *", "colon": "a: b", "q": "say \"hi\"", "tab": "a\tb", "hash": "a #b", "dash": "-"},
        });
        let want = "data:\n  ca.crt: |\n    line1\n    line2\n  lead: |2\n     a\n    b\n  no-end: |-\n    a\n    b\n  two: |+\n    a\n\nitems:\n- a: 1\n  b:\n  - x: nginx:1.27\n    \"y\":\n    - p\n    - q\n  c: {}\n  d: []\nkind: List\ns:\n  colon: 'a: b'\n  cron: '*/5 * * * *'\n  dash: '-'\n  e: \"\"\n  f: \"1.27\"\n  hash: 'a #b'\n  ip: 10.176.48.60\n  \"n\": \"8080\"\n  q: say \"hi\"\n  t: \"2026-11-19T13:31:06Z\"\n  tab: \"a\\tb\"\n  \"y\": \"y\"\n";
        assert_eq!(to_string(&v), want);
    }

    #[test]
    fn long_lines_fold_at_column_80() {
        let long = "Successfully assigned ibm-system/ibm-cloud-provider-ip-flltz9sqsk-ntlpz to 10.176.48.60";
        assert_eq!(
            to_string(&json!({"message": long})),
            "message: Successfully assigned ibm-system/ibm-cloud-provider-ip-flltz9sqsk-ntlpz to\n  10.176.48.60\n"
        );
        let v = json!([{"m": format!("'{long}'")}]);
        assert_eq!(
            to_string(&v),
            "- m: '''Successfully assigned ibm-system/ibm-cloud-provider-ip-flltz9sqsk-ntlpz to\n    10.176.48.60'''\n"
        );
    }

    /// Keys past 128 bytes or over several lines are explicit (`? key`),
    /// as `kubectl config view` prints them in an extension.
    #[test]
    fn explicit_keys_like_kubectl() {
        let k = "k".repeat(130);
        let j = "j".repeat(128);
        let v = json!({"extension": {
            k.clone(): {"a": 1, "b": {"c": 2}},
            format!("{k}2"): [1, [2, 3], {"d": 4}],
            format!("{k}3"): "s",
            format!("{k}4"): {},
            format!("{k}5"): [],
            format!("{k}6"): "multi\nline\n",
            "a\nb": 1,
            j.clone(): "w",
            "short": {"e": 5},
        }});
        let want = format!(
            "extension:\n  ? |-\n    a\n    b\n  : 1\n  {j}: w\n  ? {k}\n  : a: 1\n    b:\n      c: 2\n  ? {k}2\n  : - 1\n    - - 2\n      - 3\n    - d: 4\n  ? {k}3\n  : s\n  ? {k}4\n  : {{}}\n  ? {k}5\n  : []\n  ? {k}6\n  : |\n    multi\n    line\n  short:\n    e: 5\n"
        );
        assert_eq!(to_string(&v), want);
        assert_eq!(
            to_string(&json!([{k.clone(): 1, "a": 2}])),
            format!("- a: 2\n  ? {k}\n  : 1\n")
        );
        // A long key folds at column 80 as a value does.
        let words = format!("{}z", "word ".repeat(30));
        let line = "word ".repeat(15);
        assert_eq!(
            to_string(&json!({"p": {"e": [{"extension": {words: 1}, "name": "x"}]}})),
            format!(
                "p:\n  e:\n  - extension:\n      ? {}\n        {}\n        z\n      : 1\n    name: x\n",
                line.trim_end(),
                line.trim_end()
            )
        );
    }

    #[test]
    fn natural_key_order() {
        let mut keys = vec!["file10", "file2", "a_b", "aB", "b", "A"];
        kterm_shell::sort::sort_by(&mut keys, |a, b| key_order(a, b));
        assert_eq!(keys, ["A", "a_b", "aB", "b", "file2", "file10"]);
    }

    /// Strings quote as go-yaml quotes them (the cases `config view`
    /// meets: server URLs, empty and boolean-looking values).
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
            assert_eq!(to_string(&json!(s)), format!("{want}\n"), "{s}");
        }
    }

    #[test]
    fn a_kubeconfig_like_kubectl() {
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
