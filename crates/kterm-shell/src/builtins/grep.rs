use super::util;
use crate::{CmdError, Ctx};

builtin!(Grep, "grep", "print lines that match patterns", "Usage: grep [-ivncEowqs] PATTERN [FILE]...\nSearch for PATTERN (a regular expression) in each FILE or standard input.\n  -i  ignore case\n  -v  select non-matching lines\n  -n  prefix each line with its line number\n  -c  print only a count of matching lines\n  -E  extended regular expressions (the default here)\n  -o  print only the matched parts\n  -w  match whole words only\n  -q  print nothing; the exit status says whether a line matched\nExit status is 0 if a line is selected, 1 if none, 2 on error.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(
        ctx,
        "ivncEFowqs",
        "e",
        &[
            ("ignore-case", 'i'),
            ("invert-match", 'v'),
            ("count", 'c'),
            ("quiet", 'q'),
            ("silent", 'q'),
            ("no-messages", 's'),
        ],
        None,
    )?;
    let mut operands = f.operands.clone();
    let pattern = match f.value('e') {
        Some(p) => p.to_string(),
        None if !operands.is_empty() => operands.remove(0),
        None => {
            ctx.stderr
                .line("Usage: grep [OPTION]... PATTERNS [FILE]...");
            ctx.stderr.line("Try 'grep --help' for more information.");
            return Ok(2);
        }
    };
    let mut source = if f.has('F') {
        regex_lite::escape(&pattern)
    } else {
        basic_to_extended(&pattern, f.has('E'))
    };
    if f.has('w') {
        source = format!(r"\b(?:{source})\b");
    }
    if f.has('i') {
        source = format!("(?i){source}");
    }
    let re = match regex_lite::Regex::new(&source) {
        Ok(r) => r,
        Err(_) => {
            ctx.stderr
                .line(&format!("grep: invalid regular expression: {pattern}"));
            return Ok(2);
        }
    };
    let (inputs, failed) = util::inputs(ctx, &operands);
    let prefix_names = inputs.len() > 1;
    let mut any = false;
    let mut out = String::new();
    for (name, data) in inputs {
        let mut count = 0;
        for (i, line) in util::lines(&data).iter().enumerate() {
            let matched = re.is_match(line) != f.has('v');
            if !matched {
                continue;
            }
            count += 1;
            any = true;
            if f.has('c') {
                continue;
            }
            let mut pre = String::new();
            if prefix_names {
                pre.push_str(&format!("{name}:"));
            }
            if f.has('n') {
                pre.push_str(&format!("{}:", i + 1));
            }
            if f.has('o') && !f.has('v') {
                for m in re.find_iter(line) {
                    out.push_str(&format!("{pre}{}\n", m.as_str()));
                }
            } else {
                out.push_str(&format!("{pre}{}\n", line));
            }
        }
        if f.has('c') {
            if prefix_names {
                out.push_str(&format!("{name}:{count}\n"));
            } else {
                out.push_str(&format!("{count}\n"));
            }
        }
    }
    if !f.has('q') {
        ctx.stdout.write_str(&out);
    } else if any {
        return Ok(0);
    }
    Ok(if failed {
        2
    } else if any {
        0
    } else {
        1
    })
}

/// Basic regular expressions treat `+ ? | ( ) { }` literally unless escaped;
/// the regex engine speaks extended syntax, so swap them.
fn basic_to_extended(p: &str, extended: bool) -> String {
    if extended {
        return p.to_string();
    }
    let mut out = String::new();
    let mut it = p.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => match it.next() {
                Some(d @ ('+' | '?' | '|' | '(' | ')' | '{' | '}')) => out.push(d),
                Some(d) => {
                    out.push('\\');
                    out.push(d);
                }
                None => out.push_str("\\\\"),
            },
            '+' | '?' | '|' | '(' | ')' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}
