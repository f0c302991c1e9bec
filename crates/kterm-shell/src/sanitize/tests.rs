use super::*;

#[test]
fn table() {
    let cases: &[(&str, &str, &str)] = &[
        ("plain", "plain", "plain"),
        ("a\nb\tc", "a\nb\tc", "a\\nb\\tc"),
        ("\x1b[31mred\x1b[0m", "^[[31mred^[[0m", "^[[31mred^[[0m"),
        ("bell\x07", "bell\\x07", "bell\\x07"),
        ("cr\r", "cr\\r", "cr\\r"),
        ("c1\u{9b}31m", "c1\\x9b31m", "c1\\x9b31m"),
        ("del\x7f", "del\\x7f", "del\\x7f"),
        ("ünïcode ✓", "ünïcode ✓", "ünïcode ✓"),
        ("abc\u{202e}fed", "abc\\u202efed", "abc\\u202efed"),
        (
            "\u{2066}iso\u{2069}",
            "\\u2066iso\\u2069",
            "\\u2066iso\\u2069",
        ),
    ];
    for (input, want_text, want_field) in cases {
        assert_eq!(text(input), *want_text, "text({input:?})");
        assert_eq!(field(input), *want_field, "field({input:?})");
        // Escaped text passes every filter unchanged.
        assert_eq!(text(want_text), *want_text);
        assert_eq!(Display::default().feed(want_field.as_bytes()), *want_field);
    }
}

#[test]
fn invalid_utf8_is_replaced() {
    assert_eq!(bytes(b"ok\xff\x1b"), "ok\u{fffd}^[");
}

#[test]
fn caret_notation_for_the_line_editor() {
    let cases = [
        ('\x1b', Some("^[")),
        ('\x07', Some("^G")),
        ('\x00', Some("^@")),
        ('\x7f', Some("^?")),
        ('\u{9b}', Some("\\x9b")),
        ('\u{202e}', Some("\\u202e")),
        ('a', None),
        ('日', None),
    ];
    for (c, want) in cases {
        assert_eq!(caret(c).as_deref(), want, "{c:?}");
    }
}

/// A filter under test: a chunk, and whether it is the last one.
type Feed = Box<dyn FnMut(&[u8], bool) -> String>;

/// Every way of cutting `input` in two, or into single bytes, gives what
/// the whole gives.
fn every_split(input: &[u8], fresh: impl Fn() -> Feed) {
    let whole = fresh()(input, true);
    for i in 0..=input.len() {
        let mut f = fresh();
        let got = format!("{}{}", f(&input[..i], false), f(&input[i..], true));
        assert_eq!(got, whole, "{input:?} cut at {i}");
    }
    let mut f = fresh();
    let mut got: String = input
        .iter()
        .map(|b| f(std::slice::from_ref(b), false))
        .collect();
    got.push_str(&f(&[], true));
    assert_eq!(got, whole, "{input:?} byte by byte");
}

fn display_all(input: &[u8]) -> String {
    let mut d = Display::default();
    let mut out = d.feed(input);
    out.push_str(&d.finish());
    out
}

#[test]
fn display_escapes_whatever_the_chunks() {
    let cases: &[(&[u8], &str)] = &[
        (b"ok\n", "ok\n"),
        (b"a\x1b]0;T\x07b", "a^[]0;T\\x07b"),
        (b"crlf\r\nline", "crlf\r\nline"),
        (b"over\rwrite", "over\\rwrite"),
        (b"end\r", "end\\r"),
        (b"\x08\x7f", "\\x08\\x7f"),
        (
            "c1 \u{9b}2J \u{9d}0;t\u{9c}".as_bytes(),
            "c1 \\x9b2J \\x9d0;t\\x9c",
        ),
        ("rtl \u{202e}gnp.exe".as_bytes(), "rtl \\u202egnp.exe"),
        ("日本\u{1f600}".as_bytes(), "日本\u{1f600}"),
        (b"bad \xff\xfe ok", "bad \u{fffd}\u{fffd} ok"),
        (b"cut \xe6\x97", "cut \u{fffd}"),
    ];
    for (input, want) in cases {
        assert_eq!(display_all(input), *want, "{input:?}");
        every_split(input, || {
            let mut d = Display::default();
            Box::new(move |b: &[u8], last| {
                let mut s = d.feed(b);
                if last {
                    s.push_str(&d.finish());
                }
                s
            })
        });
    }
}

fn remote_all(input: &[u8]) -> String {
    let mut r = Remote::default();
    let mut out = r.feed(input);
    out.push_str(&r.finish());
    out
}

