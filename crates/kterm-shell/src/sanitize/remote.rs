//! The filter for a remote terminal session's output (`kubectl exec -it`,
//! `attach -it`), which arrives in WebSocket frames cut anywhere. It is a
//! small VT500-style parser that keeps its state across chunks: complete
//! CSI and two-byte ESC sequences (cursor, colours, modes) pass, a sequence
//! cut at the end of a chunk is held back until it completes, and
//! OSC/DCS/SOS/PM/APC strings (title, clipboard, hyperlinks, sixel) and C1
//! controls are dropped wherever they are cut. It also remembers which
//! terminal modes the remote changed, so that [`Remote::restore`] can put
//! them back when the session ends.

use std::collections::BTreeMap;

/// The longest CSI kept; a longer one is dropped (no real one comes near).
const MAX_CSI: usize = 64;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Ground,
    /// After ESC.
    Esc,
    /// ESC and intermediate bytes (`ESC ( B`).
    EscInter,
    /// ESC [ and parameters.
    Csi,
    /// A CSI too long to keep: dropped to its final byte.
    CsiDrop,
    /// Inside an OSC/DCS/SOS/PM/APC string: dropped to its terminator.
    Str,
}

/// Private modes (`CSI ? n h/l`) as this terminal has them between
/// commands; a mode the remote leaves elsewhere is set back.
const PRIVATE_DEFAULTS: &[(u32, bool)] = &[
    (1, false),    // application cursor keys
    (6, false),    // origin mode
    (7, true),     // auto-wrap
    (9, false),    // X10 mouse
    (12, false),   // blinking cursor
    (25, true),    // cursor shown
    (1000, false), // mouse tracking
    (1001, false),
    (1002, false),
    (1003, false),
    (1004, false), // focus events
    (1005, false),
    (1006, false),
    (1015, false),
    (1016, false),
    (2004, true), // bracketed paste (the shell's paste protection)
];

#[derive(Debug, Default)]
pub struct Remote {
    state: State,
    /// The sequence being read (ESC, CSI), emitted once complete.
    seq: String,
    utf8: Vec<u8>,
    /// Private modes the remote set or reset, with their last value.
    modes: BTreeMap<u32, bool>,
    /// Which alternate screen is on (47, 1047 or 1049), if any.
    alt: Option<u32>,
    keypad: bool,
    insert: bool,
    scroll_region: bool,
    styled: bool,
}

