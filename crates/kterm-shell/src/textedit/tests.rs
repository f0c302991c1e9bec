#![allow(clippy::unwrap_used, clippy::type_complexity)] // tables of cases

use super::*;

/// Feeds key chunks (each as one read from the terminal); returns every
/// effect asked for, saving into memory as the driver would.
fn feed(ed: &mut Editor, chunks: &[&str]) -> Vec<Effect> {
    let mut keys = KeyParser::default();
    let mut effects = Vec::new();
    for c in chunks {
        for k in keys.feed(c.as_bytes()) {
            if let Some(e) = ed.key(k) {
                if let Effect::Save { .. } = e {
                    ed.saved(Ok(()));
                }
                effects.push(e);
            }
        }
    }
    effects
}

#[test]
fn vi_keys_table() {
    // (initial text, key chunks, text after, cursor after, effects)
    let cases: Vec<(&str, Vec<&str>, &str, (usize, usize), Vec<Effect>)> = vec![
        ("", vec!["ihello", "\x1b"], "hello\n", (0, 4), vec![]),
        ("abc", vec!["a", "X", "\x1b"], "aXbc\n", (0, 1), vec![]),
        ("abc", vec!["A", "!", "\x1b"], "abc!\n", (0, 3), vec![]),
        ("  abc", vec!["I", "-", "\x1b"], "  -abc\n", (0, 2), vec![]),
        ("a\nb", vec!["o", "x", "\x1b"], "a\nx\nb\n", (1, 0), vec![]),
        (
            "a\nb",
            vec!["j", "O", "x", "\x1b"],
            "a\nx\nb\n",
            (1, 0),
            vec![],
        ),
        ("abc", vec!["l", "x"], "ac\n", (0, 1), vec![]),
        ("abc", vec!["$", "x"], "ab\n", (0, 1), vec![]),
        ("abc", vec!["2", "x"], "c\n", (0, 0), vec![]),
        ("a\nb\nc", vec!["d", "d"], "b\nc\n", (0, 0), vec![]),
        ("a\nb\nc", vec!["2dd"], "c\n", (0, 0), vec![]),
        ("a\nb", vec!["yy", "p"], "a\na\nb\n", (1, 0), vec![]),
        ("a\nb", vec!["j", "yy", "P"], "a\nb\nb\n", (1, 0), vec![]),
        ("abc", vec!["x", "p"], "bac\n", (0, 1), vec![]),
        (
            "one two three",
            vec!["w", "w"],
            "one two three\n",
            (0, 8),
            vec![],
        ),
        (
            "one two three",
            vec!["$", "b"],
            "one two three\n",
            (0, 8),
            vec![],
        ),
        ("a\nb\nc\nd", vec!["G"], "a\nb\nc\nd\n", (3, 0), vec![]),
        (
            "a\nb\nc\nd",
            vec!["G", "gg"],
            "a\nb\nc\nd\n",
            (0, 0),
            vec![],
        ),
        ("a\nb\nc\nd", vec!["3G"], "a\nb\nc\nd\n", (2, 0), vec![]),
        ("a\nb\nc\nd", vec![":3\r"], "a\nb\nc\nd\n", (2, 0), vec![]),
        (
            "ab\ncd",
            vec!["j", "l", "k", "0"],
            "ab\ncd\n",
            (0, 0),
            vec![],
        ),
        (
            "ab\ncd",
            vec!["\x1b[B", "\x1b[C"],
            "ab\ncd\n",
            (1, 1),
            vec![],
        ),
        (
            "abc",
            vec!["i", "\x1b[F", "\x7f", "\x1b"],
            "ab\n",
            (0, 1),
            vec![],
        ),
        ("abc", vec!["x", "u"], "abc\n", (0, 0), vec![]),
        (
            "x",
            vec!["i", "\x1b[200~a\nb\x1b[201~", "\x1b"],
            "a\nbx\n",
            (1, 0),
            vec![],
        ),
        // Esc and a key in one chunk is the two keys.
        (
            "",
            vec!["ihi", "\x1b:q!\r"],
            "hi\n",
            (0, 1),
            vec![Effect::Quit],
        ),
        ("日本語", vec!["l", "x"], "日語\n", (0, 3), vec![]),
        (
            "foo\nbar\nfoo",
            vec!["/foo\r"],
            "foo\nbar\nfoo\n",
            (2, 0),
            vec![],
        ),
        (
            "foo\nbar\nfoo",
            vec!["/foo\r", "n"],
            "foo\nbar\nfoo\n",
            (0, 0),
            vec![],
        ),
        (
            "foo\nbar\nfoo",
            vec!["/foo\r", "N"],
            "foo\nbar\nfoo\n",
            (0, 0),
            vec![],
        ),
        (
            "a",
            vec![":w\r"],
            "a\n",
            (0, 0),
            vec![Effect::Save { quit: false }],
        ),
        (
            "a",
            vec![":wq\r"],
            "a\n",
            (0, 0),
            vec![Effect::Save { quit: true }],
        ),
        ("a", vec![":x\r"], "a\n", (0, 0), vec![Effect::Quit]),
        (
            "a",
            vec!["x", ":x\r"],
            "\n",
            (0, 0),
            vec![Effect::Save { quit: true }],
        ),
        ("a", vec!["ZZ"], "a\n", (0, 0), vec![Effect::Quit]),
        (
            "a",
            vec!["x", "ZZ"],
            "\n",
            (0, 0),
            vec![Effect::Save { quit: true }],
        ),
        ("a", vec!["x", ":q\r"], "\n", (0, 0), vec![]),
        ("a", vec!["x", ":q!\r"], "\n", (0, 0), vec![Effect::Quit]),
        ("a", vec![":q\r"], "a\n", (0, 0), vec![Effect::Quit]),
        (
            "a",
            vec![":qx", "\x7f\r"],
            "a\n",
            (0, 0),
            vec![Effect::Quit],
        ),
        ("a", vec![":q", "\x1b", "x"], "\n", (0, 0), vec![]),
        (
            "replicas: 3",
            vec!["$", "r", "5"],
            "replicas: 5\n",
            (0, 10),
            vec![],
        ),
        (
            "one two",
            vec!["cw", "six", "\x1b"],
            "six two\n",
            (0, 2),
            vec![],
        ),
        ("one two", vec!["dw"], "two\n", (0, 0), vec![]),
        ("one two", vec!["w", "D"], "one \n", (0, 3), vec![]),
        (
            "one two",
            vec!["w", "C", "x", "\x1b"],
            "one x\n",
            (0, 4),
            vec![],
        ),
        ("  a\nb", vec!["cc", "z", "\x1b"], "z\nb\n", (0, 0), vec![]),
        ("a\n  b", vec!["J"], "a b\n", (0, 1), vec![]),
    ];
    for (init, keys, want, cursor, effects) in cases {
        let mut ed = Editor::new(Flavor::Vi, init, "f", false);
        let got = feed(&mut ed, &keys);
        let text = ed.core.text.contents();
        // An emptied buffer saves as an empty file; compare lines instead.
        let text = if text.is_empty() {
            "\n".to_string()
        } else {
            text
        };
        assert_eq!(
            (text.as_str(), ed.core.text.cursor(), got),
            (want, cursor, effects),
            "{init:?} {keys:?}"
        );
    }
}

