//! `kubectl replace -f FILE [--force]`: PUT each object as written (a
//! `resourceVersion` in the file makes it conditional); `--force` deletes
//! and creates instead.

use kterm_shell::Ctx;
use serde_json::json;

use crate::cli::Invocation;
use crate::discovery;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::manifest;
use crate::mutate::{self, DryRun};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::FORCE,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::SAVE_CONFIG,
    flags::VALIDATE,
    flags::FIELD_MANAGER,
    flags::GRACE_PERIOD,
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("replace", args, FLAGS)?;
    let out = f.value("output").unwrap_or("").to_string();
    mutate::check_output(&out)?;
    let dry = DryRun::from_flags(&f)?;
    let validation = mutate::validation(&f)?;
    let files = f.values("filename");
    if files.is_empty() {
        return Err(KubeError::Client("must specify one of -f and -k".into()));
    }
    let t = inv.target(ctx).await?;
    let docs = manifest::load(ctx, &files, f.has("recursive"))?;
    if docs.is_empty() {
        return Err(KubeError::Client("no objects passed to replace".into()));
    }
    let all = discovery::resources(ctx, &t).await?;
    let manager = f
        .value("field-manager")
        .unwrap_or("kubectl-replace")
        .to_string();
    let mut errors = Vec::new();
    for doc in docs {
        let Some(r) = manifest::mapping(&all, &doc.obj).cloned() else {
            errors.push(manifest::no_mapping(&doc, ""));
            continue;
        };
        let mut obj = doc.obj.clone();
        if f.has("save-config") {
            obj = super::apply::with_last_applied(&obj);
        }
        let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
        let ns = if r.namespaced {
            let ns = mutate::namespace_of(&obj, &f, &t)?;
            obj["metadata"]["namespace"] = json!(ns);
            ns
        } else {
            String::new()
        };
        let path = mutate::item_path(&r, &ns, &name);
        let what = format!("{} {name}", r.name);
        let q = mutate::write_query(&manager, dry, Some(validation));
        let prefix = format!("error when replacing \"{}\": ", doc.source);
        let result = if dry == DryRun::Client {
            Ok(obj.clone())
        } else if f.has("force") {
            let deleted = mutate::call(ctx, &t, "DELETE", &path, "application/json", Some(&json!({"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"})), &what).await;
            match deleted {
                Ok(_) | Err(KubeError::Status { code: 404, .. }) => {
                    let text = if r.namespaced {
                        format!("{} \"{name}\" deleted from {ns} namespace", r.kind_prefix())
                    } else {
                        format!("{} \"{name}\" deleted", r.kind_prefix())
                    };
                    ctx.stdout.line(&kterm_shell::sanitize::text(&text));
                    if let Some(m) = obj["metadata"].as_object_mut() {
                        m.remove("resourceVersion");
                    }
                    mutate::call(
                        ctx,
                        &t,
                        "POST",
                        &format!("{}{q}", r.collection(Some(&ns))),
                        "application/json",
                        Some(&obj),
                        &what,
                    )
                    .await
                }
                Err(e) => Err(e),
            }
        } else {
            mutate::call(
                ctx,
                &t,
                "PUT",
                &format!("{path}{q}"),
                "application/json",
                Some(&obj),
                &what,
            )
            .await
        };
        match result {
            Ok(v) => mutate::print(ctx, &out, &r, &v, &name, "replaced", dry),
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(mutate::context(e, &prefix)),
        }
    }
    mutate::finish(ctx, errors)
}