impl Remote {
    /// Filters one chunk; what it returns is safe to write to the terminal.
    pub fn feed(&mut self, bytes: &[u8]) -> String {
        let text = super::utf8_prefix(&mut self.utf8, bytes);
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            self.step(c, &mut out);
        }
        out
    }

    /// Ends the stream: an incomplete sequence is dropped.
    pub fn finish(&mut self) -> String {
        self.utf8.clear();
        self.seq.clear();
        self.state = State::Ground;
        String::new()
    }

    fn step(&mut self, c: char, out: &mut String) {
        let cp = c as u32;
        match self.state {
            State::Ground => match c {
                '\x1b' => self.start(State::Esc, c),
                '\u{80}'..='\u{9f}' => {}
                c if super::is_bidi(c) => {}
                c => out.push(c),
            },
            State::Esc => match cp {
                0x5b => self.push(State::Csi, c),
                // OSC, DCS, SOS, PM, APC.
                0x5d | 0x50 | 0x58 | 0x5e | 0x5f => self.start(State::Str, c),
                0x20..=0x2f => self.push(State::EscInter, c),
                // A lone ST (what ends a dropped string) means nothing.
                0x5c => self.ground(),
                0x30..=0x7e => {
                    self.seq.push(c);
                    self.esc_done(out);
                }
                0x1b => self.start(State::Esc, c),
                _ => self.abort(c, out),
            },
            State::EscInter => match cp {
                0x20..=0x2f if self.seq.len() < 8 => self.seq.push(c),
                0x30..=0x7e => {
                    self.seq.push(c);
                    out.push_str(&self.seq);
                    self.ground();
                }
                _ => self.abort(c, out),
            },
            State::Csi => match cp {
                0x20..=0x3f if self.seq.len() < MAX_CSI => self.seq.push(c),
                0x20..=0x3f => self.start(State::CsiDrop, c),
                0x40..=0x7e => {
                    self.seq.push(c);
                    self.csi_done(out);
                }
                _ => self.abort(c, out),
            },
            State::CsiDrop => match cp {
                0x20..=0x3f => {}
                0x40..=0x7e => self.ground(),
                _ => self.abort(c, out),
            },
            State::Str => match c {
                '\x07' | '\u{9c}' | '\x18' | '\x1a' => self.ground(),
                // ESC ends the string (as in xterm.js) and starts a
                // sequence; `ESC \` (ST) is then dropped above.
                '\x1b' => self.start(State::Esc, c),
                _ => {}
            },
        }
    }

    fn start(&mut self, state: State, c: char) {
        self.seq.clear();
        if state != State::Str && state != State::CsiDrop {
            self.seq.push(c);
        }
        self.state = state;
    }

    fn push(&mut self, state: State, c: char) {
        self.seq.push(c);
        self.state = state;
    }

    fn ground(&mut self) {
        self.seq.clear();
        self.state = State::Ground;
    }

    /// A sequence broken by a character that cannot continue it: the
    /// partial sequence is dropped and the character read afresh (CAN and
    /// SUB only cancel).
    fn abort(&mut self, c: char, out: &mut String) {
        self.ground();
        if c != '\x18' && c != '\x1a' {
            self.step(c, out);
        }
    }

    fn esc_done(&mut self, out: &mut String) {
        match self.seq.as_str() {
            "\x1b=" => self.keypad = true,
            "\x1b>" => self.keypad = false,
            // Full reset: every mode back to xterm's defaults, which
            // include bracketed paste off.
            "\x1bc" => {
                *self = Remote {
                    state: self.state,
                    utf8: std::mem::take(&mut self.utf8),
                    ..Remote::default()
                };
                self.modes.insert(2004, false);
                self.seq = "\x1bc".into();
            }
            _ => {}
        }
        out.push_str(&self.seq);
        self.ground();
    }

    fn csi_done(&mut self, out: &mut String) {
        let body = &self.seq[2..self.seq.len() - 1];
        let fin = self.seq.chars().last().unwrap_or(' ');
        match (body.strip_prefix('?'), fin) {
            (Some(params), 'h' | 'l') => {
                let on = fin == 'h';
                for n in params.split(';').filter_map(|p| p.parse::<u32>().ok()) {
                    match n {
                        47 | 1047 | 1049 => self.alt = on.then_some(n),
                        n => {
                            self.modes.insert(n, on);
                        }
                    }
                }
            }
            (None, 'h' | 'l') if body.split(';').any(|p| p == "4") => {
                self.insert = fin == 'h';
            }
            (None, 'r') => self.scroll_region = !body.is_empty(),
            (None, 'm') => self.styled = true,
            _ => {}
        }
        out.push_str(&self.seq);
        self.ground();
    }

    /// What puts the terminal back as the shell had it, written when the
    /// session ends however it ends: the main screen, the cursor shown,
    /// no mouse reports, normal cursor keys and keypad, bracketed paste on,
    /// no scroll region, plain colours.
    pub fn restore(&mut self) -> String {
        let mut out = String::new();
        match self.alt.take() {
            // 1049 saved the cursor on entry and puts it back.
            Some(1049) => out.push_str("\x1b[?1049l"),
            Some(n) => out.push_str(&format!("\x1b[?{n}l")),
            None => {}
        }
        // DECSTBM and DECOM move the cursor home: keep it where it is.
        let origin = self.modes.get(&6) == Some(&true);
        if self.scroll_region || origin {
            out.push_str("\x1b7");
            if origin {
                out.push_str("\x1b[?6l");
            }
            if self.scroll_region {
                out.push_str("\x1b[r");
            }
            out.push_str("\x1b8");
        }
        self.modes.remove(&6);
        for (n, on) in std::mem::take(&mut self.modes) {
            let default = PRIVATE_DEFAULTS
                .iter()
                .find(|(m, _)| *m == n)
                .map(|(_, d)| *d);
            if let Some(d) = default.filter(|d| *d != on) {
                out.push_str(&format!("\x1b[?{n}{}", if d { 'h' } else { 'l' }));
            }
        }
        if std::mem::take(&mut self.keypad) {
            out.push_str("\x1b>");
        }
        if std::mem::take(&mut self.insert) {
            out.push_str("\x1b[4l");
        }
        if std::mem::take(&mut self.styled) {
            out.push_str("\x1b[0m");
        }
        self.scroll_region = false;
        out
    }
}
