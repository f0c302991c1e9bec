//! `ibmcloud cr`: the Container Registry plug-in.

mod image;
mod login;
mod namespace;
mod token;

use kterm_http::Request;
use kterm_shell::Ctx;
use serde_json::Value;

use crate::error::IbmError;
use crate::session::Session;
use crate::{api, table};

/// Registry regions and their domains (`us-east` is served by `us.icr.io`).
const DOMAINS: &[(&str, &str)] = &[
    ("ap-north", "jp.icr.io"),
    ("ap-south", "au.icr.io"),
    ("au-syd", "au.icr.io"),
    ("br-sao", "br.icr.io"),
    ("ca-tor", "ca.icr.io"),
    ("eu-de", "de.icr.io"),
    ("eu-es", "es.icr.io"),
    ("eu-gb", "uk.icr.io"),
    ("global", "icr.io"),
    ("in-che", "in.icr.io"),
    ("jp-osa", "jp2.icr.io"),
    ("jp-tok", "jp.icr.io"),
    ("us-east", "us.icr.io"),
    ("us-south", "us.icr.io"),
];

pub const HELP: &str = "NAME:
  ibmcloud cr - Manage IBM Cloud Container Registry.

COMMANDS:
  api, info, region, region-set REGION, login (--client docker)
  namespace-list (-v), namespace-add NAME (-g GROUP), namespace-rm NAME (-f)
  image-list, images (--no-trunc, -q, --restrict NAMESPACE)
  quota
  token-add (--description, --non-expiring, --readwrite), token-list, tokens, token-get ID, token-rm ID (-f)
";

/// The registry in use: (region, domain).
pub fn registry(s: &Session) -> (String, &'static str) {
    let wanted = if !s.registry_region.is_empty() {
        s.registry_region.as_str()
    } else {
        s.region.as_str()
    };
    match DOMAINS.iter().find(|(r, _)| *r == wanted) {
        Some((r, d)) => (
            (if *r == "us-east" { "us-south" } else { r }).to_string(),
            d,
        ),
        None => ("us-south".into(), "us.icr.io"),
    }
}

