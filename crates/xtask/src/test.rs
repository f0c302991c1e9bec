//! `cargo xtask test`: every test, in order of cost: native unit and
//! integration tests, browser (wasm-bindgen-test) tests, then the bundle is
//! built and served with the sandbox for the real-client tests (pytest) and
//! the end-to-end tests in headless Chromium (node --test + playwright-core).

use std::process::Command;

use crate::setup;
use crate::util::{cargo, cmd, path_with_tools, root};

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    broken: Vec<String>,
}

impl Tally {
    /// Runs a suite, echoing its output, counting with `count`.
    fn suite(&mut self, name: &str, c: &mut Command, count: fn(&str) -> (u64, u64)) {
        eprintln!("\n=== xtask: {name}");
        let out = match c.output() {
            Ok(o) => o,
            Err(e) => {
                self.broken.push(format!("{name}: cannot start: {e}"));
                return;
            }
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        print!("{stdout}");
        eprint!("{stderr}");
        let (p, f) = count(&format!("{stdout}\n{stderr}"));
        self.passed += p;
        self.failed += f;
        if !out.status.success() {
            self.broken
                .push(format!("{name}: exit status {}", out.status));
        }
    }
}

/// Sums `test result: ok. N passed; M failed` lines.
fn count_cargo(out: &str) -> (u64, u64) {
    let mut t = (0, 0);
    for line in out.lines().filter(|l| l.starts_with("test result:")) {
        t.0 += number_before(line, " passed");
        t.1 += number_before(line, " failed");
    }
    t
}

/// node --test's `# pass N` / `# fail N`.
fn count_node(out: &str) -> (u64, u64) {
    let mut t = (0, 0);
    for line in out.lines() {
        if let Some(n) = line
            .strip_prefix("# pass ")
            .or_else(|| line.strip_prefix("ℹ pass "))
        {
            t.0 += n.trim().parse().unwrap_or(0);
        }
        if let Some(n) = line
            .strip_prefix("# fail ")
            .or_else(|| line.strip_prefix("ℹ fail "))
        {
            t.1 += n.trim().parse().unwrap_or(0);
        }
    }
    t
}

/// pytest's last line: `=== 12 passed, 1 failed in 3.2s ===`.
fn count_pytest(out: &str) -> (u64, u64) {
    let last = out
        .lines()
        .rev()
        .find(|l| l.starts_with('=') && l.contains(" in "))
        .unwrap_or("");
    (
        number_before(last, " passed"),
        number_before(last, " failed") + number_before(last, " error"),
    )
}

fn number_before(line: &str, word: &str) -> u64 {
    line.find(word)
        .and_then(|i| line[..i].rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(port: u16, tls_port: u16) -> Result<Server, String> {
    let bin = setup::build_server()?;
    let child = Command::new(bin)
        .current_dir(root())
        .args([
            "--port",
            &port.to_string(),
            "--tls-port",
            &tls_port.to_string(),
            "--dist",
            "dist",
            // The embedding tests' host pages on the other loopback name.
            "--embed-origins",
            &format!("http://localhost:{port}"),
        ])
        .spawn()
        .map_err(|e| format!("kterm-server: {e}"))?;
    let server = Server(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(server);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err("kterm-server did not start listening within 10 s".into())
}

fn has_files(dir: &str, prefix: &str, suffix: &str) -> bool {
    std::fs::read_dir(root().join(dir)).is_ok_and(|rd| {
        rd.flatten().any(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(prefix) && n.ends_with(suffix)
        })
    })
}

pub fn run() -> Result<(), String> {
    setup::ensure_bundle_tools()?;
    setup::ensure_chromium()?;
    setup::ensure_venv()?;
    setup::ensure_gawk()?;
    let mut t = Tally::default();

    t.suite(
        "native tests",
        cargo().args([
            "test",
            "--workspace",
            "--exclude",
            "kterm-web",
            "--no-fail-fast",
        ]),
        count_cargo,
    );
    t.suite(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        cargo()
            .env("PATH", path_with_tools())
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .args([
                "test",
                "-p",
                "kterm-web",
                "--target",
                "wasm32-unknown-unknown",
            ]),
        count_cargo,
    );

    setup::build_bundle()?;
    let port = crate::util::free_port()?;
    let tls_port = crate::util::free_port()?;
    let url = format!("http://127.0.0.1:{port}");
    let tls_url = format!("https://127.0.0.1:{tls_port}");
    let _server = start_server(port, tls_port)?;

    if has_files("tests/py", "test_", ".py") {
        t.suite(
            "real clients against the sandbox (pytest)",
            cmd(".venv/bin/pytest")
                .args(["-q", "tests/py"])
                .env("KTERM_URL", &url)
                .env("KTERM_TLS_URL", &tls_url),
            count_pytest,
        );
    }
    t.suite(
        "end-to-end in headless Chromium (node --test)",
        cmd("node")
            .args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
            .arg("tests/e2e/")
            .env("KTERM_URL", &url)
            .env("NODE_PATH", root().join("web/node_modules")),
        count_node,
    );

    println!("\nxtask: {} passed, {} failed", t.passed, t.failed);
    if t.broken.is_empty() && t.failed == 0 {
        Ok(())
    } else {
        Err(format!("failing: {}", t.broken.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let cargo_out = "test result: ok. 7 passed; 0 failed; 0 ignored\ntest result: FAILED. 2 passed; 1 failed;";
        assert_eq!(count_cargo(cargo_out), (9, 1));
        assert_eq!(count_node("# tests 3\n# pass 2\n# fail 1\n"), (2, 1));
        assert_eq!(
            count_pytest("..\n===== 12 passed, 1 failed in 3.20s ====="),
            (12, 1)
        );
        assert_eq!(count_pytest("===== 4 passed in 0.1s ====="), (4, 0));
    }
}
