//! `oc new-project NAME [--display-name=…] [--description=…]`: creates
//! the namespace (a project, on an IKS cluster without OpenShift's project
//! API) and makes it the current context's namespace.

use kterm_shell::Ctx;
use serde_json::json;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::{flags, mutate};

pub(crate) const FLAGS: &[Flag] = &[
    Flag::value("display-name", None, "Display name of the project"),
    Flag::value("description", None, "Description of the project"),
    Flag::switch("skip-config-write", None, "Leave the kubeconfig unchanged"),
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("new-project", args, FLAGS)?;
    let [name] = f.args.as_slice() else {
        return Err(KubeError::Client(
            "must have exactly one argument\nSee 'oc new-project -h' for help and examples".into(),
        ));
    };
    let t = inv.target(ctx).await?;
    let mut ns = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}});
    for (flag, key) in [
        ("display-name", "openshift.io/display-name"),
        ("description", "openshift.io/description"),
    ] {
        if let Some(v) = f.value(flag) {
            ns["metadata"]["annotations"][key] = json!(v);
        }
    }
    let q = mutate::write_query("oc", mutate::DryRun::None, None);
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
        super::set_namespace(ctx, inv, &t.context, name)?;
    }
    ctx.stdout.line(&format!(
        "Now using project \"{name}\" on server \"{}\".",
        t.server
    ));
    ctx.stdout.write_str("\nYou can add applications to this project with the 'new-app' command. For example, try:\n\n    oc new-app rails-postgresql-example\n\nto build a new example application in Ruby. Or use kubectl to deploy a simple Kubernetes application:\n\n    kubectl create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.43 -- /agnhost serve-hostname\n\n");
    Ok(0)
}
