//! `ibmcloud login`: API key (flag, `@file`, `IBMCLOUD_API_KEY`), one-time
//! passcode (`--sso`), or e-mail and password; then account, resource group
//! and region, as the CLI targets them.

use kterm_shell::Ctx;

use crate::api;
use crate::cmd::target::{account_label, find_group, session_table};
use crate::colour::entity;
use crate::error::IbmError;
use crate::flags;
use crate::regions::{is_region, REGIONS};
use crate::session::{Account, Session, DEFAULT_API, DEFAULT_IAM};

const APIKEY_GRANT: &str = "urn:ibm:params:oauth:grant-type:apikey";
const PASSCODE_GRANT: &str = "urn:ibm:params:oauth:grant-type:passcode";

enum Grant {
    ApiKey(String),
    Passcode(String),
    Password(String, String),
}

/// The IAM endpoint of an API endpoint (`https://cloud.ibm.com` → `https://iam.cloud.ibm.com`).
fn iam_for(api: &str) -> String {
    match api.trim_end_matches('/').strip_prefix("https://") {
        Some(host) if host.starts_with("cloud.") => format!("https://iam.{host}"),
        Some(host) if host.starts_with("test.cloud.") => format!("https://iam.{host}"),
        _ => DEFAULT_IAM.to_string(),
    }
}

async fn prompt(ctx: &mut Ctx<'_>, label: &str, secret: bool) -> Result<String, IbmError> {
    let label = crate::colour::prompt(ctx, label);
    match ctx.host.read_line(&label, secret).await {
        Some(v) => Ok(v.trim().to_string()),
        None => Err(IbmError::Message(
            "Login cancelled: no answer was given.".into(),
        )),
    }
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = flags::parse(
        args,
        &[
            (&["-a"], true),
            (&["--apikey"], true),
            (&["--sso"], false),
            (&["-u"], true),
            (&["-p"], true),
            (&["-c"], true),
            (&["-r"], true),
            (&["-g"], true),
            (&["--no-region"], false),
            (&["--no-account"], false),
            (&["--accept"], false),
            (&["-q", "--quiet"], false),
            (&["--skip-ssl-validation"], false),
        ],
    )?;
    if let Some(r) = f.value("-r") {
        if !is_region(r) {
            return Err(IbmError::Message(format!(
                "Region '{r}' is not found. Use 'ibmcloud regions' to list the regions."
            )));
        }
    }
    let api_endpoint = f
        .value("-a")
        .unwrap_or(DEFAULT_API)
        .trim_end_matches('/')
        .to_string();
    let iam = iam_for(&api_endpoint);
    ctx.stdout.line(&format!("API endpoint: {api_endpoint}"));

    let env_key = ctx
        .sh
        .env
        .get("IBMCLOUD_API_KEY")
        .or_else(|| ctx.sh.env.get("BLUEMIX_API_KEY"))
        .map(str::to_string);
    let grant = if let Some(k) = f.value("--apikey") {
        Grant::ApiKey(read_key(ctx, k)?)
    } else if f.has("--sso") {
        let url = passcode_url(ctx, &iam).await?;
        ctx.stdout.line("");
        ctx.stdout
            .line(&format!("Get One Time Code from {url} to proceed."));
        // A browser tab cannot open another one for you unasked; the link is clickable.
        let _ = ctx
            .host
            .read_line(
                &crate::colour::prompt(ctx, "Open the URL in the default browser? [Y/n] > "),
                false,
            )
            .await;
        Grant::Passcode(prompt(ctx, "One Time Code > ", true).await?)
    } else if f.value("-u") == Some("passcode") {
        match f.value("-p") {
            Some(p) => Grant::Passcode(p.to_string()),
            None => Grant::Passcode(prompt(ctx, "One Time Code > ", true).await?),
        }
    } else if let (Some(k), None) = (env_key, f.value("-u")) {
        ctx.stdout
            .line("Logging in with API key from environment variable...");
        Grant::ApiKey(k)
    } else {
        let user = match f.value("-u") {
            Some(u) => u.to_string(),
            None => {
                ctx.stdout.line("");
                prompt(ctx, "Email> ", false).await?
            }
        };
        let pass = match f.value("-p") {
            Some(p) => p.to_string(),
            None => prompt(ctx, "Password> ", true).await?,
        };
        Grant::Password(user, pass)
    };

    ctx.stdout.line("Authenticating...");
    let token = match &grant {
        Grant::ApiKey(k) => {
            ctx.stdout.line("Retrieving API key token...");
            api::iam_token(ctx, &iam, &[("grant_type", APIKEY_GRANT), ("apikey", k)]).await?
        }
        Grant::Passcode(code) => {
            api::iam_token(
                ctx,
                &iam,
                &[("grant_type", PASSCODE_GRANT), ("passcode", code)],
            )
            .await?
        }
        Grant::Password(u, p) => {
            api::iam_token(
                ctx,
                &iam,
                &[("grant_type", "password"), ("username", u), ("password", p)],
            )
            .await?
        }
    };
    crate::colour::ok(ctx);
    ctx.stdout.line("");

    let mut s = Session {
        api_endpoint,
        iam_endpoint: iam,
        iam_token: format!("Bearer {}", token.access_token),
        iam_refresh_token: token.refresh_token,
        login_at: String::new(),
        ..Session::default()
    };
    let now = ctx.host.now_ms();
    s.save(ctx.sh, now).map_err(IbmError::Message)?;

    if !f.has("--no-account") {
        // An API key belongs to one account; a user picks among theirs.
        let wanted = match &grant {
            Grant::ApiKey(_) => Some(s.claims().account.bss),
            _ => f.value("-c").map(str::to_string),
        };
        s.account = pick_account(ctx, &mut s, wanted.as_deref()).await?;
        if s.claims().account.bss != s.account.guid {
            rescope(ctx, &mut s).await?;
        }
        ctx.stdout.line(&format!(
            "Targeted account {}",
            entity(ctx, &account_label(&s))
        ));
        ctx.stdout.line("");
        if let Some(g) = find_group(ctx, &mut s, f.value("-g")).await? {
            ctx.stdout
                .line(&format!("Targeted resource group {}", entity(ctx, &g.name)));
            ctx.stdout.line("");
            s.resource_group = g;
        }
    }
    let region = match f.value("-r") {
        Some(r) => Some(r.to_string()),
        None if f.has("--no-region") => None,
        None => pick_region(ctx).await,
    };
    if let Some(r) = region {
        ctx.stdout
            .line(&format!("Targeted region {}", entity(ctx, &r)));
        ctx.stdout.line("");
        s.region = r;
    }
    let now = ctx.host.now_ms();
    s.save(ctx.sh, now).map_err(IbmError::Message)?;
    let on = crate::colour::enabled(ctx);
    ctx.stdout.write_str(&session_table(&s, on));
    Ok(0)
}

