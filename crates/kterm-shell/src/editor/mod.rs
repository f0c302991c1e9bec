//! The line editor, in three parts (as reedline): key bytes → [`keys::Key`]
//! events, a pure [`buffer::LineBuffer`], and a [`painter::Painter`] that
//! writes ANSI. The front end feeds it what xterm.js's `onData` delivers,
//! writes [`Editor::take_output`] to the terminal and acts on the returned
//! [`Action`]s.
//!
//! Life cycle: `resume(prompt)` shows a prompt; keys edit; Enter yields
//! `Submit(line)` and the editor goes idle until the next `resume`. Lines
//! typed ahead with Enter while a command runs are queued and submitted
//! one by one by `resume`. A paste is never run by itself: as in bash
//! 5.1+, the whole text goes into the line (several lines shown with the
//! `> ` continuation) and waits for Enter.

pub mod buffer;
pub(crate) mod cluster;
pub mod complete;
pub mod history;
pub mod keys;
pub mod painter;

use std::collections::VecDeque;

use buffer::LineBuffer;
use history::History;
use keys::{Key, KeyParser};
use painter::Painter;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Enter: run this line.
    Submit(String),
    /// Ctrl-C: the line was dropped.
    Interrupt,
    /// Ctrl-D on an empty line.
    Eof,
    /// Tab: the front end computes candidates (see [`complete::complete`])
    /// and answers with [`Editor::apply_completion`].
    Complete { line: String, cursor: usize },
}

#[derive(Debug)]
struct Search {
    query: String,
    found: Option<usize>,
    saved: String,
}

pub struct Editor {
    keys: KeyParser,
    buf: LineBuffer,
    painter: Painter,
    prompt: String,
    history: History,
    /// Index into history while browsing with ↑/↓, and the draft it replaced.
    browse: Option<(usize, String)>,
    kill: String,
    search: Option<Search>,
    queued: VecDeque<String>,
    out: String,
    active: bool,
    tabs: u8,
}

impl Default for Editor {
    fn default() -> Self {
        Self::new()
    }
}

