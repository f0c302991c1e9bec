#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! What kterm adds to the GNU tools' behaviour: runaway programs are
//! stopped (the tab has one thread), and the tools' files live in the session.

use futures::executor::block_on;
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Cancel, Registry, Shell};

/// Runs the lines in a fresh session, on a thread with a large stack: debug
/// builds take many times the stack a release build takes per awk call.
fn run(lines: &[&str]) -> (String, String, i32) {
    let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || run_here(&lines))
        .unwrap()
        .join()
        .unwrap()
}

/// A command that waits for something that never comes (as a network call
/// does while awk holds the thread).
struct Waits;

#[async_trait::async_trait(?Send)]
impl kterm_shell::Command for Waits {
    fn name(&self) -> &'static str {
        "waits"
    }
    fn summary(&self) -> &'static str {
        "never finishes"
    }
    async fn run(&self, _ctx: &mut kterm_shell::Ctx<'_>) -> Result<i32, kterm_shell::CmdError> {
        futures::future::pending::<()>().await;
        Ok(0)
    }
}

/// A command that would change a service (so the read-only policy refuses it).
struct Deletes;

#[async_trait::async_trait(?Send)]
impl kterm_shell::Command for Deletes {
    fn name(&self) -> &'static str {
        "deletes"
    }
    fn summary(&self) -> &'static str {
        "changes a service"
    }
    fn mutates(&self, args: &[String]) -> Option<String> {
        Some(format!("delete {}", args.join(" ")))
    }
    async fn run(&self, ctx: &mut kterm_shell::Ctx<'_>) -> Result<i32, kterm_shell::CmdError> {
        ctx.stdout.line("deleted");
        Ok(0)
    }
}

fn run_here(lines: &[String]) -> (String, String, i32) {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    reg.register(std::rc::Rc::new(Waits));
    reg.register(std::rc::Rc::new(Deletes));
    kterm_text::register(&mut reg);
    let mut sh = Shell::new(reg);
    if lines.first().is_some_and(|l| l == "#read-only") {
        sh.state.policy = Some(std::rc::Rc::new(kterm_shell::policy::ReadOnly));
    }
    let host = TestHost::default();
    let mut last = (String::new(), String::new(), 0);
    for l in lines {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let status = block_on(sh.run_line(l, &host, &mut out, &mut err, Cancel::new()));
        last = (
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
            status,
        );
    }
    last
}

#[test]
fn runaway_programs_are_stopped() {
    let cases: &[(&str, &str, i32)] = &[
        // (kept first so the owned strings below live long enough)
        (
            "awk 'BEGIN { while (1) x++ }'",
            "awk: cmd. line:1: fatal: stopped after 50000000 loop turns and calls",
            2,
        ),
        (
            "awk 'function f(n) { return f(n + 1) } BEGIN { f(1) }'",
            "awk: cmd. line:1: fatal: function call nesting too deep",
            2,
        ),
        (
            "awk 'BEGIN { s = \"x\"; while (1) s = s s }'",
            "awk: cmd. line:1: fatal: string too long",
            2,
        ),
        (
            &format!(
                "awk 'BEGIN {{ x = {}1{} }}'",
                "(".repeat(5000),
                ")".repeat(5000)
            ),
            "awk: cmd. line:1: ",
            1,
        ),
        (
            &format!("awk 'BEGIN {{ {} }}'", "if (1) ".repeat(5000)),
            "awk: cmd. line:1: ",
            1,
        ),
        (
            &format!("awk 'BEGIN {{ x = {}1 }}'", "-".repeat(5000)),
            "awk: cmd. line:1: ",
            1,
        ),
        (
            &format!("awk '{{ print {}0 }}'", "$".repeat(5000)),
            "awk: cmd. line:1: ",
            1,
        ),
        (
            "echo a | sed ':a;ba'",
            "sed: stopped after 50000001 jumps",
            4,
        ),
        ("echo a | sed ':a;G;ba'", "sed: stopped after", 4),
    ];
    for (line, err, status) in cases.iter() {
        let (_, got_err, got_status) = run(&[line]);
        assert!(got_err.starts_with(err), "{line}: {got_err:?}");
        assert_eq!(got_status, *status, "{line}");
    }
}

#[test]
fn tools_write_session_files_and_modes() {
    let (out, err, status) = run(&[
        "printf 'a\\nb\\n' > f",
        "sed -i.orig 's/a/A/' f",
        "awk '{ print NR \": \" $0 > \"numbered\" }' f",
        "chmod 750 numbered",
        "cat f f.orig numbered; ls -l numbered | cut -c1-10",
    ]);
    assert_eq!(err, "");
    assert_eq!(status, 0);
    assert_eq!(out, "A\nb\na\nb\n1: A\n2: b\n-rwxr-x---\n");
}

#[test]
fn control_characters_in_names_reach_the_terminal_escaped() {
    let (_, err, status) = run(&["sed p \"$(printf 'no\\033]0;x\\007file')\""]);
    assert_eq!(status, 2);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn commands_run_by_xargs_and_awk_obey_the_read_only_policy() {
    let (out, err, status) = run(&["#read-only", "echo pod | xargs deletes"]);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "kterm: deletes delete pod: refused, this terminal is read-only\n"
    );
    assert_eq!(status, 126);
    let (out, err, _) = run(&["#read-only", "awk 'BEGIN { print system(\"deletes x\") }'"]);
    assert_eq!(out, "126\n");
    assert_eq!(
        err,
        "kterm: deletes delete x: refused, this terminal is read-only\n"
    );
    let (out, _, status) = run(&["echo pod | xargs deletes"]);
    assert_eq!((out.as_str(), status), ("deleted\n", 0));
}
