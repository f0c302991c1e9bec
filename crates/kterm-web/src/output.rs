//! Where command output goes: the terminal (with `\n` → `\r\n`, since xterm
//! does not translate), and optionally a capture for the automation API.

use std::cell::RefCell;
use std::rc::Rc;

use kterm_shell::term::TermWriter;
use kterm_shell::Out;

use crate::xterm::Terminal;

/// Converts bare `\n` to `\r\n` for the terminal. Invalid UTF-8 (split
/// multi-byte sequences are kept until completed) is replaced.
#[derive(Default)]
pub struct Crlf {
    partial: Vec<u8>,
}

impl Crlf {
    pub fn convert(&mut self, bytes: &[u8]) -> String {
        self.partial.extend_from_slice(bytes);
        let valid = match std::str::from_utf8(&self.partial) {
            Ok(_) => self.partial.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => self.partial.len(),
        };
        let chunk: Vec<u8> = self.partial.drain(..valid).collect();
        let text = String::from_utf8_lossy(&chunk);
        let mut out = String::with_capacity(text.len() + 8);
        let mut prev = '\0';
        for c in text.chars() {
            if c == '\n' && prev != '\r' {
                out.push('\r');
            }
            out.push(c);
            prev = c;
        }
        out
    }
}

/// The screen itself: `\n` → `\r\n`, then xterm.js.
struct Screen {
    term: Rc<Terminal>,
    crlf: Crlf,
}

impl Out for Screen {
    fn write(&mut self, bytes: &[u8]) {
        let text = self.crlf.convert(bytes);
        if !text.is_empty() {
            self.term.write(&text);
        }
    }
}

/// The terminal writer of the page: every command's stdout and stderr on
/// the screen go through it. Text is filtered by the engine's
/// [`TermWriter`] (escape sequences in data are shown escaped), the raw
/// channel passes as is; the capture for `run()` keeps the bytes written.
pub struct TermOut {
    screen: TermWriter<Screen>,
    capture: Option<Rc<RefCell<Vec<u8>>>>,
    /// Whether the last byte written was a newline (for prompt placement).
    pub ends_with_newline: Rc<RefCell<bool>>,
}

impl TermOut {
    pub fn new(
        term: Rc<Terminal>,
        capture: Option<Rc<RefCell<Vec<u8>>>>,
        ends: Rc<RefCell<bool>>,
    ) -> Self {
        Self {
            screen: TermWriter::new(Screen {
                term,
                crlf: Crlf::default(),
            }),
            capture,
            ends_with_newline: ends,
        }
    }

    fn note(&mut self, bytes: &[u8]) {
        if let Some(c) = &self.capture {
            c.borrow_mut().extend_from_slice(bytes);
        }
        *self.ends_with_newline.borrow_mut() = bytes.ends_with(b"\n");
    }
}

impl Drop for TermOut {
    fn drop(&mut self) {
        self.screen.finish();
    }
}

impl Out for TermOut {
    fn write(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        self.note(bytes);
        self.screen.write(bytes);
    }

    fn raw(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        self.note(bytes);
        self.screen.raw(bytes);
    }
}
