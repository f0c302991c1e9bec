//! What builtins share: coreutils-style flag parsing and input reading.

use std::collections::{BTreeMap, BTreeSet};

use crate::{CmdError, Ctx};

/// Parsed short flags (`-la`, `-n 5`, `-n5`) and operands. `--` ends flags.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub set: BTreeSet<char>,
    pub values: BTreeMap<char, String>,
    pub operands: Vec<String>,
}

impl Flags {
    pub fn has(&self, c: char) -> bool {
        self.set.contains(&c)
    }

    pub fn value(&self, c: char) -> Option<&str> {
        self.values.get(&c).map(String::as_str)
    }
}

/// Parses `args`: `bools` are flags without a value, `valued` take one.
/// Long options map to short ones through `long` (`("--count", 'c')`).
/// A negative number like `-5` becomes the value of `number_flag`, if given.
pub fn parse(
    name: &str,
    args: &[String],
    bools: &str,
    valued: &str,
    long: &[(&str, char)],
    number_flag: Option<char>,
) -> Result<Flags, String> {
    let mut f = Flags::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            f.operands.extend(it.by_ref().cloned());
            break;
        }
        if let Some(opt) = a.strip_prefix("--") {
            let (key, val) = match opt.split_once('=') {
                Some((k, v)) => (k, Some(v.to_string())),
                None => (opt, None),
            };
            let Some((_, c)) = long.iter().find(|(l, _)| l.trim_start_matches('-') == key) else {
                return Err(format!("{name}: unrecognized option '--{key}'"));
            };
            if valued.contains(*c) {
                let v = match val {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("{name}: option '--{key}' requires an argument"))?,
                };
                f.values.insert(*c, v);
            } else {
                f.set.insert(*c);
            }
            continue;
        }
        match a.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => {
                if let (Some(nf), true) = (number_flag, rest.chars().all(|c| c.is_ascii_digit())) {
                    f.values.insert(nf, rest.to_string());
                    continue;
                }
                let chars: Vec<char> = rest.chars().collect();
                for (i, c) in chars.iter().enumerate() {
                    if valued.contains(*c) {
                        let tail: String = chars[i + 1..].iter().collect();
                        let v = if !tail.is_empty() {
                            tail
                        } else {
                            it.next().cloned().ok_or_else(|| {
                                format!("{name}: option requires an argument -- '{c}'")
                            })?
                        };
                        f.values.insert(*c, v);
                        break;
                    } else if bools.contains(*c) {
                        f.set.insert(*c);
                    } else {
                        return Err(format!("{name}: invalid option -- '{c}'"));
                    }
                }
            }
            _ => f.operands.push(a.clone()),
        }
    }
    Ok(f)
}

/// Parses flags, printing GNU's usage error (status 2) on failure.
pub fn flags(
    ctx: &mut Ctx<'_>,
    bools: &str,
    valued: &str,
    long: &[(&str, char)],
    number_flag: Option<char>,
) -> Result<Flags, CmdError> {
    parse(
        &ctx.name.clone(),
        &ctx.args,
        bools,
        valued,
        long,
        number_flag,
    )
    .map_err(|msg| {
        ctx.stderr.line(&msg);
        ctx.stderr
            .line(&format!("Try '{} --help' for more information.", ctx.name));
        CmdError::Exit(2)
    })
}

/// Prints the command's help if asked; returns true when it did.
pub fn help(ctx: &mut Ctx<'_>, text: &str) -> bool {
    if ctx.args.iter().any(|a| a == "--help") {
        ctx.stdout.write_str(text);
        true
    } else {
        false
    }
}

/// The contents of each operand (`-` or none: stdin). Errors are printed as
/// `name: file: reason`, and the file is skipped; the bool says whether any failed.
pub fn inputs(ctx: &mut Ctx<'_>, operands: &[String]) -> (Vec<(String, Vec<u8>)>, bool) {
    if operands.is_empty() {
        return (vec![("-".into(), ctx.stdin.clone())], false);
    }
    let mut out = Vec::new();
    let mut failed = false;
    for op in operands {
        if op == "-" {
            out.push((op.clone(), ctx.stdin.clone()));
            continue;
        }
        let path = ctx.sh.abs_path(op);
        match ctx.sh.fs.read(&path) {
            Ok(d) => out.push((op.clone(), d.to_vec())),
            Err(e) => {
                ctx.stderr.line(&format!("{}: {op}: {e}", ctx.name));
                failed = true;
            }
        }
    }
    (out, failed)
}

