//! The nano keymap: typing inserts, control keys act, and questions
//! (save before leaving, file name, search) are asked on the status line.

use super::core::{Core, Effect};
use crate::editor::keys::Key;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// Ctrl-X on a modified buffer: Y, N or Ctrl-C.
    SaveModified,
    /// Confirms the file name before writing.
    FileName {
        quit: bool,
    },
    Search(String),
}

#[derive(Debug, Default)]
pub struct Nano {
    pub prompt: Option<Prompt>,
    cut: Vec<String>,
    /// Consecutive Ctrl-K presses add to the same cut.
    cutting: bool,
}

/// nano's message after reading or writing a file.
pub fn lines_message(verb: &str, n: usize) -> String {
    format!("[ {verb} {n} line{} ]", if n == 1 { "" } else { "s" })
}

/// Lines nano counts in a file: newline-terminated ones plus a last
/// unterminated one.
pub fn line_count(core: &Core) -> usize {
    if core.text.is_empty() {
        0
    } else {
        core.text.len()
    }
}

impl Nano {
    /// The prompt text and its current input, when a question is open.
    pub fn prompt_line(&self, core: &Core) -> Option<String> {
        Some(match self.prompt.as_ref()? {
            Prompt::SaveModified => "Save modified buffer?  ".to_string(),
            Prompt::FileName { .. } => format!("File Name to Write: {}", core.label),
            Prompt::Search(s) => {
                let last = match &core.last_search {
                    Some((p, _)) if !p.is_empty() => {
                        format!(" [{}]", crate::sanitize::field(p))
                    }
                    _ => String::new(),
                };
                format!("Search{last}: {}", crate::sanitize::field(s))
            }
        })
    }

    pub fn key(&mut self, core: &mut Core, key: Key) -> Option<Effect> {
        if let Some(p) = self.prompt.clone() {
            return self.prompt_key(core, p, key);
        }
        let was_cutting = std::mem::take(&mut self.cutting);
        let t = &mut core.text;
        match key {
            Key::Char(c) => {
                core.checkpoint();
                core.text.insert(&c.to_string());
            }
            Key::Paste(s) => {
                core.checkpoint();
                core.text.insert(&s);
            }
            Key::Enter => {
                core.checkpoint();
                core.text.insert("\n");
            }
            Key::Tab => {
                core.checkpoint();
                core.text.insert("\t");
            }
            Key::Backspace | Key::Ctrl('h') => {
                core.checkpoint();
                core.text.backspace();
                core.discard_checkpoint_if_unchanged();
            }
            Key::Delete | Key::Ctrl('d') => {
                core.checkpoint();
                core.text.delete(true);
                core.discard_checkpoint_if_unchanged();
            }
            // At a line's edge the cursor moves on to the next line.
            Key::Left | Key::Ctrl('b') => {
                let moved = t.left();
                if !moved && t.up(1) {
                    t.end();
                }
            }
            Key::Right | Key::Ctrl('f') => {
                let moved = t.right();
                if !moved && t.down(1) {
                    t.home();
                }
            }
            Key::Up | Key::Ctrl('p') => {
                t.up(1);
            }
            Key::Down | Key::Ctrl('n') => {
                t.down(1);
            }
            Key::Home | Key::Ctrl('a') => t.home(),
            Key::End | Key::Ctrl('e') => t.end(),
            Key::PageUp | Key::Ctrl('y') => core.page_move(false, core.page),
            Key::PageDown | Key::Ctrl('v') => core.page_move(true, core.page),
            Key::Ctrl('k') => {
                core.checkpoint();
                if !was_cutting {
                    self.cut.clear();
                }
                let is_last_empty = core.text.len() == 1 && core.text.cur_line().is_empty();
                if !is_last_empty {
                    self.cut.extend(core.text.delete_lines(1));
                    core.text.home();
                }
                self.cutting = true;
            }
            Key::Ctrl('u') if !self.cut.is_empty() => {
                core.checkpoint();
                let lines = self.cut.clone();
                let (row, _) = core.text.cursor();
                core.text.put_lines(&lines, false);
                core.text.set_cursor(row + lines.len(), 0);
            }
            Key::Ctrl('o') => self.prompt = Some(Prompt::FileName { quit: false }),
            Key::Ctrl('s') => return Some(Effect::Save { quit: false }),
            Key::Ctrl('x') if core.dirty => self.prompt = Some(Prompt::SaveModified),
            Key::Ctrl('x') => return Some(Effect::Quit),
            Key::Ctrl('w') => self.prompt = Some(Prompt::Search(String::new())),
            Key::Ctrl('c') => core.info(position(core)),
            Key::Alt('u') => {
                let undone = core.undo();
                if !undone {
                    core.info("[ Nothing to undo ]");
                }
            }
            Key::Alt('n') => core.numbers = !core.numbers,
            _ => {}
        }
        None
    }

