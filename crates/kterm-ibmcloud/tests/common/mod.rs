//! The harness of the `ibmcloud` tests: a sandbox on loopback and a shell
//! with the builtins and `ibmcloud`, on a test host whose clock tests move.
#![allow(dead_code)] // each test file uses a different part

use std::rc::Rc;
use std::sync::Arc;

use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::{run_command, Outcome, TestHost};
use kterm_shell::{Command, Registry, Shell};
use kterm_sim::{Config, ManualClock, Sandbox};

/// 2026-01-01T00:00:00Z: the sandbox's clusters were created on 2025-09-26.
pub const T0: i64 = 1_767_225_600_000;

pub async fn serve() -> String {
    serve_with(Arc::new(ManualClock::new(T0)), Config::default()).await
}

/// A sandbox whose clock and settings the test holds.
pub async fn serve_with(clock: Arc<ManualClock>, config: Config) -> String {
    let sb = Sandbox::new(clock, config);
    sb.serve_on_loopback().await.unwrap()
}

pub struct Term {
    pub shell: Shell,
    pub host: TestHost,
    /// The sandbox this terminal talks to.
    pub origin: String,
}

impl Term {
    pub async fn new() -> Term {
        Term::on(&serve().await)
    }

    /// A terminal talking to the sandbox at `origin`.
    pub fn on(origin: &str) -> Term {
        let mut reg = Registry::new();
        kterm_shell::builtins::register(&mut reg);
        kterm_ibmcloud::register(&mut reg);
        let mut shell = Shell::new(reg);
        shell.state.ext.insert(Client::new(
            Rc::new(NativeTransport::new()),
            Endpoints::ibm_cloud(origin),
        ));
        let host = TestHost::default();
        host.advance_ms(T0 - kterm_shell::testing::T0_MS);
        Term {
            shell,
            host,
            origin: origin.to_string(),
        }
    }

    pub async fn ibmcloud(&mut self, args: &[&str]) -> Outcome {
        let cmd = self.shell.registry.get("ibmcloud").unwrap();
        run_command(
            &*cmd as &dyn Command,
            &mut self.shell.state,
            &self.shell.registry,
            &self.host,
            args,
            b"",
        )
        .await
    }

    pub async fn sh(&mut self, line: &str) -> (String, String, i32) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = self
            .shell
            .run_line(
                line,
                &self.host,
                &mut out,
                &mut err,
                kterm_shell::Cancel::new(),
            )
            .await;
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
            code,
        )
    }
}

pub fn ok(stdout: &str) -> Outcome {
    Outcome {
        stdout: stdout.to_string(),
        stderr: String::new(),
        status: 0,
    }
}

pub fn failed(msg: &str) -> Outcome {
    Outcome {
        stdout: String::new(),
        stderr: format!("FAILED\n{msg}\n\n"),
        status: 1,
    }
}
