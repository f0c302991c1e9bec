//! The load bench's clients: listers, watchers and the writer (load.rs
//! describes the load and reports it).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};
use tokio::time::{sleep, Instant};

use super::Tally;

/// What kubectl 1.37 sends for `get` (server-side printing).
const TABLE_ACCEPT: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const NS: &str = "kterm-bench";
const DEPLOYMENT: &str = "load";
const REPLICAS: usize = 5;
/// Annotation the writer stamps with its send time, microseconds.
const SENT: &str = "bench.kterm.dev/sent-us";
const WRITE_EVERY: Duration = Duration::from_millis(100);

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
pub(super) struct Api {
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
    pub(super) async fn connect(http: &reqwest::Client, origin: &str) -> Result<Self, String> {
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
    pub(super) async fn prepare(&self, http: &reqwest::Client) -> Result<Vec<String>, String> {
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
pub(super) async fn lister(
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
            // Not past the end: the run's length is the measured window.
            tokio::time::sleep_until((Instant::now() + think).min(until)).await;
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

/// Keeps a watch of the bench namespace's pods open until `stop`; says
/// so on `opened` once its first watch is established.
pub(super) async fn watcher(
    api: Arc<Api>,
    http: reqwest::Client,
    opened: mpsc::Sender<()>,
    mut stop: watch::Receiver<bool>,
    timeout_s: u64,
) -> Tally {
    let mut t = Tally::default();
    let mut opened = Some(opened);
    while !*stop.borrow() {
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
        let url = format!(
            "{}/api/v1/namespaces/{NS}/pods?watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds={timeout_s}",
            api.kube
        );
        let sent = http.get(&url).bearer_auth(&api.token).send();
        let mut resp = tokio::select! {
            r = sent => match r {
                Err(e) => {
                    t.error(format!("watch: {e}"));
                    continue;
                }
                Ok(r) if r.status() != 200 => {
                    t.error(format!("watch: HTTP {}", r.status().as_u16()));
                    continue;
                }
                Ok(r) => r,
            },
            _ = stop.changed() => break,
        };
        t.watches += 1;
        if let Some(tx) = opened.take() {
            let _ = tx.send(()).await;
        }
        let mut buf: Vec<u8> = Vec::new();
        loop {
            let chunk = tokio::select! {
                c = resp.chunk() => c,
                _ = stop.changed() => return t,
            };
            match chunk {
                Ok(Some(bytes)) => {
                    let arrived = now_us();
                    buf.extend_from_slice(&bytes);
                    let mut start = 0;
                    while let Some(i) = buf[start..].iter().position(|b| *b == b'\n') {
                        on_event(&mut t, &buf[start..start + i], arrived);
                        start += i + 1;
                    }
                    buf.drain(..start);
                }
                Ok(None) => {
                    t.error("watch: closed by the server before its timeout".into());
                    break;
                }
                Err(e) => {
                    t.error(format!("watch: {e}"));
                    break;
                }
            }
        }
    }
    t
}

/// Stamps the send time onto the bench pods, one patch each tick.
pub(super) async fn writer(
    api: Arc<Api>,
    http: reqwest::Client,
    pods: Vec<String>,
    until: Instant,
) -> Tally {
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

#[cfg(test)]
mod tests {
    use super::*;

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
