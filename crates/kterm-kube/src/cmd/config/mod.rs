//! `kubectl config SUBCOMMAND`: one file per subcommand; they read the
//! merged kubeconfig and write changes back through `config_file::modify`.

mod current_context;
mod delete;
mod doc;
mod get_contexts;
mod get_names;
mod rename_context;
mod set_cluster;
mod set_context;
mod set_credentials;
mod unset;
mod use_context;
mod view;

use kterm_shell::Ctx;
use serde_json::Value;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::{self, Flag};
use doc::Loaded;

/// Flags Tab offers after `config` (`view`'s, `get-contexts`', `set-context`'s).
pub(crate) const FLAGS: &[Flag] = &[
    flags::OUTPUT,
    Flag::switch("minify", None, "Only what the current context uses"),
    Flag::switch("raw", None, "Show certificates and tokens as they are"),
    Flag::switch(
        "flatten",
        None,
        "Put the contents of referenced files in the output",
    ),
    flags::CURRENT,
    flags::NO_HEADERS,
];

/// Every subcommand, for help and completion.
pub const SUBCOMMANDS: &[&str] = &[
    "current-context",
    "delete-cluster",
    "delete-context",
    "delete-user",
    "get-clusters",
    "get-contexts",
    "get-users",
    "rename-context",
    "set",
    "set-cluster",
    "set-context",
    "set-credentials",
    "unset",
    "use-context",
    "view",
];

const HELP: &str = "Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".

Available Commands:
  current-context   Display the current-context
  delete-cluster    Delete the specified cluster from the kubeconfig
  delete-context    Delete the specified context from the kubeconfig
  delete-user       Delete the specified user from the kubeconfig
  get-clusters      Display clusters defined in the kubeconfig
  get-contexts      Describe one or many contexts
  get-users         Display users defined in the kubeconfig
  rename-context    Rename a context from the kubeconfig file
  set               Set an individual value in a kubeconfig file
  set-cluster       Set a cluster entry in kubeconfig
  set-context       Set a context entry in kubeconfig
  set-credentials   Set a user entry in kubeconfig
  unset             Unset an individual value in a kubeconfig file
  use-context       Set the current-context in a kubeconfig file
  view              Display merged kubeconfig settings or a specified kubeconfig file

Usage:
  kubectl config SUBCOMMAND [options]

Use \"kubectl config <command> --help\" for more information about a given command.
";

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    // Global flags may come before the subcommand (`config --kubeconfig F view`).
    let pos = args
        .iter()
        .position(|a| SUBCOMMANDS.contains(&a.as_str()) || a == "use");
    let Some(pos) = pos else {
        return match args.iter().find(|a| !a.starts_with('-')) {
            Some(other) => Err(KubeError::Client(format!(
                "unknown command {}\nSee 'kubectl config -h' for help and examples",
                serde_json::json!(other)
            ))),
            None => {
                ctx.stdout.write_str(HELP);
                Ok(0)
            }
        };
    };
    let sub = args[pos].as_str();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        ctx.stdout.write_str(&help(sub));
        return Ok(0);
    }
    let rest: Vec<String> = args[..pos]
        .iter()
        .chain(args[pos + 1..].iter())
        .cloned()
        .collect();
    match sub {
        "current-context" => current_context::run(ctx, inv, &rest),
        "get-contexts" => get_contexts::run(ctx, inv, &rest),
        "get-clusters" => get_names::run(ctx, inv, &rest, "get-clusters", "clusters"),
        "get-users" => get_names::run(ctx, inv, &rest, "get-users", "users"),
        "use-context" | "use" => use_context::run(ctx, inv, &rest),
        "set-context" => set_context::run(ctx, inv, &rest),
        "set-cluster" => set_cluster::run(ctx, inv, &rest),
        "set-credentials" => set_credentials::run(ctx, inv, &rest),
        "delete-context" => delete::run(ctx, inv, &rest, "context", "contexts"),
        "delete-cluster" => delete::run(ctx, inv, &rest, "cluster", "clusters"),
        "delete-user" => delete::run(ctx, inv, &rest, "user", "users"),
        "rename-context" => rename_context::run(ctx, inv, &rest),
        "unset" => unset::run(ctx, inv, &rest, false),
        "set" => unset::run(ctx, inv, &rest, true),
        _ => view::run(ctx, inv, &rest),
    }
}

