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
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::time::{sleep, timeout_at, Instant};

use crate::bench::{print_table, start_server, Row};
use crate::util::{cargo, free_port};

/// What kubectl 1.37 sends for `get` (server-side printing).
const TABLE_ACCEPT: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const NS: &str = "kterm-bench";
const DEPLOYMENT: &str = "load";
const REPLICAS: usize = 5;
/// Annotation the writer stamps with its send time, microseconds.
const SENT: &str = "bench.kterm.dev/sent-us";
const WRITE_EVERY: Duration = Duration::from_millis(100);
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

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or_default()
}

/// The sandbox cluster the clients talk to.
struct Api {
    /// `{origin}/api/k8s/<cluster-id>`
    kube: String,
    token: String,
}

async fn body_of(resp: reqwest::Response) -> Result<(u16, Vec<u8>), String> {
    let code = resp.status().as_u16();
    let body = resp.bytes().await.map_err(|e| format!("body: {e}"))?;
    Ok((code, body.to_vec()))
}

async fn json_ok(resp: Result<reqwest::Response, reqwest::Error>) -> Result<Value, String> {
    let (code, body) = body_of(resp.map_err(|e| e.to_string())?).await?;
    if !(200..300).contains(&code) {
        return Err(format!("HTTP {code}: {}", String::from_utf8_lossy(&body)));
    }
    serde_json::from_slice(&body).map_err(|e| format!("not JSON: {e}"))
}

