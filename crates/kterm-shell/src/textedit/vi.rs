//! The vi keymap: normal, insert and command-line modes, with the messages
//! vim shows for them.

use super::core::{Core, Effect, Yank};
use crate::editor::keys::Key;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Insert,
    /// `:` commands, `/` and `?` searches, with the text typed so far.
    Line {
        kind: char,
        text: String,
    },
}

#[derive(Debug)]
pub struct Vi {
    pub mode: Mode,
    /// A first key waiting for its second (`d`, `y`, `g`, `Z`).
    pending: Option<char>,
    count: usize,
}

impl Default for Vi {
    fn default() -> Self {
        Self {
            mode: Mode::Normal,
            pending: None,
            count: 0,
        }
    }
}

/// vim's message after reading or writing: `"f" [New] 2L, 10B`.
pub fn file_summary(core: &Core) -> String {
    let new = if core.is_new { " [New]" } else { "" };
    let bytes = core.bytes();
    let lines = if bytes == 0 { 0 } else { core.text.len() };
    format!("\"{}\"{new} {lines}L, {bytes}B", core.label)
}

impl Vi {
    /// The status line while typing a command or search, if any.
    pub fn line(&self) -> Option<String> {
        match &self.mode {
            Mode::Line { kind, text } => Some(format!("{kind}{}", crate::sanitize::field(text))),
            _ => None,
        }
    }

    pub fn key(&mut self, core: &mut Core, key: Key) -> Option<Effect> {
        match self.mode.clone() {
            Mode::Insert => {
                self.insert_key(core, key);
                None
            }
            Mode::Line { kind, text } => self.line_key(core, kind, text, key),
            Mode::Normal => {
                // A terminal sends Esc then a key as one Alt chord when they
                // come quickly; vi means the two keys.
                if let Key::Alt(c) = key {
                    self.normal_key(core, Key::Esc);
                    return self.normal_key(core, Key::Char(c));
                }
                self.normal_key(core, key)
            }
        }
    }

    fn insert_key(&mut self, core: &mut Core, key: Key) {
        let t = &mut core.text;
        match key {
            Key::Char(c) => t.insert(&c.to_string()),
            Key::Paste(s) => t.insert(&s),
            Key::Enter => t.insert("\n"),
            Key::Tab => t.insert("\t"),
            Key::Backspace | Key::Ctrl('h') => {
                t.backspace();
            }
            Key::Delete => {
                t.delete(true);
            }
            Key::Left => {
                t.left();
            }
            Key::Right => {
                t.right();
            }
            Key::Up => {
                t.up(1);
            }
            Key::Down => {
                t.down(1);
            }
            Key::Home => t.home(),
            Key::End => t.end(),
            Key::PageUp => core.page_move(false, core.page),
            Key::PageDown => core.page_move(true, core.page),
            Key::Esc | Key::Ctrl('c') => self.leave_insert(core),
            Key::Alt(c) => {
                self.leave_insert(core);
                self.normal_key(core, Key::Char(c));
            }
            _ => {}
        }
    }

    fn leave_insert(&mut self, core: &mut Core) {
        self.mode = Mode::Normal;
        core.message = None;
        core.discard_checkpoint_if_unchanged();
        core.text.left();
        core.text.clamp_on_char();
    }

    fn enter_insert(&mut self, core: &mut Core) {
        core.checkpoint();
        self.mode = Mode::Insert;
        core.message = None;
    }