#[test]
fn vi_messages() {
    let cases: Vec<(&str, Vec<&str>, &str, bool)> = vec![
        (
            "a",
            vec!["x", ":q\r"],
            "E37: No write since last change (add ! to override)",
            true,
        ),
        (
            "a",
            vec![":foo\r"],
            "E492: Not an editor command: foo",
            true,
        ),
        ("a", vec!["/zz\r"], "E486: Pattern not found: zz", true),
        (
            "a\nb",
            vec!["j", "/a\r"],
            "search hit BOTTOM, continuing at TOP",
            true,
        ),
        ("a\nb", vec!["/b\r"], "/b", false),
        (
            "ab",
            vec!["ix", "\x1b", ":w\r"],
            "\"f\" 1L, 4B written",
            false,
        ),
        (
            "a",
            vec!["\x03"],
            "Type  :qa!  and press <Enter> to abandon all changes and exit Vim",
            false,
        ),
        ("a", vec!["u"], "Already at oldest change", false),
    ];
    for (init, keys, want, error) in cases {
        let mut ed = Editor::new(Flavor::Vi, init, "f", false);
        feed(&mut ed, &keys);
        let m = ed.core.message.clone().unwrap();
        assert_eq!((m.text.as_str(), m.error), (want, error), "{keys:?}");
    }
    let ed = Editor::new(Flavor::Vi, "", "new.txt", true);
    assert_eq!(ed.core.message.unwrap().text, "\"new.txt\" [New]");
    let ed = Editor::new(Flavor::Vi, "a\nbc\n", "x", false);
    assert_eq!(ed.core.message.unwrap().text, "\"x\" 2L, 5B");
}

