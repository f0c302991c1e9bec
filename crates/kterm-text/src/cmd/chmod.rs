use kterm_shell::fs::mode_string;
use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "chmod",
    aliases: &[],
    summary: "change file mode bits",
};

crate::tool!(Chmod, "Usage: chmod [OPTION]... MODE[,MODE]... FILE...\n  or:  chmod [OPTION]... OCTAL-MODE FILE...\nChange the mode of each FILE to MODE.\n\n  -c, --changes          like verbose but report only when a change is made\n  -f, --silent, --quiet  suppress most error messages\n  -v, --verbose          output a diagnostic for every file processed\n  -R, --recursive        change files and directories recursively\n\nEach MODE is of the form '[ugoa]*([-+=]([rwxXst]*|[ugo]))+|[-+=][0-7]+'.\n");

const UMASK: u32 = 0o022;
const ALL: u32 = 0o7777;

/// One `[ugoa]*[-+=]…` action, as gnulib's mode_compile records it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    op: char,
    affected: u32,
    value: u32,
    mentioned: u32,
    flag: Flag,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    Ordinary,
    CopyExisting,
    XIfAnyX,
}

fn compile(mode: &str) -> Option<Vec<Change>> {
    if !mode.is_empty() && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let v = u32::from_str_radix(mode, 8).ok().filter(|v| *v <= ALL)?;
        let mentioned = if mode.len() < 5 {
            (v & 0o6000) | 0o1000 | 0o777
        } else {
            ALL
        };
        return Some(vec![Change {
            op: '=',
            affected: ALL,
            value: v,
            mentioned,
            flag: Flag::Ordinary,
        }]);
    }
    let mut changes = Vec::new();
    for clause in mode.split(',') {
        let b = clause.as_bytes();
        let mut i = 0;
        let mut affected = 0;
        while let Some(c) = b.get(i) {
            affected |= match c {
                b'u' => 0o4700,
                b'g' => 0o2070,
                b'o' => 0o1007,
                b'a' => ALL,
                _ => break,
            };
            i += 1;
        }
        if !matches!(b.get(i), Some(b'+' | b'-' | b'=')) {
            return None;
        }
        while let Some(&op) = b.get(i).filter(|c| matches!(c, b'+' | b'-' | b'=')) {
            i += 1;
            let mut value = 0;
            let mut flag = Flag::Ordinary;
            if let Some(copy) = b.get(i).filter(|c| matches!(c, b'u' | b'g' | b'o')) {
                value = match copy {
                    b'u' => 0o700,
                    b'g' => 0o070,
                    _ => 0o007,
                };
                flag = Flag::CopyExisting;
                i += 1;
            } else if b.get(i).is_some_and(u8::is_ascii_digit) {
                let start = i;
                while b.get(i).is_some_and(|c| (b'0'..=b'7').contains(c)) {
                    i += 1;
                }
                if b.get(i).is_some_and(u8::is_ascii_digit) || affected != 0 {
                    return None;
                }
                value = u32::from_str_radix(&clause[start..i], 8)
                    .ok()
                    .filter(|v| *v <= ALL)?;
                changes.push(Change {
                    op: char::from(op),
                    affected: ALL,
                    value,
                    mentioned: ALL,
                    flag,
                });
                continue;
            } else {
                while let Some(c) = b.get(i) {
                    match c {
                        b'r' => value |= 0o444,
                        b'w' => value |= 0o222,
                        b'x' => value |= 0o111,
                        b'X' => flag = Flag::XIfAnyX,
                        b's' => value |= 0o6000,
                        b't' => value |= 0o1000,
                        _ => break,
                    }
                    i += 1;
                }
            }
            changes.push(Change {
                op: char::from(op),
                affected,
                value,
                mentioned: if affected != 0 {
                    affected & value
                } else {
                    value
                },
                flag,
            });
        }
        if i != b.len() {
            return None;
        }
    }
    Some(changes)
}

/// gnulib's mode_adjust: the new mode of a file whose mode is `old`.
fn adjust(old: u32, dir: bool, changes: &[Change]) -> u32 {
    let mut new = old & ALL;
    for c in changes {
        let omit = if dir { 0o6000 & !c.mentioned } else { 0 };
        let mut value = c.value;
        match c.flag {
            Flag::Ordinary => {}
            Flag::CopyExisting => {
                value &= new;
                value |= (if value & 0o444 != 0 { 0o444 } else { 0 })
                    | (if value & 0o222 != 0 { 0o222 } else { 0 })
                    | (if value & 0o111 != 0 { 0o111 } else { 0 });
            }
            Flag::XIfAnyX => {
                if new & 0o111 != 0 || dir {
                    value |= 0o111;
                }
            }
        }
        value &= (if c.affected != 0 { c.affected } else { !UMASK }) & !omit;
        match c.op {
            '=' => {
                let preserved = (if c.affected != 0 { !c.affected } else { 0 }) | omit;
                new = (new & preserved) | value;
            }
            '+' => new |= value,
            _ => new &= !value,
        }
    }
    new & ALL
}

