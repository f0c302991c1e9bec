//! `ibmcloud account list | show`

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::output::{self, Format};
use crate::{api, flags, table};

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let mut s = api::fresh_session(ctx).await?;
    match args.first().map(String::as_str) {
        Some("list" | "ls") => {
            let f = flags::parse_sets(&args[1..], &[&output::FLAGS])?;
            let format = output::format(&f)?;
            if format == Format::Table {
                ctx.stdout
                    .line(&format!("Retrieving all accounts of {}...", s.user()));
            }
            let v = api::get_json(
                ctx,
                &mut s,
                "https://accounts.cloud.ibm.com/coe/v2/accounts",
                &[],
            )
            .await?;
            if format == Format::Json {
                output::print_json(ctx, &v["resources"]);
                return Ok(0);
            }
            crate::colour::ok(ctx);
            let mut rows = vec![["Account GUID", "Name", "State", "Owner"]
                .map(String::from)
                .to_vec()];
            for a in v["resources"].as_array().cloned().unwrap_or_default() {
                let f =
                    |x: &serde_json::Value| kterm_shell::sanitize::field(x.as_str().unwrap_or(""));
                rows.push(vec![
                    f(&a["metadata"]["guid"]),
                    f(&a["entity"]["name"]),
                    f(&a["entity"]["state"]),
                    f(&a["entity"]["owner"]),
                ]);
            }
            table::print(ctx, &rows);
            Ok(0)
        }
        Some("show") => {
            ctx.stdout.line(&format!(
                "Retrieving account {} of {}...",
                s.account.name,
                s.user()
            ));
            let url = format!(
                "https://accounts.cloud.ibm.com/coe/v2/accounts/{}",
                s.account.guid
            );
            let a = api::get_json(ctx, &mut s, &url, &[]).await?;
            crate::colour::ok(ctx);
            ctx.stdout.line("");
            let f = |x: &serde_json::Value| kterm_shell::sanitize::field(x.as_str().unwrap_or(""));
            let rows = [
                ("Account Name:", f(&a["entity"]["name"])),
                ("Account ID:", f(&a["metadata"]["guid"])),
                ("Account Owner:", f(&a["entity"]["owner"])),
                ("Account Type:", f(&a["entity"]["type"])),
                ("Account Status:", f(&a["entity"]["state"])),
                (
                    "Linked Softlayer Account:",
                    f(&a["entity"]["bluemix_subscriptions"][0]["softlayer_account_id"]),
                ),
            ];
            for (k, v) in rows {
                ctx.stdout.line(format!("{k:<28}{v}").trim_end());
            }
            Ok(0)
        }
        _ => Err(IbmError::Usage(
            "'ibmcloud account' needs 'list' or 'show'".into(),
        )),
    }
}
