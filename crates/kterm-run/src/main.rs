//! Runs one command line through kterm's shell natively, with the same
//! command code as in the browser, for the differential tests against the
//! real kubectl and Helm (tests/py/test_kubectl_diff_*.py,
//! tests/py/test_helm_diff.py).
//!
//! `kterm-run --origin URL [--map URL] --kubeconfig FILE -- PROGRAM ARGS…`
//!
//! `--origin` is the sandbox's plain-HTTP address; `--map` an address the
//! kubeconfig names (the sandbox's HTTPS listener, which real kubectl
//! needs) that is sent to `--origin` instead. The kubeconfig file is put at
//! `~/.kube/config` in the session and written back if a command changed it.
//! Prints what the command prints as it prints it (so `get -w` streams),
//! turns SIGINT into the shell's Cancel (Ctrl-C), and exits with the
//! command's status.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::rc::Rc;

use async_trait::async_trait;
use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::io::Out;
use kterm_shell::{Cancel, Host, Registry, Shell};

/// Writes straight through to the process's stdout or stderr.
struct Std(bool);

impl Out for Std {
    fn write(&mut self, bytes: &[u8]) {
        let _ = if self.0 {
            let mut o = std::io::stdout();
            o.write_all(bytes).and_then(|_| o.flush())
        } else {
            std::io::stderr().write_all(bytes)
        };
    }
}

struct RealHost;

#[async_trait(?Send)]
impl Host for RealHost {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
    async fn sleep_ms(&self, ms: u64) {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    async fn read_line(&self, _prompt: &str, _secret: bool) -> Option<String> {
        None
    }
    async fn read_raw(&self) -> Option<Vec<u8>> {
        None
    }
}

/// Single-quotes a word for kterm's shell.
fn quote(w: &str) -> String {
    format!("'{}'", w.replace('\'', "'\\''"))
}

fn usage() -> ! {
    eprintln!("usage: kterm-run --origin URL [--map URL] --kubeconfig FILE -- PROGRAM ARGS...");
    std::process::exit(2)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (mut origin, mut map, mut file) = (None, None, None);
    let mut rest = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--origin" => origin = args.next(),
            "--map" => map = args.next(),
            "--kubeconfig" => file = args.next(),
            "--" => rest.extend(args.by_ref()),
            _ => usage(),
        }
    }
    let (Some(origin), Some(file)) = (origin, file) else {
        usage()
    };
    if rest.is_empty() {
        usage()
    }
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_kube::register(&mut reg);
    kterm_helm::register(&mut reg);
    let mut shell = Shell::new(reg);
    let mut endpoints = Endpoints::ibm_cloud(&origin);
    if let Some(m) = &map {
        endpoints.add(m, &origin);
    }
    shell
        .state
        .ext
        .insert(Client::new(Rc::new(NativeTransport::new()), endpoints));
    let cfg_path = kterm_kube::kubeconfig::DEFAULT_PATH;
    let original = std::fs::read(&file).unwrap_or_default();
    let host = RealHost;
    if shell.state.fs.mkdir_p("/home/user/.kube").is_err()
        || shell
            .state
            .fs
            .write(cfg_path, original.clone(), host.now_ms())
            .is_err()
    {
        eprintln!("cannot place the kubeconfig in the session");
        std::process::exit(2)
    }
    let line = rest.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ");
    let (mut out, mut err) = (Std(true), Std(false));
    let cancel = Cancel::new();
    let on_signal = cancel.clone();
    // The signal branch never completes: it cancels, and the command then
    // returns on its own (130, as after Ctrl-C in the terminal).
    let signal = async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_signal.cancel();
        }
        std::future::pending::<()>().await
    };
    let code = tokio::select! {
        code = shell.run_line(&line, &host, &mut out, &mut err, cancel) => code,
        () = signal => 130,
    };
    if let Ok(now) = shell.state.fs.read(cfg_path) {
        if now != original.as_slice() && std::fs::write(&file, now).is_err() {
            eprintln!("cannot write {file}");
        }
    }
    std::process::exit(code)
}