    fn prompt_key(&mut self, core: &mut Core, p: Prompt, key: Key) -> Option<Effect> {
        let cancel = |this: &mut Self, core: &mut Core| {
            this.prompt = None;
            core.info("[ Cancelled ]");
            None
        };
        match p {
            Prompt::SaveModified => match key {
                Key::Char('y' | 'Y') => {
                    self.prompt = Some(Prompt::FileName { quit: true });
                    None
                }
                Key::Char('n' | 'N') => {
                    self.prompt = None;
                    Some(Effect::Quit)
                }
                Key::Ctrl('c') | Key::Esc => cancel(self, core),
                _ => None,
            },
            Prompt::FileName { quit } => match key {
                Key::Enter => {
                    self.prompt = None;
                    Some(Effect::Save { quit })
                }
                Key::Ctrl('c') | Key::Esc => cancel(self, core),
                _ => None,
            },
            Prompt::Search(mut s) => {
                match key {
                    Key::Char(c) => s.push(c),
                    Key::Paste(p) => s.push_str(p.lines().next().unwrap_or("")),
                    Key::Backspace | Key::Ctrl('h') => {
                        s.pop();
                    }
                    Key::Ctrl('c') | Key::Esc => return cancel(self, core),
                    Key::Enter => {
                        self.prompt = None;
                        let pat = if s.is_empty() {
                            core.last_search
                                .as_ref()
                                .map(|(p, _)| p.clone())
                                .unwrap_or_default()
                        } else {
                            s
                        };
                        if pat.is_empty() {
                            return cancel(self, core);
                        }
                        core.last_search = Some((pat.clone(), true));
                        let here = core.text.cursor();
                        let shown = crate::sanitize::field(&pat);
                        match core.search(&pat, true) {
                            Some(_) if core.text.cursor() == here => {
                                core.info("[ This is the only occurrence ]")
                            }
                            Some(true) => core.info("[ Search Wrapped ]"),
                            Some(false) => core.message = None,
                            None => core.info(format!("[ \"{shown}\" not found ]")),
                        }
                        return None;
                    }
                    _ => {}
                }
                self.prompt = Some(Prompt::Search(s));
                None
            }
        }
    }
}

/// Ctrl-C's report: line, column and character position.
fn position(core: &Core) -> String {
    let (row, col) = core.text.cursor();
    let lines = core.text.len();
    let line = core.text.cur_line();
    let cols = line.chars().count() + 1;
    let col_n = line[..col].chars().count() + 1;
    let chars: usize = core.text.contents().chars().count();
    let before: usize = core.text.lines()[..row]
        .iter()
        .map(|l| l.chars().count() + 1)
        .sum::<usize>()
        + col_n
        - 1;
    let pct = |a: usize, b: usize| (a * 100).checked_div(b).unwrap_or(0);
    format!(
        "[ line {}/{lines} ({}%), col {col_n}/{cols} ({}%), char {before}/{chars} ({}%) ]",
        row + 1,
        pct(row + 1, lines),
        pct(col_n, cols),
        pct(before, chars)
    )
}