/// Writes data that came from outside (files, stdin): shown escaped on the
/// terminal, passed through unchanged into pipes and files.
pub fn emit(ctx: &mut Ctx<'_>, data: &[u8]) {
    if ctx.stdout_is_tty {
        ctx.stdout.write_str(&crate::sanitize::bytes(data));
    } else {
        ctx.stdout.write(data);
    }
}

/// Resolves `SOURCE... DEST` for cp and mv: (source operand, from, to)
/// triples, DEST being a directory to move into or the new name. Prints the
/// coreutils error and returns `Err(status)` when the operands do not fit.
pub fn copy_targets(
    ctx: &mut Ctx<'_>,
    operands: &[String],
) -> Result<Vec<(String, String, String)>, i32> {
    let Some((dest, sources)) = operands.split_last().filter(|(_, s)| !s.is_empty()) else {
        ctx.stderr
            .line(&format!("{}: missing destination file operand", ctx.name));
        ctx.stderr
            .line(&format!("Try '{} --help' for more information.", ctx.name));
        return Err(1);
    };
    let dest_path = ctx.sh.abs_path(dest);
    let into_dir = ctx.sh.fs.is_dir(&dest_path);
    if sources.len() > 1 && !into_dir {
        ctx.stderr
            .line(&format!("{}: target '{dest}' is not a directory", ctx.name));
        return Err(1);
    }
    Ok(sources
        .iter()
        .map(|src| {
            let from = ctx.sh.abs_path(src);
            let to = if into_dir {
                format!(
                    "{}/{}",
                    dest_path.trim_end_matches('/'),
                    from.rsplit('/').next().unwrap_or("")
                )
            } else {
                dest_path.clone()
            };
            (src.clone(), from, to)
        })
        .collect())
}

/// Prints the exported variables as `NAME=value` lines (env, printenv).
pub fn print_environment(ctx: &mut Ctx<'_>) {
    let lines: Vec<String> = ctx
        .sh
        .env
        .exported()
        .map(|(k, v)| format!("{k}={}", crate::sanitize::text(v)))
        .collect();
    for l in lines {
        ctx.stdout.line(&l);
    }
}

/// `==> name <==` before each file when head/tail get several.
pub fn file_header(ctx: &mut Ctx<'_>, index: usize, name: &str, many: bool) {
    if many {
        ctx.stdout.write_str(&format!(
            "{}==> {name} <==\n",
            if index > 0 { "\n" } else { "" }
        ));
    }
}

/// Splits text into lines without their `\n`; a final line without one counts.
pub fn lines(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut v: Vec<String> = text.split('\n').map(str::to_string).collect();
    if v.last().is_some_and(String::is_empty) {
        v.pop();
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parse_table() {
        let f = parse(
            "x",
            &s(&["-la", "f", "-n", "3", "--", "-z"]),
            "la",
            "n",
            &[],
            None,
        )
        .unwrap();
        assert!(f.has('l') && f.has('a'));
        assert_eq!(f.value('n'), Some("3"));
        assert_eq!(f.operands, s(&["f", "-z"]));
        let f = parse(
            "head",
            &s(&["-5", "-n7", "--lines=9"]),
            "",
            "n",
            &[("lines", 'n')],
            Some('n'),
        )
        .unwrap();
        assert_eq!(f.value('n'), Some("9"));
        assert_eq!(
            parse("ls", &s(&["-z"]), "la", "", &[], None),
            Err("ls: invalid option -- 'z'".into())
        );
        assert_eq!(
            parse("ls", &s(&["--bad"]), "la", "", &[], None),
            Err("ls: unrecognized option '--bad'".into())
        );
        assert_eq!(
            parse("head", &s(&["-n"]), "", "n", &[], None),
            Err("head: option requires an argument -- 'n'".into())
        );
        let f = parse("echo", &s(&["-", "a"]), "", "", &[], None).unwrap();
        assert_eq!(f.operands, s(&["-", "a"]));
    }
}
