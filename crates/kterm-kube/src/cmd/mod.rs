//! The `kubectl` command: dispatch to subcommands, one per file, and
//! render their errors in one place.

mod annotate;
mod api_resources;
mod api_versions;
mod apply;
mod attach;
mod auth;
mod cluster_info;
pub(crate) mod complete;
mod completion;
mod config;
mod cordon;
mod create;
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
mod new_project;
pub mod oc;
mod patch;
mod policy;
mod replace;
mod rollout;
mod rollout_history;
mod rollout_status;
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

use crate::error::KubeError;

const HELP: &str = "kubectl controls the Kubernetes cluster manager.

Basic Commands (Beginner):
  create          Create resources from a file, stdin or a generator
  run             Run a particular image on the cluster
  expose          Make a deployment, pod, replica set or service reachable as a new service
  set             Change fields of objects (set image)

Basic Commands (Intermediate):
  explain         Show the documentation of a resource and its fields
  get             List one or many resources
  edit            Edit a resource in the terminal's editor
  delete          Delete resources by file, name or label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set the number of replicas

Cluster Management Commands:
  cluster-info    Show where the control plane runs
  top             Show CPU and memory use of pods and nodes
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance

Troubleshooting and Debugging Commands:
  describe        Show details of resources, with their events
  logs            Print the logs of a container
  events          List events
  exec            Run a command in a container
  attach          Attach to a running container
  auth            Check what you are allowed to do (can-i)

Advanced Commands:
  apply           Apply a configuration from files or stdin
  patch           Update fields of a resource
  replace         Replace a resource from a file or stdin
  wait            Wait for a condition on resources

Settings Commands:
  label           Add, change or remove labels
  annotate        Add, change or remove annotations
  completion      Shell completion (built into this terminal)

Other Commands:
  api-resources   List the API resources the server supports
  api-versions    List the API versions the server supports, as group/version
  config          View and change kubeconfig files
  version         Show the client and server versions

Not available in a browser:
  port-forward, proxy, cp

Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.
";

/// Implemented verbs (what Tab offers first).
pub(crate) const VERBS: &[&str] = &[
    "get",
    "describe",
    "version",
    "config",
    "edit",
    "explain",
    "logs",
    "exec",
    "top",
    "auth",
    "api-resources",
    "api-versions",
    "cluster-info",
    "completion",
    "port-forward",
    "proxy",
    "cp",
    "apply",
    "create",
    "delete",
    "patch",
    "label",
    "annotate",
    "scale",
    "replace",
    "set",
    "expose",
    "rollout",
    "wait",
    "run",
    "cordon",
    "uncordon",
    "drain",
    "events",
    "attach",
];

pub struct Kubectl;

/// Global flags may come before the verb (`kubectl -n kube-system get
/// pods`, `kubectl --context=x config view`): they are moved after it.
fn verb_first(args: &[String]) -> Vec<String> {
    let mut leading = Vec::new();
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') && args[i] != "--" && args[i] != "-" {
        let a = &args[i];
        leading.push(a.clone());
        let takes_value = if let Some(long) = a.strip_prefix("--") {
            !long.contains('=')
                && crate::flags::GLOBAL
                    .iter()
                    .any(|(n, _, takes)| *n == long && *takes)
        } else {
            let c = a.chars().nth(1);
            a.chars().count() == 2
                && crate::flags::GLOBAL
                    .iter()
                    .any(|(_, s, takes)| *s == c && *takes)
        };
        if takes_value {
            if let Some(v) = args.get(i + 1) {
                leading.push(v.clone());
                i += 1;
            }
        }
        i += 1;
    }
    if leading.is_empty() || i >= args.len() {
        return args.to_vec();
    }
    let mut out = vec![args[i].clone()];
    out.extend(leading);
    out.extend(args[i + 1..].iter().cloned());
    out
}

/// Verbs that never talk to the cluster (no token refresh first).
const LOCAL_VERBS: &[&str] = &[
    "help",
    "--help",
    "-h",
    "config",
    "completion",
    "port-forward",
    "proxy",
    "cp",
];

