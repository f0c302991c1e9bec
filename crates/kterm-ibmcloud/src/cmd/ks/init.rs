//! `ibmcloud ks init [--host URL]`: which Kubernetes Service endpoint the
//! plug-in talks to. The docs over the years name the global endpoint and
//! regional ones on two domains (`https://us-east.containers.bluemix.net`,
//! `https://eu-gb.containers.cloud.ibm.com`); all of them are the one
//! service, so each is accepted and reached through the global endpoint.
//! Anything else is refused here, with the reason, rather than left to
//! fail every later command.

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::session::{default_cs, Session};

const DOMAINS: &[&str] = &["containers.cloud.ibm.com", "containers.bluemix.net"];

/// Region prefixes of the regional endpoints: today's names and the
/// service's former ones (`uk-south`, `eu-central`, `ap-south`, `ap-north`).
const REGIONS: &[&str] = &[
    "us-south",
    "us-east",
    "eu-gb",
    "eu-de",
    "eu-es",
    "au-syd",
    "jp-tok",
    "jp-osa",
    "ca-tor",
    "br-sao",
    "in-che",
    "uk-south",
    "eu-central",
    "ap-south",
    "ap-north",
];

/// The endpoint `host` names, as `https://host` without a trailing `/` or
/// `/global`, or why it is refused.
pub fn check_host(host: &str) -> Result<String, String> {
    let trimmed = host.trim().trim_end_matches('/');
    let trimmed = trimmed.strip_suffix("/global").unwrap_or(trimmed);
    let name = match trimmed.split_once("://") {
        Some(("https", rest)) => rest,
        Some(("http", _)) => {
            return Err(format!(
                "'{host}' uses plain HTTP; the Kubernetes Service API is served over HTTPS only."
            ))
        }
        Some(_) => return Err(format!("'{host}' is not an HTTPS URL.")),
        None => trimmed,
    };
    let name = name.to_ascii_lowercase();
    let known = DOMAINS.iter().any(|d| {
        name == *d
            || name
                .strip_suffix(d)
                .and_then(|p| p.strip_suffix('.'))
                .is_some_and(|r| REGIONS.contains(&r))
    });
    if known {
        return Ok(format!("https://{name}"));
    }
    if name.starts_with("private.") {
        return Err(format!(
            "'{host}' is a private service endpoint, reachable only from IBM Cloud's private network, not from a browser. Use https://containers.cloud.ibm.com."
        ));
    }
    Err(format!(
        "'{host}' is not an IBM Cloud Kubernetes Service API endpoint. Use https://containers.cloud.ibm.com (the default) or a regional one such as https://us-south.containers.cloud.ibm.com or https://us-east.containers.bluemix.net."
    ))
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let f = crate::flags::parse(
        args,
        &[
            (&["--host"], true),
            (&["--insecure"], false),
            (&["-p"], true),
            (&["-u"], true),
            (&["-s"], true),
        ],
    )?;
    let shown = match f.value("--host") {
        Some(h) => check_host(h).map_err(IbmError::Message)?,
        None => default_cs(),
    };
    let mut s = Session::load(ctx.sh);
    // Every accepted host is the one service, reached at its global endpoint.
    s.containers_endpoint = default_cs();
    s.containers_host = if shown == default_cs() {
        String::new()
    } else {
        shown.clone()
    };
    let now = ctx.host.now_ms();
    s.save(ctx.sh, now).map_err(IbmError::Message)?;
    ctx.stdout
        .line(&format!("Using Kubernetes Service API endpoint: {shown}"));
    crate::colour::ok(ctx);
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_the_docs_use_and_hosts_refused() {
        let ok = [
            (
                "https://containers.cloud.ibm.com",
                "https://containers.cloud.ibm.com",
            ),
            (
                "https://containers.cloud.ibm.com/global/",
                "https://containers.cloud.ibm.com",
            ),
            (
                "https://us-east.containers.bluemix.net",
                "https://us-east.containers.bluemix.net",
            ),
            (
                "https://eu-gb.containers.cloud.ibm.com",
                "https://eu-gb.containers.cloud.ibm.com",
            ),
            (
                "https://uk-south.containers.bluemix.net/",
                "https://uk-south.containers.bluemix.net",
            ),
            ("containers.bluemix.net", "https://containers.bluemix.net"),
            (
                "https://US-SOUTH.containers.cloud.ibm.com",
                "https://us-south.containers.cloud.ibm.com",
            ),
        ];
        for (h, want) in ok {
            assert_eq!(check_host(h).as_deref(), Ok(want), "{h}");
        }
        for (h, start) in [
            (
                "https://example.com",
                "'https://example.com' is not an IBM Cloud",
            ),
            (
                "https://mars.containers.cloud.ibm.com",
                "'https://mars.containers.cloud.ibm.com' is not",
            ),
            (
                "https://evil.com/containers.cloud.ibm.com",
                "'https://evil.com/containers.cloud.ibm.com' is not",
            ),
            (
                "http://containers.cloud.ibm.com",
                "'http://containers.cloud.ibm.com' uses plain HTTP",
            ),
            ("ftp://x", "'ftp://x' is not an HTTPS URL."),
            (
                "https://private.us-south.containers.cloud.ibm.com",
                "'https://private.us-south.containers.cloud.ibm.com' is a private service endpoint",
            ),
        ] {
            let e = check_host(h).unwrap_err();
            assert!(e.starts_with(start), "{h}: {e}");
        }
    }
}
