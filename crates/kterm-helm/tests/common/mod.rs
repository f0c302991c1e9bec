//! The harness of the helm tests (the kubectl tests' pattern): a sandbox
//! on loopback at a fixed clock, a shell with the builtins, `ibmcloud`,
//! `kubectl` and `helm`, logged in and with the cluster's kubeconfig
//! written as the IBM docs do it.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::rc::Rc;
use std::sync::Arc;

use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::TestHost;
use kterm_shell::{Cancel, Registry, Shell};
use kterm_sim::{Config, ManualClock, Sandbox};

/// 2026-01-01T00:00:00Z, the clock the kubectl tests use too.
pub const T0: i64 = 1_767_225_600_000;

pub struct Term {
    pub shell: Shell,
    pub host: TestHost,
    pub sandbox: Sandbox,
}

impl Term {
    /// A fresh sandbox, not logged in.
    pub async fn new() -> Term {
        let sandbox = Sandbox::new(Arc::new(ManualClock::new(T0)), Config::default());
        let origin = sandbox.serve_on_loopback().await.unwrap();
        let host = TestHost::default();
        host.advance_ms(T0 - kterm_shell::testing::T0_MS);
        let mut reg = Registry::new();
        kterm_shell::builtins::register(&mut reg);
        kterm_ibmcloud::register(&mut reg);
        kterm_kube::register(&mut reg);
        kterm_helm::register(&mut reg);
        let mut shell = Shell::new(reg);
        shell.state.ext.insert(Client::new(
            Rc::new(NativeTransport::new()),
            Endpoints::ibm_cloud(&origin),
        ));
        Term {
            shell,
            host,
            sandbox,
        }
    }

    /// Logged in with the demo key, `mycluster`'s kubeconfig written.
    pub async fn logged_in() -> Term {
        let mut t = Term::new().await;
        for line in [
            "ibmcloud login --apikey demo-apikey -r us-south -g Default",
            "ibmcloud ks cluster config --cluster mycluster",
        ] {
            let (_, err, code) = t.sh(line).await;
            assert_eq!((err.as_str(), code), ("", 0), "{line}");
        }
        t
    }

    pub async fn sh(&mut self, line: &str) -> (String, String, i32) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = self
            .shell
            .run_line(line, &self.host, &mut out, &mut err, Cancel::new())
            .await;
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
            code,
        )
    }

    /// Runs each (line, stdout, stderr, code); reports every mismatch.
    pub async fn table<O: AsRef<str>, E: AsRef<str>>(&mut self, cases: &[(&str, O, E, i32)]) {
        let mut failures = Vec::new();
        for (line, out, err, code) in cases {
            let got = self.sh(line).await;
            let want = (out.as_ref().to_string(), err.as_ref().to_string(), *code);
            if got != want {
                failures.push(format!("{line}\n   got {got:?}\n  want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Runs Tab on each line; reports every mismatch.
    pub async fn completions(&mut self, cases: &[(&str, &[&str])]) {
        let mut failures = Vec::new();
        for (line, want) in cases {
            let got = kterm_shell::editor::complete::complete(
                &mut self.shell,
                &self.host,
                line,
                line.len(),
            )
            .await
            .candidates;
            if got != *want {
                failures.push(format!("{line:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
