//! `kubectl create -f FILE` and the generators `create namespace`,
//! `deployment NAME --image=… [--replicas=N] [--port=P]`, `configmap NAME
//! --from-literal=k=v --from-file=[key=]path`, `secret generic NAME
//! --from-literal=k=v --from-file=…`, `serviceaccount NAME`.

use base64::Engine;
use kterm_shell::Ctx;
use serde_json::{json, Map, Value};

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::kubeconfig::Target;
use crate::manifest;
use crate::mutate::{self, DryRun};
use crate::{cmd::apply::with_last_applied, flags};

/// The generators `create` has (what Tab offers after it).
pub(crate) const GENERATORS: &[&str] = &[
    "configmap",
    "deployment",
    "namespace",
    "secret",
    "serviceaccount",
];

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::SAVE_CONFIG,
    flags::VALIDATE,
    flags::FIELD_MANAGER,
    flags::IMAGE,
    Flag::value("replicas", Some('r'), "Number of replicas"),
    flags::PORT,
    Flag::value(
        "from-literal",
        None,
        "A key=value pair to store (repeatable)",
    ),
    Flag::value(
        "from-file",
        None,
        "A file to store, under its name or key=path (repeatable)",
    ),
    flags::TYPE,
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("create", args, FLAGS)?;
    let out = f.value("output").unwrap_or("").to_string();
    mutate::check_output(&out)?;
    let dry = DryRun::from_flags(&f)?;
    let files = f.values("filename");
    if !files.is_empty() {
        return from_files(ctx, inv, &f, &files, &out, dry).await;
    }
    let Some(kind) = f.args.first().cloned() else {
        return Err(KubeError::Client("must specify one of -f and -k".into()));
    };
    let rest = &f.args[1..];
    let generated = match kind.as_str() {
        "namespace" | "ns" => with_name(rest, "namespace", |n| {
            Ok(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}, "spec": {}, "status": {}}))
        })?,
        "serviceaccount" | "sa" => with_name(rest, "serviceaccount", |n| {
            Ok(json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": n}}))
        })?,
        "deployment" | "deploy" => with_name(rest, "deployment", |n| deployment(&f, n))?,
        "configmap" | "cm" => {
            let data = sources(ctx, &f, false)?;
            with_name(rest, "configmap", |n| {
                Ok(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n}, "data": data}))
            })?
        }
        "secret" => {
            let Some(("generic", rest)) = rest.split_first().map(|(a, r)| (a.as_str(), r)) else {
                return Err(KubeError::Client(
                    "the secret types this terminal creates are: generic".into(),
                ));
            };
            let data = sources(ctx, &f, true)?;
            let ty = f.value("type").unwrap_or("Opaque").to_string();
            with_name(rest, "secret", |n| {
                Ok(json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": n}, "data": data, "type": ty}))
            })?
        }
        other => {
            return Err(KubeError::Client(format!(
                "unknown command \"{other}\" for \"kubectl create\"\nSee 'kubectl create -h' for help and examples"
            )))
        }
    };
    let t = inv.target(ctx).await?;
    let all = discovery::resources(ctx, &t).await?;
    let doc = manifest::Doc {
        source: String::new(),
        obj: generated,
    };
    let r = manifest::mapping(&all, &doc.obj)
        .cloned()
        .ok_or_else(|| manifest::no_mapping(&doc, &t.namespace))?;
    create_one(ctx, &t, &f, &r, doc, &out, dry).await?;
    Ok(0)
}

fn with_name(
    rest: &[String],
    what: &str,
    build: impl FnOnce(&str) -> Result<Value, KubeError>,
) -> Result<Value, KubeError> {
    match rest {
        [name] => build(name),
        [] => Err(KubeError::Client(format!(
            "exactly one NAME is required, got 0\nSee 'kubectl create {what} -h' for help and examples"
        ))),
        more => Err(KubeError::Client(format!(
            "exactly one NAME is required, got {}\nSee 'kubectl create {what} -h' for help and examples",
            more.len()
        ))),
    }
}

/// The container name kubectl derives from an image reference.
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let base = last.split(['@', ':']).next().unwrap_or(last);
    base.to_string()
}

