//! What `vi`, `vim` and `nano` share: open a session file in the
//! full-screen editor, save back to it, and never lose the text.

use crate::textedit::{self, Editor, Ended, FileStore, Flavor};
use crate::Ctx;

/// Where to start and what to show, from the command line.
pub struct Open {
    pub file: Option<String>,
    /// 1-based line to start on (`+N`); `Some(0)`: the last line (`+`).
    pub line: Option<usize>,
    pub numbers: bool,
}

/// Edits `open.file` with `flavor`; returns the exit status.
pub async fn edit(ctx: &mut Ctx<'_>, flavor: Flavor, open: Open) -> i32 {
    let name = ctx.name.clone();
    let path = open.file.as_ref().map(|f| ctx.sh.abs_path(f));
    let (initial, is_new) = match &path {
        None => (String::new(), true),
        Some(p) if ctx.sh.fs.is_dir(p) => {
            let shown = open.file.as_deref().unwrap_or("");
            ctx.stderr.line(&format!(
                "{name}: {}: Is a directory",
                crate::sanitize::field(shown)
            ));
            return 1;
        }
        Some(p) => match ctx.sh.fs.read(p) {
            Ok(data) => (String::from_utf8_lossy(data).into_owned(), false),
            Err(_) => (String::new(), true),
        },
    };
    let label = open.file.clone().unwrap_or_default();
    let mut ed = Editor::new(flavor, &initial, &label, is_new);
    ed.core.numbers = open.numbers;
    if let Some(line) = open.line {
        let last = ed.core.text.len();
        let row = if line == 0 { last } else { line.min(last) };
        ed.core.text.goto_row(row - 1);
    }
    let mut store = FileStore(path.clone());
    match textedit::run(ctx, ed, &mut store).await {
        Ended::Quit => 0,
        Ended::NoTerminal => {
            // Nothing was read, so nothing changed: the file is as it was.
            ctx.stderr.line(match flavor {
                Flavor::Vi => "Vim: Warning: Input is not from a terminal",
                Flavor::Nano => "Too many errors from stdin",
            });
            1
        }
        Ended::InputClosed(unsaved) => {
            if flavor == Flavor::Vi {
                ctx.stderr.line("Vim: Error reading input, exiting...");
            }
            if let Some(text) = unsaved {
                // As nano does: the modified text goes next to the file.
                let save = format!("{}.save", path.as_deref().unwrap_or("/tmp/nano"));
                let now = ctx.host.now_ms();
                match ctx.sh.fs.write(&save, text.into_bytes(), now) {
                    Ok(()) => ctx.stderr.line(&format!(
                        "Buffer written to {}",
                        crate::sanitize::field(&save)
                    )),
                    Err(e) => ctx.stderr.line(&format!(
                        "Buffer not written to {}: {e}",
                        crate::sanitize::field(&save)
                    )),
                }
            }
            1
        }
    }
}

/// Reads `+N`, `+` and the first file name; other words starting with `-`
/// are flags the caller handles through `flag` (false: unknown).
pub fn parse_args(args: &[String], mut flag: impl FnMut(&str) -> bool) -> Result<Open, String> {
    let mut open = Open {
        file: None,
        line: None,
        numbers: false,
    };
    let mut only_files = false;
    for a in args {
        if !only_files && a == "--" {
            only_files = true;
        } else if !only_files && a.starts_with('+') {
            let n = &a[1..];
            open.line = Some(if n.is_empty() {
                0
            } else {
                n.parse::<usize>().map_err(|_| a.clone())?.max(1)
            });
        } else if !only_files && a.starts_with('-') && a.len() > 1 {
            if !flag(a) {
                return Err(a.clone());
            }
        } else if open.file.is_none() {
            open.file = Some(a.clone());
        }
    }
    Ok(open)
}