impl Editor {
    pub fn new() -> Self {
        Self {
            keys: KeyParser::default(),
            buf: LineBuffer::default(),
            painter: Painter::default(),
            prompt: String::new(),
            history: History::default(),
            browse: None,
            kill: String::new(),
            search: None,
            queued: VecDeque::new(),
            out: String::new(),
            active: false,
            tabs: 0,
        }
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn history_mut(&mut self) -> &mut History {
        &mut self.history
    }

    pub fn line(&self) -> &str {
        self.buf.text()
    }

    pub fn is_active(&self) -> bool {
        self.active
    }

    /// ANSI to write to the terminal since the last call.
    pub fn take_output(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    pub fn resize(&mut self, cols: usize) {
        self.painter.set_cols(cols);
        if self.active {
            self.repaint();
        }
    }

    /// Lines still waiting from a multi-line paste.
    pub fn has_queued(&self) -> bool {
        !self.queued.is_empty()
    }

    pub fn clear_queue(&mut self) {
        self.queued.clear();
    }

    /// Shows `prompt` and starts editing a new line. If a pasted line is
    /// queued, it is shown and submitted at once.
    pub fn resume(&mut self, prompt: &str) -> Option<Action> {
        // The buffer keeps what was typed ahead while a command ran.
        self.prompt = prompt.to_string();
        self.browse = None;
        self.search = None;
        self.painter.reset();
        self.active = true;
        if let Some(line) = self.queued.pop_front() {
            // Whatever was typed after the queued line waits for the next prompt.
            let pending = self.buf.text().to_string();
            self.buf.set(&line);
            self.repaint();
            let action = self.submit();
            self.buf.set(&pending);
            return Some(action);
        }
        self.repaint();
        None
    }

    /// Shows `text` as the line and submits it, as if typed and Enter
    /// pressed (the automation API).
    pub fn submit_text(&mut self, text: &str) -> Action {
        self.active = true;
        self.buf.set(text);
        self.repaint();
        self.submit()
    }

    /// Feeds key bytes; returns what the front end must do.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Action> {
        let mut actions = Vec::new();
        for key in self.keys.feed(bytes) {
            if !self.active {
                // Typed ahead while a command runs: kept, and lines ended
                // with Enter run after it, as in a terminal.
                match key {
                    Key::Char(c) => self.buf.insert(&c.to_string()),
                    Key::Paste(text) => self.buf.insert(&paste_text(&text)),
                    Key::Backspace => self.buf.backspace(),
                    Key::Enter => {
                        let line = self.buf.text().to_string();
                        self.buf.clear();
                        self.queued.push_back(line);
                    }
                    _ => {}
                }
                continue;
            }
            if let Some(a) = self.key(key) {
                // Keys after Enter in the same chunk are typed ahead (the
                // branch above), not lost.
                actions.push(a);
            }
        }
        actions
    }

    fn key(&mut self, key: Key) -> Option<Action> {
        if self.search.is_some() {
            return self.search_key(key);
        }
        if key != Key::Tab {
            self.tabs = 0;
        }
        match key {
            Key::Char(c) => self.buf.insert(&c.to_string()),
            Key::Paste(text) => return self.paste(&text),
            Key::Enter => return Some(self.submit()),
            Key::Tab => {
                self.tabs = self.tabs.saturating_add(1);
                return Some(Action::Complete {
                    line: self.buf.text().to_string(),
                    cursor: self.buf.cursor(),
                });
            }
            Key::Backspace | Key::Ctrl('h') => self.buf.backspace(),
            Key::Delete => self.buf.delete(),
            Key::Left | Key::Ctrl('b') => self.buf.left(),
            Key::Right | Key::Ctrl('f') => self.buf.right(),
            Key::Home | Key::Ctrl('a') => self.buf.home(),
            Key::End | Key::Ctrl('e') => self.buf.end(),
            Key::Up | Key::Ctrl('p') => self.history_step(true),
            Key::Down | Key::Ctrl('n') => self.history_step(false),
            Key::Ctrl('k') => self.kill = self.buf.kill_to_end(),
            Key::Ctrl('u') => self.kill = self.buf.kill_to_start(),
            Key::Ctrl('w') => self.kill = self.buf.kill_word_back(),
            Key::Alt('d') => self.kill = self.buf.kill_word_forward(),
            Key::Ctrl('y') => {
                let k = self.kill.clone();
                self.buf.insert(&k);
            }
            Key::Alt('b') => self.buf.word_back(),
            Key::Alt('f') => self.buf.word_forward(),
            Key::Ctrl('l') => {
                self.out.push_str("\x1b[H\x1b[2J");
                self.painter.reset();
            }
            Key::Ctrl('c') => {
                self.out.push_str("^C");
                let (p, l) = (self.prompt.clone(), self.buf.text().to_string());
                self.painter.finish(&p, &l, &mut self.out);
                self.buf.clear();
                self.active = false;
                self.queued.clear();
                return Some(Action::Interrupt);
            }
            Key::Ctrl('d') => {
                if self.buf.text().is_empty() {
                    return Some(Action::Eof);
                }
                self.buf.delete();
            }
            Key::Ctrl('r') => {
                self.search = Some(Search {
                    query: String::new(),
                    found: None,
                    saved: self.buf.text().to_string(),
                });
            }
            _ => return None,
        }
        self.repaint();
        None
    }

    fn submit(&mut self) -> Action {
        let line = self.buf.text().to_string();
        let prompt = self.prompt.clone();
        self.painter.finish(&prompt, &line, &mut self.out);
        self.buf.clear();
        self.active = false;
        self.browse = None;
        Action::Submit(line)
    }

    /// The whole paste goes into the line; Enter runs it (bash 5.1+).
    fn paste(&mut self, text: &str) -> Option<Action> {
        self.buf.insert(&paste_text(text));
        self.repaint();
        None
    }

    fn history_step(&mut self, older: bool) {
        let len = self.history.len();
        let next = match (&self.browse, older) {
            (None, true) if len > 0 => Some(len - 1),
            (None, _) => return,
            (Some((i, _)), true) => Some(i.saturating_sub(1)),
            (Some((i, _)), false) if i + 1 < len => Some(i + 1),
            (Some(_), false) => None,
        };
        match next {
            Some(i) => {
                let draft = self
                    .browse
                    .take()
                    .map(|(_, d)| d)
                    .unwrap_or_else(|| self.buf.text().to_string());
                self.buf.set(self.history.get(i).unwrap_or_default());
                self.browse = Some((i, draft));
            }
            None => {
                if let Some((_, draft)) = self.browse.take() {
                    self.buf.set(&draft);
                }
            }
        }
    }

    fn search_key(&mut self, key: Key) -> Option<Action> {
        let s = self.search.as_mut()?;
        match key {
            Key::Char(c) => {
                s.query.push(c);
                let from = s.found.map(|i| i + 1).unwrap_or(self.history.len());
                s.found = self.history.search_back(&s.query, from);
            }
            Key::Backspace => {
                s.query.pop();
                s.found = self.history.search_back(&s.query, self.history.len());
            }
            Key::Ctrl('r') => {
                let from = s.found.unwrap_or(self.history.len());
                if let Some(i) = self.history.search_back(&s.query, from) {
                    s.found = Some(i);
                }
            }
            Key::Esc | Key::Ctrl('g') | Key::Ctrl('c') => {
                let saved = s.saved.clone();
                self.search = None;
                self.buf.set(&saved);
            }
            other => {
                let text = s
                    .found
                    .and_then(|i| self.history.get(i))
                    .map(str::to_string)
                    .unwrap_or_else(|| s.saved.clone());
                self.search = None;
                self.buf.set(&text);
                if other == Key::Enter {
                    self.repaint();
                    return Some(self.submit());
                }
                self.repaint();
                return self.key(other);
            }
        }
        self.repaint();
        None
    }

    /// Answers an `Action::Complete`: `start` is where the completed word
    /// begins in the line. One candidate is inserted; several insert their
    /// common prefix, and a second Tab lists them.
    pub fn apply_completion(&mut self, start: usize, candidates: &[String]) {
        if !self.active || candidates.is_empty() {
            return;
        }
        let word = self
            .buf
            .text()
            .get(start..self.buf.cursor())
            .unwrap_or("")
            .to_string();
        if let [only] = candidates {
            let suffix = if only.ends_with('/') || only.ends_with('=') {
                ""
            } else {
                " "
            };
            self.buf
                .replace_before_cursor(start, &format!("{only}{suffix}"));
            self.tabs = 0;
        } else {
            let prefix = common_prefix(candidates);
            if prefix.len() > word.len() {
                self.buf.replace_before_cursor(start, &prefix);
            } else if self.tabs >= 2 {
                let (p, l) = (self.prompt.clone(), self.buf.text().to_string());
                self.painter.finish(&p, &l, &mut self.out);
                self.out
                    .push_str(&columns(candidates, self.painter.cols()).replace('\n', "\r\n"));
                self.painter.reset();
            }
        }
        self.repaint();
    }

    fn repaint(&mut self) {
        match &self.search {
            Some(s) => {
                let found = s
                    .found
                    .and_then(|i| self.history.get(i))
                    .unwrap_or("")
                    .to_string();
                let prompt = format!("(reverse-i-search)`{}': ", s.query);
                let at = found.find(&s.query).unwrap_or(0);
                self.painter.paint(&prompt, &found, at, &mut self.out);
            }
            None => self.painter.paint(
                &self.prompt,
                self.buf.text(),
                self.buf.cursor(),
                &mut self.out,
            ),
        }
    }
}

/// Pasted text as it goes into the line: line ends as `\n`, and a final
/// newline dropped, so that nothing runs before the user presses Enter
/// (what bash does with a bracketed paste).
fn paste_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.strip_suffix('\n').unwrap_or(&text).to_string()
}

fn common_prefix(c: &[String]) -> String {
    let first = &c[0];
    let mut end = first.len();
    for s in &c[1..] {
        end = end.min(
            first
                .chars()
                .zip(s.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a.len_utf8())
                .sum(),
        );
    }
    first[..end].to_string()
}

fn columns(items: &[String], cols: usize) -> String {
    let width = items.iter().map(|s| s.chars().count()).max().unwrap_or(0) + 2;
    let per_row = (cols / width).max(1);
    let mut out = String::new();
    for row in items.chunks(per_row) {
        let line: Vec<String> = row.iter().map(|s| format!("{s:<width$}")).collect();
        out.push_str(line.concat().trim_end());
        out.push('\n');
    }
    out
}
