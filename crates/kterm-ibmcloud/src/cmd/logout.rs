//! `ibmcloud logout`: forgets the session (the config file goes away),
//! and the IAM-derived tokens in the kubeconfigs `ks cluster config`
//! wrote, so that nothing reached with the login works after a logout
//! (the storage policy in the README promises it; the real CLI leaves
//! them).

use kterm_shell::{yaml, Ctx};
use serde_json::Value;

use super::ks::cluster_config::PLUGIN_DIR;
use crate::error::IbmError;
use crate::session::CONFIG_PATH;

pub async fn run(ctx: &mut Ctx<'_>, _args: &[String]) -> Result<i32, IbmError> {
    ctx.stdout.line("Logging out...");
    let _ = ctx.sh.fs.remove(CONFIG_PATH, false);
    for path in kubeconfigs(ctx) {
        forget_tokens(ctx, &path);
    }
    crate::colour::ok(ctx);
    Ok(0)
}

/// The kubeconfigs a login may have filled: the plug-in's per-cluster
/// files, `~/.kube/config` and those `$KUBECONFIG` names.
fn kubeconfigs(ctx: &Ctx<'_>) -> Vec<String> {
    // `~/.kube/config` and the files `$KUBECONFIG` names.
    let mut paths = vec!["/home/user/.kube/config".to_string()];
    paths.extend(kterm_kubeconfig::files::paths(ctx.sh, None));
    if let Ok(dirs) = ctx.sh.fs.list(PLUGIN_DIR) {
        for (dir, _) in dirs {
            let dir = format!("{PLUGIN_DIR}/{dir}");
            if let Ok(files) = ctx.sh.fs.list(&dir) {
                paths.extend(
                    files
                        .into_iter()
                        .filter(|(f, _)| f.starts_with("kube-config-"))
                        .map(|(f, _)| format!("{dir}/{f}")),
                );
            }
        }
    }
    // Each file once.
    let unique: std::collections::BTreeSet<String> = paths.into_iter().collect();
    unique.into_iter().collect()
}

/// Drops `id-token` and `refresh-token` of the users that log in through
/// IBM Cloud IAM (the `oidc` provider with the `kube` client).
fn forget_tokens(ctx: &mut Ctx<'_>, path: &str) {
    let Ok(text) = ctx
        .sh
        .fs
        .read(path)
        .map(|b| String::from_utf8_lossy(b).into_owned())
    else {
        return;
    };
    let Ok(mut cfg) = yaml::parse(&text) else {
        return;
    };
    let mut changed = false;
    let users = cfg.get_mut("users").and_then(Value::as_array_mut);
    for user in users.into_iter().flatten() {
        // `get_mut`, not indexing: a malformed file must not panic.
        let Some(provider) = user
            .get_mut("user")
            .and_then(|u| u.get_mut("auth-provider"))
        else {
            continue;
        };
        if provider.get("name") != Some(&Value::from("oidc")) {
            continue;
        }
        let Some(conf) = provider.get_mut("config").and_then(Value::as_object_mut) else {
            continue;
        };
        if conf.get("client-id") != Some(&Value::from("kube")) {
            continue;
        }
        for key in ["id-token", "refresh-token"] {
            changed |= conf.remove(key).is_some();
        }
    }
    if changed {
        let now = ctx.host.now_ms();
        let _ = ctx
            .sh
            .fs
            .write(path, yaml::to_string(&cfg).into_bytes(), now);
    }
}
