//! The `ibmcloud` command (also `bx`): dispatch to its subcommands, one per
//! file, and render their errors in one place.

mod account;
mod cr;
mod iam;
mod ks;
mod login;
mod logout;
mod plugin;
mod regions;
mod resource;
pub mod target;
mod version;

use async_trait::async_trait;
use kterm_shell::{CmdError, Command, Ctx};

use crate::error::IbmError;

const HELP: &str = "NAME:
  ibmcloud - A command line tool to interact with IBM Cloud

USAGE:
  ibmcloud [options] command [arguments...]

COMMANDS:
  login       Log in to IBM Cloud (--apikey KEY|@FILE, --sso, -u/-p, -r REGION, -g GROUP, -c ACCOUNT)
  logout      Log out
  target      Set or view the targeted region, account and resource group (-r, -g, -c)
  regions     List all the regions
  plugin      List the plug-ins (built in: container-service, container-registry)
  version     Print the version
  ks, cs      Manage IBM Cloud Kubernetes Service clusters
  cr          Manage IBM Cloud Container Registry
  account     List and show accounts (account list, account show)
  resource    Resource groups (resource groups)
  iam         oauth-tokens, api-keys, api-key-create, api-key-delete
  help        Show help

Enter 'ibmcloud help [command]' for more information about a command.
";

pub struct Ibmcloud;

const SUBCOMMANDS: &[&str] = &[
    "login", "logout", "target", "regions", "plugin", "version", "ks", "cs", "help",
];

async fn dispatch(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let rest = args.get(1..).unwrap_or(&[]);
    match args.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => match rest.first().map(String::as_str) {
            Some("ks" | "cs") => {
                ctx.stdout.write_str(ks::HELP);
                Ok(0)
            }
            Some("cr") => {
                ctx.stdout.write_str(cr::HELP);
                Ok(0)
            }
            _ => {
                ctx.stdout.write_str(HELP);
                Ok(0)
            }
        },
        Some("-v" | "--version" | "version") => version::run(ctx, rest).await,
        Some("login") => login::run(ctx, rest).await,
        Some("logout") => logout::run(ctx, rest).await,
        Some("target") => target::run(ctx, rest).await,
        Some("regions") => regions::run(ctx, rest).await,
        Some("plugin") => plugin::run(ctx, rest).await,
        Some("ks" | "cs") => ks::run(ctx, rest).await,
        Some("account") => account::run(ctx, rest).await,
        Some("cr") => cr::run(ctx, rest).await,
        Some("resource") => resource::run(ctx, rest).await,
        Some("iam") => iam::run(ctx, rest).await,
        Some(other) => Err(IbmError::Message(format!(
            "'{other}' is not a registered command. See 'ibmcloud help'."
        ))),
    }
}

#[async_trait(?Send)]
impl Command for Ibmcloud {
    fn name(&self) -> &'static str {
        "ibmcloud"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["bx"]
    }

    fn summary(&self) -> &'static str {
        "IBM Cloud CLI: login, target, ks (Kubernetes Service)"
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
            [_] => SUBCOMMANDS.iter().map(|s| s.to_string()).collect(),
            [first, _] if first == "ks" || first == "cs" => ["cluster", "clusters", "init", "help"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            [first, second, _] if (first == "ks" || first == "cs") && second == "cluster" => {
                ["config", "get", "ls"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            }
            [first, ..] if first == "login" => [
                "--apikey",
                "--sso",
                "-r",
                "-g",
                "-c",
                "-u",
                "-p",
                "-a",
                "--no-region",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            [first, ..] if first == "target" => {
                ["-r", "-g", "-c", "--unset-region", "--unset-resource-group"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}
