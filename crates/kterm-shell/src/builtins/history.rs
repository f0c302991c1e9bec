use crate::{CmdError, Ctx};

builtin!(History, "history", "display or clear the command history", "Usage: history [-c] [N]\nList the command history with line numbers (the last N entries with N); -c clears it.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    match ctx.args.first().map(String::as_str) {
        Some("-c") => {
            ctx.sh.history.clear();
            return Ok(0);
        }
        Some(n) => {
            let Ok(n) = n.parse::<usize>() else {
                ctx.stderr
                    .line(&format!("kterm: history: {n}: numeric argument required"));
                return Ok(1);
            };
            print(ctx, n);
        }
        None => print(ctx, usize::MAX),
    }
    Ok(0)
}

fn print(ctx: &mut Ctx<'_>, last: usize) {
    let total = ctx.sh.history.len();
    let skip = total.saturating_sub(last);
    let lines: Vec<String> = ctx
        .sh
        .history
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(i, l)| format!("{:>5}  {}", i + 1, crate::sanitize::field(l)))
        .collect();
    for l in lines {
        ctx.stdout.line(&l);
    }
}