impl Api {
    /// Logs in with the sandbox's API key and finds `mycluster`.
    async fn connect(http: &reqwest::Client, origin: &str) -> Result<Self, String> {
        let form = "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=demo-apikey";
        let tok = json_ok(
            http.post(format!("{origin}/api/iam/identity/token"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await,
        )
        .await
        .map_err(|e| format!("IAM token: {e}"))?;
        let token = tok["access_token"]
            .as_str()
            .ok_or("IAM token: no access_token")?
            .to_string();
        let c = json_ok(
            http.get(format!(
                "{origin}/api/containers/global/v2/getCluster?cluster=mycluster"
            ))
            .bearer_auth(&token)
            .send()
            .await,
        )
        .await
        .map_err(|e| format!("getCluster: {e}"))?;
        let id = c["id"].as_str().ok_or("getCluster: no id")?;
        Ok(Self {
            kube: format!("{origin}/api/k8s/{id}"),
            token,
        })
    }

    /// Creates `what` unless it exists (a second run on the same server).
    async fn ensure(&self, http: &reqwest::Client, path: &str, what: Value) -> Result<(), String> {
        let resp = http
            .post(format!("{}{path}", self.kube))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(what.to_string())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match body_of(resp).await? {
            (201 | 409, _) => Ok(()),
            (code, body) => Err(format!(
                "POST {path}: HTTP {code}: {}",
                String::from_utf8_lossy(&body)
            )),
        }
    }

    async fn bench_pods(&self, http: &reqwest::Client) -> Result<Value, String> {
        json_ok(
            http.get(format!("{}/api/v1/namespaces/{NS}/pods", self.kube))
                .bearer_auth(&self.token)
                .send()
                .await,
        )
        .await
    }

    /// A namespace with a deployment of running pods for the writer to
    /// touch; returns the pods' names.
    async fn prepare(&self, http: &reqwest::Client) -> Result<Vec<String>, String> {
        self.ensure(
            http,
            "/api/v1/namespaces",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}}),
        )
        .await?;
        let labels = json!({"app": DEPLOYMENT});
        self.ensure(
            http,
            &format!("/apis/apps/v1/namespaces/{NS}/deployments"),
            json!({"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": DEPLOYMENT, "labels": labels},
                "spec": {"replicas": REPLICAS, "selector": {"matchLabels": labels},
                    "template": {"metadata": {"labels": labels},
                        "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}),
        )
        .await?;
        // The sandbox starts pods two seconds after they are created.
        for _ in 0..100 {
            let list = self.bench_pods(http).await?;
            let running: Vec<String> = list["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["status"]["phase"] == "Running")
                .filter_map(|p| p["metadata"]["name"].as_str().map(String::from))
                .collect();
            if running.len() >= REPLICAS {
                return Ok(running);
            }
            sleep(Duration::from_millis(200)).await;
        }
        Err(format!("the {NS}/{DEPLOYMENT} pods did not start in 20 s"))
    }
}

/// `kubectl get pods -A`, again and again until `until`; the first after
/// `delay`, so that clients started together do not list in step.
async fn lister(
    api: Arc<Api>,
    http: reqwest::Client,
    until: Instant,
    think: Duration,
    delay: Duration,
) -> Tally {
    let mut t = Tally::default();
    sleep(delay).await;
    let url = format!("{}/api/v1/pods?limit=500", api.kube);
    while Instant::now() < until {
        let start = Instant::now();
        let sent = http
            .get(&url)
            .header("accept", TABLE_ACCEPT)
            .bearer_auth(&api.token)
            .send()
            .await;
        match sent.map_err(|e| format!("list: {e}")) {
            Ok(resp) => match body_of(resp).await {
                Ok((200, body)) if body.starts_with(b"{\"kind\":\"Table\"") => {
                    t.list_us.push(micros(start.elapsed()))
                }
                Ok((200, _)) => t.error("list: 200 but not a Table".into()),
                Ok((code, _)) => t.error(format!("list: HTTP {code}")),
                Err(e) => t.error(format!("list: {e}")),
            },
            Err(e) => t.error(e),
        }
        if !think.is_zero() {
            sleep(think).await;
        }
    }
    t
}

/// One event line of a watch: ERROR is an error; a pod carrying the
/// writer's stamp gives a delivery lag.
fn on_event(t: &mut Tally, line: &[u8], arrived_us: u64) {
    let ev: WatchEvent = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return t.error(format!("watch: bad event line: {e}")),
    };
    match ev.typ {
        "ERROR" => t.error(format!(
            "watch: ERROR {}",
            ev.object.message.unwrap_or_default()
        )),
        "MODIFIED" => {
            let sent = ev.object.metadata.annotations.sent;
            if let Some(sent) = sent.and_then(|s| s.parse::<u64>().ok()) {
                let lag = arrived_us.saturating_sub(sent);
                t.lag_us.push(u32::try_from(lag).unwrap_or(u32::MAX));
            }
        }
        "ADDED" | "DELETED" | "BOOKMARK" => {}
        _ => t.error("watch: event without a known type".into()),
    }
}

/// The parts of a watch event the bench reads; the rest of the object is
/// skipped unparsed, so 200 clients' decoding stays cheap next to the
/// server's encoding.
#[derive(serde::Deserialize)]
struct WatchEvent<'a> {
    #[serde(rename = "type")]
    typ: &'a str,
    #[serde(borrow)]
    object: EventObject<'a>,
}

#[derive(serde::Deserialize, Default)]
struct EventObject<'a> {
    #[serde(default, borrow)]
    metadata: EventMeta<'a>,
    #[serde(default)]
    message: Option<String>,
}

#[derive(serde::Deserialize, Default)]
struct EventMeta<'a> {
    #[serde(default, borrow)]
    annotations: Stamp<'a>,
}

#[derive(serde::Deserialize, Default)]
struct Stamp<'a> {
    #[serde(rename = "bench.kterm.dev/sent-us", borrow)]
    sent: Option<&'a str>,
}

