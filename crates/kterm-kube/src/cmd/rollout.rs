//! `kubectl rollout status|history|restart|undo|pause|resume`, for
//! deployments (status, restart and undo also for daemonsets and
//! statefulsets). `status` lives in rollout_status.rs, `history` in
//! rollout_history.rs.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::kubeconfig::Target;
use crate::mutate::{self, DryRun, Obj, LAST_APPLIED};

use super::rollout_history::{history, quoted, revisions, template_of, REVISION};

/// The subcommands, for Tab and the read-only policy.
pub(crate) const SUBCOMMANDS: &[&str] =
    &["history", "pause", "restart", "resume", "status", "undo"];

/// Every subcommand's flags, for Tab.
pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::SELECTOR,
    flags::TIMEOUT,
    flags::WATCH,
    flags::OUTPUT,
    flags::DRY_RUN,
    Flag::value("revision", None, "The revision to show or go back to"),
    Flag::value(
        "to-revision",
        None,
        "The revision to roll back to (0: the one before)",
    ),
];

/// Each subcommand's flags, as kubectl has them (`restart` has no
/// `--dry-run`, only `undo` has `--to-revision`).
fn spec(sub: &str) -> &'static [Flag] {
    const COMMON: [Flag; 3] = [flags::FILENAME, flags::RECURSIVE, flags::SELECTOR];
    const STATUS: &[Flag] = &[
        COMMON[0],
        COMMON[1],
        COMMON[2],
        flags::TIMEOUT,
        flags::WATCH,
        Flag::value("revision", None, "The revision to show or go back to"),
    ];
    const HISTORY: &[Flag] = &[
        COMMON[0],
        COMMON[1],
        COMMON[2],
        Flag::value("revision", None, "The revision to show or go back to"),
        flags::OUTPUT,
    ];
    const UNDO: &[Flag] = &[
        COMMON[0],
        COMMON[1],
        COMMON[2],
        Flag::value(
            "to-revision",
            None,
            "The revision to roll back to (0: the one before)",
        ),
        flags::OUTPUT,
        flags::DRY_RUN,
    ];
    const OTHERS: &[Flag] = &[
        COMMON[0],
        COMMON[1],
        COMMON[2],
        flags::OUTPUT,
        flags::FIELD_MANAGER,
    ];
    match sub {
        "status" => STATUS,
        "history" => HISTORY,
        "undo" => UNDO,
        _ => OTHERS,
    }
}

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

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let Some(sub) = args.first().map(String::as_str) else {
        ctx.stdout.write_str(USAGE);
        return Ok(1);
    };
    if !SUBCOMMANDS.contains(&sub) {
        return Err(KubeError::Client(format!(
            "unknown command \"{}\"\nSee 'kubectl rollout -h' for help and examples",
            args.join(" ")
        )));
    }
    let f = flags::parse(&format!("rollout {sub}"), &args[1..], spec(sub))?;
    if f.args.is_empty() && f.values("filename").is_empty() {
        return Err(KubeError::Client("required resource not specified".into()));
    }
    let t = inv.target(ctx).await?;
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
            "status" => super::rollout_status::status(ctx, &t, &f, &o).await,
            "history" => history(ctx, &t, &f, &o).await,
            "restart" => restart(ctx, &t, &f, &o).await,
            "undo" => undo(ctx, &t, &f, &o).await,
            _ => pause(ctx, &t, &f, &o, sub == "pause").await,
        };
        match r {
            Ok(()) => {}
            // kubectl's interrupt handler ends a watching `status` with 1.
            Err(KubeError::Cancelled) if sub == "status" => return Ok(1),
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
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
    crate::go::time::format_rfc3339(ms.div_euclid(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_stamps() {
        assert_eq!(rfc3339(1_767_225_600_000), "2026-01-01T00:00:00Z");
    }
}
