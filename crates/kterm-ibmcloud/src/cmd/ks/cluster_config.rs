//! `ibmcloud ks cluster config --cluster NAME` (and the old `cluster-config
//! NAME`): downloads the cluster's kubeconfig, keeps it and the CA under
//! `~/.bluemix/plugins/kubernetes-service/clusters/`, merges the context into
//! the current kubeconfig and makes it current. `--export` prints the
//! `export KUBECONFIG=…` line instead, for `eval $(…)`.

use base64::Engine;
use kterm_http::Request;
use kterm_kubeconfig::{files, Kubeconfig, Loaded};
use kterm_shell::Ctx;
use serde_json::json;

use crate::error::IbmError;
use kterm_shell::yaml;

use crate::{api, flags};

pub(crate) const PLUGIN_DIR: &str = "/home/user/.bluemix/plugins/kubernetes-service/clusters";

pub async fn run(ctx: &mut Ctx<'_>, args: &[String], old_spelling: bool) -> Result<i32, IbmError> {
    let f = flags::parse(
        args,
        &[
            (&["-c", "--cluster"], true),
            (&["--admin"], false),
            (&["--export"], false),
            (&["--output"], true),
            (&["--yaml"], false),
            (&["--network"], false),
            (&["--skip-rbac"], false),
            (&["--endpoint"], true),
            (&["-q"], false),
        ],
    )?;
    let cluster = super::cluster_arg(&f)?;
    let mut s = api::fresh_session(ctx).await?;
    let url = format!(
        "{}/global/v2/applyRBACAndGetKubeconfig",
        s.containers_endpoint
    );
    let zip = f.value("--output") == Some("zip");
    let format = if zip { "zip" } else { "yaml" };
    let body = json!({"cluster": cluster, "format": format, "admin": f.has("--admin")}).to_string();
    let (status, bytes) = api::authorized(ctx, &mut s, |token| {
        Request::new("POST", url.clone())
            .header("Authorization", token)
            .header("Content-Type", "application/json")
            .body(body.clone())
    })
    .await?;
    if status != 200 {
        return Err(IbmError::Api(api::error_message(&bytes, status)));
    }
    let text = if zip {
        String::new()
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    match f.value("--output") {
        Some("yaml") => {
            ctx.stdout.write_str(&kterm_shell::sanitize::text(&text));
            return Ok(0);
        }
        Some("json") => {
            let v = yaml::parse(&text)
                .map_err(|e| IbmError::Message(format!("The kubeconfig could not be read: {e}")))?;
            ctx.stdout
                .line(&serde_json::to_string_pretty(&v).unwrap_or_default());
            return Ok(0);
        }
        Some("zip") => {
            // A browser has no working directory on disk: the zip lands in the
            // session's current directory, from where `download` saves it.
            let path = ctx.sh.abs_path(&format!("kubeConfig-{cluster}.zip"));
            write(ctx, &path, bytes)?;
            if !f.has("-q") {
                crate::colour::ok(ctx);
            }
            ctx.stdout.line(&format!(
                "The configuration for {cluster} was downloaded successfully."
            ));
            ctx.stdout.line(&format!("Zip file: {path}"));
            return Ok(0);
        }
        Some(other) => {
            return Err(IbmError::Usage(format!(
                "'{other}' is not a valid output format. Use json, yaml or zip."
            )))
        }
        None => {}
    }
    let doc = yaml::parse(&text)
        .map_err(|e| IbmError::Message(format!("The kubeconfig could not be read: {e}")))?;
    let mut cfg = Kubeconfig::from_value(&doc);
    let context_name = if cfg.current_context.is_empty() {
        cluster.clone()
    } else {
        cfg.current_context.clone()
    };
    let name = context_name
        .split('/')
        .next()
        .unwrap_or(&cluster)
        .to_string();
    let id = context_name.split('/').nth(1).unwrap_or("").to_string();
    let dir = format!(
        "{PLUGIN_DIR}/{name}-{id}{}",
        if f.has("--admin") { "-admin" } else { "" }
    );
    let ca_path = format!("{dir}/ca-{name}.pem");
    let cfg_path = format!("{dir}/kube-config-{name}.yml");

    // The CA goes to its own file, as the CLI writes it, and the kubeconfig points there.
    for c in &mut cfg.clusters {
        let cl = &mut c.body;
        if cl.certificate_authority_data.is_empty() {
            continue;
        }
        let data = std::mem::take(&mut cl.certificate_authority_data);
        let pem = base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .unwrap_or_default();
        write(ctx, &ca_path, pem)?;
        cl.certificate_authority = ca_path.clone();
    }
    let now = ctx.host.now_ms();
    files::write(ctx.sh, &cfg_path, &cfg, yaml::to_string, now)
        .map_err(|e| IbmError::Message(e.0))?;

    if f.has("--export") {
        ctx.stdout.line(&format!("export KUBECONFIG={cfg_path}"));
        return Ok(0);
    }
    if !f.has("-q") {
        crate::colour::ok(ctx);
    }
    if old_spelling {
        ctx.stdout.line(&format!("The configuration for {name} was downloaded successfully. Export environment variables to start using Kubernetes."));
        ctx.stdout.line("");
        ctx.stdout.line(&format!("export KUBECONFIG={cfg_path}"));
        return Ok(0);
    }
    merge(ctx, &cfg)?;
    ctx.stdout.line(&format!(
        "The configuration for {name} was downloaded successfully."
    ));
    ctx.stdout.line("");
    ctx.stdout.line(&format!(
        "Added context for {name} to the current kubeconfig file."
    ));
    ctx.stdout.line("You can now execute 'kubectl' commands against your cluster. For example, run 'kubectl get nodes'.");
    ctx.stdout.line("If you are accessing the cluster for the first time, 'kubectl' commands might fail for a few seconds while RBAC synchronizes.");
    Ok(0)
}

fn write(ctx: &mut Ctx<'_>, path: &str, data: Vec<u8>) -> Result<(), IbmError> {
    let dir = &path[..path.rfind('/').unwrap_or(0)];
    ctx.sh
        .fs
        .mkdir_p(dir)
        .map_err(|e| IbmError::Message(format!("{dir}: {e}")))?;
    let now = ctx.host.now_ms();
    ctx.sh
        .fs
        .write(path, data, now)
        .map_err(|e| IbmError::Message(format!("{path}: {e}")))
}

/// Adds the cluster's entries to the kubeconfig files in play as kubectl
/// would (each replaced entry in the file that defined it, new ones in the
/// default file) and makes its context current.
fn merge(ctx: &mut Ctx<'_>, new: &Kubeconfig) -> Result<(), IbmError> {
    let err = |e: kterm_kubeconfig::Error| IbmError::Message(e.0);
    let mut loaded = Loaded::load(ctx.sh, None).map_err(err)?;
    let mut merged = loaded.config.clone();
    merged.absorb(new);
    let now = ctx.host.now_ms();
    loaded
        .modify(ctx.sh, &merged, yaml::to_string, now)
        .map_err(err)
}
