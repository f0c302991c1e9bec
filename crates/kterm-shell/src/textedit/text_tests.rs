//! Table tests of the text buffer: edits and motions from a cursor.

use super::*;

#[test]
fn contents_round_trip() {
    for (input, lines, saved) in [
        ("", 1, ""),
        ("a\n", 1, "a\n"),
        ("a\nb", 2, "a\nb\n"),
        ("a\r\n\nb\n", 3, "a\n\nb\n"),
    ] {
        let t = Text::new(input);
        assert_eq!(
            (t.len(), t.contents().as_str()),
            (lines, saved),
            "{input:?}"
        );
    }
}

#[test]
#[allow(clippy::type_complexity)] // a table of cases
fn editing_table() {
    // (initial, cursor, edit, text after, cursor after)
    type Edit = fn(&mut Text);
    let cases: Vec<(&str, (usize, usize), Edit, &str, (usize, usize))> = vec![
        ("ab", (0, 1), |t| t.insert("X"), "aXb\n", (0, 2)),
        ("ab", (0, 1), |t| t.insert("1\n2"), "a1\n2b\n", (1, 1)),
        (
            "ab\ncd",
            (1, 0),
            |t| {
                t.backspace();
            },
            "abcd\n",
            (0, 2),
        ),
        (
            "日本",
            (0, 3),
            |t| {
                t.backspace();
            },
            "本\n",
            (0, 0),
        ),
        ("e\u{301}x", (0, 0), |t| drop(t.delete(true)), "x\n", (0, 0)),
        ("ab\ncd", (0, 2), |t| drop(t.delete(true)), "abcd\n", (0, 2)),
        (
            "ab\ncd",
            (0, 2),
            |t| drop(t.delete(false)),
            "ab\ncd\n",
            (0, 2),
        ),
        (
            "a\nb\nc",
            (1, 0),
            |t| drop(t.delete_lines(5)),
            "a\n",
            (0, 0),
        ),
        ("a", (0, 0), |t| drop(t.delete_lines(1)), "", (0, 0)),
        (
            "a\nb",
            (0, 0),
            |t| t.put_lines(&["  x".into()], true),
            "a\n  x\nb\n",
            (1, 2),
        ),
        ("a", (0, 0), |t| t.open_line(false), "\na\n", (0, 0)),
        // Vertical moves keep the display column across wide characters.
        (
            "日本語\nabcdef",
            (1, 4),
            |t| {
                t.up(1);
            },
            "日本語\nabcdef\n",
            (0, 6),
        ),
        (
            "abcdef\n\nabcdef",
            (0, 4),
            |t| {
                t.down(2);
            },
            "abcdef\n\nabcdef\n",
            (2, 4),
        ),
        (
            "one two\nthree",
            (0, 0),
            |t| t.word_forward(),
            "one two\nthree\n",
            (0, 4),
        ),
        (
            "one two\nthree",
            (0, 4),
            |t| t.word_forward(),
            "one two\nthree\n",
            (1, 0),
        ),
        ("a.b c", (0, 0), |t| t.word_forward(), "a.b c\n", (0, 1)),
        (
            "one two\nthree",
            (1, 0),
            |t| t.word_back(),
            "one two\nthree\n",
            (0, 4),
        ),
        ("one two", (0, 5), |t| t.word_back(), "one two\n", (0, 4)),
        ("  x", (0, 0), |t| t.first_nonblank(), "  x\n", (0, 2)),
        (
            "one two",
            (0, 0),
            |t| {
                let w = t.word_stop(false);
                t.delete_to(w);
            },
            "two\n",
            (0, 0),
        ),
        (
            "one two",
            (0, 0),
            |t| {
                let w = t.word_stop(true);
                t.delete_to(w);
            },
            " two\n",
            (0, 0),
        ),
        (
            "a.b",
            (0, 1),
            |t| {
                let w = t.word_stop(false);
                t.delete_to(w);
            },
            "ab\n",
            (0, 1),
        ),
        (
            "a  \n  b",
            (0, 0),
            |t| {
                t.join_next();
            },
            "a b\n",
            (0, 1),
        ),
    ];
    for (init, (r, c), f, want, cur) in cases {
        let mut t = Text::new(init);
        t.set_cursor(r, c);
        f(&mut t);
        assert_eq!(
            (t.contents().as_str(), t.cursor()),
            (want, cur),
            "{init:?} {r},{c}"
        );
    }
}

#[test]
fn find_wraps() {
    let mut t = Text::new("foo\nbar foo\nbaz");
    t.set_cursor(1, 4);
    assert_eq!(t.find("foo", true), Some(((0, 0), true)));
    assert_eq!(t.find("foo", false), Some(((0, 0), false)));
    t.set_cursor(0, 0);
    assert_eq!(t.find("foo", true), Some(((1, 4), false)));
    assert_eq!(t.find("foo", false), Some(((1, 4), true)));
    assert_eq!(t.find("nope", true), None);
}

#[test]
fn cells_escape_controls_and_expand_tabs() {
    let shown: Vec<(usize, String)> = cells("a\tb\x1b日")
        .into_iter()
        .map(|c| (c.width, c.show))
        .collect();
    assert_eq!(
        shown,
        vec![
            (1, "a".into()),
            (7, "       ".into()),
            (1, "b".into()),
            (2, "^[".into()),
            (2, "日".into())
        ]
    );
    assert_eq!(display_col("a\tb", 2), 8);
}