fn deployment(f: &flags::Parsed, name: &str) -> Result<Value, KubeError> {
    let images = f.values("image");
    if images.is_empty() {
        return Err(KubeError::Client(
            "required flag(s) \"image\" not set".into(),
        ));
    }
    let replicas: i64 = match f.value("replicas") {
        None => 1,
        Some(r) => r.parse().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{r}\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax\nSee 'kubectl create deployment --help' for usage."
            ))
        })?,
    };
    let port = match f.value("port") {
        None => None,
        Some(p) => Some(p.parse::<i64>().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{p}\" for \"--port\" flag: strconv.ParseInt: parsing \"{p}\": invalid syntax\nSee 'kubectl create deployment --help' for usage."
            ))
        })?),
    };
    let containers: Vec<Value> = images
        .iter()
        .map(|img| {
            let mut c = json!({"name": container_name(img), "image": img, "resources": {}});
            if let Some(p) = port {
                c["ports"] = json!([{"containerPort": p}]);
            }
            c
        })
        .collect();
    Ok(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}}, "strategy": {},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": containers}}},
        "status": {},
    }))
}

/// `--from-literal` and `--from-file` as data (base64 for secrets).
fn sources(
    ctx: &Ctx<'_>,
    f: &flags::Parsed,
    secret: bool,
) -> Result<Map<String, Value>, KubeError> {
    let mut data = Map::new();
    let enc = |s: &[u8]| {
        if secret {
            base64::engine::general_purpose::STANDARD.encode(s)
        } else {
            String::from_utf8_lossy(s).into_owned()
        }
    };
    for lit in f.values("from-literal") {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(KubeError::Client(format!(
                "invalid literal source {lit}, expected key=value"
            )));
        };
        if data.contains_key(k) {
            return Err(KubeError::Client(format!(
                "cannot add key \"{k}\", another key by that name already exists in Data for ConfigMap \"\""
            )));
        }
        data.insert(k.to_string(), json!(enc(v.as_bytes())));
    }
    for src in f.values("from-file") {
        let (key, path) = match src.split_once('=') {
            Some((k, p)) => (k.to_string(), p.to_string()),
            None => (
                src.rsplit('/').next().unwrap_or(&src).to_string(),
                src.clone(),
            ),
        };
        let full = kterm_shell::fs::resolve(&ctx.sh.cwd, &path);
        let bytes = ctx.sh.fs.read(&full).map_err(|_| {
            KubeError::Client(format!("error reading {path}: no such file or directory"))
        })?;
        data.insert(key, json!(enc(bytes)));
    }
    Ok(data)
}

async fn from_files(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    f: &flags::Parsed,
    files: &[String],
    out: &str,
    dry: DryRun,
) -> Result<i32, KubeError> {
    let t = inv.target(ctx).await?;
    let docs = manifest::load(ctx, files, f.has("recursive"))?;
    if docs.is_empty() {
        return Err(KubeError::Client("no objects passed to create".into()));
    }
    let all = discovery::resources(ctx, &t).await?;
    let mut errors = Vec::new();
    for doc in docs {
        let Some(r) = manifest::mapping(&all, &doc.obj).cloned() else {
            let ns = doc.obj["metadata"]["namespace"].as_str().unwrap_or("");
            errors.push(manifest::no_mapping(&doc, ns));
            continue;
        };
        match create_one(ctx, &t, f, &r, doc, out, dry).await {
            Ok(()) => {}
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}

async fn create_one(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    r: &ApiResource,
    doc: manifest::Doc,
    out: &str,
    dry: DryRun,
) -> Result<(), KubeError> {
    let mut obj = doc.obj;
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    let ns = if r.namespaced {
        let ns = mutate::namespace_of(&obj, f, t)?;
        if !doc.source.is_empty() {
            obj["metadata"]["namespace"] = json!(ns);
        }
        ns
    } else {
        String::new()
    };
    if f.has("save-config") {
        obj = with_last_applied(&obj);
    }
    let created = if dry == DryRun::Client {
        obj
    } else {
        let manager = f.value("field-manager").unwrap_or("kubectl-create");
        let q = mutate::write_query(manager, dry, true);
        let prefix = if doc.source.is_empty() {
            String::new()
        } else {
            format!("error when creating \"{}\": ", doc.source)
        };
        mutate::call(
            ctx,
            t,
            "POST",
            &format!("{}{q}", r.collection(Some(&ns))),
            "application/json",
            Some(&obj),
            &r.name,
        )
        .await
        .map_err(|e| mutate::context(e, &prefix))?
    };
    mutate::print(ctx, out, r, &created, &name, "created", dry);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names() {
        for (img, want) in [
            ("nginx", "nginx"),
            ("nginx:1.25", "nginx"),
            ("us.icr.io/team/app:v2", "app"),
            ("busybox@sha256:abc", "busybox"),
            ("localhost:5000/x", "x"),
        ] {
            assert_eq!(container_name(img), want, "{img}");
        }
    }
}