    fn normal_key(&mut self, core: &mut Core, key: Key) -> Option<Effect> {
        if let Some(first) = self.pending.take() {
            let n = self.take_count();
            return self.second_key(core, first, key, n);
        }
        if let Key::Char(d @ '0'..='9') = key {
            if d != '0' || self.count > 0 {
                self.count = self
                    .count
                    .saturating_mul(10)
                    .saturating_add(d as usize - '0' as usize);
                return None;
            }
        }
        let counted = self.count > 0;
        let n = self.take_count();
        let t = &mut core.text;
        match key {
            Key::Char('h') | Key::Left | Key::Backspace => {
                for _ in 0..n {
                    t.left();
                }
            }
            Key::Char('l') | Key::Right | Key::Char(' ') => {
                for _ in 0..n {
                    t.right();
                }
                t.clamp_on_char();
            }
            Key::Char('j') | Key::Down | Key::Ctrl('n') => {
                t.down(n);
                t.clamp_on_char();
            }
            Key::Char('k') | Key::Up | Key::Ctrl('p') => {
                t.up(n);
                t.clamp_on_char();
            }
            Key::Enter | Key::Char('+') => {
                t.down(n);
                t.first_nonblank();
            }
            Key::Char('-') => {
                t.up(n);
                t.first_nonblank();
            }
            Key::Char('0') | Key::Home => t.home(),
            Key::Char('^') => t.first_nonblank(),
            Key::Char('$') | Key::End => {
                t.end();
                t.clamp_on_char();
            }
            Key::Char('w') => {
                for _ in 0..n {
                    t.word_forward();
                }
                t.clamp_on_char();
            }
            Key::Char('b') => {
                for _ in 0..n {
                    t.word_back();
                }
            }
            Key::Char('G') => {
                let last = t.len() - 1;
                t.goto_row(if counted { n - 1 } else { last });
            }
            Key::PageDown | Key::Ctrl('f') => core.page_move(true, core.page),
            Key::PageUp | Key::Ctrl('b') => core.page_move(false, core.page),
            Key::Ctrl('d') => core.page_move(true, core.page / 2),
            Key::Ctrl('u') => core.page_move(false, core.page / 2),
            Key::Char(c @ ('g' | 'd' | 'y' | 'Z' | 'c' | 'r')) => {
                self.pending = Some(c);
                self.count = if counted { n } else { 0 };
            }
            Key::Char('i') => self.enter_insert(core),
            Key::Char('a') => {
                self.enter_insert(core);
                core.text.right();
            }
            Key::Char('A') => {
                self.enter_insert(core);
                core.text.end();
            }
            Key::Char('I') => {
                self.enter_insert(core);
                core.text.first_nonblank();
            }
            Key::Char(c @ ('o' | 'O')) => {
                self.enter_insert(core);
                core.text.open_line(c == 'o');
            }
            Key::Char('x') | Key::Delete => {
                core.checkpoint();
                let mut gone = String::new();
                for _ in 0..n {
                    match core.text.delete(false) {
                        Some(s) => gone.push_str(&s),
                        None => break,
                    }
                }
                core.text.clamp_on_char();
                core.discard_checkpoint_if_unchanged();
                if !gone.is_empty() {
                    core.yank = Some(Yank::Chars(gone));
                }
            }
            Key::Char('D') => {
                core.checkpoint();
                let mut gone = String::new();
                while let Some(s) = core.text.delete(false) {
                    gone.push_str(&s);
                }
                core.text.clamp_on_char();
                core.discard_checkpoint_if_unchanged();
                core.yank = Some(Yank::Chars(gone));
            }
            Key::Char('Y') => self.yank_lines(core, n),
            Key::Char('C') => {
                self.enter_insert(core);
                let end = core.text.cur_line().len();
                let gone = core.text.delete_to(end);
                core.yank = Some(Yank::Chars(gone));
            }
            Key::Char('S') => {
                self.enter_insert(core);
                let old = core.text.set_line("");
                core.yank = Some(Yank::Lines(vec![old]));
            }
            Key::Char('J') => {
                core.checkpoint();
                for _ in 0..n.max(2) - 1 {
                    core.text.join_next();
                }
                core.discard_checkpoint_if_unchanged();
            }
            Key::Char(c @ ('p' | 'P')) => self.put(core, c == 'p', n),
            Key::Paste(s) => {
                core.checkpoint();
                core.text.insert(&s);
            }
            Key::Char('u') => {
                if core.undo() {
                    core.text.clamp_on_char();
                } else {
                    core.info("Already at oldest change");
                }
            }
            Key::Char(c @ (':' | '/' | '?')) => {
                self.mode = Mode::Line {
                    kind: c,
                    text: String::new(),
                };
            }
            Key::Char(c @ ('n' | 'N')) => {
                if let Some((pat, fwd)) = core.last_search.clone() {
                    let fwd = if c == 'n' { fwd } else { !fwd };
                    search(core, &pat, fwd);
                } else {
                    core.error("E35: No previous regular expression");
                }
            }
            Key::Ctrl('g') => {
                let (row, _) = core.text.cursor();
                let len = core.text.len();
                let modified = if core.dirty { " [Modified]" } else { "" };
                core.info(format!(
                    "\"{}\"{modified} {len} line{} --{}%--",
                    core.label,
                    if len == 1 { "" } else { "s" },
                    (row + 1) * 100 / len
                ));
            }
            Key::Ctrl('c') => {
                core.info("Type  :qa!  and press <Enter> to abandon all changes and exit Vim")
            }
            _ => {}
        }
        None
    }