fn describe(mode: u32) -> String {
    format!("{mode:04o} ({})", &mode_string(false, mode)[1..])
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    // A mode such as `-w` or `-x,o+r` looks like an option: take it as the mode.
    let mut args = Vec::new();
    let mut mode_word: Option<String> = None;
    for a in &ctx.args {
        let is_mode = a.len() > 1
            && a.starts_with('-')
            && !a.starts_with("--")
            && a[1..]
                .bytes()
                .all(|c| b"rwxXstugoa,+-=01234567".contains(&c))
            && mode_word.is_none();
        if is_mode {
            mode_word = Some(a.clone());
        } else {
            args.push(a.clone());
        }
    }
    let opts = [
        opt('c', "changes", Arg::No),
        opt('f', "silent", Arg::No),
        opt('v', "verbose", Arg::No),
        opt('R', "recursive", Arg::No),
        common::long("quiet", Arg::No, 'f'),
    ];
    let p = match common::getopt(&args, &opts, true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    let mut operands = p.operands.clone();
    let from_option = mode_word.is_some();
    let mode = match mode_word {
        Some(m) => m,
        None if operands.is_empty() => return Ok(common::usage(ctx, "missing operand", 1)),
        None => operands.remove(0),
    };
    if operands.is_empty() && from_option {
        return Ok(common::usage(ctx, "missing operand", 1));
    }
    if operands.is_empty() {
        let msg = format!("missing operand after {}", common::quote(&mode));
        return Ok(common::usage(ctx, &msg, 1));
    }
    let Some(changes) = compile(&mode) else {
        let msg = format!("invalid mode: {}", common::quote(&mode));
        return Ok(common::usage(ctx, &msg, 1));
    };
    let (verbose, changes_only, quiet) = (p.has('v'), p.has('c'), p.has('f'));
    let mut status = 0;
    for op in operands {
        let path = ctx.sh.abs_path(&op);
        if !ctx.sh.fs.exists(&path) {
            if !quiet {
                let msg = format!(
                    "cannot access {}: No such file or directory",
                    common::quote(&op)
                );
                common::error(ctx, &msg);
            }
            status = 1;
            continue;
        }
        let mut targets = vec![(op.clone(), path.clone())];
        if p.has('R') {
            let mut stack = vec![(op.clone(), path.clone())];
            targets.clear();
            while let Some((label, full)) = stack.pop() {
                targets.push((label.clone(), full.clone()));
                if let Ok(children) = ctx.sh.fs.list(&full) {
                    for (name, _) in children.into_iter().rev() {
                        stack.push((
                            format!("{}/{name}", label.trim_end_matches('/')),
                            format!("{}/{name}", full.trim_end_matches('/')),
                        ));
                    }
                }
            }
        }
        for (label, full) in targets {
            let dir = ctx.sh.fs.is_dir(&full);
            let old = ctx.sh.fs.mode(&full).unwrap_or(0);
            let new = adjust(old, dir, &changes);
            if new != old && ctx.sh.fs.set_mode(&full, new).is_err() {
                status = 1;
                continue;
            }
            let q = common::quote(&label);
            if new != old && (verbose || changes_only) {
                let line = format!(
                    "mode of {q} changed from {} to {}",
                    describe(old),
                    describe(new)
                );
                common::out_line(ctx, &line);
            } else if new == old && verbose {
                let line = format!("mode of {q} retained as {}", describe(new));
                common::out_line(ctx, &line);
            }
        }
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjust_table() {
        let cases: &[(u32, bool, &str, u32)] = &[
            (0o644, false, "755", 0o755),
            (0o755, false, "u+x,g-r", 0o715),
            (0o644, false, "+w", 0o644),
            (0o644, false, "a-w,+x", 0o555),
            (0o555, false, "=r", 0o444),
            (0o444, false, "u=rwx,go=u-w", 0o755),
            (0o755, false, "4755", 0o4755),
            (0o2700, true, "644", 0o2644),
            (0o7777, false, "00755", 0o755),
            (0o755, false, "u=g", 0o555),
            (0, false, "u+X", 0),
            (0o700, true, "g+X", 0o710),
            (0, false, "o+t,u+s", 0o5000),
            (0o644, false, "go-rwx", 0o600),
        ];
        for (old, dir, mode, want) in cases {
            let c = compile(mode).unwrap();
            assert_eq!(adjust(*old, *dir, &c), *want, "{old:o} {mode}");
        }
        for bad in ["xyz", "64a", "u", "8", "u+q", "+7,"] {
            assert!(compile(bad).is_none(), "{bad}");
        }
    }
}
