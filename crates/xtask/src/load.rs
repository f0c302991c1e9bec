//! `cargo xtask bench load [--seconds N] [--clients N] [--think-ms N]`:
//! many clients list and watch pods in a sandbox cluster served by
//! kterm-server on loopback; reports requests per second, latency
//! percentiles and errors (target: no errors, p99 under 50 ms).
//!
//! Each client is one tokio task with its own HTTP client, so its own
//! connections, doing what kubectl and an informer do:
//!
//! - lists every pod with kubectl's Table `Accept` header
//!   (`kubectl get pods -A`), again and again, a second apart by default
//!   (`--think-ms 0`: back to back, for the most the server can do; then
//!   latency is queueing, clients ÷ throughput, whatever the server);
//! - keeps one watch of the bench namespace's pods open from a list's
//!   resourceVersion, listing and watching again if the server ends it.
//!
//! A writer patches an annotation carrying its send time onto the pods of
//! a bench deployment ten times a second, so every watch delivers events
//! and the bench measures how late they arrive.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

mod clients;

use clients::{lister, watcher, writer, Api};

use crate::bench::{print_table, start_server, Row};
use crate::util::{cargo, free_port};

/// Most distinct error messages kept for the report.
const ERROR_KINDS: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub seconds: u64,
    pub clients: usize,
    pub think_ms: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seconds: 60,
            clients: 200,
            think_ms: 1000,
        }
    }
}

impl Options {
    /// Flags override `KTERM_LOAD_SECONDS` / `KTERM_LOAD_CLIENTS` /
    /// `KTERM_LOAD_THINK_MS`, which override the defaults.
    pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut o = Self::default();
        let num = |what: &str, v: Option<&str>| -> Result<u64, String> {
            v.ok_or_else(|| format!("{what} needs a value"))?
                .parse::<u64>()
                .map_err(|_| format!("{what}: not a whole number"))
        };
        for (var, slot) in [
            ("KTERM_LOAD_SECONDS", 0),
            ("KTERM_LOAD_CLIENTS", 1),
            ("KTERM_LOAD_THINK_MS", 2),
        ] {
            if let Some(v) = env(var) {
                o.set(slot, num(var, Some(&v))?);
            }
        }
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let slot = match a.as_str() {
                "--seconds" => 0,
                "--clients" => 1,
                "--think-ms" => 2,
                other => return Err(format!("bench load: unknown argument {other}")),
            };
            o.set(slot, num(a, it.next().map(String::as_str))?);
        }
        if o.seconds == 0 || o.clients == 0 {
            return Err("bench load: --seconds and --clients must be at least 1".into());
        }
        Ok(o)
    }

    fn set(&mut self, slot: u8, v: u64) {
        match slot {
            0 => self.seconds = v,
            1 => self.clients = v as usize,
            _ => self.think_ms = v,
        }
    }
}

/// What one task saw; merged at the end.
#[derive(Default)]
struct Tally {
    list_us: Vec<u32>,
    write_us: Vec<u32>,
    lag_us: Vec<u32>,
    watches: u64,
    errors: BTreeMap<String, u64>,
}

impl Tally {
    fn error(&mut self, what: String) {
        if self.errors.len() < ERROR_KINDS || self.errors.contains_key(&what) {
            *self.errors.entry(what).or_default() += 1;
        } else {
            *self.errors.entry("(other errors)".into()).or_default() += 1;
        }
    }

    fn merge(&mut self, o: Tally) {
        self.list_us.extend(o.list_us);
        self.write_us.extend(o.write_us);
        self.lag_us.extend(o.lag_us);
        self.watches += o.watches;
        for (k, n) in o.errors {
            *self.errors.entry(k).or_default() += n;
        }
    }

    fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }
}

/// The `p`-quantile (0..=1) of sorted samples, nearest rank.
fn quantile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(us: u32) -> String {
    format!("{:.1}", f64::from(us) / 1000.0)
}

struct Outcome {
    opts: Options,
    wall: Duration,
    all: Tally,
}

async fn drive(origin: String, opts: Options) -> Result<Outcome, String> {
    let setup = reqwest::Client::new();
    let api = Arc::new(Api::connect(&setup, &origin).await?);
    let pods = api.prepare(&setup).await?;
    // Warm-up: every client's watch is open before the clock starts, so
    // 200 connections being set up at once is not what is measured.
    let (opened_tx, mut opened_rx) = tokio::sync::mpsc::channel(opts.clients);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut watchers = Vec::new();
    let mut clients = Vec::new();
    for _ in 0..opts.clients {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(2)
            .build()
            .map_err(|e| e.to_string())?;
        let (a, h, o, s) = (
            api.clone(),
            http.clone(),
            opened_tx.clone(),
            stop_rx.clone(),
        );
        watchers.push(tokio::spawn(watcher(a, h, o, s, opts.seconds + 60)));
        clients.push(http);
    }
    drop(opened_tx);
    let all_open = async {
        for _ in 0..opts.clients {
            opened_rx.recv().await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), all_open)
        .await
        .map_err(|_| "the clients' watches did not all open within 30 s".to_string())?;

    let start = Instant::now();
    let until = start + Duration::from_secs(opts.seconds);
    let think = Duration::from_millis(opts.think_ms);
    let mut tasks = Vec::new();
    for (i, http) in clients.into_iter().enumerate() {
        let delay = think * i as u32 / opts.clients as u32;
        tasks.push(tokio::spawn(lister(api.clone(), http, until, think, delay)));
    }
    tasks.push(tokio::spawn(writer(
        api.clone(),
        reqwest::Client::new(),
        pods,
        until,
    )));
    let mut all = Tally::default();
    for task in tasks {
        match task.await {
            Ok(t) => all.merge(t),
            Err(e) => all.error(format!("client task: {e}")),
        }
    }
    let wall = start.elapsed();
    let _ = stop_tx.send(true);
    for task in watchers {
        match task.await {
            Ok(t) => all.merge(t),
            Err(e) => all.error(format!("watch task: {e}")),
        }
    }
    Ok(Outcome { opts, wall, all })
}