/// A registry API call with the `Account` header it requires.
pub async fn call(
    ctx: &mut Ctx<'_>,
    s: &mut Session,
    method: &str,
    path: &str,
    extra: &[(&str, String)],
) -> Result<Value, IbmError> {
    let (_, domain) = registry(s);
    let url = format!("https://{domain}/api{path}");
    let account = s.account.guid.clone();
    let (status, body) = api::authorized(ctx, s, |token| {
        let mut r = Request::new(method, url.clone())
            .header("Authorization", token)
            .header("Account", account.clone())
            .header("Accept", "application/json");
        for (k, v) in extra {
            r = r.header(k, v.clone());
        }
        r
    })
    .await?;
    if !(200..300).contains(&status) {
        let v: Value = serde_json::from_slice(&body).unwrap_or_default();
        let msg = v["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| api::error_message(&body, status));
        return Err(IbmError::Api(msg));
    }
    Ok(serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// A token expiry (epoch seconds) as a UTC date and time.
pub fn expiry_date(secs: i64) -> String {
    let (y, m, d) = kterm_shell::time::civil(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    )
}

/// "143 MB", the registry's sizes.
pub fn size(bytes: i64) -> String {
    const UNITS: &[&str] = &["B", "kB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1000.0 && i + 1 < UNITS.len() {
        v /= 1000.0;
        i += 1;
    }
    if i == 0 {
        format!("{bytes} B")
    } else {
        format!("{} {}", v.round() as i64, UNITS[i])
    }
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let rest = args.get(1..).unwrap_or(&[]);
    match args.first().map(String::as_str) {
        None => {
            ctx.stdout.write_str(HELP);
            Ok(0)
        }
        Some("help") => {
            let mut words = vec!["cr".to_string()];
            words.extend(rest.iter().cloned());
            super::print_help(ctx, &words)
        }
        Some("api") => {
            let s = api::fresh_session(ctx).await?;
            let (_, d) = registry(&s);
            table::print_kv(
                ctx,
                &[vec![
                    "Registry API endpoint".into(),
                    format!("https://{d}/api"),
                ]],
            );
            ctx.stdout.line("");
            crate::colour::ok(ctx);
            Ok(0)
        }
        Some("info") => {
            let s = api::fresh_session(ctx).await?;
            let (_, d) = registry(&s);
            table::print_kv(
                ctx,
                &[
                    vec!["Container Registry".into(), d.to_string()],
                    vec![
                        "Container Registry API endpoint".into(),
                        format!("https://{d}/api"),
                    ],
                    vec!["IBM Cloud API endpoint".into(), s.api_endpoint.clone()],
                    vec![
                        "IBM Cloud account details".into(),
                        format!("{} ({})", s.account.name, s.account.guid),
                    ],
                    vec!["IBM Cloud organization details".into(), "-".into()],
                ],
            );
            ctx.stdout.line("");
            crate::colour::ok(ctx);
            Ok(0)
        }
        Some("region") => {
            let s = api::fresh_session(ctx).await?;
            let (r, d) = registry(&s);
            ctx.stdout.line(&format!(
                "You are targeting region '{r}', the registry is '{d}'."
            ));
            ctx.stdout.line("");
            crate::colour::ok(ctx);
            Ok(0)
        }
        Some("region-set") => {
            let mut s = api::fresh_session(ctx).await?;
            let Some(r) = rest.first() else {
                return Err(IbmError::Usage(
                    "'ibmcloud cr region-set' needs a region, for example 'us-south'".into(),
                ));
            };
            if !DOMAINS.iter().any(|(x, _)| x == r) {
                return Err(IbmError::Message(format!(
                    "The region '{r}' is not valid. Valid regions are: {}",
                    DOMAINS
                        .iter()
                        .map(|(x, _)| *x)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            s.registry_region = r.clone();
            let now = ctx.host.now_ms();
            s.save(ctx.sh, now).map_err(IbmError::Message)?;
            let (r, d) = registry(&s);
            ctx.stdout.line(&format!(
                "The region is set to '{r}', the registry is '{d}'."
            ));
            ctx.stdout.line("");
            crate::colour::ok(ctx);
            Ok(0)
        }
        Some("login") => login::run(ctx, rest).await,
        Some("quota") => {
            let mut s = api::fresh_session(ctx).await?;
            ctx.stdout.line(&format!(
                "Getting quotas and usage for the current month, for account '{}'...",
                s.account.name
            ));
            ctx.stdout.line("");
            let q = call(ctx, &mut s, "GET", "/v1/quotas", &[]).await?;
            let n = |v: &Value| v.as_i64().unwrap_or(0);
            let rows = vec![
                vec!["Quota".to_string(), "Limit".into(), "Used".into()],
                vec![
                    "Pull traffic".into(),
                    size(n(&q["limit"]["traffic_bytes"])),
                    size(n(&q["usage"]["traffic_bytes"])),
                ],
                vec![
                    "Storage".into(),
                    size(n(&q["limit"]["storage_bytes"])),
                    size(n(&q["usage"]["storage_bytes"])),
                ],
            ];
            table::print(ctx, &rows);
            ctx.stdout.line("");
            crate::colour::ok(ctx);
            Ok(0)
        }
        Some("namespace-list" | "namespaces" | "namespace-ls") => namespace::list(ctx, rest).await,
        Some("namespace-add") => namespace::add(ctx, rest).await,
        Some("namespace-rm") => namespace::remove(ctx, rest).await,
        Some("image-list" | "images" | "image-ls") => image::list(ctx, rest).await,
        Some("token-add") => token::add(ctx, rest).await,
        Some("token-list" | "tokens" | "token-ls") => token::list(ctx).await,
        Some("token-get") => token::get(ctx, rest).await,
        Some("token-rm") => token::remove(ctx, rest).await,
        Some(other) => Err(IbmError::Message(format!(
            "'{other}' is not a registered command. See 'ibmcloud cr help'."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_domains() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(536_870_912), "537 MB");
        assert_eq!(size(5_368_709_120), "5 GB");
        let s = Session {
            region: "us-east".into(),
            ..Session::default()
        };
        assert_eq!(registry(&s), ("us-south".to_string(), "us.icr.io"));
        let s = Session {
            region: "eu-de".into(),
            registry_region: "eu-gb".into(),
            ..Session::default()
        };
        assert_eq!(registry(&s), ("eu-gb".to_string(), "uk.icr.io"));
    }
}
