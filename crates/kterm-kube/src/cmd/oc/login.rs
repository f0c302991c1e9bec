//! `oc login SERVER (-u apikey -p KEY | --token TOKEN)`: a token from IAM
//! for the API key (or the one given), checked by listing the projects,
//! then a cluster, user and context for it in the kubeconfig, made current.

use kterm_http::Request;
use kterm_kubeconfig::{files, AuthInfo, Cluster, Context};
use kterm_shell::Ctx;
use serde_json::Value;

use crate::api;
use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::{self, Flag};
use crate::kubeconfig::Target;

const IAM_TOKEN_URL: &str = "https://iam.cloud.ibm.com/identity/token";

pub(crate) const FLAGS: &[Flag] = &[
    Flag::value("username", Some('u'), "User name"),
    Flag::value("password", Some('p'), "Password"),
];

/// `c100-e-us-south-containers-cloud-ibm-com:31234`, as oc names clusters.
fn cluster_name(server: &str) -> String {
    let host = server.split("://").nth(1).unwrap_or(server);
    let host = host.split('/').next().unwrap_or(host);
    host.replace('.', "-")
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("login", args, FLAGS)?;
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
            let t = inv.bare(&server);
            let req = Request::new("POST", IAM_TOKEN_URL)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .body(body);
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
        token: Some(token.clone()),
        namespace: "default".into(),
        ..inv.bare(&server)
    };
    let projects = super::projects(ctx, &target).await?;
    let cluster = cluster_name(&server);
    let user = format!("{}/{cluster}", super::user_of(&token));
    let context = format!("default/{cluster}/{}", super::user_of(&token));
    write_context(ctx, &cluster, &server, &user, &token, &context, "default")?;
    ctx.stdout.line("Login successful.");
    ctx.stdout.line("");
    super::print_projects(ctx, &projects, "default");
    ctx.stdout.line("");
    ctx.stdout.line("Using project \"default\".");
    Ok(0)
}

/// Adds the cluster, user and context to the current kubeconfig file (the
/// last of `$KUBECONFIG`) and makes the context current.
fn write_context(
    ctx: &mut Ctx<'_>,
    cluster: &str,
    server: &str,
    user: &str,
    token: &str,
    context: &str,
    ns: &str,
) -> Result<(), KubeError> {
    let path = files::paths(ctx.sh, None)
        .pop()
        .unwrap_or_else(|| files::DEFAULT_PATH.into());
    let mut cfg = files::read(ctx.sh, &path)
        .ok()
        .flatten()
        .unwrap_or_default();
    cfg.set_cluster(
        cluster,
        Cluster {
            server: server.into(),
            ..Cluster::default()
        },
    );
    cfg.set_user(
        user,
        AuthInfo {
            token: token.into(),
            ..AuthInfo::default()
        },
    );
    cfg.set_context(
        context,
        Context {
            cluster: cluster.into(),
            user: user.into(),
            namespace: ns.into(),
            ..Context::default()
        },
    );
    cfg.current_context = context.into();
    let now = ctx.host.now_ms();
    files::write(ctx.sh, &path, &cfg, crate::go::yaml::to_string, now)
        .map_err(|e| KubeError::Client(e.0))
}
