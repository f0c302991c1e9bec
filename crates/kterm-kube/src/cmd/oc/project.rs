//! `oc project [NAME]` (show or switch the current context's namespace)
//! and `oc projects` (list the projects the user can see).

use kterm_shell::Ctx;

use crate::api;
use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;

pub async fn projects(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    flags::parse("projects", args, &[])?;
    let t = inv.target(ctx).await?;
    let projects = super::projects(ctx, &t).await?;
    super::print_projects(ctx, &projects, &t.namespace);
    ctx.stdout.line("");
    ctx.stdout.line(&format!(
        "Using project \"{}\" on server \"{}\".",
        t.namespace, t.server
    ));
    Ok(0)
}

pub async fn project(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("project", args, &[])?;
    let t = inv.target(ctx).await?;
    let Some(name) = f.args.first() else {
        ctx.stdout.line(&format!(
            "Using project \"{}\" on server \"{}\".",
            t.namespace, t.server
        ));
        return Ok(0);
    };
    // The project must exist.
    api::get_json(
        ctx,
        &t,
        api::request(&t, "GET", &format!("/api/v1/namespaces/{name}")),
        "get",
        &format!("namespaces {name}"),
    )
    .await
    .map_err(|e| match e {
        KubeError::Status { code: 404, .. } => KubeError::Client(format!(
            "A project named \"{name}\" does not exist on \"{}\".",
            t.server
        )),
        other => other,
    })?;
    super::set_namespace(ctx, inv, &t.context, name)?;
    ctx.stdout.line(&format!(
        "Now using project \"{name}\" on server \"{}\".",
        t.server
    ));
    Ok(0)
}
