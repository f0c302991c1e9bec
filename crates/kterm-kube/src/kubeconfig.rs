//! kubeconfig: `$KUBECONFIG` (a `:` list, merged as kubectl merges: the
//! first file to define a name wins) or `~/.kube/config`, read from the
//! session file system; and the context a command runs in.

use kterm_shell::ShellState;
use serde_json::{json, Value};

use crate::error::KubeError;

pub const DEFAULT_PATH: &str = "/home/user/.kube/config";

/// The files in play, in order.
pub fn paths(sh: &ShellState, flag: Option<&str>) -> Vec<String> {
    if let Some(f) = flag {
        return vec![sh.abs_path(f)];
    }
    match sh.env.get("KUBECONFIG").filter(|k| !k.is_empty()) {
        Some(list) => list
            .split(':')
            .filter(|p| !p.is_empty())
            .map(|p| sh.abs_path(p))
            .collect(),
        None => vec![DEFAULT_PATH.to_string()],
    }
}

/// The merged configuration.
pub fn load(sh: &ShellState, flag: Option<&str>) -> Result<Value, KubeError> {
    let mut merged = json!({"clusters": [], "contexts": [], "users": [], "current-context": ""});
    for path in paths(sh, flag) {
        let Ok(bytes) = sh.fs.read(&path) else {
            if flag.is_some() {
                return Err(KubeError::Client(format!(
                    "stat {path}: no such file or directory"
                )));
            }
            continue;
        };
        let doc = kterm_shell::yaml::parse(&String::from_utf8_lossy(bytes))
            .map_err(|e| KubeError::Client(format!("error loading config file \"{path}\": {e}")))?;
        if merged["current-context"] == "" {
            if let Some(c) = doc["current-context"].as_str() {
                merged["current-context"] = json!(c);
            }
        }
        for section in ["clusters", "contexts", "users"] {
            for entry in doc[section].as_array().cloned().unwrap_or_default() {
                let list = merged[section].as_array_mut().expect("sections are arrays");
                if !list.iter().any(|e| e["name"] == entry["name"]) {
                    list.push(entry);
                }
            }
        }
    }
    Ok(merged)
}

/// The file a change to the current context goes to: the first of the
/// files in play that exists, else `~/.kube/config`.
pub fn first_existing(sh: &ShellState, flag: Option<&str>) -> String {
    paths(sh, flag)
        .into_iter()
        .find(|p| sh.fs.exists(p))
        .unwrap_or_else(|| DEFAULT_PATH.into())
}

/// One kubeconfig file as a value to edit (an empty Config if it is
/// missing or unreadable).
pub fn read_file(sh: &ShellState, path: &str) -> Value {
    sh.fs
        .read(path)
        .ok()
        .and_then(|b| kterm_shell::yaml::parse(&String::from_utf8_lossy(b)).ok())
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({"apiVersion": "v1", "kind": "Config"}))
}

/// Writes one kubeconfig file, creating its directory.
pub fn write_file(
    sh: &mut ShellState,
    path: &str,
    cfg: &Value,
    now_ms: i64,
) -> Result<(), KubeError> {
    let dir = &path[..path.rfind('/').unwrap_or(0)];
    sh.fs
        .mkdir_p(dir)
        .map_err(|e| KubeError::Client(format!("{dir}: {e}")))?;
    sh.fs
        .write(path, kterm_shell::yaml::to_string(cfg).into_bytes(), now_ms)
        .map_err(|e| KubeError::Client(format!("{path}: {e}")))
}

/// Where requests go and how they authenticate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub context: String,
    pub cluster: String,
    pub user: String,
    pub server: String,
    pub namespace: String,
    pub token: Option<String>,
    /// The cluster's CA (base64 PEM) for the gateway, when the server is
    /// reached through it (see `context::route_through_gateway`).
    pub gateway_ca: Option<String>,
}

pub(crate) fn named<'a>(cfg: &'a Value, section: &str, name: &str) -> Option<&'a Value> {
    cfg[section].as_array()?.iter().find(|e| e["name"] == name)
}

/// Overrides from the command line.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub context: Option<String>,
    pub cluster: Option<String>,
    pub user: Option<String>,
    pub namespace: Option<String>,
    pub server: Option<String>,
    pub token: Option<String>,
}