#[test]
fn nano_keys_table() {
    let cases: Vec<(&str, Vec<&str>, &str, (usize, usize), Vec<Effect>)> = vec![
        ("", vec!["hi"], "hi\n", (0, 2), vec![]),
        ("ab", vec!["\x1b[C", "\r"], "a\nb\n", (1, 0), vec![]),
        ("ab\ncd", vec!["\x1b[B", "\x7f"], "abcd\n", (0, 2), vec![]),
        (
            "ab\ncd",
            vec!["\x1b[F", "\x1b[3~"],
            "abcd\n",
            (0, 2),
            vec![],
        ),
        (
            "ab\ncd",
            vec!["\x1b[C\x1b[C\x1b[C"],
            "ab\ncd\n",
            (1, 0),
            vec![],
        ),
        (
            "a\nb\nc\nd",
            vec!["\x0b", "\x0b", "\x1b[B", "\x15"],
            "c\na\nb\nd\n",
            (3, 0),
            vec![],
        ),
        (
            "a\nb\nc",
            vec!["\x0b", "\x1b[B", "\x15"],
            "b\na\nc\n",
            (2, 0),
            vec![],
        ),
        (
            "x\nfoo\nfoo",
            vec!["\x17foo\r"],
            "x\nfoo\nfoo\n",
            (1, 0),
            vec![],
        ),
        (
            "x\nfoo\nfoo",
            vec!["\x17foo\r", "\x17\r"],
            "x\nfoo\nfoo\n",
            (2, 0),
            vec![],
        ),
        (
            "a",
            vec!["\x13"],
            "a\n",
            (0, 0),
            vec![Effect::Save { quit: false }],
        ),
        (
            "a",
            vec!["\x0f", "\r"],
            "a\n",
            (0, 0),
            vec![Effect::Save { quit: false }],
        ),
        ("a", vec!["\x18"], "a\n", (0, 0), vec![Effect::Quit]),
        (
            "a",
            vec!["b", "\x18", "n"],
            "ba\n",
            (0, 1),
            vec![Effect::Quit],
        ),
        (
            "a",
            vec!["b", "\x18", "y", "\r"],
            "ba\n",
            (0, 1),
            vec![Effect::Save { quit: true }],
        ),
        ("a", vec!["b", "\x18", "\x03"], "ba\n", (0, 1), vec![]),
        ("a", vec!["b", "\x1bu"], "a\n", (0, 0), vec![]),
        (
            "a",
            vec!["\t\x1b[200~x\ny\x1b[201~"],
            "\tx\nya\n",
            (1, 1),
            vec![],
        ),
    ];
    for (init, keys, want, cursor, effects) in cases {
        let mut ed = Editor::new(Flavor::Nano, init, "f", false);
        let got = feed(&mut ed, &keys);
        assert_eq!(
            (ed.core.text.contents().as_str(), ed.core.text.cursor(), got),
            (want, cursor, effects),
            "{init:?} {keys:?}"
        );
    }
}

#[test]
fn nano_messages() {
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        ("a\nb", vec!["\x13"], "[ Wrote 2 lines ]"),
        ("a", vec!["\x17zz\r"], "[ \"zz\" not found ]"),
        ("a", vec!["\x17a\r"], "[ This is the only occurrence ]"),
        ("a\nb", vec!["\x1b[B", "\x17a\r"], "[ Search Wrapped ]"),
        ("a", vec!["b", "\x18", "\x03"], "[ Cancelled ]"),
        (
            "ab\ncd",
            vec!["\x1b[B\x1b[C", "\x03"],
            "[ line 2/2 (100%), col 2/3 (66%), char 4/6 (66%) ]",
        ),
    ];
    for (init, keys, want) in cases {
        let mut ed = Editor::new(Flavor::Nano, init, "f", false);
        feed(&mut ed, &keys);
        assert_eq!(ed.core.message.clone().unwrap().text, want, "{keys:?}");
    }
    let ed = Editor::new(Flavor::Nano, "a\nb\n", "f", false);
    assert_eq!(ed.core.message.unwrap().text, "[ Read 2 lines ]");
    let ed = Editor::new(Flavor::Nano, "", "f", true);
    assert_eq!(ed.core.message.unwrap().text, "[ New File ]");
}

#[test]
fn save_errors_keep_the_buffer() {
    let mut ed = Editor::new(Flavor::Vi, "a", "f.txt", false);
    feed(&mut ed, &["x"]);
    assert!(!ed.saved(Err(SaveError::NoSpace)));
    let m = ed.core.message.clone().unwrap();
    assert_eq!(m.text, "\"f.txt\" E514: Write error (file system full?)");
    assert!(ed.core.dirty);
    let mut ed = Editor::new(Flavor::Nano, "a", "f.txt", false);
    assert!(!ed.saved(Err(SaveError::NoSpace)));
    assert_eq!(
        ed.core.message.unwrap().text,
        "[ Error writing f.txt: No space left on device ]"
    );
}

