//! The context a kubectl command runs in: kubeconfig plus the global flags.

use base64::Engine;
use kterm_http::Client;
use kterm_shell::Ctx;
use serde_json::Value;

use crate::error::KubeError;
use crate::flags::{self, Parsed};
use crate::kubeconfig::{self, Overrides, Target};

pub struct Session {
    pub target: Target,
}

impl Session {
    pub fn open(ctx: &Ctx<'_>, f: &Parsed) -> Result<Session, KubeError> {
        let config = kubeconfig::load(ctx.sh, f.value("kubeconfig"))?;
        let o = Overrides {
            context: f.value("context").map(str::to_string),
            cluster: f.value("cluster").map(str::to_string),
            user: f.value("user").map(str::to_string),
            namespace: f.value("namespace").map(str::to_string),
            server: f.value("server").map(str::to_string),
            token: f.value("token").map(str::to_string),
        };
        let mut target = kubeconfig::resolve(&config, &o)?;
        route_through_gateway(ctx, &config, &mut target);
        Ok(Session { target })
    }
}

/// The global flags among a command line's words (other flags and
/// arguments left out), parsed: for steps that run before the verb
/// parses its own flags (token renewal, completion).
pub fn globals(words: &[String]) -> Parsed {
    let mut kept = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--" {
            break;
        }
        let name = w.trim_start_matches('-').split('=').next().unwrap_or("");
        let spec = flags::GLOBAL.iter().find(|(l, s, _)| {
            (w.starts_with("--") && *l == name)
                || (!w.starts_with("--")
                    && w.starts_with('-')
                    && w.len() == 2
                    && *s == name.chars().next())
        });
        if let Some((_, _, takes)) = spec {
            kept.push(w.clone());
            if *takes && !w.contains('=') {
                if let Some(v) = words.get(i + 1) {
                    kept.push(v.clone());
                    i += 1;
                }
            }
        }
        i += 1;
    }
    flags::parse("kubectl", &kept, &[]).unwrap_or_default()
}

/// A real cluster's API server is on its own host, which a page cannot
/// reach; the gateway forwards `/api/k8s/<cluster-id>` to it. IBM Cloud
/// kubeconfigs name clusters `NAME/ID`, which gives the id; the CA goes
/// along so that the gateway verifies the cluster as kubectl would.
fn route_through_gateway(ctx: &Ctx<'_>, config: &Value, target: &mut Target) {
    let Some(id) = target.cluster.split('/').nth(1) else {
        return;
    };
    let Some(client) = ctx.sh.ext.get::<Client>() else {
        return;
    };
    if !client.route_cluster(&target.server, id) {
        return;
    }
    let entry = kubeconfig::named(config, "clusters", &target.cluster).map(|c| &c["cluster"]);
    target.gateway_ca = entry.and_then(|c| {
        if let Some(data) = c["certificate-authority-data"].as_str() {
            return Some(data.to_string());
        }
        let path = ctx.sh.abs_path(c["certificate-authority"].as_str()?);
        let pem = ctx.sh.fs.read(&path).ok()?;
        Some(base64::engine::general_purpose::STANDARD.encode(pem))
    });
}
