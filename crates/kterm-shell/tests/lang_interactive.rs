#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The language at the prompt: continuation lines, Ctrl-C in loops,
//! typed input for `read`, and output that does not depend on how the
//! typed text arrived in chunks.

use std::cell::Cell;
use std::collections::VecDeque;

use async_trait::async_trait;
use futures::executor::block_on;
use kterm_shell::editor::{Action, Editor};
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Cancel, Host, Registry, Shell};

fn shell() -> Shell {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    Shell::new(reg)
}

fn run(sh: &mut Shell, host: &dyn Host, line: &str, cancel: Cancel) -> (String, String, i32) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = block_on(sh.run_line(line, host, &mut out, &mut err, cancel));
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
        status,
    )
}

#[test]
fn unfinished_compound_commands_ask_for_more() {
    let sh = shell();
    for (text, want) in [
        ("if true; then", true),
        ("if true; then echo a; fi", false),
        ("for x in a b; do", true),
        ("for x in a b; do echo $x\ndone", false),
        ("while read l", true),
        ("case $x in", true),
        ("case $x in a) echo;; esac", false),
        ("f() {", true),
        ("f() { echo; }", false),
        ("{ echo a;", true),
        ("(echo a", true),
        ("[[ -n x &&", true),
        ("echo $((1 +", true),
        ("a=(1 2", true),
        ("if then", false),
        ("done", false),
    ] {
        assert_eq!(sh.is_incomplete(text), want, "{text:?}");
    }
}

#[test]
fn a_continued_command_runs_as_one() {
    let mut sh = shell();
    let host = TestHost::default();
    let text = "for i in 1 2\ndo\n  echo \"n=$i\"\ndone";
    assert!(!sh.is_incomplete(text));
    let got = run(&mut sh, &host, text, Cancel::new());
    assert_eq!(got, ("n=1\nn=2\n".into(), String::new(), 0));
}

#[test]
fn functions_and_variables_live_across_lines() {
    let mut sh = shell();
    let host = TestHost::default();
    run(
        &mut sh,
        &host,
        "greet() { echo \"hi $1\"; }; count=3",
        Cancel::new(),
    );
    let got = run(&mut sh, &host, "greet you; echo $count", Cancel::new());
    assert_eq!(got.0, "hi you\n3\n");
}

#[test]
fn read_asks_the_terminal_for_typed_input() {
    let mut sh = shell();
    let host = TestHost::with_lines(&["Ada Lovelace", "s3cret"]);
    let got = run(
        &mut sh,
        &host,
        "read -p 'Name: ' first last; read -s -p 'Password: ' pw; echo \"$last, $first (${#pw})\"",
        Cancel::new(),
    );
    assert_eq!(got.0, "Lovelace, Ada (6)\n");
    assert_eq!(
        *host.prompts.borrow(),
        [
            ("Name: ".to_string(), false),
            ("Password: ".to_string(), true)
        ]
    );
}

/// A host whose clock runs 50 ms per look, and which presses Ctrl-C at
/// its `n`th yield.
struct Interrupting {
    now: Cell<i64>,
    yields: Cell<u32>,
    at: u32,
    cancel: Cancel,
}

#[async_trait(?Send)]
impl Host for Interrupting {
    fn now_ms(&self) -> i64 {
        self.now.set(self.now.get() + 50);
        self.now.get()
    }
    async fn sleep_ms(&self, _ms: u64) {
        self.yields.set(self.yields.get() + 1);
        if self.yields.get() >= self.at {
            self.cancel.cancel();
        }
    }
    async fn read_line(&self, _prompt: &str, _secret: bool) -> Option<String> {
        None
    }
    async fn read_raw(&self) -> Option<Vec<u8>> {
        None
    }
}

#[test]
fn ctrl_c_stops_endless_loops_with_status_130() {
    for line in [
        "while true; do :; done",
        "until false; do x=1; done; echo not-here",
        "for ((;;)); do echo y; done | cat",
        "f() { while :; do :; done; }; f; echo not-here",
        "while true; do for i in 1 2 3; do continue; done; done",
        "x=$(while :; do :; done); echo not-here",
        "while :; do read l; done",
    ] {
        let cancel = Cancel::new();
        let host = Interrupting {
            now: Cell::new(0),
            yields: Cell::new(0),
            at: 5,
            cancel: cancel.clone(),
        };
        let mut sh = shell();
        let (out, _, status) = run(&mut sh, &host, line, cancel);
        assert_eq!(status, 130, "{line}");
        assert!(!out.contains("not-here"), "{line}: {out}");
        assert!(
            host.yields.get() >= 5,
            "{line}: the loop yielded {} times",
            host.yields.get()
        );
        // The session goes on.
        let after = run(
            &mut sh,
            &TestHost::default(),
            "echo ok; echo $?",
            Cancel::new(),
        );
        assert_eq!(after.0, "ok\n0\n", "{line}");
    }
}

