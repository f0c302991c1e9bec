//! `ibmcloud plugin list|install|uninstall|update`: the Kubernetes Service
//! and Container Registry plug-ins are built in, installed to begin with.
//! `uninstall` takes one away for the session (its commands are then not
//! registered, as with the real CLI) and `install` brings it back; which
//! are installed is kept in `~/.bluemix/plugins/config.json`. Nothing else
//! can be installed in a browser.

use kterm_shell::{Ctx, ShellState};
use serde_json::{json, Value};

use crate::error::IbmError;
use crate::table;

/// (name, aliases, version)
pub const PLUGINS: &[(&str, &[&str], &str)] = &[
    ("container-registry", &["cr"], "1.3.17"),
    (
        "container-service",
        &["kubernetes-service", "ks", "cs"],
        "1.0.740",
    ),
];

const CONFIG: &str = "/home/user/.bluemix/plugins/config.json";

/// The plug-in `name` (or one of its aliases) is: its canonical name.
fn canonical(name: &str) -> Option<&'static str> {
    PLUGINS
        .iter()
        .find(|(n, aliases, _)| *n == name || aliases.contains(&name))
        .map(|(n, ..)| *n)
}

/// The installed plug-ins' names; both until one is uninstalled.
fn installed(sh: &ShellState) -> Vec<String> {
    let file: Value = sh
        .fs
        .read(CONFIG)
        .ok()
        .and_then(|b| serde_json::from_slice(b).ok())
        .unwrap_or(Value::Null);
    match file["Plugins"].as_object() {
        Some(m) => m.keys().cloned().collect(),
        None => PLUGINS.iter().map(|(n, ..)| n.to_string()).collect(),
    }
}

fn save(ctx: &mut Ctx<'_>, names: &[String]) -> Result<(), IbmError> {
    let mut plugins = serde_json::Map::new();
    for (n, _, v) in PLUGINS {
        if names.iter().any(|x| x == n) {
            plugins.insert(n.to_string(), json!({ "Version": v }));
        }
    }
    let text = serde_json::to_vec_pretty(&json!({ "Plugins": plugins }))
        .map_err(|e| IbmError::Message(e.to_string()))?;
    let now = ctx.host.now_ms();
    ctx.sh
        .fs
        .mkdir_p("/home/user/.bluemix/plugins")
        .and_then(|_| ctx.sh.fs.write(CONFIG, text, now))
        .map_err(|e| IbmError::Message(format!("{CONFIG}: {e}")))
}

/// Whether the command namespace `word` (`ks`, `cs`, `cr`, …) belongs to an
/// installed plug-in.
pub fn namespace_installed(sh: &ShellState, word: &str) -> bool {
    match canonical(word) {
        Some(p) => installed(sh).iter().any(|n| n == p),
        None => true,
    }
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    match args.first().map(String::as_str) {
        Some("list" | "ls") | None => list(ctx),
        Some("uninstall") => uninstall(ctx, args.get(1).map(String::as_str)),
        Some("install") => install(ctx, args.get(1).map(String::as_str)),
        Some("update") => {
            let name = args.get(1).map(String::as_str).unwrap_or("");
            if name.is_empty() {
                return Err(IbmError::Usage(
                    "'ibmcloud plugin update' needs a plug-in name".into(),
                ));
            }
            ctx.stdout.line(&format!("Plug-in '{name}' is built into this terminal and always up to date; there is nothing to update."));
            crate::colour::ok(ctx);
            Ok(0)
        }
        Some(other) => Err(IbmError::Usage(format!(
            "'{other}' is not a plugin command. Use 'ibmcloud plugin list'."
        ))),
    }
}

/// The layout of the 2019 docs: the name with its aliases after `/`.
fn list(ctx: &mut Ctx<'_>) -> Result<i32, IbmError> {
    let have = installed(ctx.sh);
    ctx.stdout.line("Listing installed plug-ins...");
    ctx.stdout.line("");
    let mut rows = vec![vec![
        "Plugin Name".to_string(),
        "Version".into(),
        "Status".into(),
    ]];
    for (n, aliases, v) in PLUGINS {
        if !have.iter().any(|x| x == n) {
            continue;
        }
        let shown = match aliases.first() {
            Some(a) if a.len() > 2 => format!("{n}/{a}"),
            _ => n.to_string(),
        };
        rows.push(vec![shown, v.to_string(), String::new()]);
    }
    table::print(ctx, &rows);
    Ok(0)
}

fn not_available(name: &str) -> IbmError {
    IbmError::Message(format!(
        "Plug-in '{name}' is not available in this terminal. Built in: container-service (ks) and container-registry (cr)."
    ))
}

fn uninstall(ctx: &mut Ctx<'_>, name: Option<&str>) -> Result<i32, IbmError> {
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return Err(IbmError::Usage(
            "'ibmcloud plugin uninstall' needs a plug-in name".into(),
        ));
    };
    let mut have = installed(ctx.sh);
    let Some(p) = canonical(name).filter(|p| have.iter().any(|n| n == p)) else {
        return Err(IbmError::Message(format!(
            "Plug-in '{name}' is not installed."
        )));
    };
    ctx.stdout
        .line(&format!("Uninstalling plug-in '{name}'..."));
    have.retain(|n| n != p);
    save(ctx, &have)?;
    crate::colour::ok(ctx);
    ctx.stdout
        .line(&format!("Plug-in '{name}' was successfully uninstalled."));
    Ok(0)
}

fn install(ctx: &mut Ctx<'_>, name: Option<&str>) -> Result<i32, IbmError> {
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return Err(IbmError::Usage(
            "'ibmcloud plugin install' needs a plug-in name".into(),
        ));
    };
    let Some((p, _, version)) =
        canonical(name).and_then(|p| PLUGINS.iter().find(|(n, ..)| *n == p))
    else {
        return Err(not_available(name));
    };
    let mut have = installed(ctx.sh);
    if have.iter().any(|n| n == p) {
        ctx.stdout
            .line(&format!("Plug-in '{p} {version}' is already installed."));
        crate::colour::ok(ctx);
        return Ok(0);
    }
    ctx.stdout.line(&format!(
        "Looking up '{name}' from repository 'IBM Cloud'..."
    ));
    ctx.stdout.line(&format!(
        "Plug-in '{p} {version}' found in repository 'IBM Cloud'"
    ));
    ctx.stdout.line("Installing binary...");
    have.push(p.to_string());
    save(ctx, &have)?;
    crate::colour::ok(ctx);
    ctx.stdout.line(&format!(
        "Plug-in '{p} {version}' was successfully installed into /home/user/.bluemix/plugins/{p}. Use 'ibmcloud plugin show {p}' to show its details."
    ));
    Ok(0)
}
