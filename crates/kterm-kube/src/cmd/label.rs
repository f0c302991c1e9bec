//! `kubectl label TYPE NAME… key=value… key-… [--overwrite]`, also with
//! `TYPE/NAME`, `-f`, `-l`, `--all`, `--list`. [`run_meta`] is shared with
//! `annotate`: both send a JSON merge patch of the metadata map.

use std::collections::BTreeMap;

use kterm_shell::Ctx;
use serde_json::{json, Map, Value};

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::mutate::{self, DryRun};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::OVERWRITE,
    flags::SELECTOR,
    flags::ALL,
    flags::LIST,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::RESOURCE_VERSION,
    flags::FIELD_MANAGER,
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    run_meta(ctx, inv, args, "label").await
}

/// Changes asked for: key → new value, or None to remove.
type Changes = BTreeMap<String, Option<String>>;

/// Splits resource arguments from `k=v` / `k-` arguments.
fn split(args: &[String], verb: &str) -> Result<(Vec<String>, Changes), KubeError> {
    let mut resources = Vec::new();
    let mut changes = Changes::new();
    for a in args {
        if let Some((k, v)) = a.split_once('=') {
            if changes.insert(k.to_string(), Some(v.to_string())).is_some() {
                return Err(KubeError::Client(format!(
                    "can not both modify and remove {verb} {k} in the same command"
                )));
            }
        } else if let Some(k) = a
            .strip_suffix('-')
            .filter(|k| !k.is_empty() && !a.contains('/'))
        {
            if changes.insert(k.to_string(), None).is_some() {
                return Err(KubeError::Client(format!(
                    "can not both modify and remove {verb} {k} in the same command"
                )));
            }
        } else if changes.is_empty() {
            resources.push(a.clone());
        } else {
            return Err(KubeError::Client(format!(
                "all resources must be specified before {verb} changes: {a}"
            )));
        }
    }
    Ok((resources, changes))
}

pub async fn run_meta(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
    verb: &str,
) -> Result<i32, KubeError> {
    let f = flags::parse(verb, args, FLAGS)?;
    let out = f.value("output").unwrap_or("").to_string();
    mutate::check_output(&out)?;
    let dry = DryRun::from_flags(&f)?;
    let field = if verb == "label" {
        "labels"
    } else {
        "annotations"
    };
    let (resources, changes) = split(&f.args, verb)?;
    if changes.is_empty() && !f.has("list") {
        return Err(KubeError::Client(format!(
            "at least one {verb} update is required"
        )));
    }
    let t = inv.target(ctx).await?;
    let objs = mutate::objects(ctx, &t, &f, &resources).await?;
    let manager = f
        .value("field-manager")
        .unwrap_or(if verb == "label" {
            "kubectl-label"
        } else {
            "kubectl-annotate"
        })
        .to_string();
    let mut errors = Vec::new();
    for o in objs {
        let current = match mutate::call(ctx, &t, "GET", &o.path(), "", None, &o.what()).await {
            Ok(v) => v,
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let existing: Map<String, Value> = current["metadata"][field]
            .as_object()
            .cloned()
            .unwrap_or_default();
        if f.has("list") {
            let mut keys: Vec<_> = existing.iter().collect();
            kterm_shell::sort::sort_by(&mut keys, |a, b| a.0.cmp(b.0));
            for (k, v) in keys {
                ctx.stdout.line(&kterm_shell::sanitize::text(&format!(
                    "{k}={}",
                    v.as_str().unwrap_or("")
                )));
            }
            continue;
        }
        let mut patch_map = Map::new();
        let mut refused = None;
        for (k, v) in &changes {
            match v {
                Some(v) => {
                    if let Some(old) = existing.get(k).and_then(Value::as_str) {
                        if old != v && !f.has("overwrite") {
                            // kubectl words the two verbs' refusals differently.
                            let text = if verb == "annotate" {
                                format!("--overwrite is false but found the following declared annotation(s): '{k}' already has a value ({old})")
                            } else {
                                format!(
                                    "'{k}' already has a value ({old}), and --overwrite is false"
                                )
                            };
                            refused = Some(KubeError::Client(text));
                            break;
                        }
                        if old == v {
                            continue;
                        }
                    }
                    patch_map.insert(k.clone(), json!(v));
                }
                None => {
                    if existing.contains_key(k) {
                        patch_map.insert(k.clone(), Value::Null);
                    } else if verb == "label" {
                        ctx.stdout.line(&format!("label \"{k}\" not found."));
                    }
                }
            }
        }
        if let Some(e) = refused {
            errors.push(e);
            continue;
        }
        let past = if verb == "label" {
            "labeled"
        } else {
            "annotated"
        };
        if patch_map.is_empty() {
            let word = if verb == "label" { "not labeled" } else { past };
            mutate::print(ctx, &out, &o.r, &current, &o.name, word, dry);
            continue;
        }
        let only_removals = patch_map.values().all(Value::is_null);
        let mut patch = json!({"metadata": {field: Value::Object(patch_map)}});
        if let Some(rv) = f.value("resource-version") {
            patch["metadata"]["resourceVersion"] = json!(rv);
        }
        let q = mutate::write_query(&manager, dry, None);
        let result = if dry == DryRun::Client {
            Ok(current.clone())
        } else {
            o.patch(ctx, &t, &q, "application/merge-patch+json", &patch)
                .await
        };
        match result {
            Ok(after) => {
                let word = if verb == "label" && only_removals {
                    "unlabeled"
                } else {
                    past
                };
                mutate::print(ctx, &out, &o.r, &after, &o.name, word, dry);
            }
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_split() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (r, c) = split(&s(&["pod", "web", "a=1", "b-"]), "label").unwrap();
        assert_eq!(r, ["pod", "web"]);
        assert_eq!(c.get("a"), Some(&Some("1".to_string())));
        assert_eq!(c.get("b"), Some(&None));
        let (r, _) = split(&s(&["deploy/web", "tier=front"]), "label").unwrap();
        assert_eq!(r, ["deploy/web"]);
        assert!(split(&s(&["pod", "a=1", "web"]), "label").is_err());
    }
}
