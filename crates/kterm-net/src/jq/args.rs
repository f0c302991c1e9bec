//! jq's command line: clustered short flags (`-rc`), `--arg`/`--argjson`
//! pairs, `--indent n`; the first operand is the filter (unless
//! `--args`-style forms, which are not supported), the rest are files.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    Unknown(String),
    /// `--arg` and friends without their values.
    Missing(&'static str),
    BadJson {
        name: String,
        text: String,
    },
    BadIndent,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Opts {
    pub filter: Option<String>,
    pub files: Vec<String>,
    pub raw: bool,
    pub join: bool,
    pub compact: bool,
    pub null_input: bool,
    pub exit_status: bool,
    pub slurp: bool,
    pub raw_input: bool,
    pub sort_keys: bool,
    pub tab: bool,
    pub indent: Option<usize>,
    pub ascii: bool,
    /// `--arg` (string) and `--argjson` (JSON text) in order given.
    pub vars: Vec<(String, Var)>,
    pub help: bool,
    pub version: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Var {
    Str(String),
    Json(String),
}

pub fn parse(args: &[String]) -> Result<Opts, ArgError> {
    let mut o = Opts::default();
    let mut it = args.iter();
    let mut operands = Vec::new();
    while let Some(a) = it.next() {
        if !a.starts_with('-') || a == "-" {
            operands.push(a.clone());
            continue;
        }
        match a.as_str() {
            "--" => {
                operands.extend(it.by_ref().cloned());
                break;
            }
            "--raw-output" => o.raw = true,
            "--join-output" => {
                o.raw = true;
                o.join = true
            }
            "--compact-output" => o.compact = true,
            "--null-input" => o.null_input = true,
            "--exit-status" => o.exit_status = true,
            "--slurp" => o.slurp = true,
            "--raw-input" => o.raw_input = true,
            "--sort-keys" => o.sort_keys = true,
            "--ascii-output" => o.ascii = true,
            "--color-output" | "--monochrome-output" => {}
            "--tab" => o.tab = true,
            "--help" => o.help = true,
            "--version" => o.version = true,
            "--indent" => {
                let n = it
                    .next()
                    .ok_or(ArgError::Missing("--indent takes one parameter"))?;
                match n.parse::<usize>() {
                    Ok(n) if n <= 7 => o.indent = Some(n),
                    Ok(_) => return Err(ArgError::BadIndent),
                    Err(_) => return Err(ArgError::Missing("--indent takes a number")),
                }
            }
            "--arg" | "--argjson" => {
                let name = it.next();
                let value = it.next();
                let (Some(name), Some(value)) = (name, value) else {
                    return Err(ArgError::Missing(if a == "--arg" {
                        "--arg takes two parameters (e.g. --arg varname value)"
                    } else {
                        "--argjson takes two parameters (e.g. --argjson varname text)"
                    }));
                };
                let v = if a == "--arg" {
                    Var::Str(value.clone())
                } else {
                    Var::Json(value.clone())
                };
                o.vars.push((name.clone(), v));
            }
            long if long.starts_with("--") => return Err(ArgError::Unknown(a.clone())),
            short => {
                for c in short[1..].chars() {
                    match c {
                        'r' => o.raw = true,
                        'j' => {
                            o.raw = true;
                            o.join = true
                        }
                        'c' => o.compact = true,
                        'n' => o.null_input = true,
                        'e' => o.exit_status = true,
                        's' => o.slurp = true,
                        'R' => o.raw_input = true,
                        'S' => o.sort_keys = true,
                        'a' => o.ascii = true,
                        'C' | 'M' => {}
                        'h' => o.help = true,
                        _ => return Err(ArgError::Unknown(a.clone())),
                    }
                }
            }
        }
    }
    let mut ops = operands.into_iter();
    o.filter = ops.next();
    o.files = ops.collect();
    Ok(o)
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
            ("-r .a", |o| o.raw && o.filter.as_deref() == Some(".a")),
            ("-rc .", |o| o.raw && o.compact),
            ("-j .", |o| o.raw && o.join),
            ("-nse .", |o| o.null_input && o.slurp && o.exit_status),
            (". a.json b.json", |o| o.files == ["a.json", "b.json"]),
            ("--arg x 1 --argjson y {} $x", |o| {
                o.vars
                    == [
                        ("x".to_string(), Var::Str("1".into())),
                        ("y".to_string(), Var::Json("{}".into())),
                    ]
                    && o.filter.as_deref() == Some("$x")
            }),
            ("--tab .", |o| o.tab),
            ("--indent 4 .", |o| o.indent == Some(4)),
            ("-- -1", |o| o.filter.as_deref() == Some("-1")),
            ("", |o| o.filter.is_none()),
        ];
        for (line, check) in cases {
            let o = parse(&words(line)).unwrap_or_else(|e| panic!("{line}: {e:?}"));
            assert!(check(&o), "{line}: {o:?}");
        }
    }

    #[test]
    fn errors() {
        let cases = [
            ("--foo .", ArgError::Unknown("--foo".into())),
            ("-rx .", ArgError::Unknown("-rx".into())),
            ("--indent 9 .", ArgError::BadIndent),
            (
                ". --arg x",
                ArgError::Missing("--arg takes two parameters (e.g. --arg varname value)"),
            ),
        ];
        for (line, want) in cases {
            assert_eq!(parse(&words(line)), Err(want), "{line}");
        }
    }
}
