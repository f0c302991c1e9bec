use super::util;
use crate::{CmdError, Ctx};

builtin!(Wc, "wc", "print newline, word, and byte counts", "Usage: wc [-lwc] [FILE]...\nPrint newline, word, and byte counts for each FILE, and a total line if more than one.\n  -l  lines   -w  words   -c  bytes\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(
        ctx,
        "lwcm",
        "",
        &[("lines", 'l'), ("words", 'w'), ("bytes", 'c')],
        None,
    )?;
    let pick: Vec<usize> = {
        let mut v = Vec::new();
        if f.has('l') {
            v.push(0);
        }
        if f.has('w') {
            v.push(1);
        }
        if f.has('c') || f.has('m') {
            v.push(2);
        }
        if v.is_empty() {
            v = vec![0, 1, 2];
        }
        v
    };
    let named = !f.operands.is_empty();
    let (inputs, failed) = util::inputs(ctx, &f.operands);
    let mut rows: Vec<([usize; 3], String)> = inputs
        .iter()
        .map(|(name, d)| {
            let text = String::from_utf8_lossy(d);
            (
                [
                    d.iter().filter(|b| **b == b'\n').count(),
                    text.split_whitespace().count(),
                    d.len(),
                ],
                name.clone(),
            )
        })
        .collect();
    if rows.len() > 1 {
        let mut t = [0; 3];
        for (c, _) in &rows {
            for i in 0..3 {
                t[i] += c[i];
            }
        }
        rows.push((t, "total".into()));
    }
    // GNU pads every number to the widest count when printing several.
    let width = if pick.len() == 1 && rows.len() == 1 {
        0
    } else {
        rows.iter()
            .flat_map(|(c, _)| pick.iter().map(|i| c[*i].to_string().len()))
            .max()
            .unwrap_or(1)
            .max(if named { 1 } else { 7 })
    };
    for (c, name) in rows {
        let nums: Vec<String> = pick.iter().map(|i| format!("{:>width$}", c[*i])).collect();
        let mut line = nums.join(" ");
        if named {
            line.push(' ');
            line.push_str(&name);
        }
        ctx.stdout.line(&line);
    }
    Ok(i32::from(failed))
}
