//! `kubectl rollout restart`: a new `restartedAt` annotation on the pod
//! template of a deployment, daemon set or stateful set.

use kterm_shell::Ctx;
use serde_json::json;

use super::history::quoted;
use crate::error::KubeError;
use crate::flags;
use crate::kubeconfig::Target;
use crate::mutate::{self, DryRun, Obj};

pub(super) async fn restart(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Obj,
) -> Result<(), KubeError> {
    if !matches!(
        o.r.kind.as_str(),
        "Deployment" | "DaemonSet" | "StatefulSet"
    ) {
        return Err(KubeError::Client(format!(
            "{} restarting is not supported",
            quoted(o)
        )));
    }
    let dry = DryRun::from_flags(f)?;
    let obj = mutate::call(ctx, t, "GET", &o.path(), "", None, &o.what()).await?;
    if obj["spec"]["paused"] == true {
        return Err(KubeError::Client(format!(
            "{} can't restart paused deployment (run rollout resume first)",
            quoted(o)
        )));
    }
    let now = rfc3339(ctx.host.now_ms());
    let patch = json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": now}}}}});
    let q = mutate::write_query("kubectl-rollout", dry, None);
    if dry != DryRun::Client {
        o.patch(ctx, t, &q, "application/strategic-merge-patch+json", &patch)
            .await?;
    }
    ctx.stdout.line(&format!(
        "{} restarted{}",
        mutate::name_of(&o.r, &o.name),
        dry.suffix()
    ));
    Ok(())
}

/// RFC 3339 in UTC, as kubectl stamps `restartedAt`.
fn rfc3339(ms: i64) -> String {
    crate::go::time::format_rfc3339(ms.div_euclid(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_stamps() {
        assert_eq!(rfc3339(1_767_225_600_000), "2026-01-01T00:00:00Z");
    }
}
