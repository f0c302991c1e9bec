//! The `kubectl` command: its verb table (one entry per verb, one file
//! per verb), and the `Command` the shell runs, which dispatches through
//! the table and renders errors in one place. Adding a verb: a `mod`
//! line, a table entry, and its file.

mod annotate;
mod api_resources;
mod api_versions;
mod apply;
mod attach;
mod auth;
mod cluster_info;
mod completion;
mod config;
mod cordon;
pub(crate) mod create;
mod delete;
mod describe;
mod drain;
mod edit;
mod events;
mod exec;
mod explain;
mod expose;
mod get;
mod label;
mod logs;
pub mod oc;
mod patch;
mod replace;
mod rollout;
mod run;
mod scale;
mod set;
mod top;
mod typed;
mod unsupported;
pub mod version;
mod wait;

use async_trait::async_trait;
use kterm_shell::{CmdError, Command, Ctx};

use crate::cli::{self, entry, Mutates, Operands, Section, Tool, Verb};

/// kubectl's verbs, in the order `kubectl --help` lists them.
pub const VERBS: &[Verb] = &[
    Verb {
        name: "create",
        section: Section::Beginner,
        summary: "Create resources from a file, stdin or a generator",
        flags: create::FLAGS,
        subcommands: &create::NAMES,
        operands: Operands::Subcommand,
        mutates: Mutates::Yes,
        run: entry!(create::run),
    },
    Verb {
        name: "run",
        section: Section::Beginner,
        summary: "Run a particular image on the cluster",
        flags: run::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::Yes,
        run: entry!(run::run),
    },
    Verb {
        name: "expose",
        section: Section::Beginner,
        summary: "Make a deployment, pod, replica set or service reachable as a new service",
        flags: expose::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::Yes,
        run: entry!(expose::run),
    },
    Verb {
        name: "set",
        section: Section::Beginner,
        summary: "Change fields of objects (set image)",
        flags: set::FLAGS,
        subcommands: &["image"],
        operands: Operands::Subcommand,
        mutates: Mutates::Yes,
        run: entry!(set::run),
    },
    Verb {
        name: "explain",
        section: Section::Intermediate,
        summary: "Show the documentation of a resource and its fields",
        flags: explain::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::No,
        run: entry!(explain::run),
    },
    Verb {
        name: "get",
        section: Section::Intermediate,
        summary: "List one or many resources",
        flags: get::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::No,
        run: entry!(get::run),
    },
    Verb {
        name: "edit",
        section: Section::Intermediate,
        summary: "Edit a resource in the terminal's editor",
        flags: edit::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::Yes,
        run: entry!(edit::run),
    },
    Verb {
        name: "delete",
        section: Section::Intermediate,
        summary: "Delete resources by file, name or label selector",
        flags: delete::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::Yes,
        run: entry!(delete::run),
    },
    Verb {
        name: "rollout",
        section: Section::Deploy,
        summary: "Manage the rollout of a resource",
        flags: rollout::FLAGS,
        subcommands: &rollout::SUBCOMMANDS,
        operands: Operands::Subcommand,
        mutates: Mutates::UnlessSub(&["status", "history"]),
        run: entry!(rollout::run),
    },
    Verb {
        name: "scale",
        section: Section::Deploy,
        summary: "Set the number of replicas",
        flags: scale::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::Yes,
        run: entry!(scale::run),
    },
    Verb {
        name: "cluster-info",
        section: Section::Cluster,
        summary: "Show where the control plane runs",
        flags: &[],
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(cluster_info::run),
    },
    Verb {
        name: "top",
        section: Section::Cluster,
        summary: "Show CPU and memory use of pods and nodes",
        flags: top::FLAGS,
        subcommands: &["pod", "node"],
        operands: Operands::Subcommand,
        mutates: Mutates::No,
        run: entry!(top::run),
    },
    Verb {
        name: "cordon",
        section: Section::Cluster,
        summary: "Mark node as unschedulable",
        flags: cordon::FLAGS,
        subcommands: &[],
        operands: Operands::Nodes,
        mutates: Mutates::Yes,
        run: entry!(cordon::cordon),
    },
    Verb {
        name: "uncordon",
        section: Section::Cluster,
        summary: "Mark node as schedulable",
        flags: cordon::FLAGS,
        subcommands: &[],
        operands: Operands::Nodes,
        mutates: Mutates::Yes,
        run: entry!(cordon::uncordon),
    },
    Verb {
        name: "drain",
        section: Section::Cluster,
        summary: "Drain node in preparation for maintenance",
        flags: drain::FLAGS,
        subcommands: &[],
        operands: Operands::Nodes,
        mutates: Mutates::Yes,
        run: entry!(drain::run),
    },
    Verb {
        name: "describe",
        section: Section::Troubleshooting,
        summary: "Show details of resources, with their events",
        flags: describe::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::No,
        run: entry!(describe::run),
    },
    Verb {
        name: "logs",
        section: Section::Troubleshooting,
        summary: "Print the logs of a container",
        flags: logs::FLAGS,
        subcommands: &[],
        operands: Operands::Pods,
        mutates: Mutates::No,
        run: entry!(logs::run),
    },
    Verb {
        name: "events",
        section: Section::Troubleshooting,
        summary: "List events",
        flags: events::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(events::run),
    },
    Verb {
        name: "exec",
        section: Section::Troubleshooting,
        summary: "Run a command in a container",
        flags: exec::FLAGS,
        subcommands: &[],
        operands: Operands::Pods,
        mutates: Mutates::Yes,
        run: entry!(exec::run),
    },
    Verb {
        name: "attach",
        section: Section::Troubleshooting,
        summary: "Attach to a running container",
        flags: attach::FLAGS,
        subcommands: &[],
        operands: Operands::Pods,
        mutates: Mutates::Yes,
        run: entry!(attach::run),
    },
    Verb {
        name: "auth",
        section: Section::Troubleshooting,
        summary: "Check what you are allowed to do (can-i)",
        flags: auth::FLAGS,
        subcommands: &["can-i", "whoami"],
        operands: Operands::Subcommand,
        mutates: Mutates::UnlessSub(&["can-i", "whoami"]),
        run: entry!(auth::run),
    },
    Verb {
        name: "apply",
        section: Section::Advanced,
        summary: "Apply a configuration from files or stdin",
        flags: apply::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::Yes,
        run: entry!(apply::run),
    },
    Verb {
        name: "patch",
        section: Section::Advanced,
        summary: "Update fields of a resource",
        flags: patch::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::Yes,
        run: entry!(patch::run),
    },
    Verb {
        name: "replace",
        section: Section::Advanced,
        summary: "Replace a resource from a file or stdin",
        flags: replace::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::Yes,
        run: entry!(replace::run),
    },
    Verb {
        name: "wait",
        section: Section::Advanced,
        summary: "Wait for a condition on resources",
        flags: wait::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::No,
        run: entry!(wait::run),
    },
    Verb {
        name: "label",
        section: Section::Settings,
        summary: "Add, change or remove labels",
        flags: label::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::Yes,
        run: entry!(label::run),
    },
    Verb {
        name: "annotate",
        section: Section::Settings,
        summary: "Add, change or remove annotations",
        flags: label::FLAGS,
        subcommands: &[],
        operands: Operands::Types,
        mutates: Mutates::Yes,
        run: entry!(annotate::run),
    },
    Verb {
        name: "completion",
        section: Section::Settings,
        summary: "Shell completion (built into this terminal)",
        flags: &[],
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(completion::run),
    },
    Verb {
        name: "api-resources",
        section: Section::Other,
        summary: "List the API resources the server supports",
        flags: api_resources::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(api_resources::run),
    },
    Verb {
        name: "api-versions",
        section: Section::Other,
        summary: "List the API versions the server supports, as group/version",
        flags: &[],
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(api_versions::run),
    },
    Verb {
        name: "config",
        section: Section::Other,
        summary: "View and change kubeconfig files",
        flags: config::FLAGS,
        subcommands: &config::SUBCOMMANDS,
        operands: Operands::Config,
        mutates: Mutates::No,
        run: entry!(config::run),
    },
    Verb {
        name: "version",
        section: Section::Other,
        summary: "Show the client and server versions",
        flags: version::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(version::run),
    },
    Verb {
        name: "port-forward",
        section: Section::Unavailable,
        summary: "Forward local ports to a pod (not in a browser)",
        flags: &[],
        subcommands: &[],
        operands: Operands::Pods,
        mutates: Mutates::Yes,
        run: entry!(unsupported::port_forward),
    },
    Verb {
        name: "proxy",
        section: Section::Unavailable,
        summary: "Serve the API on a local port (not in a browser)",
        flags: &[],
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::Yes,
        run: entry!(unsupported::proxy),
    },
    Verb {
        name: "cp",
        section: Section::Unavailable,
        summary: "Copy files to and from containers (not in a browser)",
        flags: &[],
        subcommands: &[],
        operands: Operands::Pods,
        mutates: Mutates::Yes,
        run: entry!(unsupported::cp),
    },
];

