//! `ibmcloud resource groups`

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::{api, table};

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
    let mut s = api::fresh_session(ctx).await?;
    ctx.stdout.line(&format!(
        "Retrieving all resource groups under account {} as {}...",
        s.account.name,
        s.user()
    ));
    let url = format!(
        "https://resource-controller.cloud.ibm.com/v2/resource_groups?account_id={}",
        s.account.guid
    );
    let v = api::get_json(ctx, &mut s, &url, &[]).await?;
    ctx.stdout.line("OK");
    let mut rows = vec![["Name", "ID", "Default Group", "State"]
        .map(String::from)
        .to_vec()];
    for g in v["resources"].as_array().cloned().unwrap_or_default() {
        let f = |k: &str| kterm_shell::sanitize::field(g[k].as_str().unwrap_or(""));
        rows.push(vec![
            f("name"),
            f("id"),
            g["default"].as_bool().unwrap_or(false).to_string(),
            f("state"),
        ]);
    }
    ctx.stdout.write_str(&table::render(&rows));
    Ok(0)
}
