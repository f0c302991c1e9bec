//! `cargo xtask bench`: the speed and size targets, measured.
//!
//! | what | target |
//! | --- | --- |
//! | bundle, gzip total | ≤ 450 KB |
//! | first load on the wire (until the prompt), brotli as served | ≤ 300 KB |
//! | everything on the wire once the families are prefetched | ≤ 755 KB |
//! | navigation → usable prompt, median of 10 cold loads | ≤ 500 ms |
//! | keystroke → echo, median of 200 keys | ≤ 10 ms |
//! | `kubectl get pods -A`, 1,000 pods, Enter → last row | ≤ 150 ms |
//! | 200 clients listing and watching pods for 60 s (load.rs) | no errors, p99 < 50 ms |
//! | side by side with a server-PTY terminal at 50 ms RTT (side.rs): cold load, first kubectl, warm kubectl | ≤ 1.0×, ≤ 1.2×, ≤ 0.8× the PTY's |
//!
//! `cargo xtask bench load [--seconds N] [--clients N] [--think-ms N]` runs
//! only the load benchmark (`KTERM_LOAD_SECONDS` shortens it in the full run);
//! `cargo xtask bench side [--rtt MS] [--runs N]` only the side-by-side one
//! (`cargo xtask bench --rtt MS --runs N` passes the flags to it);
//! `--no-build` measures dist/ as the last `cargo xtask build` left it.

use std::io::Write;

use crate::util::{cmd, free_port, root};
use crate::{load, setup, side};

pub struct Row {
    pub what: String,
    pub value: String,
    pub target: String,
    pub ok: bool,
}

/// A server process (kterm-server, the PTY terminal), killed when dropped.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// kterm-server on `port`, killed when dropped.
pub fn start_server(port: u16) -> Result<Server, String> {
    start_server_with(port, &[])
}

/// kterm-server on `port` with more arguments (`--tls-port N`).
pub fn start_server_with(port: u16, more: &[String]) -> Result<Server, String> {
    let server = std::process::Command::new(setup::build_server()?)
        .current_dir(root())
        .args(["--port", &port.to_string(), "--dist", "dist"])
        .args(more)
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let server = Server(server);
    wait_for_port(port, "kterm-server")?;
    Ok(server)
}

/// Waits up to 10 s for something to listen on `port`.
pub fn wait_for_port(port: u16, what: &str) -> Result<(), String> {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err(format!("{what} did not start listening within 10 s"))
}

pub fn print_table(rows: &[Row]) {
    println!("\n| measure | value | target | |\n| --- | --- | --- | --- |");
    for r in rows {
        let mark = if r.target.is_empty() {
            ""
        } else if r.ok {
            "ok"
        } else {
            "MISSED"
        };
        println!("| {} | {} | {} | {} |", r.what, r.value, r.target, mark);
    }
}

/// `cargo xtask bench [--rtt MS] [--runs N] | bench load ... | bench side ...`.
pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("load") => load::run(&args[1..]),
        Some("side") => side::run(&args[1..]),
        None => run_all(&side::Options::default()),
        Some(a) if a.starts_with("--") => run_all(&side::Options::parse(args)?),
        Some(other) => Err(format!(
            "bench: unknown argument {other} (usage: cargo xtask bench [--rtt MS] [--runs N] [--no-build] | bench load [--seconds N] [--clients N] [--think-ms N] | bench side [--rtt MS] [--runs N] [--no-build])"
        )),
    }
}

fn gzip_len(data: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = e.write_all(data);
    e.finish().map(|v| v.len()).unwrap_or(0)
}

/// (kind, raw bytes, gzip bytes) for wasm, js, css in dist/.
fn bundle_sizes() -> Result<Vec<(&'static str, usize, usize)>, String> {
    let mut sizes = vec![("wasm", 0, 0), ("js", 0, 0), ("css", 0, 0)];
    let dir = root().join("dist");
    for entry in std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = if name.ends_with(".wasm") {
            0
        } else if name.ends_with(".js") || name.ends_with(".mjs") {
            1
        } else if name.ends_with(".css") {
            2
        } else {
            continue;
        };
        let data = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        sizes[kind].1 += data.len();
        sizes[kind].2 += gzip_len(&data);
    }
    Ok(sizes)
}

fn json_number(json: &str, key: &str) -> Option<f64> {
    let at = json.find(&format!("\"{key}\":"))? + key.len() + 3;
    let rest = &json[at..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1000.0)
}