/// kubectl: its table alone.
pub const KUBECTL: Tool = Tool {
    name: "kubectl",
    intro: "kubectl controls the Kubernetes cluster manager.",
    tables: &[VERBS],
};

/// oc: its own verbs on top of kubectl's.
pub const OC: Tool = Tool {
    name: "oc",
    intro: "OpenShift Client: oc's own commands, and every kubectl command.",
    tables: &[oc::VERBS, VERBS],
};

pub struct Kubectl;

pub(crate) const KUBECTL_SUMMARY: &str =
    "Kubernetes command-line tool: get, describe, apply, logs, exec and more";

/// Runs a tool's line and renders its error in the tool's words.
pub(crate) async fn run_tool(tool: &Tool, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let args = ctx.args.clone();
    match cli::dispatch(ctx, tool, &args).await {
        Ok(n) => Ok(n),
        Err(e) => Ok(e.render(ctx)),
    }
}

#[async_trait(?Send)]
impl Command for Kubectl {
    fn name(&self) -> &'static str {
        "kubectl"
    }

    fn summary(&self) -> &'static str {
        KUBECTL_SUMMARY
    }

    fn help(&self) -> String {
        cli::help_text(&KUBECTL)
    }

    fn mutates(&self, args: &[String]) -> Option<String> {
        cli::mutates(&KUBECTL, args)
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        run_tool(&KUBECTL, ctx).await
    }

    async fn complete(&self, ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        cli::candidates(ctx, &KUBECTL, words).await
    }
}
