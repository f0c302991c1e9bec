//! `ibmcloud ks clusters` / `ks cluster ls`

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::output::{self, Format};
use crate::{api, flags, table};

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse_sets(
        args,
        &[
            &[
                (&["--provider"], true),
                (&["--location"], true),
                (&["-q"], false),
            ],
            &output::FLAGS,
        ],
    )?;
    let format = output::format(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    let mut url = format!("{}/global/v2/getClusters", s.containers_endpoint);
    if let Some(p) = f.value("--provider") {
        url.push_str(&format!("?provider={p}"));
    }
    let v = api::get_json(ctx, &mut s, &url, &[]).await?;
    let clusters: Vec<_> = v
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| f.value("--location").is_none_or(|l| in_location(c, l)))
        // `ks region-set` narrows the list to that region, as it did.
        .filter(|c| {
            s.containers_region.is_empty()
                || c["region"].as_str() == Some(super::regions::alias_of(&s.containers_region))
        })
        .collect();
    if format == Format::Json {
        output::print_json(ctx, &serde_json::Value::Array(clusters));
        return Ok(0);
    }
    if !f.has("-q") {
        crate::colour::ok(ctx);
    }
    let now = ctx.host.now_ms();
    let mut rows = vec![[
        "Name",
        "ID",
        "State",
        "Created",
        "Workers",
        "Location",
        "Version",
        "Resource Group Name",
        "Provider",
    ]
    .map(String::from)
    .to_vec()];
    for c in &clusters {
        let field = |k: &str| kterm_shell::sanitize::field(c[k].as_str().unwrap_or(""));
        let created = c["createdDate"]
            .as_str()
            .and_then(kterm_shell::time::parse_timestamp)
            .map(|t| table::ago(now - t))
            .unwrap_or_default();
        rows.push(vec![
            field("name"),
            field("id"),
            field("state"),
            created,
            c["workerCount"].as_i64().unwrap_or(0).to_string(),
            field("location"),
            field("masterKubeVersion")
                .trim_end_matches("_openshift")
                .to_string(),
            field("resourceGroupName"),
            field("provider"),
        ]);
    }
    if rows.len() == 1 {
        ctx.stdout.line("No clusters were found.");
        return Ok(0);
    }
    table::print(ctx, &rows);
    Ok(0)
}

/// `--location` names a metro (`Dallas`, any case) or a zone (`dal10`).
fn in_location(cluster: &serde_json::Value, location: &str) -> bool {
    let metro = cluster["location"].as_str().unwrap_or("");
    let zones = cluster["workerZones"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    metro.eq_ignore_ascii_case(location)
        || cluster["dataCenter"].as_str() == Some(location)
        || zones.iter().any(|z| z.as_str() == Some(location))
}
