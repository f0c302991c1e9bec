//! Key bytes (what xterm.js's onData delivers) → key events. Escape
//! sequences may arrive split across calls, so unfinished ones are kept.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Tab,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    Esc,
    /// Ctrl plus a letter, lower case (`Ctrl('a')`).
    Ctrl(char),
    /// Alt (ESC prefix) plus a key, lower case for letters.
    Alt(char),
    /// Bracketed paste content.
    Paste(String),
}

#[derive(Default)]
pub struct KeyParser {
    pending: Vec<u8>,
    paste: Option<Vec<u8>>,
}

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

enum Step {
    Key(Key, usize),
    /// Bytes that do not form a key we know: skip them.
    Skip(usize),
    /// Need more bytes.
    More,
}

impl KeyParser {
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Key> {
        self.pending.extend_from_slice(bytes);
        let mut keys = Vec::new();
        loop {
            if let Some(paste) = &mut self.paste {
                match find(&self.pending, PASTE_END) {
                    Some(i) => {
                        paste.extend_from_slice(&self.pending[..i]);
                        let text = String::from_utf8_lossy(paste).into_owned();
                        self.paste = None;
                        self.pending.drain(..i + PASTE_END.len());
                        keys.push(Key::Paste(text));
                        continue;
                    }
                    None => {
                        // Keep a possible partial end marker for the next call.
                        let keep = (1..PASTE_END.len())
                            .rev()
                            .find(|n| self.pending.ends_with(&PASTE_END[..*n]))
                            .unwrap_or(0);
                        let take = self.pending.len() - keep;
                        paste.extend(self.pending.drain(..take));
                        return keys;
                    }
                }
            }
            if self.pending.is_empty() {
                return keys;
            }
            if self.pending.starts_with(PASTE_START) {
                self.pending.drain(..PASTE_START.len());
                self.paste = Some(Vec::new());
                continue;
            }
            match step(&self.pending) {
                Step::Key(k, n) => {
                    keys.push(k);
                    self.pending.drain(..n);
                }
                Step::Skip(n) => {
                    self.pending.drain(..n);
                }
                Step::More => {
                    // A lone ESC typed by the user arrives alone: treat it as Esc.
                    if self.pending == [0x1b] {
                        keys.push(Key::Esc);
                        self.pending.clear();
                    }
                    return keys;
                }
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn step(b: &[u8]) -> Step {
    match b[0] {
        b'\r' | b'\n' => Step::Key(Key::Enter, 1),
        b'\t' => Step::Key(Key::Tab, 1),
        0x7f | 0x08 => Step::Key(Key::Backspace, 1),
        0x1b => escape(b),
        c @ 0x01..=0x1a => Step::Key(Key::Ctrl((b'a' + c - 1) as char), 1),
        0x00 | 0x1c..=0x1f => Step::Skip(1),
        _ => utf8(b),
    }
}

fn utf8(b: &[u8]) -> Step {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Step::Skip(1),
    };
    if b.len() < len {
        return Step::More;
    }
    match std::str::from_utf8(&b[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => Step::Key(Key::Char(c), len),
        None => Step::Skip(1),
    }
}

fn escape(b: &[u8]) -> Step {
    let Some(&second) = b.get(1) else {
        return Step::More;
    };
    match second {
        b'[' | b'O' => {
            // CSI/SS3: parameters then a final byte in 0x40..=0x7e.
            let Some(end) = b[2..].iter().position(|c| (0x40..=0x7e).contains(c)) else {
                return if b.len() > 32 {
                    Step::Skip(b.len())
                } else {
                    Step::More
                };
            };
            let n = end + 3;
            let params = &b[2..n - 1];
            let key = match (b[n - 1], params) {
                (b'A', _) => Key::Up,
                (b'B', _) => Key::Down,
                (b'C', p) if p.ends_with(b"5") || p.ends_with(b"3") => Key::Alt('f'),
                (b'D', p) if p.ends_with(b"5") || p.ends_with(b"3") => Key::Alt('b'),
                (b'C', _) => Key::Right,
                (b'D', _) => Key::Left,
                (b'H', _) => Key::Home,
                (b'F', _) => Key::End,
                (b'~', b"1") | (b'~', b"7") => Key::Home,
                (b'~', b"4") | (b'~', b"8") => Key::End,
                (b'~', b"3") => Key::Delete,
                (b'~', b"5") => Key::PageUp,
                (b'~', b"6") => Key::PageDown,
                _ => return Step::Skip(n),
            };
            Step::Key(key, n)
        }
        0x7f => Step::Key(Key::Alt('\x7f'), 2),
        0x1b => Step::Key(Key::Esc, 1),
        c if c.is_ascii_graphic() => Step::Key(Key::Alt(c.to_ascii_lowercase() as char), 2),
        _ => Step::Key(Key::Esc, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: Vec<(&[&[u8]], Vec<Key>)> = vec![
            (&[b"ab"], vec![Key::Char('a'), Key::Char('b')]),
            (&[b"\r"], vec![Key::Enter]),
            (
                &[b"\x7f\x01\x05"],
                vec![Key::Backspace, Key::Ctrl('a'), Key::Ctrl('e')],
            ),
            (
                &[b"\x1b[A\x1b[B\x1b[C\x1b[D"],
                vec![Key::Up, Key::Down, Key::Right, Key::Left],
            ),
            (
                &[b"\x1bOH\x1b[F\x1b[3~\x1b[1~"],
                vec![Key::Home, Key::End, Key::Delete, Key::Home],
            ),
            (&[b"\x1b[", b"A"], vec![Key::Up]),
            (&[b"\x1b[5~\x1b[6~"], vec![Key::PageUp, Key::PageDown]),
            (
                &[b"\x1bb\x1bF\x1bd"],
                vec![Key::Alt('b'), Key::Alt('f'), Key::Alt('d')],
            ),
            (&[b"\x1b[1;5C"], vec![Key::Alt('f')]),
            (
                &[b"\xc3\xa9\xe2\x9c\x93"],
                vec![Key::Char('é'), Key::Char('✓')],
            ),
            (&[&[0xe2, 0x9c], &[0x93]], vec![Key::Char('✓')]),
            (
                &[b"\x1b[200~a\nb\x1b[20", b"1~x"],
                vec![Key::Paste("a\nb".into()), Key::Char('x')],
            ),
            (&[b"\x1b"], vec![Key::Esc]),
            (&[b"\x1b[99z!"], vec![Key::Char('!')]),
        ];
        for (chunks, want) in cases {
            let mut p = KeyParser::default();
            let got: Vec<Key> = chunks.iter().flat_map(|c| p.feed(c)).collect();
            assert_eq!(got, want, "{chunks:?}");
        }
    }
}
