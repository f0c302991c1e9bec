//! `kubectl logs (POD | TYPE/NAME) [-c C] | -l SELECTOR` with `-f`,
//! `--tail`, `--since`, `--since-time`, `--timestamps`, `-p`,
//! `--all-containers`, `--prefix`, `--limit-bytes`: each log is streamed to
//! stdout as it arrives, line by line through the sanitizer; several
//! followed logs are interleaved as their lines come. Ctrl-C ends `-f`.

use futures::StreamExt;
use kterm_http::Body;
use kterm_shell::Ctx;
use serde_json::Value;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::podref::{self, Rank};
use crate::{api, flags, go};

pub(crate) const FLAGS: &[Flag] = &[
    Flag::switch("follow", Some('f'), "Keep printing the log as it grows"),
    Flag::value(
        "tail",
        None,
        "Lines from the end of the log to show (-1: all)",
    ),
    flags::CONTAINER,
    Flag::switch(
        "all-containers",
        None,
        "Get logs from every container of the pod",
    ),
    Flag::switch("all-pods", None, "Get logs from every pod of the object"),
    Flag::switch(
        "previous",
        Some('p'),
        "The log of the container's previous run",
    ),
    Flag::value(
        "since",
        None,
        "Only logs newer than this duration (e.g. 5s, 2m, 3h)",
    ),
    Flag::value(
        "since-time",
        None,
        "Only logs newer than this RFC 3339 time",
    ),
    Flag::switch(
        "timestamps",
        None,
        "Start every log line with its timestamp",
    ),
    flags::SELECTOR,
    Flag::switch(
        "prefix",
        None,
        "Start every log line with the pod and container name",
    ),
    Flag::value("limit-bytes", None, "Most bytes of the log to show"),
    Flag::value(
        "max-log-requests",
        None,
        "Most logs to follow at once with a selector",
    ),
    Flag::switch(
        "ignore-errors",
        None,
        "Go on with other nodes after an error",
    ),
    flags::POD_RUNNING_TIMEOUT,
];

const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

fn usage(msg: &str) -> KubeError {
    KubeError::Client(format!(
        "{msg}\nSee 'kubectl logs -h' for help and examples"
    ))
}

/// What to ask for, as kubectl's Complete leaves it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Opts {
    target: Option<String>,
    container: Option<String>,
    /// `-c` given as well as an inline `[CONTAINER]`.
    container_twice: bool,
    selector: Option<String>,
    follow: bool,
    previous: bool,
    timestamps: bool,
    all_containers: bool,
    all_pods: bool,
    prefix: bool,
    ignore_errors: bool,
    tail: Option<i64>,
    since_seconds: Option<i64>,
    /// `--since-time`, as the API writes it.
    since_time: Option<String>,
    limit_bytes: Option<i64>,
    max_requests: usize,
}

fn flag_error(v: &str, name: &str, why: &str) -> KubeError {
    KubeError::Client(format!(
        "invalid argument \"{v}\" for \"--{name}\" flag: {why}\nSee 'kubectl logs --help' for usage."
    ))
}

fn int_flag(f: &flags::Parsed, name: &str) -> Result<Option<i64>, KubeError> {
    f.value(name)
        .map(|v| {
            v.parse::<i64>().map_err(|_| {
                flag_error(
                    v,
                    name,
                    &format!("strconv.ParseInt: parsing \"{v}\": invalid syntax"),
                )
            })
        })
        .transpose()
}

/// Flags and arguments as kubectl's Complete reads them, before any
/// request: flag syntax, argument count, `--since-time`.
fn complete(f: &flags::Parsed) -> Result<Opts, KubeError> {
    let since = f
        .value("since")
        .map(|s| go::time::parse_duration(s).map_err(|e| flag_error(s, "since", &e)))
        .transpose()?;
    let tail = int_flag(f, "tail")?;
    let limit = int_flag(f, "limit-bytes")?;
    let max = int_flag(f, "max-log-requests")?;
    let selector = f.value("selector").map(str::to_string);
    let mut o = Opts {
        selector: selector.clone(),
        container: f.value("container").map(str::to_string),
        follow: f.has("follow"),
        previous: f.has("previous"),
        timestamps: f.has("timestamps"),
        all_containers: f.has("all-containers"),
        all_pods: f.has("all-pods"),
        prefix: f.has("prefix") || f.has("all-pods"),
        ignore_errors: f.has("ignore-errors"),
        // 0 is the flag's default: no limit.
        limit_bytes: limit.filter(|l| *l != 0),
        since_seconds: since.filter(|ns| *ns != 0).map(go::time::round_seconds),
        max_requests: max.map_or(5, |n| n.max(0) as usize),
        ..Opts::default()
    };
    match (f.args.as_slice(), &selector) {
        ([], None) => return Err(usage(USAGE)),
        ([], Some(_)) => {}
        ([_], Some(_)) => return Err(usage("only a selector (-l) or a POD name is allowed")),
        ([t], None) => o.target = Some(t.clone()),
        ([t, c], _) => {
            o.container_twice = o.container.is_some();
            o.target = Some(t.clone());
            o.container = Some(c.clone());
        }
        _ => return Err(usage(USAGE)),
    }
    // A selector alone shows the last 10 lines unless --tail says otherwise.
    o.tail = match tail {
        None if selector.is_some() => Some(10),
        Some(-1) | None => None,
        t => t,
    };
    if let Some(t) = f.value("since-time") {
        let secs = go::time::parse_rfc3339(t).map_err(KubeError::Client)?;
        o.since_time = Some(go::time::format_rfc3339(secs));
    }
    if o.target.is_some() && o.selector.is_some() {
        return Err(KubeError::Client(
            "selectors and the all flag cannot be used when passing resource/name arguments".into(),
        ));
    }
    Ok(o)
}

