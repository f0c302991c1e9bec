//! The full-screen text editor behind `vi`, `vim`, `nano` and `kubectl
//! edit`, built like the line editor: key bytes → [`Key`]s (the same
//! parser), a pure [`text::Text`], a keymap per flavour ([`vi`], [`nano`])
//! that turns keys into edits and [`Effect`]s, and a painter
//! ([`screen`]) that writes ANSI for the terminal's current size on the
//! alternate screen. [`run`] drives it with the host's raw input; saving
//! goes through a [`Store`] so the same loop edits session files and
//! in-memory text.

pub mod core;
pub mod nano;
pub mod screen;
pub mod text;
pub mod vi;

use crate::editor::keys::{Key, KeyParser};
use crate::fs::FsError;
use crate::{Ctx, ShellState};

pub use self::core::{Core, Effect, SaveError};
use screen::{Frame, Screen};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Vi,
    Nano,
}

#[derive(Debug)]
pub enum Keymap {
    Vi(vi::Vi),
    Nano(nano::Nano),
}

/// One editing session without I/O: feed keys, read frames.
#[derive(Debug)]
pub struct Editor {
    pub core: Core,
    pub keymap: Keymap,
}

impl Editor {
    pub fn new(flavor: Flavor, initial: &str, label: &str, is_new: bool) -> Self {
        let mut core = Core::new(initial, label, is_new);
        let keymap = match flavor {
            Flavor::Vi => {
                core.info(if is_new {
                    format!("\"{}\" [New]", core.label)
                } else {
                    vi::file_summary(&core)
                });
                Keymap::Vi(vi::Vi::default())
            }
            Flavor::Nano => {
                if is_new {
                    core.info("[ New File ]");
                } else {
                    let n = nano::line_count(&core);
                    core.info(nano::lines_message("Read", n));
                }
                Keymap::Nano(nano::Nano::default())
            }
        };
        Self { core, keymap }
    }

    pub fn key(&mut self, key: Key) -> Option<Effect> {
        match &mut self.keymap {
            Keymap::Vi(v) => v.key(&mut self.core, key),
            Keymap::Nano(n) => {
                // nano keeps its message until the next key.
                if n.prompt.is_none() {
                    self.core.message = None;
                }
                n.key(&mut self.core, key)
            }
        }
    }

    /// Shows how a save went; true when it worked.
    pub fn saved(&mut self, result: Result<(), SaveError>) -> bool {
        let c = &mut self.core;
        match (&self.keymap, result) {
            (Keymap::Vi(_), Ok(())) => {
                let msg = format!("{} written", vi::file_summary(c));
                c.info(msg);
            }
            (Keymap::Nano(_), Ok(())) => {
                let n = nano::line_count(c);
                c.info(nano::lines_message("Wrote", n));
            }
            (Keymap::Vi(_), Err(SaveError::NoName)) => {
                c.error("E32: No file name");
                return false;
            }
            (Keymap::Vi(_), Err(SaveError::NoSpace)) => {
                let msg = format!("\"{}\" E514: Write error (file system full?)", c.label);
                c.error(msg);
                return false;
            }
            (Keymap::Vi(_), Err(SaveError::Other(_))) => {
                let msg = format!("\"{}\" E212: Can't open file for writing", c.label);
                c.error(msg);
                return false;
            }
            (Keymap::Nano(_), Err(e)) => {
                let why = match e {
                    SaveError::NoSpace => FsError::NoSpace.to_string(),
                    SaveError::NoName => "No file name".to_string(),
                    SaveError::Other(m) => m,
                };
                let msg = format!("[ Error writing {}: {why} ]", c.label);
                c.error(msg);
                return false;
            }
        }
        c.is_new = false;
        c.dirty = false;
        true
    }

    pub fn frame(&mut self, size: (usize, usize)) -> Frame {
        match &self.keymap {
            Keymap::Vi(v) => screen::vi_frame(&mut self.core, v, size),
            Keymap::Nano(n) => screen::nano_frame(&mut self.core, n, size),
        }
    }
}

