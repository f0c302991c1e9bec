//! `kubectl rollout pause` and `resume` of a deployment.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::history::quoted;
use crate::error::KubeError;
use crate::flags;
use crate::kubeconfig::Target;
use crate::mutate::{self, DryRun, Obj};

pub(super) async fn pause(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
) -> Result<(), KubeError> {
    set(ctx, t, f, o, true).await
}

pub(super) async fn resume(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
) -> Result<(), KubeError> {
    set(ctx, t, f, o, false).await
}

async fn set(
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
    let q = mutate::write_query("kubectl-rollout", dry, None);
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
