//! Paints prompt + line as ANSI, keeping track of where the terminal cursor
//! is so a repaint can return to the prompt's first row. Widths come from
//! Unicode (wide CJK/emoji take two cells, combining marks none), and a wide
//! character that does not fit at the end of a row moves to the next one, as
//! xterm.js does.

use super::cluster;

/// Removes CSI/OSC escape sequences (prompt colours) for width computation.
pub fn visible(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('[') => {
                for d in it.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(d) = it.next() {
                    if d == '\x07' || (d == '\x1b' && it.peek() == Some(&'\\')) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Row and column after laying out `s` from (0, 0) in `cols` columns.
/// `byte_stop`: stop before this byte offset of `s`.
fn layout(s: &str, cols: usize, byte_stop: usize, mut pos: (usize, usize)) -> (usize, usize) {
    for (i, g) in cluster::indices(s) {
        if i >= byte_stop {
            break;
        }
        let w = cluster::width(g);
        if pos.1 + w > cols {
            pos = (pos.0 + 1, 0);
        }
        pos.1 += w;
    }
    pos
}

#[derive(Debug)]
pub struct Painter {
    cols: usize,
    /// Rows between the prompt's first row and the terminal cursor.
    cursor_row: usize,
}

impl Default for Painter {
    fn default() -> Self {
        Self {
            cols: 80,
            cursor_row: 0,
        }
    }
}

impl Painter {
    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn set_cols(&mut self, cols: usize) {
        self.cols = cols.max(1);
    }

    /// Forget the old position: the next paint starts on a fresh row.
    pub fn reset(&mut self) {
        self.cursor_row = 0;
    }

    /// Redraws `prompt` + `line` with the cursor at byte `cursor` of `line`.
    pub fn paint(&mut self, prompt: &str, line: &str, cursor: usize, out: &mut String) {
        if self.cursor_row > 0 {
            out.push_str(&format!("\x1b[{}A", self.cursor_row));
        }
        out.push_str("\r\x1b[J");
        out.push_str(prompt);
        out.push_str(line);
        let p = visible(prompt);
        let start = layout(&p, self.cols, usize::MAX, (0, 0));
        let mut end = layout(line, self.cols, usize::MAX, start);
        if end.1 >= self.cols {
            // The terminal holds the cursor in the last column with a wrap
            // pending; a space and a carriage return settle it on the next row.
            out.push_str(" \r");
            end = (end.0 + 1, 0);
        }
        let at = layout(line, self.cols, cursor, start);
        let at = if at.1 >= self.cols { (at.0 + 1, 0) } else { at };
        if end.0 > at.0 {
            out.push_str(&format!("\x1b[{}A", end.0 - at.0));
        }
        out.push('\r');
        if at.1 > 0 {
            out.push_str(&format!("\x1b[{}C", at.1));
        }
        self.cursor_row = at.0;
    }

    /// Moves to the end of the painted text and onto a new line (Enter).
    pub fn finish(&mut self, prompt: &str, line: &str, out: &mut String) {
        let start = layout(&visible(prompt), self.cols, usize::MAX, (0, 0));
        let end = layout(line, self.cols, usize::MAX, start);
        let end_row = if end.1 >= self.cols { end.0 + 1 } else { end.0 };
        if end_row > self.cursor_row {
            out.push_str(&format!("\x1b[{}B", end_row - self.cursor_row));
        }
        out.push_str("\r\n");
        self.cursor_row = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paint_table() {
        // (cols, prompt, line, cursor, expected output)
        let cases = [
            (80, "$ ", "ls", 2, "\r\x1b[J$ ls\r\x1b[4C"),
            (80, "$ ", "ls", 1, "\r\x1b[J$ ls\r\x1b[3C"),
            (
                80,
                "\x1b[1m$\x1b[0m ",
                "a",
                0,
                "\r\x1b[J\x1b[1m$\x1b[0m a\r\x1b[2C",
            ),
            (80, "$ ", "日本", 3, "\r\x1b[J$ 日本\r\x1b[4C"),
            (80, "$ ", "e\u{301}x", 3, "\r\x1b[J$ e\u{301}x\r\x1b[3C"),
            // Exactly fills the row: cursor settles on the next one.
            (4, "$ ", "ab", 2, "\r\x1b[J$ ab \r\r"),
            // Wraps: cursor at start of line text is one row up.
            (4, "$ ", "abcd", 0, "\r\x1b[J$ abcd\x1b[1A\r\x1b[2C"),
            // A wide char that does not fit moves to the next row.
            (3, "$ ", "日", 3, "\r\x1b[J$ 日\r\x1b[2C"),
        ];
        for (cols, prompt, line, cursor, want) in cases {
            let mut p = Painter::default();
            p.set_cols(cols);
            let mut out = String::new();
            p.paint(prompt, line, cursor, &mut out);
            assert_eq!(out, want, "{cols} {prompt:?} {line:?} {cursor}");
        }
    }

    #[test]
    fn repaint_returns_to_the_prompt_row() {
        let mut p = Painter::default();
        p.set_cols(4);
        let mut out = String::new();
        p.paint("$ ", "abcdef", 6, &mut out);
        out.clear();
        p.paint("$ ", "abcdefg", 7, &mut out);
        assert!(out.starts_with("\x1b[2A\r\x1b[J"), "{out:?}");
    }

    #[test]
    fn visible_strips_escapes() {
        assert_eq!(visible("\x1b[1;32m~\x1b[0m $ \x1b]0;title\x07"), "~ $ ");
    }
}
