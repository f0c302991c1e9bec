use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "paste",
    aliases: &[],
    summary: "merge lines of files",
};

crate::tool!(Paste, "Usage: paste [OPTION]... [FILE]...\nWrite lines consisting of the sequentially corresponding lines from\neach FILE, separated by TABs, to standard output.\n\n  -d, --delimiters=LIST   reuse characters from LIST instead of TABs\n  -s, --serial            paste one file at a time instead of in parallel\n  -z, --zero-terminated   line delimiter is NUL, not newline\n");

/// The delimiter list with paste's escapes (`\n \t \\ \0`); `\0` is empty.
fn delimiters(s: &str) -> Result<Vec<Vec<u8>>, ()> {
    let b = s.as_bytes();
    let mut v = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let Some(&c) = b.get(i + 1) else {
                return Err(());
            };
            v.push(match c {
                b'n' => b"\n".to_vec(),
                b't' => b"\t".to_vec(),
                b'b' => vec![8],
                b'f' => vec![12],
                b'r' => b"\r".to_vec(),
                b'v' => vec![11],
                b'0' => Vec::new(),
                other => vec![other],
            });
            i += 2;
        } else {
            let len = std::str::from_utf8(&b[i..])
                .ok()
                .and_then(|t| t.chars().next())
                .map_or(1, char::len_utf8);
            v.push(b[i..i + len].to_vec());
            i += len;
        }
    }
    Ok(v)
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('d', "delimiters", Arg::Required),
        opt('s', "serial", Arg::No),
        opt('z', "zero-terminated", Arg::No),
    ];
    let p = match common::getopt(&ctx.args, &opts, true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    let delims = match delimiters(p.value('d').unwrap_or("\t")) {
        Ok(d) if d.is_empty() => vec![Vec::new()],
        Ok(d) => d,
        Err(()) => {
            let msg = format!(
                "delimiter list ends with an unescaped backslash: {}",
                p.value('d').unwrap_or_default()
            );
            common::error(ctx, &msg);
            return Ok(1);
        }
    };
    let eol = if p.has('z') { 0u8 } else { b'\n' };
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    // Every `-` reads from the one standard input, line by line in turn.
    let stdin_lines: Vec<Vec<u8>> = common::records(&ctx.stdin, eol)
        .into_iter()
        .map(|r| r.strip_suffix(&[eol]).unwrap_or(r).to_vec())
        .collect();
    let mut stdin_pos = 0;
    let mut inputs: Vec<Option<Vec<Vec<u8>>>> = Vec::new();
    for f in &files {
        if f == "-" {
            inputs.push(None);
            continue;
        }
        match common::read(ctx, f) {
            Ok(d) => inputs.push(Some(
                common::records(&d, eol)
                    .into_iter()
                    .map(|r| r.strip_suffix(&[eol]).unwrap_or(r).to_vec())
                    .collect(),
            )),
            Err(e) => {
                common::error(ctx, &format!("{f}: {e}"));
                return Ok(1);
            }
        }
    }
    let mut out = Vec::new();
    if p.has('s') {
        for input in inputs {
            let lines = match input {
                Some(l) => l,
                None => {
                    let rest = stdin_lines[stdin_pos..].to_vec();
                    stdin_pos = stdin_lines.len();
                    rest
                }
            };
            for (k, l) in lines.iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(&delims[(k - 1) % delims.len()]);
                }
                out.extend_from_slice(l);
            }
            out.push(eol);
        }
    } else {
        let mut pos = vec![0usize; inputs.len()];
        loop {
            let mut any = false;
            let mut line = Vec::new();
            for (k, input) in inputs.iter().enumerate() {
                let cell = match input {
                    Some(l) => {
                        let c = l.get(pos[k]);
                        pos[k] += 1;
                        c
                    }
                    None => {
                        let c = stdin_lines.get(stdin_pos);
                        stdin_pos += 1;
                        c
                    }
                };
                if let Some(c) = cell {
                    any = true;
                    line.extend_from_slice(c);
                }
                if k + 1 < inputs.len() {
                    line.extend_from_slice(&delims[k % delims.len()]);
                }
            }
            if !any {
                break;
            }
            out.extend_from_slice(&line);
            out.push(eol);
        }
    }
    common::emit(ctx, &out);
    Ok(0)
}