/// `cargo xtask bench load [flags]`: starts kterm-server and runs the load
/// against it. The clients run from a release build of xtask: built
/// without optimisation they spend more time on their side of the socket
/// than the server does on its own, and the latencies measure the clients.
pub fn run(args: &[String]) -> Result<(), String> {
    let opts = Options::parse(args, |k| std::env::var(k).ok())?;
    if cfg!(debug_assertions) {
        eprintln!("xtask: load: building the load clients with --release");
        return crate::util::run(
            cargo()
                .args([
                    "run",
                    "--release",
                    "-q",
                    "-p",
                    "xtask",
                    "--",
                    "bench",
                    "load",
                ])
                .args(args),
        );
    }
    let port = free_port()?;
    let _server = start_server(port)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    eprintln!(
        "xtask: load: {} clients listing and watching pods for {} s",
        opts.clients, opts.seconds
    );
    let origin = format!("http://127.0.0.1:{port}");
    let out = rt.block_on(drive(origin, opts))?;
    print_table(&report(out));
    Ok(())
}

fn report(out: Outcome) -> Vec<Row> {
    let Outcome {
        opts,
        wall,
        mut all,
    } = out;
    for v in [&mut all.list_us, &mut all.write_us, &mut all.lag_us] {
        v.sort_unstable();
    }
    let secs = wall.as_secs_f64().max(0.001);
    let lists = all.list_us.len();
    let p99 = quantile(&all.list_us, 0.99);
    let think = if opts.think_ms == 0 {
        "back to back".to_string()
    } else {
        format!("{} ms apart", opts.think_ms)
    };
    let mut rows = vec![
        Row {
            what: format!(
                "load: {} clients × {} s, `get pods -A` (Table) {think}, one watch each",
                opts.clients, opts.seconds
            ),
            value: format!("{:.0} req/s ({lists} lists)", lists as f64 / secs),
            target: String::new(),
            ok: true,
        },
        Row {
            what: "load: list latency p50 / p90 / p99 / max".into(),
            value: format!(
                "{} / {} / {} / {} ms",
                ms(quantile(&all.list_us, 0.5)),
                ms(quantile(&all.list_us, 0.9)),
                ms(p99),
                ms(quantile(&all.list_us, 1.0))
            ),
            target: "p99 < 50 ms".into(),
            ok: lists > 0 && p99 < 50_000,
        },
        Row {
            what: format!(
                "load: watch events with a writer's stamp ({} watches opened), lag p50 / p99",
                all.watches
            ),
            value: format!(
                "{} events, {} / {} ms",
                all.lag_us.len(),
                ms(quantile(&all.lag_us, 0.5)),
                ms(quantile(&all.lag_us, 0.99))
            ),
            target: String::new(),
            ok: true,
        },
        Row {
            what: "load: pod patches (10/s) p99".into(),
            value: format!(
                "{} ms ({} patches)",
                ms(quantile(&all.write_us, 0.99)),
                all.write_us.len()
            ),
            target: String::new(),
            ok: true,
        },
    ];
    let errors = all.error_count();
    let detail: Vec<String> = all
        .errors
        .iter()
        .map(|(k, n)| format!("{n}× {k}"))
        .collect();
    rows.push(Row {
        what: "load: errors".into(),
        value: if detail.is_empty() {
            "0".into()
        } else {
            format!("{errors}: {}", detail.join("; "))
        },
        target: "0".into(),
        ok: errors == 0,
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

    #[test]
    fn options_from_flags_and_environment() {
        let none = |_: &str| None;
        let env = |k: &str| (k == "KTERM_LOAD_SECONDS").then(|| "10".to_string());
        let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        let cases: [(&str, Env, Result<Options, &str>); 6] = [
            ("", &none, Ok(Options::default())),
            (
                "",
                &env,
                Ok(Options {
                    seconds: 10,
                    ..Options::default()
                }),
            ),
            (
                "--seconds 5 --clients 20 --think-ms 100",
                &env,
                Ok(Options {
                    seconds: 5,
                    clients: 20,
                    think_ms: 100,
                }),
            ),
            ("--seconds", &none, Err("--seconds needs a value")),
            ("--clients x", &none, Err("--clients: not a whole number")),
            (
                "--seconds 0",
                &none,
                Err("bench load: --seconds and --clients must be at least 1"),
            ),
        ];
        for (a, e, want) in cases {
            let got = Options::parse(&args(a), e);
            assert_eq!(got, want.map_err(String::from), "{a}");
        }
    }

    #[test]
    fn nearest_rank_quantiles() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(quantile(&v, 0.5), 50);
        assert_eq!(quantile(&v, 0.99), 99);
        assert_eq!(quantile(&v, 1.0), 100);
        assert_eq!(quantile(&[7], 0.99), 7);
        assert_eq!(quantile(&[], 0.99), 0);
    }
}
