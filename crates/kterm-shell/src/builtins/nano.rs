use super::fileedit;
use crate::textedit::Flavor;
use crate::{CmdError, Ctx};

builtin!(Nano, "nano", "edit a file full screen (nano keys)", "Usage: nano [-l] [+LINE] [FILE]\nEdit FILE full screen: type to insert; ^O write out, ^S save, ^X exit,\n^W search, ^K cut line, ^U paste, ^C position, M-U undo.\n  -l, --linenumbers  show line numbers in front of the text\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let args = ctx.args.clone();
    let mut numbers = false;
    let open = fileedit::parse_args(&args, |a| match a {
        "-l" | "--linenumbers" => {
            numbers = true;
            true
        }
        _ => false,
    });
    let mut open = match open {
        Ok(o) => o,
        Err(bad) => {
            ctx.stderr.line(&format!(
                "nano: invalid option -- '{}'\nType 'nano -h' for a list of available options.",
                crate::sanitize::field(bad.trim_start_matches('-'))
            ));
            return Ok(1);
        }
    };
    open.numbers = numbers;
    Ok(fileedit::edit(ctx, Flavor::Nano, open).await)
}
