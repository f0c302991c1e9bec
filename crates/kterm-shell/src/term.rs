//! The terminal writer: the one boundary every command's output passes on
//! its way to the screen. Text written with [`Out::write`] is filtered by
//! [`Display`] (controls, C1 and bidi escaped), so no command can forget to
//! sanitize; [`Out::raw`] passes unchanged. The browser's `TermOut` is
//! built on it, and native tests wrap a `Vec<u8>` in it to see exactly
//! what xterm.js would be given.

use crate::sanitize::Display;
use crate::Out;

pub struct TermWriter<W: Out> {
    inner: W,
    display: Display,
}

impl<W: Out> TermWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            display: Display::default(),
        }
    }

    pub fn inner(&self) -> &W {
        &self.inner
    }

    /// Writes what the filter still holds (a cut character, a final `\r`).
    pub fn finish(&mut self) {
        let rest = self.display.finish();
        if !rest.is_empty() {
            self.inner.write(rest.as_bytes());
        }
    }

    pub fn into_inner(mut self) -> W {
        self.finish();
        self.inner
    }
}

impl<W: Out> Out for TermWriter<W> {
    fn write(&mut self, bytes: &[u8]) {
        let shown = self.display.feed(bytes);
        if !shown.is_empty() {
            self.inner.write(shown.as_bytes());
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        // Text written before keeps its place ahead of the raw bytes.
        self.finish();
        self.inner.write(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_raw_passes() {
        let mut t = TermWriter::new(Vec::new());
        t.write(b"name: Evil\x1b]0;T\x07\n");
        t.styled("32", "OK");
        t.styled("32m\x1b]0;x\x07", "x");
        t.raw(b"\x1b[H");
        t.write("\u{202e}".as_bytes());
        let got = String::from_utf8(t.into_inner()).unwrap_or_default();
        assert_eq!(
            got,
            "name: Evil^[]0;T\\x07\n\x1b[32mOK\x1b[0mx\x1b[H\\u202e"
        );
    }
}
