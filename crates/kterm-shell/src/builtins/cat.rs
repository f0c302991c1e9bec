use super::util;
use crate::{CmdError, Ctx};

builtin!(Cat, "cat", "concatenate files and print them", "Usage: cat [-n] [FILE]...\nConcatenate FILEs (or standard input) to standard output.\n  -n  number all output lines\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "n", "", &[("number", 'n')], None)?;
    let (inputs, failed) = util::inputs(ctx, &f.operands);
    let mut n = 0;
    for (_, data) in inputs {
        if f.has('n') {
            for line in data.split_inclusive(|b| *b == b'\n') {
                n += 1;
                let numbered = [format!("{n:>6}\t").as_bytes(), line].concat();
                util::emit(ctx, &numbered);
            }
        } else {
            // Escape sequences in files are shown, not executed.
            util::emit(ctx, &data);
        }
    }
    Ok(i32::from(failed))
}
