//! `ibmcloud ks workers --cluster NAME` / `ks worker ls`

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::output::{self, Format};
use crate::{api, flags, table};

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse_sets(
        args,
        &[
            &[
                (&["-c", "--cluster"], true),
                (&["--worker-pool"], true),
                (&["--show-deleted"], false),
                (&["-q"], false),
            ],
            &output::FLAGS,
        ],
    )?;
    let format = output::format(&f)?;
    let cluster = super::cluster_arg(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    let base = s.containers_endpoint.clone();
    let c = api::get_json(
        ctx,
        &mut s,
        &format!("{base}/global/v2/getCluster?cluster={cluster}"),
        &[],
    )
    .await?;
    let vpc = c["provider"].as_str().is_some_and(|p| p.starts_with("vpc"));
    let field = |v: &serde_json::Value| kterm_shell::sanitize::field(v.as_str().unwrap_or("-"));
    let mut rows;
    if vpc {
        let list = api::get_json(
            ctx,
            &mut s,
            &format!("{base}/global/v2/vpc/getWorkers?cluster={cluster}&showDeleted=false"),
            &[],
        )
        .await?;
        if format == Format::Json {
            output::print_json(ctx, &list);
            return Ok(0);
        }
        rows = vec![[
            "ID",
            "Primary IP",
            "Flavor",
            "State",
            "Status",
            "Zone",
            "Version",
        ]
        .map(String::from)
        .to_vec()];
        for w in list.as_array().cloned().unwrap_or_default() {
            rows.push(vec![
                field(&w["id"]),
                field(&w["networkInterfaces"][0]["ipAddress"]),
                field(&w["flavor"]),
                field(&w["health"]["state"]),
                field(&w["health"]["message"]),
                field(&w["location"]),
                field(&w["kubeVersion"]["actual"]),
            ]);
        }
    } else {
        let list = api::get_json(
            ctx,
            &mut s,
            &format!("{base}/global/v1/clusters/{cluster}/workers"),
            &[],
        )
        .await?;
        if format == Format::Json {
            output::print_json(ctx, &list);
            return Ok(0);
        }
        rows = vec![[
            "ID",
            "Public IP",
            "Private IP",
            "Flavor",
            "State",
            "Status",
            "Zone",
            "Version",
        ]
        .map(String::from)
        .to_vec()];
        for w in list.as_array().cloned().unwrap_or_default() {
            rows.push(vec![
                field(&w["id"]),
                field(&w["publicIP"]),
                field(&w["privateIP"]),
                field(&w["machineType"]),
                field(&w["state"]),
                field(&w["status"]),
                field(&w["location"]),
                field(&w["kubeVersion"]),
            ]);
        }
    }
    if !f.has("-q") {
        crate::colour::ok(ctx);
    }
    table::print(ctx, &rows);
    Ok(0)
}

/// `ibmcloud ks versions`
pub async fn versions(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse_sets(args, &[&[(&["--show-version"], true)], &output::FLAGS])?;
    let format = output::format(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    let url = format!("{}/global/v1/versions", s.containers_endpoint);
    let v = api::get_json(ctx, &mut s, &url, &[]).await?;
    if format == Format::Json {
        output::print_json(ctx, &v);
        return Ok(0);
    }
    crate::colour::ok(ctx);
    for (title, key, suffix) in [
        ("Kubernetes Versions", "kubernetes", ""),
        ("OpenShift Versions", "openshift", ""),
    ] {
        ctx.stdout.line(title);
        for ver in v[key].as_array().cloned().unwrap_or_default() {
            let d = if ver["default"].as_bool() == Some(true) {
                " (default)"
            } else {
                ""
            };
            ctx.stdout.line(&format!(
                "{}.{}.{}{suffix}{d}",
                ver["major"], ver["minor"], ver["patch"]
            ));
        }
        if key == "kubernetes" {
            ctx.stdout.line("");
        }
    }
    Ok(0)
}

/// `ibmcloud ks zones` / `ks locations`
pub async fn zones(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse_sets(
        args,
        &[
            &[(&["--provider"], true), (&["--location"], true)],
            &output::FLAGS,
        ],
    )?;
    let format = output::format(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    let url = format!("{}/global/v1/zones", s.containers_endpoint);
    let v = api::get_json(ctx, &mut s, &url, &[]).await?;
    let provider = f.value("--provider").unwrap_or("classic");
    let zones: Vec<_> = v
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|z| {
            let is_vpc = z["id"].as_str().unwrap_or("").contains('-');
            (provider.starts_with("vpc") && is_vpc) || (provider == "classic" && !is_vpc)
        })
        .collect();
    if format == Format::Json {
        output::print_json(ctx, &serde_json::Value::Array(zones));
        return Ok(0);
    }
    crate::colour::ok(ctx);
    for z in &zones {
        ctx.stdout.line(&kterm_shell::sanitize::field(
            z["id"].as_str().unwrap_or(""),
        ));
    }
    Ok(0)
}