/// Where a save goes.
pub trait Store {
    fn save(&mut self, sh: &mut ShellState, now_ms: i64, text: &str) -> Result<(), SaveError>;
}

/// A file of the session's file system.
pub struct FileStore(pub Option<String>);

impl Store for FileStore {
    fn save(&mut self, sh: &mut ShellState, now_ms: i64, text: &str) -> Result<(), SaveError> {
        let Some(path) = &self.0 else {
            return Err(SaveError::NoName);
        };
        sh.fs
            .write(path, text.as_bytes().to_vec(), now_ms)
            .map_err(|e| match e {
                FsError::NoSpace => SaveError::NoSpace,
                e => SaveError::Other(e.to_string()),
            })
    }
}

/// Memory only: keeps the last text saved.
#[derive(Default)]
pub struct MemoryStore(pub Option<String>);

impl Store for MemoryStore {
    fn save(&mut self, _: &mut ShellState, _: i64, text: &str) -> Result<(), SaveError> {
        self.0 = Some(text.to_string());
        Ok(())
    }
}

/// How a session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// The user left (after saving or not).
    Quit,
    /// No terminal: not a single key could be read. Nothing was changed.
    NoTerminal,
    /// Input stopped in the middle; the unsaved text, if it was modified.
    InputClosed(Option<String>),
}

/// Runs the editor full screen until the user leaves.
pub async fn run(ctx: &mut Ctx<'_>, mut ed: Editor, store: &mut dyn Store) -> Ended {
    let mut screen = Screen::default();
    let mut keys = KeyParser::default();
    let mut got_input = false;
    ctx.stdout.raw(screen::ENTER.as_bytes());
    loop {
        let (cols, rows) = ctx.host.size();
        let size = (usize::from(cols.max(1)), usize::from(rows.max(1)));
        let frame = ed.frame(size);
        ctx.stdout.raw(screen.draw(&frame, size).as_bytes());
        let Some(bytes) = ctx.host.read_raw().await else {
            ctx.stdout.raw(screen::LEAVE.as_bytes());
            if !got_input {
                return Ended::NoTerminal;
            }
            let unsaved = ed.core.dirty.then(|| ed.core.text.contents());
            return Ended::InputClosed(unsaved);
        };
        got_input = true;
        for key in keys.feed(&bytes) {
            let effect = ed.key(key);
            let quit = match effect {
                None => false,
                Some(Effect::Quit) => true,
                Some(Effect::Save { quit }) => {
                    let text = ed.core.text.contents();
                    let now = ctx.host.now_ms();
                    let result = store.save(ctx.sh, now, &text);
                    ed.saved(result) && quit
                }
            };
            if quit {
                ctx.stdout.raw(screen::LEAVE.as_bytes());
                return Ended::Quit;
            }
        }
    }
}

/// Why [`edit_text`] could not give an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no terminal to edit in")]
    NoTerminal,
    #[error("the terminal input closed while editing")]
    InputClosed,
}

/// Edits `initial` full screen for another command (`kubectl edit`),
/// showing `label` as the file name. `Some(text)`: the last text the user
/// saved; `None`: they left without saving.
pub async fn edit_text(
    ctx: &mut Ctx<'_>,
    flavor: Flavor,
    initial: &str,
    label: &str,
) -> Result<Option<String>, EditError> {
    let ed = Editor::new(flavor, initial, label, false);
    let mut store = MemoryStore::default();
    match run(ctx, ed, &mut store).await {
        Ended::Quit => Ok(store.0),
        Ended::NoTerminal => Err(EditError::NoTerminal),
        Ended::InputClosed(_) => Err(EditError::InputClosed),
    }
}

/// The flavour an editor command name means (`$EDITOR`, `$KUBE_EDITOR`):
/// its last path component, without arguments.
pub fn flavor_of(editor: &str) -> Option<Flavor> {
    let prog = editor.split_whitespace().next().unwrap_or("");
    match prog.rsplit('/').next().unwrap_or(prog) {
        "vi" | "vim" | "nvim" | "view" | "vim.tiny" | "vim.basic" => Some(Flavor::Vi),
        "nano" | "pico" | "rnano" => Some(Flavor::Nano),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
