//! `kubectl rollout status|history|restart|undo|pause|resume`, for
//! deployments (status also for daemonsets and statefulsets). `status`
//! polls the object until the rollout is done, printing each new state in
//! kubectl's words, bounded by `--timeout` and Ctrl-C. It reads only the
//! API contract (generation, status.observedGeneration, updatedReplicas,
//! availableReplicas, conditions), which the sandbox's controllers keep.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::context::Session;
use crate::error::KubeError;
use crate::flags;
use crate::kubeconfig::Target;
use crate::mutate::{self, DryRun, Obj, LAST_APPLIED};

use super::rollout_history::{history, quoted, revisions, template_of, REVISION};

/// Each subcommand's flags, as kubectl has them (`restart` has no
/// `--dry-run`, only `undo` has `--to-revision`).
fn spec(sub: &str) -> &'static [flags::Spec] {
    const COMMON: [flags::Spec; 3] = [
        ("filename", Some('f'), true),
        ("recursive", Some('R'), false),
        ("selector", Some('l'), true),
    ];
    const STATUS: &[flags::Spec] = &[
        COMMON[0],
        COMMON[1],
        COMMON[2],
        ("timeout", None, true),
        ("watch", Some('w'), false),
        ("revision", None, true),
    ];
    const HISTORY: &[flags::Spec] = &[
        COMMON[0],
        COMMON[1],
        COMMON[2],
        ("revision", None, true),
        ("output", Some('o'), true),
    ];
    const UNDO: &[flags::Spec] = &[
        COMMON[0],
        COMMON[1],
        COMMON[2],
        ("to-revision", None, true),
        ("output", Some('o'), true),
        ("dry-run", None, true),
    ];
    const OTHERS: &[flags::Spec] = &[
        COMMON[0],
        COMMON[1],
        COMMON[2],
        ("output", Some('o'), true),
        ("field-manager", None, true),
    ];
    match sub {
        "status" => STATUS,
        "history" => HISTORY,
        "undo" => UNDO,
        _ => OTHERS,
    }
}

/// Without `--timeout` (or with 0) `status` waits, as kubectl does, until
/// the rollout ends, fails its progress deadline, or Ctrl-C.
const DEFAULT_TIMEOUT_MS: u64 = u64::MAX;
const POLL_MS: u64 = 1000;

