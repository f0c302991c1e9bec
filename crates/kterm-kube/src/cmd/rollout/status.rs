//! `kubectl rollout status` for deployments, daemonsets and statefulsets.
//! As kubectl does: after getting the object, one watch on its collection
//! with `fieldSelector=metadata.name=X` (the watch-list form client-go
//! 1.37's informers use: the current object first, then a bookmark ending
//! the initial events), printing the state in kubectl's words at every
//! ADDED or MODIFIED event until the rollout is done. `--watch=false`
//! prints the first state only; `--timeout` bounds the wait (0: none);
//! Ctrl-C ends it with status 1. A watch the server closes is resumed
//! from the last version seen, as the informer does.
//!
//! The texts read only the API contract (generation,
//! status.observedGeneration, the replica counts, conditions), which the
//! sandbox's controllers keep.

use std::future::Future;
use std::pin::{pin, Pin};

use futures::future::{select, Either};
use kterm_shell::Ctx;
use serde_json::Value;

use crate::api;
use crate::error::KubeError;
use crate::flags;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::mutate::{self, Obj};

use super::history::REVISION;

/// The watch's own timeout (client-go picks 5 to 10 minutes at random);
/// when the server closes the watch it is opened again.
const WATCH_TIMEOUT_S: u64 = 300;

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or(0)
}

/// The kinds kubectl has a status viewer for.
fn viewable(kind: &str) -> bool {
    matches!(kind, "Deployment" | "DaemonSet" | "StatefulSet")
}

/// One look at a rollout: the message kubectl prints (without its
/// newline) and whether it is done. `revision` > 0 pins a deployment's
/// revision (`--revision`).
pub fn status_text(obj: &Value, revision: i64) -> Result<(String, bool), KubeError> {
    let name = obj["metadata"]["name"].as_str().unwrap_or("");
    let generation = int(&obj["metadata"]["generation"]);
    let s = &obj["status"];
    let observed = int(&s["observedGeneration"]);
    match obj["kind"].as_str().unwrap_or("") {
        "Deployment" => deployment(obj, name, revision, generation, observed),
        "DaemonSet" | "StatefulSet" if obj["spec"]["updateStrategy"]["type"] != "RollingUpdate" => {
            Err(KubeError::Client(
                "rollout status is only available for RollingUpdate strategy type".into(),
            ))
        }
        "DaemonSet" => {
            if generation > observed {
                return Ok((
                    "Waiting for daemon set spec update to be observed...".into(),
                    false,
                ));
            }
            let desired = int(&s["desiredNumberScheduled"]);
            let updated = int(&s["updatedNumberScheduled"]);
            let available = int(&s["numberAvailable"]);
            if updated < desired {
                return Ok((format!("Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated..."), false));
            }
            if available < desired {
                return Ok((format!("Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available..."), false));
            }
            Ok((
                format!("daemon set \"{name}\" successfully rolled out"),
                true,
            ))
        }
        "StatefulSet" => statefulset(obj, generation, observed),
        kind => Err(KubeError::Client(format!(
            "no status viewer has been implemented for {kind}"
        ))),
    }
}

fn deployment(
    obj: &Value,
    name: &str,
    revision: i64,
    generation: i64,
    observed: i64,
) -> Result<(String, bool), KubeError> {
    let s = &obj["status"];
    if revision > 0 {
        let running = match obj["metadata"]["annotations"][REVISION].as_str() {
            None => 0,
            Some(v) => v.parse::<i64>().map_err(|_| {
                KubeError::Client(format!(
                    "cannot get the revision of deployment \"{name}\": strconv.ParseInt: parsing \"{v}\": invalid syntax"
                ))
            })?,
        };
        if running != revision {
            return Err(KubeError::Client(format!(
                "desired revision ({revision}) is different from the running revision ({running})"
            )));
        }
    }
    if generation > observed {
        return Ok((
            "Waiting for deployment spec update to be observed...".into(),
            false,
        ));
    }
    let timed_out = s["conditions"].as_array().is_some_and(|cs| {
        cs.iter()
            .any(|c| c["type"] == "Progressing" && c["reason"] == "ProgressDeadlineExceeded")
    });
    if timed_out {
        return Err(KubeError::Client(format!(
            "deployment \"{name}\" exceeded its progress deadline"
        )));
    }
    let desired = obj["spec"]["replicas"].as_i64().unwrap_or(1);
    let (updated, total, available) = (
        int(&s["updatedReplicas"]),
        int(&s["replicas"]),
        int(&s["availableReplicas"]),
    );
    let w = |m: String| {
        Ok((
            format!("Waiting for deployment \"{name}\" rollout to finish: {m}"),
            false,
        ))
    };
    if updated < desired {
        return w(format!(
            "{updated} out of {desired} new replicas have been updated..."
        ));
    }
    if total > updated {
        return w(format!(
            "{} old replicas are pending termination...",
            total - updated
        ));
    }
    if available < updated {
        return w(format!(
            "{available} of {updated} updated replicas are available..."
        ));
    }
    Ok((
        format!("deployment \"{name}\" successfully rolled out"),
        true,
    ))
}

