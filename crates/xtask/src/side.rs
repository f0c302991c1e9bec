//! `cargo xtask bench side [--rtt MS] [--runs N] [--no-build]` (also part of `cargo
//! xtask bench`): kterm side by side with the terminal a user would pick
//! instead, a server-PTY terminal: bash and the real kubectl behind
//! terminado, xterm.js in the page (tests/bench/pty/, installed from
//! tests/bench/requirements.txt into .venv and web/node_modules).
//!
//! Both are served through the same latency proxy (proxy.rs, `--rtt`
//! milliseconds round trip, 50 by default): that is the user's link.
//! The API is next to the servers: the PTY's kubectl talks to the sandbox
//! directly, while kterm's requests to it, made in the browser, cross the
//! link. The sandbox holds 1,000 pods in namespace `bench`.
//!
//! tests/bench/side.mjs measures, for each terminal, in `--runs` cold
//! sessions (median): navigation → usable prompt, the first `kubectl get
//! pods -n bench` after login, the same warm, and keystroke → echo.

mod proxy;

use std::time::Duration;

use serde::Deserialize;

use crate::bench::{start_server_with, wait_for_port, Server};
use crate::setup;
use crate::util::{cmd, free_port, root};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Round trip the proxy adds, milliseconds.
    pub rtt_ms: u64,
    /// Cold sessions per terminal.
    pub runs: u64,
    /// Build the bundle first (`--no-build`: measure dist/ as it is).
    pub build: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            rtt_ms: 50,
            runs: 5,
            build: true,
        }
    }
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Self::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "--no-build" {
                o.build = false;
                continue;
            }
            let v = it.next().ok_or_else(|| format!("{a} needs a value"));
            let num = |v: Result<&String, String>| -> Result<u64, String> {
                v?.parse::<u64>()
                    .map_err(|_| format!("{a}: not a whole number"))
            };
            match a.as_str() {
                "--rtt" => o.rtt_ms = num(v)?,
                "--runs" => o.runs = num(v)?,
                other => return Err(format!("bench: unknown argument {other}")),
            }
        }
        if o.runs == 0 {
            return Err("bench: --runs must be at least 1".into());
        }
        Ok(o)
    }
}

/// What side.mjs reports for one terminal: the samples of each measure.
#[derive(Deserialize, Debug, Default, Clone)]
pub struct Samples {
    load: Vec<f64>,
    bytes: Vec<f64>,
    cold: Vec<f64>,
    warm: Vec<f64>,
    echo: Vec<f64>,
}

#[derive(Deserialize, Debug)]
struct Report {
    kterm: Samples,
    pty: Samples,
}

fn median(xs: &[f64]) -> f64 {
    let mut s = xs.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// `cargo xtask bench side [flags]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let opts = Options::parse(args)?;
    setup::ensure_bundle_tools()?;
    setup::ensure_chromium()?;
    if opts.build {
        setup::build_bundle()?;
    }
    println!("{}", measure(&opts)?);
    Ok(())
}

/// Starts both terminals behind the proxy, runs side.mjs, and returns the
/// table (the bundle must be built).
pub fn measure(opts: &Options) -> Result<String, String> {
    setup::ensure_bench_venv()?;
    let (port, tls_port) = (free_port()?, free_port()?);
    let _kterm = start_server_with(port, &["--tls-port".into(), tls_port.to_string()])?;
    let sandbox = format!("http://127.0.0.1:{port}");
    let pty_port = free_port()?;
    let _pty = start_pty(pty_port, &sandbox, &format!("https://127.0.0.1:{tls_port}"))?;

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let link = proxy::Link {
        rtt: Duration::from_millis(opts.rtt_ms),
    };
    let kterm_via = rt.block_on(proxy::start(port, link))?;
    let pty_via = rt.block_on(proxy::start(pty_port, link))?;
    eprintln!(
        "xtask: side by side, {} ms round trip, {} cold sessions each",
        opts.rtt_ms, opts.runs
    );
    let out = cmd("node")
        .arg("tests/bench/side.mjs")
        .env("KTERM_URL", format!("http://127.0.0.1:{kterm_via}"))
        .env("PTY_URL", format!("http://127.0.0.1:{pty_via}"))
        .env("SANDBOX_URL", &sandbox)
        .env("RUNS", opts.runs.to_string())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "side-by-side bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let report: Report = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("side.mjs printed no report: {e}"))?;
    Ok(table(opts, &report.pty, &report.kterm))
}

/// kterm-server's sandbox at `sandbox` (HTTPS at `tls` for kubectl); the
/// PTY terminal's server on `port`, killed when dropped.
fn start_pty(port: u16, sandbox: &str, tls: &str) -> Result<Server, String> {
    let child = cmd(".venv/bin/python")
        .arg(root().join("tests/bench/pty/server.py"))
        .env("PTY_PORT", port.to_string())
        .env("KTERM_URL", sandbox)
        .env("KTERM_TLS_URL", tls)
        .spawn()
        .map_err(|e| format!("tests/bench/pty/server.py: {e}"))?;
    let server = Server(child);
    wait_for_port(port, "the PTY terminal (terminado)")?;
    Ok(server)
}

