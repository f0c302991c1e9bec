//! `kubectl events [-n NS | -A] [--for TYPE/NAME] [--types=Normal,Warning]
//! [--no-headers] [-w]`: the namespace's events, oldest first (Go's
//! unstable sort by last time seen, as kubectl sorts them), in columns
//! LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (NAMESPACE first with -A).
//! `--for` becomes a field selector on the involved object's kind,
//! apiVersion and name. `-w` watches instead (every current event, then
//! new ones; deletions are not shown), a row per event whose columns only
//! grow (kubectl's tabwriter remembers widths), until Ctrl-C (status 1).
//! `-o` printers are not supported yet and say so.

use kterm_shell::Ctx;
use serde_json::Value;

use super::describe::writer::human_duration;
use crate::cli::Invocation;
use crate::discovery;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::print::table::{tabwrite, TabWriter};
use crate::{api, flags, go};

pub(crate) const FLAGS: &[Flag] = &[
    flags::WATCH,
    flags::ALL_NAMESPACES,
    flags::FOR,
    Flag::value(
        "types",
        None,
        "Only events of these types (Normal, Warning)",
    )
    .one_of(&["Normal", "Warning", "Normal,Warning"]),
    flags::NO_HEADERS,
    flags::CHUNK_SIZE,
    flags::OUTPUT,
];

struct Opts {
    all: bool,
    types: Vec<String>,
    headers: bool,
}

/// `--types`: a sorted set, each Normal or Warning (any case).
fn types(values: &[String]) -> Result<Vec<String>, KubeError> {
    let mut out: Vec<String> = values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::to_string)
        .collect();
    kterm_shell::sort::sort(&mut out);
    out.dedup();
    if out
        .iter()
        .any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning"))
    {
        return Err(KubeError::Client(
            "valid --types are Normal or Warning".into(),
        ));
    }
    Ok(out)
}

fn wanted(o: &Opts, e: &Value) -> bool {
    let ty = e["type"].as_str().unwrap_or("");
    o.types.is_empty() || o.types.iter().any(|t| t.eq_ignore_ascii_case(ty))
}

/// Milliseconds since the epoch of an RFC 3339 time; `None` when unset.
fn at(v: &Value) -> Option<i64> {
    let s = v.as_str().filter(|s| !s.is_empty())?;
    let secs = go::time::parse_rfc3339(s).ok()?;
    // MicroTime keeps a fraction; metav1.Time has none.
    let frac = s
        .split_once('.')
        .map(|(_, f)| f.trim_end_matches(|c: char| !c.is_ascii_digit()))
        .map(|f| format!("{f:0<3}")[..3].parse::<i64>().unwrap_or(0))
        .unwrap_or(0);
    Some(secs * 1000 + frac)
}

fn since(now: i64, t: Option<i64>) -> String {
    t.map_or("<unknown>".into(), |t| human_duration(now - t))
}

/// LAST SEEN: the age, or `AGE (xN over FIRST)` for repeated events.
fn interval(e: &Value, now: i64) -> String {
    let first = if at(&e["eventTime"]).is_some() {
        since(now, at(&e["eventTime"]))
    } else {
        since(now, at(&e["firstTimestamp"]))
    };
    let count = e["count"].as_i64().unwrap_or(0);
    if e["series"].is_object() {
        format!(
            "{} (x{} over {first})",
            since(now, at(&e["series"]["lastObservedTime"])),
            e["series"]["count"].as_i64().unwrap_or(0)
        )
    } else if count > 1 {
        format!(
            "{} (x{count} over {first})",
            since(now, at(&e["lastTimestamp"]))
        )
    } else {
        first
    }
}

/// When kubectl sorts an event: its series' last time, else its last
/// timestamp, else its event time (zero: the earliest).
fn sort_time(e: &Value) -> i64 {
    if e["series"].is_object() {
        return at(&e["series"]["lastObservedTime"]).unwrap_or(i64::MIN);
    }
    at(&e["lastTimestamp"])
        .or_else(|| at(&e["eventTime"]))
        .unwrap_or(i64::MIN)
}

fn headers(o: &Opts) -> Vec<String> {
    let mut h: Vec<String> = Vec::new();
    if o.all {
        h.push("NAMESPACE".into());
    }
    for c in ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"] {
        h.push(c.into());
    }
    h
}

fn row(o: &Opts, e: &Value, now: i64) -> Vec<String> {
    let s = |v: &Value| kterm_shell::sanitize::field(v.as_str().unwrap_or(""));
    let mut r = Vec::new();
    if o.all {
        r.push(s(&e["metadata"]["namespace"]));
    }
    r.push(interval(e, now));
    r.push(s(&e["type"]));
    r.push(s(&e["reason"]));
    r.push(format!(
        "{}/{}",
        s(&e["involvedObject"]["kind"]),
        s(&e["involvedObject"]["name"])
    ));
    r.push(kterm_shell::sanitize::field(
        e["message"].as_str().unwrap_or("").trim(),
    ));
    r
}

