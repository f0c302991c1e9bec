//! jaq's errors in jq 1.7's words: runtime errors (`Cannot iterate over
//! number (1)`), compile errors (`foo/0 is not defined`), usage errors.

use jaq_json::Val;

use crate::jq::args::ArgError;
use crate::jq::write::{value, Style};

pub const USAGE: &str = "Usage:\tjq [OPTIONS] FILTER [FILES...]\n\
\tjq [OPTIONS] --args FILTER [ARGUMENTS...]\n\
\tjq [OPTIONS] --jsonargs FILTER [JSON_VALUES...]\n\n\
jq is a tool for processing JSON inputs, applying the given filter to\n\
its JSON text inputs and producing the filter's results as JSON on\n\
standard output.\n\n\
The simplest filter is ., which copies jq's input to its output\n\
unmodified except for formatting. For more advanced filters see\n\
the jq(1) manpage (\"man jq\") and/or https://jqlang.github.io/jq/.\n\n\
Example:\n\n\t$ echo '{\"foo\": 0}' | jq .\n\t{\n\t  \"foo\": 0\n\t}\n\n\
For listing the command options, use jq --help.\n";

pub fn usage_error(e: &ArgError) -> String {
    match e {
        ArgError::Unknown(o) => format!(
            "jq: Unknown option: {o}\n{}",
            "Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://jqlang.github.io/jq\n"
        ),
        ArgError::Missing(m) => format!("jq: error: {m}\n{}", USAGE),
        ArgError::BadJson { name, text } => {
            format!("jq: Invalid JSON text passed to --argjson\n{}", {
                let _ = (name, text);
                "Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://jqlang.github.io/jq\n"
            })
        }
        ArgError::BadIndent => "jq: Cannot indent more than 7 characters\nUse jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://jqlang.github.io/jq\n".to_string(),
    }
}

fn kind(v: &Val) -> &'static str {
    match v {
        Val::Null => "null",
        Val::Bool(_) => "boolean",
        Val::Num(_) => "number",
        Val::TStr(_) | Val::BStr(_) => "string",
        Val::Arr(_) => "array",
        Val::Obj(_) => "object",
    }
}

/// Compact JSON text.
pub fn compact(v: &Val) -> String {
    let mut out = Vec::new();
    let style = Style {
        indent: None,
        ..Style::pretty()
    };
    value(&mut out, v, &style, 0);
    String::from_utf8_lossy(&out).into_owned()
}

/// `kind (value)` with the value cut to jq's 11 characters.
fn described(v: &Val) -> String {
    if matches!(v, Val::Null) {
        return "null (null)".into();
    }
    let text = compact(v);
    let text = if text.chars().count() > 14 {
        format!("{}...", text.chars().take(11).collect::<String>())
    } else {
        text
    };
    format!("{} ({text})", kind(v))
}

fn parse(s: &str) -> Option<Val> {
    jaq_json::read::parse_single(s.trim().as_bytes()).ok()
}

/// Splits `l <sep> r` where both sides are JSON texts.
fn split2(s: &str, sep: &str) -> Option<(Val, Val)> {
    let mut from = 0;
    while let Some(i) = s[from..].find(sep) {
        let at = from + i;
        if let (Some(l), Some(r)) = (parse(&s[..at]), parse(&s[at + sep.len()..])) {
            return Some((l, r));
        }
        from = at + sep.len();
    }
    None
}

/// jaq's runtime message in jq's words, where jq words it differently.
fn runtime_text(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("cannot use ") {
        if let Some(v) = rest
            .strip_suffix(" as iterable (array or object)")
            .and_then(parse)
        {
            return format!("Cannot iterate over {}", described(&v));
        }
    }
    if let Some(rest) = msg.strip_prefix("cannot index ") {
        if let Some((l, r)) = split2(rest, " with ") {
            return match r {
                Val::TStr(s) => format!(
                    "Cannot index {} with \"{}\"",
                    kind(&l),
                    String::from_utf8_lossy(&s)
                ),
                r => format!("Cannot index {} with {}", kind(&l), kind(&r)),
            };
        }
    }
    if let Some(rest) = msg.strip_prefix("cannot calculate ") {
        for (op, verb) in [
            (" + ", "added"),
            (" - ", "subtracted"),
            (" * ", "multiplied"),
            (" / ", "divided"),
            (" % ", "divided"),
        ] {
            if let Some((l, r)) = split2(rest, op) {
                return format!("{} and {} cannot be {verb}", described(&l), described(&r));
            }
        }
    }
    msg.to_string()
}

/// `jq: error (at <where>): <message>` for an error value.
pub fn runtime(err: jaq_core::Error<Val>, at: &str) -> String {
    match err.into_val() {
        Val::TStr(s) => format!(
            "jq: error (at {at}): {}\n",
            runtime_text(&String::from_utf8_lossy(&s))
        ),
        v => format!("jq: error (at {at}) (not a string): {}\n", compact(&v)),
    }
}

/// A compile error's report; `n` errors in all.
pub fn compile(lines: &[String]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(l);
    }
    let n = lines.len();
    s.push_str(&format!(
        "jq: {n} compile error{}\n",
        if n == 1 { "" } else { "s" }
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_table() {
        let cases = [
            (
                "cannot use 1 as iterable (array or object)",
                "Cannot iterate over number (1)",
            ),
            (
                "cannot use null as iterable (array or object)",
                "Cannot iterate over null (null)",
            ),
            (
                "cannot use \"abcdefghijklmnop\" as iterable (array or object)",
                "Cannot iterate over string (\"abcdefghij...)",
            ),
            (
                "cannot index 1 with \"a\"",
                "Cannot index number with \"a\"",
            ),
            ("cannot index {} with 0", "Cannot index object with number"),
            (
                "cannot calculate \"a\" - 1",
                "string (\"a\") and number (1) cannot be subtracted",
            ),
            ("plain message", "plain message"),
        ];
        for (jaq, jq) in cases {
            assert_eq!(runtime_text(jaq), jq, "{jaq}");
        }
    }
}
