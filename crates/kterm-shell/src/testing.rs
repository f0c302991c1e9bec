//! Helpers for tests of commands: a scripted [`Host`] with a fixed clock, and
//! a way to run one command and capture its output.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use async_trait::async_trait;

use crate::{Cancel, CmdError, Command, Ctx, Host, Registry, ShellState};

/// 2026-01-01T00:00:00Z, the clock tests start at.
pub const T0_MS: i64 = 1_767_225_600_000;

/// A file's name and contents.
pub type NamedFile = (String, Vec<u8>);

/// A host whose clock only moves when something sleeps, and whose terminal
/// answers prompts from a script.
pub struct TestHost {
    now: Cell<i64>,
    lines: RefCell<VecDeque<String>>,
    /// Raw keys, or `None` for a scripted resize (taken from `resizes`).
    raw: RefCell<VecDeque<Option<Vec<u8>>>>,
    resizes: RefCell<VecDeque<(u16, u16)>>,
    /// Columns and rows `size` answers (80×24 unless set).
    size: Cell<(u16, u16)>,
    /// Every prompt shown, with whether it was secret.
    pub prompts: RefCell<Vec<(String, bool)>>,
    /// What the file picker answers, once each (`upload`); none queued: no picker.
    pub picks: RefCell<VecDeque<Vec<NamedFile>>>,
    /// Files handed to the user (`download`); `None`: no place to save them.
    pub saved: RefCell<Option<Vec<NamedFile>>>,
}

impl Default for TestHost {
    fn default() -> Self {
        Self {
            now: Cell::new(T0_MS),
            lines: RefCell::default(),
            raw: RefCell::default(),
            resizes: RefCell::default(),
            size: Cell::new((80, 24)),
            prompts: RefCell::default(),
            picks: RefCell::default(),
            saved: RefCell::default(),
        }
    }
}

impl TestHost {
    pub fn with_lines(lines: &[&str]) -> Self {
        let h = Self::default();
        h.lines
            .borrow_mut()
            .extend(lines.iter().map(|s| s.to_string()));
        h
    }

    /// A line the next `read_line` answers.
    pub fn push_line(&self, line: &str) {
        self.lines.borrow_mut().push_back(line.to_string());
    }

    pub fn push_raw(&self, bytes: &[u8]) {
        self.raw.borrow_mut().push_back(Some(bytes.to_vec()));
    }

    /// The terminal takes this size (columns, rows) once the raw input
    /// before it has been read, as if the window was resized there.
    pub fn push_resize(&self, cols: u16, rows: u16) {
        self.resizes.borrow_mut().push_back((cols, rows));
        self.raw.borrow_mut().push_back(None);
    }

    /// Key chunks in order, each returned by one `read_raw`.
    pub fn push_keys(&self, chunks: &[&str]) {
        for c in chunks {
            self.push_raw(c.as_bytes());
        }
    }

    pub fn set_size(&self, cols: u16, rows: u16) {
        self.size.set((cols, rows));
    }

    pub fn advance_ms(&self, ms: i64) {
        self.now.set(self.now.get() + ms);
    }
}

#[async_trait(?Send)]
impl Host for TestHost {
    fn now_ms(&self) -> i64 {
        self.now.get()
    }

    async fn sleep_ms(&self, ms: u64) {
        self.advance_ms(ms as i64);
    }

    async fn read_line(&self, prompt: &str, secret: bool) -> Option<String> {
        self.prompts.borrow_mut().push((prompt.to_string(), secret));
        self.lines.borrow_mut().pop_front()
    }

    async fn read_raw(&self) -> Option<Vec<u8>> {
        loop {
            match self.raw.borrow_mut().pop_front()? {
                Some(keys) => return Some(keys),
                None => {
                    if let Some(s) = self.resizes.borrow_mut().pop_front() {
                        self.size.set(s);
                    }
                }
            }
        }
    }

    fn size(&self) -> (u16, u16) {
        self.size.get()
    }

    async fn pick_files(&self) -> Option<Vec<(String, Vec<u8>)>> {
        self.picks.borrow_mut().pop_front()
    }

    async fn save_file(&self, name: &str, data: &[u8]) -> bool {
        match self.saved.borrow_mut().as_mut() {
            Some(v) => {
                v.push((name.to_string(), data.to_vec()));
                true
            }
            None => false,
        }
    }
}

/// What a command printed and returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

/// Runs `cmd` once with `args` and `stdin`, the way the executor would.
pub async fn run_command(
    cmd: &dyn Command,
    sh: &mut ShellState,
    registry: &Registry,
    host: &dyn Host,
    args: &[&str],
    stdin: &[u8],
) -> Outcome {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = {
        let mut ctx = Ctx {
            name: cmd.name().to_string(),
            args: args.iter().map(|s| s.to_string()).collect(),
            stdin: stdin.to_vec(),
            stdin_is_tty: stdin.is_empty(),
            stdout: &mut out,
            stderr: &mut err,
            stdout_is_tty: false,
            sh,
            registry,
            host,
            cancel: Cancel::new(),
        };
        match cmd.run(&mut ctx).await {
            Ok(n) => n,
            Err(CmdError::Msg(m)) => {
                ctx.stderr.line(&format!("{}: {}", cmd.name(), m));
                1
            }
            Err(e) => e.status(),
        }
    };
    Outcome {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
        status,
    }
}
