//! `ibmcloud iam oauth-tokens | api-key-create | api-keys | api-key-delete`

use kterm_http::Request;
use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::error::IbmError;
use crate::output::{self, Format};
use crate::session::Session;
use crate::{api, flags, table};

const APIKEYS: &str = "https://iam.cloud.ibm.com/v1/apikeys";

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let rest = args.get(1..).unwrap_or(&[]);
    match args.first().map(String::as_str) {
        Some("oauth-tokens") => {
            let f = flags::parse_sets(rest, &[&output::FLAGS])?;
            let format = output::format(&f)?;
            let s = api::fresh_session(ctx).await?;
            if format == Format::Json {
                output::print_json(ctx, &json!({ "iam_token": s.iam_token }));
            } else {
                ctx.stdout.line(&format!("IAM token:  {}", s.iam_token));
            }
            Ok(0)
        }
        Some("api-key-create") => create(ctx, rest).await,
        Some("api-keys") => list(ctx, rest).await,
        Some("api-key-delete") => delete(ctx, rest).await,
        Some(other) => Err(IbmError::Message(format!(
            "'{other}' is not a registered command. See 'ibmcloud iam help'."
        ))),
        None => Err(IbmError::Usage(
            "'ibmcloud iam' needs a command, such as 'api-keys'".into(),
        )),
    }
}

async fn keys(ctx: &mut Ctx<'_>, s: &mut Session) -> Result<Vec<Value>, IbmError> {
    let url = format!("{APIKEYS}?iam_id={}&pagesize=100", s.claims().iam_id);
    let v = api::get_json(ctx, s, &url, &[]).await?;
    Ok(v["apikeys"].as_array().cloned().unwrap_or_default())
}

async fn create(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(
        args,
        &[
            (&["-d"], true),
            (&["--file"], true),
            (&["--lock"], false),
            (&["--action-if-leaked"], true),
        ],
    )?;
    let Some(name) = f.positional.first().cloned() else {
        return Err(IbmError::Usage(
            "the API key name is required: 'ibmcloud iam api-key-create NAME'".into(),
        ));
    };
    let mut s = api::fresh_session(ctx).await?;
    ctx.stdout.line(&format!(
        "Creating API key {name} under {} as {}...",
        s.account.guid,
        s.user()
    ));
    let body = json!({"name": name, "iam_id": s.claims().iam_id, "description": f.value("-d").unwrap_or(""), "account_id": s.account.guid}).to_string();
    let (status, bytes) = api::authorized(ctx, &mut s, |token| {
        Request::new("POST", APIKEYS)
            .header("Authorization", token)
            .header("Content-Type", "application/json")
            .body(body.clone())
    })
    .await?;
    if !(200..300).contains(&status) {
        return Err(IbmError::Api(api::error_message(&bytes, status)));
    }
    let k: Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let field = |x: &str| kterm_shell::sanitize::field(k[x].as_str().unwrap_or(""));
    crate::colour::ok(ctx);
    ctx.stdout.line(&format!("API key {name} was created"));
    if let Some(file) = f.value("--file") {
        let content = format!(
            "{{\n\t\"name\": {},\n\t\"description\": {},\n\t\"apikey\": {},\n\t\"createdAt\": {},\n\t\"locked\": false,\n\t\"uuid\": {}\n}}",
            json!(k["name"]), json!(k["description"]), json!(k["apikey"]), json!(k["created_at"]), json!(k["id"])
        );
        let path = ctx.sh.abs_path(file);
        let now = ctx.host.now_ms();
        ctx.sh
            .fs
            .write(&path, content.into_bytes(), now)
            .map_err(|e| IbmError::Message(format!("{file}: {e}")))?;
        ctx.stdout
            .line(&format!("Successfully save API key information to {file}"));
        return Ok(0);
    }
    ctx.stdout.line("");
    ctx.stdout
        .line("Please preserve the API key! It cannot be retrieved after it's created.");
    ctx.stdout.line("");
    let rows = [
        ("ID", field("id")),
        ("Name", field("name")),
        ("Description", field("description")),
        ("Created At", field("created_at")),
        ("API Key", field("apikey")),
        ("Locked", "false".to_string()),
    ];
    for (label, v) in rows {
        ctx.stdout.line(format!("{label:<14}{v}").trim_end());
    }
    Ok(0)
}

async fn list(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse_sets(args, &[&output::FLAGS])?;
    let format = output::format(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    if format == Format::Json {
        let keys = keys(ctx, &mut s).await?;
        output::print_json(ctx, &Value::Array(keys));
        return Ok(0);
    }
    ctx.stdout.line(&format!(
        "Retrieving API keys of {} under account {} as {}...",
        s.user(),
        s.account.name,
        s.user()
    ));
    let keys = keys(ctx, &mut s).await?;
    crate::colour::ok(ctx);
    let mut rows = vec![["ID", "Name", "Description", "Date Created", "Locked"]
        .map(String::from)
        .to_vec()];
    for k in keys {
        let f = |x: &str| kterm_shell::sanitize::field(k[x].as_str().unwrap_or(""));
        rows.push(vec![
            f("id"),
            f("name"),
            f("description"),
            f("created_at"),
            k["locked"].as_bool().unwrap_or(false).to_string(),
        ]);
    }
    table::print(ctx, &rows);
    Ok(0)
}

async fn delete(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(args, &[(&["-f", "--force"], false)])?;
    let Some(name) = f.positional.first().cloned() else {
        return Err(IbmError::Usage(
            "the API key name or ID is required: 'ibmcloud iam api-key-delete NAME'".into(),
        ));
    };
    let mut s = api::fresh_session(ctx).await?;
    let keys = keys(ctx, &mut s).await?;
    let Some(key) = keys
        .iter()
        .find(|k| k["name"] == name.as_str() || k["id"] == name.as_str())
    else {
        return Err(IbmError::Message(format!(
            "Unable to find API key '{name}'."
        )));
    };
    if !f.has("-f") {
        let answer = ctx
            .host
            .read_line(
                &crate::colour::prompt(ctx, &format!("Really delete the API key {name}? [y/N]> ")),
                false,
            )
            .await
            .unwrap_or_default();
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            ctx.stdout.line("");
            return Ok(0);
        }
    }
    ctx.stdout
        .line(&format!("Deleting API key {name} as {}...", s.user()));
    let url = format!("{APIKEYS}/{}", key["id"].as_str().unwrap_or(""));
    let (status, bytes) = api::authorized(ctx, &mut s, |token| {
        Request::new("DELETE", url.clone()).header("Authorization", token)
    })
    .await?;
    if !(200..300).contains(&status) {
        return Err(IbmError::Api(api::error_message(&bytes, status)));
    }
    crate::colour::ok(ctx);
    ctx.stdout
        .line(&format!("API key {name} was deleted successfully"));
    Ok(0)
}
