//! `kubectl create job NAME --image=IMAGE [-- COMMAND ARGS…]` and `create
//! job NAME --from=cronjob/CRONJOB` (a job from the cron job's template,
//! as the CronJob controller would start it).

use kterm_shell::Ctx;
use serde_json::{json, Map, Value};

use super::{Generator, Made};
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::{self, Flag, Parsed};
use crate::kubeconfig::Target;
use crate::mutate;

pub(super) const FROM: Flag = Flag::value(
    "from",
    None,
    "The name of the resource to create a Job from (only CronJob is supported).",
);

pub(super) const GENERATOR: Generator = Generator::new(
    "job",
    "failed to create job: ",
    |_, i| {
        let image = i.f.value("image").unwrap_or("");
        let from = i.f.value("from").unwrap_or("");
        if image.is_empty() == from.is_empty() {
            return Err(KubeError::Client(
                "either --image or --from must be specified".into(),
            ));
        }
        if !i.command.is_empty() && !from.is_empty() {
            return Err(KubeError::Client(
                "cannot specify --from and command".into(),
            ));
        }
        if !from.is_empty() {
            return Ok(Made::JobFrom(from.to_string()));
        }
        let mut container = json!({"name": i.name, "image": image});
        if !i.command.is_empty() {
            container["command"] = json!(i.command);
        }
        container["resources"] = json!({});
        Ok(Made::Object(json!({
            "kind": "Job", "apiVersion": "batch/v1",
            "metadata": {"name": i.name},
            "spec": {"template": {"metadata": {}, "spec": {"containers": [container], "restartPolicy": "Never"}}},
            "status": {},
        })))
    },
)
.flags(&[flags::IMAGE, FROM])
.about(
    "Create a job with the specified name",
    "job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...]",
);

/// The job `--from=cronjob/NAME` makes: the cron job's job template, its
/// labels and annotations, owned by the cron job.
pub(super) async fn from_cronjob(
    ctx: &mut Ctx<'_>,
    t: &Target,
    all: &[ApiResource],
    f: &Parsed,
    name: &str,
    from: &str,
) -> Result<Value, KubeError> {
    let (ty, cj) = from.split_once('/').unwrap_or((from, ""));
    let Some(r) = discovery::find(all, ty) else {
        return Err(KubeError::Client(format!(
            "the server doesn't have a resource type \"{ty}\""
        )));
    };
    if cj.is_empty() {
        return Err(KubeError::Client(
            "resource(s) were provided, but no name was specified".into(),
        ));
    }
    let ns = f.value("namespace").unwrap_or(&t.namespace).to_string();
    let obj = mutate::call(
        ctx,
        t,
        "GET",
        &mutate::item_path(r, &ns, cj),
        "",
        None,
        &format!("{} {cj}", r.name),
    )
    .await?;
    if r.kind != "CronJob" {
        return Err(KubeError::Client(format!(
            "unknown object type *{}.{}",
            r.version, r.kind
        )));
    }
    let template = &obj["spec"]["jobTemplate"];
    let mut annotations = Map::new();
    annotations.insert("cronjob.kubernetes.io/instantiate".into(), json!("manual"));
    if let Some(a) = template["metadata"]["annotations"].as_object() {
        annotations.extend(a.clone());
    }
    let mut meta = Map::new();
    meta.insert("name".into(), json!(name));
    if let Some(l) = template["metadata"]["labels"].as_object() {
        meta.insert("labels".into(), Value::Object(super::sorted(l.clone())));
    }
    meta.insert(
        "annotations".into(),
        Value::Object(super::sorted(annotations)),
    );
    meta.insert(
        "ownerReferences".into(),
        json!([{"apiVersion": "batch/v1", "kind": "CronJob", "name": obj["metadata"]["name"], "uid": obj["metadata"]["uid"], "controller": true}]),
    );
    Ok(json!({
        "kind": "Job", "apiVersion": "batch/v1",
        "metadata": meta,
        "spec": template["spec"].clone(),
        "status": {},
    }))
}
