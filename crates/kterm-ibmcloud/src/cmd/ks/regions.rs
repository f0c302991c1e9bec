//! `ibmcloud ks regions` (the 2018 docs' step 3): the Kubernetes Service's
//! regions and the IBM Cloud region each stands for, from `GET /v1/regions`.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::error::IbmError;
use crate::output::{self, Format};
use crate::session::Session;
use crate::{api, flags, table};

/// The service's former region names and the IBM Cloud regions they are;
/// the others are spelled the same both ways.
const FORMER: &[(&str, &str)] = &[
    ("ap-north", "jp-tok"),
    ("ap-south", "au-syd"),
    ("eu-central", "eu-de"),
    ("uk-south", "eu-gb"),
];

/// The IBM Cloud region a service region stands for.
pub fn alias_of(name: &str) -> &str {
    FORMER
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| *a)
        .unwrap_or(name)
}

/// The service region an IBM Cloud region belongs to.
pub fn name_of(alias: &str) -> &str {
    FORMER
        .iter()
        .find(|(_, a)| *a == alias)
        .map(|(n, _)| *n)
        .unwrap_or(alias)
}

/// The regions the service lists: its JSON, and (name, alias) pairs.
pub async fn fetch(
    ctx: &mut Ctx<'_>,
    s: &mut Session,
) -> Result<(Value, Vec<(String, String)>), IbmError> {
    let url = format!("{}/v1/regions", s.containers_endpoint);
    let v = api::get_json(ctx, s, &url, &[]).await?;
    let pairs = v["regions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let f = |k: &str| kterm_shell::sanitize::field(r[k].as_str().unwrap_or(""));
            (f("name"), f("alias"))
        })
        .collect();
    Ok((v, pairs))
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse_sets(args, &[&output::FLAGS])?;
    let format = output::format(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    let (v, pairs) = fetch(ctx, &mut s).await?;
    if format == Format::Json {
        output::print_json(ctx, &v["regions"]);
        return Ok(0);
    }
    crate::colour::ok(ctx);
    let mut rows = vec![vec!["Region Name".to_string(), "Region Alias".to_string()]];
    rows.extend(pairs.into_iter().map(|(n, a)| vec![n, a]));
    table::print(ctx, &rows);
    Ok(0)
}
