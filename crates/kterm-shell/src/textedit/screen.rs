//! Painting: each keymap's layout becomes a frame (one string per screen
//! row plus the cursor), and [`Screen`] writes only the rows that changed
//! since the last frame. Sizes are read again before every paint, so a
//! resized terminal is redrawn whole.

use unicode_width::UnicodeWidthStr;

use super::core::Core;
use super::nano::{Nano, Prompt};
use super::text::cells;
use super::vi::{Mode, Vi};

/// Enters the alternate screen. The cursor first steps up to the command's
/// own line so that, back on the main screen, the newline that ends the
/// program leaves it where a real terminal would (no blank line).
pub const ENTER: &str = "\x1b[A\x1b[?1049h\x1b[H\x1b[2J";
/// Back to the main screen, cursor restored, then onto the next line.
pub const LEAVE: &str = "\x1b[?1049l\n";

const REVERSE: &str = "\x1b[7m";
const BOLD: &str = "\x1b[1m";
const ERROR: &str = "\x1b[97;41m";
const NUMBER: &str = "\x1b[33m";
const TILDE: &str = "\x1b[94m";
const RESET: &str = "\x1b[m";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub rows: Vec<String>,
    /// Row and column (0-based) of the terminal cursor.
    pub cursor: (usize, usize),
}

#[derive(Debug, Default)]
pub struct Screen {
    prev: Vec<String>,
    size: (usize, usize),
}

impl Screen {
    pub fn draw(&mut self, frame: &Frame, size: (usize, usize)) -> String {
        let mut out = String::from("\x1b[?25l");
        if size != self.size {
            out.push_str("\x1b[H\x1b[2J");
            self.prev.clear();
            self.size = size;
        }
        for (i, row) in frame.rows.iter().enumerate() {
            if self.prev.get(i) != Some(row) {
                // Erase first: after writing the last column the terminal
                // has a wrap pending, and erasing then would eat that cell.
                out.push_str(&format!("\x1b[{};1H\x1b[K{row}", i + 1));
            }
        }
        self.prev = frame.rows.clone();
        out.push_str(&format!(
            "\x1b[{};{}H\x1b[?25h",
            frame.cursor.0 + 1,
            frame.cursor.1 + 1
        ));
        out
    }
}

