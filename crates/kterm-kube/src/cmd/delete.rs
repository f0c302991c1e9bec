//! `kubectl delete` of objects named by `-f`, `TYPE NAME…`, `TYPE/NAME…`,
//! `TYPE -l SELECTOR` or `TYPE --all`, with `--now`, `--grace-period`,
//! `--ignore-not-found`, `--dry-run`, `-o name`, and `--wait` (the
//! default): poll until each object is gone, bounded by `--timeout`.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::manifest;
use crate::mutate::{self, DryRun};
use crate::{flags, kubeconfig::Target};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::SELECTOR,
    flags::FIELD_SELECTOR,
    flags::ALL,
    flags::ALL_NAMESPACES,
    Flag::switch("now", None, "Delete at once (grace period of 1 second)"),
    flags::FORCE,
    flags::GRACE_PERIOD,
    Flag::switch(
        "wait",
        None,
        "Wait until the resources are gone before returning",
    ),
    flags::TIMEOUT,
    flags::IGNORE_NOT_FOUND,
    flags::OUTPUT,
    flags::DRY_RUN,
    Flag::value(
        "cascade",
        None,
        "How dependents are deleted: background, foreground or orphan",
    ),
];

const NO_TARGETS: &str = "You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'";

/// How long `--wait` waits when `--timeout` is not given (kubectl waits
/// without end; a terminal tab should not).
const DEFAULT_WAIT_MS: u64 = 60_000;

struct Victim {
    r: ApiResource,
    ns: String,
    name: String,
    /// The file it was named in (`-f`), which kubectl names in errors.
    source: Option<String>,
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("delete", args, FLAGS)?;
    let out = f.value("output").unwrap_or("").to_string();
    if !matches!(out.as_str(), "" | "name") {
        return Err(KubeError::Client(format!(
            "unable to match a printer suitable for the output format \"{out}\", allowed formats are: name"
        )));
    }
    let dry = DryRun::from_flags(&f)?;
    let files = f.values("filename");
    let (pairs, lone) = mutate::targets(&f.args)?;
    if files.is_empty() && pairs.is_empty() && lone.is_none() {
        return Err(KubeError::Client(NO_TARGETS.into()));
    }
    let mut grace: Option<i64> = match f.value("grace-period") {
        None => None,
        Some(g) => Some(g.parse().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{g}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{g}\": invalid syntax\nSee 'kubectl delete --help' for usage."
            ))
        })?),
    };
    if f.has("now") {
        if grace.is_some() {
            return Err(KubeError::Client(
                "--now and --grace-period cannot be specified together".into(),
            ));
        }
        grace = Some(1);
    }
    if f.has("force") && grace.is_none_or(|g| g <= 0) {
        ctx.stderr.line("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
        grace = Some(0);
    }
    let timeout = match f.value("timeout") {
        None => DEFAULT_WAIT_MS,
        Some(s) => mutate::duration_ms(s).ok_or_else(|| {
            KubeError::Client(format!(
                "invalid argument \"{s}\" for \"--timeout\" flag: time: invalid duration \"{s}\""
            ))
        })?,
    };
    let wait = !args.iter().any(|a| a == "--wait=false") && dry == DryRun::None;
    let t = inv.target(ctx).await?;
    let all = discovery::resources(ctx, &t).await?;
    let mut errors = Vec::new();
    let mut victims = Vec::new();
    if !files.is_empty() {
        for doc in manifest::load(ctx, &files, f.has("recursive"))? {
            let Some(r) = manifest::mapping(&all, &doc.obj).cloned() else {
                errors.push(manifest::no_mapping(&doc, ""));
                continue;
            };
            let ns = if r.namespaced {
                mutate::namespace_of(&doc.obj, &f, &t)?
            } else {
                String::new()
            };
            let name = doc.obj["metadata"]["name"]
                .as_str()
                .unwrap_or("")
                .to_string();
            let source = Some(doc.source.clone());
            victims.push(Victim {
                r,
                ns,
                name,
                source,
            });
        }
    } else if let Some(ty) = lone {
        if f.value("selector").is_none() && f.value("field-selector").is_none() && !f.has("all") {
            return Err(KubeError::Client(
                "resource(s) were provided, but no name was specified".into(),
            ));
        }
        for ty in ty.split(',') {
            let r = find(&all, ty)?;
            victims.extend(listed(ctx, &t, &f, &r).await?);
        }
        if victims.is_empty() && !f.has("ignore-not-found") {
            // Unlike get, delete says this on stdout and names no namespace.
            ctx.stdout.line("No resources found");
        }
    } else {
        for (ty, name) in pairs {
            let r = find(&all, &ty)?;
            let ns = if r.namespaced {
                t.namespace.clone()
            } else {
                String::new()
            };
            victims.push(Victim {
                r,
                ns,
                name,
                source: None,
            });
        }
    }
    let mut gone = Vec::new();
    for v in victims {
        let mut body = json!({"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": match f.value("cascade") { Some("orphan") => "Orphan", Some("foreground") => "Foreground", _ => "Background" }});
        if let Some(g) = grace {
            body["gracePeriodSeconds"] = json!(g);
        }
        if dry == DryRun::Server {
            body["dryRun"] = json!(["All"]);
        }
        let path = mutate::item_path(&v.r, &v.ns, &v.name);
        let q = mutate::query(&[("dryRun", (dry == DryRun::Server).then_some("All"))]);
        let result = if dry == DryRun::Client {
            mutate::call(
                ctx,
                &t,
                "GET",
                &path,
                "",
                None,
                &format!("{} {}", v.r.name, v.name),
            )
            .await
        } else {
            mutate::call(
                ctx,
                &t,
                "DELETE",
                &format!("{path}{q}"),
                "application/json",
                Some(&body),
                &format!("{} {}", v.r.name, v.name),
            )
            .await
        };
        match result {
            Ok(_) => {
                let text = if out == "name" {
                    format!("{}{}", mutate::name_of(&v.r, &v.name), dry.suffix())
                } else if v.r.namespaced {
                    format!(
                        "{} \"{}\" deleted from {} namespace{}",
                        v.r.kind_prefix(),
                        v.name,
                        v.ns,
                        dry.suffix()
                    )
                } else {
                    format!(
                        "{} \"{}\" deleted{}",
                        v.r.kind_prefix(),
                        v.name,
                        dry.suffix()
                    )
                };
                ctx.stdout.line(&kterm_shell::sanitize::text(&text));
                gone.push(v);
            }
            Err(KubeError::Status { code: 404, .. }) if f.has("ignore-not-found") => {}
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(match &v.source {
                Some(src) => mutate::context(e, &format!("error when deleting \"{src}\": ")),
                None => e,
            }),
        }
    }
    if wait && grace != Some(0) {
        wait_gone(ctx, &t, &gone, timeout).await?;
    }
    mutate::finish(ctx, errors)
}

