use super::util;
use crate::{CmdError, Ctx};

builtin!(Sort, "sort", "sort lines of text", "Usage: sort [-rnu] [-k N] [-t SEP] [FILE]...\nWrite the sorted lines of all FILEs (or standard input).\n  -r  reverse   -n  numeric   -u  unique   -k N  sort by field N   -t SEP  field separator\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(
        ctx,
        "rnuf",
        "kt",
        &[
            ("reverse", 'r'),
            ("numeric-sort", 'n'),
            ("unique", 'u'),
            ("key", 'k'),
        ],
        None,
    )?;
    let key: Option<usize> = match f.value('k') {
        Some(k) => match k
            .split([',', '.'])
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n > 0)
        {
            Some(n) => Some(n),
            None => {
                ctx.stderr.line(&format!(
                    "sort: invalid number at field start: invalid count at start of '{k}'"
                ));
                return Ok(2);
            }
        },
        None => None,
    };
    let sep = f.value('t').and_then(|s| s.chars().next());
    let (inputs, failed) = util::inputs(ctx, &f.operands);
    let mut lines: Vec<String> = inputs.iter().flat_map(|(_, d)| util::lines(d)).collect();
    let field = |l: &str| -> String {
        match key {
            None => l.to_string(),
            Some(k) => match sep {
                Some(s) => l
                    .split(s)
                    .skip(k - 1)
                    .collect::<Vec<_>>()
                    .join(&s.to_string()),
                None => l
                    .split_whitespace()
                    .skip(k - 1)
                    .collect::<Vec<_>>()
                    .join(" "),
            },
        }
    };
    let numeric = |s: &str| -> f64 {
        let t = s.trim_start();
        let end = t
            .char_indices()
            .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && *c == '-')))
            .map(|(i, _)| i)
            .unwrap_or(t.len());
        t[..end].parse().unwrap_or(0.0)
    };
    crate::sort::sort_by(&mut lines, |a, b| {
        let (ka, kb) = (field(a), field(b));
        let ord = if f.has('n') {
            numeric(&ka)
                .partial_cmp(&numeric(&kb))
                .unwrap_or(std::cmp::Ordering::Equal)
        } else if f.has('f') {
            ka.to_lowercase().cmp(&kb.to_lowercase())
        } else {
            ka.cmp(&kb)
        };
        ord.then_with(|| a.cmp(b))
    });
    if f.has('r') {
        lines.reverse();
    }
    if f.has('u') {
        lines.dedup_by(|a, b| field(a) == field(b));
    }
    for l in lines {
        ctx.stdout.line(&l);
    }
    Ok(if failed { 2 } else { 0 })
}
