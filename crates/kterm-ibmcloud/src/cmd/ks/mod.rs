//! `ibmcloud ks` (alias `cs`): the Kubernetes Service plug-in.

pub(crate) mod cluster_config;
mod cluster_get;
mod clusters;
mod init;
mod region;
mod regions;
mod workers;

use kterm_shell::Ctx;

use crate::error::IbmError;

pub const HELP: &str = "NAME:
  ibmcloud ks - Manage IBM Cloud Kubernetes Service clusters.

USAGE:
  ibmcloud ks command [arguments...] [command options]

COMMANDS:
  cluster config   Download the Kubernetes configuration of a cluster and add it to your kubeconfig.
  cluster get      View the details of a cluster.
  cluster ls       List the clusters that you have access to (also: clusters).
  init             Set the Kubernetes Service API endpoint (--host; none: the default).
  region           Show the Kubernetes Service region in use.
  region-set       Set the Kubernetes Service region (asks when none is given).
  regions          List the Kubernetes Service regions.
  versions         List the Kubernetes and OpenShift versions.
  worker ls        List the worker nodes of a cluster (also: workers).
  zone ls          List the zones (also: zones, locations; --provider classic|vpc-gen2).

Enter 'ibmcloud ks help [command]' for more information about a command.
";

/// The cluster a command is about: `--cluster`/`-c`, or the first
/// positional argument as the old spellings take it.
fn cluster_arg(f: &crate::flags::Parsed) -> Result<String, IbmError> {
    f.value("-c")
        .or(f.positional.first().map(String::as_str))
        .map(str::to_string)
        .ok_or_else(|| {
            IbmError::Usage("the required flag '-c, --cluster' was not specified".into())
        })
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, IbmError> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => {
            ctx.stdout.write_str(HELP);
            Ok(0)
        }
        ["help", ..] => {
            let mut words = vec!["ks".to_string()];
            words.extend(args[1..].iter().cloned());
            super::print_help(ctx, &words)
        }
        ["clusters", ..] => clusters::run(ctx, &args[1..]).await,
        ["cluster", "ls" | "list", ..] => clusters::run(ctx, &args[2..]).await,
        ["cluster", "config", ..] => cluster_config::run(ctx, &args[2..], false).await,
        ["cluster-config", ..] => cluster_config::run(ctx, &args[1..], true).await,
        ["cluster", "get", ..] => cluster_get::run(ctx, &args[2..]).await,
        ["cluster-get", ..] => cluster_get::run(ctx, &args[1..]).await,
        ["init", ..] => init::run(ctx, &args[1..]).await,
        ["region", ..] => region::show(ctx, &args[1..]).await,
        ["region-set", ..] => region::set(ctx, &args[1..]).await,
        ["regions", ..] => regions::run(ctx, &args[1..]).await,
        ["workers", ..] => workers::run(ctx, &args[1..]).await,
        ["worker", "ls" | "list", ..] => workers::run(ctx, &args[2..]).await,
        ["versions", ..] | ["version", "ls", ..] => workers::versions(ctx, &args[1..]).await,
        ["zones", ..] | ["locations", ..] | ["zone", "ls", ..] => {
            workers::zones(ctx, &args[1..]).await
        }
        [other, ..] => Err(IbmError::Message(format!(
            "'{other}' is not a registered command. See 'ibmcloud ks help'."
        ))),
    }
}
