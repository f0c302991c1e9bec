use kterm_shell::fs::FsError;
use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "mktemp",
    aliases: &[],
    summary: "create a temporary file or directory",
};

crate::tool!(Mktemp, "Usage: mktemp [OPTION]... [TEMPLATE]\nCreate a temporary file or directory, safely, and print its name.\nTEMPLATE must contain at least 3 consecutive 'X's in last component.\nIf TEMPLATE is not specified, use tmp.XXXXXXXXXX, and --tmpdir is implied.\nFiles are created u+rw, and directories u+rwx.\n\n  -d, --directory     create a directory, not a file\n  -u, --dry-run       do not create anything; merely print a name (unsafe)\n  -q, --quiet         suppress diagnostics about file/dir-creation failure\n      --suffix=SUFF   append SUFF to TEMPLATE\n  -p DIR, --tmpdir[=DIR]  interpret TEMPLATE relative to DIR\n  -t                  interpret TEMPLATE as a single file name component,\n                        relative to $TMPDIR or /tmp\n");

/// The session's random state for names (a slot of its own).
#[derive(Default)]
struct Seed(u64);

fn next(ctx: &mut Ctx<'_>) -> u64 {
    let now = ctx.host.now_ms() as u64;
    let s = ctx.sh.ext.get_or_default::<Seed>();
    if s.0 == 0 {
        s.0 = now ^ 0x9e37_79b9_7f4a_7c15;
    }
    // xorshift64*: enough to make names unlikely to collide.
    s.0 ^= s.0 >> 12;
    s.0 ^= s.0 << 25;
    s.0 ^= s.0 >> 27;
    s.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('d', "directory", Arg::No),
        opt('u', "dry-run", Arg::No),
        opt('q', "quiet", Arg::No),
        opt('p', "", Arg::Required),
        common::long("tmpdir", Arg::Optional, 'T'),
        opt('t', "", Arg::No),
        common::long("suffix", Arg::Required, 'S'),
    ];
    let p = match common::getopt(&ctx.args, &opts, true) {
        Ok(p) => p,
        Err(e) => return Ok(common::usage(ctx, &e, 1)),
    };
    if p.operands.len() > 1 {
        return Ok(common::usage(ctx, "too many templates", 1));
    }
    let quiet = p.has('q');
    let env_tmp = ctx
        .sh
        .env
        .get("TMPDIR")
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let dir_opt = p
        .opts
        .iter()
        .rev()
        .find(|(c, _)| *c == 'p' || *c == 'T')
        .map(|(_, v)| v.clone().filter(|v| !v.is_empty()));
    let template = p
        .operands
        .first()
        .cloned()
        .unwrap_or_else(|| "tmp.XXXXXXXXXX".to_string());
    let tmpdir = (dir_opt.is_some() || p.has('t') || p.operands.is_empty()).then(|| {
        let explicit = dir_opt.clone().flatten();
        let chosen = if p.has('t') {
            env_tmp.clone().or(explicit)
        } else {
            explicit.or(env_tmp.clone())
        };
        chosen.unwrap_or_else(|| "/tmp".to_string())
    });
    let mut suffix = p.value('S').unwrap_or_default().to_string();
    let mut base = template.clone();
    if suffix.is_empty() {
        if let Some(last_x) = template.rfind('X') {
            suffix = template[last_x + 1..].to_string();
            base = template[..=last_x].to_string();
        }
    } else if !template.ends_with('X') {
        let msg = format!(
            "with --suffix, template {} must end in X",
            common::quote(&template)
        );
        common::error(ctx, &msg);
        return Ok(1);
    }
    if suffix.contains('/') {
        let msg = format!(
            "invalid suffix {}, contains directory separator",
            common::quote(&suffix)
        );
        common::error(ctx, &msg);
        return Ok(1);
    }
    let xs = base.len() - base.trim_end_matches('X').len();
    let full_template = format!("{base}{suffix}");
    if xs < 3 {
        let msg = format!("too few X's in template {}", common::quote(&full_template));
        common::error(ctx, &msg);
        return Ok(1);
    }
    let prefix_path = match &tmpdir {
        Some(d) => {
            if template.starts_with('/') && !p.operands.is_empty() {
                let msg = format!(
                    "invalid template, {}; with --tmpdir, it may not be absolute",
                    common::quote(&template)
                );
                common::error(ctx, &msg);
                return Ok(1);
            }
            format!("{}/", d.trim_end_matches('/'))
        }
        None => String::new(),
    };
    let stem = &base[..base.len() - xs];
    let kind = if p.has('d') { "directory" } else { "file" };
    for _ in 0..100 {
        let mut name = String::new();
        for _ in 0..xs {
            name.push(char::from(CHARS[(next(ctx) % CHARS.len() as u64) as usize]));
        }
        let shown = format!("{prefix_path}{stem}{name}{suffix}");
        let path = ctx.sh.abs_path(&shown);
        if ctx.sh.fs.exists(&path) {
            continue;
        }
        if p.has('u') {
            ctx.stdout.line(&kterm_shell::sanitize::text(&shown));
            return Ok(0);
        }
        let made = if p.has('d') {
            ctx.sh
                .fs
                .mkdir(&path)
                .and_then(|()| ctx.sh.fs.set_mode(&path, 0o700))
        } else {
            let now = common::now(ctx);
            ctx.sh
                .fs
                .write(&path, Vec::new(), now)
                .and_then(|()| ctx.sh.fs.set_mode(&path, 0o600))
        };
        match made {
            Ok(()) => {
                ctx.stdout.line(&kterm_shell::sanitize::text(&shown));
                return Ok(0);
            }
            Err(e) => {
                if !quiet {
                    let msg = format!(
                        "failed to create {kind} via template {}: {e}",
                        common::quote(&format!("{prefix_path}{full_template}"))
                    );
                    common::error(ctx, &msg);
                }
                return Ok(1);
            }
        }
    }
    if !quiet {
        let msg = format!(
            "failed to create {kind} via template {}: {}",
            common::quote(&format!("{prefix_path}{full_template}")),
            FsError::Exists
        );
        common::error(ctx, &msg);
    }
    Ok(1)
}
