//! What both keymaps share: the text, the file's label and state, the view
//! offsets, undo snapshots, and the message shown on the status line.

use super::text::Text;

/// Why a save failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The session's file system is full (its size limit).
    NoSpace,
    /// No file name to save to (`vi` started without one).
    NoName,
    Other(String),
}

/// What a key asks the driver to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write the buffer; then leave if it worked and `quit` is set.
    Save { quit: bool },
    /// Leave without writing.
    Quit,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Yank {
    Lines(Vec<String>),
    Chars(String),
}

#[derive(Debug)]
pub struct Core {
    pub text: Text,
    /// The name shown for the file (already safe to print).
    pub label: String,
    pub is_new: bool,
    pub dirty: bool,
    pub numbers: bool,
    pub message: Option<Msg>,
    /// First text row and first display column on screen.
    pub top: usize,
    pub left: usize,
    /// Text rows on screen at the last paint (page moves use it).
    pub page: usize,
    pub yank: Option<Yank>,
    pub last_search: Option<(String, bool)>,
    undo: Vec<Text>,
}

impl Core {
    pub fn new(initial: &str, label: &str, is_new: bool) -> Self {
        Self {
            text: Text::new(initial),
            label: crate::sanitize::field(label),
            is_new,
            dirty: false,
            numbers: false,
            message: None,
            top: 0,
            left: 0,
            page: 20,
            yank: None,
            last_search: None,
            undo: Vec::new(),
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Msg {
            text: text.into(),
            error: false,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Msg {
            text: text.into(),
            error: true,
        });
    }

    /// Remembers the text before a change, for undo; marks the buffer
    /// modified.
    pub fn checkpoint(&mut self) {
        // Snapshots are whole texts: simple, and session files are small.
        if self.undo.len() >= 100 {
            self.undo.remove(0);
        }
        self.undo.push(self.text.clone());
        self.dirty = true;
    }

    /// Drops a checkpoint that turned out to change nothing.
    pub fn discard_checkpoint_if_unchanged(&mut self) {
        if self.undo.last().map(Text::lines) == Some(self.text.lines()) {
            self.undo.pop();
        }
    }

    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(t) => {
                self.text = t;
                self.dirty = true;
                true
            }
            None => false,
        }
    }

    pub fn bytes(&self) -> usize {
        self.text.contents().len()
    }

    /// Searches from the cursor and moves there: `Some(wrapped)` when
    /// found, `None` when not.
    pub fn search(&mut self, pat: &str, forward: bool) -> Option<bool> {
        let ((r, c), wrapped) = self.text.find(pat, forward)?;
        self.text.set_cursor(r, c);
        Some(wrapped)
    }

    /// Moves a page (rows on screen) down or up, scrolling the view with it.
    pub fn page_move(&mut self, down: bool, rows: usize) {
        let rows = rows.max(1);
        if down {
            self.top = (self.top + rows).min(self.text.len().saturating_sub(1));
            self.text.down(rows);
        } else {
            self.top = self.top.saturating_sub(rows);
            self.text.up(rows);
        }
    }

    /// Keeps the cursor inside a view of `rows` × `cols` text cells.
    pub fn scroll_into_view(&mut self, rows: usize, cols: usize) {
        let (row, _) = self.text.cursor();
        let rows = rows.max(1);
        if row < self.top {
            self.top = row;
        } else if row >= self.top + rows {
            self.top = row + 1 - rows;
        }
        let x = self.text.cursor_col();
        let cols = cols.max(1);
        if x < self.left {
            self.left = x;
        } else if x + 1 > self.left + cols {
            self.left = x + 1 - cols;
        }
        self.page = rows;
    }
}
