//! Which pod `logs` and `exec` act on: `POD`, `pod/NAME`, or a controller
//! (`deployment/web`, `rs/…`, `sts/…`, `ds/…`, `job/…`, `svc/…`) whose
//! selector picks pods, ranked the way kubectl ranks them (polymorphichelpers
//! GetFirstPod with podutils.ByLogging / ActivePods).

use kterm_shell::Ctx;
use serde_json::Value;

use crate::api;
use crate::discovery;
use crate::error::KubeError;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;

/// How pods are ranked when a controller has several.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    /// `logs`: running, ready, most restarts first.
    Logging,
    /// `exec`/`attach`: running, ready, fewest restarts first.
    Active,
}

fn phase_rank(p: &Value) -> u8 {
    match p["status"]["phase"].as_str() {
        Some("Running") => 0,
        Some("Unknown") => 1,
        Some("Pending") => 2,
        _ => 3,
    }
}

fn ready(p: &Value) -> bool {
    p["status"]["conditions"].as_array().is_some_and(|c| {
        c.iter()
            .any(|c| c["type"] == "Ready" && c["status"] == "True")
    })
}

fn restarts(p: &Value) -> i64 {
    p["status"]["containerStatuses"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["restartCount"].as_i64())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
}

/// Sorts pods best first; equal pods keep the server's (name) order.
pub fn rank(pods: &mut [Value], how: Rank) {
    kterm_shell::sort::sort_by_key(pods, |p| {
        let r = restarts(p);
        (
            p["spec"]["nodeName"].as_str().is_none_or(str::is_empty),
            phase_rank(p),
            !ready(p),
            if how == Rank::Logging { -r } else { r },
        )
    });
}

/// A label selector as a query string value (`app=web,tier=front`).
pub fn selector_of(obj: &Value, kind: &str) -> Option<String> {
    let m = if kind == "Service" {
        &obj["spec"]["selector"]
    } else {
        &obj["spec"]["selector"]["matchLabels"]
    };
    let pairs: Vec<String> = m
        .as_object()?
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    (!pairs.is_empty()).then(|| pairs.join(","))
}

/// Lists pods in `ns` matching `selector`.
pub async fn list(
    ctx: &mut Ctx<'_>,
    t: &Target,
    ns: &str,
    selector: &str,
) -> Result<Vec<Value>, KubeError> {
    let path = format!(
        "/api/v1/namespaces/{ns}/pods?labelSelector={}",
        query_escape(selector)
    );
    let v = api::get_json(ctx, t, api::request(t, "GET", &path), "list", "pods").await?;
    Ok(v["items"].as_array().cloned().unwrap_or_default())
}

/// The object an argument names (`POD`, `TYPE/NAME`) and its resource.
pub async fn fetch(
    ctx: &mut Ctx<'_>,
    t: &Target,
    arg: &str,
) -> Result<(discovery::ApiResource, Value), KubeError> {
    let (ty, name) = match arg.split_once('/') {
        Some((ty, name)) => (ty, name),
        None => ("pods", arg),
    };
    let known = discovery::resources(ctx, t).await?;
    let Some(r) = discovery::find(&known, ty).cloned() else {
        return Err(KubeError::Client(format!(
            "the server doesn't have a resource type \"{ty}\""
        )));
    };
    let path = format!("{}/{name}", r.collection(Some(&t.namespace)));
    let what = format!("{} {name}", r.name);
    let obj = api::get_json(ctx, t, api::request(t, "GET", &path), "get", &what).await?;
    Ok((r, obj))
}

/// The pods a controller's selector picks, best first. `doing` words
/// the error for kinds without a selector (`cannot get the logs from`,
/// `cannot attach to`).
pub async fn pods_of(
    ctx: &mut Ctx<'_>,
    t: &Target,
    r: &discovery::ApiResource,
    obj: &Value,
    how: Rank,
    doing: &str,
) -> Result<Vec<Value>, KubeError> {
    let Some(sel) = selector_of(obj, &r.kind) else {
        // Go's %T of the typed object: `*v1.Node`.
        let ty = format!("*{}.{}", r.version, r.kind);
        if r.kind == "Service" {
            return Err(KubeError::Client(format!(
                "{doing} {ty}: invalid service '{}': Service is defined without a selector",
                obj["metadata"]["name"].as_str().unwrap_or("")
            )));
        }
        return Err(KubeError::Client(format!(
            "{doing} {ty}: selector for {ty} not implemented"
        )));
    };
    let ns = obj["metadata"]["namespace"]
        .as_str()
        .unwrap_or(&t.namespace);
    let mut pods = list(ctx, t, ns, &sel).await?;
    rank(&mut pods, how);
    if pods.is_empty() {
        return Err(KubeError::Client(
            "timed out waiting for the condition".into(),
        ));
    }
    Ok(pods)
}

/// The pod an argument names, and how many pods the selector matched (1
/// for a pod named directly).
pub async fn resolve(
    ctx: &mut Ctx<'_>,
    t: &Target,
    arg: &str,
    how: Rank,
    doing: &str,
) -> Result<(Value, usize), KubeError> {
    let (r, obj) = fetch(ctx, t, arg).await?;
    if r.kind == "Pod" {
        return Ok((obj, 1));
    }
    let pods = pods_of(ctx, t, &r, &obj, how, doing).await?;
    let n = pods.len();
    let first = pods.into_iter().next().unwrap_or_default();
    Ok((first, n))
}

