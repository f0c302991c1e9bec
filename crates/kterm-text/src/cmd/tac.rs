use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "tac",
    aliases: &[],
    summary: "concatenate and print files in reverse",
};

crate::tool!(Tac, "Usage: tac [OPTION]... [FILE]...\nWrite each FILE to standard output, last line first.\n\n  -b, --before             attach the separator before instead of after\n  -s, --separator=STRING   use STRING as the separator instead of newline\n");

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('b', "before", Arg::No),
        opt('r', "regex", Arg::No),
        opt('s', "separator", Arg::Required),
    ];
    let p = match common::getopt(&ctx.args, &opts, true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    if p.has('r') {
        common::error(ctx, "--regex is not supported here");
        return Ok(1);
    }
    let sep = p.value('s').unwrap_or("\n").as_bytes().to_vec();
    if sep.is_empty() {
        common::error(ctx, "separator cannot be empty");
        return Ok(1);
    }
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let mut status = 0;
    for f in files {
        let data = match common::read(ctx, &f) {
            Ok(d) => d,
            Err(e) => {
                common::error(
                    ctx,
                    &format!("failed to open {} for reading: {e}", common::quote(&f)),
                );
                status = 1;
                continue;
            }
        };
        let out = reverse(&data, &sep, p.has('b'));
        common::emit(ctx, &out);
    }
    Ok(status)
}

/// The records of `data` in reverse order, each keeping its separator
/// (after it, or before it with `before`).
fn reverse(data: &[u8], sep: &[u8], before: bool) -> Vec<u8> {
    let mut cuts = Vec::new();
    let mut i = 0;
    while i + sep.len() <= data.len() {
        if &data[i..i + sep.len()] == sep {
            cuts.push(i);
            i += sep.len();
        } else {
            i += 1;
        }
    }
    let mut recs: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    for c in cuts {
        if before {
            if c > start || start == 0 {
                recs.push(&data[start..c]);
            }
            start = c;
        } else {
            recs.push(&data[start..c + sep.len()]);
            start = c + sep.len();
        }
    }
    if start < data.len() {
        recs.push(&data[start..]);
    }
    recs.iter().rev().flat_map(|r| r.iter().copied()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reverse_table() {
        let cases: &[(&str, &str, bool, &str)] = &[
            ("a\nb\n", "\n", false, "b\na\n"),
            ("a\nb", "\n", false, "ba\n"),
            ("a:b:c", ":", false, "cb:a:"),
            ("\na\nb", "\n", true, "\nb\na"),
            ("", "\n", false, ""),
        ];
        for (data, sep, before, want) in cases {
            let got = super::reverse(data.as_bytes(), sep.as_bytes(), *before);
            assert_eq!(String::from_utf8_lossy(&got), *want, "{data:?}");
        }
    }
}
