//! `ibmcloud target [-r REGION] [-g GROUP] [--unset-region] [--unset-resource-group]`

use kterm_shell::Ctx;

use crate::api;
use crate::colour::entity;
use crate::error::IbmError;
use crate::flags;
use crate::regions::is_region;
use crate::session::Session;

/// The key/value table the CLI prints after login and target. It starts
/// with the empty header row, which shows as a blank line.
pub fn session_table(s: &Session, colour: bool) -> String {
    let account = if s.account.guid.is_empty() {
        "No account targeted, use 'ibmcloud target -c ACCOUNT_ID'".to_string()
    } else {
        account_label(s)
    };
    let group = if s.resource_group.name.is_empty() {
        "No resource group targeted, use 'ibmcloud target -g RESOURCE_GROUP'".to_string()
    } else {
        s.resource_group.name.clone()
    };
    let rows = [
        ("API endpoint:", s.api_endpoint.clone()),
        ("Region:", s.region.clone()),
        ("User:", s.user()),
        ("Account:", account),
        ("Resource group:", group),
    ];
    let mut out = String::from("\n");
    for (k, v) in rows {
        let label = crate::colour::paint(colour, crate::colour::CYAN_BOLD, k);
        let pad = " ".repeat(18 - k.len());
        out.push_str(format!("{label}{pad}{}", kterm_shell::sanitize::field(&v)).trim_end());
        out.push('\n');
    }
    out
}

/// `Demo Account (b3c8…) <-> 2468013`
pub fn account_label(s: &Session) -> String {
    let mut l = format!("{} ({})", s.account.name, s.account.guid);
    if !s.account.ims.is_empty() {
        l.push_str(&format!(" <-> {}", s.account.ims));
    }
    l
}

/// Every resource group of the targeted account.
pub async fn list_groups(
    ctx: &mut Ctx<'_>,
    s: &mut Session,
) -> Result<Vec<crate::session::ResourceGroup>, IbmError> {
    let url = format!(
        "https://resource-controller.cloud.ibm.com/v2/resource_groups?account_id={}",
        s.account.guid
    );
    let v = api::get_json(ctx, s, &url, &[]).await?;
    Ok(v["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|g| crate::session::ResourceGroup {
            guid: g["id"].as_str().unwrap_or_default().into(),
            name: g["name"].as_str().unwrap_or_default().into(),
            default: g["default"].as_bool().unwrap_or(false),
        })
        .collect())
}

/// Looks a resource group up by name or ID (`None`: the default group).
pub async fn find_group(
    ctx: &mut Ctx<'_>,
    s: &mut Session,
    name: Option<&str>,
) -> Result<Option<crate::session::ResourceGroup>, IbmError> {
    let groups = list_groups(ctx, s).await?;
    let found = groups.into_iter().find(|g| match name {
        Some(n) => g.name == n || g.guid == n,
        None => g.default,
    });
    match (found, name) {
        (None, Some(n)) => Err(IbmError::Message(format!(
            "Resource group '{n}' was not found."
        ))),
        (found, _) => Ok(found),
    }
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(
        args,
        &[
            (&["-r"], true),
            (&["-g"], true),
            (&["-c"], true),
            (&["--unset-region"], false),
            (&["--unset-resource-group"], false),
            (&["-q", "--quiet"], false),
        ],
    )?;
    let mut s = api::fresh_session(ctx).await?;
    // A session taken over from the page (`adopt_tokens`) knows its
    // account's ID from the token but not its name: ask, as login does.
    if s.account.name.is_empty() && !s.account.guid.is_empty() {
        let guid = s.account.guid.clone();
        if let Ok(mut a) = super::login::pick_account(ctx, &mut s, Some(&guid)).await {
            if a.ims.is_empty() {
                a.ims = s.account.ims.clone();
            }
            s.account = a;
        }
    }
    let mut out = String::new();
    if let Some(c) = f.value("-c") {
        if c != s.account.guid {
            // Another of the user's accounts: tokens for it, and its
            // default resource group unless -g names one.
            s.account = super::login::pick_account(ctx, &mut s, Some(c)).await?;
            super::login::rescope(ctx, &mut s).await?;
            out.push_str(&format!(
                "Targeted account {}\n\n",
                entity(ctx, &account_label(&s))
            ));
            if f.value("-g").is_none() {
                s.resource_group = find_group(ctx, &mut s, None).await?.unwrap_or_default();
                if !s.resource_group.name.is_empty() {
                    out.push_str(&format!(
                        "Targeted resource group {}\n\n",
                        entity(ctx, &s.resource_group.name)
                    ));
                }
            }
        }
    }
    if let Some(g) = f.value("-g") {
        let group = find_group(ctx, &mut s, Some(g)).await?;
        s.resource_group = group.unwrap_or_default();
        out.push_str(&format!(
            "Targeted resource group {}\n\n",
            entity(ctx, &s.resource_group.name)
        ));
    }
    if f.has("--unset-resource-group") {
        s.resource_group = Default::default();
    }
    if let Some(r) = f.value("-r") {
        if !is_region(r) {
            return Err(IbmError::Message(format!(
                "Region '{r}' is not found. Use 'ibmcloud regions' to list the regions."
            )));
        }
        s.region = r.to_string();
        out.push_str(&format!("Switched to region {}\n\n", entity(ctx, r)));
    }
    if f.has("--unset-region") {
        s.region.clear();
    }
    let now = ctx.host.now_ms();
    s.save(ctx.sh, now).map_err(IbmError::Message)?;
    // The table already begins with a blank line.
    if out.ends_with("\n\n") {
        out.pop();
    }
    let on = crate::colour::enabled(ctx);
    out.push_str(&session_table(&s, on));
    ctx.stdout.write_str(&out);
    Ok(0)
}