/// Container names of a pod, in spec order.
pub fn containers(pod: &Value) -> Vec<String> {
    pod["spec"]["containers"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every container name: init, regular, then ephemeral (the order of
/// `--all-containers`).
pub fn every_container(pod: &Value) -> Vec<String> {
    let names = |k: &str| -> Vec<String> {
        pod["spec"][k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = names("initContainers");
    out.extend(names("containers"));
    out.extend(names("ephemeralContainers"));
    out
}

/// Every container as kubectl lists them in its messages: regular, then
/// `NAME (ephem)`, then `NAME (init)`.
pub fn all_names(pod: &Value) -> String {
    let mut out = containers(pod);
    for (key, tag) in [("ephemeralContainers", "ephem"), ("initContainers", "init")] {
        if let Some(a) = pod["spec"][key].as_array() {
            out.extend(
                a.iter()
                    .filter_map(|c| c["name"].as_str())
                    .map(|n| format!("{n} ({tag})")),
            );
        }
    }
    out.join(", ")
}

/// The container to use when none was named: the
/// `kubectl.kubernetes.io/default-container` annotation, else the first;
/// with the `Defaulted container` notice kubectl prints when there were
/// several.
pub fn default_container(pod: &Value) -> (String, Option<String>) {
    let all = containers(pod);
    let annotated = pod["metadata"]["annotations"]["kubectl.kubernetes.io/default-container"]
        .as_str()
        .filter(|c| all.iter().any(|x| x == c));
    if let Some(c) = annotated {
        return (c.to_string(), None);
    }
    let first = all.first().cloned().unwrap_or_default();
    let more = |k: &str| pod["spec"][k].as_array().is_some_and(|a| !a.is_empty());
    let note = (all.len() > 1 || more("initContainers") || more("ephemeralContainers"))
        .then(|| format!("Defaulted container \"{first}\" out of: {}", all_names(pod)));
    (first, note)
}

/// The container `exec` or `attach` works in: the one `-c` names (checked
/// against the pod's), or the default one, whose note goes to stderr
/// unless `quiet`. A completed pod has none. `verb` is kubectl's wording
/// ("exec into", "attach"); `prefix` goes before the unknown-container
/// error (attach's "cannot attach to the container: ").
pub fn chosen_container(
    ctx: &mut Ctx<'_>,
    pod: &Value,
    requested: Option<&str>,
    quiet: bool,
    verb: &str,
    prefix: &str,
) -> Result<String, KubeError> {
    let phase = pod["status"]["phase"].as_str().unwrap_or("");
    if matches!(phase, "Succeeded" | "Failed") {
        return Err(KubeError::Client(format!(
            "cannot {verb} a container in a completed pod; current phase is {phase}"
        )));
    }
    match requested {
        Some(c) if !every_container(pod).iter().any(|x| x == c) => Err(KubeError::Client(format!(
            "{prefix}container {c} is not valid for pod {} out of: {}",
            pod["metadata"]["name"].as_str().unwrap_or(""),
            all_names(pod)
        ))),
        Some(c) => Ok(c.to_string()),
        None => {
            let (c, note) = default_container(pod);
            if let (Some(n), false) = (note, quiet) {
                ctx.stderr.line(&n);
            }
            Ok(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(name: &str, node: &str, phase: &str, ready: bool, restarts: i64) -> Value {
        json!({"metadata": {"name": name}, "spec": {"nodeName": node},
            "status": {"phase": phase, "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}],
                "containerStatuses": [{"restartCount": restarts}]}})
    }

    #[test]
    fn ranking() {
        let names = |v: &[Value]| {
            v.iter()
                .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        let base = vec![
            pod("pending", "", "Pending", false, 0),
            pod("crash", "n1", "Running", false, 7),
            pod("a", "n1", "Running", true, 0),
            pod("b", "n1", "Running", true, 2),
        ];
        let mut l = base.clone();
        rank(&mut l, Rank::Logging);
        assert_eq!(names(&l), ["b", "a", "crash", "pending"]);
        let mut e = base;
        rank(&mut e, Rank::Active);
        assert_eq!(names(&e), ["a", "b", "crash", "pending"]);
    }

    #[test]
    fn selectors_and_defaults() {
        let d = json!({"spec": {"selector": {"matchLabels": {"app": "web"}}}});
        assert_eq!(selector_of(&d, "Deployment").as_deref(), Some("app=web"));
        let s = json!({"spec": {"selector": {"app": "api"}}});
        assert_eq!(selector_of(&s, "Service").as_deref(), Some("app=api"));
        let two = json!({"spec": {"containers": [{"name": "a"}, {"name": "b"}]}});
        assert_eq!(
            default_container(&two),
            (
                "a".to_string(),
                Some("Defaulted container \"a\" out of: a, b".to_string())
            )
        );
        let annotated = json!({"metadata": {"annotations": {"kubectl.kubernetes.io/default-container": "b"}}, "spec": {"containers": [{"name": "a"}, {"name": "b"}]}});
        assert_eq!(default_container(&annotated), ("b".to_string(), None));
    }
}
