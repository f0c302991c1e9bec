//! `kubectl patch TYPE NAME | TYPE/NAME | -f FILE -p PATCH | --patch-file
//! FILE [--type strategic|merge|json]`: the patch may be YAML or JSON; it
//! prints `patched`, or `patched (no change)` when the object is as it was.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::mutate::{self, DryRun};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    Flag::value("patch", Some('p'), "The patch (JSON or YAML)"),
    Flag::value("patch-file", None, "File holding the patch"),
    flags::TYPE,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::FIELD_MANAGER,
    flags::SUBRESOURCE,
    flags::LOCAL,
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("patch", args, FLAGS)?;
    let out = f.value("output").unwrap_or("").to_string();
    mutate::check_output(&out)?;
    let dry = DryRun::from_flags(&f)?;
    let content_type = match f.value("type").unwrap_or("strategic") {
        "strategic" => "application/strategic-merge-patch+json",
        "merge" => "application/merge-patch+json",
        "json" => "application/json-patch+json",
        other => {
            return Err(KubeError::Client(format!(
                "--type must be one of [json merge strategic], not \"{other}\""
            )))
        }
    };
    let text = match (f.value("patch"), f.value("patch-file")) {
        (Some(_), Some(_)) => {
            return Err(KubeError::Client(
                "cannot specify --patch and --patch-file together".into(),
            ))
        }
        (Some(p), None) => p.to_string(),
        (None, Some(file)) => {
            let path = kterm_shell::fs::resolve(&ctx.sh.cwd, file);
            let bytes = ctx.sh.fs.read(&path).map_err(|_| {
                KubeError::Client(format!(
                    "unable to read patch file: open {file}: no such file or directory"
                ))
            })?;
            String::from_utf8_lossy(bytes).into_owned()
        }
        (None, None) => {
            return Err(KubeError::Client(
                "must specify --patch or --patch-file containing the contents of the patch".into(),
            ))
        }
    };
    if text.is_empty() {
        return Err(KubeError::Client(
            "must specify --patch or --patch-file containing the contents of the patch".into(),
        ));
    }
    // kubectl sends a patch that starts as JSON does as it is (the server
    // judges it), and turns any other into JSON as YAML.
    let body: Vec<u8> = if text.starts_with('{') {
        text.clone().into_bytes()
    } else {
        let patch: Value = kterm_shell::yaml::parse(&text).map_err(|e| {
            KubeError::Client(format!(
                "unable to parse {}: {}",
                crate::go::fmt::quote(&text),
                crate::manifest::go_yaml_error(&text, &e.to_string())
            ))
        })?;
        patch.to_string().into_bytes()
    };
    let t = inv.target(ctx).await?;
    let objs = mutate::objects(ctx, &t, &f, &f.args).await?;
    if objs.is_empty() {
        return Err(KubeError::Client("no objects passed to patch".into()));
    }
    let manager = f.value("field-manager").unwrap_or("kubectl-patch");
    let mut errors = Vec::new();
    for o in objs {
        let sub = f
            .value("subresource")
            .map(|s| format!("/{s}"))
            .unwrap_or_default();
        let path = format!("{}{sub}", o.path());
        let before = match mutate::call(ctx, &t, "GET", &path, "", None, &o.what()).await {
            Ok(v) => v,
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let q = mutate::write_query(manager, dry, None);
        let kind = f.value("type").unwrap_or("strategic");
        let result = if dry == DryRun::Client {
            // kubectl applies the patch itself and sends nothing.
            crate::localpatch::apply(kind, &before, &body)
        } else {
            mutate::call_raw(
                ctx,
                &t,
                "PATCH",
                &format!("{path}{q}"),
                content_type,
                Some(body.clone()),
                &o.what(),
            )
            .await
        };
        match result {
            Ok(after) => {
                // A server dry run keeps the resource version: only the
                // content tells a change.
                let same = after == before
                    || (dry == DryRun::None
                        && after["metadata"]["resourceVersion"]
                            == before["metadata"]["resourceVersion"]);
                let verb = if same {
                    "patched (no change)"
                } else {
                    "patched"
                };
                // kubectl's patch names no dry run in what it prints.
                mutate::print(ctx, &out, &o.r, &after, &o.name, verb, DryRun::None);
            }
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}
