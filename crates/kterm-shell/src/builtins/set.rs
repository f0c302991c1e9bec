use crate::{CmdError, Ctx};

builtin!(Set, "set", "list shell variables", "Usage: set\nList every shell variable as NAME=VALUE, sorted (shell options are not supported).\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    if let Some(a) = ctx.args.first() {
        ctx.stderr
            .line(&format!("kterm: set: {a}: shell options are not supported"));
        return Ok(2);
    }
    let lines: Vec<String> = ctx
        .sh
        .env
        .iter()
        .map(|(k, v)| format!("{k}={}", quote(&v.value)))
        .collect();
    for l in lines {
        ctx.stdout.line(&l);
    }
    Ok(0)
}

/// bash quotes values with special characters in `set` output.
fn quote(v: &str) -> String {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-:,@%+=".contains(c))
    {
        v.to_string()
    } else {
        format!("'{}'", crate::sanitize::field(v).replace('\'', "'\\''"))
    }
}
