//! `oc new-project NAME [--display-name=…] [--description=…]`: creates
//! the namespace (a project, on an IKS cluster without OpenShift's project
//! API) and makes it the current context's namespace.

use kterm_shell::Ctx;
use serde_json::json;

use crate::context::Session;
use crate::error::KubeError;
use crate::{flags, kubeconfig, mutate};

const SPEC: &[flags::Spec] = &[
    ("display-name", None, true),
    ("description", None, true),
    ("skip-config-write", None, false),
];

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let f = flags::parse("new-project", args, SPEC)?;
    let [name] = f.args.as_slice() else {
        return Err(KubeError::Client(
            "must have exactly one argument\nSee 'oc new-project -h' for help and examples".into(),
        ));
    };
    let t = Session::open(ctx, &f)?.target;
    let mut ns = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}});
    for (flag, key) in [
        ("display-name", "openshift.io/display-name"),
        ("description", "openshift.io/description"),
    ] {
        if let Some(v) = f.value(flag) {
            ns["metadata"]["annotations"][key] = json!(v);
        }
    }
    let q = mutate::write_query("oc", mutate::DryRun::None, false);
    mutate::call(
        ctx,
        &t,
        "POST",
        &format!("/api/v1/namespaces{q}"),
        "application/json",
        Some(&ns),
        "namespaces",
    )
    .await
    .map_err(|e| match e {
        KubeError::Status { code: 409, .. } => KubeError::Status {
            reason: "AlreadyExists".into(),
            message: format!("project.project.openshift.io \"{name}\" already exists"),
            code: 409,
        },
        other => other,
    })?;
    if !f.has("skip-config-write") {
        let path = kubeconfig::first_existing(ctx.sh, f.value("kubeconfig"));
        let mut cfg = kubeconfig::read_file(ctx.sh, &path);
        if let Some(list) = cfg["contexts"].as_array_mut() {
            for c in list.iter_mut().filter(|c| c["name"] == t.context.as_str()) {
                c["context"]["namespace"] = json!(name);
            }
        }
        let now = ctx.host.now_ms();
        kubeconfig::write_file(ctx.sh, &path, &cfg, now)?;
    }
    ctx.stdout.line(&format!(
        "Now using project \"{name}\" on server \"{}\".",
        t.server
    ));
    ctx.stdout.write_str("\nYou can add applications to this project with the 'new-app' command. For example, try:\n\n    oc new-app rails-postgresql-example\n\nto build a new example application in Ruby. Or use kubectl to deploy a simple Kubernetes application:\n\n    kubectl create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.43 -- /agnhost serve-hostname\n\n");
    Ok(0)
}