#[test]
fn runaway_recursion_is_an_error_not_a_crash() {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    // Debug builds need far more stack per call than the browser's release build.
    let got = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut sh = shell();
            let host = TestHost::default();
            let a = run(
                &mut sh,
                &host,
                "f() { f; }; f; echo after $?",
                Cancel::new(),
            );
            let b = run(&mut sh, &host, "alias x=y; alias y=x", Cancel::new());
            let c = run(&mut sh, &host, "x", Cancel::new());
            let d = run(
                &mut sh,
                &host,
                "e='eval \"$e\"'; eval \"$e\"; echo survived",
                Cancel::new(),
            );
            let e = run(
                &mut sh,
                &host,
                "s() { echo $(s); }; s; echo survived",
                Cancel::new(),
            );
            (a, b, c, d, e)
        })
        .unwrap()
        .join()
        .unwrap();
    let (a, b, c, d, e) = got;
    assert_eq!(
        a.0,
        "after 1\n".replace("after 1\n", ""),
        "the rest of the line is dropped"
    );
    assert!(
        a.1.contains("f: maximum function nesting level exceeded"),
        "{a:?}"
    );
    assert_eq!(b.2, 0);
    assert_eq!(
        c,
        (String::new(), "kterm: x: command not found\n".into(), 127)
    );
    assert!(d.1.contains("maximum nesting level exceeded"), "{d:?}");
    assert!(e.1.contains("maximum"), "{e:?}");
}

/// Feeds `chunks` of typed text to the editor and runs what it submits
/// the way the front end does (continuation while incomplete).
fn drive(chunks: &[&str]) -> String {
    let mut sh = shell();
    let host = TestHost::default();
    let mut ed = Editor::new();
    ed.resume("$ ");
    let mut cont = String::new();
    let mut out = String::new();
    let mut queue: VecDeque<Action> = VecDeque::new();
    for chunk in chunks {
        queue.extend(ed.feed(chunk.as_bytes()));
        while let Some(a) = queue.pop_front() {
            let Action::Submit(line) = a else { continue };
            let text = format!("{cont}{line}");
            let next = if sh.is_incomplete(&text) {
                cont = format!("{text}\n");
                ed.resume("> ")
            } else {
                cont.clear();
                let (o, e, s) = run(&mut sh, &host, &text, Cancel::new());
                out.push_str(&format!("{o}{e}[{s}]"));
                let p = sh.prompt();
                ed.resume(&p)
            };
            queue.extend(next);
        }
    }
    out
}

#[test]
fn output_does_not_depend_on_how_typing_was_chunked() {
    let scripts = [
        "for i in 1 2 3\ndo\n  echo \"i=$i\"\ndone\necho end\n",
        "f() {\n  local x=$1\n  echo $((x * 2))\n}\nf 21\n",
        "if [ -d /tmp ]; then\n  echo yes\nelse\n  echo no\nfi\n",
        "case abc in\n  a*) echo starts-a;;\n  *) echo other;;\nesac\n",
        "cat <<EOF\nline $((1+1))\nEOF\necho after\n",
        "n=0; while [ $n -lt 3 ]; do\nn=$((n+1))\ndone; echo $n\n",
        "echo 'multi\nline quote'\n",
        "arr=(a b\nc); echo ${#arr[@]}\n",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for script in scripts {
        let typed = script.replace('\n', "\r");
        let whole = drive(&[&typed]);
        let by_char: Vec<String> = typed.chars().map(String::from).collect();
        let by_char: Vec<&str> = by_char.iter().map(String::as_str).collect();
        assert_eq!(drive(&by_char), whole, "{script:?} typed one key at a time");
        for _ in 0..25 {
            let chars: Vec<char> = typed.chars().collect();
            let mut pieces = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                let n = 1 + (next() % 7) as usize;
                let end = (i + n).min(chars.len());
                pieces.push(chars[i..end].iter().collect::<String>());
                i = end;
            }
            let refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
            assert_eq!(drive(&refs), whole, "{script:?} in chunks {pieces:?}");
        }
    }
}
