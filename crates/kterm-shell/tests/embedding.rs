#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! What an embedding page turns on: the read-only policy as the executor
//! applies it, and file transfer through the `Host` (`upload`, `download`).

use std::rc::Rc;

use async_trait::async_trait;
use futures::executor::block_on;
use kterm_shell::policy::ReadOnly;
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Cancel, CmdError, Command, Ctx, Registry, Shell};

/// Stands in for kubectl: prints its arguments, so a test sees it ran.
struct FakeKubectl;

#[async_trait(?Send)]
impl Command for FakeKubectl {
    fn name(&self) -> &'static str {
        "kubectl"
    }
    fn aliases(&self) -> &'static [&'static str] {
        &["k"]
    }
    fn summary(&self) -> &'static str {
        "test stand-in"
    }
    fn mutates(&self, args: &[String]) -> Option<String> {
        args.first().filter(|verb| *verb != "get").cloned()
    }
    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        let line = format!("ran {}", ctx.args.join(" "));
        ctx.stdout.line(&line);
        Ok(0)
    }
}

fn shell() -> Shell {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    reg.register(Rc::new(FakeKubectl));
    Shell::new(reg)
}

fn run(sh: &mut Shell, host: &TestHost, line: &str) -> (String, String, i32) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = block_on(sh.run_line(line, host, &mut out, &mut err, Cancel::new()));
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
        status,
    )
}

#[test]
fn read_only_refuses_changes_wherever_the_command_comes_from() {
    let refused =
        |what: &str| format!("kterm: kubectl {what}: refused, this terminal is read-only\n");
    let cases: &[(&str, &str, &str, i32)] = &[
        ("kubectl get pods", "ran get pods\n", "", 0),
        ("kubectl delete pod x", "", &refused("delete"), 126),
        ("k apply -f x.yaml", "", &refused("apply"), 126),
        (
            "alias kd='kubectl delete'\nkd pod x",
            "",
            &refused("delete"),
            126,
        ),
        (
            "eval kubectl scale deploy/web --replicas=2",
            "",
            &refused("scale"),
            126,
        ),
        ("V=patch; kubectl $V deploy/web", "", &refused("patch"), 126),
        (
            "kubectl get pods | kubectl apply -f -; echo $?",
            "126\n",
            &refused("apply"),
            0,
        ),
        (
            "echo kubectl delete > note; cat note",
            "kubectl delete\n",
            "",
            0,
        ),
    ];
    for (line, out, err, status) in cases {
        let mut sh = shell();
        sh.state.policy = Some(Rc::new(ReadOnly));
        let host = TestHost::default();
        let got = run(&mut sh, &host, line);
        assert_eq!(got, (out.to_string(), err.to_string(), *status), "{line}");
    }
    // Without the policy the same line runs.
    let mut sh = shell();
    let host = TestHost::default();
    assert_eq!(
        run(&mut sh, &host, "kubectl delete pod x"),
        ("ran delete pod x\n".into(), String::new(), 0)
    );
}

#[test]
fn upload_writes_the_picked_files_into_the_directory() {
    let mut sh = shell();
    let host = TestHost::default();
    host.picks.borrow_mut().push_back(vec![
        ("notes.txt".into(), b"hello\n".to_vec()),
        ("C:\\fakepath\\deploy.yaml".into(), b"kind: Pod\n".to_vec()),
        ("..".into(), b"x".to_vec()),
    ]);
    run(&mut sh, &host, "mkdir work; cd work");
    let got = run(&mut sh, &host, "upload");
    assert_eq!(
        got,
        (
            "Uploaded notes.txt (6 bytes)\nUploaded deploy.yaml (10 bytes)\n".into(),
            "upload: '..': not a valid file name\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut sh, &host, "cat notes.txt deploy.yaml").0,
        "hello\nkind: Pod\n"
    );

    // Closing the picker, no picker at all, a file for a directory, and a file too big.
    host.picks.borrow_mut().push_back(vec![]);
    assert_eq!(
        run(&mut sh, &host, "upload"),
        (String::new(), "upload: no file chosen\n".into(), 1)
    );
    assert_eq!(
        run(&mut sh, &host, "upload"),
        (
            String::new(),
            "upload: there is no file picker in this terminal\n".into(),
            1
        )
    );
    assert_eq!(
        run(&mut sh, &host, "upload notes.txt"),
        (
            String::new(),
            "upload: notes.txt: Not a directory\n".into(),
            1
        )
    );
    let big = vec![b'x'; kterm_shell::fs::DEFAULT_LIMIT + 1];
    host.picks
        .borrow_mut()
        .push_back(vec![("big.bin".into(), big)]);
    assert_eq!(
        run(&mut sh, &host, "upload /tmp"),
        (
            String::new(),
            "upload: big.bin: No space left on device\n".into(),
            1
        )
    );
    assert!(!sh.state.fs.exists("/tmp/big.bin"));
}

#[test]
fn download_hands_files_to_the_host() {
    let mut sh = shell();
    let host = TestHost::default();
    run(&mut sh, &host, "echo data > out.txt; mkdir d");
    // The native host has nowhere to save.
    assert_eq!(
        run(&mut sh, &host, "download out.txt"),
        (
            String::new(),
            "download: there is no browser here to save files to\n".into(),
            1
        )
    );
    *host.saved.borrow_mut() = Some(Vec::new());
    assert_eq!(
        run(&mut sh, &host, "download ./out.txt missing d"),
        (
            "Downloading out.txt (5 bytes)\n".into(),
            "download: missing: No such file or directory\ndownload: d: Is a directory\n".into(),
            1
        )
    );
    assert_eq!(
        host.saved.borrow().clone().unwrap(),
        vec![("out.txt".to_string(), b"data\n".to_vec())]
    );
    assert_eq!(
        run(&mut sh, &host, "download"),
        (String::new(), "download: missing file operand\n".into(), 2)
    );
}

#[test]
fn printf_writes_the_title_sequence_applications_use() {
    let mut sh = shell();
    let host = TestHost::default();
    assert_eq!(
        run(&mut sh, &host, "printf '\\033]0;deploying\\007'").0,
        "\x1b]0;deploying\x07"
    );
}