fn find(all: &[ApiResource], ty: &str) -> Result<ApiResource, KubeError> {
    discovery::find(all, ty).cloned().ok_or_else(|| {
        KubeError::Client(format!("the server doesn't have a resource type \"{ty}\""))
    })
}

/// The objects of one type a selector or `--all` matches.
async fn listed(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    r: &ApiResource,
) -> Result<Vec<Victim>, KubeError> {
    let ns = (r.namespaced && !f.has("all-namespaces")).then_some(t.namespace.as_str());
    let q = mutate::query(&[
        ("labelSelector", f.value("selector")),
        ("fieldSelector", f.value("field-selector")),
    ]);
    let list = mutate::call(
        ctx,
        t,
        "GET",
        &format!("{}{q}", r.collection(ns)),
        "",
        None,
        &r.name,
    )
    .await?;
    Ok(list["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|o: &Value| Victim {
            r: r.clone(),
            ns: o["metadata"]["namespace"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            name: o["metadata"]["name"].as_str().unwrap_or("").to_string(),
            source: None,
        })
        .collect())
}

/// Polls until every deleted object is gone (finalizers and grace periods
/// can keep one a while), or the timeout passes.
async fn wait_gone(
    ctx: &mut Ctx<'_>,
    t: &Target,
    gone: &[Victim],
    timeout_ms: u64,
) -> Result<(), KubeError> {
    let start = ctx.host.now_ms();
    for v in gone {
        let path = mutate::item_path(&v.r, &v.ns, &v.name);
        loop {
            match mutate::call(ctx, t, "GET", &path, "", None, &v.name).await {
                Err(KubeError::Status { code: 404, .. }) => break,
                Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
                Err(e) => return Err(e),
                Ok(_) => {}
            }
            if (ctx.host.now_ms() - start) as u64 >= timeout_ms {
                return Err(KubeError::Client(format!(
                    "timed out waiting for the condition on {}/{}",
                    v.r.name, v.name
                )));
            }
            mutate::pause(ctx, 500).await?;
        }
    }
    Ok(())
}
