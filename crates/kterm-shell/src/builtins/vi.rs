use super::fileedit;
use crate::textedit::Flavor;
use crate::{CmdError, Ctx};

builtin!(Vi, "vi", "edit a file full screen (vi keys)", "Usage: vi [+N] [FILE]\nEdit FILE full screen with vi's keys. i, a, o insert; Esc ends insert;\n:w saves, :q quits, :wq or ZZ saves and quits, :q! quits without saving;\n/text searches (n, N repeat); dd, yy, p, x, u; :set nu shows line numbers.\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    run_vi(ctx).await
}

/// Shared with `vim`, which is the same editor.
pub async fn run_vi(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let args = ctx.args.clone();
    let open = match fileedit::parse_args(&args, |_| false) {
        Ok(o) => o,
        Err(bad) => {
            ctx.stderr.line(&format!(
                "VIM - Vi IMproved 9.1 (2024 Jan 02)\nUnknown option argument: \"{}\"\nMore info with: \"vim -h\"",
                crate::sanitize::field(&bad)
            ));
            return Ok(1);
        }
    };
    Ok(fileedit::edit(ctx, Flavor::Vi, open).await)
}
