//! Output sinks. Commands never print directly: they write to the `Out` they
//! are given (the terminal, a pipe buffer, a file, or a test's `Vec<u8>`).
//!
//! Two channels: [`Out::write`] carries text, which the terminal writer
//! shows with every control character escaped (see [`crate::sanitize`]);
//! [`Out::raw`] carries what the engine itself means for the terminal
//! (its own colours via [`Out::styled`], `clear`, the full-screen editor,
//! the filtered output of `exec -it`), which the terminal writer passes as
//! is. Everywhere else (pipes, files, captures) both are plain bytes.

pub trait Out {
    fn write(&mut self, bytes: &[u8]);

    /// Bytes for the terminal itself; never API data or file contents
    /// unless they went through [`crate::sanitize::Remote`].
    fn raw(&mut self, bytes: &[u8]) {
        self.write(bytes);
    }

    fn write_str(&mut self, s: &str) {
        self.write(s.as_bytes());
    }

    fn line(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.write(b"\n");
    }

    /// `text` in an SGR style (`"32"` green, `"1;31"` bold red): the style
    /// goes on the raw channel, the text on the filtered one. A style that
    /// is not SGR parameters is ignored. Callers style only when their
    /// stdout is a terminal, as the real CLIs do.
    fn styled(&mut self, sgr: &str, text: &str) {
        let valid = !sgr.is_empty() && sgr.bytes().all(|b| b.is_ascii_digit() || b == b';');
        if valid {
            self.raw(format!("\x1b[{sgr}m").as_bytes());
        }
        self.write(text.as_bytes());
        if valid {
            self.raw(b"\x1b[0m");
        }
    }
}

impl Out for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Discards everything (`2>/dev/null`).
pub struct Null;

impl Out for Null {
    fn write(&mut self, _: &[u8]) {}
}
