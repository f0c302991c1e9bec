//! `kubectl scale TYPE NAME | TYPE/NAME | -f FILE --replicas=N
//! [--current-replicas=M] [--resource-version=V]` through the `scale`
//! subresource: a merge patch, or GET and PUT when a precondition is given.

use kterm_shell::Ctx;
use serde_json::json;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::mutate::{self, DryRun};

pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    Flag::value("replicas", None, "Number of replicas"),
    Flag::value(
        "current-replicas",
        None,
        "Scale only if the current replicas are this many",
    ),
    flags::RESOURCE_VERSION,
    flags::SELECTOR,
    flags::ALL,
    flags::OUTPUT,
    flags::DRY_RUN,
    flags::TIMEOUT,
];

fn int_flag(f: &flags::Parsed, name: &str) -> Result<Option<i64>, KubeError> {
    match f.value(name) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl scale --help' for usage."
            ))
        }),
    }
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("scale", args, FLAGS)?;
    let out = f.value("output").unwrap_or("").to_string();
    mutate::check_output(&out)?;
    let dry = DryRun::from_flags(&f)?;
    let Some(replicas) = int_flag(&f, "replicas")? else {
        return Err(KubeError::Client(
            "required flag(s) \"replicas\" not set".into(),
        ));
    };
    if replicas < 0 {
        return Err(KubeError::Client(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"
                .into(),
        ));
    }
    let current_replicas = int_flag(&f, "current-replicas")?;
    let t = inv.target(ctx).await?;
    let objs = mutate::objects(ctx, &t, &f, &f.args).await?;
    let mut errors = Vec::new();
    for o in objs {
        // The server says whether the kind has a scale subresource.
        let path = format!("{}/scale", o.path());
        let q = mutate::query(&[("dryRun", (dry == DryRun::Server).then_some("All"))]);
        let result = if current_replicas.is_some()
            || f.value("resource-version").is_some()
            || dry == DryRun::Client
        {
            match mutate::call(ctx, &t, "GET", &path, "", None, &o.what()).await {
                Err(e) => Err(e),
                Ok(mut scale) => {
                    let now = scale["spec"]["replicas"].as_i64().unwrap_or(0);
                    if let Some(want) = current_replicas.filter(|w| *w != now) {
                        Err(KubeError::Client(format!(
                            "Expected replicas to be {want}, was {now}"
                        )))
                    } else if let Some(rv) = f
                        .value("resource-version")
                        .filter(|rv| scale["metadata"]["resourceVersion"] != *rv)
                    {
                        Err(KubeError::Client(format!(
                            "Expected resource version to be {rv}, was {}",
                            scale["metadata"]["resourceVersion"].as_str().unwrap_or("")
                        )))
                    } else if dry == DryRun::Client {
                        Ok(scale)
                    } else {
                        scale["spec"]["replicas"] = json!(replicas);
                        mutate::call(
                            ctx,
                            &t,
                            "PUT",
                            &format!("{path}{q}"),
                            "application/json",
                            Some(&scale),
                            &o.what(),
                        )
                        .await
                    }
                }
            }
        } else {
            let patch = json!({"spec": {"replicas": replicas}});
            mutate::call(
                ctx,
                &t,
                "PATCH",
                &format!("{path}{q}"),
                "application/merge-patch+json",
                Some(&patch),
                &o.what(),
            )
            .await
        };
        match result {
            Ok(scale) => mutate::print(ctx, &out, &o.r, &scale, &o.name, "scaled", dry),
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}
