use crate::{CmdError, Ctx};

builtin!(Printf, "printf", "format and print data", "Usage: printf FORMAT [ARGUMENT]...\nPrint ARGUMENTs according to FORMAT (%s %d %i %x %o %c %%, widths like %-10s %05d, and backslash escapes).\nThe format is reused until all arguments are consumed.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let Some((format, args)) = ctx.args.split_first() else {
        ctx.stderr.line("printf: usage: printf format [arguments]");
        return Ok(2);
    };
    let (format, _) = super::echo::unescape(format);
    let mut args = args.iter();
    // The format is the user's own text, taken as asked (an escape in it
    // reaches the terminal, as in bash: `printf '\e]0;title\a'`); the
    // arguments are data, shown escaped by the terminal writer.
    let mut out = Parts::default();
    let mut status = 0;
    loop {
        let mut consumed = false;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.asked(c);
                continue;
            }
            if chars.peek() == Some(&'%') {
                chars.next();
                out.asked('%');
                continue;
            }
            let mut spec = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || matches!(d, '-' | '.' | '0' | '+' | ' ') {
                    spec.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            let Some(conv) = chars.next() else {
                out.asked('%');
                spec.chars().for_each(|c| out.asked(c));
                break;
            };
            let arg = args.next();
            consumed |= arg.is_some();
            let arg = arg.map(String::as_str).unwrap_or("");
            let body = match conv {
                's' | 'b' => arg.to_string(),
                'c' => arg.chars().next().map(String::from).unwrap_or_default(),
                'd' | 'i' | 'x' | 'X' | 'o' => {
                    let n: i64 = if arg.is_empty() {
                        0
                    } else {
                        arg.trim().parse().unwrap_or_else(|_| {
                            ctx.stderr.line(&format!("printf: {arg}: invalid number"));
                            status = 1;
                            0
                        })
                    };
                    match conv {
                        'x' => format!("{n:x}"),
                        'X' => format!("{n:X}"),
                        'o' => format!("{n:o}"),
                        _ => n.to_string(),
                    }
                }
                other => {
                    ctx.stderr
                        .line(&format!("printf: %{other}: invalid directive"));
                    return Ok(1);
                }
            };
            out.data(&pad(&spec, &body));
        }
        if !consumed || args.len() == 0 {
            break;
        }
    }
    for (asked, text) in out.0 {
        if asked {
            ctx.stdout.raw(text.as_bytes());
        } else {
            ctx.stdout.write_str(&text);
        }
    }
    Ok(status)
}

/// Output in runs: from the format (asked) or from the arguments (data).
#[derive(Default)]
struct Parts(Vec<(bool, String)>);

impl Parts {
    fn asked(&mut self, c: char) {
        match self.0.last_mut() {
            Some((true, s)) => s.push(c),
            _ => self.0.push((true, c.to_string())),
        }
    }

    fn data(&mut self, text: &str) {
        match self.0.last_mut() {
            Some((false, s)) => s.push_str(text),
            _ => self.0.push((false, text.to_string())),
        }
    }
}

fn pad(spec: &str, body: &str) -> String {
    let left = spec.contains('-');
    let zero = spec.starts_with('0') && !left;
    let width: usize = spec
        .trim_start_matches(['-', '0', '+', ' '])
        .split('.')
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or(0);
    let len = body.chars().count();
    if len >= width {
        return body.to_string();
    }
    let fill = width - len;
    if left {
        format!("{body}{}", " ".repeat(fill))
    } else if zero {
        format!("{}{body}", "0".repeat(fill))
    } else {
        format!("{}{body}", " ".repeat(fill))
    }
}
