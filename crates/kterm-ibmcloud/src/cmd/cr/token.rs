//! `ibmcloud cr token-add | token-list | token-get | token-rm`, as the IBM
//! docs describe them (the sandbox emulates the documented service).

use kterm_shell::Ctx;

use super::call;
use crate::error::IbmError;
use crate::{api, flags, table};

fn jti(token: &str) -> String {
    kterm_shell::jwt::claims::<serde_json::Value>(token)
        .and_then(|v| v["jti"].as_str().map(str::to_string))
        .unwrap_or_default()
}

pub async fn add(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(
        args,
        &[
            (&["--description"], true),
            (&["--non-expiring"], false),
            (&["--readwrite"], false),
            (&["-q", "--quiet"], false),
        ],
    )?;
    let mut s = api::fresh_session(ctx).await?;
    let mut q = vec![
        format!("permanent={}", f.has("--non-expiring")),
        format!("write={}", f.has("--readwrite")),
    ];
    if let Some(d) = f.value("--description") {
        q.push(format!(
            "description={}",
            form_urlencoded::byte_serialize(d.as_bytes()).collect::<String>()
        ));
    }
    if !f.has("-q") {
        ctx.stdout.line("Requesting a registry token...");
        ctx.stdout.line("");
    }
    let v = call(
        ctx,
        &mut s,
        "POST",
        &format!("/v1/tokens?{}", q.join("&")),
        &[],
    )
    .await?;
    let token = v["token"].as_str().unwrap_or("").to_string();
    if f.has("-q") {
        ctx.stdout.line(&token);
        return Ok(0);
    }
    table::print_kv(
        ctx,
        &[
            vec!["Token identifier".into(), jti(&token)],
            vec!["Token".into(), token],
        ],
    );
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}

pub async fn list(ctx: &mut Ctx<'_>) -> Result<i32, IbmError> {
    let mut s = api::fresh_session(ctx).await?;
    ctx.stdout.line("Retrieving registry tokens");
    ctx.stdout.line("");
    let v = call(ctx, &mut s, "GET", "/v1/tokens", &[]).await?;
    let mut rows = vec![["Token ID", "Readonly", "Expiry", "Description"]
        .map(String::from)
        .to_vec()];
    for t in v["tokens"].as_array().cloned().unwrap_or_default() {
        let expiry = match t["expiry"].as_i64().unwrap_or(0) {
            0 => "0".to_string(),
            e => crate::cmd::cr::expiry_date(e),
        };
        rows.push(vec![
            kterm_shell::sanitize::field(t["_id"].as_str().unwrap_or("")),
            t["readonly"].as_bool().unwrap_or(true).to_string(),
            expiry,
            kterm_shell::sanitize::field(t["secondary_owner"].as_str().unwrap_or("")),
        ]);
    }
    table::print(ctx, &rows);
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}

pub async fn get(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let Some(id) = args.first() else {
        return Err(IbmError::Usage(
            "'ibmcloud cr token-get' needs a token identifier".into(),
        ));
    };
    let mut s = api::fresh_session(ctx).await?;
    ctx.stdout.line(&format!(
        "Retrieving registry token with unique identifier '{id}'..."
    ));
    ctx.stdout.line("");
    let v = call(ctx, &mut s, "GET", &format!("/v1/tokens/{id}"), &[]).await?;
    table::print_kv(
        ctx,
        &[
            vec!["Token identifier".into(), id.clone()],
            vec![
                "Token".into(),
                v["token"].as_str().unwrap_or("").to_string(),
            ],
        ],
    );
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}

pub async fn remove(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(args, &[(&["-f", "--force"], false)])?;
    let Some(id) = f.positional.first().cloned() else {
        return Err(IbmError::Usage(
            "'ibmcloud cr token-rm' needs a token identifier".into(),
        ));
    };
    let mut s = api::fresh_session(ctx).await?;
    if !f.has("-f") {
        let answer = ctx
            .host
            .read_line(
                &crate::colour::prompt(
                    ctx,
                    &format!("Are you sure you want to remove token '{id}'? [y/N]> "),
                ),
                false,
            )
            .await
            .unwrap_or_default();
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            return Ok(0);
        }
    }
    ctx.stdout
        .line(&format!("Removing registry token '{id}'..."));
    call(ctx, &mut s, "DELETE", &format!("/v1/tokens/{id}"), &[]).await?;
    ctx.stdout.line("");
    crate::colour::ok(ctx);
    Ok(0)
}
