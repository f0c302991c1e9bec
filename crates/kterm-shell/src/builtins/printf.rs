use crate::{CmdError, Ctx};

builtin!(Printf, "printf", "format and print data", "Usage: printf FORMAT [ARGUMENT]...\nPrint ARGUMENTs according to FORMAT (%s %d %i %x %o %c %%, widths like %-10s %05d, and backslash escapes).\nThe format is reused until all arguments are consumed.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let Some((format, args)) = ctx.args.split_first() else {
        ctx.stderr.line("printf: usage: printf format [arguments]");
        return Ok(2);
    };
    let (format, _) = super::echo::unescape(format);
    let mut args = args.iter();
    let mut out = String::new();
    let mut status = 0;
    loop {
        let mut consumed = false;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            if chars.peek() == Some(&'%') {
                chars.next();
                out.push('%');
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
                out.push('%');
                out.push_str(&spec);
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
            out.push_str(&pad(&spec, &body));
        }
        if !consumed || args.len() == 0 {
            break;
        }
    }
    ctx.stdout.write_str(&out);
    Ok(status)
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