#[test]
fn remote_keeps_the_screen_and_drops_the_rest() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"a\r\n\x08 \x08\x1b[31mred\x1b[0m",
            "a\r\n\x08 \x08\x1b[31mred\x1b[0m",
        ),
        (b"x\x1b]0;title\x07y", "xy"),
        (b"x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"),
        (b"x\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\y", "xlinky"),
        (b"x\x1bPq#0\x1b\\y", "xy"),
        (b"x\x1b_apc\x1b\\y\x1b^pm\x07z\x1bXsos\x07!", "xyz!"),
        (b"cut\x1b]0;never ends", "cut"),
        ("c1\u{9b}31m \u{9d}0;t\u{9c}".as_bytes(), "c131m 0;t"),
        (
            b"\x1b[2J\x1b[H\x1b[?1049h\x1b[?25l",
            "\x1b[2J\x1b[H\x1b[?1049h\x1b[?25l",
        ),
        (b"\x1b(B\x1b7\x1b8\x1b=", "\x1b(B\x1b7\x1b8\x1b="),
        // CAN cancels; ESC inside a CSI starts over.
        (b"\x1b[31\x18x\x1b[3\x1b[1m", "x\x1b[1m"),
        // A control inside a CSI breaks it (never half a sequence out).
        (b"\x1b[3\n1m", "\n1m"),
        (b"\x1b\x1b]0;t\x07ok", "ok"),
        ("bidi \u{202e}x\u{2066}".as_bytes(), "bidi x"),
    ];
    for (input, want) in cases {
        assert_eq!(remote_all(input), *want, "{input:?}");
        every_split(input, || {
            let mut r = Remote::default();
            Box::new(move |b: &[u8], last| {
                let mut s = r.feed(b);
                if last {
                    s.push_str(&r.finish());
                }
                s
            })
        });
    }
}

#[test]
fn remote_drops_a_long_csi_whole() {
    let mut long = b"\x1b[".to_vec();
    long.extend(std::iter::repeat_n(b'1', 500));
    long.extend_from_slice(b"mok");
    assert_eq!(remote_all(&long), "ok");
}

#[test]
fn remote_restores_the_modes_it_saw_changed() {
    let cases: &[(&[u8], &str)] = &[
        (b"plain", ""),
        (b"\x1b[31m", "\x1b[0m"),
        (
            b"\x1b[?2004l\x1b[?1000h\x1b[?1h\x1b[?25l\x1b[?1049h",
            "\x1b[?1049l\x1b[?1l\x1b[?25h\x1b[?1000l\x1b[?2004h",
        ),
        // Set and put back by the remote itself: nothing to do.
        (b"\x1b[?25l\x1b[?25h\x1b[?1049h\x1b[?1049l", ""),
        (b"\x1b[?1047h\x1b=\x1b[4h", "\x1b[?1047l\x1b>\x1b[4l"),
        (b"\x1b[2;20r\x1b[?6h", "\x1b7\x1b[?6l\x1b[r\x1b8"),
        (b"\x1b[?1002;1006h", "\x1b[?1002l\x1b[?1006l"),
        // A full reset turns bracketed paste off.
        (b"\x1b[?1049h\x1bc", "\x1b[?2004h"),
        // Split sequences are tracked too.
        (b"\x1b[?20", ""),
    ];
    for (input, want) in cases {
        let mut r = Remote::default();
        for b in *input {
            r.feed(std::slice::from_ref(b));
        }
        assert_eq!(r.restore(), *want, "{input:?}");
        assert_eq!(r.restore(), "", "restore is done once");
    }
}

#[test]
fn the_audit_split_frame_never_makes_an_osc() {
    // ESC at the end of one frame, `]0;…BEL` in the next.
    let mut r = Remote::default();
    let out = format!(
        "{}{}{}",
        r.feed(b"a\x1b"),
        r.feed(b"]0;SPLIT-TITLE\x07b"),
        r.feed(b"\x1b]52;c;QQ==\x07")
    );
    assert_eq!(out, "ab");
}

#[test]
fn prompts_keep_colour_only() {
    let cases: &[(&str, &str)] = &[
        (
            "Enter a number\x1b[36;1m>\x1b[0m ",
            "Enter a number\x1b[36;1m>\x1b[0m ",
        ),
        ("x\x1b[8mhidden\x1b[0m", "x^[[8mhidden\x1b[0m"),
        ("bg\x1b[40;30m", "bg^[[40;30m"),
        ("t\x1b]0;T\x07", "t^[]0;T\\x07"),
        ("cut\x1b[", "cut^[["),
        ("\x1b[m", "^[[m"),
    ];
    for (input, want) in cases {
        assert_eq!(prompt(input), *want, "{input:?}");
    }
}
