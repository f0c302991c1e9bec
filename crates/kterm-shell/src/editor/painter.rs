//! Paints prompt + line as ANSI, keeping track of where the terminal cursor
//! is so a repaint can return to the prompt's first row. Widths come from
//! Unicode (wide CJK/emoji take two cells, combining marks none), and a wide
//! character that does not fit at the end of a row moves to the next one, as
//! xterm.js does.
//!
//! The line is never drawn raw: control characters show in caret notation
//! (`^[`, `^?`) as bash shows them, C1 and bidirectional controls escaped,
//! so text pasted into the line cannot move the cursor, hide part of the
//! command or send an OSC. A line holding newlines (a multi-line paste)
//! continues on the next rows after the `> ` prompt.

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

/// The continuation prompt before each further row of a multi-line line.
pub const CONTINUATION: &str = "> ";

/// The line as the terminal shows it: controls in caret notation, each
/// newline followed by the continuation prompt.
pub fn shown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c == '\n' {
            out.push('\n');
            out.push_str(CONTINUATION);
        } else if let Some(esc) = crate::sanitize::caret(c) {
            out.push_str(&esc);
        } else {
            out.push(c);
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
        if g == "\n" {
            pos = (pos.0 + 1, 0);
            continue;
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
        let before = shown(line.get(..cursor).unwrap_or(line));
        let line = shown(line);
        out.push_str(&line.replace('\n', "\r\n"));
        let p = visible(prompt);
        let start = layout(&p, self.cols, usize::MAX, (0, 0));
        let mut end = layout(&line, self.cols, usize::MAX, start);
        if end.1 >= self.cols {
            // The terminal holds the cursor in the last column with a wrap
            // pending; a space and a carriage return settle it on the next row.
            out.push_str(" \r");
            end = (end.0 + 1, 0);
        }
        let at = layout(&before, self.cols, usize::MAX, start);
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
        let end = layout(&shown(line), self.cols, usize::MAX, start);
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
    fn controls_are_never_drawn_raw() {
        let cases = [
            // The audit's paste: OSC title and conceal.
            (
                "echo A\x1b]0;T\x07\x1b[8mHIDDEN",
                "\r\x1b[J$ echo A^[]0;T^G^[[8mHIDDEN\r\x1b[27C",
            ),
            (
                "a\u{9b}2J\u{202e}b\x7f",
                "\r\x1b[J$ a\\x9b2J\\u202eb^?\r\x1b[18C",
            ),
            // Several lines: the continuation prompt, cursor on the last.
            ("echo A\necho B", "\r\x1b[J$ echo A\r\n> echo B\r\x1b[8C"),
        ];
        for (line, want) in cases {
            let mut p = Painter::default();
            let mut out = String::new();
            p.paint("$ ", line, line.len(), &mut out);
            assert_eq!(out, want, "{line:?}");
            assert!(!out.contains('\x07') && !out.contains("\x1b]"), "{out:?}");
        }
    }

    #[test]
    fn a_multi_line_line_repaints_from_its_first_row() {
        let mut p = Painter::default();
        let mut out = String::new();
        p.paint("$ ", "a\nb\nc", 1, &mut out);
        // Cursor after "a": two rows above the end.
        assert_eq!(out, "\r\x1b[J$ a\r\n> b\r\n> c\x1b[2A\r\x1b[3C");
        out.clear();
        p.paint("$ ", "a\nb\nc", 5, &mut out);
        assert_eq!(out, "\r\x1b[J$ a\r\n> b\r\n> c\r\x1b[3C");
        out.clear();
        p.finish("$ ", "a\nb\nc", &mut out);
        assert_eq!(out, "\r\n");
        let mut q = Painter::default();
        out.clear();
        q.paint("$ ", "a\nb", 0, &mut out);
        out.clear();
        q.finish("$ ", "a\nb", &mut out);
        assert_eq!(out, "\x1b[1B\r\n");
    }

    #[test]
    fn visible_strips_escapes() {
        assert_eq!(visible("\x1b[1;32m~\x1b[0m $ \x1b]0;title\x07"), "~ $ ");
    }
}
