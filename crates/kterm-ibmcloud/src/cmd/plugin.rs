//! `ibmcloud plugin list|install|update|uninstall`: the Kubernetes Service
//! and Container Registry plug-ins are built in; nothing else can be
//! installed in a browser.

use kterm_shell::Ctx;

use crate::error::IbmError;
use crate::table;

pub const PLUGINS: &[(&str, &str)] = &[
    ("container-registry", "1.3.17"),
    ("container-service[kubernetes-service]", "1.0.740"),
];

fn built_in(name: &str) -> bool {
    matches!(
        name,
        "container-registry" | "cr" | "container-service" | "kubernetes-service" | "ks" | "cs"
    )
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    match args.first().map(String::as_str) {
        Some("list" | "ls") | None => {
            ctx.stdout.line("Listing installed plug-ins...");
            ctx.stdout.line("");
            let mut rows = vec![vec![
                "Plugin Name".to_string(),
                "Version".into(),
                "Status".into(),
                "Private endpoints supported".into(),
            ]];
            rows.extend(
                PLUGINS.iter().map(|(n, v)| {
                    vec![n.to_string(), v.to_string(), String::new(), "false".into()]
                }),
            );
            ctx.stdout.write_str(&table::render(&rows));
            Ok(0)
        }
        Some(verb @ ("install" | "update" | "uninstall")) => {
            let name = args.get(1).map(String::as_str).unwrap_or("");
            if name.is_empty() {
                return Err(IbmError::Usage(format!(
                    "'ibmcloud plugin {verb}' needs a plug-in name"
                )));
            }
            if built_in(name) {
                ctx.stdout.line(&format!("Plug-in '{name}' is built into this terminal and always up to date; there is nothing to {verb}."));
                ctx.stdout.line("OK");
                Ok(0)
            } else {
                Err(IbmError::Message(format!(
                    "Plug-in '{name}' is not available in this terminal. Built in: container-service (ks) and container-registry (cr)."
                )))
            }
        }
        Some(other) => Err(IbmError::Usage(format!(
            "'{other}' is not a plugin command. Use 'ibmcloud plugin list'."
        ))),
    }
}
