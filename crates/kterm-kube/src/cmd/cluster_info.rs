//! `kubectl cluster-info`: the API server, then the services labelled
//! `kubernetes.io/cluster-service=true` in kube-system (or `-n`), and
//! the hint about `cluster-info dump`, as kubectl 1.37 prints them.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::{api, flags};

const HINT: &str =
    "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

/// Where kubectl says a cluster service runs.
fn link(server: &str, svc: &Value) -> String {
    let ingress = &svc["status"]["loadBalancer"]["ingress"];
    if let Some(first) = ingress.as_array().and_then(|a| a.first()) {
        let ip = first["ip"]
            .as_str()
            .filter(|s| !s.is_empty())
            .or_else(|| first["hostname"].as_str())
            .unwrap_or("");
        return svc["spec"]["ports"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| format!("http://{ip}:{} ", p["port"]))
            .collect();
    }
    let name = svc["metadata"]["name"].as_str().unwrap_or("");
    let ns = svc["metadata"]["namespace"].as_str().unwrap_or("");
    let mut target = name.to_string();
    if let Some(port) = svc["spec"]["ports"].as_array().and_then(|a| a.first()) {
        let pname = port["name"].as_str().unwrap_or("");
        let scheme = if pname == "https" || port["port"] == 443 {
            "https"
        } else {
            ""
        };
        // utilnet.JoinSchemeNamePort: <scheme>:<name>:<port name>, trimmed.
        target = match (scheme.is_empty(), pname.is_empty()) {
            (true, true) => name.to_string(),
            (true, false) => format!("{name}:{pname}"),
            (false, true) => format!("{scheme}:{name}:"),
            (false, false) => format!("{scheme}:{name}:{pname}"),
        };
    }
    format!("{server}/api/v1/namespaces/{ns}/services/{target}/proxy")
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    if args.first().map(String::as_str) == Some("dump") {
        return Err(KubeError::Client(
            "cluster-info dump is not available in kterm: it writes the state of every namespace to files; use kubectl get, describe and logs instead".into(),
        ));
    }
    let f = flags::parse("cluster-info", args, &[])?;
    // kubectl prints the dump hint even when the cluster cannot be reached.
    let t = match inv.target(ctx).await {
        Ok(t) => t,
        Err(e) => {
            ctx.stdout.write_str(HINT);
            return Err(e);
        }
    };
    let ns = f.value("namespace").unwrap_or("kube-system");
    let path = format!(
        "/api/v1/namespaces/{ns}/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue"
    );
    let req = api::request(&t, "GET", &path);
    let list = match api::get_json(ctx, &t, req, "list", "services").await {
        Ok(l) => l,
        Err(e) => {
            ctx.stdout.write_str(HINT);
            return Err(e);
        }
    };
    let mut out = format!("Kubernetes control plane is running at {}\n", t.server);
    for svc in list["items"].as_array().into_iter().flatten() {
        let name = svc["metadata"]["labels"]["kubernetes.io/name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .or_else(|| svc["metadata"]["name"].as_str())
            .unwrap_or("");
        out.push_str(&format!("{name} is running at {}\n", link(&t.server, svc)));
    }
    out.push_str(HINT);
    ctx.stdout.write_str(&kterm_shell::sanitize::text(&out));
    Ok(0)
}
