//! The line being edited: text plus a cursor on a character-cluster boundary.

use super::cluster;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineBuffer {
    text: String,
    /// Byte offset into `text`, always on a cluster boundary.
    cursor: usize,
}

impl LineBuffer {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.len();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    fn prev_boundary(&self, from: usize) -> usize {
        cluster::indices(&self.text[..from])
            .next_back()
            .map(|(i, _)| i)
            .unwrap_or(0)
    }

    fn next_boundary(&self, from: usize) -> usize {
        cluster::indices(&self.text[from..])
            .next()
            .map(|(_, g)| from + g.len())
            .unwrap_or(self.text.len())
    }

    pub fn left(&mut self) {
        self.cursor = self.prev_boundary(self.cursor);
    }

    pub fn right(&mut self) {
        self.cursor = self.next_boundary(self.cursor);
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    pub fn backspace(&mut self) {
        let start = self.prev_boundary(self.cursor);
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    pub fn delete(&mut self) {
        let end = self.next_boundary(self.cursor);
        self.text.replace_range(self.cursor..end, "");
    }

    /// Start of the word before the cursor (words are alphanumeric runs).
    fn word_left(&self) -> usize {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches(|c: char| !c.is_alphanumeric());
        trimmed
            .rfind(|c: char| !c.is_alphanumeric())
            .map(|i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0)
    }

    /// End of the word after the cursor.
    fn word_right(&self) -> usize {
        let after = &self.text[self.cursor..];
        let skip = after.find(char::is_alphanumeric).unwrap_or(after.len());
        let rest = &after[skip..];
        self.cursor
            + skip
            + rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len())
    }

    pub fn word_back(&mut self) {
        self.cursor = self.word_left();
    }

    pub fn word_forward(&mut self) {
        self.cursor = self.word_right();
    }

    /// Alt-D: deletes to the end of the next word; returns what was cut.
    pub fn kill_word_forward(&mut self) -> String {
        let end = self.word_right();
        self.text.drain(self.cursor..end).collect()
    }

    /// Ctrl-W: deletes the whitespace-separated word before the cursor.
    pub fn kill_word_back(&mut self) -> String {
        let before = &self.text[..self.cursor];
        let start = before
            .trim_end()
            .rfind(char::is_whitespace)
            .map(|i| i + 1)
            .unwrap_or(0);
        let cut: String = self.text.drain(start..self.cursor).collect();
        self.cursor = start;
        cut
    }

    /// Ctrl-K.
    pub fn kill_to_end(&mut self) -> String {
        self.text.drain(self.cursor..).collect()
    }

    /// Ctrl-U.
    pub fn kill_to_start(&mut self) -> String {
        let cut: String = self.text.drain(..self.cursor).collect();
        self.cursor = 0;
        cut
    }

    /// Replaces `start..cursor` with `with` (completion).
    pub fn replace_before_cursor(&mut self, start: usize, with: &str) {
        let start = start.min(self.cursor);
        self.text.replace_range(start..self.cursor, with);
        self.cursor = start + with.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_table() {
        type Op = fn(&mut LineBuffer);
        let cases: Vec<(&str, usize, Op, &str, usize)> = vec![
            ("abc", 3, |b| b.left(), "abc", 2),
            ("abc", 1, |b| b.backspace(), "bc", 0),
            ("abc", 1, |b| b.delete(), "ac", 1),
            ("abc", 1, |b| b.insert("XY"), "aXYbc", 3),
            ("e\u{301}x", 4, |b| b.left(), "e\u{301}x", 3),
            ("e\u{301}x", 3, |b| b.left(), "e\u{301}x", 0),
            ("日本", 6, |b| b.backspace(), "日", 3),
            ("foo bar-baz", 11, |b| b.word_back(), "foo bar-baz", 8),
            ("foo bar", 0, |b| b.word_forward(), "foo bar", 3),
            (
                "foo bar baz",
                11,
                |b| {
                    b.kill_word_back();
                },
                "foo bar ",
                8,
            ),
            (
                "foo bar",
                3,
                |b| {
                    b.kill_word_forward();
                },
                "foo",
                3,
            ),
            (
                "foo bar",
                3,
                |b| {
                    b.kill_to_end();
                },
                "foo",
                3,
            ),
            (
                "foo bar",
                3,
                |b| {
                    b.kill_to_start();
                },
                " bar",
                0,
            ),
        ];
        for (text, cursor, op, want, want_cursor) in cases {
            let mut b = LineBuffer {
                text: text.into(),
                cursor,
            };
            op(&mut b);
            assert_eq!(
                (b.text(), b.cursor()),
                (want, want_cursor),
                "{text:?}@{cursor}"
            );
        }
    }
}
