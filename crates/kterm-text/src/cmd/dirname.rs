use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "dirname",
    aliases: &[],
    summary: "strip the last component from file names",
};

crate::tool!(Dirname, "Usage: dirname [OPTION] NAME...\nOutput each NAME with its last non-slash component and trailing slashes\nremoved; if NAME contains no /'s, output '.' (meaning the current directory).\n\n  -z, --zero     end each output line with NUL, not newline\n");

/// The directory part of `name`, as coreutils' dir_name gives it.
pub fn dir(name: &str) -> &str {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return if name.is_empty() { "." } else { "/" };
    }
    match trimmed.rfind('/') {
        None => ".",
        Some(i) => {
            let d = trimmed[..i].trim_end_matches('/');
            if d.is_empty() {
                "/"
            } else {
                d
            }
        }
    }
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let p = match common::getopt(&ctx.args, &[opt('z', "zero", Arg::No)], true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    if p.operands.is_empty() {
        return Ok(common::usage(ctx, "missing operand", 1));
    }
    let end = if p.has('z') { "\0" } else { "\n" };
    let out: String = p
        .operands
        .iter()
        .map(|n| format!("{}{end}", dir(n)))
        .collect();
    common::emit(ctx, out.as_bytes());
    Ok(0)
}
