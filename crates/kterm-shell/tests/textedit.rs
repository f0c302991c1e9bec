#![allow(clippy::unwrap_used, clippy::type_complexity)] // tables of cases // tests fail loudly by design
//! `vi`, `vim` and `nano` through the shell, with keys from a scripted
//! terminal, checking the session files they leave.

use futures::executor::block_on;
use kterm_shell::fs::Vfs;
use kterm_shell::testing::TestHost;
use kterm_shell::textedit::screen::{ENTER, LEAVE};
use kterm_shell::{builtins, Cancel, Registry, Shell};

fn shell() -> Shell {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    Shell::new(reg)
}

fn run_in(sh: &mut Shell, host: &TestHost, line: &str) -> (String, String, i32) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = block_on(sh.run_line(line, host, &mut out, &mut err, Cancel::new()));
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
        status,
    )
}

/// Runs `setup` lines, then `cmd` with `keys` typed, then `cat FILE`.
/// Returns the editor's (stderr, status) and what `cat` printed.
fn edit(setup: &[&str], cmd: &str, keys: &[&str], file: &str) -> (String, i32, String) {
    let mut sh = shell();
    let host = TestHost::default();
    for l in setup {
        assert_eq!(run_in(&mut sh, &host, l).2, 0, "{l}");
    }
    host.push_keys(keys);
    let (out, err, status) = run_in(&mut sh, &host, cmd);
    if status == 0 {
        assert!(out.starts_with(ENTER) && out.ends_with(LEAVE), "{out:?}");
    }
    let (cat, _, _) = run_in(&mut sh, &host, &format!("cat {file}"));
    (err, status, cat)
}

#[test]
fn editors_table() {
    let cases: Vec<(&[&str], &str, Vec<&str>, &str, (&str, i32, &str))> = vec![
        (&[], "vi notes.txt", vec!["i", "hello world", "\x1b", ":wq\r"], "notes.txt", ("", 0, "hello world\n")),
        (&[], "vim notes.txt", vec!["ione", "\r", "two", "\x1b", "ZZ"], "notes.txt", ("", 0, "one\ntwo\n")),
        (&["printf 'a\\nb\\nc\\n' > f"], "vi f", vec!["j", "dd", ":x\r"], "f", ("", 0, "a\nc\n")),
        (&["printf 'a\\nb\\n' > f"], "vi f", vec!["dd", ":q!\r"], "f", ("", 0, "a\nb\n")),
        (&["printf 'a\\nb\\n' > f"], "vi +2 f", vec!["x", ":wq\r"], "f", ("", 0, "a\n\n")),
        (&["echo x > f"], "vi f", vec!["o", "\x1b[200~p1\np2\x1b[201~", "\x1b", ":w\r", ":q\r"], "f", ("", 0, "x\np1\np2\n")),
        (&["mkdir d", "cd d"], "vi ../g", vec!["ix", "\x1b", ":wq\r"], "../g", ("", 0, "x\n")),
        (&[], "nano n.txt", vec!["hi", "\x18", "y", "\r"], "n.txt", ("", 0, "hi\n")),
        (&["echo abc > n"], "nano n", vec!["\x1b[F", "!", "\x13", "\x18"], "n", ("", 0, "abc!\n")),
        (&["echo abc > n"], "nano -l n", vec!["X", "\x18", "n"], "n", ("", 0, "abc\n")),
        (&["printf 'a\\nb\\nc\\n' > n"], "nano n", vec!["\x0b", "\x1b[B", "\x15", "\x0f", "\r", "\x18"], "n", ("", 0, "b\na\nc\n")),
        // No terminal: a clear message, status 1, the file untouched.
        (&["echo keep > f"], "vi f", vec![], "f", ("Vim: Warning: Input is not from a terminal\n", 1, "keep\n")),
        (&["echo keep > f"], "nano f", vec![], "f", ("Too many errors from stdin\n", 1, "keep\n")),
        // Input ends mid-edit: the changes are kept beside the file.
        (
            &["echo keep > f"],
            "vi f",
            vec!["ichanged "],
            "f f.save",
            ("Vim: Error reading input, exiting...\nBuffer written to /home/user/f.save\n", 1, "keep\nchanged keep\n"),
        ),
        (&["mkdir d"], "vi d", vec![], "/dev/null", ("vi: d: Is a directory\n", 1, "")),
        (
            &[],
            "vim -Z f",
            vec![],
            "/dev/null",
            ("VIM - Vi IMproved 9.1 (2024 Jan 02)\nUnknown option argument: \"-Z\"\nMore info with: \"vim -h\"\n", 1, ""),
        ),
        (
            &[],
            "nano -q f",
            vec![],
            "/dev/null",
            ("nano: invalid option -- 'q'\nType 'nano -h' for a list of available options.\n", 1, ""),
        ),
    ];
    for (setup, cmd, keys, file, want) in cases {
        let (err, status, cat) = edit(setup, cmd, &keys, file);
        assert_eq!((err.as_str(), status, cat.as_str()), want, "{cmd} {keys:?}");
    }
}

#[test]
fn a_full_file_system_keeps_the_buffer() {
    let mut sh = shell();
    sh.state.fs = Vfs::with_limit(8);
    sh.state.fs.mkdir_p("/home/user").unwrap();
    let host = TestHost::default();
    host.set_size(60, 6);
    // The first save does not fit; the text stays in the editor, and after
    // shortening it the save works.
    host.push_keys(&["i0123456789", "\x1b", ":wq\r", "0", "5x", ":wq\r"]);
    let (out, err, status) = run_in(&mut sh, &host, "vi big.txt");
    assert_eq!((err.as_str(), status), ("", 0));
    assert!(
        out.contains(
            "\x1b[6;1H\x1b[K\x1b[97;41m\"big.txt\" E514: Write error (file system full?)\x1b[m"
        ),
        "{out:?}"
    );
    assert_eq!(run_in(&mut sh, &host, "cat big.txt").0, "56789\n");

    host.push_keys(&["XYZW", "\x13", "\x18", "n"]);
    let (out, _, status) = run_in(&mut sh, &host, "nano other");
    assert_eq!(status, 0);
    assert!(
        out.contains("[ Error writing other: No space left on device ]"),
        "{out:?}"
    );
    assert_eq!(
        run_in(&mut sh, &host, "cat other").1,
        "cat: other: No such file or directory\n"
    );
}

#[test]
fn paints_for_the_terminal_size() {
    let mut sh = shell();
    let host = TestHost::default();
    host.set_size(30, 5);
    host.push_keys(&[":q\r"]);
    let (out, _, _) = run_in(&mut sh, &host, "vi new.txt");
    // Four text rows of `~` after the first, then the status line on row 5.
    assert!(out.contains("\x1b[5;1H\x1b[K\"new.txt\" [New]"), "{out:?}");
    assert!(!out.contains("\x1b[6;1H"), "{out:?}");
}
