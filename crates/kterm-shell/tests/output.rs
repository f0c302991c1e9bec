#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Output is safe by construction: whatever a command writes as text, the
//! terminal writer shows escaped; pipes and files keep the raw bytes; only
//! what the user typed in printf's format and the engine's own sequences
//! reach the terminal as sequences.

use futures::executor::block_on;
use kterm_shell::term::TermWriter;
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Cancel, Registry, Shell};

fn shell() -> Shell {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    Shell::new(reg)
}

/// What the screen is given for each line, run in one session.
fn screen(lines: &[&str]) -> (String, String) {
    let mut sh = shell();
    let host = TestHost::default();
    let mut out = TermWriter::new(Vec::new());
    let mut err = TermWriter::new(Vec::new());
    for l in lines {
        block_on(sh.run_line(l, &host, &mut out, &mut err, Cancel::new()));
    }
    let text = |v: Vec<u8>| String::from_utf8(v).unwrap();
    (text(out.into_inner()), text(err.into_inner()))
}

#[test]
fn what_reaches_the_terminal() {
    // A hostile file: OSC title and clipboard, CSI, conceal, C1, bidi.
    let make =
        "printf '%s' 'a\x1b]0;T\x07b\x1b]52;c;QQ==\x07\x1b[8mc\u{9b}d\u{202e}e\r\x08\x7f' > f";
    let cases: &[(&[&str], &str)] = &[
        (
            &[make, "cat f"],
            "a^[]0;T\\x07b^[]52;c;QQ==\\x07^[[8mc\\x9bd\\u202ee\\r\\x08\\x7f",
        ),
        (
            &[make, "cat f | cat"],
            "a^[]0;T\\x07b^[]52;c;QQ==\\x07^[[8mc\\x9bd\\u202ee\\r\\x08\\x7f",
        ),
        (
            &[make, "grep a f"],
            "a^[]0;T\\x07b^[]52;c;QQ==\\x07^[[8mc\\x9bd\\u202ee\\r\\x08\\x7f\n",
        ),
        (
            &[make, "sort f"],
            "a^[]0;T\\x07b^[]52;c;QQ==\\x07^[[8mc\\x9bd\\u202ee\\r\\x08\\x7f\n",
        ),
        (&["x=$(printf '\\033[2J'); echo \"$x\""], "^[[2J\n"),
        (&["echo -e '\\e]0;t\\a'"], "^[]0;t\\x07\n"),
        // The format is what the user typed; arguments are data.
        (&["printf '\\033]0;deploying\\007'"], "\x1b]0;deploying\x07"),
        (
            &["printf '\\033[1m%s\\033[0m\\n' \"$(printf '\\033[8mX')\""],
            "\x1b[1m^[[8mX\x1b[0m\n",
        ),
        (&["clear"], "\x1b[H\x1b[2J\x1b[3J"),
    ];
    for (lines, want) in cases {
        assert_eq!(screen(lines).0, *want, "{lines:?}");
    }
}

#[test]
fn pipes_and_files_keep_the_bytes() {
    let (out, _) = screen(&[
        "printf 'a\\tb\\033[31m\\n' > f",
        "sort f | grep a | uniq | cut -f2 > g",
        "wc -c g",
    ]);
    // "b" ESC "[31m" "\n": 7 bytes, no escaping on the way.
    assert_eq!(out, "7 g\n");
}

#[test]
fn error_messages_are_escaped_too() {
    let (_, err) = screen(&["cat \"$(printf 'x\\033]0;t\\007')\""]);
    assert_eq!(err, "cat: x^[]0;t\\x07: No such file or directory\n");
}
