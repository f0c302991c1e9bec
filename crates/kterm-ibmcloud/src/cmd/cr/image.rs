//! `ibmcloud cr image-list` (`images`)

use kterm_shell::Ctx;

use super::{call, size};
use crate::error::IbmError;
use crate::{api, flags, table};

pub async fn list(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(
        args,
        &[
            (&["--no-trunc"], false),
            (&["-q", "--quiet"], false),
            (&["--restrict"], true),
            (&["--format"], true),
            (&["--include-ibm"], false),
        ],
    )?;
    let mut s = api::fresh_session(ctx).await?;
    let path = match f.value("--restrict") {
        Some(ns) => format!("/v1/images?namespace={ns}"),
        None => "/v1/images".to_string(),
    };
    if !f.has("-q") {
        ctx.stdout.line("Listing images...");
        ctx.stdout.line("");
    }
    let v = call(ctx, &mut s, "GET", &path, &[]).await?;
    let now_s = ctx.host.now_ms() / 1000;
    let mut rows = vec![[
        "Repository",
        "Tag",
        "Digest",
        "Namespace",
        "Created",
        "Size",
        "Security status",
    ]
    .map(String::from)
    .to_vec()];
    let mut quiet = Vec::new();
    for img in v.as_array().cloned().unwrap_or_default() {
        let digest = img["Id"]
            .as_str()
            .unwrap_or("")
            .trim_start_matches("sha256:")
            .to_string();
        let digest = if f.has("--no-trunc") {
            format!("sha256:{digest}")
        } else {
            digest.chars().take(12).collect()
        };
        for repo_tag in img["RepoTags"].as_array().cloned().unwrap_or_default() {
            let rt = kterm_shell::sanitize::field(repo_tag.as_str().unwrap_or(""));
            let (repo, tag) = rt
                .rsplit_once(':')
                .map(|(r, t)| (r.to_string(), t.to_string()))
                .unwrap_or((rt.clone(), String::new()));
            let ns = repo.split('/').nth(1).unwrap_or("").to_string();
            let issues = img["IssueCount"].as_i64().unwrap_or(0);
            let status = match issues {
                0 => "No Issues".to_string(),
                1 => "1 Issue".to_string(),
                n => format!("{n} Issues"),
            };
            let created = table::ago((now_s - img["Created"].as_i64().unwrap_or(now_s)) * 1000);
            quiet.push(rt.clone());
            rows.push(vec![
                repo,
                tag,
                digest.clone(),
                ns,
                created,
                size(img["Size"].as_i64().unwrap_or(0)),
                status,
            ]);
        }
    }
    if f.has("-q") {
        for q in quiet {
            ctx.stdout.line(&q);
        }
        return Ok(0);
    }
    table::print(ctx, &rows);
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}
