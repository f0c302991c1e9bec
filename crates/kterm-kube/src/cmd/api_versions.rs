//! `kubectl api-versions`: every group version the server offers
//! (`/api` and `/apis`), sorted, one per line.

use kterm_shell::Ctx;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::{api, flags};

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    flags::parse("api-versions", args, &[])?;
    let t = inv.target(ctx).await?;
    let wrap = |e: KubeError| match e {
        KubeError::Status { message, .. } => KubeError::Client(format!(
            "couldn't get available api versions from server: {message}"
        )),
        other => other,
    };
    let core = api::get_json(ctx, &t, api::request(&t, "GET", "/api"), "get", "")
        .await
        .map_err(wrap)?;
    let groups = api::get_json(ctx, &t, api::request(&t, "GET", "/apis"), "get", "")
        .await
        .map_err(wrap)?;
    let mut versions: Vec<String> = core["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    for g in groups["groups"].as_array().into_iter().flatten() {
        for v in g["versions"].as_array().into_iter().flatten() {
            if let Some(gv) = v["groupVersion"].as_str() {
                versions.push(gv.to_string());
            }
        }
    }
    kterm_shell::sort::sort(&mut versions);
    for v in versions {
        ctx.stdout.line(&kterm_shell::sanitize::field(&v));
    }
    Ok(0)
}
