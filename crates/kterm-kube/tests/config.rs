#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `kubectl config` against what kubectl 1.37.1 printed and wrote for the
//! same steps: `fixtures/kubectl_config.json` was recorded by running the
//! real kubectl (tests/py/test_kube_config.py re-checks it against the
//! real binary). Two files in `$KUBECONFIG`, so merging and writing each
//! change back to the right file are covered, and the files' final text
//! must match byte for byte.

mod common;

use common::sh;
use kterm_shell::testing::TestHost;
use kterm_shell::{Registry, Shell};
use serde_json::Value;

fn shell_with(files: &[(&str, &str)]) -> Shell {
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_kube::register(&mut reg);
    let mut shell = Shell::new(reg);
    for (p, text) in files {
        shell.state.fs.mkdir_p(&p[..p.rfind('/').unwrap()]).unwrap();
        shell
            .state
            .fs
            .write(p, text.as_bytes().to_vec(), 0)
            .unwrap();
    }
    shell
}

/// Usage errors where kubectl also prints the subcommand's help text to
/// stdout; kterm prints only the error.
const HELP_ON_STDOUT: &[&str] = &["config set-context a b"];

#[tokio::test(flavor = "current_thread")]
async fn config_subcommands_match_kubectl() {
    let fixture: Value =
        serde_json::from_str(include_str!("fixtures/kubectl_config.json")).unwrap();
    let mut shell = shell_with(&[
        ("/k/a", fixture["a"].as_str().unwrap()),
        ("/k/b", fixture["b"].as_str().unwrap()),
    ]);
    shell
        .state
        .env
        .export("KUBECONFIG", Some("/k/a:/k/b".into()));
    let host = TestHost::default();
    let mut failures = Vec::new();
    for case in fixture["cases"].as_array().unwrap() {
        let line = case[0].as_str().unwrap();
        let want_out = case[1].as_str().unwrap();
        let want = (
            if HELP_ON_STDOUT.contains(&line) {
                ""
            } else {
                want_out
            }
            .to_string(),
            case[2].as_str().unwrap().to_string(),
            case[3].as_i64().unwrap() as i32,
        );
        let got = sh(&mut shell, &host, &format!("kubectl {line}")).await;
        if got != want {
            failures.push(format!("kubectl {line}\n   got {got:?}\n  want {want:?}"));
        }
    }
    for (path, want) in fixture["files"].as_object().unwrap() {
        let got = String::from_utf8(shell.state.fs.read(path).unwrap().to_vec()).unwrap();
        if got != want.as_str().unwrap() {
            failures.push(format!("file {path}\n   got {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn config_without_a_subcommand() {
    let mut shell = shell_with(&[]);
    let host = TestHost::default();
    let (out, err, code) = sh(&mut shell, &host, "kubectl config").await;
    assert_eq!((err.as_str(), code), ("", 0));
    assert!(out.starts_with("Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".\n"), "{out}");
    assert_eq!(
        sh(&mut shell, &host, "kubectl config foo").await,
        (
            String::new(),
            "error: unknown command \"foo\"\nSee 'kubectl config -h' for help and examples\n"
                .into(),
            1
        )
    );
    let (out, _, code) = sh(&mut shell, &host, "kubectl config use-context --help").await;
    assert_eq!(code, 0);
    assert!(out.starts_with("Set the current-context in a kubeconfig file.\n\nUsage:\n  kubectl config use-context CONTEXT_NAME [options]\n"), "{out}");
    // No kubeconfig at all: an empty Config, as kubectl shows it.
    assert_eq!(
        sh(&mut shell, &host, "kubectl config view").await,
        (
            "apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: \"\"\nkind: Config\nusers: null\n".into(),
            String::new(),
            0
        )
    );
    // A new entry goes to ~/.kube/config, created with its directory.
    let (out, _, _) = sh(
        &mut shell,
        &host,
        "kubectl config set-context x --namespace=y && cat ~/.kube/config",
    )
    .await;
    assert_eq!(
        out,
        "Context \"x\" created.\napiVersion: v1\nclusters: null\ncontexts:\n- context:\n    cluster: \"\"\n    namespace: \"y\"\n    user: \"\"\n  name: x\ncurrent-context: \"\"\nkind: Config\nusers: null\n"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn flatten_reads_files_relative_to_their_kubeconfig() {
    // kubectl 1.37.1 printed this for the same two files.
    let mut shell = shell_with(&[
        ("/k/fl/ca.crt", "CA"),
        ("/k/fl/cfg", "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: x\n  cluster:\n    server: https://x\n    certificate-authority: ca.crt\ncontexts:\n- name: c\n  context: {cluster: x, user: u}\nusers:\n- name: u\n  user: {token: t}\n"),
    ]);
    let host = TestHost::default();
    assert_eq!(
        sh(&mut shell, &host, "cd / && KUBECONFIG=/k/fl/cfg kubectl config view --flatten").await,
        (
            "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: Q0E=\n    server: https://x\n  name: x\ncontexts:\n- context:\n    cluster: x\n    user: u\n  name: c\ncurrent-context: c\nkind: Config\nusers:\n- name: u\n  user:\n    token: t\n".into(),
            String::new(),
            0
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn embedded_client_certificates() {
    // What kubectl 1.37.1 printed and wrote for the same steps.
    let mut shell = shell_with(&[("/k/fl/c.pem", "CERT")]);
    let host = TestHost::default();
    assert_eq!(
        sh(&mut shell, &host, "cd /k/fl && KUBECONFIG=/k/fl/cfg2 kubectl config set-credentials e --client-certificate=c.pem --embed-certs && cat cfg2").await,
        (
            "User \"e\" set.\napiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: \"\"\nkind: Config\nusers:\n- name: e\n  user:\n    client-certificate-data: Q0VSVA==\n".into(),
            String::new(),
            0
        )
    );
    for (line, err) in [
        ("kubectl config set-credentials e --embed-certs", "error: you must specify a --client-certificate or --client-key to embed\n"),
        ("kubectl config set-credentials e --client-key=nope.pem --embed-certs", "error: could not stat client-key file nope.pem: stat nope.pem: no such file or directory\n"),
    ] {
        assert_eq!(sh(&mut shell, &host, line).await, (String::new(), err.to_string(), 1), "{line}");
    }
}
