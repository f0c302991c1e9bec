use super::util;
use crate::{CmdError, Ctx};

builtin!(Tail, "tail", "output the last part of files", "Usage: tail [-n N] [FILE]...\nPrint the last 10 lines (or N; +N starts at line N) of each FILE or standard input.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "", "n", &[("lines", 'n')], Some('n'))?;
    let from_start = f.value('n').is_some_and(|v| v.starts_with('+'));
    let n = super::head::count(ctx, f.value('n'))?.unwrap_or(10);
    let (inputs, failed) = util::inputs(ctx, &f.operands);
    let many = inputs.len() > 1;
    for (i, (name, data)) in inputs.iter().enumerate() {
        util::file_header(ctx, i, name, many);
        let lines: Vec<&[u8]> = data.split_inclusive(|b| *b == b'\n').collect();
        let skip = if from_start {
            n.saturating_sub(1)
        } else {
            lines.len().saturating_sub(n)
        };
        util::emit(ctx, &lines[skip.min(lines.len())..].concat());
    }
    Ok(i32::from(failed))
}
