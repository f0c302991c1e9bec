//! One HTTP exchange through the shell's client, whole: the answer's head
//! and body, raced against `-m` and Ctrl-C, with the transport's failures
//! turned into curl's.

use futures::future::{select, Either};
use kterm_http::{Client, HttpError, Request};
use kterm_shell::{Cancel, Host};

use crate::curl::error::Failure;
use crate::curl::request::Prepared;

pub struct Answer {
    pub status: u16,
    pub reason: String,
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

pub enum Outcome {
    Done(Answer),
    Failed(Failure),
    Cancelled,
}

/// Why the transport could not connect, as curl words it.
fn classify(client: &Client, p: &Prepared, err: HttpError, elapsed_ms: i64) -> Failure {
    match err {
        HttpError::Connect { message, .. } => {
            let m = message.to_ascii_lowercase();
            let unknown_host = ["dns error", "failed to lookup", "name or service not known"]
                .iter()
                .any(|s| m.contains(s));
            let routed =
                client.endpoints().map(&p.url.to_string_plain()) != p.url.to_string_plain();
            if unknown_host || (!m.contains("refused") && !routed && !is_loopback(&p.url.host)) {
                Failure::resolve(&p.url.host)
            } else {
                Failure::connect(&p.url.host, p.url.port, elapsed_ms)
            }
        }
        HttpError::Body(m) => Failure::recv(&m),
        HttpError::Aborted => Failure::new(42, "Callback aborted"),
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.") || host == "[::1]"
}

async fn exchange(
    client: &Client,
    p: &Prepared,
    follow: bool,
    received: &std::cell::Cell<usize>,
) -> Result<Answer, HttpError> {
    let mut req = Request::new(&p.method, p.url.to_string_plain());
    req.headers = p.wire_headers();
    req.body = p.body.clone();
    if !follow {
        req = req.no_redirects();
    }
    let mut resp = client.send(req).await?;
    let mut body = Vec::new();
    if p.method != "HEAD" {
        while let Some(chunk) = resp.body.chunk().await {
            body.extend_from_slice(&chunk?);
            received.set(body.len());
        }
    }
    Ok(Answer {
        status: resp.status,
        reason: std::mem::take(&mut resp.reason),
        version: std::mem::take(&mut resp.version),
        headers: std::mem::take(&mut resp.headers),
        body,
    })
}

pub async fn send(
    client: &Client,
    host: &dyn Host,
    cancel: &Cancel,
    p: &Prepared,
    follow: bool,
    max_time: Option<f64>,
) -> Outcome {
    let start = host.now_ms();
    let received = std::cell::Cell::new(0);
    let work = exchange(client, p, follow, &received);
    let timed = async {
        match max_time {
            None => Some(work.await),
            Some(secs) => {
                let ms = (secs * 1000.0).round() as u64;
                let work = std::pin::pin!(work);
                let timer = std::pin::pin!(host.sleep_ms(ms.max(1)));
                match select(work, timer).await {
                    Either::Left((r, _)) => Some(r),
                    Either::Right(_) => None,
                }
            }
        }
    };
    match cancel.run(timed).await {
        None => Outcome::Cancelled,
        Some(None) => Outcome::Failed(Failure::timeout(host.now_ms() - start, received.get())),
        Some(Some(Ok(a))) => Outcome::Done(a),
        Some(Some(Err(e))) => Outcome::Failed(classify(client, p, e, host.now_ms() - start)),
    }
}
