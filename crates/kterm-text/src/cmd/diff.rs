use kterm_shell::fs::Node;
use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};
use crate::diffseq::Hunk;

pub const INFO: CommandInfo = CommandInfo {
    name: "diff",
    aliases: &[],
    summary: "compare files line by line",
};

crate::tool!(Diff, "Usage: diff [OPTION]... FILES\nCompare FILES line by line.\n\n  -q, --brief                   report only when files differ\n  -s, --report-identical-files  report when two files are the same\n  -u, -U NUM, --unified[=NUM]   output NUM (default 3) lines of unified context\n  -i, --ignore-case             ignore case differences in file contents\n  -b, --ignore-space-change     ignore changes in the amount of white space\n  -w, --ignore-all-space        ignore all white space\n      --label LABEL             use LABEL instead of file name and timestamp\n\nFILES are 'FILE1 FILE2'; a directory stands for the file of the other's name in it.\nExit status is 0 if inputs are the same, 1 if different, 2 if trouble.\n");

struct Input {
    name: String,
    data: Vec<u8>,
    mtime_ms: i64,
}

fn load(ctx: &mut Ctx<'_>, name: &str, other: &str) -> Result<Input, String> {
    if name == "-" {
        return Ok(Input {
            name: name.into(),
            data: ctx.stdin.clone(),
            mtime_ms: ctx.host.now_ms(),
        });
    }
    let mut shown = name.to_string();
    let mut path = ctx.sh.abs_path(name);
    if ctx.sh.fs.is_dir(&path) {
        let base = crate::cmd::basename::base(other);
        shown = format!("{}/{base}", name.trim_end_matches('/'));
        path = ctx.sh.abs_path(&shown);
    }
    match ctx.sh.fs.get(&path) {
        Some(Node::File { data, mtime_ms }) => Ok(Input {
            name: shown,
            data: data.clone(),
            mtime_ms: *mtime_ms,
        }),
        Some(Node::Dir) => Err(format!("{shown}: Is a directory")),
        None => Err(format!("{shown}: No such file or directory")),
    }
}

/// A line as compared: the text, changed by -i/-b/-w, with its newline.
fn key(line: &[u8], p: &common::Parsed) -> Vec<u8> {
    let mut k = line.to_vec();
    if p.has('i') {
        k.make_ascii_lowercase();
    }
    if p.has('w') {
        k.retain(|b| !matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c));
    } else if p.has('b') {
        let mut out = Vec::new();
        let mut space = false;
        for &b in &k {
            if matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c) {
                space = true;
                continue;
            }
            if space && b != b'\n' {
                out.push(b' ');
            }
            space = false;
            out.push(b);
        }
        k = out;
    }
    k
}

fn stamp(ms: i64) -> String {
    let base = kterm_shell::builtins::format_date("%Y-%m-%d %H:%M:%S", ms, 0);
    format!("{base}.{:03}000000 +0000", ms.rem_euclid(1000))
}

/// A line of output: the prefix, the line, and the marker for a last line without newline.
fn put(out: &mut Vec<u8>, prefix: &str, line: &[u8]) {
    out.extend_from_slice(prefix.as_bytes());
    out.extend_from_slice(line);
    if !line.ends_with(b"\n") {
        out.extend_from_slice(b"\n\\ No newline at end of file\n");
    }
}

fn range_u(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

fn range_n(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start}"),
        1 => format!("{}", start + 1),
        n => format!("{},{}", start + 1, start + n),
    }
}

/// GNU's unified hunks: changes closer than twice the context share one.
fn unified(a: &[&[u8]], b: &[&[u8]], hunks: &[Hunk], context: usize, out: &mut Vec<u8>) {
    let mut k = 0;
    while k < hunks.len() {
        let mut last = k;
        while last + 1 < hunks.len() {
            let gap = hunks[last + 1].a - (hunks[last].a + hunks[last].del);
            if gap > 2 * context {
                break;
            }
            last += 1;
        }
        let (first, end) = (hunks[k], hunks[last]);
        let o0 = first.a.saturating_sub(context);
        let n0 = first.b.saturating_sub(first.a - o0);
        let o1 = (end.a + end.del + context).min(a.len());
        let n1 = end.b + end.ins + (o1 - (end.a + end.del));
        let header = format!(
            "@@ -{} +{} @@\n",
            range_u(o0, o1 - o0),
            range_u(n0, n1 - n0)
        );
        out.extend_from_slice(header.as_bytes());
        let mut pos = o0;
        for h in &hunks[k..=last] {
            for l in &a[pos..h.a] {
                put(out, " ", l);
            }
            for l in &a[h.a..h.a + h.del] {
                put(out, "-", l);
            }
            for l in &b[h.b..h.b + h.ins] {
                put(out, "+", l);
            }
            pos = h.a + h.del;
        }
        for l in &a[pos..o1] {
            put(out, " ", l);
        }
        k = last + 1;
    }
}