fn run_all(side_opts: &side::Options) -> Result<(), String> {
    setup::ensure_bundle_tools()?;
    setup::ensure_chromium()?;
    if side_opts.build {
        setup::build_bundle()?;
    }
    let mut rows = Vec::new();
    let sizes = bundle_sizes()?;
    let (mut raw, mut gz) = (0, 0);
    for (kind, r, g) in &sizes {
        raw += r;
        gz += g;
        rows.push(Row {
            what: format!("bundle {kind} (raw / gzip)"),
            value: format!("{} / {}", kb(*r), kb(*g)),
            target: String::new(),
            ok: true,
        });
    }
    rows.push(Row {
        what: "bundle total (raw / gzip)".into(),
        value: format!("{} / {}", kb(raw), kb(gz)),
        target: "gzip ≤ 450 KB".into(),
        ok: gz <= 450_000,
    });

    let port = free_port()?;
    let server = start_server(port)?;
    let out = cmd("node")
        .arg("tests/bench/browser.mjs")
        .env("KTERM_URL", format!("http://127.0.0.1:{port}"))
        .output()
        .map_err(|e| format!("node: {e}"))?;
    let json = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "browser bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let prompt = json_number(&json, "prompt_ms").ok_or("no prompt_ms in bench output")?;
    let echo = json_number(&json, "echo_ms").ok_or("no echo_ms in bench output")?;
    let first = json_number(&json, "first_load_bytes").ok_or("no first_load_bytes")?;
    let total = json_number(&json, "total_bytes").ok_or("no total_bytes")?;
    rows.push(Row {
        what: "first load on the wire, until the prompt".into(),
        value: kb(first as usize),
        target: "≤ 300 KB".into(),
        ok: first <= 300_000.0,
    });
    rows.push(Row {
        what: "all on the wire, every family prefetched".into(),
        value: kb(total as usize),
        target: "≤ 755 KB".into(),
        ok: total <= 755_000.0,
    });
    rows.push(Row {
        what: "navigation → prompt (median of 10 cold loads)".into(),
        value: format!("{prompt:.0} ms"),
        target: "≤ 500 ms".into(),
        ok: prompt <= 500.0,
    });
    rows.push(Row {
        what: "keystroke → echo (median of 200 keys)".into(),
        value: format!("{echo:.1} ms"),
        target: "≤ 10 ms".into(),
        ok: echo <= 10.0,
    });

    rows.extend(pods_rows(port)?);
    drop(server);
    print_table(&rows);
    // Its own server too: 1,000 pods in `bench`, not the 5,000 above.
    println!("{}", side::measure(side_opts)?);
    // On a fresh server of its own, so the 5,000 pods above are not listed.
    load::run(&[])
}

/// `kubectl get pods -A` with 1,000 and 5,000 pods in the sandbox, typed
/// into the terminal: Enter → last row on screen, and the wasm heap after.
fn pods_rows(port: u16) -> Result<Vec<Row>, String> {
    let out = cmd("node")
        .arg("tests/bench/pods.mjs")
        .env("KTERM_URL", format!("http://127.0.0.1:{port}"))
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "pods bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let json = String::from_utf8_lossy(&out.stdout);
    let mut rows = Vec::new();
    // The counts pods.mjs was asked for (POD_COUNTS, as it reads it).
    let counts = std::env::var("POD_COUNTS").unwrap_or_else(|_| "1000,5000".into());
    for n in counts
        .split(',')
        .filter_map(|c| c.trim().parse::<u32>().ok())
    {
        let target = (n == 1000).then_some(150.0);
        let ms = json_number(&json, &format!("pods_{n}_ms"))
            .ok_or_else(|| format!("no pods_{n}_ms in the pods bench output"))?;
        rows.push(Row {
            what: format!("`kubectl get pods -A`, {n} pods: Enter → last row (median of 3)"),
            value: format!("{ms:.0} ms"),
            target: target.map(|t| format!("≤ {t:.0} ms")).unwrap_or_default(),
            ok: target.is_none_or(|t| ms <= t),
        });
        if let Some(heap) = json_number(&json, &format!("heap_{n}_bytes")) {
            rows.push(Row {
                what: format!("wasm heap after {n} pods"),
                value: format!("{:.1} MB", heap / 1e6),
                target: String::new(),
                ok: true,
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_from_the_browser_report() {
        let j = r#"{"prompt_ms":312.5,"prompt_samples":[1,2],"echo_ms":3.2,"keys":200}"#;
        assert_eq!(json_number(j, "prompt_ms"), Some(312.5));
        assert_eq!(json_number(j, "echo_ms"), Some(3.2));
        assert_eq!(json_number(j, "nope"), None);
    }
}
