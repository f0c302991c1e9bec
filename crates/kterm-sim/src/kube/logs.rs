//! `GET /api/v1/namespaces/NS/pods/NAME/log`: plausible per-container logs,
//! generated deterministically from the pod and container names, with the
//! sandbox clock giving each line its time. Options as `PodLogOptions`:
//! `container`, `follow` (streamed as the clock moves on; ends when the
//! client goes away or the pod does), `previous`, `sinceSeconds`,
//! `sinceTime`, `timestamps`, `tailLines`, `limitBytes`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use super::authz::caller;
use super::logtext::{Flavor, Source};
use super::status::{self, status};
use crate::ibm::bearer;
use crate::Sandbox;

/// How far back a container's log reaches (the kubelet rotates the rest).
const RETAIN_MS: i64 = 15 * 60_000;
/// How often a follow checks the clock for new lines.
const TICK: Duration = Duration::from_millis(200);

pub(super) fn routes() -> Router<Sandbox> {
    Router::new().route(
        "/k8s/{cluster}/api/v1/namespaces/{ns}/pods/{name}/log",
        get(handle),
    )
}

/// `PodLogOptions` from the query.
#[derive(Debug, Default, PartialEq, Eq)]
struct Options {
    container: Option<String>,
    follow: bool,
    previous: bool,
    timestamps: bool,
    since_ms: Option<i64>,
    tail: Option<usize>,
    limit: Option<usize>,
}

fn flag(q: &HashMap<String, String>, k: &str) -> Result<bool, String> {
    match q.get(k).map(String::as_str) {
        None | Some("" | "false" | "0") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(v) => Err(format!(
            "strconv.ParseBool: parsing \"{v}\": invalid syntax"
        )),
    }
}

fn number(q: &HashMap<String, String>, k: &str) -> Result<Option<i64>, String> {
    q.get(k)
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| format!("strconv.ParseInt: parsing \"{v}\": invalid syntax"))
        })
        .transpose()
}

impl Options {
    fn parse(q: &HashMap<String, String>, now: i64) -> Result<Options, String> {
        let since = number(q, "sinceSeconds")?;
        if since.is_some_and(|s| s < 1) {
            return Err("PodLogOptions \"\" is invalid: sinceSeconds: Invalid value: must be greater than 0".into());
        }
        let since_time = match q.get("sinceTime") {
            Some(t) => Some(
                super::table::parse_time(t)
                    .ok_or_else(|| format!("parsing time \"{t}\" as RFC3339: invalid"))?,
            ),
            None => None,
        };
        let tail = number(q, "tailLines")?;
        let limit = number(q, "limitBytes")?;
        if limit.is_some_and(|l| l < 1) {
            return Err(
                "PodLogOptions \"\" is invalid: limitBytes: Invalid value: must be greater than 0"
                    .into(),
            );
        }
        Ok(Options {
            container: q.get("container").filter(|c| !c.is_empty()).cloned(),
            follow: flag(q, "follow")?,
            previous: flag(q, "previous")?,
            timestamps: flag(q, "timestamps")?,
            since_ms: since.map(|s| now - s * 1000).or(since_time),
            // A negative tail means everything, as in the kubelet.
            tail: tail.and_then(|t| usize::try_from(t).ok()),
            limit: limit.and_then(|l| usize::try_from(l).ok()),
        })
    }
}

fn bad_request(msg: &str) -> Response {
    status(StatusCode::BAD_REQUEST, "BadRequest", msg, None)
}