fn normal(a: &[&[u8]], b: &[&[u8]], hunks: &[Hunk], out: &mut Vec<u8>) {
    for h in hunks {
        let head = match (h.del, h.ins) {
            (_, 0) => format!("{}d{}\n", range_n(h.a, h.del), h.b),
            (0, _) => format!("{}a{}\n", h.a, range_n(h.b, h.ins)),
            _ => format!("{}c{}\n", range_n(h.a, h.del), range_n(h.b, h.ins)),
        };
        out.extend_from_slice(head.as_bytes());
        for l in &a[h.a..h.a + h.del] {
            put(out, "< ", l);
        }
        if h.del > 0 && h.ins > 0 {
            out.extend_from_slice(b"---\n");
        }
        for l in &b[h.b..h.b + h.ins] {
            put(out, "> ", l);
        }
    }
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('q', "brief", Arg::No),
        opt('s', "report-identical-files", Arg::No),
        opt('u', "", Arg::No),
        opt('U', "unified", Arg::Optional),
        opt('i', "ignore-case", Arg::No),
        opt('b', "ignore-space-change", Arg::No),
        opt('w', "ignore-all-space", Arg::No),
        common::long("label", Arg::Required, 'L'),
    ];
    // `-U NUM` takes a separate argument, `--unified` only an attached one.
    let mut args = ctx.args.clone();
    if let Some(i) = args.iter().position(|a| a == "-U") {
        if i + 1 < args.len() {
            let v = args.remove(i + 1);
            args[i] = format!("-U{v}");
        }
    }
    let p = match common::getopt(&args, &opts, true) {
        Ok(p) => p,
        Err(e) => {
            let name = ctx.name.clone();
            common::err_line(ctx, &format!("{name}: {e}"));
            common::err_line(
                ctx,
                &format!("{name}: Try '{name} --help' for more information."),
            );
            return Ok(2);
        }
    };
    let name = ctx.name.clone();
    let ops_names = p.operands.clone();
    if ops_names.len() != 2 {
        let msg = match ops_names.as_slice() {
            [] => "missing operand after 'diff'".to_string(),
            [one] => format!("missing operand after {}", common::quote(one)),
            [_, _, extra, ..] => format!("extra operand {}", common::quote(extra)),
            _ => String::new(),
        };
        common::err_line(ctx, &format!("{name}: {msg}"));
        common::err_line(
            ctx,
            &format!("{name}: Try '{name} --help' for more information."),
        );
        return Ok(2);
    }
    let mut context = None;
    for (id, v) in &p.opts {
        match (id, v) {
            ('u', _) | ('U', None) => context = Some(3),
            ('U', Some(n)) => match n.parse::<usize>() {
                Ok(n) => context = Some(n),
                Err(_) => {
                    common::err_line(ctx, &format!("{name}: invalid context length '{n}'"));
                    common::err_line(
                        ctx,
                        &format!("{name}: Try '{name} --help' for more information."),
                    );
                    return Ok(2);
                }
            },
            _ => {}
        }
    }
    let (a, b) = match (
        load(ctx, &ops_names[0], &ops_names[1]),
        load(ctx, &ops_names[1], &ops_names[0]),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (ra, rb) => {
            for e in [ra.err(), rb.err()].into_iter().flatten() {
                common::err_line(ctx, &format!("{name}: {e}"));
            }
            return Ok(2);
        }
    };
    let labels: Vec<&str> = p
        .opts
        .iter()
        .filter(|(c, _)| *c == 'L')
        .filter_map(|(_, v)| v.as_deref())
        .collect();
    if a.data == b.data {
        if p.has('s') {
            common::out_line(
                ctx,
                &format!("Files {} and {} are identical", a.name, b.name),
            );
        }
        return Ok(0);
    }
    if a.data.contains(&0) || b.data.contains(&0) || p.has('q') {
        let differ = if p.has('q') { "Files" } else { "Binary files" };
        let ka: Vec<Vec<u8>> = common::records(&a.data, b'\n')
            .iter()
            .map(|l| key(l, &p))
            .collect();
        let kb: Vec<Vec<u8>> = common::records(&b.data, b'\n')
            .iter()
            .map(|l| key(l, &p))
            .collect();
        if ka == kb {
            return Ok(0);
        }
        common::out_line(ctx, &format!("{differ} {} and {} differ", a.name, b.name));
        return Ok(1);
    }
    let la = common::records(&a.data, b'\n');
    let lb = common::records(&b.data, b'\n');
    let ka: Vec<Vec<u8>> = la.iter().map(|l| key(l, &p)).collect();
    let kb: Vec<Vec<u8>> = lb.iter().map(|l| key(l, &p)).collect();
    let hunks = crate::diffseq::diff(&ka, &kb, &la, &lb, context.unwrap_or(0));
    if hunks.is_empty() {
        return Ok(0);
    }
    let mut out = Vec::new();
    match context {
        Some(n) => {
            let head = |label: Option<&&str>, i: &Input| match label {
                Some(l) => (*l).to_string(),
                None => format!("{}\t{}", i.name, stamp(i.mtime_ms)),
            };
            let h = format!(
                "--- {}\n+++ {}\n",
                head(labels.first(), &a),
                head(labels.get(1), &b)
            );
            out.extend_from_slice(h.as_bytes());
            unified(&la, &lb, &hunks, n, &mut out);
        }
        None => normal(&la, &lb, &hunks, &mut out),
    }
    common::emit(ctx, &out);
    Ok(1)
}
