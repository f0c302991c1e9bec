use crate::{CmdError, Ctx};

builtin!(Echo, "echo", "write arguments to standard output", "Usage: echo [-neE] [ARG]...\nWrite the ARGs, separated by spaces, followed by a newline.\n  -n  do not output the trailing newline\n  -e  interpret backslash escapes (\\n, \\t, \\\\, \\e, \\c)\n  -E  do not interpret backslash escapes (default)\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let mut newline = true;
    let mut escapes = false;
    let mut args = ctx.args.as_slice();
    while let Some(a) = args.first() {
        let Some(flags) = a.strip_prefix('-') else {
            break;
        };
        if flags.is_empty() || !flags.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
            break;
        }
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        args = &args[1..];
    }
    let mut text = args.join(" ");
    if escapes {
        let (t, stop) = unescape(&text);
        text = t;
        if stop {
            newline = false;
        }
    }
    if newline {
        text.push('\n');
    }
    ctx.stdout.write_str(&text);
    Ok(0)
}

/// Interprets echo -e escapes; the bool is true at `\c` (stop output).
pub(super) fn unescape(s: &str) -> (String, bool) {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('e') => out.push('\x1b'),
            Some('\\') => out.push('\\'),
            Some('0') => {
                let mut n = 0u32;
                for _ in 0..3 {
                    match it.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
            }
            Some('c') => return (out, true),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}
