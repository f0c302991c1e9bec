//! The context a kubectl command runs in: kubeconfig plus the global flags.

use base64::Engine;
use kterm_http::Client;
use kterm_shell::Ctx;
use serde_json::Value;

use crate::error::KubeError;
use crate::flags::Parsed;
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