fn statefulset(obj: &Value, generation: i64, observed: i64) -> Result<(String, bool), KubeError> {
    let s = &obj["status"];
    if observed == 0 || generation > observed {
        return Ok((
            "Waiting for statefulset spec update to be observed...".into(),
            false,
        ));
    }
    let desired = obj["spec"]["replicas"].as_i64().unwrap_or(1);
    let ready = int(&s["readyReplicas"]);
    if ready < desired {
        return Ok((
            format!("Waiting for {} pods to be ready...", desired - ready),
            false,
        ));
    }
    let rolling = &obj["spec"]["updateStrategy"]["rollingUpdate"];
    if rolling.is_object() {
        let updated = int(&s["updatedReplicas"]);
        if let Some(p) = rolling["partition"].as_i64() {
            if updated < desired - p {
                return Ok((format!("Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...", desired - p), false));
            }
        }
        return Ok((
            format!("partitioned roll out complete: {updated} new pods have been updated..."),
            true,
        ));
    }
    let (cur, upd) = (
        s["currentRevision"].as_str().unwrap_or(""),
        s["updateRevision"].as_str().unwrap_or(""),
    );
    if cur != upd {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {upd}...",
                int(&s["updatedReplicas"])
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {cur}...",
            int(&s["currentReplicas"])
        ),
        true,
    ))
}

/// The watch's query: the watch-list form first, then a plain resume
/// from the last version seen.
fn watch_query(name: &str, resume_from: Option<&str>) -> String {
    let field = format!(
        "fieldSelector={}",
        query_escape(&format!("metadata.name={name}"))
    );
    match resume_from {
        None => format!("allowWatchBookmarks=true&{field}&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds={WATCH_TIMEOUT_S}&watch=true"),
        Some(rv) => format!("allowWatchBookmarks=true&{field}&resourceVersion={}&timeoutSeconds={WATCH_TIMEOUT_S}&watch=true", query_escape(rv)),
    }
}

/// What ended the wait for the next event.
enum Wake {
    Event(Option<Value>),
    TimedOut,
}

