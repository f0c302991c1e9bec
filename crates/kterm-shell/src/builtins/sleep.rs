use crate::{CmdError, Ctx};

builtin!(Sleep, "sleep", "delay for a specified amount of time", "Usage: sleep NUMBER[SUFFIX]...\nPause for NUMBER seconds (suffix s, m, h or d). Ctrl-C interrupts it.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if ctx.args.is_empty() {
        ctx.stderr.line("sleep: missing operand");
        ctx.stderr.line("Try 'sleep --help' for more information.");
        return Ok(1);
    }
    let mut total_ms = 0f64;
    for a in ctx.args.clone() {
        let (num, mult) = match a.chars().last() {
            Some('s') => (&a[..a.len() - 1], 1.0),
            Some('m') => (&a[..a.len() - 1], 60.0),
            Some('h') => (&a[..a.len() - 1], 3600.0),
            Some('d') => (&a[..a.len() - 1], 86400.0),
            _ => (a.as_str(), 1.0),
        };
        match num.parse::<f64>() {
            Ok(n) if n >= 0.0 && n.is_finite() => total_ms += n * mult * 1000.0,
            _ => {
                ctx.stderr
                    .line(&format!("sleep: invalid time interval '{a}'"));
                ctx.stderr.line("Try 'sleep --help' for more information.");
                return Ok(1);
            }
        }
    }
    let host = ctx.host;
    match ctx.cancel.run(host.sleep_ms(total_ms as u64)).await {
        Some(()) => Ok(0),
        None => Err(CmdError::Cancelled),
    }
}