    fn take_count(&mut self) -> usize {
        std::mem::take(&mut self.count).max(1)
    }

    fn second_key(&mut self, core: &mut Core, first: char, key: Key, n: usize) -> Option<Effect> {
        match (first, key) {
            ('g', Key::Char('g')) => {
                // `gg` without a count is the first line; with one, that line.
                let row = if self.count_was_given(n) { n - 1 } else { 0 };
                core.text.goto_row(row);
            }
            ('d', Key::Char('d')) => {
                core.checkpoint();
                let gone = core.text.delete_lines(n);
                core.yank = Some(Yank::Lines(gone));
            }
            ('y', Key::Char('y')) => self.yank_lines(core, n),
            ('d' | 'c', Key::Char(m @ ('w' | 'e' | '$'))) => {
                if first == 'c' {
                    self.enter_insert(core);
                } else {
                    core.checkpoint();
                }
                // `cw` changes to the word's end, as vi does.
                let mut gone = String::new();
                for _ in 0..n {
                    let to = match m {
                        '$' => core.text.cur_line().len(),
                        _ => core.text.word_stop(m == 'e' || first == 'c'),
                    };
                    gone.push_str(&core.text.delete_to(to));
                }
                if first == 'd' {
                    core.text.clamp_on_char();
                    core.discard_checkpoint_if_unchanged();
                }
                core.yank = Some(Yank::Chars(gone));
            }
            ('c', Key::Char('c')) => {
                self.enter_insert(core);
                let old = core.text.set_line("");
                core.yank = Some(Yank::Lines(vec![old]));
            }
            ('r', Key::Char(c)) => {
                core.checkpoint();
                if core.text.delete(false).is_some() {
                    core.text.insert(&c.to_string());
                    core.text.left();
                } else {
                    core.discard_checkpoint_if_unchanged();
                }
            }
            ('Z', Key::Char('Z')) => return self.ex(core, "x"),
            ('Z', Key::Char('Q')) => return self.ex(core, "q!"),
            _ => {}
        }
        None
    }

    fn count_was_given(&self, n: usize) -> bool {
        // take_count turns "no count" into 1; a typed `1gg` is the same line.
        n > 1
    }

    fn yank_lines(&mut self, core: &mut Core, n: usize) {
        let (row, _) = core.text.cursor();
        let end = (row + n).min(core.text.len());
        let lines: Vec<String> = core.text.lines()[row..end].to_vec();
        if lines.len() > 2 {
            core.info(format!("{} lines yanked", lines.len()));
        }
        core.yank = Some(Yank::Lines(lines));
    }

