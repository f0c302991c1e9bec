//! The terminal filters on any bytes cut anywhere: the terminal writer's
//! (`Display`) and the remote session's (`Remote`). However the bytes are
//! cut, the output is the same as in one piece, and what reaches the
//! terminal has no raw control character (Display) or no OSC/DCS/SOS/PM/
//! APC string, C1 control or bidi control (Remote).
#![no_main]

use kterm_shell::sanitize::{Display, Remote};
use libfuzzer_sys::fuzz_target;

/// The chunks: the first byte says how many cut sizes follow.
fn chunks(data: &[u8]) -> Option<(Vec<usize>, &[u8])> {
    let n = *data.first()? as usize % 8;
    let cuts = data.get(1..1 + n)?;
    let sizes = if cuts.is_empty() {
        vec![1]
    } else {
        cuts.iter().map(|c| 1 + *c as usize % 16).collect()
    };
    Some((sizes, &data[1 + n..]))
}

fn bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn cut<'a>(bytes: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].min(rest.len());
        out.push(&rest[..n]);
        rest = &rest[n..];
        i += 1;
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((sizes, bytes)) = chunks(data) else {
        return;
    };
    let pieces = cut(bytes, &sizes);

    let mut whole = Display::default();
    let mut one = whole.feed(bytes);
    one.push_str(&whole.finish());
    let mut d = Display::default();
    let mut cut_out: String = pieces.iter().map(|p| d.feed(p)).collect();
    cut_out.push_str(&d.finish());
    assert_eq!(one, cut_out, "Display depends on the chunking");
    let mut it = one.chars().peekable();
    while let Some(c) = it.next() {
        let cp = c as u32;
        let control = cp < 0x20 || cp == 0x7f || (0x80..0xa0).contains(&cp);
        match c {
            '\n' | '\t' => {}
            '\r' => assert_eq!(it.next(), Some('\n'), "a bare CR reached the terminal"),
            c if control || bidi(c) => panic!("{c:?} reached the terminal raw"),
            _ => {}
        }
    }

    let mut whole = Remote::default();
    let mut one = whole.feed(bytes);
    one.push_str(&whole.finish());
    let mut r = Remote::default();
    let mut cut_out: String = pieces.iter().map(|p| r.feed(p)).collect();
    cut_out.push_str(&r.finish());
    assert_eq!(one, cut_out, "Remote depends on the chunking");
    let mut it = one.chars().peekable();
    while let Some(c) = it.next() {
        assert!(
            !(('\u{80}'..='\u{9f}').contains(&c) || bidi(c)),
            "{c:?} passed the remote filter"
        );
        if c == '\x1b' {
            let next = it.peek().copied();
            assert!(
                !matches!(next, None | Some(']' | 'P' | 'X' | '^' | '_')),
                "ESC {next:?} passed the remote filter"
            );
        }
    }
});