/// Cuts plain text (no escapes) to `cols` cells.
fn fit(s: &str, cols: usize) -> String {
    let mut w = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > cols {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}

fn gutter_width(core: &Core) -> usize {
    if core.numbers {
        core.text.len().to_string().len().max(3) + 1
    } else {
        0
    }
}

/// Text rows `top..top+rows` in `cols` cells, with the line-number gutter
/// when it is on. Rows past the end show `filler`.
fn text_rows(core: &Core, rows: usize, cols: usize, filler: &str) -> Vec<String> {
    let g = gutter_width(core);
    let width = cols.saturating_sub(g);
    let mut out = Vec::with_capacity(rows);
    for r in core.top..core.top + rows {
        if r >= core.text.len() {
            out.push(filler.to_string());
            continue;
        }
        let mut s = String::new();
        if g > 0 {
            s.push_str(&format!("{NUMBER}{:>w$} {RESET}", r + 1, w = g - 1));
        }
        let mut x = 0;
        for c in cells(core.text.line(r)) {
            let (start, end) = (x, x + c.width);
            x = end;
            if end <= core.left {
                continue;
            }
            if start < core.left {
                s.push_str(&" ".repeat(end - core.left));
                continue;
            }
            if end - core.left > width {
                s.push_str(&" ".repeat(width.saturating_sub(start - core.left)));
                break;
            }
            s.push_str(&c.show);
        }
        out.push(s);
    }
    out
}

fn cursor_in_text(core: &Core, first_row: usize) -> (usize, usize) {
    let (row, _) = core.text.cursor();
    (
        first_row + row - core.top,
        gutter_width(core) + core.text.cursor_col() - core.left,
    )
}

/// vim's ruler: `line,col[-screen col]` and where the view is.
fn ruler(core: &Core, rows: usize) -> String {
    let (row, col) = core.text.cursor();
    let line = core.text.cur_line();
    let pos = if line.is_empty() {
        "0-1".to_string()
    } else {
        let screen = core.text.cursor_col() + 1;
        if screen == col + 1 {
            format!("{}", col + 1)
        } else {
            format!("{}-{screen}", col + 1)
        }
    };
    let len = core.text.len();
    let whence = if len <= rows {
        "All".to_string()
    } else if core.top == 0 {
        "Top".to_string()
    } else if core.top + rows >= len {
        "Bot".to_string()
    } else {
        format!("{}%", core.top * 100 / (len - rows))
    };
    format!("{:<14}{whence}", format!("{},{pos}", row + 1))
}

pub fn vi_frame(core: &mut Core, vi: &Vi, (cols, rows): (usize, usize)) -> Frame {
    let text_h = rows.saturating_sub(1).max(1);
    core.scroll_into_view(text_h, cols.saturating_sub(gutter_width(core)));
    let mut out = text_rows(core, text_h, cols, &format!("{TILDE}~{RESET}"));
    let mut cursor = cursor_in_text(core, 0);
    // The status line: what is being typed, the mode, or a message, and
    // the ruler on the right.
    let (left, style) = if let Some(line) = vi.line() {
        let line = fit(&line, cols.saturating_sub(1));
        cursor = (text_h, line.width());
        (line, "")
    } else if vi.mode == Mode::Insert {
        ("-- INSERT --".to_string(), BOLD)
    } else {
        match &core.message {
            Some(m) => (m.text.clone(), if m.error { ERROR } else { "" }),
            None => (String::new(), ""),
        }
    };
    let mut status = String::new();
    let ruler_col = cols.saturating_sub(18);
    // A message longer than the room before the ruler hides the ruler.
    let show_ruler = vi.line().is_none() && cols >= 20 && left.width() < ruler_col;
    let left = fit(&left, cols);
    if !left.is_empty() {
        if style.is_empty() {
            status.push_str(&left);
        } else {
            status.push_str(&format!("{style}{left}{RESET}"));
        }
    }
    if show_ruler {
        let pad = ruler_col.saturating_sub(left.width());
        status.push_str(&" ".repeat(pad));
        status.push_str(&ruler(core, text_h));
    }
    out.push(status);
    Frame { rows: out, cursor }
}

/// A help bar's items: shortcut and name.
type Bar<'a> = Vec<(&'a str, &'a str)>;

/// The help bar: shortcut in reverse video, then its name.
fn shortcuts(items: &[(&str, &str)], cols: usize) -> String {
    let n = items.len().max(1);
    let each = (cols / n).max(1);
    let mut s = String::new();
    for (key, name) in items {
        // One cell stays free so neighbouring items never touch.
        let name = fit(&format!(" {name}"), each.saturating_sub(key.len() + 1));
        s.push_str(&format!("{REVERSE}{key}{RESET}{name}"));
        s.push_str(&" ".repeat(each.saturating_sub(key.len() + name.width())));
    }
    s.trim_end().to_string()
}

fn center(s: &str, cols: usize) -> String {
    let s = fit(s, cols);
    let pad = cols.saturating_sub(s.width()) / 2;
    format!("{}{s}", " ".repeat(pad))
}

pub fn nano_frame(core: &mut Core, nano: &Nano, (cols, rows): (usize, usize)) -> Frame {
    let text_h = rows.saturating_sub(4).max(1);
    core.scroll_into_view(text_h, cols.saturating_sub(gutter_width(core)));
    // Title bar: version on the left, the file in the middle, whether it
    // is modified on the right.
    let name = if core.label.is_empty() {
        "New Buffer"
    } else {
        &core.label
    };
    let mut title = fit("  GNU nano 7.2", cols);
    let mid = center(name, cols);
    let start = mid.width() - fit(name, cols).width();
    if start > title.width() {
        title.push_str(&" ".repeat(start - title.width()));
        title.push_str(&fit(name, cols - start));
    }
    if core.dirty && cols > title.width() + 10 {
        title.push_str(&" ".repeat(cols - title.width() - 10));
        title.push_str("Modified  ");
    }
    title.push_str(&" ".repeat(cols.saturating_sub(title.width())));
    let mut out = vec![format!("{REVERSE}{title}{RESET}")];
    out.extend(text_rows(core, text_h, cols, ""));
    let mut cursor = cursor_in_text(core, 1);
    let status_row = out.len();
    let (help1, help2): (Bar, Bar) = match &nano.prompt {
        Some(Prompt::SaveModified) => (vec![(" Y", "Yes")], vec![(" N", "No"), ("^C", "Cancel")]),
        Some(_) => (vec![("^G", "Help")], vec![("^C", "Cancel")]),
        None => (
            vec![
                ("^O", "Write Out"),
                ("^W", "Where Is"),
                ("^K", "Cut"),
                ("^C", "Location"),
            ],
            vec![
                ("^X", "Exit"),
                ("^S", "Save"),
                ("^U", "Paste"),
                ("M-U", "Undo"),
            ],
        ),
    };
    match nano.prompt_line(core) {
        Some(p) => {
            let p = fit(&p, cols.saturating_sub(1));
            cursor = (status_row, p.width());
            let pad = " ".repeat(cols.saturating_sub(p.width()));
            out.push(format!("{REVERSE}{p}{pad}{RESET}"));
        }
        None => match &core.message {
            Some(m) => {
                let text = fit(&m.text, cols);
                let pad = cols.saturating_sub(text.width()) / 2;
                out.push(format!("{}{REVERSE}{text}{RESET}", " ".repeat(pad)));
            }
            None => out.push(String::new()),
        },
    }
    out.push(shortcuts(&help1, cols));
    out.push(shortcuts(&help2, cols));
    Frame { rows: out, cursor }
}
