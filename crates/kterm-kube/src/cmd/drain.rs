//! `kubectl drain NODE… [--ignore-daemonsets] [--delete-emptydir-data]
//! [--force] [--grace-period=N] [--timeout=D] [--pod-selector=S]
//! [--dry-run]`: cordon, then remove the node's pods as kubectl's drain
//! helper does: its filters (DaemonSet-managed, mirror, local storage,
//! no controller) with its warnings and errors, each pod deleted, then
//! waited for until gone (or replaced), one look a second.
//!
//! kubectl evicts pods when the server offers `pods/eviction` and
//! deletes them otherwise; this terminal only deletes, so against a
//! server with eviction it asks for `--disable-eviction` rather than
//! quietly doing something else.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::cordon::{cordon_one, go_text, node_name, nodes, usage};
use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::mutate::{self, DryRun};

pub(crate) const FLAGS: &[Flag] = &[
    flags::DRY_RUN,
    flags::SELECTOR,
    Flag::value("pod-selector", None, "Label selector for the pods to evict"),
    Flag::switch(
        "ignore-daemonsets",
        None,
        "Leave pods managed by a DaemonSet alone",
    ),
    Flag::switch(
        "delete-emptydir-data",
        None,
        "Evict pods with emptyDir volumes too (their data is lost)",
    ),
    Flag::switch(
        "delete-local-data",
        None,
        "Deprecated name of --delete-emptydir-data",
    ),
    flags::FORCE,
    flags::GRACE_PERIOD,
    flags::TIMEOUT,
    Flag::switch(
        "disable-eviction",
        None,
        "Delete pods instead of evicting them",
    ),
    Flag::value(
        "skip-wait-for-delete-timeout",
        None,
        "Stop waiting for a pod whose deletion is older than this many seconds",
    ),
    flags::CHUNK_SIZE,
];