    fn put(&mut self, core: &mut Core, after: bool, n: usize) {
        let Some(y) = core.yank.clone() else {
            core.error("E353: Nothing in register \"");
            return;
        };
        core.checkpoint();
        match y {
            Yank::Lines(lines) => {
                let all: Vec<String> = (0..n).flat_map(|_| lines.clone()).collect();
                core.text.put_lines(&all, after);
            }
            Yank::Chars(s) => {
                if after && !core.text.cur_line().is_empty() {
                    core.text.right();
                }
                core.text.insert(&s.repeat(n));
                core.text.left();
            }
        }
    }

    fn line_key(
        &mut self,
        core: &mut Core,
        kind: char,
        mut text: String,
        key: Key,
    ) -> Option<Effect> {
        match key {
            Key::Char(c) => text.push(c),
            Key::Paste(s) => text.push_str(s.lines().next().unwrap_or("")),
            Key::Backspace | Key::Ctrl('h') => {
                if text.pop().is_none() {
                    self.mode = Mode::Normal;
                    return None;
                }
            }
            Key::Esc | Key::Ctrl('c') => {
                self.mode = Mode::Normal;
                return None;
            }
            Key::Enter => {
                self.mode = Mode::Normal;
                return match kind {
                    ':' => self.ex(core, text.trim()),
                    _ => {
                        let fwd = kind == '/';
                        let pat = if text.is_empty() {
                            core.last_search
                                .as_ref()
                                .map(|(p, _)| p.clone())
                                .unwrap_or_default()
                        } else {
                            text
                        };
                        if pat.is_empty() {
                            core.error("E35: No previous regular expression");
                        } else {
                            core.last_search = Some((pat.clone(), fwd));
                            search(core, &pat, fwd);
                        }
                        None
                    }
                };
            }
            _ => return None,
        }
        self.mode = Mode::Line { kind, text };
        None
    }

    /// Runs a `:` command.
    fn ex(&mut self, core: &mut Core, cmd: &str) -> Option<Effect> {
        core.message = None;
        let quit_check = |core: &mut Core| {
            if core.dirty {
                core.error("E37: No write since last change (add ! to override)");
                None
            } else {
                Some(Effect::Quit)
            }
        };
        match cmd {
            "" => None,
            "w" | "w!" | "up" | "update" => Some(Effect::Save { quit: false }),
            "wq" | "wq!" | "wqa" | "wqall" | "xa" | "xall" => Some(Effect::Save { quit: true }),
            // `:x` writes only when there is something to write.
            "x" | "x!" | "xit" | "exit" => {
                if core.dirty || core.is_new && !core.text.is_empty() {
                    Some(Effect::Save { quit: true })
                } else {
                    Some(Effect::Quit)
                }
            }
            "q" | "quit" | "qa" | "qall" | "quita" | "quitall" => quit_check(core),
            "q!" | "quit!" | "qa!" | "qall!" | "quitall!" | "cq" => Some(Effect::Quit),
            "set nu" | "set number" => {
                core.numbers = true;
                None
            }
            "set nonu" | "set nonumber" => {
                core.numbers = false;
                None
            }
            "$" => {
                let last = core.text.len() - 1;
                core.text.goto_row(last);
                None
            }
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let row = n.parse::<usize>().unwrap_or(1).max(1) - 1;
                core.text.goto_row(row);
                None
            }
            other => {
                core.error(format!(
                    "E492: Not an editor command: {}",
                    crate::sanitize::field(other)
                ));
                None
            }
        }
    }
}

fn search(core: &mut Core, pat: &str, forward: bool) {
    let shown = crate::sanitize::field(pat);
    match core.search(pat, forward) {
        Some(false) => core.info(format!("{}{shown}", if forward { '/' } else { '?' })),
        Some(true) if forward => core.error("search hit BOTTOM, continuing at TOP"),
        Some(true) => core.error("search hit TOP, continuing at BOTTOM"),
        None => core.error(format!("E486: Pattern not found: {shown}")),
    }
}
