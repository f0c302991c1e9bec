//! The harness of the kubectl tests: a sandbox on loopback and a shell with
//! the builtins, `ibmcloud` and `kubectl`/`oc`, on a test host whose clock
//! starts where the sandbox's does. Most tests then follow the IBM docs
//! steps (`ibmcloud login`, `ibmcloud ks cluster config`) before kubectl.
#![allow(dead_code)] // each test file uses a different part
#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::rc::Rc;
use std::sync::Arc;

use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::TestHost;
use kterm_shell::{Cancel, Host, Registry, Shell};
use kterm_sim::{Config, ManualClock, Sandbox};

/// 2026-01-01T00:00:00Z: the sandbox's clusters were created on 2025-09-26.
pub const T0: i64 = 1_767_225_600_000;

/// The demo account's API key (`fixtures::API_KEY`).
pub const DEMO_APIKEY: &str = "demo-apikey";

/// A terminal on its own sandbox.
pub struct Term {
    pub shell: Shell,
    pub host: TestHost,
    /// Where the sandbox listens (`http://127.0.0.1:<port>`).
    pub origin: String,
    /// The sandbox's clock: tests move it to let controllers progress.
    pub clock: Arc<ManualClock>,
    /// The sandbox itself (shared state with the one serving `origin`).
    pub sandbox: Sandbox,
}

impl Term {
    /// A fresh sandbox at `T0` and a terminal on it, not logged in.
    pub async fn new() -> Term {
        Term::with(Arc::new(ManualClock::new(T0)), Config::default()).await
    }

    /// A terminal on a sandbox whose clock and settings the test chooses.
    /// The host's clock starts at `T0` whatever the sandbox's says.
    pub async fn with(clock: Arc<ManualClock>, config: Config) -> Term {
        let sandbox = Sandbox::new(clock.clone(), config);
        let origin = sandbox.serve_on_loopback().await.unwrap();
        let host = TestHost::default();
        host.advance_ms(T0 - kterm_shell::testing::T0_MS);
        Term {
            shell: shell_on(&origin),
            host,
            origin,
            clock,
            sandbox,
        }
    }

    /// A fresh sandbox, logged in with the demo key and the cluster's
    /// kubeconfig written.
    pub async fn logged_in() -> Term {
        Term::logged_in_as(DEMO_APIKEY).await
    }

    /// Like `logged_in`, with another account's API key.
    pub async fn logged_in_as(apikey: &str) -> Term {
        let mut t = Term::new().await;
        login(&mut t.shell, &t.host, apikey).await;
        t
    }

    pub async fn sh(&mut self, line: &str) -> (String, String, i32) {
        sh(&mut self.shell, &self.host, line).await
    }

    pub async fn sh_with(&mut self, line: &str, cancel: Cancel) -> (String, String, i32) {
        sh_with(&mut self.shell, &self.host, line, cancel).await
    }

    /// Runs each (line, stdout, stderr, code) and reports every mismatch.
    pub async fn table(&mut self, cases: &[(&str, &str, &str, i32)]) {
        table(&mut self.shell, &self.host, cases).await
    }

    /// The shell on a host whose sleeps also move the sandbox's clock,
    /// for commands that wait on the cluster (`delete --wait`, `drain`,
    /// `rollout status`): the pods they wait for stop as time passes.
    /// Also returns the sandbox's origin.
    pub fn into_sim(self) -> (Shell, SimHost, String) {
        let host = SimHost {
            inner: self.host,
            clock: self.clock,
        };
        (self.shell, host, self.origin)
    }
}

/// A TestHost whose sleeps advance the sandbox's clock as well.
pub struct SimHost {
    pub inner: TestHost,
    pub clock: Arc<ManualClock>,
}

#[async_trait::async_trait(?Send)]
impl Host for SimHost {
    fn now_ms(&self) -> i64 {
        self.inner.now_ms()
    }
    async fn sleep_ms(&self, ms: u64) {
        self.clock.advance_ms(ms as i64);
        self.inner.sleep_ms(ms).await;
    }
    async fn read_line(&self, prompt: &str, secret: bool) -> Option<String> {
        self.inner.read_line(prompt, secret).await
    }
    async fn read_raw(&self) -> Option<Vec<u8>> {
        self.inner.read_raw().await
    }
}

/// A shell with the builtins, `ibmcloud` and `kubectl`/`oc`, whose HTTP
/// client sends IBM Cloud's requests to the sandbox at `origin`.
pub fn shell_on(origin: &str) -> Shell {
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_ibmcloud::register(&mut reg);
    kterm_kube::register(&mut reg);
    let mut shell = Shell::new(reg);
    shell.state.ext.insert(Client::new(
        Rc::new(NativeTransport::new()),
        Endpoints::ibm_cloud(origin),
    ));
    shell
}

/// The IBM docs steps: log in with `apikey`, then write the cluster's
/// kubeconfig. Both must succeed silently on stderr.
pub async fn login(shell: &mut Shell, host: &dyn Host, apikey: &str) {
    for line in [
        format!("ibmcloud login --apikey {apikey} -r us-south -g Default"),
        "ibmcloud ks cluster config --cluster mycluster".to_string(),
    ] {
        let (_, err, code) = sh(shell, host, &line).await;
        assert_eq!((err.as_str(), code), ("", 0), "{line}");
    }
}

/// Runs `line`; returns stdout, stderr and the exit status.
pub async fn sh(shell: &mut Shell, host: &dyn Host, line: &str) -> (String, String, i32) {
    sh_with(shell, host, line, Cancel::new()).await
}

/// Like `sh`, with a cancel the test holds (Ctrl-C).
pub async fn sh_with(
    shell: &mut Shell,
    host: &dyn Host,
    line: &str,
    cancel: Cancel,
) -> (String, String, i32) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = shell.run_line(line, host, &mut out, &mut err, cancel).await;
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
        code,
    )
}

/// Runs each (line, stdout, stderr, code) and reports every mismatch.
/// Each text may be a `&str` or a `String`.
pub async fn table<L, O, E>(shell: &mut Shell, host: &dyn Host, cases: &[(L, O, E, i32)])
where
    L: AsRef<str>,
    O: AsRef<str>,
    E: AsRef<str>,
{
    let mut failures = Vec::new();
    for (line, out, err, code) in cases {
        let (line, out, err) = (line.as_ref(), out.as_ref(), err.as_ref());
        let got = sh(shell, host, line).await;
        if got != (out.to_string(), err.to_string(), *code) {
            failures.push(format!(
                "{line}\n   got {got:?}\n  want {:?}",
                (out, err, code)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs Tab on each line and checks the candidates, reporting every
/// mismatch at once.
pub async fn completions(shell: &mut Shell, host: &dyn Host, cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (line, want) in cases {
        let got = kterm_shell::editor::complete::complete(shell, host, line, line.len())
            .await
            .candidates;
        if got != *want {
            failures.push(format!("{line:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