/// The container a request names, or the apiserver's error for the pod.
pub(super) fn pick_container(pod: &Value, wanted: Option<&str>) -> Result<String, String> {
    let name = pod["metadata"]["name"].as_str().unwrap_or("");
    let names: Vec<&str> = pod["spec"]["containers"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    match wanted {
        Some(c) if names.contains(&c) => Ok(c.to_string()),
        Some(c) => Err(format!("container {c} is not valid for pod {name}")),
        None if names.len() == 1 => Ok(names[0].to_string()),
        None => Err(format!(
            "a container name must be specified for pod {name}, choose one of: [{}]",
            names.join(" ")
        )),
    }
}

/// The source of the log asked for: the running (or last) instance of the
/// container, or the one before it with `previous`.
fn source(pod: &Value, container: &str, previous: bool) -> Result<Source, String> {
    let pod_name = pod["metadata"]["name"].as_str().unwrap_or("");
    let image = pod["spec"]["containers"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == container))
        .and_then(|c| c["image"].as_str())
        .unwrap_or("");
    let st = pod["status"]["containerStatuses"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == container))
        .cloned()
        .unwrap_or(Value::Null);
    let ms = |v: &Value| v.as_str().and_then(super::table::parse_time);
    let last = &st["lastState"]["terminated"];
    let waiting = st["state"]["waiting"]["reason"].as_str();
    let seed_name = format!("{pod_name}/{container}");
    let run = |start: Option<i64>, end: Option<i64>| {
        start.map(|s| Source::new(&seed_name, Flavor::of(image), s, end))
    };
    let found = if previous {
        if waiting.is_some() && !last.is_null() {
            // Crash-looping: the last instance is "current"; the one before
            // it ran (and failed) the same way a back-off earlier.
            let restarts = st["restartCount"].as_i64().unwrap_or(0);
            let (s, e) = (ms(&last["startedAt"]), ms(&last["finishedAt"]));
            match (s, e) {
                (Some(s), Some(e)) if restarts > 1 => {
                    run(Some(s - 5 * 60_000), Some(e - 5 * 60_000))
                }
                _ => None,
            }
        } else if !last.is_null() {
            run(ms(&last["startedAt"]), ms(&last["finishedAt"]))
        } else {
            None
        }
        .ok_or_else(|| {
            format!("previous terminated container \"{container}\" in pod \"{pod_name}\" not found")
        })?
    } else if let Some(s) = ms(&st["state"]["running"]["startedAt"]) {
        Source::new(&seed_name, Flavor::of(image), s, None)
    } else if let Some(s) = ms(&st["state"]["terminated"]["startedAt"]) {
        let end = ms(&st["state"]["terminated"]["finishedAt"]);
        Source::new(&seed_name, Flavor::of(image), s, end)
    } else if let (Some(s), Some(e)) = (ms(&last["startedAt"]), ms(&last["finishedAt"])) {
        Source::new(&seed_name, Flavor::of(image), s, Some(e))
    } else {
        return Err(format!(
            "container \"{container}\" in pod \"{pod_name}\" is waiting to start: {}",
            waiting.unwrap_or("ContainerCreating")
        ));
    };
    Ok(found)
}

/// Renders lines, optionally prefixed by their RFC 3339 nanosecond time.
fn render(lines: &[(i64, u64, String)], timestamps: bool) -> Vec<u8> {
    let mut out = String::new();
    for (t, nanos, l) in lines {
        if timestamps {
            out.push_str(&super::logtext::rfc3339_nano(*t, *nanos));
            out.push(' ');
        }
        out.push_str(l);
        out.push('\n');
    }
    out.into_bytes()
}

/// What a follow stream carries between chunks.
struct Follow {
    sb: Sandbox,
    key: (String, (String, String, String)),
    src: Source,
    next_from: i64,
    timestamps: bool,
    left: Option<usize>,
    pending: Option<Vec<u8>>,
}

fn cut(mut bytes: Vec<u8>, left: &mut Option<usize>) -> Vec<u8> {
    if let Some(l) = left {
        bytes.truncate(*l);
        *l -= bytes.len();
    }
    bytes
}

