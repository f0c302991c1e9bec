//! `ibmcloud cr namespace-list | namespace-add | namespace-rm`

use kterm_shell::Ctx;

use super::{call, registry};
use crate::cmd::target::find_group;
use crate::error::IbmError;
use crate::{api, flags, table};

pub async fn list(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(args, &[(&["-v", "--verbose"], false)])?;
    let mut s = api::fresh_session(ctx).await?;
    let (_, d) = registry(&s);
    ctx.stdout.line(&format!(
        "Listing namespaces for account '{}' in registry '{d}'...",
        s.account.name
    ));
    ctx.stdout.line("");
    let mut rows;
    if f.has("-v") {
        let v = call(ctx, &mut s, "GET", "/v1/namespaces/details", &[]).await?;
        let groups = crate::cmd::target::list_groups(ctx, &mut s)
            .await
            .unwrap_or_default();
        let now = ctx.host.now_ms();
        rows = vec![vec![
            "Namespace".to_string(),
            "Resource Group".into(),
            "Created".into(),
        ]];
        for n in v.as_array().cloned().unwrap_or_default() {
            let group_id = n["resource_group"].as_str().unwrap_or("");
            let group = groups
                .iter()
                .find(|g| g.guid == group_id)
                .map(|g| g.name.clone())
                .unwrap_or_else(|| "-".into());
            let created = n["created_date"]
                .as_str()
                .and_then(kterm_shell::time::parse_timestamp)
                .map(|t| table::ago(now - t))
                .unwrap_or_default();
            rows.push(vec![
                kterm_shell::sanitize::field(n["name"].as_str().unwrap_or("")),
                group,
                created,
            ]);
        }
    } else {
        let v = call(ctx, &mut s, "GET", "/v1/namespaces", &[]).await?;
        rows = vec![vec!["Namespace".to_string()]];
        rows.extend(
            v.as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|n| vec![kterm_shell::sanitize::field(n.as_str().unwrap_or(""))]),
        );
    }
    table::print(ctx, &rows);
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}

pub async fn add(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(args, &[(&["-g"], true)])?;
    let Some(name) = f.positional.first().cloned() else {
        return Err(IbmError::Usage(
            "'ibmcloud cr namespace-add' needs a namespace name".into(),
        ));
    };
    let mut s = api::fresh_session(ctx).await?;
    let group = match f.value("-g") {
        Some(g) => find_group(ctx, &mut s, Some(g)).await?.unwrap_or_default(),
        None if !s.resource_group.guid.is_empty() => s.resource_group.clone(),
        None => find_group(ctx, &mut s, None).await?.unwrap_or_default(),
    };
    let (_, d) = registry(&s);
    ctx.stdout.line(&format!(
        "Adding namespace '{name}' in resource group '{}' for account {} in registry {d}...",
        group.name, s.account.name
    ));
    ctx.stdout.line("");
    call(
        ctx,
        &mut s,
        "PUT",
        &format!("/v1/namespaces/{name}"),
        &[("X-Auth-Resource-Group", group.guid.clone())],
    )
    .await?;
    ctx.stdout
        .line(&format!("Successfully added namespace '{name}'"));
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}

pub async fn remove(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(args, &[(&["-f", "--force"], false)])?;
    let Some(name) = f.positional.first().cloned() else {
        return Err(IbmError::Usage(
            "'ibmcloud cr namespace-rm' needs a namespace name".into(),
        ));
    };
    let mut s = api::fresh_session(ctx).await?;
    if !f.has("-f") {
        let q = format!("Are you sure you want to remove namespace '{name}'? Any images, including untagged images, in the namespace are deleted. [y/N]> ");
        let q = crate::colour::prompt(ctx, &q);
        let answer = ctx.host.read_line(&q, false).await.unwrap_or_default();
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            return Ok(0);
        }
    }
    ctx.stdout.line(&format!("Removing namespace '{name}'..."));
    ctx.stdout.line("");
    call(
        ctx,
        &mut s,
        "DELETE",
        &format!("/v1/namespaces/{name}"),
        &[],
    )
    .await?;
    ctx.stdout
        .line(&format!("Successfully removed namespace '{name}'."));
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}