/// Runs one kubectl command line: global flags before the verb, `-v` and
/// `--request-timeout` for every request, the oidc token renewed first.
pub(crate) async fn dispatch(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let args = verb_first(args);
    let settings = crate::trace::settings(&args)?;
    let verbose = settings.verbosity >= 6;
    let pending = settings.pending.clone();
    ctx.sh.ext.insert(settings);
    if verbose {
        let f = crate::context::globals(&args);
        for p in crate::kubeconfig::paths(ctx.sh, f.value("kubeconfig")) {
            if ctx.sh.fs.exists(&p) {
                crate::trace::log(
                    ctx,
                    6,
                    "loader.go:408",
                    &format!("Config loaded from file:  {p}"),
                );
            }
        }
    }
    let result = if verbose {
        let err = std::rc::Rc::new(std::cell::RefCell::new(&mut *ctx.stderr));
        let mut out = crate::trace::Flushing {
            inner: std::rc::Rc::new(std::cell::RefCell::new(&mut *ctx.stdout)),
            err: err.clone(),
            pending: pending.clone(),
        };
        let mut errw = crate::trace::Flushing {
            inner: err.clone(),
            err: err.clone(),
            pending: pending.clone(),
        };
        let mut inner = Ctx {
            name: ctx.name.clone(),
            args: ctx.args.clone(),
            stdin: std::mem::take(&mut ctx.stdin),
            stdin_is_tty: ctx.stdin_is_tty,
            stdout: &mut out,
            stderr: &mut errw,
            stdout_is_tty: ctx.stdout_is_tty,
            sh: &mut *ctx.sh,
            registry: ctx.registry,
            host: ctx.host,
            cancel: ctx.cancel.clone(),
        };
        let r = run_verb(&mut inner, &args).await;
        errw.flush();
        r
    } else {
        run_verb(ctx, &args).await
    };
    ctx.sh.ext.remove::<crate::trace::Settings>();
    result
}

async fn run_verb(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let rest = args.get(1..).unwrap_or(&[]);
    let verb = args.first().map(String::as_str).unwrap_or("help");
    let client_only = verb == "version" && rest.iter().any(|a| a == "--client");
    if !LOCAL_VERBS.contains(&verb) && !client_only {
        crate::auth::refresh_oidc(ctx, &crate::context::globals(rest)).await?;
    }
    match args.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => {
            ctx.stdout.write_str(HELP);
            Ok(0)
        }
        Some("version") => version::run(ctx, rest).await,
        Some("get") => get::run(ctx, rest).await,
        Some("describe") => describe::run(ctx, rest).await,
        Some("config") => config::run(ctx, rest).await,
        Some("apply") => apply::run(ctx, rest).await,
        Some("create") => create::run(ctx, rest).await,
        Some("delete") => delete::run(ctx, rest).await,
        Some("patch") => patch::run(ctx, rest).await,
        Some("label") => label::run(ctx, rest).await,
        Some("annotate") => annotate::run(ctx, rest).await,
        Some("scale") => scale::run(ctx, rest).await,
        Some("replace") => replace::run(ctx, rest).await,
        Some("set") => set::run(ctx, rest).await,
        Some("expose") => expose::run(ctx, rest).await,
        Some("rollout") => rollout::run(ctx, rest).await,
        Some("wait") => wait::run(ctx, rest).await,
        Some("run") => run::run(ctx, rest).await,
        Some("cordon") => cordon::run(ctx, rest, true).await,
        Some("uncordon") => cordon::run(ctx, rest, false).await,
        Some("drain") => drain::run(ctx, rest).await,
        Some("events") => events::run(ctx, rest).await,
        Some("attach") => attach::run(ctx, rest).await,
        Some("api-resources") => api_resources::run(ctx, rest).await,
        Some("api-versions") => api_versions::run(ctx, rest).await,
        Some("cluster-info") => cluster_info::run(ctx, rest).await,
        Some("completion") => completion::run(ctx, rest),
        Some(v @ ("port-forward" | "proxy" | "cp")) => unsupported::run(v),
        Some("logs") => logs::run(ctx, rest).await,
        Some("exec") => exec::run(ctx, rest).await,
        Some("top") => top::run(ctx, rest).await,
        Some("auth") => auth::run(ctx, rest).await,
        Some("explain") => explain::run(ctx, rest).await,
        Some("edit") => edit::run(ctx, rest).await,
        Some(other) => Err(KubeError::Client(format!(
            "unknown command \"{other}\" for \"kubectl\"\nRun 'kubectl --help' for usage."
        ))),
    }
}

pub(crate) const KUBECTL_SUMMARY: &str =
    "Kubernetes command-line tool: get, describe, apply, logs, exec and more";

#[async_trait(?Send)]
impl Command for Kubectl {
    fn name(&self) -> &'static str {
        "kubectl"
    }

    fn summary(&self) -> &'static str {
        KUBECTL_SUMMARY
    }

    fn help(&self) -> String {
        HELP.to_string()
    }

    fn mutates(&self, args: &[String]) -> Option<String> {
        policy::mutates(args)
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        let args = ctx.args.clone();
        match dispatch(ctx, &args).await {
            Ok(n) => Ok(n),
            Err(e) => Ok(e.render(ctx)),
        }
    }

    async fn complete(&self, ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        complete::candidates(ctx, words).await
    }
}
