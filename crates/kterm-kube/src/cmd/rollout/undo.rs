//! `kubectl rollout undo [--to-revision=N]`: the workload's template set
//! back to a revision's, as kubectl's rollbackers do.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::history::{revisions, template_of, REVISION};
use crate::error::KubeError;
use crate::flags;
use crate::kubeconfig::Target;
use crate::mutate::{self, DryRun, Obj, LAST_APPLIED};

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

pub(super) async fn undo(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
) -> Result<(), KubeError> {
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
        let text = super::history::pod_template(template_of(&target.1));
        ctx.stdout.write_str(&kterm_shell::sanitize::text(&format!(
            "{} {text} (dry run)\n",
            mutate::name_of(&o.r, &o.name)
        )));
        return Ok(());
    }
    let q = mutate::write_query("kubectl-rollout", dry, None);
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
