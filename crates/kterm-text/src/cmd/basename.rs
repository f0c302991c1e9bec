use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "basename",
    aliases: &[],
    summary: "strip directory and suffix from file names",
};

crate::tool!(Basename, "Usage: basename NAME [SUFFIX]\n  or:  basename OPTION... NAME...\nPrint NAME with any leading directory components removed.\nIf specified, also remove a trailing SUFFIX.\n\n  -a, --multiple       support multiple arguments and treat each as a NAME\n  -s, --suffix=SUFFIX  remove a trailing SUFFIX; implies -a\n  -z, --zero           end each output line with NUL, not newline\n");

/// The last component of `name`, as coreutils' base_name gives it.
pub fn base(name: &str) -> &str {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return if name.is_empty() { "" } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('a', "multiple", Arg::No),
        opt('s', "suffix", Arg::Required),
        opt('z', "zero", Arg::No),
    ];
    let p = match common::getopt(&ctx.args, &opts, true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    let mut suffix = p.value('s').map(str::to_string);
    let multiple = p.has('a') || suffix.is_some();
    let names = match p.operands.as_slice() {
        [] => return Ok(common::usage(ctx, "missing operand", 1)),
        all if multiple => all.to_vec(),
        [one] => vec![one.clone()],
        [one, s] => {
            suffix = Some(s.clone());
            vec![one.clone()]
        }
        [_, _, extra, ..] => {
            let msg = format!("extra operand {}", common::quote(extra));
            return Ok(common::usage(ctx, &msg, 1));
        }
    };
    let end = if p.has('z') { "\0" } else { "\n" };
    let mut out = String::new();
    for n in names {
        let mut b = base(&n);
        if let Some(s) = suffix.as_deref().filter(|s| !s.is_empty()) {
            if b != s && !(b == "/" && n.starts_with('/')) {
                b = b.strip_suffix(s).unwrap_or(b);
            }
        }
        out.push_str(b);
        out.push_str(end);
    }
    common::emit(ctx, out.as_bytes());
    Ok(0)
}
