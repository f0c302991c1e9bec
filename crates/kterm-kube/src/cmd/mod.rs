//! The `kubectl` command: dispatch to subcommands, one per file, and
//! render their errors in one place.

mod config;
// kube-read helper: describe and the read-side verbs.
mod describe;
pub(crate) use describe::quantity as describe_quantity;
mod get;
pub mod oc;
pub mod version;

use async_trait::async_trait;
use kterm_shell::{CmdError, Command, Ctx};

use crate::error::KubeError;

const HELP: &str = "kubectl controls the Kubernetes cluster manager.

Basic Commands:
  get           Display one or many resources

Troubleshooting and Debugging Commands:
  describe      Show details of a specific resource or group of resources

Cluster Management Commands:
  version       Print the client and server version information
  config        Modify kubeconfig files (current-context, get-contexts, use-context)

Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.
";

const VERBS: &[&str] = &["get", "describe", "version", "config"];

pub struct Kubectl;

pub(crate) async fn dispatch(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let rest = args.get(1..).unwrap_or(&[]);
    match args.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => {
            ctx.stdout.write_str(HELP);
            Ok(0)
        }
        Some("version") => version::run(ctx, rest).await,
        Some("get") => get::run(ctx, rest).await,
        Some("describe") => describe::run(ctx, rest).await,
        Some("config") => config::run(ctx, rest).await,
        Some(other) => Err(KubeError::Client(format!(
            "unknown command \"{other}\" for \"kubectl\"\nRun 'kubectl --help' for usage."
        ))),
    }
}

#[async_trait(?Send)]
impl Command for Kubectl {
    fn name(&self) -> &'static str {
        "kubectl"
    }

    fn summary(&self) -> &'static str {
        "Kubernetes command-line tool: get, describe, version, config"
    }

    fn help(&self) -> String {
        HELP.to_string()
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        let args = ctx.args.clone();
        match dispatch(ctx, &args).await {
            Ok(n) => Ok(n),
            Err(e) => Ok(e.render(ctx)),
        }
    }

    async fn complete(&self, _ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        match words {
            [_] => VERBS.iter().map(|s| s.to_string()).collect(),
            [verb, _] if verb == "get" || verb == "describe" => [
                "pods",
                "deployments",
                "services",
                "nodes",
                "namespaces",
                "configmaps",
                "secrets",
                "events",
                "replicasets",
                "ingresses",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            [verb, _] if verb == "config" => ["current-context", "get-contexts", "use-context"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            _ => Vec::new(),
        }
    }
}
