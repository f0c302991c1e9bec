//! `kubectl version [--client] [-o json|yaml] [--short]`.
//!
//! kubectl removed `--short` in 1.28 (the short form became the default);
//! the IBM docs still type `kubectl version --short`, so it is accepted and
//! answered as those docs show: client and server versions.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::{api, flags, go};

pub const CLIENT: &str = "v1.37.1";
pub const KUSTOMIZE: &str = "v5.8.1";

fn client_info() -> Value {
    json!({
        "major": "1", "minor": "37", "gitVersion": CLIENT, "gitCommit": "f78e7224b5ea1a7ab2a1e2b5ed5e5fba3c46b2b0",
        "gitTreeState": "clean", "buildDate": "2026-10-21T12:00:00Z", "goVersion": "go1.25.3", "compiler": "gc", "platform": "js/wasm",
    })
}

pub(crate) const FLAGS: &[Flag] = &[
    Flag::switch("client", None, "Print the client version only"),
    flags::OUTPUT,
    Flag::switch("short", None, "Print only the version numbers"),
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("version", args, FLAGS)?;
    let server = if f.has("client") {
        None
    } else {
        let t = inv.target(ctx).await?;
        match api::get_json(ctx, &t, api::request(&t, "GET", "/version"), "get", "").await {
            Ok(v) => Some(Ok(v)),
            Err(e) => Some(Err(e)),
        }
    };
    match f.value("output") {
        Some(fmt @ ("json" | "yaml")) => {
            let mut v = json!({"clientVersion": client_info(), "kustomizeVersion": KUSTOMIZE});
            if let Some(Ok(s)) = &server {
                v["serverVersion"] = s.clone();
            }
            if fmt == "json" {
                ctx.stdout.line(&go::json::indent(&v, 2));
            } else {
                ctx.stdout.write_str(&go::yaml::to_string(&v));
                ctx.stdout.line("");
            }
        }
        Some(other) => {
            return Err(KubeError::Client(format!(
                "--output must be 'yaml' or 'json', got \"{other}\""
            )))
        }
        None => {
            ctx.stdout.line(&format!("Client Version: {CLIENT}"));
            if !f.has("short") {
                ctx.stdout.line(&format!("Kustomize Version: {KUSTOMIZE}"));
            }
            if let Some(Ok(s)) = &server {
                let git = s["gitVersion"].as_str().unwrap_or("");
                ctx.stdout.line(&format!(
                    "Server Version: {}",
                    kterm_shell::sanitize::field(git)
                ));
                let minor = |v: &str| {
                    v.trim_start_matches('v')
                        .split('.')
                        .nth(1)
                        .and_then(|m| m.parse::<i64>().ok())
                };
                if let (Some(c), Some(sv)) = (minor(CLIENT), minor(git)) {
                    if (c - sv).abs() > 1 {
                        ctx.stderr.line(&format!(
                            "Warning: version difference between client (1.{c}) and server (1.{sv}) exceeds the supported minor version skew of +/-1"
                        ));
                    }
                }
            }
        }
    }
    match server {
        Some(Err(e)) => Err(e),
        _ => Ok(0),
    }
}
