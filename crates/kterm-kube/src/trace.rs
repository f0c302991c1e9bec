//! The global flags that shape every request: `-v=N` (kubectl's klog
//! lines, tokens masked) and `--request-timeout`. Settings live in the
//! session's extensions for the length of one kubectl command; the log
//! lines are queued there (requests only see `&Ctx`) and written to
//! stderr by `Flushing` before any other output, so they appear where
//! kubectl prints them.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;

use kterm_http::Request;
use kterm_shell::{Ctx, Out};

use crate::error::KubeError;

/// The settings of the running kubectl command.
#[derive(Default, Clone)]
pub struct Settings {
    pub verbosity: u32,
    pub timeout_ms: Option<u64>,
    pub pending: Rc<RefCell<Vec<String>>>,
}

/// `-v` and `--request-timeout` from a command line, validated as kubectl
/// validates them.
pub fn settings(args: &[String]) -> Result<Settings, KubeError> {
    let mut s = Settings::default();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--" {
            break;
        }
        let mut value = |names: &[&str]| -> Option<String> {
            for n in names {
                if a == *n {
                    i += 1;
                    return Some(args.get(i).cloned().unwrap_or_default());
                }
                if let Some(v) = a.strip_prefix(&format!("{n}=")) {
                    return Some(v.to_string());
                }
            }
            None
        };
        if let Some(v) = value(&["-v", "--v"]).or_else(|| {
            a.strip_prefix("-v")
                .filter(|r| r.chars().all(|c| c.is_ascii_digit()) && !r.is_empty())
                .map(str::to_string)
        }) {
            s.verbosity = v.parse().map_err(|_| {
                KubeError::Client(format!(
                    "invalid argument \"{v}\" for \"-v, --v\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"
                ))
            })?;
        } else if let Some(v) = value(&["--request-timeout"]) {
            s.timeout_ms = timeout(&v)?;
        }
        i += 1;
    }
    Ok(s)
}

/// `--request-timeout`: whole seconds, or a Go duration; 0 is no limit.
fn timeout(v: &str) -> Result<Option<u64>, KubeError> {
    let bad = || {
        KubeError::Client("Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)".into())
    };
    if let Ok(secs) = v.parse::<u64>() {
        return Ok((secs > 0).then_some(secs * 1000));
    }
    let mut total = 0f64;
    let mut rest = v;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let n: f64 = rest[..num_len].parse().map_err(|_| bad())?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let ms = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "us" | "µs" => 0.001,
            "ns" => 0.000_001,
            _ => return Err(bad()),
        };
        total += n * ms;
        rest = &rest[unit_len..];
    }
    Ok((total > 0.0).then_some(total.ceil() as u64))
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

fn settings_of<'a>(ctx: &'a Ctx<'_>) -> Option<&'a Settings> {
    ctx.sh.ext.get::<Settings>()
}

/// Queues a log line at `level`.
pub fn log(ctx: &Ctx<'_>, level: u32, site: &str, msg: &str) {
    if let Some(s) = settings_of(ctx).filter(|s| s.verbosity >= level) {
        let line = format!("{}{msg}", header(ctx.host.now_ms(), site));
        s.pending.borrow_mut().push(line);
    }
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
pub fn request(ctx: &Ctx<'_>, req: &Request) -> i64 {
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
    log(
        ctx,
        8,
        "helper.go:105",
        &format!(
            "\"Request Body\" body={}",
            serde_json::to_string(&body).unwrap_or_default()
        ),
    );
    log(
        ctx,
        7,
        "round_trippers.go:527",
        &format!(
            "\"Request\" verb=\"{}\" url=\"{}\" headers=<\n{headers} >",
            req.method, req.url
        ),
    );
    ctx.host.now_ms()
}

/// Logs the response (`-v=6` and up; the body at 8, cut at 1024 bytes,
/// and at 9, cut at 10240, as client-go cuts it). Streams pass no body:
/// client-go logs only their status.
pub fn response(ctx: &Ctx<'_>, req: &Request, started: i64, status: u16, body: Option<&[u8]>) {
    let ms = ctx.host.now_ms() - started;
    let level = settings_of(ctx).map_or(0, |s| s.verbosity);
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
    log(ctx, 6, "round_trippers.go:632", &line);
    if let (true, Some(body)) = (level >= 8, body) {
        let text = String::from_utf8_lossy(body);
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
        log(
            ctx,
            8,
            "helper.go:105",
            &format!("\"Response Body\" body={shown}{more}"),
        );
    }
}

/// Runs `fut` unless `--request-timeout` passes first (`None`).
pub async fn with_timeout<F: Future>(ctx: &Ctx<'_>, fut: F) -> Option<F::Output> {
    let Some(ms) = settings_of(ctx).and_then(|s| s.timeout_ms) else {
        return Some(fut.await);
    };
    let mut fut = pin!(fut);
    let mut timer = pin!(ctx.host.sleep_ms(ms));
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

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn flags_table() {
        for (args, verbosity, timeout_ms) in [
            (&["get", "-v=6"][..], 6, None),
            (&["-v", "8", "get"][..], 8, None),
            (&["get", "-v9"][..], 9, None),
            (&["--request-timeout=5"][..], 0, Some(5000)),
            (&["--request-timeout", "1m30s"][..], 0, Some(90_000)),
            (&["--request-timeout=0"][..], 0, None),
            (&["--request-timeout=250ms"][..], 0, Some(250)),
        ] {
            let got = settings(&s(args)).unwrap();
            assert_eq!(
                (got.verbosity, got.timeout_ms),
                (verbosity, timeout_ms),
                "{args:?}"
            );
        }
        assert!(settings(&s(&["--request-timeout=soon"])).is_err());
        assert!(settings(&s(&["-v=x"])).is_err());
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
