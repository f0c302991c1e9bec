//! Helm's flags as pflag parses them: `--name value`, `--name=value`,
//! `-n value`, `-nvalue`, `-n=value`, bundled switches (`-aq`), `--`
//! ending the flags, flags anywhere among the operands. Values are
//! checked as they are set, so the first bad flag is the one reported,
//! in pflag's words.

use crate::error::HelmError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Str,
    Int,
    /// `-o`: table, json or yaml.
    Format,
    Float,
    /// A string flag that may be repeated (`--kube-as-group`).
    StrArray,
}

#[derive(Debug, Clone, Copy)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    pub help: &'static str,
    /// Left out of `--help` (cobra's `MarkHidden`).
    pub hidden: bool,
}

pub const fn flag(long: &'static str, short: Option<char>, kind: Kind, help: &'static str) -> Flag {
    Flag {
        long,
        short,
        kind,
        help,
        hidden: false,
    }
}

/// The same flag, hidden from `--help`.
pub const fn hidden(mut f: Flag) -> Flag {
    f.hidden = true;
    f
}

/// Helm's persistent flags (pkg/cli/environment.go), on every command.
pub const GLOBAL: &[Flag] = &[
    flag("burst-limit", None, Kind::Int, "client-side default throttling limit (default 100)"),
    flag("debug", None, Kind::Bool, "enable verbose output"),
    flag("help", Some('h'), Kind::Bool, "help for this command"),
    flag("kube-apiserver", None, Kind::Str, "the address and the port for the Kubernetes API server"),
    flag("kube-as-group", None, Kind::StrArray, "group to impersonate for the operation, this flag can be repeated to specify multiple groups."),
    flag("kube-as-user", None, Kind::Str, "username to impersonate for the operation"),
    flag("kube-ca-file", None, Kind::Str, "the certificate authority file for the Kubernetes API server connection"),
    flag("kube-context", None, Kind::Str, "name of the kubeconfig context to use"),
    flag("kube-insecure-skip-tls-verify", None, Kind::Bool, "if true, the Kubernetes API server's certificate will not be checked for validity. This will make your HTTPS connections insecure"),
    flag("kube-tls-server-name", None, Kind::Str, "server name to use for Kubernetes API server certificate validation. If it is not provided, the hostname used to contact the server is used"),
    flag("kube-token", None, Kind::Str, "bearer token used for authentication"),
    flag("kubeconfig", None, Kind::Str, "path to the kubeconfig file"),
    flag("namespace", Some('n'), Kind::Str, "namespace scope for this request"),
    flag("qps", None, Kind::Float, "queries per second used when communicating with the Kubernetes API, not including bursting"),
    flag("registry-config", None, Kind::Str, "path to the registry config file"),
    flag("repository-cache", None, Kind::Str, "path to the directory containing cached repository indexes"),
    flag("repository-config", None, Kind::Str, "path to the file containing repository names and URLs"),
];

/// `-o`, as `bindOutputFlag` declares it.
pub const OUTPUT: Flag = flag(
    "output",
    Some('o'),
    Kind::Format,
    "prints the output in the specified format. Allowed values: table, json, yaml (default table)",
);

/// `--revision`, as the release commands declare it.
pub const fn revision(help: &'static str) -> Flag {
    flag("revision", None, Kind::Int, help)
}

