//! The global flags that shape every request: `-v=N` (kubectl's klog
//! lines, tokens masked) and `--request-timeout`. One `Trace` per
//! command, built by dispatch and carried by every `Target` the command
//! sends to; log lines are queued in it and written to stderr by
//! `Flushing` before any other output, so they appear where kubectl
//! prints them.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;

use kterm_http::Request;
use kterm_shell::{Host, Out};

use crate::error::KubeError;

/// The trace settings of the running kubectl command, and its queue.
#[derive(Default, Clone)]
pub struct Trace {
    pub verbosity: u32,
    pub timeout_ms: Option<u64>,
    pub pending: Rc<RefCell<Vec<String>>>,
    /// The server's warnings already shown (kubectl shows each once).
    pub warned: Rc<RefCell<Vec<String>>>,
}

impl Trace {
    /// Queues the server's `299` warnings of a response (its `Warning`
    /// headers) as kubectl's warning writer prints them, each once.
    pub fn warnings(&self, headers: &[(String, String)]) {
        for (k, v) in headers {
            if !k.eq_ignore_ascii_case("warning") {
                continue;
            }
            for text in parse_warnings(v) {
                let mut warned = self.warned.borrow_mut();
                if !warned.contains(&text) {
                    self.pending.borrow_mut().push(format!("Warning: {text}"));
                    warned.push(text);
                }
            }
        }
    }

    /// `-v` and `--request-timeout` (as the global flags gave them),
    /// validated as kubectl validates them.
    pub fn new(v: Option<&str>, request_timeout: Option<&str>) -> Result<Trace, KubeError> {
        let mut s = Trace::default();
        if let Some(v) = v {
            s.verbosity = v.parse().map_err(|_| {
                KubeError::Client(format!(
                    "invalid argument \"{v}\" for \"-v, --v\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"
                ))
            })?;
        }
        if let Some(t) = request_timeout {
            s.timeout_ms = timeout(t)?;
        }
        Ok(s)
    }

    /// Queues a log line at `level`.
    pub fn log(&self, host: &dyn Host, level: u32, site: &str, msg: &str) {
        if self.verbosity >= level {
            let line = format!("{}{msg}", header(host.now_ms(), site));
            self.pending.borrow_mut().push(line);
        }
    }
}

/// The texts of the `299` entries of a `Warning` header value
/// (`299 - "text"`, entries separated by commas, each with an optional
/// quoted date), unquoted as Go's strconv.Unquote does; other codes and
/// malformed entries are skipped, as client-go skips them.
pub fn parse_warnings(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value.trim_start();
    while !rest.is_empty() {
        let code = rest.get(..3).unwrap_or("");
        let Some(after) = rest.get(3..).and_then(|r| r.strip_prefix(' ')) else {
            break;
        };
        let Some((_agent, after)) = after.split_once(' ') else {
            break;
        };
        let Some((text, after)) = quoted(after) else {
            break;
        };
        if code == "299" {
            out.push(text);
        }
        // An optional date, then the next entry.
        let mut after = after.trim_start();
        if after.starts_with('"') {
            after = quoted(after).map_or("", |(_, a)| a).trim_start();
        }
        rest = after.strip_prefix(',').unwrap_or("").trim_start();
    }
    out
}

/// A leading `"…"` decoded, and what follows it.
fn quoted(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                let lit = &s[..i + 2];
                let text = serde_json::from_str::<String>(lit).ok()?;
                return Some((text, &body[i + 1..]));
            }
            _ => {}
        }
    }
    None
}

/// `--request-timeout`: whole seconds, or a Go duration; 0 is no limit.
fn timeout(v: &str) -> Result<Option<u64>, KubeError> {
    let bad = || {
        KubeError::Client("Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)".into())
    };
    if let Ok(secs) = v.parse::<u64>() {
        return Ok((secs > 0).then_some(secs * 1000));
    }
    let ns = crate::go::time::parse_duration(v).map_err(|_| bad())?;
    let ms = u64::try_from((ns + 999_999) / 1_000_000).map_err(|_| bad())?;
    Ok((ms > 0).then_some(ms))
}

/// A klog warning line (`W1124 13:15:34.916018       1 file:line] msg`),
/// as kubectl writes its deprecation notices on stderr.
pub fn warning(now_ms: i64, site: &str, msg: &str) -> String {
    format!("W{}{msg}", &header(now_ms, site)[1..])
}

/// klog's line header: `I1124 13:15:34.916018       1 file:line] `.
fn header(now_ms: i64, site: &str) -> String {
    let (secs, ms) = (now_ms.div_euclid(1000), now_ms.rem_euclid(1000));
    let (_, month, day) = kterm_shell::time::civil(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "I{month:02}{day:02} {:02}:{:02}:{:02}.{:06} {:>7} {site}] ",
        t / 3600,
        t / 60 % 60,
        t % 60,
        ms * 1000,
        1
    )
}

pub fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Logs the request (`-v=7` and up: headers, the token masked).
pub fn request(host: &dyn Host, trace: &Trace, req: &Request) -> i64 {
    let mut headers = String::new();
    for (k, v) in &req.headers {
        let v = if k.eq_ignore_ascii_case("authorization") {
            match v.split_once(' ') {
                Some((scheme, _)) => format!("{scheme} <masked>"),
                None => "<masked>".into(),
            }
        } else {
            v.clone()
        };
        headers.push_str(&format!("\t{k}: {v}\n"));
    }
    let body = String::from_utf8_lossy(&req.body);
    trace.log(
        host,
        8,
        "helper.go:105",
        &format!(
            "\"Request Body\" body={}",
            serde_json::to_string(&body).unwrap_or_default()
        ),
    );
    trace.log(
        host,
        7,
        "round_trippers.go:527",
        &format!(
            "\"Request\" verb=\"{}\" url=\"{}\" headers=<\n{headers} >",
            req.method, req.url
        ),
    );
    host.now_ms()
}

