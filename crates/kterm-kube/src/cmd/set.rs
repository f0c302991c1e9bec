//! `kubectl set image (TYPE NAME | TYPE/NAME | -f FILE) CONTAINER=IMAGE…`
//! (`*=IMAGE` for every container), as a strategic merge patch of the pod
//! template's containers; prints `deployment.apps/web image updated`.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::mutate::{self, DryRun};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::SELECTOR,
    flags::ALL,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::FIELD_MANAGER,
    flags::LOCAL,
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    match args.first().map(String::as_str) {
        Some("image") => image(ctx, inv, &args[1..]).await,
        Some(other) if !other.starts_with('-') => Err(KubeError::Client(format!(
            "unknown command \"{other}\" for \"kubectl set\"\nSee 'kubectl set -h' for help and examples"
        ))),
        _ => Err(KubeError::Client(
            "the set subcommands this terminal has are: image\nSee 'kubectl set -h' for help and examples".into(),
        )),
    }
}

/// Where an object keeps its pod spec.
fn pod_spec_path(kind: &str) -> &'static [&'static str] {
    match kind {
        "Pod" => &["spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => &["spec", "template", "spec"],
    }
}

async fn image(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let f = flags::parse("set image", args, FLAGS)?;
    let out = f.value("output").unwrap_or("").to_string();
    mutate::check_output(&out)?;
    let dry = DryRun::from_flags(&f)?;
    let (resources, pairs): (Vec<String>, Vec<String>) =
        f.args.iter().cloned().partition(|a| !a.contains('='));
    // kubectl finds the objects before it looks at the updates.
    let t = inv.target(ctx).await?;
    let mut found = Vec::new();
    for o in mutate::objects(ctx, &t, &f, &resources).await? {
        let current = mutate::call(ctx, &t, "GET", &o.path(), "", None, &o.what()).await?;
        found.push((o, current));
    }
    if pairs.is_empty() {
        return Err(KubeError::Client(
            "at least one image update is required".into(),
        ));
    }
    let mut wanted = Vec::new();
    for p in &pairs {
        let (c, img) = p.split_once('=').unwrap_or((p, ""));
        if c.is_empty() || img.is_empty() {
            return Err(KubeError::Client(format!("invalid image update: {p}")));
        }
        wanted.push((c.to_string(), img.to_string()));
    }
    let manager = f
        .value("field-manager")
        .unwrap_or("kubectl-set")
        .to_string();
    let mut errors = Vec::new();
    for (o, current) in found {
        let kind = current["kind"].as_str().unwrap_or("").to_string();
        let at = pod_spec_path(&kind);
        let mut spec = &current;
        for k in at {
            spec = &spec[*k];
        }
        let mut patch_lists = serde_json::Map::new();
        let mut missing = None;
        for (c, img) in &wanted {
            let mut found = false;
            for list in ["initContainers", "containers"] {
                for cont in spec[list].as_array().cloned().unwrap_or_default() {
                    let name = cont["name"].as_str().unwrap_or("");
                    if c == "*" || c == name {
                        found = true;
                        if cont["image"] != img.as_str() {
                            let entry = patch_lists
                                .entry(list.to_string())
                                .or_insert_with(|| json!([]));
                            if let Some(a) = entry.as_array_mut() {
                                a.push(json!({"name": name, "image": img}));
                            }
                        }
                    }
                }
            }
            if !found {
                missing = Some(c.clone());
                break;
            }
        }
        if let Some(c) = missing {
            errors.push(KubeError::Client(format!(
                "unable to find container named \"{c}\""
            )));
            continue;
        }
        if patch_lists.is_empty() {
            continue;
        }
        let mut patch = Value::Object(patch_lists);
        for k in at.iter().rev() {
            patch = json!({ *k: patch });
        }
        let q = mutate::write_query(&manager, dry, None);
        let result = if dry == DryRun::Client {
            Ok(current.clone())
        } else {
            o.patch(
                ctx,
                &t,
                &q,
                "application/strategic-merge-patch+json",
                &patch,
            )
            .await
        };
        match result {
            Ok(v) => mutate::print(ctx, &out, &o.r, &v, &o.name, "image updated", dry),
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}