/// One measure: its name, how a value reads, and the most kterm may take
/// as a multiple of the PTY terminal (the targets of issue 12).
struct Measure {
    what: &'static str,
    pick: fn(&Samples) -> &[f64],
    unit: fn(f64) -> String,
    target: Option<f64>,
}

fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.0} ms")
    }
}

fn kb(v: f64) -> String {
    format!("{:.0} KB", v / 1000.0)
}

const MEASURES: [Measure; 5] = [
    Measure {
        what: "cold load to a usable prompt",
        pick: |s| &s.load,
        unit: ms,
        target: Some(1.0),
    },
    Measure {
        what: "first `kubectl get pods -n bench` after login (cold)",
        pick: |s| &s.cold,
        unit: ms,
        target: Some(1.2),
    },
    Measure {
        what: "the same, warm",
        pick: |s| &s.warm,
        unit: ms,
        target: Some(0.8),
    },
    Measure {
        what: "keystroke echo",
        pick: |s| &s.echo,
        unit: ms,
        target: None,
    },
    Measure {
        what: "HTTP bytes up to the prompt",
        pick: |s| &s.bytes,
        unit: kb,
        target: None,
    },
];

/// The comparison as a Markdown table: medians, and kterm ÷ PTY.
fn table(opts: &Options, pty: &Samples, kterm: &Samples) -> String {
    let mut t = format!(
        "\n| {} ms round trip, 1,000 pods, median of {} cold sessions | PTY terminal | kterm | kterm ÷ PTY | target | |\n| --- | --- | --- | --- | --- | --- |\n",
        opts.rtt_ms, opts.runs
    );
    for m in &MEASURES {
        let (p, k) = (median((m.pick)(pty)), median((m.pick)(kterm)));
        let ratio = k / p;
        let (target, mark) = match m.target {
            Some(x) if ratio <= x => (format!("≤ {x:.1}×"), "ok"),
            Some(x) => (format!("≤ {x:.1}×"), "MISSED"),
            None => (String::new(), ""),
        };
        t.push_str(&format!(
            "| {} | {} | {} | {ratio:.2}× | {target} | {mark} |\n",
            m.what,
            (m.unit)(p),
            (m.unit)(k),
        ));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn options() {
        let cases: &[(&str, Result<Options, &str>)] = &[
            ("", Ok(Options::default())),
            (
                "--rtt 100 --runs 3",
                Ok(Options {
                    rtt_ms: 100,
                    runs: 3,
                    build: true,
                }),
            ),
            (
                "--no-build --rtt 0",
                Ok(Options {
                    rtt_ms: 0,
                    build: false,
                    ..Options::default()
                }),
            ),
            ("--rtt", Err("--rtt needs a value")),
            ("--runs x", Err("--runs: not a whole number")),
            ("--runs 0", Err("bench: --runs must be at least 1")),
            ("--fast", Err("bench: unknown argument --fast")),
        ];
        for (args, want) in cases {
            let got = Options::parse(&words(args));
            assert_eq!(got, want.clone().map_err(String::from), "{args}");
        }
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn the_table_reads_medians_ratios_and_targets() {
        let pty = Samples {
            load: vec![300.0, 340.0, 320.0],
            bytes: vec![95_000.0],
            cold: vec![350.0],
            warm: vec![270.0, 260.0],
            echo: vec![55.0, 57.0, 56.0],
        };
        let kterm = Samples {
            load: vec![480.0, 470.0, 460.0],
            bytes: vec![473_000.0],
            cold: vec![400.0],
            warm: vec![200.0, 210.0],
            echo: vec![1.0, 0.5, 0.75],
        };
        let opts = Options {
            runs: 3,
            ..Options::default()
        };
        let want = "
| 50 ms round trip, 1,000 pods, median of 3 cold sessions | PTY terminal | kterm | kterm ÷ PTY | target | |
| --- | --- | --- | --- | --- | --- |
| cold load to a usable prompt | 320 ms | 470 ms | 1.47× | ≤ 1.0× | MISSED |
| first `kubectl get pods -n bench` after login (cold) | 350 ms | 400 ms | 1.14× | ≤ 1.2× | ok |
| the same, warm | 265 ms | 205 ms | 0.77× | ≤ 0.8× | ok |
| keystroke echo | 56 ms | 0.8 ms | 0.01× |  |  |
| HTTP bytes up to the prompt | 95 KB | 473 KB | 4.98× |  |  |
";
        assert_eq!(table(&opts, &pty, &kterm), want);
    }
}