pub async fn status(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
) -> Result<(), KubeError> {
    let timeout_ms = match f.value("timeout") {
        None => None,
        Some(s) => match mutate::duration_ms(s) {
            Some(0) => None,
            Some(ms) => Some(ms),
            None => {
                return Err(KubeError::Client(format!(
                "invalid argument \"{s}\" for \"--timeout\" flag: time: invalid duration \"{s}\"\nSee 'kubectl rollout status --help' for usage."
            )))
            }
        },
    };
    let revision: i64 = match f.value("revision") {
        None => 0,
        Some(s) => s.parse().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{s}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{s}\": invalid syntax\nSee 'kubectl rollout status --help' for usage."
            ))
        })?,
    };
    if revision < 0 {
        return Err(KubeError::Client(format!(
            "revision must be a positive integer: {revision}"
        )));
    }
    let watch = !ctx
        .args
        .iter()
        .any(|a| a == "--watch=false" || a == "-w=false");
    // kubectl's builder gets the object (NotFound comes from there), then
    // picks a status viewer by kind.
    mutate::call(ctx, t, "GET", &o.path(), "", None, &o.what()).await?;
    if !viewable(&o.r.kind) {
        return Err(KubeError::Client(format!(
            "no status viewer has been implemented for {}",
            o.r.kind
        )));
    }
    let collection = o.r.collection(Some(&o.ns));
    let host = ctx.host;
    // The timeout runs from the first state printed (the initial events
    // arrive at once; a terminal's clock may jump).
    let mut timer: Option<Pin<Box<dyn Future<Output = ()> + '_>>> = None;
    let mut last_rv: Option<String> = None;
    loop {
        let path = format!("{collection}?{}", watch_query(&o.name, last_rv.as_deref()));
        let req = api::request(t, "GET", &path);
        let resp = api::open(ctx, t, req, "watch", &o.r.name).await?;
        let mut events = api::Events::new(resp);
        loop {
            let wake = match timer.as_mut() {
                None => Wake::Event(events.next(ctx).await?),
                Some(tm) => match select(pin!(events.next(ctx)), tm.as_mut()).await {
                    Either::Left((ev, _)) => Wake::Event(ev?),
                    Either::Right(_) => Wake::TimedOut,
                },
            };
            let ev = match wake {
                Wake::TimedOut => {
                    return Err(KubeError::Client(
                        "timed out waiting for the condition".into(),
                    ))
                }
                // The server closed the watch: open it again.
                Wake::Event(None) => break,
                Wake::Event(Some(ev)) => ev,
            };
            let obj = &ev["object"];
            if let Some(rv) = obj["metadata"]["resourceVersion"].as_str() {
                last_rv = Some(rv.to_string());
            }
            match ev["type"].as_str().unwrap_or("") {
                "ADDED" | "MODIFIED" => {
                    let (text, done) = status_text(obj, revision)?;
                    ctx.stdout.line(&kterm_shell::sanitize::text(&text));
                    if done || !watch {
                        return Ok(());
                    }
                    if timer.is_none() {
                        if let Some(ms) = timeout_ms {
                            timer = Some(Box::pin(host.sleep_ms(ms)));
                        }
                    }
                }
                "DELETED" => return Err(KubeError::Client("object has been deleted".into())),
                "BOOKMARK" => {}
                // An expired version: start over with the current object.
                "ERROR" => {
                    last_rv = None;
                    break;
                }
                other => {
                    return Err(KubeError::Client(format!(
                        "internal error: unexpected event {other}"
                    )))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dep(gen: i64, status: Value) -> Value {
        json!({"kind": "Deployment", "metadata": {"name": "web", "generation": gen, "annotations": {REVISION: "2"}}, "spec": {"replicas": 3}, "status": status})
    }

    #[test]
    fn deployment_status_texts() {
        let cases = [
            (dep(2, json!({"observedGeneration": 1})), "Waiting for deployment spec update to be observed...", false),
            (dep(2, json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 1})), "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...", false),
            (dep(2, json!({"observedGeneration": 2, "replicas": 4, "updatedReplicas": 3})), "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...", false),
            (dep(2, json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 1})), "Waiting for deployment \"web\" rollout to finish: 1 of 3 updated replicas are available...", false),
            (dep(2, json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 3})), "deployment \"web\" successfully rolled out", true),
        ];
        for (obj, text, done) in cases {
            assert_eq!(status_text(&obj, 0).unwrap(), (text.to_string(), done));
            assert_eq!(status_text(&obj, 2).unwrap(), (text.to_string(), done));
        }
        let stuck = dep(
            1,
            json!({"observedGeneration": 1, "conditions": [{"type": "Progressing", "reason": "ProgressDeadlineExceeded"}]}),
        );
        assert_eq!(
            status_text(&stuck, 0),
            Err(KubeError::Client(
                "deployment \"web\" exceeded its progress deadline".into()
            ))
        );
        assert_eq!(
            status_text(&stuck, 3),
            Err(KubeError::Client(
                "desired revision (3) is different from the running revision (2)".into()
            ))
        );
    }

    #[test]
    fn watch_queries() {
        assert_eq!(
            watch_query("web", None),
            "allowWatchBookmarks=true&fieldSelector=metadata.name%3Dweb&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=300&watch=true"
        );
        assert_eq!(
            watch_query("web", Some("42")),
            "allowWatchBookmarks=true&fieldSelector=metadata.name%3Dweb&resourceVersion=42&timeoutSeconds=300&watch=true"
        );
    }
}
