use super::util;
use crate::fs::Node;
use crate::{CmdError, Ctx};

builtin!(Ls, "ls", "list directory contents", "Usage: ls [-laR1] [FILE]...\nList information about the FILEs (the current directory by default).\n  -a  do not ignore entries starting with .\n  -l  use a long listing format\n  -R  list subdirectories recursively\n  -1  list one file per line\n");

struct Entry {
    name: String,
    dir: bool,
    size: usize,
    mtime_ms: i64,
    mode: u32,
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let f = util::flags(ctx, "laR1", "", &[("all", 'a'), ("recursive", 'R')], None)?;
    let operands = if f.operands.is_empty() {
        vec![".".to_string()]
    } else {
        f.operands.clone()
    };
    let mut status = 0;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for op in &operands {
        let path = ctx.sh.abs_path(op);
        match ctx.sh.fs.get(&path) {
            None => {
                ctx.stderr.line(&format!(
                    "ls: cannot access '{op}': No such file or directory"
                ));
                status = 2;
            }
            Some(Node::Dir) => dirs.push((op.clone(), path)),
            Some(Node::File { data, mtime_ms }) => files.push(Entry {
                name: op.clone(),
                dir: false,
                size: data.len(),
                mtime_ms: *mtime_ms,
                mode: ctx.sh.fs.mode(&path).unwrap_or(crate::fs::FILE_MODE),
            }),
        }
    }
    let mut out = String::new();
    let many = operands.len() > 1 || f.has('R');
    if !files.is_empty() {
        out.push_str(&render(ctx, &files, &f, false));
    }
    let mut first = files.is_empty();
    while let Some((label, path)) = (!dirs.is_empty()).then(|| dirs.remove(0)) {
        let entries = list(ctx, &path, f.has('a'));
        if !first {
            out.push('\n');
        }
        first = false;
        if many {
            out.push_str(&format!("{}:\n", crate::sanitize::field(&label)));
        }
        out.push_str(&render(ctx, &entries, &f, true));
        if f.has('R') {
            let subs: Vec<(String, String)> = entries
                .iter()
                .filter(|e| e.dir && e.name != "." && e.name != "..")
                .map(|e| {
                    (
                        format!("{}/{}", label.trim_end_matches('/'), e.name),
                        format!("{}/{}", path.trim_end_matches('/'), e.name),
                    )
                })
                .collect();
            for (i, s) in subs.into_iter().enumerate() {
                dirs.insert(i, s);
            }
        }
    }
    ctx.stdout.write_str(&out);
    Ok(status)
}

fn list(ctx: &Ctx<'_>, path: &str, all: bool) -> Vec<Entry> {
    let mut v = Vec::new();
    if all {
        let parent = crate::fs::resolve(path, "..");
        for (n, p) in [(".", path), ("..", parent.as_str())] {
            v.push(Entry {
                name: n.into(),
                dir: true,
                size: 4096,
                mtime_ms: 0,
                mode: ctx.sh.fs.mode(p).unwrap_or(crate::fs::DIR_MODE),
            });
        }
    }
    for (name, node) in ctx.sh.fs.list(path).unwrap_or_default() {
        if name.starts_with('.') && !all {
            continue;
        }
        let (dir, size, mtime_ms) = match node {
            Node::Dir => (true, 4096, 0),
            Node::File { data, mtime_ms } => (false, data.len(), *mtime_ms),
        };
        let full = format!("{}/{name}", path.trim_end_matches('/'));
        let mode = ctx.sh.fs.mode(&full).unwrap_or(crate::fs::FILE_MODE);
        v.push(Entry {
            name,
            dir,
            size,
            mtime_ms,
            mode,
        });
    }
    v
}

/// `total` is GNU's block count line, printed for a directory's listing only.
fn render(ctx: &Ctx<'_>, entries: &[Entry], f: &util::Flags, total: bool) -> String {
    let mut out = String::new();
    if f.has('l') {
        // 1K blocks as GNU counts them on a 4K-block file system.
        if total {
            let blocks: usize = entries.iter().map(|e| e.size.div_ceil(4096) * 4).sum();
            out.push_str(&format!("total {blocks}\n"));
        }
        let width = entries
            .iter()
            .map(|e| e.size.to_string().len())
            .max()
            .unwrap_or(1);
        let now = ctx.host.now_ms();
        for e in entries {
            let mode = crate::fs::mode_string(e.dir, e.mode);
            let when = super::date::format_date(
                "%b %e %H:%M",
                if e.mtime_ms == 0 { now } else { e.mtime_ms },
                0,
            );
            out.push_str(&format!(
                "{mode} 1 user user {:>width$} {when} {}\n",
                e.size,
                crate::sanitize::field(&e.name)
            ));
        }
    } else if f.has('1') || !ctx.stdout_is_tty {
        for e in entries {
            out.push_str(&crate::sanitize::field(&e.name));
            out.push('\n');
        }
    } else if !entries.is_empty() {
        let names: Vec<String> = entries
            .iter()
            .map(|e| crate::sanitize::field(&e.name))
            .collect();
        out.push_str(&columns(&names, ctx.host.size().0 as usize));
    }
    out
}

/// Lays names out in columns down then across, like ls on a terminal.
fn columns(names: &[String], width: usize) -> String {
    let n = names.len();
    for cols in (1..=n).rev() {
        let rows = n.div_ceil(cols);
        let widths: Vec<usize> = (0..cols)
            .map(|c| {
                (0..rows)
                    .filter_map(|r| names.get(c * rows + r))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let total: usize = widths.iter().sum::<usize>() + 2 * (cols - 1);
        if total <= width || cols == 1 {
            let mut out = String::new();
            for r in 0..rows {
                let mut line = String::new();
                for (c, w) in widths.iter().enumerate() {
                    if let Some(name) = names.get(c * rows + r) {
                        line.push_str(name);
                        if c + 1 < cols && names.get((c + 1) * rows + r).is_some() {
                            line.push_str(&" ".repeat(w - name.chars().count() + 2));
                        }
                    }
                }
                out.push_str(&line);
                out.push('\n');
            }
            return out;
        }
    }
    String::new()
}