/// `--apikey KEY` or `--apikey @file` (the file holds the key, or the JSON
/// `api-key-create --file` writes).
fn read_key(ctx: &mut Ctx<'_>, v: &str) -> Result<String, IbmError> {
    let Some(file) = v.strip_prefix('@') else {
        return Ok(v.to_string());
    };
    let path = ctx.sh.abs_path(file);
    let data = ctx
        .sh
        .fs
        .read(&path)
        .map_err(|e| IbmError::Message(format!("Unable to read API key file '{file}': {e}")))?;
    let text = String::from_utf8_lossy(data).trim().to_string();
    match serde_json::from_slice::<serde_json::Value>(text.as_bytes()) {
        Ok(v) => v["apikey"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| IbmError::Message(format!("No API key found in '{file}'."))),
        Err(_) => Ok(text),
    }
}

async fn passcode_url(ctx: &mut Ctx<'_>, iam: &str) -> Result<String, IbmError> {
    let req = kterm_http::Request::get(format!("{iam}/identity/.well-known/openid-configuration"))
        .header("Accept", "application/json");
    let (status, body) = api::send(ctx, req).await?;
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    match (status, v["passcode_endpoint"].as_str()) {
        (200, Some(u)) => Ok(u.to_string()),
        _ => Err(IbmError::Message(format!(
            "Could not get IAM configuration: {}",
            api::error_message(&body, status)
        ))),
    }
}

pub(super) async fn pick_account(
    ctx: &mut Ctx<'_>,
    s: &mut Session,
    wanted: Option<&str>,
) -> Result<Account, IbmError> {
    let v = api::get_json(
        ctx,
        s,
        "https://accounts.cloud.ibm.com/coe/v2/accounts",
        &[],
    )
    .await?;
    let accounts: Vec<Account> = v["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| Account {
            guid: r["metadata"]["guid"].as_str().unwrap_or_default().into(),
            name: r["entity"]["name"].as_str().unwrap_or_default().into(),
            owner: r["entity"]["owner"].as_str().unwrap_or_default().into(),
            ims: r["entity"]["bluemix_subscriptions"][0]["softlayer_account_id"]
                .as_str()
                .unwrap_or_default()
                .into(),
        })
        .collect();
    if let Some(w) = wanted {
        return accounts.into_iter().find(|a| a.guid == w).ok_or_else(|| {
            IbmError::Message(format!(
                "Account '{w}' was not found, or you do not have access to it."
            ))
        });
    }
    match accounts.len() {
        0 => Err(IbmError::Message(
            "No account is available to this user.".into(),
        )),
        1 => Ok(accounts.into_iter().next().unwrap_or_default()),
        _ => {
            ctx.stdout.line("Select an account:");
            for (i, a) in accounts.iter().enumerate() {
                let tmp = Session {
                    account: a.clone(),
                    ..Session::default()
                };
                ctx.stdout
                    .line(&format!("{}. {}", i + 1, account_label(&tmp)));
            }
            loop {
                let answer = prompt(ctx, "Enter a number> ", false).await?;
                if let Some(a) = answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| accounts.get(i))
                {
                    return Ok(a.clone());
                }
                ctx.stdout.line("Please enter a valid number.");
            }
        }
    }
}

/// Exchanges the refresh token for tokens scoped to the chosen account, as
/// the CLI does after its account picker.
pub(super) async fn rescope(ctx: &mut Ctx<'_>, s: &mut Session) -> Result<(), IbmError> {
    let rt = s.iam_refresh_token.clone();
    let account = s.account.guid.clone();
    let t = api::iam_token(
        ctx,
        &s.iam_endpoint.clone(),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("bss_account", &account),
        ],
    )
    .await?;
    s.iam_token = format!("Bearer {}", t.access_token);
    if !t.refresh_token.is_empty() {
        s.iam_refresh_token = t.refresh_token;
    }
    Ok(())
}

/// The region picker; enter (or no terminal) skips.
async fn pick_region(ctx: &mut Ctx<'_>) -> Option<String> {
    ctx.stdout.line("Select a region (or press enter to skip):");
    for (i, (id, _)) in REGIONS.iter().enumerate() {
        ctx.stdout.line(&format!("{}. {id}", i + 1));
    }
    let label = crate::colour::prompt(ctx, "Enter a number> ");
    let answer = ctx.host.read_line(&label, false).await?;
    answer
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| REGIONS.get(i))
        .map(|(id, _)| id.to_string())
}
