//! `kubectl logs (POD | TYPE/NAME) [-c C] | -l SELECTOR` with `-f`,
//! `--tail`, `--since`, `--since-time`, `--timestamps`, `-p`,
//! `--all-containers`, `--prefix`, `--limit-bytes`: each log is streamed to
//! stdout as it arrives, line by line through the sanitizer; several
//! followed logs are interleaved as their lines come. Ctrl-C ends `-f`.

use futures::StreamExt;
use kterm_http::{Body, Client};
use kterm_shell::Ctx;
use serde_json::Value;

use crate::context::Session;
use crate::error::KubeError;
use crate::kubeconfig::Target;
use crate::podref::{self, Rank};
use crate::{api, flags};

const SPEC: &[flags::Spec] = &[
    ("follow", Some('f'), false),
    ("tail", None, true),
    ("container", Some('c'), true),
    ("all-containers", None, false),
    ("all-pods", None, false),
    ("previous", Some('p'), false),
    ("since", None, true),
    ("since-time", None, true),
    ("timestamps", None, false),
    ("selector", Some('l'), true),
    ("prefix", None, false),
    ("limit-bytes", None, true),
    ("max-log-requests", None, true),
    ("ignore-errors", None, false),
    ("pod-running-timeout", None, true),
];

const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

fn usage(msg: &str) -> KubeError {
    KubeError::Client(format!(
        "{msg}\nSee 'kubectl logs -h' for help and examples"
    ))
}

/// What to ask for, after validation.
#[derive(Debug, Default, PartialEq, Eq)]
struct Opts {
    target: Option<String>,
    container: Option<String>,
    selector: Option<String>,
    follow: bool,
    previous: bool,
    timestamps: bool,
    all_containers: bool,
    prefix: bool,
    tail: Option<i64>,
    since_seconds: Option<i64>,
    since_time: Option<String>,
    limit_bytes: Option<i64>,
    max_requests: usize,
}

/// Go's `time.ParseDuration` for the units `--since` takes, in
/// milliseconds.
pub fn parse_duration(s: &str) -> Option<i64> {
    if s == "0" {
        return Some(0);
    }
    let mut total = 0f64;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let n: f64 = rest[..end].parse().ok()?;
        rest = &rest[end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let ms = match &rest[..unit_end] {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "us" | "µs" => 0.001,
            "ns" => 0.000_001,
            _ => return None,
        };
        total += n * ms;
        rest = &rest[unit_end..];
    }
    Some(total as i64)
}

fn int_flag(f: &flags::Parsed, name: &str) -> Result<Option<i64>, KubeError> {
    f.value(name)
        .map(|v| {
            v.parse::<i64>().map_err(|_| {
                KubeError::Client(format!(
                    "invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl logs --help' for usage."
                ))
            })
        })
        .transpose()
}

