//! `sed`: GNU sed 4.9's language over session files and standard input.

mod exec;
mod script;

use kterm_shell::fs::FsError;
use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, long, opt, Arg};
use exec::{Line, Machine, Options, Output, Stop, Stream};
use script::{Kind, Origin, Parser};

pub const INFO: CommandInfo = CommandInfo {
    name: "sed",
    aliases: &[],
    summary: "stream editor for filtering and transforming text",
};

/// GNU sed's usage text, printed when the line has no script.
const USAGE: &str = include_str!("usage.txt");

crate::tool!(Sed, USAGE);

fn split_lines(data: &[u8], sep: u8) -> Vec<Line> {
    common::records(data, sep)
        .into_iter()
        .map(|r| {
            let nl = r.last() == Some(&sep);
            let body = if nl { &r[..r.len() - 1] } else { r };
            Line {
                text: String::from_utf8_lossy(body).into_owned(),
                nl,
            }
        })
        .collect()
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('n', "quiet", Arg::No),
        long("silent", Arg::No, 'n'),
        opt('e', "expression", Arg::Required),
        opt('f', "file", Arg::Required),
        opt('i', "in-place", Arg::Optional),
        opt('l', "line-length", Arg::Required),
        opt('E', "regexp-extended", Arg::No),
        opt('r', "", Arg::No),
        opt('s', "separate", Arg::No),
        opt('z', "null-data", Arg::No),
        opt('u', "unbuffered", Arg::No),
        long("posix", Arg::No, 'P'),
        long("debug", Arg::No, 'D'),
        long("sandbox", Arg::No, 'S'),
        long("follow-symlinks", Arg::No, 'F'),
    ];
    let p = match common::getopt(&ctx.args, &opts, true) {
        Ok(p) => p,
        Err(e) => {
            common::error(ctx, &e);
            ctx.stderr.write_str(USAGE);
            return Ok(1);
        }
    };
    let ere = p.has('E') || p.has('r');
    let mut parser = Parser::new(ere);
    let mut operands = p.operands.clone();
    let mut expr_n = 0;
    let mut any_script = false;
    for (id, v) in &p.opts {
        let v = v.clone().unwrap_or_default();
        let parsed = match id {
            'e' => {
                expr_n += 1;
                any_script = true;
                parser.parse(&v, &Origin::Expr(expr_n))
            }
            'f' => {
                any_script = true;
                let text = match common::read(ctx, &v) {
                    Ok(d) => String::from_utf8_lossy(&d).into_owned(),
                    Err(e) => {
                        common::error(ctx, &format!("couldn't open file {v}: {e}"));
                        return Ok(4);
                    }
                };
                let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
                parser.parse(&text, &Origin::File(&v))
            }
            _ => Ok(()),
        };
        if let Err(e) = parsed {
            common::error(ctx, &e);
            return Ok(1);
        }
    }
    if !any_script {
        if operands.is_empty() {
            ctx.stderr.write_str(USAGE);
            return Ok(1);
        }
        let s = operands.remove(0);
        if let Err(e) = parser.parse(&s, &Origin::Expr(1)) {
            common::error(ctx, &e);
            return Ok(1);
        }
    }
    if let Err((e, code)) = parser.finish() {
        common::error(ctx, &e);
        return Ok(code);
    }
    let line_len = match p.value('l').map(str::parse::<usize>) {
        None => 70,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            let msg = format!("invalid line length: {}", p.value('l').unwrap_or_default());
            common::error(ctx, &msg);
            return Ok(1);
        }
    };
    let in_place = p.opts.iter().any(|(c, _)| *c == 'i');
    let suffix = p.value('i').map(str::to_string);
    let sep = if p.has('z') { 0 } else { b'\n' };
    if in_place && operands.is_empty() {
        common::error(ctx, "no input files");
        return Ok(4);
    }
    let files = if operands.is_empty() {
        vec!["-".to_string()]
    } else {
        operands
    };
    // Every `w` file is emptied when the script starts, as GNU does.
    let cmds = parser.cmds;
    let now = common::now(ctx);
    for c in &cmds {
        let w = match &c.kind {
            Kind::WriteFile(_, f) => Some(f),
            Kind::Subst(s) => s.write.as_ref(),
            _ => None,
        };
        if let Some(f) = w.filter(|f| !f.starts_with("/dev/std")) {
            let path = ctx.sh.abs_path(f);
            if let Err(e) = ctx.sh.fs.write(&path, Vec::new(), now) {
                common::error(ctx, &format!("couldn't open file {f}: {e}"));
                return Ok(4);
            }
        }
    }
    let mut status = 0;
    let mut streams: Vec<(Option<String>, Stream)> = Vec::new();
    let mut whole = Stream {
        name: "-".into(),
        lines: Vec::new(),
    };
    for f in &files {
        let path = ctx.sh.abs_path(f);
        if in_place && (f == "-" || ctx.sh.fs.is_dir(&path)) {
            common::error(ctx, &format!("couldn't edit {f}: not a regular file"));
            status = 4;
            continue;
        }
        let data = match common::read(ctx, f) {
            Ok(d) => d,
            Err(FsError::IsADirectory) => {
                common::error(ctx, &format!("read error on {f}: Is a directory"));
                status = 2;
                continue;
            }
            Err(e) => {
                common::error(ctx, &format!("can't read {f}: {e}"));
                status = 2;
                continue;
            }
        };
        let lines = split_lines(&data, sep);
        if in_place || p.has('s') {
            streams.push((
                in_place.then(|| path.clone()),
                Stream {
                    name: f.clone(),
                    lines,
                },
            ));
        } else {
            whole.name = f.clone();
            whole.lines.extend(lines);
        }
    }
    if !(in_place || p.has('s')) {
        streams.push((None, whole));
    }
    // Only a script that reads files (`r`, `R`) needs a view of them.
    let reads = cmds.iter().any(|c| matches!(c.kind, Kind::ReadFile(..)));
    let cwd = ctx.sh.cwd.clone();
    let fs = reads.then(|| ctx.sh.fs.clone());
    let stdin = ctx.stdin.clone();
    let read_file = move |name: &str| -> Option<Vec<u8>> {
        if name == "/dev/stdin" || name == "-" {
            return Some(stdin.clone());
        }
        let path = kterm_shell::fs::resolve(&cwd, name);
        fs.as_ref()?.read(&path).ok().map(<[u8]>::to_vec)
    };
    let mut m = Machine::new(
        &cmds,
        Options {
            quiet: p.has('n'),
            sep,
            line_len,
        },
        &read_file,
    );
    let mut main = Output::default();
    for (target, stream) in &streams {
        let mut file_out = Output::default();
        let out = if target.is_some() {
            &mut file_out
        } else {
            &mut main
        };
        let stop = m.run(stream, out);
        if let Some(path) = target {
            if let Some(sfx) = suffix.as_deref().filter(|s| !s.is_empty()) {
                let base = path.rsplit('/').next().unwrap_or_default();
                let backup = if sfx.contains('*') {
                    let name = sfx.replace('*', base);
                    if name.contains('/') {
                        kterm_shell::fs::resolve(&ctx.sh.cwd, &name)
                    } else {
                        format!("{}/{name}", path.rsplit_once('/').map_or("", |(d, _)| d))
                    }
                } else {
                    format!("{path}{sfx}")
                };
                if let Ok(old) = ctx.sh.fs.read(path).map(<[u8]>::to_vec) {
                    let _ = ctx.sh.fs.write(&backup, old, now);
                }
            }
            if let Err(e) = ctx.sh.fs.write(path, file_out.data, now) {
                common::error(ctx, &format!("couldn't write {}: {e}", stream.name));
                status = 4;
            }
        }
        if let Err(Stop::Quit(code)) = stop {
            status = code;
            break;
        }
    }
    common::emit(ctx, &main.data);
    ctx.stderr
        .write_str(&kterm_shell::sanitize::bytes(&m.stderr.data));
    let writes = std::mem::take(&mut m.writes);
    let error = m.error.take();
    for (name, out) in writes {
        let path = ctx.sh.abs_path(&name);
        if let Err(e) = ctx.sh.fs.write(&path, out.data, now) {
            common::error(ctx, &format!("couldn't write {name}: {e}"));
            status = 4;
        }
    }
    if let Some(e) = error {
        common::error(ctx, &e);
        return Ok(4);
    }
    Ok(status)
}