/// What the filters decided for one pod.
#[derive(Debug, PartialEq)]
enum Verdict {
    Delete,
    Skip,
    /// Deleted (or not) with a warning.
    Warn(bool, &'static str),
    Fatal(&'static str),
}

struct Options {
    ignore_daemonsets: bool,
    delete_emptydir: bool,
    force: bool,
}

fn controller(pod: &Value) -> Option<&Value> {
    pod["metadata"]["ownerReferences"]
        .as_array()?
        .iter()
        .find(|r| r["controller"] == true)
}

/// kubectl's filters in its order; the first that keeps a pod decides.
fn verdict(pod: &Value, o: &Options) -> Verdict {
    let done = matches!(
        pod["status"]["phase"].as_str(),
        Some("Succeeded" | "Failed")
    );
    let mut last = Verdict::Delete;
    let ctl = controller(pod);
    // DaemonSet-managed pods come back at once: never deleted.
    if ctl.is_some_and(|c| c["kind"] == "DaemonSet" && c["apiVersion"] == "apps/v1") && !done {
        return if o.ignore_daemonsets {
            Verdict::Warn(false, "ignoring DaemonSet-managed Pods")
        } else {
            Verdict::Fatal("DaemonSet-managed Pods (use --ignore-daemonsets to ignore)")
        };
    }
    if pod["metadata"]["annotations"]["kubernetes.io/config.mirror"].is_string() {
        return Verdict::Skip;
    }
    let local = pod["spec"]["volumes"]
        .as_array()
        .is_some_and(|vs| vs.iter().any(|v| v["emptyDir"].is_object()));
    if local && !done {
        if !o.delete_emptydir {
            return Verdict::Fatal(
                "Pods with local storage (use --delete-emptydir-data to override)",
            );
        }
        last = Verdict::Warn(true, "deleting Pods with local storage");
    }
    if !done && ctl.is_none() {
        if !o.force {
            return Verdict::Fatal("Pods that declare no controller (use --force to override)");
        }
        last = Verdict::Warn(true, "deleting Pods that declare no controller");
    } else if done || ctl.is_some() {
        // The last filter says Okay, which is what kubectl keeps.
        last = Verdict::Delete;
    }
    last
}

/// `ns/name, ns/name` per message, messages in first-seen order.
fn grouped(items: &[(String, &'static str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (pod, msg) in items {
        match out.iter_mut().find(|(m, _)| m == msg) {
            Some((_, pods)) => {
                pods.push_str(", ");
                pods.push_str(pod);
            }
            None => out.push((msg.to_string(), pod.clone())),
        }
    }
    out
}

fn ns_name(p: &Value) -> String {
    format!(
        "{}/{}",
        p["metadata"]["namespace"].as_str().unwrap_or(""),
        p["metadata"]["name"].as_str().unwrap_or("")
    )
}

/// The pods to delete from one node; the errors as kubectl words them.
async fn pods_to_delete(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &flags::Parsed,
    o: &Options,
    node: &str,
) -> Result<Vec<Value>, String> {
    let mut q = vec![format!(
        "fieldSelector={}",
        query_escape(&format!("spec.nodeName={node}"))
    )];
    if let Some(sel) = f.value("pod-selector").filter(|s| !s.is_empty()) {
        q.insert(0, format!("labelSelector={}", query_escape(sel)));
    }
    q.push("limit=500".into());
    let path = format!("/api/v1/pods?{}", q.join("&"));
    let list = mutate::call(ctx, t, "GET", &path, "", None, "pods")
        .await
        .map_err(|e| go_text(&e))?;
    let (mut keep, mut warnings, mut fatal) = (Vec::new(), Vec::new(), Vec::new());
    for p in list["items"].as_array().cloned().unwrap_or_default() {
        match verdict(&p, o) {
            Verdict::Delete => keep.push(p),
            Verdict::Skip => {}
            Verdict::Warn(delete, m) => {
                warnings.push((ns_name(&p), m));
                if delete {
                    keep.push(p);
                }
            }
            Verdict::Fatal(m) => fatal.push((ns_name(&p), m)),
        }
    }
    let errors: Vec<String> = grouped(&fatal)
        .into_iter()
        .map(|(m, pods)| format!("cannot delete {m}: {pods}"))
        .collect();
    match errors.as_slice() {
        [] => {}
        [one] => return Err(one.clone()),
        many => return Err(format!("[{}]", many.join(", "))),
    }
    if !warnings.is_empty() {
        let text: Vec<String> = grouped(&warnings)
            .into_iter()
            .map(|(m, pods)| format!("{m}: {pods}"))
            .collect();
        ctx.stderr.line(&kterm_shell::sanitize::text(&format!(
            "Warning: {}",
            text.join("; ")
        )));
    }
    Ok(keep)
}

/// Deletes the pods, then waits until each is gone or replaced.
async fn delete_and_wait(
    ctx: &mut Ctx<'_>,
    t: &Target,
    pods: &[Value],
    grace: Option<i64>,
    dry: DryRun,
    timeout_ms: Option<u64>,
) -> Result<(), String> {
    let body = match grace {
        Some(g) => json!({"gracePeriodSeconds": g}),
        None => json!({}),
    };
    let q = if dry == DryRun::Server {
        "?dryRun=All"
    } else {
        ""
    };
    let path_of = |p: &Value| {
        format!(
            "/api/v1/namespaces/{}/pods/{}",
            query_escape(p["metadata"]["namespace"].as_str().unwrap_or("")),
            query_escape(p["metadata"]["name"].as_str().unwrap_or(""))
        )
    };
    for p in pods {
        let path = format!("{}{q}", path_of(p));
        match mutate::call(
            ctx,
            t,
            "DELETE",
            &path,
            "application/json",
            Some(&body),
            "pods",
        )
        .await
        {
            Ok(_) | Err(KubeError::Status { code: 404, .. }) => {}
            Err(e) => return Err(go_text(&e)),
        }
    }
    if dry == DryRun::Server {
        return Ok(());
    }
    let start = ctx.host.now_ms();
    let mut pending: Vec<Value> = pods.to_vec();
    loop {
        let mut still = Vec::new();
        for p in pending {
            let name = p["metadata"]["name"].as_str().unwrap_or("");
            let r = mutate::call(
                ctx,
                t,
                "GET",
                &path_of(&p),
                "",
                None,
                &format!("pods {name}"),
            )
            .await;
            let gone = match &r {
                Err(KubeError::Status { code: 404, .. }) => true,
                Ok(now) => now["metadata"]["uid"] != p["metadata"]["uid"],
                Err(KubeError::Cancelled) => return Err("interrupted".into()),
                Err(e) => return Err(go_text(e)),
            };
            if gone {
                ctx.stdout.line(&format!(
                    "pod/{} deleted",
                    kterm_shell::sanitize::field(name)
                ));
            } else {
                still.push(p);
            }
        }
        pending = still;
        if pending.is_empty() {
            return Ok(());
        }
        if timeout_ms.is_some_and(|ms| (ctx.host.now_ms() - start) as u64 >= ms) {
            return Err("global timeout reached: ".to_string() + &timeout_text(timeout_ms));
        }
        mutate::pause(ctx, 1000)
            .await
            .map_err(|_| "interrupted".to_string())?;
    }
}

fn timeout_text(ms: Option<u64>) -> String {
    let s = ms.unwrap_or(0) / 1000;
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, 0, sec) => format!("{sec}s"),
        (0, m, sec) => format!("{m}m{sec}s"),
        (h, m, sec) => format!("{h}h{m}m{sec}s"),
    }
}

/// Whether the server offers the eviction subresource.
async fn evictions_offered(ctx: &Ctx<'_>, t: &Target) -> Result<bool, KubeError> {
    let v1 = mutate::call(ctx, t, "GET", "/api/v1", "", None, "").await?;
    Ok(v1["resources"]
        .as_array()
        .is_some_and(|rs| rs.iter().any(|r| r["name"] == "pods/eviction")))
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("drain", args, FLAGS)?;
    if f.args.is_empty() && f.value("selector").is_none() {
        return Err(usage("drain"));
    }
    let dry = DryRun::from_flags(&f)?;
    let bad = |flag: &str, v: &str, kind: &str| {
        KubeError::Client(format!(
            "invalid argument \"{v}\" for \"--{flag}\" flag: {kind}\nSee 'kubectl drain --help' for usage."
        ))
    };
    let grace = match f.value("grace-period") {
        None => None,
        Some(g) => Some(g.parse::<i64>().map_err(|_| {
            bad(
                "grace-period",
                g,
                &format!("strconv.ParseInt: parsing \"{g}\": invalid syntax"),
            )
        })?)
        .filter(|g| *g >= 0),
    };
    let timeout_ms = match f.value("timeout") {
        None => None,
        Some(s) => match mutate::duration_ms(s) {
            Some(0) => None,
            Some(ms) => Some(ms),
            None => {
                return Err(bad(
                    "timeout",
                    s,
                    &format!("time: invalid duration \"{s}\""),
                ))
            }
        },
    };
    let o = Options {
        ignore_daemonsets: f.has("ignore-daemonsets"),
        delete_emptydir: f.has("delete-emptydir-data") || f.has("delete-local-data"),
        force: f.has("force"),
    };
    let t = inv.target(ctx).await?;
    let all = nodes(ctx, &t, &f).await?;
    for node in &all {
        cordon_one(ctx, &t, node, true, dry).await?;
    }
    if dry != DryRun::Client && !f.has("disable-eviction") && evictions_offered(ctx, &t).await? {
        return Err(KubeError::Client(
            "this terminal deletes pods rather than evicting them; the server supports eviction, so run drain with --disable-eviction to delete them instead".into(),
        ));
    }
    let mut remaining = Vec::new();
    let mut fatal = Vec::new();
    for node in &all {
        let name = node["metadata"]["name"].as_str().unwrap_or("");
        let result = match pods_to_delete(ctx, &t, &f, &o, name).await {
            Err(e) => Err(e),
            Ok(pods) if dry == DryRun::Client => {
                for p in &pods {
                    ctx.stdout.line(&kterm_shell::sanitize::text(&format!(
                        "evicting pod {} (dry run)",
                        ns_name(p)
                    )));
                }
                Ok(())
            }
            Ok(pods) => delete_and_wait(ctx, &t, &pods, grace, dry, timeout_ms).await,
        };
        match result {
            Ok(()) => ctx
                .stdout
                .line(&format!("node/{} drained{}", node_name(node), dry.suffix())),
            Err(e) => {
                ctx.stderr.line(&kterm_shell::sanitize::text(&format!(
                    "error: unable to drain node \"{name}\" due to error: {e}, continuing command..."
                )));
                remaining.push(node_name(node));
                fatal.push(e);
            }
        }
    }
    if remaining.is_empty() {
        return Ok(0);
    }
    ctx.stderr.line("There are pending nodes to be drained:");
    for n in &remaining {
        ctx.stderr.line(&format!(" {n}"));
    }
    // kubectl prints the aggregated error as it is, without `error: `.
    Err(KubeError::Plain(match fatal.as_slice() {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        let all = Options {
            ignore_daemonsets: false,
            delete_emptydir: false,
            force: false,
        };
        let lenient = Options {
            ignore_daemonsets: true,
            delete_emptydir: true,
            force: true,
        };
        let rs = json!({"metadata": {"ownerReferences": [{"kind": "ReplicaSet", "apiVersion": "apps/v1", "controller": true}]}});
        let ds = json!({"metadata": {"ownerReferences": [{"kind": "DaemonSet", "apiVersion": "apps/v1", "controller": true}]}});
        let bare = json!({"metadata": {}});
        let local = json!({"metadata": {"ownerReferences": [{"kind": "ReplicaSet", "apiVersion": "apps/v1", "controller": true}]}, "spec": {"volumes": [{"name": "t", "emptyDir": {}}]}});
        let mirror = json!({"metadata": {"annotations": {"kubernetes.io/config.mirror": "x"}}});
        let done = json!({"metadata": {}, "status": {"phase": "Succeeded"}});
        for (pod, strict, loose) in [
            (&rs, Verdict::Delete, Verdict::Delete),
            (
                &ds,
                Verdict::Fatal("DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"),
                Verdict::Warn(false, "ignoring DaemonSet-managed Pods"),
            ),
            (
                &bare,
                Verdict::Fatal("Pods that declare no controller (use --force to override)"),
                Verdict::Warn(true, "deleting Pods that declare no controller"),
            ),
            (
                &local,
                Verdict::Fatal("Pods with local storage (use --delete-emptydir-data to override)"),
                Verdict::Delete,
            ),
            (&mirror, Verdict::Skip, Verdict::Skip),
            (&done, Verdict::Delete, Verdict::Delete),
        ] {
            assert_eq!(verdict(pod, &all), strict, "{pod}");
            assert_eq!(verdict(pod, &lenient), loose, "{pod}");
        }
        assert_eq!(
            grouped(&[
                ("a/1".into(), "m"),
                ("b/2".into(), "n"),
                ("a/3".into(), "m")
            ]),
            [
                ("m".to_string(), "a/1, a/3".to_string()),
                ("n".into(), "b/2".into())
            ]
        );
        assert_eq!(timeout_text(Some(90_000)), "1m30s");
    }
}