fn options(f: &flags::Parsed) -> Result<Opts, KubeError> {
    let selector = f.value("selector").map(str::to_string);
    let mut o = Opts {
        selector: selector.clone(),
        container: f.value("container").map(str::to_string),
        follow: f.has("follow"),
        previous: f.has("previous"),
        timestamps: f.has("timestamps"),
        all_containers: f.has("all-containers"),
        prefix: f.has("prefix") || f.has("all-pods"),
        tail: int_flag(f, "tail")?,
        limit_bytes: int_flag(f, "limit-bytes")?,
        since_time: f.value("since-time").map(str::to_string),
        max_requests: int_flag(f, "max-log-requests")?.map_or(5, |n| n.max(0) as usize),
        ..Opts::default()
    };
    if let Some(s) = f.value("since") {
        let ms = parse_duration(s).ok_or_else(|| {
            KubeError::Client(format!(
                "invalid argument \"{s}\" for \"--since\" flag: time: invalid duration \"{s}\"\nSee 'kubectl logs --help' for usage."
            ))
        })?;
        // Duration.Round(time.Second): halves away from zero.
        o.since_seconds = Some((ms + 500) / 1000);
    }
    match (f.args.as_slice(), &selector) {
        ([], None) => return Err(usage(USAGE)),
        ([], Some(_)) => {}
        ([_, ..], Some(_)) => return Err(usage("only a selector (-l) or a POD name is allowed")),
        ([t], None) => o.target = Some(t.clone()),
        ([t, c], None) => {
            if o.container.is_some() {
                return Err(KubeError::Client(
                    "only one of -c or an inline [CONTAINER] arg is allowed".into(),
                ));
            }
            o.target = Some(t.clone());
            o.container = Some(c.clone());
        }
        _ => return Err(usage(USAGE)),
    }
    if selector.is_some() && o.tail.is_none() {
        o.tail = Some(10);
    }
    if let (true, Some(c)) = (o.all_containers, &o.container) {
        return Err(KubeError::Client(format!(
            "--all-containers=true should not be specified with container name {c}"
        )));
    }
    if o.since_seconds.is_some() && o.since_time.is_some() {
        return Err(KubeError::Client(
            "at most one of `sinceTime` or `sinceSeconds` may be specified".into(),
        ));
    }
    if o.limit_bytes.is_some_and(|l| l <= 0) {
        return Err(KubeError::Client(
            "--limit-bytes must be greater than 0".into(),
        ));
    }
    if o.since_seconds.is_some_and(|s| s <= 0) {
        return Err(KubeError::Client("--since must be greater than 0".into()));
    }
    if o.tail.is_some_and(|t| t < -1) {
        return Err(KubeError::Client(
            "--tail must be greater than or equal to -1".into(),
        ));
    }
    Ok(o)
}

/// The log request path for one container, as client-go encodes
/// `PodLogOptions`.
fn log_path(ns: &str, pod: &str, container: &str, o: &Opts) -> String {
    let mut q = vec![format!("container={}", podref::enc(container))];
    if o.follow {
        q.push("follow=true".into());
    }
    if let Some(l) = o.limit_bytes {
        q.push(format!("limitBytes={l}"));
    }
    if o.previous {
        q.push("previous=true".into());
    }
    if let Some(s) = o.since_seconds {
        q.push(format!("sinceSeconds={s}"));
    }
    if let Some(t) = &o.since_time {
        q.push(format!("sinceTime={}", podref::enc(t)));
    }
    if let Some(t) = o.tail.filter(|t| *t >= 0) {
        q.push(format!("tailLines={t}"));
    }
    if o.timestamps {
        q.push("timestamps=true".into());
    }
    format!("/api/v1/namespaces/{ns}/pods/{pod}/log?{}", q.join("&"))
}

/// One log to read: the request path and the line prefix.
struct Source {
    pod: String,
    path: String,
    prefix: String,
}

