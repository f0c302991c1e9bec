//! `kubectl config current-context | get-contexts | use-context NAME`

use kterm_shell::Ctx;
use serde_json::json;

use crate::error::KubeError;
use crate::{flags, kubeconfig, printer};

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let f = flags::parse("config", args, &[("output", Some('o'), true)])?;
    let cfg = kubeconfig::load(ctx.sh, f.value("kubeconfig"))?;
    let current = cfg["current-context"].as_str().unwrap_or("").to_string();
    match f.args.first().map(String::as_str) {
        Some("current-context") => {
            if current.is_empty() {
                return Err(KubeError::Client("current-context is not set".into()));
            }
            ctx.stdout.line(&current);
            Ok(0)
        }
        Some("get-contexts") => {
            let mut contexts = cfg["contexts"].as_array().cloned().unwrap_or_default();
            contexts.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
            if f.value("output") == Some("name") {
                for c in contexts {
                    ctx.stdout.line(&printer::cell(&c["name"]));
                }
                return Ok(0);
            }
            let mut rows = vec![["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
                .map(String::from)
                .to_vec()];
            for c in contexts {
                let name = printer::cell(&c["name"]);
                rows.push(vec![
                    if name == current {
                        "*".into()
                    } else {
                        String::new()
                    },
                    name,
                    printer::cell(&c["context"]["cluster"]),
                    printer::cell(&c["context"]["user"]),
                    printer::cell(&c["context"]["namespace"]),
                ]);
            }
            ctx.stdout.write_str(&printer::tabwrite(&rows));
            Ok(0)
        }
        Some("use-context") => {
            let Some(name) = f.args.get(1) else {
                return Err(KubeError::Client("Unexpected args: []".into()));
            };
            if !cfg["contexts"]
                .as_array()
                .is_some_and(|cs| cs.iter().any(|c| c["name"] == name.as_str()))
            {
                return Err(KubeError::Client(format!(
                    "no context exists with the name: \"{name}\""
                )));
            }
            let path = kubeconfig::first_existing(ctx.sh, f.value("kubeconfig"));
            let mut doc = kubeconfig::read_file(ctx.sh, &path);
            doc["current-context"] = json!(name);
            let now = ctx.host.now_ms();
            kubeconfig::write_file(ctx.sh, &path, &doc, now)?;
            ctx.stdout.line(&format!("Switched to context \"{name}\"."));
            Ok(0)
        }
        Some(other) => Err(KubeError::Client(format!(
            "unknown command \"{other}\" for \"kubectl config\""
        ))),
        None => Err(KubeError::Client(
            "kubectl config needs a subcommand: current-context, get-contexts, use-context".into(),
        )),
    }
}
