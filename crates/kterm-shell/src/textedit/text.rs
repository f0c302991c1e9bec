//! The text being edited: lines plus a cursor (row, byte offset on a
//! character-cluster boundary). Pure: no keys, no screen. Column widths
//! follow the terminal (wide characters take two cells, tabs run to the
//! next multiple of eight, control characters show as `^X`).

use crate::editor::cluster;

/// One laid-out piece of a line: where it starts, how many cells it takes,
/// and what the screen shows for it (escaped when it is a control character,
/// so file contents never reach the terminal as escape sequences).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub byte: usize,
    pub width: usize,
    pub show: String,
}

pub const TABSTOP: usize = 8;

/// Lays out `line` from column 0.
pub fn cells(line: &str) -> Vec<Cell> {
    let mut col = 0;
    let mut out = Vec::new();
    for (byte, g) in cluster::indices(line) {
        let first = g.chars().next().unwrap_or(' ');
        let (width, show) = if first == '\t' {
            let w = TABSTOP - col % TABSTOP;
            (w, " ".repeat(w))
        } else if (first as u32) < 0x20 || first == '\x7f' {
            let shown = if first == '\x7f' {
                '?'
            } else {
                (b'@' + first as u8) as char
            };
            (2, format!("^{shown}"))
        } else if ('\u{80}'..='\u{9f}').contains(&first) {
            (4, format!("<{:02x}>", first as u32))
        } else {
            let w = cluster::width(g);
            // A lone combining mark still needs a cell to be seen.
            if w == 0 {
                (1, format!(" {g}"))
            } else {
                (w, g.to_string())
            }
        };
        col += width;
        out.push(Cell { byte, width, show });
    }
    out
}

/// Cells before byte `at` of `line`.
pub fn display_col(line: &str, at: usize) -> usize {
    cells(line)
        .iter()
        .take_while(|c| c.byte < at)
        .map(|c| c.width)
        .sum()
}

/// The byte offset of the cluster that covers display column `col`, or the
/// line's end when `col` is past it.
fn byte_at_col(line: &str, col: usize) -> usize {
    let mut x = 0;
    for c in cells(line) {
        if x + c.width > col {
            return c.byte;
        }
        x += c.width;
    }
    line.len()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Space,
    Word,
    Punct,
}

