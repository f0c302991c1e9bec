#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design
//! `kubectl config view -o jsonpath=…` (and `jsonpath-as-json`, `--raw`,
//! `--minify`, `--flatten`, `--template`) against what the real kubectl
//! printed for the same kubeconfig: `fixtures/kubectl_config_view_jsonpath.json`
//! was recorded with kubectl v1.32.4 (`config view` needs no server). When
//! a kubectl is on PATH the recording is checked against it too.

mod common;

use common::sh;
use kterm_shell::testing::TestHost;
use kterm_shell::{Registry, Shell};
use serde_json::Value;

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/kubectl_config_view_jsonpath.json")).unwrap()
}

fn cases(f: &Value) -> Vec<(String, (String, String, i32))> {
    f["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c[0].as_str().unwrap().to_string(),
                (
                    c[1].as_str().unwrap().to_string(),
                    c[2].as_str().unwrap().to_string(),
                    c[3].as_i64().unwrap() as i32,
                ),
            )
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn config_view_jsonpath_matches_kubectl() {
    let f = fixture();
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_kube::register(&mut reg);
    let mut shell = Shell::new(reg);
    shell.state.fs.mkdir_p("/k").unwrap();
    let text = f["kubeconfig"].as_str().unwrap();
    shell
        .state
        .fs
        .write("/k/config", text.as_bytes().to_vec(), 0)
        .unwrap();
    shell
        .state
        .env
        .export("KUBECONFIG", Some("/k/config".into()));
    let host = TestHost::default();
    let mut failures = Vec::new();
    for (line, want) in cases(&f) {
        let got = sh(&mut shell, &host, &format!("kubectl {line}")).await;
        if got != want {
            failures.push(format!("kubectl {line}\n   got {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The recording still says what the kubectl on this machine says.
#[test]
fn recording_matches_the_real_kubectl() {
    let Ok(v) = std::process::Command::new("kubectl")
        .args(["version", "--client"])
        .output()
    else {
        eprintln!("no kubectl on PATH: the recording is not re-checked");
        return;
    };
    if !String::from_utf8_lossy(&v.stdout).contains("v1.32.") {
        eprintln!("another kubectl version: the recording is not re-checked");
        return;
    }
    let f = fixture();
    let dir = std::env::temp_dir().join(format!("kterm-config-view-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    std::fs::write(&config, f["kubeconfig"].as_str().unwrap()).unwrap();
    let mut failures = Vec::new();
    for (line, want) in cases(&f) {
        let out = std::process::Command::new("bash")
            .args(["-c", &format!("kubectl {line}")])
            .env_clear()
            .env("KUBECONFIG", &config)
            .env("HOME", &dir)
            .env("PATH", "/usr/bin:/bin")
            .output()
            .unwrap();
        let got = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code().unwrap_or(-1),
        );
        if got != want {
            failures.push(format!("kubectl {line}\n   got {got:?}\n  want {want:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
