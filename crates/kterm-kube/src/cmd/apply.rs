//! `kubectl apply -f FILE|DIR|-`: client-side apply (GET, then create
//! with the last-applied annotation or a three-way strategic merge patch)
//! or `--server-side` (an apply patch the server merges), with
//! `--dry-run=client|server` and `-o name|yaml|json`.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::kubeconfig::Target;
use crate::manifest::{self, Doc};
use crate::mutate::{self, DryRun, LAST_APPLIED};
use crate::{flags, go, merge};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    Flag::value(
        "kustomize",
        Some('k'),
        "Kustomization directory (not available here)",
    ),
    flags::RECURSIVE,
    flags::OUTPUT,
    flags::DRY_RUN,
    Flag::switch(
        "server-side",
        None,
        "Apply on the server (server-side apply)",
    ),
    Flag::switch(
        "force-conflicts",
        None,
        "Take over fields other managers own",
    ),
    flags::FIELD_MANAGER,
    flags::VALIDATE,
    flags::OVERWRITE,
    Flag::switch(
        "record",
        None,
        "Record the command in the object's annotation (deprecated)",
    ),
];

/// kubectl's guidance after a server-side apply conflict.
const CONFLICT_HELP: &str =
    "Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts";

struct Opts {
    out: String,
    dry: DryRun,
    server_side: bool,
    force: bool,
    manager: Option<String>,
    /// `--validate` as the server's fieldValidation.
    validation: &'static str,
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("apply", args, FLAGS)?;
    let files = f.values("filename");
    if f.has("kustomize") {
        return Err(KubeError::Client(
            "kustomize is not available in this terminal; build the manifests elsewhere and apply them with -f".into(),
        ));
    }
    if files.is_empty() {
        return Err(KubeError::Client("must specify one of -f and -k".into()));
    }
    let o = Opts {
        out: f.value("output").unwrap_or("").to_string(),
        dry: DryRun::from_flags(&f)?,
        server_side: f.has("server-side"),
        force: f.has("force-conflicts"),
        manager: f.value("field-manager").map(str::to_string),
        validation: mutate::validation(&f)?,
    };
    mutate::check_output(&o.out)?;
    if o.server_side && o.dry == DryRun::Client {
        return Err(KubeError::Client(
            "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)"
                .into(),
        ));
    }
    if o.force && !o.server_side {
        return Err(KubeError::Client(
            "--force-conflicts only works with --server-side".into(),
        ));
    }
    let t = inv.target(ctx).await?;
    let docs = manifest::load(ctx, &files, f.has("recursive"))?;
    if docs.is_empty() {
        return Err(KubeError::Client("no objects passed to apply".into()));
    }
    let all = discovery::resources(ctx, &t).await?;
    let mut errors = Vec::new();
    for doc in docs {
        let r = match manifest::mapping(&all, &doc.obj) {
            Some(r) => r.clone(),
            None => {
                let ns = doc.obj["metadata"]["namespace"].as_str().unwrap_or("");
                errors.push(manifest::no_mapping(&doc, ns));
                continue;
            }
        };
        let result = apply_one(ctx, &t, &f, &o, &r, doc).await;
        match result {
            Ok(()) => {}
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}

/// The configuration with the last-applied annotation kubectl stores:
/// the object itself without that annotation, as compact sorted JSON
/// ending in a newline.
pub fn with_last_applied(obj: &Value) -> Value {
    let mut bare = obj.clone();
    let mut annotations = bare["metadata"]["annotations"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    annotations.remove(LAST_APPLIED);
    bare["metadata"]["annotations"] = Value::Object(annotations.clone());
    let text = format!("{}\n", go::json::marshal(&bare));
    annotations.insert(LAST_APPLIED.into(), json!(text));
    let mut out = obj.clone();
    out["metadata"]["annotations"] = Value::Object(annotations);
    out
}

async fn apply_one(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Opts,
    r: &ApiResource,
    doc: Doc,
) -> Result<(), KubeError> {
    let mut obj = doc.obj.clone();
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    if name.is_empty() {
        return Err(KubeError::Client(format!(
            "error when retrieving current configuration of:\nResource: \"{}\", GroupVersionKind: \"{}\"\nName: \"\", Namespace: \"{}\"\nfrom server for: \"{}\": resource name may not be empty",
            resource_text(r), gvk_text(r), t.namespace, doc.source
        )));
    }
    let ns = if r.namespaced {
        let ns = mutate::namespace_of(&obj, f, t)?;
        obj["metadata"]["namespace"] = json!(ns);
        ns
    } else {
        String::new()
    };
    let path = mutate::item_path(r, &ns, &name);
    let what = format!("{} {name}", r.name);
    if o.server_side {
        let manager = o.manager.as_deref().unwrap_or("kubectl");
        let q = mutate::query(&[
            ("dryRun", (o.dry == DryRun::Server).then_some("All")),
            ("fieldManager", Some(manager)),
            ("fieldValidation", Some(o.validation)),
            ("force", Some(if o.force { "true" } else { "false" })),
        ]);
        let result = mutate::call(
            ctx,
            t,
            "PATCH",
            &format!("{path}{q}"),
            "application/apply-patch+yaml",
            Some(&obj),
            &what,
        )
        .await
        .map_err(|e| match e {
            KubeError::Status {
                code: 409, message, ..
            } if message.starts_with("Apply failed") => {
                KubeError::Client(format!("{message}\n{CONFLICT_HELP}"))
            }
            other => other,
        })?;
        mutate::print(ctx, &o.out, r, &result, &name, "serverside-applied", o.dry);
        return Ok(());
    }
    let manager = o.manager.as_deref().unwrap_or("kubectl-client-side-apply");
    let modified = with_last_applied(&obj);
    let current = match mutate::call(ctx, t, "GET", &path, "", None, &what).await {
        Ok(v) => Some(v),
        Err(KubeError::Status { code: 404, .. }) => None,
        Err(e) => {
            return Err(mutate::context(
                e,
                &format!(
                    "error when retrieving current configuration of:\nResource: \"{}\", GroupVersionKind: \"{}\"\nName: \"{name}\", Namespace: \"{ns}\"\nfrom server for: \"{}\": ",
                    resource_text(r),
                    gvk_text(r),
                    doc.source
                ),
            ))
        }
    };
    let Some(current) = current else {
        let created = if o.dry == DryRun::Client {
            modified
        } else {
            let q = mutate::write_query(manager, o.dry, Some(o.validation));
            mutate::call(
                ctx,
                t,
                "POST",
                &format!("{}{q}", r.collection(Some(&ns))),
                "application/json",
                Some(&modified),
                &what,
            )
            .await
            .map_err(|e| mutate::context(e, &format!("error when creating \"{}\": ", doc.source)))?
        };
        mutate::print(ctx, &o.out, r, &created, &name, "created", o.dry);
        return Ok(());
    };
    let original: Option<Value> = current["metadata"]["annotations"][LAST_APPLIED]
        .as_str()
        .and_then(|s| serde_json::from_slice(s.as_bytes()).ok());
    if original.is_none() {
        ctx.stderr.line(&format!(
            "Warning: resource {}/{name} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
            r.name
        ));
    }
    let patch = merge::three_way(original.as_ref(), &modified, &current);
    if patch.as_object().is_some_and(|m| m.is_empty()) {
        mutate::print(ctx, &o.out, r, &current, &name, "unchanged", o.dry);
        return Ok(());
    }
    let result = if o.dry == DryRun::Client {
        modified
    } else {
        let q = mutate::write_query(manager, o.dry, Some(o.validation));
        mutate::call(
            ctx,
            t,
            "PATCH",
            &format!("{path}{q}"),
            "application/strategic-merge-patch+json",
            Some(&patch),
            &what,
        )
        .await
        .map_err(|e| {
            mutate::context(
                e,
                &format!(
                    "error when applying patch:\n{}\nto:\nResource: \"{}\", GroupVersionKind: \"{}\"\nName: \"{name}\", Namespace: \"{ns}\"\nfor: \"{}\": error when patching \"{}\": ",
                    go::json::marshal(&patch),
                    resource_text(r),
                    gvk_text(r),
                    doc.source,
                    doc.source
                ),
            )
        })?
    };
    mutate::print(ctx, &o.out, r, &result, &name, "configured", o.dry);
    Ok(())
}

/// `apps/v1, Resource=deployments`, as kubectl names a resource in errors.
fn resource_text(r: &ApiResource) -> String {
    format!("{}, Resource={}", group_version(r), r.name)
}

/// `apps/v1, Kind=Deployment`.
fn gvk_text(r: &ApiResource) -> String {
    format!("{}, Kind={}", group_version(r), r.kind)
}

fn group_version(r: &ApiResource) -> String {
    if r.group.is_empty() {
        format!("/{}", r.version)
    } else {
        format!("{}/{}", r.group, r.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_applied_annotation() {
        let obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "default", "annotations": {"note": "<x>"}}, "data": {"k": "v"}});
        let m = with_last_applied(&obj);
        assert_eq!(
            m["metadata"]["annotations"][LAST_APPLIED],
            "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"v\"},\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{\"note\":\"\\u003cx\\u003e\"},\"name\":\"a\",\"namespace\":\"default\"}}\n"
        );
        assert_eq!(m["metadata"]["annotations"]["note"], "<x>");
        let bare = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}});
        assert_eq!(
            with_last_applied(&bare)["metadata"]["annotations"][LAST_APPLIED],
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"annotations\":{},\"name\":\"n\"}}\n"
        );
    }
}
