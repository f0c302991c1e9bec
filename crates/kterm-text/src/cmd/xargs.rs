use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "xargs",
    aliases: &[],
    summary: "build and run command lines from standard input",
};

crate::tool!(Xargs, "Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nRun COMMAND with arguments INITIAL-ARGS and more arguments read from input.\n\n  -0, --null                   items are separated by a null, not whitespace\n  -a, --arg-file=FILE          read arguments from FILE, not standard input\n  -d, --delimiter=CHARACTER    items in input stream are separated by CHARACTER\n  -E END                       set logical EOF string\n  -I R                         same as --replace=R\n  -i, --replace[=R]            replace R in INITIAL-ARGS with names read\n  -L, --max-lines=MAX-LINES    use at most MAX-LINES non-blank input lines per command line\n  -n, --max-args=MAX-ARGS      use at most MAX-ARGS arguments per command line\n  -P, --max-procs=MAX-PROCS    accepted; commands run one at a time here\n  -r, --no-run-if-empty        if there are no arguments, then do not run COMMAND\n  -t, --verbose                print commands before executing them\n\nCOMMAND is one of the session's commands (builtins included); it reads nothing\non its standard input.\n");

const QUOTE_HINT: &str = "by default quotes are special to xargs unless you use the -0 option";

/// Items read from the input, and the error that stopped reading, if any.
struct Items {
    items: Vec<String>,
    /// Index of the item each input line ends on (for -L).
    line_ends: Vec<usize>,
    error: Option<String>,
}

/// Splits input the default way: blanks and newlines separate, quotes and
/// backslashes escape. With `lines`, only newlines separate (-I) and leading
/// blanks are dropped.
fn split_default(data: &str, lines: bool, eof: Option<&str>) -> Items {
    let mut items = Vec::new();
    let mut line_ends = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut chars = data.chars().peekable();
    let mut error = None;
    let push = |items: &mut Vec<String>, cur: &mut String, have: &mut bool| -> bool {
        if *have {
            if eof.is_some_and(|e| e == cur) {
                return false;
            }
            items.push(std::mem::take(cur));
            *have = false;
        }
        true
    };
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                if !push(&mut items, &mut cur, &mut have) {
                    break;
                }
                line_ends.push(items.len());
            }
            ' ' | '\t' if !lines => {
                if !push(&mut items, &mut cur, &mut have) {
                    break;
                }
            }
            ' ' | '\t' if !have => {}
            '\'' | '"' => {
                have = true;
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == c {
                        closed = true;
                        break;
                    }
                    if d == '\n' {
                        break;
                    }
                    cur.push(d);
                }
                if !closed {
                    let which = if c == '\'' { "single" } else { "double" };
                    error = Some(format!("unmatched {which} quote; {QUOTE_HINT}"));
                    break;
                }
            }
            '\\' => {
                have = true;
                if let Some(d) = chars.next() {
                    cur.push(d);
                }
            }
            other => {
                have = true;
                cur.push(other);
            }
        }
    }
    if error.is_none() {
        push(&mut items, &mut cur, &mut have);
        line_ends.push(items.len());
    }
    Items {
        items,
        line_ends,
        error,
    }
}

/// Splits on one delimiter byte (-0, -d): no quoting at all.
fn split_delim(data: &[u8], delim: u8, eof: Option<&str>) -> Items {
    let mut items = Vec::new();
    for rec in common::records(data, delim) {
        let item = String::from_utf8_lossy(rec.strip_suffix(&[delim]).unwrap_or(rec)).into_owned();
        if eof.is_some_and(|e| e == item) {
            break;
        }
        items.push(item);
    }
    let n = items.len();
    Items {
        line_ends: (1..=n).collect(),
        items,
        error: None,
    }
}

