use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common::{self, opt, Arg};

pub const INFO: CommandInfo = CommandInfo {
    name: "column",
    aliases: &[],
    summary: "columnate lists",
};

crate::tool!(Column, "Usage:\n column [options] [<file>...]\n\nColumnate lists.\n\nOptions:\n -t, --table                      create a table\n -N, --table-columns <names>      comma separated columns names\n -R, --table-right <columns>      right align text in these columns\n -s, --separator <string>         possible table delimiters\n -o, --output-separator <string>  columns separator for table output (default is two spaces)\n -c, --output-width <width>       width of output in number of characters\n -x, --fillrows                   fill rows before columns\n");

const TAB: usize = 8;

fn width(s: &str) -> usize {
    s.chars().count()
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = [
        opt('t', "table", Arg::No),
        opt('N', "table-columns", Arg::Required),
        opt('R', "table-right", Arg::Required),
        opt('s', "separator", Arg::Required),
        opt('o', "output-separator", Arg::Required),
        opt('c', "output-width", Arg::Required),
        opt('x', "fillrows", Arg::No),
    ];
    let p = match common::getopt(&ctx.args, &opts, true) {
        Ok(p) => p,
        Err(e) => {
            let name = ctx.name.clone();
            common::err_line(ctx, &format!("{name}: {e}"));
            common::err_line(ctx, &format!("Try '{name} --help' for more information."));
            return Ok(1);
        }
    };
    let mut text = String::new();
    let files = if p.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        p.operands.clone()
    };
    let mut status = 0;
    for f in &files {
        match common::read(ctx, f) {
            Ok(d) => text.push_str(&String::from_utf8_lossy(&d)),
            Err(e) => {
                common::error(ctx, &format!("{f}: {e}"));
                status = 1;
            }
        }
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let out = if p.has('t') {
        table(&lines, &p)
    } else {
        let term = match p.value('c').map(str::parse::<usize>) {
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                let msg = format!(
                    "invalid columns argument: '{}'",
                    p.value('c').unwrap_or_default()
                );
                common::error(ctx, &msg);
                return Ok(1);
            }
            None if ctx.stdout_is_tty => ctx.host.size().0 as usize,
            None => ctx
                .sh
                .env
                .get("COLUMNS")
                .and_then(|c| c.parse().ok())
                .unwrap_or(80),
        };
        fill(&lines, term, p.has('x'))
    };
    common::emit(ctx, out.as_bytes());
    Ok(status)
}

/// `-t`: cells split on the separators (runs of blanks by default), every
/// column but the last padded to its widest cell.
fn table(lines: &[&str], p: &common::Parsed) -> String {
    let seps: Option<Vec<char>> = p.value('s').map(|s| s.chars().collect());
    let osep = p.value('o').unwrap_or("  ");
    let mut rows: Vec<Vec<String>> = Vec::new();
    if let Some(names) = p.value('N') {
        rows.push(names.split(',').map(str::to_string).collect());
    }
    for l in lines {
        let cells: Vec<String> = match &seps {
            Some(s) => l.split(|c| s.contains(&c)).map(str::to_string).collect(),
            None => l
                .split([' ', '\t'])
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
        };
        rows.push(cells);
    }
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; ncols];
    for r in &rows {
        for (k, c) in r.iter().enumerate() {
            widths[k] = widths[k].max(width(c));
        }
    }
    let right: Vec<usize> = p
        .value('R')
        .map(|r| r.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_default();
    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for (k, w) in widths.iter().enumerate() {
            let cell = r.get(k).map_or("", String::as_str);
            let pad = " ".repeat(w - width(cell));
            let last = k + 1 == ncols;
            if right.contains(&(k + 1)) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if !last {
                    line.push_str(&pad);
                }
            }
            if !last {
                line.push_str(osep);
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The default: entries laid out down (or with `-x` across) columns that
/// start at tab stops, as BSD column does.
fn fill(entries: &[&str], term: usize, across: bool) -> String {
    let mut out = String::new();
    if entries.is_empty() {
        return out;
    }
    let longest = entries.iter().map(|e| width(e)).max().unwrap_or(0);
    if longest >= term {
        for e in entries {
            out.push_str(e);
            out.push('\n');
        }
        return out;
    }
    let maxlength = (longest + TAB) & !(TAB - 1);
    let numcols = (term / maxlength).max(1);
    let tabs_to = |out: &mut String, chcnt: &mut usize, endcol: usize| loop {
        let next = (*chcnt + TAB) & !(TAB - 1);
        if next > endcol {
            break;
        }
        out.push('\t');
        *chcnt = next;
    };
    if across {
        let (mut chcnt, mut col, mut endcol) = (0, 0, maxlength);
        for (k, e) in entries.iter().enumerate() {
            out.push_str(e);
            chcnt += width(e);
            if k + 1 == entries.len() {
                break;
            }
            col += 1;
            if col == numcols {
                chcnt = 0;
                col = 0;
                endcol = maxlength;
                out.push('\n');
            } else {
                tabs_to(&mut out, &mut chcnt, endcol);
                endcol += maxlength;
            }
        }
        if chcnt > 0 {
            out.push('\n');
        }
    } else {
        let numrows = entries.len().div_ceil(numcols);
        for row in 0..numrows {
            let (mut chcnt, mut endcol, mut base) = (0, maxlength, row);
            for _ in 0..numcols {
                out.push_str(entries[base]);
                chcnt += width(entries[base]);
                base += numrows;
                if base >= entries.len() {
                    break;
                }
                tabs_to(&mut out, &mut chcnt, endcol);
                endcol += maxlength;
            }
            out.push('\n');
        }
    }
    out
}
