//! `ibmcloud ks region` and `ks region-set [REGION]`: the Kubernetes
//! Service region the plug-in works in, as the 2018 docs use them (`bx cs
//! region-set` asks when no region is given). Cluster listings then show
//! that region's clusters.

use kterm_shell::Ctx;

use super::regions::{fetch, name_of};
use crate::error::IbmError;
use crate::{api, flags};

/// The region in use: the one set, else the one the targeted IBM Cloud
/// region belongs to, else `us-south`.
pub fn current(s: &crate::session::Session) -> String {
    if !s.containers_region.is_empty() {
        s.containers_region.clone()
    } else if !s.region.is_empty() {
        name_of(&s.region).to_string()
    } else {
        "us-south".into()
    }
}

pub async fn show(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    flags::parse(args, &[])?;
    let s = api::fresh_session(ctx).await?;
    let r = crate::colour::entity(ctx, &current(&s));
    ctx.stdout.line(&format!("Region: {r}"));
    Ok(0)
}

pub async fn set(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(args, &[(&["--region", "-r"], true)])?;
    let mut s = api::fresh_session(ctx).await?;
    let (_, regions) = fetch(ctx, &mut s).await?;
    let wanted = f
        .value("--region")
        .or(f.positional.first().map(String::as_str));
    let chosen = match wanted {
        Some(w) => match regions.iter().find(|(n, a)| n == w || a == w) {
            Some((n, _)) => n.clone(),
            None => {
                let names: Vec<&str> = regions.iter().map(|(n, _)| n.as_str()).collect();
                return Err(IbmError::Message(format!(
                    "The region '{w}' is not valid. Valid regions are: {}",
                    names.join(", ")
                )));
            }
        },
        None => choose(ctx, &regions).await?,
    };
    s.containers_region = chosen;
    let now = ctx.host.now_ms();
    s.save(ctx.sh, now).map_err(IbmError::Message)?;
    crate::colour::ok(ctx);
    Ok(0)
}

/// The CLI's numbered choice; a wrong number asks again, as its prompt does.
async fn choose(ctx: &mut Ctx<'_>, regions: &[(String, String)]) -> Result<String, IbmError> {
    ctx.stdout.line("Choose a region:");
    for (i, (n, _)) in regions.iter().enumerate() {
        ctx.stdout.line(&format!("{}. {n}", i + 1));
    }
    loop {
        let label = crate::colour::prompt(ctx, "Enter a number> ");
        let Some(answer) = ctx.host.read_line(&label, false).await else {
            return Err(IbmError::Cancelled);
        };
        let picked = answer
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| regions.get(i));
        if let Some((n, _)) = picked {
            return Ok(n.clone());
        }
        let on = crate::colour::enabled(ctx);
        ctx.stdout.line(&crate::colour::paint(
            on,
            crate::colour::RED_BOLD,
            &format!("Please enter a number between 1 to {}.", regions.len()),
        ));
    }
}