/// The logs a pod contributes: one container, or all of them.
fn sources_of(
    ctx: &mut Ctx<'_>,
    pod: &Value,
    o: &Opts,
    quiet: bool,
) -> Result<Vec<Source>, KubeError> {
    let name = pod["metadata"]["name"].as_str().unwrap_or("").to_string();
    let ns = pod["metadata"]["namespace"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let all = podref::containers(pod);
    let chosen: Vec<String> = if o.all_containers {
        all.clone()
    } else if let Some(c) = &o.container {
        if !all.contains(c) {
            return Err(KubeError::Client(format!(
                "container {c} is not valid for pod {name} out of: {}",
                all.join(", ")
            )));
        }
        vec![c.clone()]
    } else {
        let (c, note) = podref::default_container(pod);
        if let (Some(n), false) = (note, quiet) {
            ctx.stderr.line(&n);
        }
        vec![c]
    };
    Ok(chosen
        .into_iter()
        .map(|c| Source {
            pod: name.clone(),
            path: log_path(&ns, &name, &c, o),
            prefix: if o.prefix {
                format!("[pod/{name}/{c}] ")
            } else {
                String::new()
            },
        })
        .collect())
}

/// Splits a byte stream into whole lines, keeping a partial last one.
#[derive(Default)]
struct Lines(Vec<u8>);

impl Lines {
    fn feed(&mut self, chunk: &[u8]) -> Vec<Vec<u8>> {
        self.0.extend_from_slice(chunk);
        let mut out = Vec::new();
        while let Some(i) = self.0.iter().position(|b| *b == b'\n') {
            out.push(self.0.drain(..=i).collect());
        }
        out
    }

    fn rest(&mut self) -> Option<Vec<u8>> {
        (!self.0.is_empty()).then(|| std::mem::take(&mut self.0))
    }
}

fn print(ctx: &mut Ctx<'_>, prefix: &str, line: &[u8]) {
    ctx.stdout.write_str(prefix);
    ctx.stdout.write_str(&kterm_shell::sanitize::bytes(line));
}

/// Sends one log request; returns its body once the server said yes.
async fn open(ctx: &Ctx<'_>, client: &Client, t: &Target, s: &Source) -> Result<Body, KubeError> {
    let req = api::request(t, "GET", &s.path);
    let resp = match ctx.cancel.run(client.send(req)).await {
        None => return Err(KubeError::Cancelled),
        Some(Err(_)) => return Err(api::refused(t)),
        Some(Ok(r)) => r,
    };
    if resp.is_success() {
        return Ok(resp.body);
    }
    let status = resp.status;
    let body = ctx
        .cancel
        .run(resp.bytes())
        .await
        .ok_or(KubeError::Cancelled)?;
    Err(KubeError::from_response(
        status,
        &body.unwrap_or_default(),
        "get",
        &format!("pods {}", s.pod),
    ))
}

fn broken(e: kterm_http::HttpError) -> KubeError {
    KubeError::Client(format!("error reading the log stream: {e}"))
}

/// Reads the sources one after the other.
async fn sequential(
    ctx: &mut Ctx<'_>,
    client: &Client,
    t: &Target,
    sources: &[Source],
) -> Result<(), KubeError> {
    let cancel = ctx.cancel.clone();
    for s in sources {
        let mut body = open(ctx, client, t, s).await?;
        let mut lines = Lines::default();
        loop {
            match cancel.run(body.chunk()).await {
                None => return Err(KubeError::Cancelled),
                Some(None) => break,
                Some(Some(Err(e))) => return Err(broken(e)),
                Some(Some(Ok(c))) => {
                    for l in lines.feed(&c) {
                        print(ctx, &s.prefix, &l);
                    }
                }
            }
        }
        if let Some(l) = lines.rest() {
            print(ctx, &s.prefix, &l);
        }
    }
    Ok(())
}

/// Follows all sources at once, printing whole lines as they come.
async fn parallel(
    ctx: &mut Ctx<'_>,
    client: &Client,
    t: &Target,
    sources: &[Source],
) -> Result<(), KubeError> {
    let cancel = ctx.cancel.clone();
    let mut streams = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let body = open(ctx, client, t, s).await?;
        streams.push(
            futures::stream::unfold(body, move |mut b| async move {
                b.chunk().await.map(|c| ((i, c), b))
            })
            .boxed_local(),
        );
    }
    let mut all = futures::stream::select_all(streams);
    let mut bufs: Vec<Lines> = sources.iter().map(|_| Lines::default()).collect();
    loop {
        match cancel.run(all.next()).await {
            None => return Err(KubeError::Cancelled),
            Some(None) => break,
            Some(Some((_, Err(e)))) => return Err(broken(e)),
            Some(Some((i, Ok(c)))) => {
                for l in bufs[i].feed(&c) {
                    print(ctx, &sources[i].prefix, &l);
                }
            }
        }
    }
    for (i, b) in bufs.iter_mut().enumerate() {
        if let Some(l) = b.rest() {
            print(ctx, &sources[i].prefix, &l);
        }
    }
    Ok(())
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let f = flags::parse("logs", args, SPEC)?;
    let o = options(&f)?;
    let s = Session::open(ctx, &f)?;
    let t = s.target.clone();
    let client = api::client(ctx)?;
    let mut sources = Vec::new();
    if let Some(sel) = &o.selector {
        let pods = podref::list(ctx, &t, &t.namespace, sel).await?;
        if pods.is_empty() {
            ctx.stderr
                .line(&format!("No resources found in {} namespace.", t.namespace));
            return Ok(0);
        }
        for p in &pods {
            sources.extend(sources_of(ctx, p, &o, true)?);
        }
    } else if let Some(target) = &o.target {
        let (pod, n) = podref::resolve(ctx, &t, target, Rank::Logging).await?;
        if n > 1 {
            ctx.stderr.line(&format!(
                "Found {n} pods, using pod/{}",
                pod["metadata"]["name"].as_str().unwrap_or("")
            ));
        }
        sources = sources_of(ctx, &pod, &o, false)?;
    }
    if o.follow && sources.len() > 1 {
        if sources.len() > o.max_requests {
            return Err(KubeError::Client(format!(
                "you are attempting to follow {} log streams, but maximum allowed concurrency is {}, use --max-log-requests to increase the limit",
                sources.len(),
                o.max_requests
            )));
        }
        parallel(ctx, &client, &t, &sources).await?;
    } else {
        sequential(ctx, &client, &t, &sources).await?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<Opts, KubeError> {
        let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        options(&flags::parse("logs", &v, SPEC)?)
    }

    #[test]
    fn durations() {
        for (s, ms) in [
            ("5s", Some(5_000)),
            ("2m", Some(120_000)),
            ("1h30m", Some(5_400_000)),
            ("1.5s", Some(1_500)),
            ("0", Some(0)),
            ("5", None),
            ("x", None),
        ] {
            assert_eq!(parse_duration(s), ms, "{s}");
        }
    }

    #[test]
    fn validation() {
        let e = |args: &[&str]| parsed(args).unwrap_err().to_string();
        assert_eq!(
            e(&[]),
            format!("{USAGE}\nSee 'kubectl logs -h' for help and examples")
        );
        assert_eq!(
            e(&["web", "-l", "app=web"]),
            "only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples"
        );
        assert_eq!(
            e(&["p", "--all-containers", "-c", "x"]),
            "--all-containers=true should not be specified with container name x"
        );
        assert_eq!(
            e(&["p", "--tail", "-2"]),
            "--tail must be greater than or equal to -1"
        );
        assert_eq!(
            e(&["p", "--since", "1m", "--since-time", "2026-01-01T00:00:00Z"]),
            "at most one of `sinceTime` or `sinceSeconds` may be specified"
        );
        let o = parsed(&["-l", "app=web"]).unwrap();
        assert_eq!(o.tail, Some(10));
        let o = parsed(&["web", "c2", "--since=90s", "-f"]).unwrap();
        assert_eq!(
            (o.container.as_deref(), o.since_seconds, o.follow),
            (Some("c2"), Some(90), true)
        );
    }

    #[test]
    fn request_paths() {
        let o = parsed(&["p", "-f", "--tail", "5", "--timestamps", "-p"]).unwrap();
        assert_eq!(
            log_path("default", "p", "web", &o),
            "/api/v1/namespaces/default/pods/p/log?container=web&follow=true&previous=true&tailLines=5&timestamps=true"
        );
        let o = parsed(&["p", "--tail", "-1"]).unwrap();
        assert_eq!(
            log_path("ns", "p", "c", &o),
            "/api/v1/namespaces/ns/pods/p/log?container=c"
        );
    }

    #[test]
    fn line_splitting() {
        let mut l = Lines::default();
        assert_eq!(l.feed(b"a\nb"), vec![b"a\n".to_vec()]);
        assert_eq!(l.feed(b"c\n\n"), vec![b"bc\n".to_vec(), b"\n".to_vec()]);
        assert_eq!(l.feed(b"tail"), Vec::<Vec<u8>>::new());
        assert_eq!(l.rest(), Some(b"tail".to_vec()));
    }
}
