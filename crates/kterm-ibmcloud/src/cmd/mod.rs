//! The `ibmcloud` command (also `bx`): dispatch to its subcommands, one per
//! file, and render their errors in one place.

mod account;
mod config;
mod cr;
mod help;
mod help_more;
mod iam;
pub(crate) mod ks;
mod login;
mod logout;
mod plugin;
mod policy;
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
  plugin      List, uninstall and install the plug-ins (built in: container-service, container-registry)
  config      Set --color true|false
  version     Print the version
  ks, cs      Manage IBM Cloud Kubernetes Service clusters
  cr          Manage IBM Cloud Container Registry
  account     List and show accounts (account list, account show)
  resource    Resource groups (resource groups)
  iam         oauth-tokens, api-keys, api-key-create, api-key-delete
  help        Show help

GLOBAL OPTIONS:
  --no-color  Print without colours (also NO_COLOR=1 or IBMCLOUD_COLOR=false)

Enter 'ibmcloud help [command]' for more information about a command.
";

pub struct Ibmcloud;

const SUBCOMMANDS: &[&str] = &[
    "login", "logout", "target", "regions", "plugin", "version", "ks", "cs", "cr", "iam",
    "account", "resource", "config", "help",
];

/// Prints the help of the command `words` name, or the overview when they
/// name none.
fn print_help(ctx: &mut Ctx<'_>, words: &[String]) -> Result<i32, IbmError> {
    match (words.first(), help::lookup(words)) {
        (None, _) => ctx.stdout.write_str(HELP),
        (Some(_), Some(text)) => ctx.stdout.write_str(text),
        (Some(first), None) => {
            return Err(IbmError::Message(format!(
                "'{first}' is not a registered command. See 'ibmcloud help'."
            )))
        }
    }
    Ok(0)
}

async fn dispatch(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let rest = args.get(1..).unwrap_or(&[]);
    // A command of an uninstalled plug-in is not registered, as in the CLI.
    let first = args.first().map(String::as_str).unwrap_or("");
    let namespace = if first == "help" {
        rest.first().map(String::as_str).unwrap_or("")
    } else {
        first
    };
    if !plugin::namespace_installed(ctx.sh, namespace) {
        return Err(IbmError::Message(format!(
            "'{namespace}' is not a registered command. See 'ibmcloud help'."
        )));
    }
    if help::asked(args) {
        return print_help(ctx, &help::command_words(args));
    }
    match args.first().map(String::as_str) {
        None => print_help(ctx, &[]),
        Some("help") => print_help(ctx, &help::command_words(rest)),
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
        Some("config") => config::run(ctx, rest).await,
        Some(other) => Err(IbmError::Message(format!(
            "'{other}' is not a registered command. See 'ibmcloud help'."
        ))),
    }
}

pub(crate) const SUMMARY: &str = "IBM Cloud CLI: login, target, ks (Kubernetes Service)";

#[async_trait(?Send)]
impl Command for Ibmcloud {
    fn name(&self) -> &'static str {
        "ibmcloud"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["bx"]
    }

    fn summary(&self) -> &'static str {
        SUMMARY
    }

    fn help(&self) -> String {
        HELP.to_string()
    }

    fn mutates(&self, args: &[String]) -> Option<String> {
        // `--no-color` may come first; the words after it still decide.
        let words: Vec<String> = args
            .iter()
            .filter(|a| *a != "--no-color")
            .cloned()
            .collect();
        policy::mutates(&words)
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        // `--no-color` may come anywhere before `--`; colour::enabled reads
        // it from ctx.args, the commands never see it.
        let mut past = false;
        let args: Vec<String> = ctx
            .args
            .iter()
            .filter(|a| {
                past |= *a == "--";
                past || *a != "--no-color"
            })
            .cloned()
            .collect();
        let mut out = crate::colour::Styles(&mut *ctx.stdout);
        let mut err = crate::colour::Styles(&mut *ctx.stderr);
        let mut styled = Ctx {
            name: ctx.name.clone(),
            args: std::mem::take(&mut ctx.args),
            stdin: std::mem::take(&mut ctx.stdin),
            stdin_is_tty: ctx.stdin_is_tty,
            stdout: &mut out,
            stderr: &mut err,
            stdout_is_tty: ctx.stdout_is_tty,
            sh: &mut *ctx.sh,
            registry: ctx.registry,
            host: ctx.host,
            cancel: ctx.cancel.clone(),
        };
        match dispatch(&mut styled, &args).await {
            Ok(n) => Ok(n),
            Err(e) => Ok(e.render(&mut styled)),
        }
    }

    async fn complete(&self, ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // A flag's value: regions, resource groups and clusters come from the API.
        if let Some(prev) = words.len().checked_sub(2).map(|i| words[i].as_str()) {
            match prev {
                "-r" => {
                    return crate::regions::REGIONS
                        .iter()
                        .map(|(r, _)| r.to_string())
                        .collect()
                }
                "-g" => return live_groups(ctx).await,
                "-c" | "--cluster"
                    if matches!(words.first().map(String::as_str), Some("ks" | "cs")) =>
                {
                    return live_clusters(ctx).await
                }
                _ => {}
            }
        }
        match words {
            [_] => strings(SUBCOMMANDS),
            [first, _] if first == "ks" || first == "cs" => strings(&[
                "cluster",
                "clusters",
                "init",
                "region",
                "region-set",
                "regions",
                "versions",
                "worker",
                "workers",
                "zones",
                "help",
            ]),
            [first, second, _] if (first == "ks" || first == "cs") && second == "cluster" => {
                strings(&["config", "get", "ls"])
            }
            [first, _] if first == "cr" => strings(&[
                "api",
                "info",
                "region",
                "region-set",
                "login",
                "quota",
                "namespace-list",
                "namespace-add",
                "namespace-rm",
                "image-list",
                "images",
                "token-add",
                "token-list",
                "token-get",
                "token-rm",
            ]),
            [first, _] if first == "iam" => strings(&[
                "oauth-tokens",
                "api-keys",
                "api-key-create",
                "api-key-delete",
            ]),
            [first, ..] if first == "login" => strings(&[
                "--apikey",
                "--sso",
                "-r",
                "-g",
                "-c",
                "-u",
                "-p",
                "-a",
                "--no-region",
            ]),
            [first, ..] if first == "target" => {
                strings(&["-r", "-g", "-c", "--unset-region", "--unset-resource-group"])
            }
            [first, ..] if (first == "ks" || first == "cs") => {
                strings(&["--cluster", "--admin", "--export", "--output"])
            }
            _ => Vec::new(),
        }
    }
}

/// Resource group names of the targeted account (none when logged out).
async fn live_groups(ctx: &mut Ctx<'_>) -> Vec<String> {
    let Ok(mut s) = crate::api::fresh_session(ctx).await else {
        return Vec::new();
    };
    target::list_groups(ctx, &mut s)
        .await
        .map(|g| g.into_iter().map(|g| g.name).collect())
        .unwrap_or_default()
}

/// Cluster names (none when logged out).
async fn live_clusters(ctx: &mut Ctx<'_>) -> Vec<String> {
    let Ok(mut s) = crate::api::fresh_session(ctx).await else {
        return Vec::new();
    };
    let url = format!("{}/global/v2/getClusters", s.containers_endpoint);
    let v = crate::api::get_json(ctx, &mut s, &url, &[])
        .await
        .unwrap_or_default();
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
