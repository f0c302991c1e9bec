//! `helm env [NAME]`: Helm's client settings as environment variables
//! (pkg/cli's `EnvVars`), from the flags, the `HELM_*` and XDG variables
//! and the home directory, sorted by name.

use kterm_shell::Ctx;

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::Parsed;

pub const SUB: Sub = Sub {
    path: "env",
    aliases: &[],
    operands: "",
    short: "helm client environment information",
    long: "
Env prints out all the environment information in use by Helm.
",
    flags: &[],
    args: Args::Max(1),
    run: entry!(run),
};

fn var(ctx: &Ctx<'_>, name: &str) -> Option<String> {
    ctx.sh
        .env
        .get(name)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// Helm's three base directories (helmpath's XDG layout on Linux).
fn base(ctx: &Ctx<'_>, helm_var: &str, xdg: &str, under_home: &str) -> String {
    if let Some(v) = var(ctx, helm_var) {
        return v;
    }
    match var(ctx, xdg) {
        Some(x) => format!("{x}/helm"),
        None => format!("{}/{under_home}/helm", crate::help::home(ctx)),
    }
}

/// The registry and repository paths: flag, else variable, else under
/// Helm's home.
pub fn paths(ctx: &Ctx<'_>, p: Option<&Parsed>) -> [(&'static str, String); 3] {
    let config = base(ctx, "HELM_CONFIG_HOME", "XDG_CONFIG_HOME", ".config");
    let cache = base(ctx, "HELM_CACHE_HOME", "XDG_CACHE_HOME", ".cache");
    let pick = |flag: &str, env: &str, default: String| {
        p.and_then(|p| p.string(flag))
            .or_else(|| var(ctx, env))
            .unwrap_or(default)
    };
    [
        (
            "registry-config",
            pick(
                "registry-config",
                "HELM_REGISTRY_CONFIG",
                format!("{config}/registry/config.json"),
            ),
        ),
        (
            "repository-cache",
            pick(
                "repository-cache",
                "HELM_REPOSITORY_CACHE",
                format!("{cache}/repository"),
            ),
        ),
        (
            "repository-config",
            pick(
                "repository-config",
                "HELM_REPOSITORY_CONFIG",
                format!("{config}/repositories.yaml"),
            ),
        ),
    ]
}

/// Go's `strconv.ParseBool` of a variable, false when unset or not a bool.
fn env_bool(ctx: &Ctx<'_>, name: &str) -> bool {
    matches!(
        var(ctx, name).as_deref(),
        Some("1" | "t" | "T" | "true" | "TRUE" | "True")
    )
}

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let kube_context = p
        .string("kube-context")
        .or_else(|| var(ctx, "HELM_KUBECONTEXT"))
        .unwrap_or_default();
    let kubeconfig = p.string("kubeconfig").or_else(|| var(ctx, "KUBECONFIG"));
    let namespace = namespace(ctx, p, kubeconfig.clone(), &kube_context).await;
    let pick = |flag: &str, env: &str| p.string(flag).or_else(|| var(ctx, env)).unwrap_or_default();
    let config = base(ctx, "HELM_CONFIG_HOME", "XDG_CONFIG_HOME", ".config");
    let cache = base(ctx, "HELM_CACHE_HOME", "XDG_CACHE_HOME", ".cache");
    let data = base(ctx, "HELM_DATA_HOME", "XDG_DATA_HOME", ".local/share");
    let [(_, registry), (_, repo_cache), (_, repo_config)] = paths(ctx, Some(p));
    let qps: f32 = p
        .string("qps")
        .or_else(|| var(ctx, "HELM_QPS"))
        .and_then(|q| q.parse().ok())
        .unwrap_or(0.0);
    let burst = p
        .string("burst-limit")
        .or_else(|| var(ctx, "HELM_BURST_LIMIT"))
        .and_then(|b| b.parse::<i64>().ok())
        .unwrap_or(100);
    let debug = if p.get("debug").is_some() {
        p.bool("debug")
    } else {
        env_bool(ctx, "HELM_DEBUG")
    };
    let insecure = if p.get("kube-insecure-skip-tls-verify").is_some() {
        p.bool("kube-insecure-skip-tls-verify")
    } else {
        env_bool(ctx, "HELM_KUBEINSECURE_SKIP_TLS_VERIFY")
    };
    let max_history = var(ctx, "HELM_MAX_HISTORY")
        .and_then(|m| m.parse::<i64>().ok())
        .unwrap_or(10);
    let mut vars: Vec<(&str, String)> = vec![
        ("HELM_BIN", ctx.name.clone()),
        ("HELM_BURST_LIMIT", burst.to_string()),
        ("HELM_CACHE_HOME", cache.clone()),
        ("HELM_CONFIG_HOME", config.clone()),
        ("HELM_DATA_HOME", data.clone()),
        ("HELM_DEBUG", debug.to_string()),
        (
            "HELM_KUBEAPISERVER",
            pick("kube-apiserver", "HELM_KUBEAPISERVER"),
        ),
        (
            "HELM_KUBEASGROUPS",
            pick("kube-as-group", "HELM_KUBEASGROUPS"),
        ),
        ("HELM_KUBEASUSER", pick("kube-as-user", "HELM_KUBEASUSER")),
        ("HELM_KUBECAFILE", pick("kube-ca-file", "HELM_KUBECAFILE")),
        ("HELM_KUBECONTEXT", kube_context),
        ("HELM_KUBEINSECURE_SKIP_TLS_VERIFY", insecure.to_string()),
        (
            "HELM_KUBETLS_SERVER_NAME",
            pick("kube-tls-server-name", "HELM_KUBETLS_SERVER_NAME"),
        ),
        ("HELM_KUBETOKEN", pick("kube-token", "HELM_KUBETOKEN")),
        ("HELM_MAX_HISTORY", max_history.to_string()),
        ("HELM_NAMESPACE", namespace),
        (
            "HELM_PLUGINS",
            var(ctx, "HELM_PLUGINS").unwrap_or_else(|| format!("{data}/plugins")),
        ),
        ("HELM_QPS", format!("{qps:.2}")),
        ("HELM_REGISTRY_CONFIG", registry),
        ("HELM_REPOSITORY_CACHE", repo_cache),
        ("HELM_REPOSITORY_CONFIG", repo_config),
    ];
    if let Some(k) = kubeconfig {
        vars.push(("KUBECONFIG", k));
    }
    let text = match p.args.first() {
        Some(name) => {
            let v = vars
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            format!("{v}\n")
        }
        None => vars.iter().map(|(k, v)| format!("{k}=\"{v}\"\n")).collect(),
    };
    ctx.stdout.write_str(&text);
    Ok(0)
}

/// `settings.Namespace()`: the flag or `HELM_NAMESPACE`, else the
/// context's namespace, else `default`; no request is made.
async fn namespace(
    ctx: &mut Ctx<'_>,
    p: &Parsed,
    kubeconfig: Option<String>,
    kube_context: &str,
) -> String {
    if let Some(ns) = p.string("namespace").or_else(|| var(ctx, "HELM_NAMESPACE")) {
        return ns;
    }
    let o = kterm_kube::kubeconfig::Overrides {
        context: (!kube_context.is_empty()).then(|| kube_context.to_string()),
        ..Default::default()
    };
    match kterm_kube::access::target(ctx, kubeconfig, o).await {
        Ok(t) => t.namespace,
        Err(_) => "default".into(),
    }
}
