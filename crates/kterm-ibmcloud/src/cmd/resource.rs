//! `ibmcloud resource groups`

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::output::{self, Format};
use crate::{api, flags, table};

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    match args.first().map(String::as_str) {
        Some("groups") => {}
        Some(other) => {
            return Err(IbmError::Message(format!(
                "'{other}' is not a registered command. See 'ibmcloud resource help'."
            )))
        }
        None => {
            return Err(IbmError::Usage(
                "'ibmcloud resource' needs a command, such as 'groups'".into(),
            ))
        }
    }
    let f = flags::parse_sets(&args[1..], &[&[(&["--default"], false)], &output::FLAGS])?;
    let format = output::format(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    let url = format!(
        "https://resource-controller.cloud.ibm.com/v2/resource_groups?account_id={}",
        s.account.guid
    );
    if format == Format::Json {
        let v = api::get_json(ctx, &mut s, &url, &[]).await?;
        let groups = groups_of(&v, f.has("--default"));
        output::print_json(ctx, &serde_json::Value::Array(groups));
        return Ok(0);
    }
    ctx.stdout.line(&format!(
        "Retrieving all resource groups under account {} as {}...",
        s.account.name,
        s.user()
    ));
    let v = api::get_json(ctx, &mut s, &url, &[]).await?;
    crate::colour::ok(ctx);
    let mut rows = vec![["Name", "ID", "Default Group", "State"]
        .map(String::from)
        .to_vec()];
    for g in groups_of(&v, f.has("--default")) {
        let f = |k: &str| kterm_shell::sanitize::field(g[k].as_str().unwrap_or(""));
        rows.push(vec![
            f("name"),
            f("id"),
            g["default"].as_bool().unwrap_or(false).to_string(),
            f("state"),
        ]);
    }
    table::print(ctx, &rows);
    Ok(0)
}

/// The groups of a Resource Manager answer; only the default one with `--default`.
fn groups_of(v: &serde_json::Value, only_default: bool) -> Vec<serde_json::Value> {
    v["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|g| !only_default || g["default"].as_bool() == Some(true))
        .collect()
}