pub fn resolve(cfg: &Value, o: &Overrides) -> Result<Target, KubeError> {
    let context_name = o
        .context
        .clone()
        .unwrap_or_else(|| cfg["current-context"].as_str().unwrap_or("").to_string());
    let ctx = if context_name.is_empty() {
        None
    } else {
        named(cfg, "contexts", &context_name)
    };
    if o.context.is_some() && ctx.is_none() {
        return Err(KubeError::Client(format!(
            "context was not found for specified context: {context_name}"
        )));
    }
    let c = ctx.map(|c| &c["context"]);
    let cluster = o
        .cluster
        .clone()
        .or_else(|| c.and_then(|c| c["cluster"].as_str()).map(str::to_string))
        .unwrap_or_default();
    let user = o
        .user
        .clone()
        .or_else(|| c.and_then(|c| c["user"].as_str()).map(str::to_string))
        .unwrap_or_default();
    let server = o.server.clone().or_else(|| {
        named(cfg, "clusters", &cluster)
            .and_then(|c| c["cluster"]["server"].as_str())
            .map(str::to_string)
    });
    let Some(server) = server.filter(|s| !s.is_empty()) else {
        return Err(KubeError::Refused("localhost:8080".into()));
    };
    let u = named(cfg, "users", &user).map(|u| &u["user"]);
    let token = o.token.clone().or_else(|| {
        let u = u?;
        u["token"].as_str().map(str::to_string).or_else(|| {
            (u["auth-provider"]["name"] == "oidc")
                .then(|| {
                    u["auth-provider"]["config"]["id-token"]
                        .as_str()
                        .map(str::to_string)
                })
                .flatten()
        })
    });
    if token.is_none() && u.is_some_and(|u| u["exec"].is_object()) {
        let cmd = u.map_or("", |u| u["exec"]["command"].as_str().unwrap_or(""));
        return Err(KubeError::Client(format!(
            "user \"{user}\" gets its credentials from the exec plugin \"{cmd}\", and a browser cannot run programs; use a token (kubectl config set-credentials {user} --token=TOKEN) or the oidc auth-provider that ibmcloud ks cluster config writes"
        )));
    }
    let has = |k: &str| u.is_some_and(|u| u[k].as_str().is_some_and(|v| !v.is_empty()));
    if token.is_none()
        && [
            "client-certificate",
            "client-certificate-data",
            "client-key",
            "client-key-data",
        ]
        .iter()
        .any(|k| has(k))
    {
        return Err(KubeError::Client(format!(
            "user \"{user}\" authenticates with a client certificate, and a browser cannot present one to the API server; use a token (kubectl config set-credentials {user} --token=TOKEN) or the oidc auth-provider that ibmcloud ks cluster config writes"
        )));
    }
    let namespace = o
        .namespace
        .clone()
        .or_else(|| c.and_then(|c| c["namespace"].as_str()).map(str::to_string))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into());
    Ok(Target {
        context: context_name,
        cluster,
        user,
        server: server.trim_end_matches('/').to_string(),
        namespace,
        token,
        gateway_ca: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(files: &[(&str, &str)], kubeconfig_env: Option<&str>) -> ShellState {
        let mut sh = ShellState::default();
        for (p, text) in files {
            let dir = &p[..p.rfind('/').unwrap()];
            sh.fs.mkdir_p(dir).unwrap();
            sh.fs.write(p, text.as_bytes().to_vec(), 0).unwrap();
        }
        if let Some(k) = kubeconfig_env {
            sh.env.export("KUBECONFIG", Some(k.to_string()));
        }
        sh
    }

    const A: &str = "current-context: a\ncontexts:\n- name: a\n  context: {cluster: ca, user: ua, namespace: team}\nclusters:\n- name: ca\n  cluster: {server: 'https://a:6443/'}\nusers:\n- name: ua\n  user: {token: tok-a}\n";
    const B: &str = "current-context: b\ncontexts:\n- name: a\n  context: {cluster: cb, user: ub}\n- name: b\n  context: {cluster: cb, user: ub}\nclusters:\n- name: cb\n  cluster: {server: 'https://b'}\nusers:\n- name: ub\n  user:\n    auth-provider:\n      name: oidc\n      config: {id-token: idt}\n";

    #[test]
    fn first_file_wins_when_merging() {
        let sh = state(&[("/k/a", A), ("/k/b", B)], Some("/k/a:/k/b"));
        let cfg = load(&sh, None).unwrap();
        let t = resolve(&cfg, &Overrides::default()).unwrap();
        assert_eq!(
            (
                t.context.as_str(),
                t.server.as_str(),
                t.namespace.as_str(),
                t.token.as_deref()
            ),
            ("a", "https://a:6443", "team", Some("tok-a"))
        );
        let t = resolve(
            &cfg,
            &Overrides {
                context: Some("b".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            (t.server.as_str(), t.namespace.as_str(), t.token.as_deref()),
            ("https://b", "default", Some("idt"))
        );
    }

    #[test]
    fn missing_config_and_context() {
        let sh = state(&[], None);
        let cfg = load(&sh, None).unwrap();
        assert_eq!(
            resolve(&cfg, &Overrides::default()),
            Err(KubeError::Refused("localhost:8080".into()))
        );
        assert_eq!(
            resolve(
                &cfg,
                &Overrides {
                    context: Some("x".into()),
                    ..Default::default()
                }
            ),
            Err(KubeError::Client(
                "context was not found for specified context: x".into()
            ))
        );
    }
}