fn delimiter(s: &str) -> Option<u8> {
    let b = s.as_bytes();
    match b {
        [c] => Some(*c),
        [b'\\', e] => Some(match e {
            b'n' => b'\n',
            b't' => b'\t',
            b'0' => 0,
            b'\\' => b'\\',
            b'r' => b'\r',
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'v' => 11,
            _ => return None,
        }),
        [b'\\', b'x', h @ ..] => u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok(),
        [b'\\', o @ ..] => u8::from_str_radix(std::str::from_utf8(o).ok()?, 8).ok(),
        _ => None,
    }
}

fn positive(ctx: &mut Ctx<'_>, v: &str, flag: char) -> Result<usize, i32> {
    match v.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        Ok(_) => Err(common::usage(
            ctx,
            &format!("value {v} for -{flag} option should be >= 1"),
            1,
        )),
        Err(_) => Err(common::usage(
            ctx,
            &format!("invalid number \"{v}\" for -{flag} option"),
            1,
        )),
    }
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('0', "null", Arg::No),
        opt('a', "arg-file", Arg::Required),
        opt('d', "delimiter", Arg::Required),
        opt('E', "", Arg::Required),
        opt('e', "eof", Arg::Optional),
        opt('I', "", Arg::Required),
        opt('i', "replace", Arg::Optional),
        opt('L', "max-lines", Arg::Required),
        opt('l', "", Arg::Optional),
        opt('n', "max-args", Arg::Required),
        opt('P', "max-procs", Arg::Required),
        opt('p', "interactive", Arg::No),
        opt('r', "no-run-if-empty", Arg::No),
        opt('s', "max-chars", Arg::Required),
        opt('t', "verbose", Arg::No),
        opt('x', "exit", Arg::No),
    ];
    let p = match common::getopt(&ctx.args, &opts, false) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    if p.has('p') {
        common::error(ctx, "-p (--interactive) is not supported here");
        return Ok(1);
    }
    // The last of -I/-i/-L/-l/-n wins over the others, as in findutils.
    let mut replace: Option<String> = None;
    let mut max_lines: Option<usize> = None;
    let mut max_args: Option<usize> = None;
    // Which of -L, -n, -I was given last, for findutils' warnings.
    let (mut given_lines, mut given_args) = (false, false);
    let warn = |ctx: &mut Ctx<'_>, a: &str, b: &str, dropped: &str| {
        common::error(
            ctx,
            &format!("warning: options {a} and {b} are mutually exclusive, ignoring previous {dropped} value"),
        );
    };
    for (id, v) in p.opts.clone() {
        match id {
            'I' | 'i' => {
                if given_lines {
                    warn(ctx, "--max-lines", "--replace/-I/-i", "--max-lines");
                } else if given_args {
                    warn(ctx, "--max-args", "--replace/-I/-i", "--max-args");
                }
                replace = Some(v.unwrap_or_else(|| "{}".into()));
                max_lines = Some(1);
                max_args = None;
                (given_lines, given_args) = (false, false);
            }
            'L' | 'l' => {
                let n = match v {
                    Some(v) => match positive(ctx, &v, 'L') {
                        Ok(n) => n,
                        Err(code) => return Ok(code),
                    },
                    None => 1,
                };
                if replace.is_some() {
                    warn(ctx, "--replace", "-L", "--replace");
                } else if given_args {
                    warn(ctx, "--max-args", "-L", "--max-args");
                }
                max_lines = Some(n);
                max_args = None;
                replace = None;
                (given_lines, given_args) = (true, false);
            }
            'n' => {
                let n = match positive(ctx, v.as_deref().unwrap_or_default(), 'n') {
                    Ok(n) => n,
                    Err(code) => return Ok(code),
                };
                if given_lines {
                    warn(ctx, "--max-lines", "--max-args/-n", "--max-lines");
                }
                max_args = Some(n);
                if replace.is_none() {
                    max_lines = None;
                }
                (given_lines, given_args) = (false, true);
            }
            'P' | 's' if v.as_deref().unwrap_or_default().parse::<usize>().is_err() => {
                let msg = format!(
                    "invalid number \"{}\" for -{id} option",
                    v.as_deref().unwrap_or_default()
                );
                return Ok(common::usage(ctx, &msg, 1));
            }
            _ => {}
        }
    }
    let eof = p
        .opts
        .iter()
        .rev()
        .find(|(c, _)| *c == 'E' || *c == 'e')
        .and_then(|(_, v)| v.clone())
        .filter(|e| !e.is_empty());
    let data = match p.value('a') {
        Some(f) => match common::read(ctx, f) {
            Ok(d) => d,
            Err(e) => {
                let msg = format!("Cannot open input file {}: {e}", common::quote(f));
                common::error(ctx, &msg);
                return Ok(1);
            }
        },
        None => ctx.stdin.clone(),
    };
    let delim = if p.has('0') {
        Some(0u8)
    } else if let Some(d) = p.value('d') {
        match delimiter(d) {
            Some(b) => Some(b),
            None => {
                let msg = format!("invalid input delimiter specification {d}: the delimiter must be either a single character or an escape sequence starting with \\.");
                common::error(ctx, &msg);
                return Ok(1);
            }
        }
    } else {
        None
    };
    let input = match delim {
        Some(d) => split_delim(&data, d, eof.as_deref()),
        None => split_default(
            &String::from_utf8_lossy(&data),
            replace.is_some(),
            eof.as_deref(),
        ),
    };
    let command: Vec<String> = if p.operands.is_empty() {
        vec!["echo".to_string()]
    } else {
        p.operands.clone()
    };
    // Batches of items, each one command line.
    let mut batches: Vec<Vec<String>> = Vec::new();
    if replace.is_some() || max_lines.is_some() {
        let per = max_lines.unwrap_or(1);
        let mut start = 0;
        let mut lines = 0;
        for &end in &input.line_ends {
            if end > start {
                lines += 1;
                if lines == per {
                    batches.push(input.items[start..end].to_vec());
                    start = end;
                    lines = 0;
                }
            }
        }
        if start < input.items.len() {
            batches.push(input.items[start..].to_vec());
        }
    } else if let Some(n) = max_args {
        batches = input.items.chunks(n).map(<[String]>::to_vec).collect();
    } else if !input.items.is_empty() {
        batches.push(input.items.clone());
    }
    if batches.is_empty() && !p.has('r') && input.error.is_none() && replace.is_none() {
        batches.push(Vec::new());
    }
    let mut status = 0;
    for batch in batches {
        let argv: Vec<String> = match &replace {
            Some(r) => {
                let item = batch.join(" ");
                command
                    .iter()
                    .map(|a| a.replace(r.as_str(), &item))
                    .collect()
            }
            None => command.iter().cloned().chain(batch).collect(),
        };
        if p.has('t') {
            ctx.stderr
                .line(&kterm_shell::sanitize::text(&argv.join(" ")));
        }
        let code = common::run_argv(ctx, &argv, Vec::new(), |name| {
            format!("xargs: {name}: No such file or directory")
        })
        .await?;
        match code {
            0 => {}
            127 | 126 => return Ok(code),
            255 => {
                let msg = format!("{}: exited with status 255; aborting", argv[0]);
                common::error(ctx, &msg);
                return Ok(124);
            }
            _ => status = 123,
        }
        if ctx.cancel.is_cancelled() {
            return Err(CmdError::Cancelled);
        }
    }
    if let Some(e) = input.error {
        common::error(ctx, &e);
        return Ok(1);
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_table() {
        let cases: &[(&str, bool, &[&str])] = &[
            ("a b\n c", false, &["a", "b", "c"]),
            ("'a b' \"c d\" e\\ f", false, &["a b", "c d", "e f"]),
            ("  a b \nc\n", true, &["a b ", "c"]),
            ("", false, &[]),
        ];
        for (input, lines, want) in cases {
            let got = split_default(input, *lines, None);
            assert_eq!(got.items, *want, "{input:?}");
            assert!(got.error.is_none());
        }
        assert!(split_default("a 'b", false, None).error.is_some());
        assert_eq!(split_default("a END b", false, Some("END")).items, ["a"]);
    }
}
