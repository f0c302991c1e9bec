use super::util;
use crate::{CmdError, Ctx};

builtin!(Head, "head", "output the first part of files", "Usage: head [-n N] [FILE]...\nPrint the first 10 lines (or N) of each FILE or standard input.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "", "n", &[("lines", 'n')], Some('n'))?;
    let n = count(ctx, f.value('n'))?.unwrap_or(10);
    let (inputs, failed) = util::inputs(ctx, &f.operands);
    let many = inputs.len() > 1;
    for (i, (name, data)) in inputs.iter().enumerate() {
        util::file_header(ctx, i, name, many);
        let out: Vec<u8> = data
            .split_inclusive(|b| *b == b'\n')
            .take(n)
            .flatten()
            .copied()
            .collect();
        util::emit(ctx, &out);
    }
    Ok(i32::from(failed))
}

/// Parses `-n N`, printing coreutils' error for a bad number.
pub(super) fn count(ctx: &mut Ctx<'_>, v: Option<&str>) -> Result<Option<usize>, CmdError> {
    let Some(v) = v else { return Ok(None) };
    match v.trim_start_matches(['-', '+']).parse() {
        Ok(n) => Ok(Some(n)),
        Err(_) => {
            ctx.stderr
                .line(&format!("{}: invalid number of lines: '{v}'", ctx.name));
            Err(CmdError::Exit(1))
        }
    }
}