/// Keeps a watch of the bench namespace's pods open until `until`.
async fn watcher(api: Arc<Api>, http: reqwest::Client, until: Instant) -> Tally {
    let mut t = Tally::default();
    while Instant::now() < until {
        let rv = match api.bench_pods(&http).await {
            Ok(l) => l["metadata"]["resourceVersion"]
                .as_str()
                .unwrap_or("0")
                .to_string(),
            Err(e) => {
                t.error(format!("watch list: {e}"));
                sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let left = until.saturating_duration_since(Instant::now()).as_secs() + 10;
        let url = format!(
            "{}/api/v1/namespaces/{NS}/pods?watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds={left}",
            api.kube
        );
        let sent = http.get(&url).bearer_auth(&api.token).send();
        let mut resp = match timeout_at(until, sent).await {
            Err(_) => break,
            Ok(Err(e)) => {
                t.error(format!("watch: {e}"));
                continue;
            }
            Ok(Ok(r)) if r.status() != 200 => {
                t.error(format!("watch: HTTP {}", r.status().as_u16()));
                continue;
            }
            Ok(Ok(r)) => r,
        };
        t.watches += 1;
        let mut buf: Vec<u8> = Vec::new();
        loop {
            match timeout_at(until, resp.chunk()).await {
                Err(_) => return t,
                Ok(Ok(Some(bytes))) => {
                    let arrived = now_us();
                    buf.extend_from_slice(&bytes);
                    let mut start = 0;
                    while let Some(i) = buf[start..].iter().position(|b| *b == b'\n') {
                        on_event(&mut t, &buf[start..start + i], arrived);
                        start += i + 1;
                    }
                    buf.drain(..start);
                }
                Ok(Ok(None)) => {
                    t.error("watch: closed by the server before its timeout".into());
                    break;
                }
                Ok(Err(e)) => {
                    t.error(format!("watch: {e}"));
                    break;
                }
            }
        }
    }
    t
}

/// Stamps the send time onto the bench pods, one patch each tick.
async fn writer(api: Arc<Api>, http: reqwest::Client, pods: Vec<String>, until: Instant) -> Tally {
    let mut t = Tally::default();
    let mut tick = tokio::time::interval(WRITE_EVERY);
    for i in 0.. {
        tick.tick().await;
        if Instant::now() >= until {
            break;
        }
        let pod = &pods[i % pods.len()];
        let patch = json!({"metadata": {"annotations": {SENT: now_us().to_string()}}});
        let start = Instant::now();
        let sent = http
            .patch(format!("{}/api/v1/namespaces/{NS}/pods/{pod}", api.kube))
            .bearer_auth(&api.token)
            .header("content-type", "application/merge-patch+json")
            .body(patch.to_string())
            .send()
            .await;
        match sent.map_err(|e| e.to_string()) {
            Ok(r) => match body_of(r).await {
                Ok((200, _)) => t.write_us.push(micros(start.elapsed())),
                Ok((code, _)) => t.error(format!("patch: HTTP {code}")),
                Err(e) => t.error(format!("patch: {e}")),
            },
            Err(e) => t.error(format!("patch: {e}")),
        }
    }
    t
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
    let start = Instant::now();
    let until = start + Duration::from_secs(opts.seconds);
    let think = Duration::from_millis(opts.think_ms);
    let mut tasks = Vec::new();
    for i in 0..opts.clients {
        let delay = think * i as u32 / opts.clients as u32;
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(2)
            .build()
            .map_err(|e| e.to_string())?;
        let (a, h) = (api.clone(), http.clone());
        tasks.push(tokio::spawn(watcher(a, h, until)));
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

    #[test]
    fn watch_events_give_lags_and_errors() {
        let mut t = Tally::default();
        let stamped = format!(
            r#"{{"type":"MODIFIED","object":{{"metadata":{{"annotations":{{"{SENT}":"1000"}}}}}}}}"#
        );
        on_event(&mut t, stamped.as_bytes(), 4500);
        on_event(&mut t, br#"{"type":"ADDED","object":{}}"#, 0);
        let other = br#"{"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"p","labels":{"a":"b"},"annotations":{"x":"y \"z\""}},"spec":{"containers":[{"name":"c"}]}}}"#;
        on_event(&mut t, other, 0);
        on_event(&mut t, br#"{"type":"BOOKMARK","object":{}}"#, 0);
        on_event(
            &mut t,
            br#"{"type":"ERROR","object":{"message":"gone"}}"#,
            0,
        );
        on_event(&mut t, b"not json", 0);
        assert_eq!(t.lag_us, [3500]);
        assert_eq!(t.error_count(), 2);
        assert!(t.errors.contains_key("watch: ERROR gone"), "{:?}", t.errors);
    }
}