/// kubectl's Validate, which runs after the object was fetched.
fn validate(o: &Opts) -> Result<(), KubeError> {
    let fail = |m: &str| Err(KubeError::Client(m.to_string()));
    if o.since_time.is_some() && o.since_seconds.is_some() {
        return fail("at most one of `sinceTime` or `sinceSeconds` may be specified");
    }
    if let (true, Some(c)) = (o.all_containers, &o.container) {
        return fail(&format!(
            "--all-containers=true should not be specified with container name {c}"
        ));
    }
    if o.container_twice {
        return fail("only one of -c or an inline [CONTAINER] arg is allowed");
    }
    if o.limit_bytes.is_some_and(|l| l < 0) {
        return fail("--limit-bytes must be greater than 0");
    }
    if o.since_seconds.is_some_and(|s| s < 0) {
        return fail("--since must be greater than 0");
    }
    if o.tail.is_some_and(|t| t < -1) {
        return fail("--tail must be greater than or equal to -1");
    }
    Ok(())
}

/// The log request path for one container, as client-go encodes
/// `PodLogOptions`.
fn log_path(ns: &str, pod: &str, container: &str, o: &Opts) -> String {
    let mut q = vec![format!("container={}", query_escape(container))];
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
        q.push(format!("sinceTime={}", query_escape(t)));
    }
    if let Some(t) = o.tail {
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

/// The logs a pod contributes: one container, or all of them (init,
/// regular, ephemeral, as kubectl orders them).
fn sources_of(ctx: &mut Ctx<'_>, pod: &Value, o: &Opts) -> Result<Vec<Source>, KubeError> {
    let name = pod["metadata"]["name"].as_str().unwrap_or("").to_string();
    let ns = pod["metadata"]["namespace"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let chosen: Vec<String> = if o.all_containers {
        podref::every_container(pod)
    } else if let Some(c) = &o.container {
        if !podref::every_container(pod).contains(c) {
            return Err(KubeError::Client(format!(
                "container {c} is not valid for pod {name} out of: {}",
                podref::all_names(pod)
            )));
        }
        vec![c.clone()]
    } else {
        let (c, note) = podref::default_container(pod);
        if let (Some(n), false) = (note, o.all_pods) {
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
                kterm_shell::sanitize::field(&format!("[pod/{name}/{c}] "))
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
    // Raw, as kubectl: the terminal writer escapes it on screen.
    ctx.stdout.write(line);
}

/// Sends one log request; returns its body once the server said yes.
async fn open(ctx: &Ctx<'_>, t: &Target, s: &Source) -> Result<Body, KubeError> {
    let req = api::request(t, "GET", &s.path);
    let what = format!("pods {}", s.pod);
    Ok(api::open(ctx, t, req, "get", &what).await?.body)
}

fn broken(e: kterm_http::HttpError) -> KubeError {
    KubeError::Client(format!("error reading the log stream: {e}"))
}

/// Reads the sources one after the other.
async fn sequential(
    ctx: &mut Ctx<'_>,
    t: &Target,
    sources: &[Source],
    ignore_errors: bool,
) -> Result<(), KubeError> {
    let cancel = ctx.cancel.clone();
    for s in sources {
        let mut body = match open(ctx, t, s).await {
            Ok(b) => b,
            // --ignore-errors: say it and go on with the next log.
            Err(KubeError::Status { message, .. }) if ignore_errors => {
                // kubectl writes this one to stdout.
                ctx.stdout
                    .line(&kterm_shell::sanitize::text(&format!("error: {message}")));
                continue;
            }
            Err(e) => return Err(e),
        };
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
async fn parallel(ctx: &mut Ctx<'_>, t: &Target, sources: &[Source]) -> Result<(), KubeError> {
    let cancel = ctx.cancel.clone();
    let mut streams = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let body = open(ctx, t, s).await?;
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

/// kubectl's words for an object that is not there: the builder's
/// NotFound, with the namespace.
fn not_found_in(e: KubeError, ns: &str) -> KubeError {
    match e {
        KubeError::Status {
            reason, message, ..
        } if reason == "NotFound" => KubeError::Client(format!(
            "error from server (NotFound): {message} in namespace \"{ns}\""
        )),
        e => e,
    }
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("logs", args, FLAGS)?;
    let o = complete(&f)?;
    let s = inv.target(ctx).await?;
    let t = s.clone();
    // The pods to read, as kubectl's builder and LogsForObject find them.
    let mut pods = Vec::new();
    if let Some(sel) = &o.selector {
        pods = podref::list(ctx, &t, &t.namespace, sel).await?;
        if pods.is_empty() {
            ctx.stderr
                .line(&format!("No resources found in {} namespace.", t.namespace));
        }
        validate(&o)?;
    } else if let Some(target) = &o.target {
        let (r, obj) = podref::fetch(ctx, &t, target)
            .await
            .map_err(|e| not_found_in(e, &t.namespace))?;
        validate(&o)?;
        if r.kind == "Pod" {
            pods.push(obj);
        } else {
            let mut all =
                podref::pods_of(ctx, &t, &r, &obj, Rank::Logging, "cannot get the logs from")
                    .await?;
            if all.len() > 1 && !o.all_pods {
                ctx.stderr.line(&format!(
                    "Found {} pods, using pod/{}",
                    all.len(),
                    kterm_shell::sanitize::field(all[0]["metadata"]["name"].as_str().unwrap_or(""))
                ));
                all.truncate(1);
            }
            pods = all;
        }
    }
    let mut sources = Vec::new();
    for p in &pods {
        sources.extend(sources_of(ctx, p, &o)?);
    }
    if o.follow && sources.len() > 1 {
        if sources.len() > o.max_requests {
            return Err(KubeError::Client(format!(
                "you are attempting to follow {} log streams, but maximum allowed concurrency is {}, use --max-log-requests to increase the limit",
                sources.len(),
                o.max_requests
            )));
        }
        parallel(ctx, &t, &sources).await?;
    } else {
        sequential(ctx, &t, &sources, o.ignore_errors).await?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<Opts, KubeError> {
        let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let o = complete(&flags::parse("logs", &v, FLAGS)?)?;
        validate(&o)?;
        Ok(o)
    }

    #[test]
    fn validation() {
        let e = |args: &[&str]| parsed(args).unwrap_err().to_string();
        let cases: &[(&[&str], &str)] = &[
            (&[], &format!("{USAGE}\nSee 'kubectl logs -h' for help and examples")),
            (
                &["web", "-l", "app=web"],
                "only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples",
            ),
            (
                &["web", "c", "-l", "app=web"],
                "selectors and the all flag cannot be used when passing resource/name arguments",
            ),
            (
                &["p", "--all-containers", "-c", "x"],
                "--all-containers=true should not be specified with container name x",
            ),
            (&["p", "x", "-c", "y"], "only one of -c or an inline [CONTAINER] arg is allowed"),
            (&["p", "--tail", "-2"], "--tail must be greater than or equal to -1"),
            (&["p", "--limit-bytes", "-1"], "--limit-bytes must be greater than 0"),
            (&["p", "--since=-5s"], "--since must be greater than 0"),
            (
                &["p", "--since", "5"],
                "invalid argument \"5\" for \"--since\" flag: time: missing unit in duration \"5\"\nSee 'kubectl logs --help' for usage.",
            ),
            (
                &["p", "--tail", "x"],
                "invalid argument \"x\" for \"--tail\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl logs --help' for usage.",
            ),
            (
                &["p", "--since", "1m", "--since-time", "2026-01-01T00:00:00Z"],
                "at most one of `sinceTime` or `sinceSeconds` may be specified",
            ),
            (
                &["p", "--since-time", "yesterday"],
                "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"",
            ),
        ];
        for (args, want) in cases {
            assert_eq!(e(args), *want, "{args:?}");
        }
        let o = parsed(&["-l", "app=web"]).unwrap();
        assert_eq!(o.tail, Some(10));
        let o = parsed(&["-l", "app=web", "--tail", "-1"]).unwrap();
        assert_eq!(o.tail, None);
        let o = parsed(&["web", "c2", "--since=90s", "-f", "--limit-bytes", "0"]).unwrap();
        assert_eq!(
            (
                o.container.as_deref(),
                o.since_seconds,
                o.follow,
                o.limit_bytes
            ),
            (Some("c2"), Some(90), true, None)
        );
        let o = parsed(&["p", "--since-time", "2026-01-01T01:00:00+01:00"]).unwrap();
        assert_eq!(o.since_time.as_deref(), Some("2026-01-01T00:00:00Z"));
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
