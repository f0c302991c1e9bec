//! `kubectl cordon|uncordon NODE… [-l SELECTOR] [--dry-run]`: a
//! strategic merge patch of `spec.unschedulable`, as kubectl's cordon
//! helper makes it. All nodes are fetched first (a missing one ends the
//! command); then each is changed, or said to be already so. A failed
//! patch is reported and the others go on (kubectl exits 0 then).

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::mutate::{self, DryRun};

pub(crate) const FLAGS: &[Flag] = &[flags::DRY_RUN, flags::SELECTOR];

/// The nodes named, or selected by `-l`.
pub(super) async fn nodes(
    ctx: &Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
) -> Result<Vec<Value>, KubeError> {
    if let Some(sel) = f.value("selector") {
        let list = mutate::call(
            ctx,
            t,
            "GET",
            &format!("/api/v1/nodes?labelSelector={}", query_escape(sel)),
            "",
            None,
            "nodes",
        )
        .await?;
        return Ok(list["items"].as_array().cloned().unwrap_or_default());
    }
    let mut out = Vec::new();
    for name in &f.args {
        let path = format!("/api/v1/nodes/{}", query_escape(name));
        out.push(mutate::call(ctx, t, "GET", &path, "", None, &format!("nodes {name}")).await?);
    }
    Ok(out)
}

/// A server error as Go prints it, without kubectl's prefixes.
pub(super) fn go_text(e: &KubeError) -> String {
    match e {
        KubeError::Status { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

pub(super) fn node_name(node: &Value) -> String {
    kterm_shell::sanitize::field(node["metadata"]["name"].as_str().unwrap_or(""))
}

/// Cordons (`desired`) or uncordons one node and prints the outcome.
pub(super) async fn cordon_one(
    ctx: &mut Ctx<'_>,
    t: &Target,
    node: &Value,
    desired: bool,
    dry: DryRun,
) -> Result<(), KubeError> {
    let name = node["metadata"]["name"].as_str().unwrap_or("");
    let shown = node_name(node);
    let verb = if desired { "cordon" } else { "uncordon" };
    if (node["spec"]["unschedulable"] == true) == desired {
        ctx.stdout
            .line(&format!("node/{shown} already {verb}ed{}", dry.suffix()));
        return Ok(());
    }
    if dry != DryRun::Client {
        // `false` is Go's zero value, left out of the new object: the
        // two-way patch deletes the field.
        let value = if desired { json!(true) } else { Value::Null };
        let q = if dry == DryRun::Server {
            "?dryRun=All"
        } else {
            ""
        };
        let path = format!("/api/v1/nodes/{}{q}", query_escape(name));
        let patch = json!({"spec": {"unschedulable": value}});
        let r = mutate::call(
            ctx,
            t,
            "PATCH",
            &path,
            "application/strategic-merge-patch+json",
            Some(&patch),
            &format!("nodes {name}"),
        )
        .await;
        match r {
            Ok(_) => {}
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => {
                ctx.stderr.line(&kterm_shell::sanitize::text(&format!(
                    "error: unable to {verb} node \"{name}\": {}",
                    go_text(&e)
                )));
                return Ok(());
            }
        }
    }
    ctx.stdout
        .line(&format!("node/{shown} {verb}ed{}", dry.suffix()));
    Ok(())
}

/// The usage error of cordon, uncordon and drain without a node.
pub(super) fn usage(verb: &str) -> KubeError {
    KubeError::Client(format!(
        "USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"
    ))
}

pub async fn cordon(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    run(ctx, inv, args, true).await
}

pub async fn uncordon(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    run(ctx, inv, args, false).await
}

async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
    desired: bool,
) -> Result<i32, KubeError> {
    let verb = if desired { "cordon" } else { "uncordon" };
    let f = flags::parse(verb, args, FLAGS)?;
    if f.args.is_empty() && f.value("selector").is_none() {
        return Err(usage(verb));
    }
    let dry = DryRun::from_flags(&f)?;
    let t = inv.target(ctx).await?;
    for node in nodes(ctx, &t, &f).await? {
        cordon_one(ctx, &t, &node, desired, dry).await?;
    }
    Ok(0)
}
