use kterm_shell::{CmdError, CommandInfo, Ctx};
use regex_lite::Regex;

use crate::common::{self, opt, Arg};
use crate::regex::{self as re, Flavor};

pub const INFO: CommandInfo = CommandInfo {
    name: "nl",
    aliases: &[],
    summary: "number lines of files",
};

crate::tool!(Nl, "Usage: nl [OPTION]... [FILE]...\nWrite each FILE to standard output, with line numbers added.\n\n  -b, --body-numbering=STYLE      use STYLE for numbering body lines\n  -d, --section-delimiter=CC      use CC for logical page delimiters\n  -f, --footer-numbering=STYLE    use STYLE for numbering footer lines\n  -h, --header-numbering=STYLE    use STYLE for numbering header lines\n  -i, --line-increment=NUMBER     line number increment at each line\n  -l, --join-blank-lines=NUMBER   group of NUMBER empty lines counted as one\n  -n, --number-format=FORMAT      insert line numbers according to FORMAT\n  -p, --no-renumber               do not reset line numbers for each section\n  -s, --number-separator=STRING   add STRING after (possible) line number\n  -v, --starting-line-number=NUMBER  first line number for each section\n  -w, --number-width=NUMBER       use NUMBER columns for line numbers\n\nSTYLE is one of: a (all lines), t (non-empty lines), n (no lines), pBRE.\nFORMAT is one of: ln, rn, rz.\n");

enum Style {
    All,
    NonEmpty,
    None,
    Matching(Regex),
}

fn style(ctx: &mut Ctx<'_>, v: Option<&str>, default: Style, what: &str) -> Result<Style, i32> {
    match v {
        None => Ok(default),
        Some("a") => Ok(Style::All),
        Some("t") => Ok(Style::NonEmpty),
        Some("n") => Ok(Style::None),
        Some(s) if s.starts_with('p') => match re::compile(&s[1..], Flavor::Basic, false, false) {
            Ok(r) => Ok(Style::Matching(r)),
            Err(e) => {
                common::error(ctx, &e);
                Err(1)
            }
        },
        Some(s) => {
            let msg = format!("invalid {what} numbering style: {}", common::quote(s));
            Err(common::usage(ctx, &msg, 1))
        }
    }
}

fn number(
    ctx: &mut Ctx<'_>,
    v: Option<&str>,
    default: i64,
    what: &str,
    min: i64,
) -> Result<i64, i32> {
    let Some(s) = v else { return Ok(default) };
    match s.parse::<i64>() {
        Ok(n) if n >= min => Ok(n),
        Ok(_) => {
            let msg = format!(
                "invalid {what}: {}: Numerical result out of range",
                common::quote(s)
            );
            common::error(ctx, &msg);
            Err(1)
        }
        Err(_) => {
            let msg = format!("invalid {what}: {}", common::quote(s));
            common::error(ctx, &msg);
            Err(1)
        }
    }
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('b', "body-numbering", Arg::Required),
        opt('d', "section-delimiter", Arg::Required),
        opt('f', "footer-numbering", Arg::Required),
        opt('h', "header-numbering", Arg::Required),
        opt('i', "line-increment", Arg::Required),
        opt('l', "join-blank-lines", Arg::Required),
        opt('n', "number-format", Arg::Required),
        opt('p', "no-renumber", Arg::No),
        opt('s', "number-separator", Arg::Required),
        opt('v', "starting-line-number", Arg::Required),
        opt('w', "number-width", Arg::Required),
    ];
    let p = match common::getopt(&ctx.args, &opts, true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    let parsed = (|| -> Result<_, i32> {
        let body = style(ctx, p.value('b'), Style::NonEmpty, "body")?;
        let header = style(ctx, p.value('h'), Style::None, "header")?;
        let footer = style(ctx, p.value('f'), Style::None, "footer")?;
        let incr = number(ctx, p.value('i'), 1, "line number increment", i64::MIN)?;
        let start = number(ctx, p.value('v'), 1, "starting line number", i64::MIN)?;
        let width = (number(ctx, p.value('w'), 6, "line number field width", 1)? as usize)
            .min(crate::cfmt::MAX_WIDTH);
        let join = number(ctx, p.value('l'), 1, "line number of blank lines", 1)?;
        Ok((body, header, footer, incr, start, width, join))
    })();
    let Ok((body, header, footer, incr, start, width, join)) = parsed else {
        return Ok(parsed.err().unwrap_or(1));
    };
    let format = p.value('n').unwrap_or("rn");
    if !matches!(format, "ln" | "rn" | "rz") {
        let msg = format!("invalid line numbering format: {}", common::quote(format));
        return Ok(common::usage(ctx, &msg, 1));
    }
    let sep = p.value('s').unwrap_or("\t").to_string();
    let delim = match p.value('d') {
        Some(d) if d.chars().count() == 1 => format!("{d}:"),
        Some(d) => d.to_string(),
        None => "\\:".to_string(),
    };
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let mut status = 0;
    let mut n = start;
    let mut section = 1; // 0 header, 1 body, 2 footer
    let mut blanks = 0;
    let mut out = Vec::new();
    for f in files {
        let data = match common::read(ctx, &f) {
            Ok(d) => d,
            Err(e) => {
                common::error(ctx, &format!("{f}: {e}"));
                status = 1;
                continue;
            }
        };
        for rec in common::records(&data, b'\n') {
            let line = rec.strip_suffix(b"\n").unwrap_or(rec);
            let text = String::from_utf8_lossy(line);
            if !delim.is_empty() {
                let which = [3, 2, 1].into_iter().find(|k| text == delim.repeat(*k));
                if let Some(k) = which {
                    section = 3 - k;
                    if section == 0 && !p.has('p') {
                        n = start;
                    }
                    out.push(b'\n');
                    continue;
                }
            }
            let st = match section {
                0 => &header,
                1 => &body,
                _ => &footer,
            };
            let numbered = match st {
                Style::All => {
                    if line.is_empty() {
                        blanks += 1;
                        if blanks >= join {
                            blanks = 0;
                            true
                        } else {
                            false
                        }
                    } else {
                        blanks = 0;
                        true
                    }
                }
                Style::NonEmpty => !line.is_empty(),
                Style::None => false,
                Style::Matching(r) => r.is_match(&text),
            };
            if numbered {
                let digits = n.unsigned_abs().to_string();
                let sign = if n < 0 { "-" } else { "" };
                let fill = width.saturating_sub(digits.len() + sign.len());
                let num = match format {
                    "ln" => format!("{sign}{digits}{}", " ".repeat(fill)),
                    "rz" => format!("{sign}{}{digits}", "0".repeat(fill)),
                    _ => format!("{}{sign}{digits}", " ".repeat(fill)),
                };
                out.extend_from_slice(num.as_bytes());
                out.extend_from_slice(sep.as_bytes());
                let Some(next) = n.checked_add(incr) else {
                    common::emit(ctx, &out);
                    common::error(ctx, "line number overflow");
                    return Ok(1);
                };
                n = next;
            } else {
                out.extend(std::iter::repeat_n(b' ', width + sep.len()));
            }
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    common::emit(ctx, &out);
    Ok(status)
}