fn class(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if c.is_alphanumeric() || c == '_' {
        Class::Word
    } else {
        Class::Punct
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    lines: Vec<String>,
    row: usize,
    col: usize,
    /// The display column vertical moves aim for (vi's "curswant").
    want: Option<usize>,
}

impl Default for Text {
    fn default() -> Self {
        Self::new("")
    }
}

impl Text {
    /// Splits `s` into lines; a final newline ends the last line rather than
    /// starting an empty one, as editors read files.
    pub fn new(s: &str) -> Self {
        let s = s.replace("\r\n", "\n");
        let body = s.strip_suffix('\n').unwrap_or(&s);
        Self {
            lines: body.split('\n').map(str::to_string).collect(),
            row: 0,
            col: 0,
            want: None,
        }
    }

    /// The text as saved: every line ends with a newline. An untouched
    /// empty buffer saves as an empty file.
    pub fn contents(&self) -> String {
        if self.lines.len() == 1 && self.lines[0].is_empty() {
            return String::new();
        }
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    pub fn line(&self, row: usize) -> &str {
        self.lines.get(row).map(String::as_str).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.contents().is_empty()
    }

    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    pub fn cur_line(&self) -> &str {
        self.line(self.row)
    }

    /// Display column of the cursor.
    pub fn cursor_col(&self) -> usize {
        display_col(self.cur_line(), self.col)
    }

    pub fn set_cursor(&mut self, row: usize, col: usize) {
        self.row = row.min(self.lines.len() - 1);
        let line = self.line(self.row);
        let mut c = col.min(line.len());
        while !line.is_char_boundary(c) {
            c -= 1;
        }
        // Snap to the start of the cluster holding `c`.
        let snapped = if c == line.len() {
            c
        } else {
            cluster::indices(line)
                .map(|(i, _)| i)
                .take_while(|i| *i <= c)
                .last()
                .unwrap_or(0)
        };
        self.col = snapped;
        self.want = None;
    }

    fn prev_boundary(&self) -> usize {
        cluster::indices(&self.cur_line()[..self.col])
            .next_back()
            .map(|(i, _)| i)
            .unwrap_or(0)
    }

    fn next_boundary(&self) -> usize {
        let line = self.cur_line();
        cluster::indices(&line[self.col..])
            .next()
            .map(|(_, g)| self.col + g.len())
            .unwrap_or(line.len())
    }

    /// Left within the line; false at its start.
    pub fn left(&mut self) -> bool {
        self.want = None;
        if self.col == 0 {
            return false;
        }
        self.col = self.prev_boundary();
        true
    }

    /// Right within the line, up to its end; false when already there.
    pub fn right(&mut self) -> bool {
        self.want = None;
        let n = self.next_boundary();
        if n == self.col {
            return false;
        }
        self.col = n;
        true
    }

    /// Keeps the cursor on a character (vi's normal mode cannot sit past
    /// the last one).
    pub fn clamp_on_char(&mut self) {
        let len = self.cur_line().len();
        if self.col >= len && len > 0 {
            self.col = len;
            self.col = self.prev_boundary();
        }
    }

    fn vertical(&mut self, row: usize) {
        let want = self.want.unwrap_or_else(|| self.cursor_col());
        self.row = row;
        self.col = byte_at_col(self.cur_line(), want);
        self.want = Some(want);
    }

    pub fn up(&mut self, n: usize) -> bool {
        if self.row == 0 {
            return false;
        }
        self.vertical(self.row.saturating_sub(n));
        true
    }

    pub fn down(&mut self, n: usize) -> bool {
        if self.row + 1 >= self.lines.len() {
            return false;
        }
        self.vertical((self.row + n).min(self.lines.len() - 1));
        true
    }

    pub fn home(&mut self) {
        self.col = 0;
        self.want = None;
    }

    pub fn end(&mut self) {
        self.col = self.cur_line().len();
        self.want = None;
    }

    pub fn first_nonblank(&mut self) {
        let line = self.cur_line();
        self.col = line.len() - line.trim_start().len();
        self.want = None;
    }

    pub fn goto_row(&mut self, row: usize) {
        self.row = row.min(self.lines.len() - 1);
        self.first_nonblank();
    }

    /// Inserts text at the cursor; newlines split the line.
    pub fn insert(&mut self, s: &str) {
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        let mut parts = s.split('\n');
        let first = parts.next().unwrap_or("");
        let row = self.row;
        let tail = self.lines[row].split_off(self.col);
        self.lines[row].push_str(first);
        self.col += first.len();
        for part in parts {
            self.row += 1;
            self.lines.insert(self.row, part.to_string());
            self.col = part.len();
        }
        self.lines[self.row].push_str(&tail);
        self.want = None;
    }

    /// Deletes the cluster before the cursor, joining with the previous line
    /// at its start. False when nothing was deleted.
    pub fn backspace(&mut self) -> bool {
        self.want = None;
        if self.col > 0 {
            let from = self.prev_boundary();
            self.lines[self.row].replace_range(from..self.col, "");
            self.col = from;
            return true;
        }
        if self.row == 0 {
            return false;
        }
        let line = self.lines.remove(self.row);
        self.row -= 1;
        self.col = self.lines[self.row].len();
        self.lines[self.row].push_str(&line);
        true
    }

    /// Deletes the cluster under the cursor, joining the next line at the
    /// end (unless `join` is false, as vi's `x`). Returns what was removed.
    pub fn delete(&mut self, join: bool) -> Option<String> {
        self.want = None;
        let to = self.next_boundary();
        if to > self.col {
            let gone = self.lines[self.row][self.col..to].to_string();
            self.lines[self.row].replace_range(self.col..to, "");
            return Some(gone);
        }
        if !join || self.row + 1 >= self.lines.len() {
            return None;
        }
        let next = self.lines.remove(self.row + 1);
        self.lines[self.row].push_str(&next);
        Some("\n".into())
    }

    /// Deletes from the cursor to byte `to` of the same line; returns it.
    pub fn delete_to(&mut self, to: usize) -> String {
        let row = self.row;
        let to = to.clamp(self.col, self.lines[row].len());
        let gone = self.lines[row][self.col..to].to_string();
        self.lines[row].replace_range(self.col..to, "");
        self.want = None;
        gone
    }

    /// Where a vi word motion from the cursor ends on this line: `w` (the
    /// next word's start) or, with `end`, past the current word (`cw`, `e`).
    pub fn word_stop(&self, end: bool) -> usize {
        let line = self.cur_line();
        let mut it = line[self.col..].char_indices().peekable();
        let Some(&(_, first)) = it.peek() else {
            return line.len();
        };
        let k = class(first);
        let mut stop = line.len();
        for (i, c) in it.by_ref() {
            if class(c) != k {
                stop = self.col + i;
                break;
            }
        }
        if end || stop == line.len() {
            return stop;
        }
        // `w` also eats the spaces after the word.
        line[stop..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map(|(i, _)| stop + i)
            .unwrap_or(line.len())
    }

    /// Joins the next line onto this one with one space (vi's `J`).
    pub fn join_next(&mut self) -> bool {
        if self.row + 1 >= self.lines.len() {
            return false;
        }
        let next = self.lines.remove(self.row + 1);
        let next = next.trim_start();
        let line = &mut self.lines[self.row];
        let trimmed = line.trim_end().len();
        line.truncate(trimmed);
        self.col = line.len();
        if !next.is_empty() && !line.is_empty() {
            line.push(' ');
        }
        line.push_str(next);
        self.want = None;
        true
    }

    /// Replaces the line's text, keeping the cursor on it at `col`.
    pub fn set_line(&mut self, text: &str) -> String {
        let old = std::mem::replace(&mut self.lines[self.row], text.to_string());
        self.col = self.col.min(text.len());
        self.want = None;
        old
    }

    /// Removes `n` lines from the cursor's; the buffer keeps at least one.
    pub fn delete_lines(&mut self, n: usize) -> Vec<String> {
        let end = (self.row + n).min(self.lines.len());
        let gone: Vec<String> = self.lines.drain(self.row..end).collect();
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.row = self.row.min(self.lines.len() - 1);
        self.first_nonblank();
        gone
    }

    /// Inserts whole lines below (or above) the cursor's; the cursor goes
    /// to the first of them.
    pub fn put_lines(&mut self, lines: &[String], below: bool) {
        let at = if below { self.row + 1 } else { self.row };
        for (i, l) in lines.iter().enumerate() {
            self.lines.insert(at + i, l.clone());
        }
        self.row = at;
        self.first_nonblank();
    }

    /// Opens an empty line below (or above) and puts the cursor on it.
    pub fn open_line(&mut self, below: bool) {
        self.put_lines(&[String::new()], below);
        self.col = 0;
    }

    fn char_at(&self, row: usize, col: usize) -> Option<char> {
        self.line(row).get(col..).and_then(|s| s.chars().next())
    }

    /// Steps one char forward across lines; a line end counts as a space.
    fn step(&self, (r, c): (usize, usize)) -> Option<(usize, usize)> {
        let line = self.line(r);
        if c < line.len() {
            let n = c + line[c..].chars().next().map(char::len_utf8).unwrap_or(1);
            if n < line.len() {
                return Some((r, n));
            }
        }
        if r + 1 < self.lines.len() {
            return Some((r + 1, 0));
        }
        None
    }

    fn step_back(&self, (r, c): (usize, usize)) -> Option<(usize, usize)> {
        if c > 0 {
            let line = self.line(r);
            let p = line[..c].char_indices().next_back().map(|(i, _)| i)?;
            return Some((r, p));
        }
        if r == 0 {
            return None;
        }
        let prev = self.line(r - 1);
        Some((
            r - 1,
            prev.char_indices().next_back().map(|(i, _)| i).unwrap_or(0),
        ))
    }

    fn class_at(&self, p: (usize, usize)) -> Class {
        self.char_at(p.0, p.1).map(class).unwrap_or(Class::Space)
    }

    /// vi's `w`: to the start of the next word (an empty line is one).
    pub fn word_forward(&mut self) {
        let start = (self.row, self.col);
        let first = self.class_at(start);
        let mut p = start;
        let mut crossed = false;
        loop {
            let Some(n) = self.step(p) else {
                // No next word: the end of the last line.
                self.row = p.0;
                self.col = p.1;
                self.want = None;
                return;
            };
            crossed |= n.0 != p.0;
            p = n;
            let c = self.class_at(p);
            if self.line(p.0).is_empty() && crossed {
                break;
            }
            if c != Class::Space && (c != first || crossed) {
                break;
            }
            if c == Class::Space {
                crossed = true;
            }
        }
        self.row = p.0;
        self.col = p.1;
        self.want = None;
    }

    /// vi's `b`: to the start of this or the previous word.
    pub fn word_back(&mut self) {
        let mut p = (self.row, self.col);
        // Skip spaces (and line ends) backwards.
        loop {
            let Some(b) = self.step_back(p) else {
                self.row = 0;
                self.col = 0;
                return;
            };
            p = b;
            if self.line(p.0).is_empty() || self.class_at(p) != Class::Space {
                break;
            }
        }
        let c = self.class_at(p);
        while let Some(b) = self.step_back(p) {
            if b.0 != p.0 || self.class_at(b) != c {
                break;
            }
            p = b;
        }
        self.row = p.0;
        self.col = p.1;
        self.want = None;
    }

    /// The next match of `pat` after (or before) the cursor, wrapping around
    /// the buffer. The flag tells whether the search wrapped.
    pub fn find(&self, pat: &str, forward: bool) -> Option<((usize, usize), bool)> {
        if pat.is_empty() {
            return None;
        }
        let n = self.lines.len();
        let (r0, c0) = (self.row, self.col);
        if forward {
            let after = c0
                + self.cur_line()[c0..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
            if let Some(i) = self.cur_line().get(after..).and_then(|s| s.find(pat)) {
                return Some(((r0, after + i), false));
            }
            for k in 1..=n {
                let r = (r0 + k) % n;
                if let Some(i) = self.line(r).find(pat) {
                    return Some(((r, i), r0 + k >= n));
                }
            }
        } else {
            if let Some(i) = self.cur_line()[..c0].rfind(pat) {
                return Some(((r0, i), false));
            }
            for k in 1..=n {
                let r = (r0 + n - k) % n;
                if let Some(i) = self.line(r).rfind(pat) {
                    return Some(((r, i), k > r0));
                }
            }
        }
        None
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
