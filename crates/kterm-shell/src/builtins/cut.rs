use super::util;
use crate::{CmdError, Ctx};

builtin!(Cut, "cut", "remove sections from each line", "Usage: cut -f LIST [-d DELIM] [FILE]...\n   or: cut -c LIST [FILE]...\nPrint selected fields (-f, separated by DELIM, default TAB) or characters (-c) of each line.\nLIST is made of N, N-M, N- or -M ranges separated by commas.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(
        ctx,
        "s",
        "dfc",
        &[("delimiter", 'd'), ("fields", 'f'), ("characters", 'c')],
        None,
    )?;
    let (list, by_char) = match (f.value('f'), f.value('c')) {
        (Some(l), None) => (l.to_string(), false),
        (None, Some(l)) => (l.to_string(), true),
        _ => {
            ctx.stderr
                .line("cut: you must specify a list of bytes, characters, or fields");
            ctx.stderr.line("Try 'cut --help' for more information.");
            return Ok(1);
        }
    };
    let Some(ranges) = parse_list(&list) else {
        ctx.stderr
            .line(&format!("cut: invalid field value '{list}'"));
        return Ok(1);
    };
    let delim = f
        .value('d')
        .map(|d| d.chars().next().unwrap_or('\t'))
        .unwrap_or('\t');
    let (inputs, failed) = util::inputs(ctx, &f.operands);
    let want = |i: usize| ranges.iter().any(|(a, b)| i >= *a && i <= *b);
    for (_, d) in inputs {
        for line in util::lines(&d) {
            let out = if by_char {
                line.chars()
                    .enumerate()
                    .filter(|(i, _)| want(i + 1))
                    .map(|(_, c)| c)
                    .collect::<String>()
            } else if !line.contains(delim) {
                if f.has('s') {
                    continue;
                }
                line.clone()
            } else {
                line.split(delim)
                    .enumerate()
                    .filter(|(i, _)| want(i + 1))
                    .map(|(_, s)| s)
                    .collect::<Vec<_>>()
                    .join(&delim.to_string())
            };
            ctx.stdout.line(&out);
        }
    }
    Ok(i32::from(failed))
}

fn parse_list(list: &str) -> Option<Vec<(usize, usize)>> {
    list.split(',')
        .map(|r| {
            let (a, b) = match r.split_once('-') {
                Some((a, b)) => (
                    if a.is_empty() { 1 } else { a.parse().ok()? },
                    if b.is_empty() {
                        usize::MAX
                    } else {
                        b.parse().ok()?
                    },
                ),
                None => {
                    let n = r.parse().ok()?;
                    (n, n)
                }
            };
            (a >= 1 && a <= b).then_some((a, b))
        })
        .collect()
}