async fn handle(
    State(sb): State<Sandbox>,
    Path((cluster, ns, name)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = caller(&sb, &cluster, bearer(&headers)) {
        return r;
    }
    let now = sb.clock.now_ms();
    let opts = match Options::parse(&super::query(&raw), now) {
        Ok(o) => o,
        Err(m) => return bad_request(&m),
    };
    let key = ("pods".to_string(), ns.clone(), name.clone());
    let pod = sb
        .kube
        .lock()
        .get(&cluster)
        .and_then(|s| s.objects.get(&key).cloned());
    let Some(pod) = pod else {
        return status::not_found("pods", &name);
    };
    let container = match pick_container(&pod, opts.container.as_deref()) {
        Ok(c) => c,
        Err(m) => return bad_request(&m),
    };
    let src = match source(&pod, &container, opts.previous) {
        Ok(s) => s,
        Err(m) => return bad_request(&m),
    };
    let from = (now - RETAIN_MS).max(opts.since_ms.unwrap_or(i64::MIN));
    let upto = src.end.map_or(now, |e| e.min(now)) + 1;
    let mut lines = src.lines(from, upto);
    if let Some(t) = opts.tail {
        lines.drain(..lines.len().saturating_sub(t));
    }
    let mut left = opts.limit;
    let first = cut(render(&lines, opts.timestamps), &mut left);
    let text = [(header::CONTENT_TYPE, "text/plain")];
    if !opts.follow || src.end.is_some() || left == Some(0) {
        return (text, first).into_response();
    }
    let state = Follow {
        sb,
        key: (cluster, key),
        src,
        next_from: upto,
        timestamps: opts.timestamps,
        left,
        pending: Some(first),
    };
    let stream = futures::stream::unfold(state, |mut st| async move {
        if let Some(first) = st.pending.take() {
            return Some((Ok::<_, Infallible>(Bytes::from(first)), st));
        }
        loop {
            if st.left == Some(0) {
                return None;
            }
            tokio::time::sleep(TICK).await;
            let gone = st
                .sb
                .kube
                .lock()
                .get(&st.key.0)
                .is_none_or(|s| !s.objects.contains_key(&st.key.1));
            if gone {
                return None;
            }
            let now = st.sb.clock.now_ms() + 1;
            if now <= st.next_from {
                continue;
            }
            let lines = st.src.lines(st.next_from, now);
            st.next_from = now;
            if !lines.is_empty() {
                let chunk = cut(render(&lines, st.timestamps), &mut st.left);
                return Some((Ok(Bytes::from(chunk)), st));
            }
        }
    });
    // `no-transform`: a streamed body must not be held back by compression.
    (
        [
            (header::CONTENT_TYPE, "text/plain"),
            (header::CACHE_CONTROL, "no-transform"),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_table() {
        let q = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let o = Options::parse(
            &q(&[
                ("follow", "true"),
                ("tailLines", "5"),
                ("sinceSeconds", "60"),
                ("container", "web"),
            ]),
            100_000,
        )
        .unwrap();
        assert_eq!(
            o,
            Options {
                container: Some("web".into()),
                follow: true,
                tail: Some(5),
                since_ms: Some(40_000),
                ..Options::default()
            }
        );
        assert_eq!(
            Options::parse(&q(&[("tailLines", "-1")]), 0).unwrap().tail,
            None
        );
        assert!(Options::parse(&q(&[("tailLines", "x")]), 0).is_err());
        assert!(Options::parse(&q(&[("follow", "yes")]), 0).is_err());
        assert!(Options::parse(&q(&[("sinceSeconds", "0")]), 0).is_err());
    }

    #[test]
    fn containers_and_errors() {
        let two = json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}, {"name": "b"}]}});
        let one = json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}});
        let cases: &[(&Value, Option<&str>, Result<&str, &str>)] = &[
            (&one, None, Ok("a")),
            (&two, Some("b"), Ok("b")),
            (
                &two,
                None,
                Err("a container name must be specified for pod p, choose one of: [a b]"),
            ),
            (&one, Some("z"), Err("container z is not valid for pod p")),
        ];
        for (pod, want, res) in cases {
            assert_eq!(
                pick_container(pod, *want),
                res.map(str::to_string).map_err(str::to_string)
            );
        }
    }

    #[test]
    fn previous_only_after_a_restart() {
        let running = json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "nginx"}]},
            "status": {"containerStatuses": [{"name": "a", "restartCount": 0, "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}, "lastState": {}}]}});
        assert_eq!(
            source(&running, "a", true).err().as_deref(),
            Some("previous terminated container \"a\" in pod \"p\" not found")
        );
        assert!(source(&running, "a", false).is_ok());
        let crash = json!({"metadata": {"name": "c"}, "spec": {"containers": [{"name": "w", "image": "worker"}]},
            "status": {"containerStatuses": [{"name": "w", "restartCount": 7, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                "lastState": {"terminated": {"startedAt": "2026-01-01T00:00:00Z", "finishedAt": "2026-01-01T00:00:02Z"}}}]}});
        let cur = source(&crash, "w", false).unwrap();
        let prev = source(&crash, "w", true).unwrap();
        assert_eq!(
            (cur.end, prev.end.map(|e| cur.end.unwrap() - e)),
            (Some(1_767_225_602_000), Some(300_000))
        );
        let pending = json!({"metadata": {"name": "n"}, "spec": {"containers": [{"name": "a", "image": "nginx"}]},
            "status": {"containerStatuses": [{"name": "a", "state": {"waiting": {"reason": "ContainerCreating"}}}]}});
        assert_eq!(
            source(&pending, "a", false).err().as_deref(),
            Some("container \"a\" in pod \"n\" is waiting to start: ContainerCreating")
        );
    }
}
