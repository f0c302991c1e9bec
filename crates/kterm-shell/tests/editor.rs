#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The line editor driven by raw key bytes, as xterm.js delivers them.

use futures::executor::block_on;
use kterm_shell::editor::complete::complete;
use kterm_shell::editor::{Action, Editor};
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Registry, Shell};

fn editor_with_history(h: &[&str]) -> Editor {
    let mut e = Editor::new();
    for l in h {
        e.history_mut().add(l);
    }
    e.resume("$ ");
    e
}

/// (history, typed bytes, expected actions, expected line left in the editor)
type KeyCase = (
    &'static [&'static str],
    &'static [u8],
    Vec<Action>,
    &'static str,
);

#[test]
fn keys_table() {
    let cases: Vec<KeyCase> = vec![
        (&[], b"ls -l\r", vec![Action::Submit("ls -l".into())], ""),
        (
            &[],
            b"abc\x1b[D\x1b[DX\r",
            vec![Action::Submit("aXbc".into())],
            "",
        ),
        (
            &[],
            b"world\x01hello \r",
            vec![Action::Submit("hello world".into())],
            "",
        ),
        (&[], b"abc\x01\x0b", vec![], ""),
        (&[], b"abc\x01\x0b\x19\x19", vec![], "abcabc"),
        (&[], b"one two\x17", vec![], "one "),
        (&[], b"one two\x1bb\x1bd", vec![], "one "),
        (&[], b"abc\x15", vec![], ""),
        (&[], b"ab\x02\x02\x06X", vec![], "aXb"),
        (&[], b"ab\x1b[H\x1b[3~", vec![], "b"),
        (
            &["first", "second"],
            b"\x1b[A\x1b[A\r",
            vec![Action::Submit("first".into())],
            "",
        ),
        (&["first"], b"draft\x1b[A\x1b[B", vec![], "draft"),
        (
            &["kubectl get pods", "ls", "kubectl get svc"],
            b"\x12pods\r",
            vec![Action::Submit("kubectl get pods".into())],
            "",
        ),
        (
            &["kubectl get pods", "kubectl get svc"],
            b"\x12kub\x12\r",
            vec![Action::Submit("kubectl get pods".into())],
            "",
        ),
        (&["x"], b"typed\x12zz\x07", vec![], "typed"),
        (&[], b"partial\x03", vec![Action::Interrupt], ""),
        (&[], b"\x04", vec![Action::Eof], ""),
        (&[], b"ab\x01\x04", vec![], "b"),
        (
            &[],
            b"ec\t",
            vec![Action::Complete {
                line: "ec".into(),
                cursor: 2,
            }],
            "ec",
        ),
        (
            &[],
            b"\x1b[200~echo a\necho b\n\x1b[201~",
            vec![],
            "echo a\necho b",
        ),
        (
            &[],
            b"\x1b[200~echo a\r\necho b\x1b[201~\r",
            vec![Action::Submit("echo a\necho b".into())],
            "",
        ),
    ];
    for (hist, bytes, want, line) in cases {
        let mut e = editor_with_history(hist);
        let got = e.feed(bytes);
        assert_eq!(
            (got, e.line()),
            (want, line),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// A paste never runs by itself (bash 5.1+): the whole text waits in the
/// line, shown with continuation rows and its control characters in caret
/// notation, until Enter runs it as one input.
#[test]
fn a_paste_waits_for_enter() {
    let mut e = editor_with_history(&[]);
    e.take_output();
    let pasted = b"\x1b[200~echo A\x1b]0;T\x07\x1b[8mHIDDEN\necho B\n\x1b[201~";
    assert_eq!(e.feed(pasted), vec![]);
    assert_eq!(e.line(), "echo A\x1b]0;T\x07\x1b[8mHIDDEN\necho B");
    let shown = e.take_output();
    assert_eq!(
        shown,
        "\r\x1b[J$ echo A^[]0;T^G^[[8mHIDDEN\r\n> echo B\r\x1b[8C"
    );
    // More pastes and typing add to it; Enter runs it all.
    assert_eq!(e.feed(b"\x1b[200~; echo C\x1b[201~"), vec![]);
    assert_eq!(
        e.feed(b"\r"),
        vec![Action::Submit(
            "echo A\x1b]0;T\x07\x1b[8mHIDDEN\necho B; echo C".into()
        )]
    );
    // Pasted while a command runs: kept for the next prompt, not run.
    e.feed(b"\x1b[200~rm -rf x\necho y\n\x1b[201~");
    assert_eq!(e.resume("$ "), None);
    assert_eq!(e.line(), "rm -rf x\necho y");
}

#[test]
fn type_ahead_while_busy_is_kept() {
    let mut e = editor_with_history(&[]);
    e.feed(b"sleep 1\r");
    assert!(e.feed(b"ls").is_empty());
    e.resume("$ ");
    assert_eq!(e.feed(b"\r"), vec![Action::Submit("ls".into())]);
    // Lines ended with Enter while busy run next, in order.
    assert!(e.feed(b"echo a\recho b\rpartial").is_empty());
    assert_eq!(e.resume("$ "), Some(Action::Submit("echo a".into())));
    assert_eq!(e.resume("$ "), Some(Action::Submit("echo b".into())));
    assert_eq!(e.resume("$ "), None);
    assert_eq!(e.line(), "partial");
}

#[test]
fn echo_and_submit_paint() {
    let mut e = Editor::new();
    e.resume("$ ");
    assert_eq!(e.take_output(), "\r\x1b[J$ \r\x1b[2C");
    e.feed(b"a");
    assert_eq!(e.take_output(), "\r\x1b[J$ a\r\x1b[3C");
    e.feed(b"\r");
    assert_eq!(e.take_output(), "\r\n");
}

#[test]
fn completion_of_commands_and_paths() {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    let mut sh = Shell::new(reg);
    sh.state.fs.mkdir_p("/home/user/docs").unwrap();
    sh.state
        .fs
        .write("/home/user/notes.txt", b"x".to_vec(), 0)
        .unwrap();
    let host = TestHost::default();
    let c = block_on(complete(&mut sh, &host, "ech", 3));
    assert_eq!((c.start, c.candidates), (0, vec!["echo".to_string()]));
    let c = block_on(complete(&mut sh, &host, "cat no", 6));
    assert_eq!((c.start, c.candidates), (4, vec!["notes.txt".to_string()]));
    let c = block_on(complete(&mut sh, &host, "ls ", 3));
    assert_eq!(c.candidates, ["docs/", "notes.txt"]);

    let mut e = Editor::new();
    e.resume("$ ");
    e.feed(b"cat no\t");
    e.apply_completion(4, &["notes.txt".to_string()]);
    assert_eq!(e.line(), "cat notes.txt ");
    e.feed(b"\x15ls \t");
    e.apply_completion(3, &["docs/".to_string(), "notes.txt".to_string()]);
    e.take_output();
    e.feed(b"\t");
    e.apply_completion(3, &["docs/".to_string(), "notes.txt".to_string()]);
    assert!(e.take_output().contains("docs/      notes.txt\r\n"));
}
