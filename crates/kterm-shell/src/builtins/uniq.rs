use super::util;
use crate::{CmdError, Ctx};

builtin!(Uniq, "uniq", "report or omit repeated lines", "Usage: uniq [-cdu] [FILE]\nFilter adjacent matching lines from FILE (or standard input).\n  -c  prefix lines by the number of occurrences\n  -d  only print duplicate lines\n  -u  only print unique lines\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "cdu", "", &[("count", 'c')], None)?;
    let (inputs, failed) = util::inputs(ctx, &f.operands[..f.operands.len().min(1)]);
    let lines: Vec<String> = inputs.iter().flat_map(|(_, d)| util::lines(d)).collect();
    let mut groups: Vec<(usize, String)> = Vec::new();
    for l in lines {
        match groups.last_mut() {
            Some((n, last)) if *last == l => *n += 1,
            _ => groups.push((1, l)),
        }
    }
    for (n, l) in groups {
        if (f.has('d') && n < 2) || (f.has('u') && n > 1) {
            continue;
        }
        if f.has('c') {
            ctx.stdout.line(&format!("{n:>7} {l}"));
        } else {
            ctx.stdout.line(&l);
        }
    }
    Ok(i32::from(failed))
}