/// `--for TYPE/NAME` as a field selector on the involved object.
async fn for_selector(ctx: &mut Ctx<'_>, t: &Target, s: &str) -> Result<String, KubeError> {
    let Some((ty, name)) = s.split_once('/') else {
        return Err(KubeError::Client(
            "--for must be in resource/name form".into(),
        ));
    };
    if name.contains('/') {
        return Err(KubeError::Client(
            "arguments in resource/name form may not have more than one slash".into(),
        ));
    }
    let all = discovery::resources(ctx, t).await?;
    // kubectl prints the mapper's error as it is.
    let r = discovery::find(&all, ty).ok_or_else(|| {
        KubeError::Plain(format!(
            "the server doesn't have a resource type \"{}\"",
            ty.to_lowercase()
        ))
    })?;
    let api_version = if r.group.is_empty() {
        r.version.clone()
    } else {
        format!("{}/{}", r.group, r.version)
    };
    Ok(format!(
        "involvedObject.kind={},involvedObject.apiVersion={api_version},involvedObject.name={name}",
        r.kind
    ))
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("events", args, FLAGS)?;
    let t = inv.target(ctx).await?;
    let selector = match f.value("for").filter(|s| !s.is_empty()) {
        Some(s) => Some(for_selector(ctx, &t, s).await?),
        None => None,
    };
    if f.value("output").is_some_and(|o| !o.is_empty()) {
        return Err(KubeError::Client(
            "kubectl events prints its table only in this terminal (no -o yet)".into(),
        ));
    }
    let o = Opts {
        all: f.has("all-namespaces"),
        types: types(&f.values("types"))?,
        headers: !f.has("no-headers"),
    };
    let base = if o.all {
        "/api/v1/events".to_string()
    } else {
        format!("/api/v1/namespaces/{}/events", query_escape(&t.namespace))
    };
    let mut query: Vec<String> = selector
        .iter()
        .map(|s| format!("fieldSelector={}", query_escape(s)))
        .collect();
    query.push("limit=500".into());
    if f.has("watch") {
        return watch(
            ctx,
            &t,
            &o,
            &format!("{base}?{}&watch=true", query.join("&")),
        )
        .await;
    }
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let mut q = query.clone();
        if let Some(c) = &next {
            q.push(format!("continue={}", query_escape(c)));
        }
        let req = api::request(&t, "GET", &format!("{base}?{}", q.join("&")));
        let list = api::get_json(ctx, &t, req, "list", "events").await?;
        items.extend(list["items"].as_array().cloned().unwrap_or_default());
        next = list["metadata"]["continue"]
            .as_str()
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        if next.is_none() {
            break;
        }
    }
    let items: Vec<Value> = items.into_iter().filter(|e| wanted(&o, e)).collect();
    if items.is_empty() {
        ctx.stderr.line(&if o.all {
            "No events found.".to_string()
        } else {
            format!("No events found in {} namespace.", t.namespace)
        });
        return Ok(0);
    }
    let times: Vec<i64> = items.iter().map(sort_time).collect();
    let mut idx: Vec<usize> = (0..items.len()).collect();
    go::sort::sort(&mut idx, &mut |a, b| times[a] < times[b]);
    let now = ctx.host.now_ms();
    let mut rows = Vec::new();
    if o.headers {
        rows.push(headers(&o));
    }
    rows.extend(idx.iter().map(|&i| row(&o, &items[i], now)));
    ctx.stdout.write_str(&tabwrite(&rows));
    Ok(0)
}

/// `-w`: one flush per event, headers with the first.
async fn watch(ctx: &mut Ctx<'_>, t: &Target, o: &Opts, path: &str) -> Result<i32, KubeError> {
    let resp = api::open(ctx, t, api::request(t, "GET", path), "watch", "events").await?;
    let mut events = api::Events::new(resp);
    let mut printed_headers = !o.headers;
    // kubectl's tabwriter remembers widths across its per-event flushes.
    let mut tab = TabWriter::default();
    loop {
        let ev = match events.next(ctx).await {
            // kubectl's interrupt handler exits with status 1.
            Err(KubeError::Cancelled) => return Ok(1),
            Err(e) => return Err(e),
            Ok(None) => return Ok(0),
            Ok(Some(ev)) => ev,
        };
        if !matches!(ev["type"].as_str(), Some("ADDED" | "MODIFIED")) || !wanted(o, &ev["object"]) {
            continue;
        }
        let mut rows = Vec::new();
        if !printed_headers {
            rows.push(headers(o));
            printed_headers = true;
        }
        rows.push(row(o, &ev["object"], ctx.host.now_ms()));
        ctx.stdout.write_str(&tab.write(&rows));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intervals_and_types() {
        let now = 1_767_225_600_000;
        let cases = [
            (
                json!({"lastTimestamp": "2025-12-31T23:59:00Z", "firstTimestamp": "2025-12-31T23:59:00Z", "count": 1}),
                "60s",
            ),
            (
                json!({"lastTimestamp": "2025-12-31T23:59:00Z", "firstTimestamp": "2025-12-31T23:00:00Z", "count": 4}),
                "60s (x4 over 60m)",
            ),
            (
                json!({"eventTime": "2025-12-31T23:59:30.123456Z", "series": {"count": 2, "lastObservedTime": "2025-12-31T23:59:50.000000Z"}}),
                "10s (x2 over 29s)",
            ),
            (json!({}), "<unknown>"),
        ];
        for (e, want) in cases {
            assert_eq!(interval(&e, now), want, "{e}");
        }
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            types(&s(&["Warning,normal", "Warning"])).unwrap(),
            ["Warning", "normal"]
        );
        assert_eq!(
            types(&s(&["Bad"])).unwrap_err(),
            KubeError::Client("valid --types are Normal or Warning".into())
        );
    }
}