/// A subcommand's summary and usage line (kubectl's `Short` and `Use`).
fn help(sub: &str) -> String {
    let (short, usage) = match sub {
        "current-context" => ("Display the current-context", "current-context"),
        "delete-cluster" => ("Delete the specified cluster from the kubeconfig", "delete-cluster NAME"),
        "delete-context" => ("Delete the specified context from the kubeconfig", "delete-context NAME"),
        "delete-user" => ("Delete the specified user from the kubeconfig", "delete-user NAME"),
        "get-clusters" => ("Display clusters defined in the kubeconfig", "get-clusters"),
        "get-contexts" => ("Describe one or many contexts", "get-contexts [(-o|--output=)name)]"),
        "get-users" => ("Display users defined in the kubeconfig", "get-users"),
        "rename-context" => ("Rename a context from the kubeconfig file", "rename-context CONTEXT_NAME NEW_NAME"),
        "set" => ("Set an individual value in a kubeconfig file", "set PROPERTY_NAME PROPERTY_VALUE"),
        "set-cluster" => ("Set a cluster entry in kubeconfig", "set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com]"),
        "set-context" => ("Set a context entry in kubeconfig", "set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]"),
        "set-credentials" => ("Set a user entry in kubeconfig", "set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value]"),
        "unset" => ("Unset an individual value in a kubeconfig file", "unset PROPERTY_NAME"),
        "use-context" | "use" => ("Set the current-context in a kubeconfig file", "use-context CONTEXT_NAME"),
        _ => ("Display merged kubeconfig settings or a specified kubeconfig file", "view [flags]"),
    };
    format!("{short}.\n\nUsage:\n  kubectl config {usage} [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n")
}

/// Parses a subcommand's flags and takes the kubeconfig it works on.
fn open(
    inv: &Invocation,
    sub: &str,
    args: &[String],
    spec: &[Flag],
) -> Result<(flags::Parsed, Loaded), KubeError> {
    let f = flags::parse(&format!("config {sub}"), args, spec)?;
    Ok((f, Loaded::new(inv.loaded()?)))
}

/// Writes `new` back to the files `loaded` came from.
fn save(ctx: &mut Ctx<'_>, loaded: &Loaded, new: &Value) -> Result<(), KubeError> {
    let now = ctx.host.now_ms();
    let new = doc::typed(new);
    loaded
        .files
        .clone()
        .modify(ctx.sh, &new, crate::go::yaml::to_string, now)
        .map_err(|e| KubeError::Client(e.0))
}

/// Takes a boolean flag that may carry a value (`--embed-certs`,
/// `--insecure-skip-tls-verify=false`) out of the arguments: whether it
/// was given, and its value.
fn take_bool(args: &[String], name: &str) -> Result<(Vec<String>, Option<bool>), KubeError> {
    let mut rest = Vec::new();
    let mut val = None;
    let long = format!("--{name}");
    for a in args {
        if *a == long {
            val = Some(true);
        } else if let Some(v) = a.strip_prefix(&format!("{long}=")) {
            val = Some(match v {
                "true" | "1" | "t" | "T" | "TRUE" | "True" => true,
                "false" | "0" | "f" | "F" | "FALSE" | "False" | "" => false,
                other => {
                    return Err(KubeError::Client(format!(
                        "invalid argument \"{other}\" for \"{long}\" flag: strconv.ParseBool: parsing \"{other}\": invalid syntax"
                    )))
                }
            });
        } else {
            rest.push(a.clone());
        }
    }
    Ok((rest, val))
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(args: &[String]) -> String {
    format!("[{}]", args.join(" "))
}
