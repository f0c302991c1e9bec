#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The read side of kterm's kubectl (describe, get's output formats,
//! config, api-resources, …) against the sandbox over real HTTP, with
//! exact output. The text was checked against the real kubectl 1.37 on the
//! same sandbox (tests/py/test_kubectl_diff_read.py does so continuously).

use std::rc::Rc;
use std::sync::Arc;

use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::TestHost;
use kterm_shell::{Cancel, Registry, Shell};
use kterm_sim::{Config, ManualClock, Sandbox};

const T0: i64 = 1_767_225_600_000;

async fn term() -> (Shell, TestHost) {
    let sb = Sandbox::new(Arc::new(ManualClock::new(T0)), Config::default());
    let origin = sb.serve_on_loopback().await.unwrap();
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_ibmcloud::register(&mut reg);
    kterm_kube::register(&mut reg);
    let mut shell = Shell::new(reg);
    shell.state.ext.insert(Client::new(
        Rc::new(NativeTransport::new()),
        Endpoints::ibm_cloud(&origin),
    ));
    let host = TestHost::default();
    host.advance_ms(T0 - kterm_shell::testing::T0_MS);
    for line in [
        "ibmcloud login --apikey demo-apikey -r us-south -g Default",
        "ibmcloud ks cluster config --cluster mycluster",
    ] {
        let (_, err, code) = sh(&mut shell, &host, line).await;
        assert_eq!((err.as_str(), code), ("", 0), "{line}");
    }
    (shell, host)
}

async fn sh(shell: &mut Shell, host: &TestHost, line: &str) -> (String, String, i32) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = shell
        .run_line(line, host, &mut out, &mut err, Cancel::new())
        .await;
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
        code,
    )
}

/// Runs each case; the expected text is in `tests/read/<name>.txt` as
/// stdout, then a line `--- stderr`, stderr, then `--- exit N`.
async fn check(cases: &[(&str, &str)]) {
    let (mut shell, host) = term().await;
    let mut failures = Vec::new();
    for (name, line) in cases {
        let (out, err, code) = sh(&mut shell, &host, line).await;
        let got = format!("{out}--- stderr\n{err}--- exit {code}\n");
        let path = format!("{}/tests/read/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("KTERM_BLESS").is_some() {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failures.push(format!("{line}\n--- got\n{got}--- want\n{want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn describe() {
    check(&[
        ("describe_pod", "kubectl describe pod -l app=batch-worker"),
        ("describe_deploy", "kubectl describe deploy web"),
        ("describe_rs", "kubectl describe rs -l app=web"),
        ("describe_svc_all", "kubectl describe svc -A"),
        ("describe_cm", "kubectl describe configmap/web-config"),
        ("describe_secret", "kubectl describe secrets"),
        ("describe_ns", "kubectl describe ns default"),
        ("describe_node", "kubectl describe nodes 10.176.48.60"),
        ("describe_sa", "kubectl describe sa default -n kube-system"),
        ("describe_prefix", "kubectl describe deploy we"),
        ("describe_missing", "kubectl describe pod nope"),
        ("describe_none", "kubectl describe pods -n kube-public"),
        ("describe_unknown", "kubectl describe foo"),
    ])
    .await;
}
