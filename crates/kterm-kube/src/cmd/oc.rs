//! `oc`: OpenShift's CLI. `login` (`-u apikey -p KEY`, `--token`),
//! `whoami`, `project`, `projects`, `new-project`; every other verb is kubectl's.

use async_trait::async_trait;
use kterm_http::Request;
use kterm_shell::{CmdError, Command, Ctx};
use serde_json::{json, Value};

use crate::error::KubeError;
use crate::kubeconfig::{self, Target};
use crate::{api, flags};

pub struct Oc;

const IAM_TOKEN_URL: &str = "https://iam.cloud.ibm.com/identity/token";

/// `c100-e-us-south-containers-cloud-ibm-com:31234`, as oc names clusters.
fn cluster_name(server: &str) -> String {
    let host = server.split("://").nth(1).unwrap_or(server);
    let host = host.split('/').next().unwrap_or(host);
    host.replace('.', "-")
}

fn user_of(token: &str) -> String {
    let claims: Value = kterm_shell::jwt::claims(token).unwrap_or_default();
    match claims["email"].as_str().filter(|e| e.contains('@')) {
        Some(e) => format!("IAM#{e}"),
        None => format!("IAM#{}", claims["iam_id"].as_str().unwrap_or("unknown")),
    }
}

async fn login(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let f = flags::parse(
        "login",
        args,
        &[("username", Some('u'), true), ("password", Some('p'), true)],
    )?;
    let server = f
        .value("server")
        .map(str::to_string)
        .or_else(|| f.args.first().cloned());
    let Some(server) = server.map(|s| s.trim_end_matches('/').to_string()) else {
        return Err(KubeError::Client(
            "Server URL is required: oc login --server=https://SERVER:PORT".into(),
        ));
    };
    let token = match (f.value("token"), f.value("username"), f.value("password")) {
        (Some(t), _, _) => t.to_string(),
        (None, Some("apikey"), Some(key)) => {
            let body = form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", "urn:ibm:params:oauth:grant-type:apikey")
                .append_pair("apikey", key)
                .finish();
            let t = Target { server: server.clone(), ..Target::default() };
            let req = Request::new("POST", IAM_TOKEN_URL).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json").body(body);
            let (status, bytes) = api::send(ctx, &t, req).await?;
            let v: Value = serde_json::from_slice(&bytes).unwrap_or_default();
            if status != 200 {
                return Err(KubeError::Client(format!("Login failed (401 Unauthorized)\nVerify you have provided correct credentials. ({})", v["errorMessage"].as_str().unwrap_or("IAM refused the API key"))));
            }
            v["access_token"].as_str().unwrap_or_default().to_string()
        }
        _ => return Err(KubeError::Client("use 'oc login -u apikey -p API_KEY --server=URL' or 'oc login --token=TOKEN --server=URL'".into())),
    };
    let target = Target {
        server: server.clone(),
        token: Some(token.clone()),
        namespace: "default".into(),
        ..Target::default()
    };
    let projects = projects(ctx, &target).await?;
    let cluster = cluster_name(&server);
    let user = format!("{}/{cluster}", user_of(&token));
    let context = format!("default/{cluster}/{}", user_of(&token));
    write_context(ctx, &cluster, &server, &user, &token, &context, "default")?;
    ctx.stdout.line("Login successful.");
    ctx.stdout.line("");
    print_projects(ctx, &projects, "default");
    ctx.stdout.line("");
    ctx.stdout.line("Using project \"default\".");
    Ok(0)
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

/// Adds the cluster, user and context to the current kubeconfig file and
/// makes the context current.
fn write_context(
    ctx: &mut Ctx<'_>,
    cluster: &str,
    server: &str,
    user: &str,
    token: &str,
    context: &str,
    ns: &str,
) -> Result<(), KubeError> {
    let path = kubeconfig::paths(ctx.sh, None)
        .pop()
        .unwrap_or_else(|| kubeconfig::DEFAULT_PATH.into());
    let mut cfg = kubeconfig::read_file(ctx.sh, &path);
    let upsert = |cfg: &mut Value, section: &str, entry: Value| {
        if !cfg[section].is_array() {
            cfg[section] = json!([]);
        }
        if let Some(list) = cfg[section].as_array_mut() {
            list.retain(|e| e["name"] != entry["name"]);
            list.push(entry);
        }
    };
    upsert(
        &mut cfg,
        "clusters",
        json!({"name": cluster, "cluster": {"server": server}}),
    );
    upsert(
        &mut cfg,
        "users",
        json!({"name": user, "user": {"token": token}}),
    );
    upsert(
        &mut cfg,
        "contexts",
        json!({"name": context, "context": {"cluster": cluster, "namespace": ns, "user": user}}),
    );
    cfg["current-context"] = json!(context);
    let now = ctx.host.now_ms();
    kubeconfig::write_file(ctx.sh, &path, &cfg, now)
}

async fn project(ctx: &mut Ctx<'_>, args: &[String], list_all: bool) -> Result<i32, KubeError> {
    let f = flags::parse(if list_all { "projects" } else { "project" }, args, &[])?;
    let s = crate::context::Session::open(ctx, &f)?;
    let t = s.target;
    if list_all {
        let projects = projects(ctx, &t).await?;
        print_projects(ctx, &projects, &t.namespace);
        ctx.stdout.line("");
        ctx.stdout.line(&format!(
            "Using project \"{}\" on server \"{}\".",
            t.namespace, t.server
        ));
        return Ok(0);
    }
    let Some(name) = f.args.first() else {
        ctx.stdout.line(&format!(
            "Using project \"{}\" on server \"{}\".",
            t.namespace, t.server
        ));
        return Ok(0);
    };
    // The project must exist.
    api::get_json(
        ctx,
        &t,
        api::request(&t, "GET", &format!("/api/v1/namespaces/{name}")),
        "get",
        &format!("namespaces {name}"),
    )
    .await
    .map_err(|e| match e {
        KubeError::Status { code: 404, .. } => KubeError::Client(format!(
            "A project named \"{name}\" does not exist on \"{}\".",
            t.server
        )),
        other => other,
    })?;
    let path = kubeconfig::first_existing(ctx.sh, None);
    let mut cfg = kubeconfig::read_file(ctx.sh, &path);
    if let Some(list) = cfg["contexts"].as_array_mut() {
        for c in list.iter_mut().filter(|c| c["name"] == t.context.as_str()) {
            c["context"]["namespace"] = json!(name);
        }
    }
    let now = ctx.host.now_ms();
    kubeconfig::write_file(ctx.sh, &path, &cfg, now)?;
    ctx.stdout.line(&format!(
        "Now using project \"{name}\" on server \"{}\".",
        t.server
    ));
    Ok(0)
}

async fn whoami(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let f = flags::parse(
        "whoami",
        args,
        &[
            ("show-token", Some('t'), false),
            ("show-server", None, false),
        ],
    )?;
    let s = crate::context::Session::open(ctx, &f)?;
    let t = s.target;
    let Some(token) = t.token.clone() else {
        return Err(KubeError::Client(
            "no token is associated with the current context".into(),
        ));
    };
    if f.has("show-token") {
        ctx.stdout.line(&token);
    } else if f.has("show-server") {
        ctx.stdout.line(&t.server);
    } else {
        ctx.stdout.line(&user_of(&token));
    }
    Ok(0)
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

    fn mutates(&self, args: &[String]) -> Option<String> {
        super::policy::mutates(args)
    }

    async fn complete(&self, ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        let mut c = super::complete::candidates(ctx, words).await;
        if words.len() == 1 {
            c.extend(["login", "whoami", "project", "projects"].map(String::from));
        }
        c
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        let args = ctx.args.clone();
        let rest = args.get(1..).unwrap_or(&[]);
        let result = match args.first().map(String::as_str) {
            Some("login") => login(ctx, rest).await,
            Some("whoami") => whoami(ctx, rest).await,
            Some("project") => project(ctx, rest, false).await,
            Some("projects") => project(ctx, rest, true).await,
            Some("new-project") => super::new_project::run(ctx, rest).await,
            _ => super::dispatch(ctx, &args).await,
        };
        match result {
            Ok(n) => Ok(n),
            Err(e) => Ok(e.render(ctx)),
        }
    }
}