/// Logs the response (`-v=6` and up; the body at 8, cut at 1024 bytes,
/// and at 9, cut at 10240, as client-go cuts it). Streams pass no body:
/// client-go logs only their status.
pub fn response(
    host: &dyn Host,
    trace: &Trace,
    req: &Request,
    started: i64,
    status: u16,
    body: Option<&[u8]>,
) {
    let ms = host.now_ms() - started;
    let level = trace.verbosity;
    // At 6 the line names the request; from 7 on the Request line did.
    let line = if level >= 7 {
        format!(
            "\"Response\" status=\"{status} {}\" milliseconds={ms}",
            reason(status)
        )
    } else {
        format!(
            "\"Response\" verb=\"{}\" url=\"{}\" status=\"{status} {}\" milliseconds={ms}",
            req.method,
            req.url,
            reason(status)
        )
    };
    trace.log(host, 6, "round_trippers.go:632", &line);
    if let (true, Some(body)) = (level >= 8, body) {
        let text = masked_body(&String::from_utf8_lossy(body));
        let max = match level {
            8 => 1024,
            9 => 10240,
            _ => usize::MAX,
        };
        let cut: String = text.chars().take(max).collect();
        let shown = serde_json::to_string(&cut).unwrap_or_default();
        let more = if cut.len() < text.len() {
            format!(" [truncated {} chars]", text.len() - cut.len())
        } else {
            String::new()
        };
        trace.log(
            host,
            8,
            "helper.go:105",
            &format!("\"Response Body\" body={shown}{more}"),
        );
    }
}

/// A response body with the token a TokenRequest answers masked: tokens
/// never reach a trace.
fn masked_body(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut v) if v["kind"] == "TokenRequest" && v["status"]["token"].is_string() => {
            v["status"]["token"] = serde_json::json!("<masked>");
            v.to_string()
        }
        _ => text.to_string(),
    }
}

/// Runs `fut` unless `--request-timeout` passes first (`None`).
pub async fn with_timeout<F: Future>(host: &dyn Host, trace: &Trace, fut: F) -> Option<F::Output> {
    let Some(ms) = trace.timeout_ms else {
        return Some(fut.await);
    };
    let mut fut = pin!(fut);
    let mut timer = pin!(host.sleep_ms(ms));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = fut.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// What kubectl says when `--request-timeout` passes.
pub fn timed_out() -> KubeError {
    KubeError::Unreachable(
        "net/http: request canceled (Client.Timeout exceeded while awaiting headers)".into(),
    )
}

/// stdout and stderr for a command run with `-v`: queued log lines are
/// written to stderr before anything else is written.
pub struct Flushing<'a, 'b> {
    pub inner: Rc<RefCell<&'a mut (dyn Out + 'b)>>,
    pub err: Rc<RefCell<&'a mut (dyn Out + 'b)>>,
    pub pending: Rc<RefCell<Vec<String>>>,
}

impl Flushing<'_, '_> {
    pub fn flush(&self) {
        let lines: Vec<String> = self.pending.borrow_mut().drain(..).collect();
        if lines.is_empty() {
            return;
        }
        let mut err = self.err.borrow_mut();
        for l in lines {
            err.line(&kterm_shell::sanitize::text(&l));
        }
    }
}

impl Out for Flushing<'_, '_> {
    fn write(&mut self, bytes: &[u8]) {
        self.flush();
        self.inner.borrow_mut().write(bytes);
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.flush();
        self.inner.borrow_mut().raw(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_headers() {
        let cases: &[(&str, &[&str])] = &[
            (
                r#"299 - "unknown field \"spec.foo\"""#,
                &[r#"unknown field "spec.foo""#],
            ),
            (
                r#"299 - "a", 299 - "b" "Sat, 06 Dec 2026 05:00:00 GMT", 199 - "c""#,
                &["a", "b"],
            ),
            (r#"199 - "misc""#, &[]),
            ("garbage", &[]),
        ];
        for (v, want) in cases {
            assert_eq!(parse_warnings(v), *want, "{v}");
        }
        let t = Trace::default();
        let h = vec![("Warning".to_string(), r#"299 - "x""#.to_string())];
        t.warnings(&h);
        t.warnings(&h);
        assert_eq!(*t.pending.borrow(), ["Warning: x"]);
    }

    #[test]
    fn flags_table() {
        for (v, timeout, verbosity, timeout_ms) in [
            (Some("6"), None, 6, None),
            (None, Some("5"), 0, Some(5000)),
            (None, Some("1m30s"), 0, Some(90_000)),
            (None, Some("0"), 0, None),
            (None, Some("250ms"), 0, Some(250)),
        ] {
            let got = Trace::new(v, timeout).unwrap();
            assert_eq!(
                (got.verbosity, got.timeout_ms),
                (verbosity, timeout_ms),
                "{v:?} {timeout:?}"
            );
        }
        assert!(Trace::new(None, Some("soon")).is_err());
        assert!(Trace::new(Some("x"), None).is_err());
    }

    #[test]
    fn klog_header() {
        // 2026-11-24T13:15:34.916Z
        let ms = 1_795_526_134_916;
        assert_eq!(
            header(ms, "a.go:1"),
            "I1124 13:15:34.916000       1 a.go:1] "
        );
    }
}
