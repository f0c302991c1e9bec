#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `kubectl edit` against the sandbox over real HTTP, with the editor's keys
//! typed by a scripted terminal: saved changes are patched, unchanged files
//! cancel, an invalid object reopens the editor with the reasons on top,
//! and nothing typed is lost.

mod common;

use common::{sh, Term};
use kterm_shell::testing::TestHost;
use kterm_shell::Shell;

/// Runs `line` with `keys` typed; returns stdout without the editor's
/// screens, the full screen output, stderr and the status.
async fn edit(
    shell: &mut Shell,
    host: &TestHost,
    line: &str,
    keys: &[&str],
) -> (String, String, String, i32) {
    host.push_keys(keys);
    let (out, err, code) = sh(shell, host, line).await;
    let after = out.rsplit("\x1b[?1049l\n").next().unwrap_or("").to_string();
    (after, out, err, code)
}

async fn replicas(shell: &mut Shell, host: &TestHost) -> String {
    let (out, _, _) = sh(shell, host, "kubectl get deploy web -o yaml").await;
    let spec = out.split("\nspec:\n").nth(1).unwrap();
    spec.lines()
        .find_map(|l| l.strip_prefix("  replicas: "))
        .unwrap()
        .to_string()
}

/// The kept copies in /tmp.
async fn kept(shell: &mut Shell, host: &TestHost) -> Vec<String> {
    let (out, _, _) = sh(shell, host, "ls /tmp").await;
    out.split_whitespace()
        .map(|s| format!("/tmp/{s}"))
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn vi_edit_saves_cancels_and_reopens_on_invalid() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    assert_eq!(replicas(&mut shell, &host).await, "3");

    // Quit without changes.
    let (after, screen, err, code) =
        edit(&mut shell, &host, "kubectl edit deploy web", &[":q\r"]).await;
    assert_eq!(
        (after.as_str(), err.as_str(), code),
        ("", "Edit cancelled, no changes made.\n", 0)
    );
    assert!(screen
        .contains("# Please edit the object below. Lines beginning with a '#' will be ignored,"));

    // Change spec.replicas (the first `replicas:` in the sorted YAML).
    let keys = ["/replicas: 3\r", "$", "x", "a5", "\x1b", ":wq\r"];
    let (after, _, err, code) = edit(&mut shell, &host, "kubectl edit deployment/web", &keys).await;
    assert_eq!(
        (after.as_str(), err.as_str(), code),
        ("deployment.apps/web edited\n", "", 0)
    );
    assert_eq!(replicas(&mut shell, &host).await, "5");

    // An invalid value: the server says why, the editor reopens with the
    // reasons on top; leaving it unchanged keeps a copy and cancels.
    let keys = ["/replicas: 5\r", "$", "x", "a-1", "\x1b", ":wq\r", ":q\r"];
    let (after, screen, err, code) =
        edit(&mut shell, &host, "kubectl edit deploy web", &keys).await;
    let files = kept(&mut shell, &host).await;
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(after, "");
    assert_eq!(
        err,
        format!("error: deployments.apps \"web\" is invalid\nA copy of your changes has been stored to \"{}\"\nerror: Edit cancelled, no valid changes were saved.\n", files[0])
    );
    assert_eq!(code, 1);
    let reasons = "# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n";
    assert!(
        screen.contains("# deployments.apps \"web\" was not valid:"),
        "{screen:?}"
    );
    let (copy, _, _) = sh(&mut shell, &host, &format!("cat {}", files[0])).await;
    assert!(
        copy.starts_with(&format!("# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n{reasons}apiVersion: apps/v1\n")),
        "{copy}"
    );
    assert!(copy.contains("\n  replicas: -1\n"), "{copy}");
    assert_eq!(replicas(&mut shell, &host).await, "5");

    // Invalid, then fixed in the reopened editor.
    let keys = [
        "/replicas: 5\r",
        "$",
        "x",
        "a-1",
        "\x1b",
        ":wq\r",
        "/replicas: -1\r",
        "$",
        "x",
        "x",
        "a2",
        "\x1b",
        ":wq\r",
    ];
    let (after, _, err, code) = edit(&mut shell, &host, "kubectl edit deploy web", &keys).await;
    assert_eq!(
        (after.as_str(), err.as_str(), code),
        (
            "deployment.apps/web edited\n",
            "error: deployments.apps \"web\" is invalid\n",
            0
        )
    );
    assert_eq!(replicas(&mut shell, &host).await, "2");
}

#[tokio::test(flavor = "current_thread")]
async fn editor_choice_errors_and_no_terminal() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;

    // nano from $EDITOR: add a label under metadata.labels.
    let keys = [
        "\x17  labels:\r",
        "\x05",
        "\r",
        "    edited: \"yes\"",
        "\x18",
        "y",
        "\r",
    ];
    let (after, screen, err, code) =
        edit(&mut shell, &host, "EDITOR=nano kubectl edit svc web", &keys).await;
    assert_eq!(
        (after.as_str(), err.as_str(), code),
        ("service/web edited\n", "", 0)
    );
    assert!(screen.contains("GNU nano"));
    let (out, _, _) = sh(
        &mut shell,
        &host,
        "kubectl get svc web --show-labels --no-headers",
    )
    .await;
    assert!(out.contains("edited=yes"), "{out}");

    // $KUBE_EDITOR wins over $EDITOR.
    let (_, screen, err, code) = edit(
        &mut shell,
        &host,
        "export EDITOR=nano; KUBE_EDITOR=vim kubectl edit svc web",
        &[":q\r"],
    )
    .await;
    assert_eq!(
        (err.as_str(), code),
        ("Edit cancelled, no changes made.\n", 0)
    );
    assert!(!screen.contains("GNU nano"));

    let cases: &[(&str, &str, i32)] = &[
        ("kubectl edit deploy nope", "Error from server (NotFound): deployments.apps \"nope\" not found\n", 1),
        ("kubectl edit foo bar", "error: the server doesn't have a resource type \"foo\"\n", 1),
        ("kubectl edit deploy web -o wide", "error: unable to match a printer suitable for the output format \"wide\", allowed formats are: json,yaml\n", 1),
        ("kubectl edit deploy web --bogus", "error: unknown flag: --bogus\nSee 'kubectl edit --help' for usage.\n", 1),
    ];
    for (line, want, code) in cases {
        let got = sh(&mut shell, &host, line).await;
        assert_eq!((got.1.as_str(), got.2), (*want, *code), "{line}");
    }

    // No terminal to edit in, or an editor this terminal does not have:
    // kubectl's messages, and the text kept in /tmp.
    let (_, _, err, code) = edit(
        &mut shell,
        &host,
        "unset EDITOR; kubectl edit deploy web",
        &[],
    )
    .await;
    let files = kept(&mut shell, &host).await;
    assert_eq!(
        (err, code),
        (format!("A copy of your changes has been stored to \"{}\"\nerror: there was a problem with the editor \"vi\"\n", files[0]), 1)
    );
    let (_, _, err, code) = edit(
        &mut shell,
        &host,
        "KUBE_EDITOR=emacs kubectl edit deploy web",
        &[],
    )
    .await;
    assert_eq!(
        (err, code),
        (format!("A copy of your changes has been stored to \"{}\"\nerror: unable to launch the editor \"emacs\"\n", files[0]), 1)
    );
    let (copy, _, _) = sh(&mut shell, &host, &format!("cat {}", files[0])).await;
    assert!(
        copy.starts_with("# Please edit the object below."),
        "{copy}"
    );
    assert!(copy.contains("\nkind: Deployment\n"), "{copy}");
}