/// What the command line set: each flag's last value, and the operands.
#[derive(Debug, Default)]
pub struct Parsed {
    values: Vec<(&'static str, String)>,
    pub args: Vec<String>,
}

impl Parsed {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| *k == long)
            .map(|(_, v)| v.as_str())
    }

    pub fn bool(&self, long: &str) -> bool {
        self.get(long).is_some_and(|v| parse_bool(v) == Some(true))
    }

    pub fn int(&self, long: &str, default: i64) -> i64 {
        self.get(long)
            .and_then(|v| parse_int(v).ok())
            .unwrap_or(default)
    }

    pub fn string(&self, long: &str) -> Option<String> {
        self.get(long).map(str::to_string)
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` as pflag's int flags call it, with
/// its error's tail.
fn parse_int(v: &str) -> Result<i64, &'static str> {
    let (neg, digits) = match v.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let digits = digits.replace('_', "");
    let (radix, body) = if let Some(h) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, h.to_string())
    } else if let Some(b) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        (2, b.to_string())
    } else if let Some(o) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        (8, o.to_string())
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, digits[1..].to_string())
    } else {
        (10, digits.clone())
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return Err("invalid syntax");
    }
    let n = i128::from_str_radix(&body, radix).map_err(|_| "value out of range")?;
    let n = if neg { -n } else { n };
    i64::try_from(n).map_err(|_| "value out of range")
}

fn display(f: &Flag) -> String {
    match f.short {
        Some(c) => format!("-{c}, --{}", f.long),
        None => format!("--{}", f.long),
    }
}

/// Checks a value as pflag's `Set` does.
fn check(f: &Flag, v: &str) -> Result<(), HelmError> {
    let bad = |why: String| {
        HelmError::msg(format!(
            "invalid argument {} for \"{}\" flag: {why}",
            go_quote(v),
            display(f)
        ))
    };
    match f.kind {
        Kind::Bool if parse_bool(v).is_none() => Err(bad(format!(
            "strconv.ParseBool: parsing {}: invalid syntax",
            go_quote(v)
        ))),
        Kind::Int => parse_int(v)
            .map(|_| ())
            .map_err(|why| bad(format!("strconv.ParseInt: parsing {}: {why}", go_quote(v)))),
        Kind::Float if v.parse::<f32>().is_err() => Err(bad(format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            go_quote(v)
        ))),
        Kind::Format if !matches!(v, "table" | "json" | "yaml") => {
            Err(bad("invalid format type".into()))
        }
        _ => Ok(()),
    }
}

/// Go's `%q` for the values flag errors quote.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parses `words` (the command's words, its name left out) against the
/// global flags and the command's own.
pub fn parse(words: &[String], own: &[Flag]) -> Result<Parsed, HelmError> {
    let spec = |pred: &dyn Fn(&Flag) -> bool| GLOBAL.iter().chain(own).find(|f| pred(f)).copied();
    let mut p = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            p.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(f) = spec(&|f| f.long == name) else {
                return Err(HelmError::msg(format!("unknown flag: --{name}")));
            };
            let value = match (inline, f.kind) {
                (Some(v), _) => v,
                (None, Kind::Bool) => "true".into(),
                (None, _) => {
                    let Some(v) = words.get(i) else {
                        return Err(HelmError::msg(format!("flag needs an argument: --{name}")));
                    };
                    i += 1;
                    v.clone()
                }
            };
            check(&f, &value)?;
            p.values.push((f.long, value));
        } else if let Some(shorts) = w.strip_prefix('-').filter(|s| !s.is_empty()) {
            let chars: Vec<char> = shorts.chars().collect();
            let mut k = 0;
            while k < chars.len() {
                let c = chars[k];
                let Some(f) = spec(&|f| f.short == Some(c)) else {
                    return Err(HelmError::msg(format!(
                        "unknown shorthand flag: '{c}' in -{shorts}"
                    )));
                };
                let rest: String = chars[k + 1..].iter().collect();
                if f.kind == Kind::Bool {
                    let value = match rest.strip_prefix('=') {
                        Some(v) => {
                            k = chars.len();
                            v.to_string()
                        }
                        None => "true".into(),
                    };
                    check(&f, &value)?;
                    p.values.push((f.long, value));
                    k += 1;
                    continue;
                }
                let value = if !rest.is_empty() {
                    rest.strip_prefix('=').unwrap_or(&rest).to_string()
                } else if let Some(v) = words.get(i) {
                    i += 1;
                    v.clone()
                } else {
                    return Err(HelmError::msg(format!(
                        "flag needs an argument: '{c}' in -{shorts}"
                    )));
                };
                check(&f, &value)?;
                p.values.push((f.long, value));
                break;
            }
        } else {
            p.args.push(w.clone());
        }
    }
    Ok(p)
}

/// The words of the command path (`list`, `get values`) found among
/// `words` as cobra finds them: flags and the values of the global flags
/// that take one are passed over. Returns the index of each path word.
pub fn operand_positions(words: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--" {
            break;
        }
        let takes = |f: &Flag| f.kind != Kind::Bool;
        if let Some(long) = w.strip_prefix("--") {
            if !long.contains('=') && GLOBAL.iter().any(|f| f.long == long && takes(f)) {
                i += 1;
            }
        } else if w.len() == 2 && w.starts_with('-') {
            let c = w.chars().nth(1);
            if GLOBAL.iter().any(|f| f.short == c && takes(f)) {
                i += 1;
            }
        } else if !w.starts_with('-') || w == "-" {
            out.push(i);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    const OWN: &[Flag] = &[
        flag("all", Some('a'), Kind::Bool, ""),
        flag("short", Some('q'), Kind::Bool, ""),
        flag("max", Some('m'), Kind::Int, ""),
        OUTPUT,
    ];

    #[test]
    fn parse_table() {
        type Case<'a> = (&'a str, Result<(&'a str, &'a str, &'a str), &'a str>);
        let cases: &[Case] = &[
            ("-aq -o json x", Ok(("true", "json", "x"))),
            ("-ojson --all=false y", Ok(("false", "json", "y"))),
            ("--output=yaml -n kube-system", Ok(("", "yaml", ""))),
            ("-o=table -- -a", Ok(("", "table", "-a"))),
            ("--bogus", Err("unknown flag: --bogus")),
            ("-z", Err("unknown shorthand flag: 'z' in -z")),
            ("-az", Err("unknown shorthand flag: 'z' in -az")),
            ("-o", Err("flag needs an argument: 'o' in -o")),
            ("--max", Err("flag needs an argument: --max")),
            (
                "-o xml",
                Err("invalid argument \"xml\" for \"-o, --output\" flag: invalid format type"),
            ),
            (
                "--max x",
                Err("invalid argument \"x\" for \"-m, --max\" flag: strconv.ParseInt: parsing \"x\": invalid syntax"),
            ),
            (
                "--all=yes",
                Err("invalid argument \"yes\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax"),
            ),
        ];
        for (line, want) in cases {
            let got = parse(&w(line), OWN).map(|p| {
                (
                    p.get("all").unwrap_or("").to_string(),
                    p.get("output").unwrap_or("").to_string(),
                    p.args.join(" "),
                )
            });
            let want = want
                .map(|(a, o, r)| (a.to_string(), o.to_string(), r.to_string()))
                .map_err(HelmError::msg);
            assert_eq!(got, want, "{line}");
        }
        assert_eq!(parse_int("0x10"), Ok(16));
        assert_eq!(parse_int("010"), Ok(8));
        assert_eq!(parse_int("99999999999999999999"), Err("value out of range"));
    }

    #[test]
    fn path_table() {
        for (line, want) in [
            ("list -A", vec![0]),
            ("-n kube-system get values web", vec![2, 3, 4]),
            ("--kube-context=x status web", vec![1, 2]),
            ("--debug history web --max 2", vec![1, 2, 4]),
        ] {
            assert_eq!(operand_positions(&w(line)), want, "{line}");
        }
    }
}
