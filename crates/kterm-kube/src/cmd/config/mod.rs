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

/// One subcommand: its name, kubectl's `Use` (after `config `) and
/// `Short`, and its code. Help, dispatch and Tab read this table.
struct Sub {
    name: &'static str,
    usage: &'static str,
    short: &'static str,
    run: fn(&mut Ctx<'_>, &mut Invocation, &[String]) -> Result<i32, KubeError>,
}

const SUBS: &[Sub] = &[
    Sub {
        name: "current-context",
        usage: "current-context",
        short: "Display the current-context",
        run: current_context::run,
    },
    Sub {
        name: "delete-cluster",
        usage: "delete-cluster NAME",
        short: "Delete the specified cluster from the kubeconfig",
        run: |c, i, a| delete::run(c, i, a, "cluster", "clusters"),
    },
    Sub {
        name: "delete-context",
        usage: "delete-context NAME",
        short: "Delete the specified context from the kubeconfig",
        run: |c, i, a| delete::run(c, i, a, "context", "contexts"),
    },
    Sub {
        name: "delete-user",
        usage: "delete-user NAME",
        short: "Delete the specified user from the kubeconfig",
        run: |c, i, a| delete::run(c, i, a, "user", "users"),
    },
    Sub {
        name: "get-clusters",
        usage: "get-clusters",
        short: "Display clusters defined in the kubeconfig",
        run: |c, i, a| get_names::run(c, i, a, "get-clusters", "clusters"),
    },
    Sub {
        name: "get-contexts",
        usage: "get-contexts [(-o|--output=)name)]",
        short: "Describe one or many contexts",
        run: get_contexts::run,
    },
    Sub {
        name: "get-users",
        usage: "get-users",
        short: "Display users defined in the kubeconfig",
        run: |c, i, a| get_names::run(c, i, a, "get-users", "users"),
    },
    Sub {
        name: "rename-context",
        usage: "rename-context CONTEXT_NAME NEW_NAME",
        short: "Rename a context from the kubeconfig file",
        run: rename_context::run,
    },
    Sub {
        name: "set",
        usage: "set PROPERTY_NAME PROPERTY_VALUE",
        short: "Set an individual value in a kubeconfig file",
        run: |c, i, a| unset::run(c, i, a, true),
    },
    Sub {
        name: "set-cluster",
        usage: "set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com]",
        short: "Set a cluster entry in kubeconfig",
        run: set_cluster::run,
    },
    Sub {
        name: "set-context",
        usage: "set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]",
        short: "Set a context entry in kubeconfig",
        run: set_context::run,
    },
    Sub {
        name: "set-credentials",
        usage: "set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value]",
        short: "Set a user entry in kubeconfig",
        run: set_credentials::run,
    },
    Sub {
        name: "unset",
        usage: "unset PROPERTY_NAME",
        short: "Unset an individual value in a kubeconfig file",
        run: |c, i, a| unset::run(c, i, a, false),
    },
    Sub {
        name: "use-context",
        usage: "use-context CONTEXT_NAME",
        short: "Set the current-context in a kubeconfig file",
        run: use_context::run,
    },
    Sub {
        name: "view",
        usage: "view [flags]",
        short: "Display merged kubeconfig settings or a specified kubeconfig file",
        run: view::run,
    },
];

/// Every subcommand, for Tab and the read-only policy.
pub const SUBCOMMANDS: [&str; SUBS.len()] = crate::cli::names_of!(SUBS);

/// `kubectl config`'s help: every subcommand with its summary.
fn overview() -> String {
    let mut out = String::from("Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".\n\nAvailable Commands:\n");
    for s in SUBS {
        out.push_str(&format!("  {:<18}{}\n", s.name, s.short));
    }
    out.push_str("\nUsage:\n  kubectl config SUBCOMMAND [options]\n\nUse \"kubectl config <command> --help\" for more information about a given command.\n");
    out
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    // Global flags may come before the subcommand (`config --kubeconfig F view`).
    let pos = args
        .iter()
        .position(|a| a == "use" || SUBS.iter().any(|s| s.name == a));
    let Some(pos) = pos else {
        return match args.iter().find(|a| !a.starts_with('-')) {
            Some(other) => Err(KubeError::Client(format!(
                "unknown command {}\nSee 'kubectl config -h' for help and examples",
                serde_json::json!(other)
            ))),
            None => {
                ctx.stdout.write_str(&overview());
                Ok(0)
            }
        };
    };
    let name = match args[pos].as_str() {
        "use" => "use-context",
        other => other,
    };
    let Some(sub) = SUBS.iter().find(|s| s.name == name) else {
        return Err(KubeError::Client(format!("unknown command {name:?}")));
    };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        ctx.stdout.write_str(&format!(
            "{}.\n\nUsage:\n  kubectl config {} [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
            sub.short, sub.usage
        ));
        return Ok(0);
    }
    let rest: Vec<String> = args[..pos]
        .iter()
        .chain(args[pos + 1..].iter())
        .cloned()
        .collect();
    (sub.run)(ctx, inv, &rest)
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

#[cfg(test)]
mod tests {
    /// `kubectl config`'s help as it read before the table wrote it.
    const OLD: &str = "Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".

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

    #[test]
    fn overview_unchanged() {
        assert_eq!(super::overview(), OLD);
    }
}
