//! Where text from outside the engine is made safe to show. Two filters:
//!
//! - [`Display`] is the terminal writer's filter: every byte any command
//!   writes to the terminal passes it (the front end's `TermOut` and
//!   [`crate::term::TermWriter`] apply it), so no command can forget it.
//!   C0/C1 control characters other than newline and tab, DEL, and the
//!   bidirectional controls are shown escaped (`^[`, `\r`, `\x9b`,
//!   `\u202e`), never drawn raw: no escape sequence reaches the terminal
//!   unasked (kubectl does the same since CVE-2021-25743).
//! - [`remote::Remote`] is the raw channel's filter, for the output of a
//!   remote terminal session (`kubectl exec -it`, `attach -it`): the cursor
//!   movement, colours and modes a shell needs pass, OSC/DCS/APC/PM/SOS and
//!   C1 controls never do, with parser state kept across chunks.
//!
//! [`text`] and [`field`] are the same escaping for one string, for
//! commands that quote a value inside a message; applying them before the
//! terminal writer is harmless (the writer leaves escaped text unchanged).

pub mod remote;

pub use remote::Remote;

/// Escapes control characters in `s`, keeping `\n` and `\t`.
pub fn text(s: &str) -> String {
    escape(s, &['\n', '\t'])
}

/// Escapes control characters in a single-line field (table cell, name),
/// including newlines and tabs.
pub fn field(s: &str) -> String {
    escape(s, &[])
}

/// A prompt for `Host::read_line`: escaped as [`text`], except plain
/// colour and weight (SGR with foreground colours, bold, italic and their
/// resets), which CLIs put in their prompts (`ibmcloud`'s cyan `>`). No
/// background, black or concealing style passes, so nothing in a prompt
/// can be hidden.
pub fn prompt(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\x1b') {
        out.push_str(&text(&rest[..i]));
        let seq = &rest[i..];
        let end = seq
            .strip_prefix("\x1b[")
            .and_then(|p| p.find('m').map(|m| m + 3))
            .filter(|&e| {
                seq[2..e - 1].split(';').all(|p| {
                    matches!(
                        p.parse::<u8>(),
                        Ok(0 | 1 | 3 | 22 | 23 | 31..=37 | 39 | 91..=97)
                    )
                })
            });
        match end {
            Some(e) => {
                out.push_str(&seq[..e]);
                rest = &seq[e..];
            }
            None => {
                out.push_str("^[");
                rest = &seq[1..];
            }
        }
    }
    out.push_str(&text(rest));
    out
}

/// Sanitizes raw bytes (logs, file contents): invalid UTF-8 becomes U+FFFD.
pub fn bytes(b: &[u8]) -> String {
    text(&String::from_utf8_lossy(b))
}

/// Output of a remote terminal session in one piece; see [`Remote`] for
/// output that arrives in chunks.
pub fn terminal(b: &[u8]) -> String {
    let mut r = Remote::default();
    let mut out = r.feed(b);
    out.push_str(&r.finish());
    out
}

/// How the line editor shows a character of the line being edited: the
/// caret notation bash uses for C0 controls and DEL (`^[`, `^?`), the
/// escapes of [`text`] for the rest; `None` for a character drawn as is.
pub fn caret(c: char) -> Option<String> {
    let cp = c as u32;
    match cp {
        0x00..=0x1f => char::from_u32(cp + 0x40).map(|l| format!("^{l}")),
        0x7f => Some("^?".into()),
        _ if needs_escape(c, &[]) => Some(escape_one(c)),
        _ => None,
    }
}

/// The terminal writer's filter: [`text`] over a stream. A multi-byte
/// character split between writes is kept until it completes; a `\r`
/// directly before `\n` is a line end (CRLF files), so it passes.
#[derive(Default, Debug)]
pub struct Display {
    partial: Vec<u8>,
    /// A `\r` ended the last write: shown once the next byte is known.
    cr: bool,
}

impl Display {
    pub fn feed(&mut self, bytes: &[u8]) -> String {
        let mut out = String::new();
        let mut bytes = bytes;
        if self.cr {
            if bytes.is_empty() {
                return out;
            }
            self.cr = false;
            if bytes[0] == b'\n' {
                out.push_str("\r\n");
                bytes = &bytes[1..];
            } else {
                out.push_str("\\r");
            }
        }
        let text = utf8_prefix(&mut self.partial, bytes);
        let mut it = text.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\r' {
                match it.peek() {
                    Some('\n') => {
                        it.next();
                        out.push_str("\r\n");
                    }
                    Some(_) => out.push_str("\\r"),
                    // The last character: partial UTF-8 after it is
                    // impossible (it would have been in `text`).
                    None if self.partial.is_empty() => self.cr = true,
                    None => out.push_str("\\r"),
                }
            } else if needs_escape(c, &['\n', '\t']) {
                out.push_str(&escape_one(c));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// What is still held at the end of the output.
    pub fn finish(&mut self) -> String {
        let mut out = String::new();
        if std::mem::take(&mut self.cr) {
            out.push_str("\\r");
        }
        if !self.partial.is_empty() {
            self.partial.clear();
            out.push('\u{fffd}');
        }
        out
    }
}

/// Appends `bytes` to `partial` and returns the longest decodable prefix
/// (invalid bytes replaced); an incomplete character at the end stays in
/// `partial`.
pub(crate) fn utf8_prefix(partial: &mut Vec<u8>, bytes: &[u8]) -> String {
    partial.extend_from_slice(bytes);
    let keep = match std::str::from_utf8(partial) {
        Ok(_) => 0,
        Err(e) if e.error_len().is_none() => partial.len() - e.valid_up_to(),
        Err(_) => incomplete_tail(partial),
    };
    let rest = partial.split_off(partial.len() - keep);
    let text = String::from_utf8_lossy(partial).into_owned();
    *partial = rest;
    text
}

/// Length of an incomplete UTF-8 sequence at the end of `b` (0 if none).
fn incomplete_tail(b: &[u8]) -> usize {
    for back in 1..=3.min(b.len()) {
        let lead = b[b.len() - back];
        let need = match lead {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            0x80..=0xbf => continue,
            _ => return 0,
        };
        return if need > back { back } else { 0 };
    }
    0
}

fn escape(s: &str, keep: &[char]) -> String {
    if !s.chars().any(|c| needs_escape(c, keep)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c, keep) {
            out.push_str(&escape_one(c));
        } else {
            out.push(c);
        }
    }
    out
}

fn escape_one(c: char) -> String {
    match c {
        '\x1b' => "^[".into(),
        '\r' => "\\r".into(),
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        c if (c as u32) < 0x100 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{:04x}", c as u32),
    }
}

/// The bidirectional embeddings, overrides and isolates: they reorder
/// what a copy of the text says (CVE-2021-42574).
pub(crate) fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn needs_escape(c: char, keep: &[char]) -> bool {
    let cp = c as u32;
    let control = cp < 0x20 || cp == 0x7f || (0x80..0xa0).contains(&cp);
    (control || is_bidi(c)) && !keep.contains(&c)
}

#[cfg(test)]
mod tests;
