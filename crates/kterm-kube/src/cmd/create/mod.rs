//! `kubectl create -f FILE` and the generators, one file each, listed in
//! `GENERATORS`: `create namespace`, `deployment NAME --image=…
//! [--replicas=N] [--port=P]`, `configmap NAME --from-literal=k=v
//! --from-file=[key=]path`, `secret generic NAME --from-literal=k=v
//! --from-file=…`, `serviceaccount NAME`.

mod configmap;
mod deployment;
mod namespace;
mod secret;
mod serviceaccount;
mod sources;

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::kubeconfig::Target;
use crate::manifest;
use crate::mutate::{self, DryRun};
use crate::{cmd::apply::with_last_applied, flags};

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
    let Some(g) = GENERATORS
        .iter()
        .find(|g| g.name == kind || g.aliases.contains(&kind.as_str()))
    else {
        return Err(KubeError::Client(format!(
            "unknown command \"{kind}\" for \"kubectl create\"\nSee 'kubectl create -h' for help and examples"
        )));
    };
    let generated = (g.build)(ctx, &f, rest)?;
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

/// Builds the object a generator makes from the words after its name.
type Build = fn(&Ctx<'_>, &flags::Parsed, &[String]) -> Result<Value, KubeError>;

/// One generator (`create deployment …`): its name, its short names and
/// the object it builds. Adding one: a file with its `GENERATOR`, and a
/// line here.
pub(crate) struct Generator {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub build: Build,
}

const GENERATORS: &[Generator] = &[
    configmap::GENERATOR,
    deployment::GENERATOR,
    namespace::GENERATOR,
    secret::GENERATOR,
    serviceaccount::GENERATOR,
];

/// The generators' names (what Tab offers after `create`).
pub(crate) const NAMES: [&str; GENERATORS.len()] = crate::cli::names_of!(GENERATORS);

/// The one NAME a generator takes, then the object `build` makes of it.
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
