//! `ibmcloud ks cluster config --cluster NAME` (and the old `cluster-config
//! NAME`): downloads the cluster's kubeconfig, keeps it and the CA under
//! `~/.bluemix/plugins/kubernetes-service/clusters/`, merges the context into
//! the current kubeconfig and makes it current. `--export` prints the
//! `export KUBECONFIG=…` line instead, for `eval $(…)`.

use base64::Engine;
use kterm_http::Request;
use kterm_shell::Ctx;
use serde_json::{json, Value};

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
                ctx.stdout.line("OK");
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
    let mut cfg = yaml::parse(&text)
        .map_err(|e| IbmError::Message(format!("The kubeconfig could not be read: {e}")))?;
    let context_name = cfg["current-context"]
        .as_str()
        .unwrap_or(&cluster)
        .to_string();
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
    if let Some(clusters) = cfg["clusters"].as_array_mut() {
        for c in clusters {
            let Some(cl) = c["cluster"].as_object_mut() else {
                continue;
            };
            if let Some(data) = cl
                .remove("certificate-authority-data")
                .and_then(|d| d.as_str().map(str::to_string))
            {
                let pem = base64::engine::general_purpose::STANDARD
                    .decode(data.trim())
                    .unwrap_or_default();
                write(ctx, &ca_path, pem)?;
                cl.insert("certificate-authority".into(), json!(ca_path));
            }
        }
    }
    write(ctx, &cfg_path, yaml::to_string(&cfg).into_bytes())?;

    if f.has("--export") {
        ctx.stdout.line(&format!("export KUBECONFIG={cfg_path}"));
        return Ok(0);
    }
    if !f.has("-q") {
        ctx.stdout.line("OK");
    }
    if old_spelling {
        ctx.stdout.line(&format!("The configuration for {name} was downloaded successfully. Export environment variables to start using Kubernetes."));
        ctx.stdout.line("");
        ctx.stdout.line(&format!("export KUBECONFIG={cfg_path}"));
        return Ok(0);
    }
    let target = current_kubeconfig(ctx);
    merge(ctx, &target, &cfg)?;
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

/// The file kubectl would write to: the last of `$KUBECONFIG`, else `~/.kube/config`.
pub fn current_kubeconfig(ctx: &Ctx<'_>) -> String {
    match ctx
        .sh
        .env
        .get("KUBECONFIG")
        .and_then(|k| k.split(':').rev().find(|p| !p.is_empty()))
    {
        Some(p) => ctx.sh.abs_path(p),
        None => "/home/user/.kube/config".into(),
    }
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

/// Replaces or adds the entries of `new` in the kubeconfig at `path` by
/// name, and makes its context current.
fn merge(ctx: &mut Ctx<'_>, path: &str, new: &Value) -> Result<(), IbmError> {
    let mut cfg = match ctx.sh.fs.read(path) {
        Ok(b) => yaml::parse(&String::from_utf8_lossy(b))
            .map_err(|e| IbmError::Message(format!("{path}: {e}")))?,
        Err(_) => Value::Null,
    };
    if !cfg.is_object() {
        cfg = json!({"apiVersion": "v1", "kind": "Config"});
    }
    for section in ["clusters", "contexts", "users"] {
        if !cfg[section].is_array() {
            cfg[section] = json!([]);
        }
        let entries = new[section].as_array().cloned().unwrap_or_default();
        if let Some(list) = cfg[section].as_array_mut() {
            for e in entries {
                list.retain(|x| x["name"] != e["name"]);
                list.push(e);
            }
        }
    }
    if !new["current-context"].is_null() {
        cfg["current-context"] = new["current-context"].clone();
    }
    write(ctx, path, yaml::to_string(&cfg).into_bytes())
}