/// `kubectl rollout` alone: what it can do (kubectl prints its help and
/// exits 1).
const USAGE: &str = "Manage the rollout of deployments, daemonsets and statefulsets.

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]
";

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let Some(sub) = args.first().map(String::as_str) else {
        ctx.stdout.write_str(USAGE);
        return Ok(1);
    };
    if !matches!(
        sub,
        "status" | "history" | "restart" | "undo" | "pause" | "resume"
    ) {
        return Err(KubeError::Client(format!(
            "unknown command \"{}\"\nSee 'kubectl rollout -h' for help and examples",
            args.join(" ")
        )));
    }
    let f = flags::parse(&format!("rollout {sub}"), &args[1..], spec(sub))?;
    if f.args.is_empty() && f.values("filename").is_empty() {
        return Err(KubeError::Client("required resource not specified".into()));
    }
    let t = Session::open(ctx, &f)?.target;
    let objs = mutate::objects(ctx, &t, &f, &f.args).await?;
    if objs.is_empty() {
        // A selector that matched nothing.
        ctx.stderr
            .line(&format!("No resources found in {} namespace.", t.namespace));
        return Ok(0);
    }
    let mut errors = Vec::new();
    for o in objs {
        let r = match sub {
            "status" => status(ctx, &t, &f, &o).await,
            "history" => history(ctx, &t, &f, &o).await,
            "restart" => restart(ctx, &t, &f, &o).await,
            "undo" => undo(ctx, &t, &f, &o).await,
            _ => pause(ctx, &t, &f, &o, sub == "pause").await,
        };
        match r {
            Ok(()) => {}
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or(0)
}

/// One look at a rollout: the message kubectl prints and whether it is done.
pub fn status_text(obj: &Value) -> Result<(String, bool), KubeError> {
    let name = obj["metadata"]["name"].as_str().unwrap_or("");
    let generation = int(&obj["metadata"]["generation"]);
    let s = &obj["status"];
    let observed = int(&s["observedGeneration"]);
    match obj["kind"].as_str().unwrap_or("") {
        "Deployment" => {
            if generation > observed {
                return Ok((
                    "Waiting for deployment spec update to be observed...".into(),
                    false,
                ));
            }
            let timed_out = s["conditions"].as_array().is_some_and(|cs| {
                cs.iter().any(|c| {
                    c["type"] == "Progressing" && c["reason"] == "ProgressDeadlineExceeded"
                })
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
        "StatefulSet" => {
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
                    format!(
                        "partitioned roll out complete: {updated} new pods have been updated..."
                    ),
                    true,
                ));
            }
            let (cur, upd) = (
                s["currentRevision"].as_str().unwrap_or(""),
                s["updateRevision"].as_str().unwrap_or(""),
            );
            if cur != upd {
                return Ok((format!("waiting for statefulset rolling update to complete {} pods at revision {upd}...", int(&s["updatedReplicas"])), false));
            }
            Ok((
                format!(
                    "statefulset rolling update complete {} pods at revision {cur}...",
                    int(&s["currentReplicas"])
                ),
                true,
            ))
        }
        kind => Err(KubeError::Client(format!(
            "no status viewer has been implemented for {kind}"
        ))),
    }
}

async fn status(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
) -> Result<(), KubeError> {
    let timeout = match f.value("timeout") {
        None | Some("0" | "0s") => DEFAULT_TIMEOUT_MS,
        Some(s) => mutate::duration_ms(s).ok_or_else(|| {
            KubeError::Client(format!(
                "invalid argument \"{s}\" for \"--timeout\" flag: time: invalid duration \"{s}\""
            ))
        })?,
    };
    let watch = !ctx
        .args
        .iter()
        .any(|a| a == "--watch=false" || a == "-w=false");
    let start = ctx.host.now_ms();
    // kubectl prints the state at each change its watch sees; polling,
    // this prints it at each new resourceVersion.
    let mut last_rv = String::new();
    loop {
        let obj = mutate::call(ctx, t, "GET", &o.path(), "", None, &o.what()).await?;
        let (text, done) = status_text(&obj)?;
        let rv = obj["metadata"]["resourceVersion"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if rv != last_rv || done {
            ctx.stdout.line(&kterm_shell::sanitize::text(&text));
            last_rv = rv;
        }
        if done || !watch {
            return Ok(());
        }
        if (ctx.host.now_ms() - start) as u64 >= timeout {
            return Err(KubeError::Client(
                "timed out waiting for the condition".into(),
            ));
        }
        mutate::pause(ctx, POLL_MS).await?;
    }
}

async fn restart(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
) -> Result<(), KubeError> {
    if !matches!(
        o.r.kind.as_str(),
        "Deployment" | "DaemonSet" | "StatefulSet"
    ) {
        return Err(KubeError::Client(format!(
            "{} restarting is not supported",
            quoted(o)
        )));
    }
    let dry = DryRun::from_flags(f)?;
    let obj = mutate::call(ctx, t, "GET", &o.path(), "", None, &o.what()).await?;
    if obj["spec"]["paused"] == true {
        return Err(KubeError::Client(format!(
            "{} can't restart paused deployment (run rollout resume first)",
            quoted(o)
        )));
    }
    let now = rfc3339(ctx.host.now_ms());
    let patch = json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": now}}}}});
    let q = mutate::write_query("kubectl-rollout", dry, false);
    if dry != DryRun::Client {
        o.patch(ctx, t, &q, "application/strategic-merge-patch+json", &patch)
            .await?;
    }
    ctx.stdout.line(&format!(
        "{} restarted{}",
        mutate::name_of(&o.r, &o.name),
        dry.suffix()
    ));
    Ok(())
}

async fn pause(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
    paused: bool,
) -> Result<(), KubeError> {
    if o.r.kind != "Deployment" {
        let verb = if paused { "pausing" } else { "resuming" };
        return Err(KubeError::Client(format!(
            "{} {verb} is not supported",
            quoted(o)
        )));
    }
    let dry = DryRun::from_flags(f)?;
    let obj = mutate::call(ctx, t, "GET", &o.path(), "", None, &o.what()).await?;
    if (obj["spec"]["paused"] == true) == paused {
        let state = if paused {
            "already paused"
        } else {
            "not paused"
        };
        return Err(KubeError::Client(format!("{} is {state}", quoted(o))));
    }
    let patch = json!({"spec": {"paused": if paused { json!(true) } else { Value::Null }}});
    let q = mutate::write_query("kubectl-rollout", dry, false);
    if dry != DryRun::Client {
        o.patch(ctx, t, &q, "application/strategic-merge-patch+json", &patch)
            .await?;
    }
    let word = if paused { "paused" } else { "resumed" };
    ctx.stdout.line(&format!(
        "{} {word}{}",
        mutate::name_of(&o.r, &o.name),
        dry.suffix()
    ));
    Ok(())
}

/// Deployment annotations a rollback keeps from the deployment rather
/// than taking from the revision's ReplicaSet (kubectl's list).
const KEEP_ON_ROLLBACK: &[&str] = &[
    LAST_APPLIED,
    REVISION,
    "deployment.kubernetes.io/revision-history",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

async fn undo(ctx: &mut Ctx<'_>, t: &Target, f: &flags::Parsed, o: &Obj) -> Result<(), KubeError> {
    let deployment = o.r.kind == "Deployment";
    if !matches!(
        o.r.kind.as_str(),
        "Deployment" | "DaemonSet" | "StatefulSet"
    ) {
        return Err(KubeError::Client(format!(
            "error retrieving rollbacker for \"{0}\", no visitor method exists for {{{1} {0}}}",
            o.r.kind, o.r.group
        )));
    }
    let dry = DryRun::from_flags(f)?;
    let to: i64 = match f.value("to-revision") {
        None => 0,
        Some(s) => s.parse().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{s}\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"{s}\": invalid syntax"
            ))
        })?,
    };
    let dep = mutate::call(ctx, t, "GET", &o.path(), "", None, &o.what()).await?;
    if dep["metadata"]["annotations"][LAST_APPLIED].is_string() {
        ctx.stderr.line(&format!("Warning: resource {}/{} was previously managed with 'kubectl apply'. Rolling back will not update the {LAST_APPLIED} annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.", o.r.name, o.name));
    }
    let revs = revisions(ctx, t, o, &dep).await?;
    let target = if to == 0 {
        // The newest revision before the current one.
        let current = dep["metadata"]["annotations"][REVISION]
            .as_str()
            .and_then(|v| v.parse::<i64>().ok())
            .or_else(|| revs.last().map(|(r, _)| *r))
            .unwrap_or(0);
        match revs.iter().rev().find(|(r, _)| *r < current) {
            Some(x) => x.clone(),
            None => {
                return Err(KubeError::Client(format!(
                    "no rollout history found for {} \"{}\"",
                    o.r.kind.to_lowercase(),
                    o.name
                )))
            }
        }
    } else {
        match revs.iter().find(|(r, _)| *r == to) {
            Some(x) => x.clone(),
            None => {
                return Err(KubeError::Client(format!(
                    "unable to find specified revision {to} in history"
                )))
            }
        }
    };
    if dep["spec"]["paused"] == true {
        return Err(KubeError::Client(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into(),
        ));
    }
    let without_hash = |tpl: &Value| {
        let mut tpl = tpl.clone();
        if let Some(l) = tpl["metadata"]["labels"].as_object_mut() {
            l.remove("pod-template-hash");
        }
        tpl
    };
    let tpl = without_hash(template_of(&target.1));
    if tpl == without_hash(&dep["spec"]["template"]) {
        ctx.stdout.line(&format!(
            "{} skipped rollback (current template already matches revision {})",
            mutate::name_of(&o.r, &o.name),
            target.0
        ));
        return Ok(());
    }
    let mut annotations = serde_json::Map::new();
    for k in KEEP_ON_ROLLBACK {
        if let Some(v) = dep["metadata"]["annotations"].get(*k) {
            annotations.insert(k.to_string(), v.clone());
        }
    }
    if let Some(m) = target.1["metadata"]["annotations"].as_object() {
        for (k, v) in m {
            if !KEEP_ON_ROLLBACK.contains(&k.as_str()) {
                annotations.insert(k.clone(), v.clone());
            }
        }
    }
    // A deployment gets the ReplicaSet's template; a stateful or daemon
    // set its ControllerRevision's data, which is a strategic merge patch.
    let (patch, ptype) = if deployment {
        let ops = json!([
            {"op": "replace", "path": "/spec/template", "value": tpl},
            {"op": "replace", "path": "/metadata/annotations", "value": annotations},
        ]);
        (ops, "application/json-patch+json")
    } else {
        (
            target.1["data"].clone(),
            "application/strategic-merge-patch+json",
        )
    };
    if dry == DryRun::Client {
        // kubectl shows the template it would restore, hash label and all.
        let text = super::rollout_history::pod_template(template_of(&target.1));
        ctx.stdout.write_str(&kterm_shell::sanitize::text(&format!(
            "{} {text} (dry run)\n",
            mutate::name_of(&o.r, &o.name)
        )));
        return Ok(());
    }
    let q = mutate::write_query("kubectl-rollout", dry, false);
    {
        o.patch(ctx, t, &q, ptype, &patch)
            .await
            .map_err(|e| match e {
                KubeError::Cancelled => e,
                other => KubeError::Client(format!("failed restoring revision {to}: {}", other)),
            })?;
    }
    ctx.stdout.line(&format!(
        "{} rolled back{}",
        mutate::name_of(&o.r, &o.name),
        dry.suffix()
    ));
    Ok(())
}

/// RFC 3339 in UTC, as kubectl stamps `restartedAt`.
fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = kterm_shell::time::civil(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(gen: i64, status: Value) -> Value {
        json!({"kind": "Deployment", "metadata": {"name": "web", "generation": gen}, "spec": {"replicas": 3}, "status": status})
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
            assert_eq!(status_text(&obj).unwrap(), (text.to_string(), done));
        }
        let stuck = dep(
            1,
            json!({"observedGeneration": 1, "conditions": [{"type": "Progressing", "reason": "ProgressDeadlineExceeded"}]}),
        );
        assert_eq!(
            status_text(&stuck),
            Err(KubeError::Client(
                "deployment \"web\" exceeded its progress deadline".into()
            ))
        );
        assert_eq!(rfc3339(1_767_225_600_000), "2026-01-01T00:00:00Z");
    }
}
