//! curl's command line into [`Opts`]: short options cluster (`-sSL`), an
//! option's value is the rest of its cluster or the next word (`-XPOST`,
//! `-X POST`), long boolean options take a `--no-` prefix, every other word
//! is a URL.

use crate::curl::error::UsageError;

/// How a `-d`-like option treats its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataKind {
    /// `-d`, `--data`, `--data-ascii`: `@file` is read without CR and LF.
    Ascii,
    /// `--data-raw`: no `@` handling.
    Raw,
    /// `--data-binary`: `@file` is read as is.
    Binary,
    /// `--data-urlencode`: `content`, `=content`, `name=content`,
    /// `@file`, `name@file`.
    Urlencode,
    /// `--json`: like `--data-binary`, with JSON content and accept types.
    Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Data {
    pub kind: DataKind,
    pub value: String,
}

/// `-f` and `--fail-with-body`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fail {
    #[default]
    No,
    /// `-f`: no body on an HTTP error.
    Quiet,
    WithBody,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Opts {
    pub urls: Vec<String>,
    pub method: Option<String>,
    pub headers: Vec<String>,
    pub data: Vec<Data>,
    pub get: bool,
    pub user: Option<String>,
    pub include: bool,
    pub head: bool,
    pub silent: bool,
    pub show_error: bool,
    pub fail: Fail,
    pub output: Option<String>,
    pub remote_name: bool,
    pub location: bool,
    pub write_out: Option<String>,
    pub verbose: bool,
    pub max_time: Option<f64>,
    pub compressed: bool,
    pub insecure: bool,
    pub cacert: Option<String>,
    pub user_agent: Option<String>,
    pub referer: Option<String>,
    pub cookie: Option<String>,
    pub bearer: Option<String>,
    pub no_progress: bool,
    pub dump_header: Option<String>,
    pub help: bool,
    pub version: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Takes {
    Flag,
    Value,
}

/// (short letter, long name, takes a value, id).
const TABLE: &[(Option<char>, &str, Takes)] = &[
    (Some('X'), "request", Takes::Value),
    (Some('H'), "header", Takes::Value),
    (Some('d'), "data", Takes::Value),
    (None, "data-ascii", Takes::Value),
    (None, "data-raw", Takes::Value),
    (None, "data-binary", Takes::Value),
    (None, "data-urlencode", Takes::Value),
    (None, "json", Takes::Value),
    (Some('G'), "get", Takes::Flag),
    (Some('u'), "user", Takes::Value),
    (Some('i'), "include", Takes::Flag),
    (Some('I'), "head", Takes::Flag),
    (Some('s'), "silent", Takes::Flag),
    (Some('S'), "show-error", Takes::Flag),
    (Some('f'), "fail", Takes::Flag),
    (None, "fail-with-body", Takes::Flag),
    (Some('o'), "output", Takes::Value),
    (Some('O'), "remote-name", Takes::Flag),
    (Some('L'), "location", Takes::Flag),
    (Some('w'), "write-out", Takes::Value),
    (Some('v'), "verbose", Takes::Flag),
    (Some('m'), "max-time", Takes::Value),
    (None, "connect-timeout", Takes::Value),
    (None, "compressed", Takes::Flag),
    (Some('k'), "insecure", Takes::Flag),
    (None, "cacert", Takes::Value),
    (Some('A'), "user-agent", Takes::Value),
    (Some('e'), "referer", Takes::Value),
    (Some('b'), "cookie", Takes::Value),
    (None, "oauth2-bearer", Takes::Value),
    (None, "url", Takes::Value),
    (Some('g'), "globoff", Takes::Flag),
    (None, "progress-meter", Takes::Flag),
    (Some('D'), "dump-header", Takes::Value),
    (Some('h'), "help", Takes::Flag),
    (Some('V'), "version", Takes::Flag),
];

pub fn parse(args: &[String]) -> Result<Opts, UsageError> {
    let mut o = Opts::default();
    let mut it = args.iter();
    let mut only_urls = false;
    while let Some(arg) = it.next() {
        if only_urls || !arg.starts_with('-') || arg == "-" {
            o.urls.push(arg.clone());
            continue;
        }
        if arg == "--" {
            only_urls = true;
            continue;
        }
        if let Some(name) = arg.strip_prefix("--") {
            let (long, on) = match TABLE.iter().find(|(_, l, _)| *l == name) {
                Some(e) => (e, true),
                None => match name
                    .strip_prefix("no-")
                    .and_then(|n| TABLE.iter().find(|(_, l, t)| *l == n && *t == Takes::Flag))
                {
                    Some(e) => (e, false),
                    None => return Err(UsageError::Unknown(arg.clone())),
                },
            };
            let value = match long.2 {
                Takes::Flag => None,
                Takes::Value => Some(
                    it.next()
                        .ok_or_else(|| UsageError::NeedsValue(arg.clone()))?
                        .clone(),
                ),
            };
            apply(&mut o, long.1, on, value, arg)?;
            continue;
        }
        // A cluster of short options.
        let letters: Vec<char> = arg[1..].chars().collect();
        let mut i = 0;
        while i < letters.len() {
            let c = letters[i];
            let Some(entry) = TABLE.iter().find(|(s, _, _)| *s == Some(c)) else {
                return Err(UsageError::Unknown(format!("-{}", &arg[1..])));
            };
            let shown = format!("-{c}");
            if entry.2 == Takes::Value {
                let rest: String = letters[i + 1..].iter().collect();
                let value = if rest.is_empty() {
                    it.next()
                        .ok_or_else(|| UsageError::NeedsValue(shown.clone()))?
                        .clone()
                } else {
                    rest
                };
                apply(&mut o, entry.1, true, Some(value), &shown)?;
                break;
            }
            apply(&mut o, entry.1, true, None, &shown)?;
            i += 1;
        }
    }
    Ok(o)
}

fn seconds(v: &str, shown: &str) -> Result<f64, UsageError> {
    match v.trim().parse::<f64>() {
        Ok(n) if n >= 0.0 && n.is_finite() => Ok(n),
        _ => Err(UsageError::BadNumber(shown.to_string())),
    }
}

fn apply(
    o: &mut Opts,
    long: &str,
    on: bool,
    value: Option<String>,
    shown: &str,
) -> Result<(), UsageError> {
    let v = value.unwrap_or_default();
    let data = |kind| Data {
        kind,
        value: v.clone(),
    };
    match long {
        "request" => o.method = Some(v),
        "header" => o.headers.push(v),
        "data" | "data-ascii" => o.data.push(data(DataKind::Ascii)),
        "data-raw" => o.data.push(data(DataKind::Raw)),
        "data-binary" => o.data.push(data(DataKind::Binary)),
        "data-urlencode" => o.data.push(data(DataKind::Urlencode)),
        "json" => o.data.push(data(DataKind::Json)),
        "get" => o.get = on,
        "user" => o.user = Some(v),
        "include" => o.include = on,
        "head" => o.head = on,
        "silent" => o.silent = on,
        "show-error" => o.show_error = on,
        "fail" => o.fail = if on { Fail::Quiet } else { Fail::No },
        "fail-with-body" => o.fail = if on { Fail::WithBody } else { Fail::No },
        "output" => o.output = Some(v),
        "remote-name" => o.remote_name = on,
        "location" => o.location = on,
        "write-out" => o.write_out = Some(v),
        "verbose" => o.verbose = on,
        "max-time" => o.max_time = Some(seconds(&v, shown)?),
        "connect-timeout" => {
            seconds(&v, shown)?;
        }
        "compressed" => o.compressed = on,
        "insecure" => o.insecure = on,
        "cacert" => o.cacert = Some(v),
        "user-agent" => o.user_agent = Some(v),
        "referer" => o.referer = Some(v),
        "cookie" => o.cookie = Some(v),
        "oauth2-bearer" => o.bearer = Some(v),
        "url" => o.urls.push(v),
        "globoff" => {}
        "progress-meter" => o.no_progress = !on,
        "dump-header" => o.dump_header = Some(v),
        "help" => o.help = on,
        "version" => o.version = on,
        _ => return Err(UsageError::Unknown(shown.to_string())),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parse_table() {
        type Check = fn(&Opts) -> bool;
        let cases: &[(&str, Check)] = &[
            ("-X POST u", |o| o.method.as_deref() == Some("POST")),
            ("-XPOST u", |o| o.method.as_deref() == Some("POST")),
            ("--request PUT u", |o| o.method.as_deref() == Some("PUT")),
            ("-sSL u", |o| o.silent && o.show_error && o.location),
            ("-sX DELETE u", |o| {
                o.silent && o.method.as_deref() == Some("DELETE")
            }),
            ("-H a:1 -H b:2 u", |o| o.headers == ["a:1", "b:2"]),
            ("-d a=1 --data-raw @b --data-binary @f u", |o| {
                o.data.iter().map(|d| d.kind).collect::<Vec<_>>()
                    == [DataKind::Ascii, DataKind::Raw, DataKind::Binary]
            }),
            ("--data-urlencode x=a u", |o| {
                o.data[0].kind == DataKind::Urlencode
            }),
            ("-G -d q=1 u", |o| o.get),
            ("-u me:pw u", |o| o.user.as_deref() == Some("me:pw")),
            ("-i -I u", |o| o.include && o.head),
            ("-f u", |o| o.fail == Fail::Quiet),
            ("--fail-with-body u", |o| o.fail == Fail::WithBody),
            ("-o out.json u", |o| o.output.as_deref() == Some("out.json")),
            ("-O u", |o| o.remote_name),
            ("-w %{http_code} u", |o| {
                o.write_out.as_deref() == Some("%{http_code}")
            }),
            ("-v u", |o| o.verbose),
            ("-m 2.5 u", |o| o.max_time == Some(2.5)),
            ("--max-time 3 u", |o| o.max_time == Some(3.0)),
            ("-k --cacert ca.pem u", |o| {
                o.insecure && o.cacert.as_deref() == Some("ca.pem")
            }),
            ("--compressed u", |o| o.compressed),
            ("-s --no-silent u", |o| !o.silent),
            ("--no-progress-meter u", |o| o.no_progress),
            ("u1 u2", |o| o.urls == ["u1", "u2"]),
            ("--url u -- -x", |o| o.urls == ["u", "-x"]),
            ("-ou.json u", |o| o.output.as_deref() == Some("u.json")),
        ];
        for (line, check) in cases {
            let o = parse(&words(line)).unwrap_or_else(|e| panic!("{line}: {e:?}"));
            assert!(check(&o), "{line}: {o:?}");
        }
    }

    #[test]
    fn usage_errors() {
        let cases = [
            ("--foo u", UsageError::Unknown("--foo".into())),
            ("--data=1 u", UsageError::Unknown("--data=1".into())),
            ("-Z u", UsageError::Unknown("-Z".into())),
            ("-sZ u", UsageError::Unknown("-sZ".into())),
            ("u -X", UsageError::NeedsValue("-X".into())),
            ("u --header", UsageError::NeedsValue("--header".into())),
            ("-m abc u", UsageError::BadNumber("-m".into())),
            (
                "--max-time -1 u",
                UsageError::BadNumber("--max-time".into()),
            ),
            ("--no-header u", UsageError::Unknown("--no-header".into())),
        ];
        for (line, want) in cases {
            assert_eq!(parse(&words(line)), Err(want), "{line}");
        }
    }
}
