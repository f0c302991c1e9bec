//! `oc`: OpenShift's CLI. Its own verbs (`login`, `whoami`, `project`,
//! `projects`, `new-project`), one file each, in a table on top of
//! kubectl's: every other verb is kubectl's.

mod login;
mod new_project;
mod project;
mod whoami;

use async_trait::async_trait;
use kterm_kubeconfig::files;
use kterm_shell::{CmdError, Command, Ctx};
use serde_json::Value;

use crate::api;
use crate::cli::{self, entry, Invocation, Mutates, Operands, Section, Verb};
use crate::error::KubeError;
use crate::kubeconfig::Target;

/// oc's own verbs. They change only the local kubeconfig, except
/// `new-project`.
pub const VERBS: &[Verb] = &[
    Verb {
        name: "login",
        section: Section::OpenShift,
        summary: "Log in to a server",
        flags: login::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(login::run),
    },
    Verb {
        name: "whoami",
        section: Section::OpenShift,
        summary: "Return information about the current session",
        flags: whoami::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(whoami::run),
    },
    Verb {
        name: "project",
        section: Section::OpenShift,
        summary: "Switch to another project",
        flags: &[],
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(project::project),
    },
    Verb {
        name: "projects",
        section: Section::OpenShift,
        summary: "Display existing projects",
        flags: &[],
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::No,
        run: entry!(project::projects),
    },
    Verb {
        name: "new-project",
        section: Section::OpenShift,
        summary: "Request a new project",
        flags: new_project::FLAGS,
        subcommands: &[],
        operands: Operands::None,
        mutates: Mutates::Yes,
        run: entry!(new_project::run),
    },
];

pub struct Oc;

/// The user an IAM token names, as oc shows it: `IAM#email`.
fn user_of(token: &str) -> String {
    let claims: Value = kterm_shell::jwt::claims(token).unwrap_or_default();
    match claims["email"].as_str().filter(|e| e.contains('@')) {
        Some(e) => format!("IAM#{e}"),
        None => format!("IAM#{}", claims["iam_id"].as_str().unwrap_or("unknown")),
    }
}

/// The names of the projects (namespaces) the user can see.
async fn projects(ctx: &Ctx<'_>, t: &Target) -> Result<Vec<String>, KubeError> {
    let list = api::get_json(
        ctx,
        t,
        api::request(t, "GET", "/api/v1/namespaces"),
        "list",
        "namespaces",
    )
    .await?;
    Ok(list["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|n| n["metadata"]["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

fn print_projects(ctx: &mut Ctx<'_>, projects: &[String], current: &str) {
    if projects.len() > 50 {
        ctx.stdout.line(&format!("You have access to {} projects, the list has been suppressed. You can list all projects with 'oc projects'", projects.len()));
        return;
    }
    ctx.stdout.line("You have access to the following projects and can switch between them with 'oc project <projectname>':");
    ctx.stdout.line("");
    for p in projects {
        let mark = if p == current { "*" } else { " " };
        ctx.stdout
            .line(&format!("  {mark} {}", kterm_shell::sanitize::field(p)));
    }
}

/// Makes `ns` the namespace of `context` in the first kubeconfig file in
/// play that exists (where oc keeps the current project).
fn set_namespace(
    ctx: &mut Ctx<'_>,
    inv: &Invocation,
    context: &str,
    ns: &str,
) -> Result<(), KubeError> {
    let flag = inv.globals.kubeconfig.as_deref();
    let path = files::paths(ctx.sh, flag)
        .into_iter()
        .find(|p| ctx.sh.fs.exists(p))
        .unwrap_or_else(|| files::DEFAULT_PATH.into());
    let mut cfg = files::read(ctx.sh, &path)
        .ok()
        .flatten()
        .unwrap_or_default();
    if let Some(mut c) = cfg.context(context).cloned() {
        c.namespace = ns.to_string();
        cfg.set_context(context, c);
    }
    let now = ctx.host.now_ms();
    files::write(ctx.sh, &path, &cfg, crate::go::yaml::to_string, now)
        .map_err(|e| KubeError::Client(e.0))
}

pub(crate) const SUMMARY: &str =
    "OpenShift CLI: login, whoami, project(s), new-project, and every kubectl verb";

#[async_trait(?Send)]
impl Command for Oc {
    fn name(&self) -> &'static str {
        "oc"
    }

    fn summary(&self) -> &'static str {
        SUMMARY
    }

    fn help(&self) -> String {
        cli::help_text(&super::OC)
    }

    fn mutates(&self, args: &[String]) -> Option<String> {
        cli::mutates(&super::OC, args)
    }

    async fn complete(&self, ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        cli::candidates(ctx, &super::OC, words).await
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        super::run_tool(&super::OC, ctx).await
    }
}