#[test]
fn vi_screen_exact() {
    let mut ed = Editor::new(Flavor::Vi, "one\n日本\n", "f", false);
    let mut s = Screen::default();
    let f = ed.frame((32, 4));
    assert_eq!(
        f.rows,
        vec![
            "one".to_string(),
            "日本".into(),
            "\x1b[94m~\x1b[m".into(),
            "\"f\" 2L, 11B   1,1           All".into(),
        ]
    );
    assert_eq!(
        s.draw(&f, (32, 4)),
        "\x1b[?25l\x1b[H\x1b[2J\x1b[1;1H\x1b[Kone\x1b[2;1H\x1b[K日本\x1b[3;1H\x1b[K\x1b[94m~\x1b[m\x1b[4;1H\x1b[K\"f\" 2L, 11B   1,1           All\x1b[1;1H\x1b[?25h"
    );
    // Only changed rows are written again.
    feed(&mut ed, &["j", "l"]);
    let f = ed.frame((32, 4));
    assert_eq!(
        s.draw(&f, (32, 4)),
        "\x1b[?25l\x1b[4;1H\x1b[K\"f\" 2L, 11B   2,4-3         All\x1b[2;3H\x1b[?25h"
    );
    feed(&mut ed, &[":set nu\r", "i"]);
    let f = ed.frame((32, 4));
    assert_eq!(
        f.rows,
        vec![
            "\x1b[33m  1 \x1b[mone".to_string(),
            "\x1b[33m  2 \x1b[m日本".into(),
            "\x1b[94m~\x1b[m".into(),
            "\x1b[1m-- INSERT --\x1b[m  2,4-3         All".into(),
        ]
    );
    assert_eq!(f.cursor, (1, 6));
    feed(&mut ed, &["\x1b", ":wq"]);
    let f = ed.frame((32, 4));
    assert_eq!((f.rows[3].as_str(), f.cursor), (":wq", (3, 3)));
}

#[test]
fn view_scrolls_and_clips() {
    let text: String = (1..=10)
        .map(|i| format!("line {i} {}\n", "x".repeat(i)))
        .collect();
    let mut ed = Editor::new(Flavor::Vi, &text, "f", false);
    feed(&mut ed, &["G", "$"]);
    let f = ed.frame((10, 4));
    assert_eq!(
        f.rows[..3],
        [
            "xxxxxxx".to_string(),
            "xxxxxxxx".into(),
            "xxxxxxxxxx".into()
        ]
    );
    assert_eq!(f.cursor, (2, 9));
    // Escapes in the file are shown, not sent to the terminal.
    let mut ed = Editor::new(Flavor::Vi, "a\x1b[2Jb", "f", false);
    assert_eq!(ed.frame((20, 3)).rows[0], "a^[[2Jb");
}

#[test]
fn nano_screen_exact() {
    let mut ed = Editor::new(Flavor::Nano, "hi\n", "n.txt", false);
    let f = ed.frame((52, 6));
    let r = |s: &str| format!("\x1b[7m{s}\x1b[m");
    assert_eq!(
        f.rows,
        vec![
            r(&format!("{:<23}{:<29}", "  GNU nano 7.2", "n.txt")),
            "hi".to_string(),
            String::new(),
            format!("{}{}", " ".repeat(18), r("[ Read 1 line ]")),
            format!(
                "{} Write Out {} Where Is  {} Cut       {} Location",
                r("^O"),
                r("^W"),
                r("^K"),
                r("^C")
            ),
            format!(
                "{} Exit      {} Save      {} Paste     {} Undo",
                r("^X"),
                r("^S"),
                r("^U"),
                r("M-U")
            ),
        ]
    );
    assert_eq!(f.cursor, (1, 0));
    feed(&mut ed, &["!", "\x18"]);
    let f = ed.frame((52, 6));
    assert_eq!(
        f.rows[0],
        r(&format!(
            "{:<23}{:<19}Modified  ",
            "  GNU nano 7.2", "n.txt"
        ))
    );
    assert_eq!(f.rows[3], r(&format!("{:<52}", "Save modified buffer?  ")));
    assert_eq!(f.rows[4], format!("{} Yes", r(" Y")));
    assert_eq!(f.cursor, (3, 23));
}
