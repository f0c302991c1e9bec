//! `kubectl describe (TYPE [NAME_PREFIX] | TYPE/NAME) [-l sel] [-A]`:
//! finds the objects as kubectl's builder does, fetches what each kind's
//! describer needs (events by `involvedObject`, owned pods, replica sets,
//! endpoint slices, quotas, the node lease) and prints kubectl's layout.

mod apps;
mod core;
mod generic;
mod node;
mod pods;
mod resources;
pub mod writer;

use kterm_shell::Ctx;
use serde_json::Value;

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::{api, flags};

pub(crate) const FLAGS: &[Flag] = &[
    flags::ALL_NAMESPACES,
    flags::SELECTOR,
    Flag::switch("show-events", None, "Show the object's events"),
    flags::CHUNK_SIZE,
    flags::FILENAME,
];

/// What to describe: each type with the names given for it.
fn wanted(args: &[String]) -> Result<Vec<(String, Vec<String>)>, KubeError> {
    let Some(first) = args.first() else {
        return Err(KubeError::Client(
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.".into(),
        ));
    };
    if args.iter().any(|a| a.contains('/')) {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for a in args {
            let Some((ty, name)) = a.split_once('/') else {
                return Err(KubeError::Client("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into()));
            };
            out.push((ty.to_string(), vec![name.to_string()]));
        }
        return Ok(out);
    }
    Ok(first
        .split(',')
        .map(|t| (t.to_string(), args[1..].to_vec()))
        .collect())
}

struct Run<'a> {
    t: &'a Target,
    show_events: bool,
    now: i64,
}

async fn get(ctx: &mut Ctx<'_>, t: &Target, path: &str, what: &str) -> Result<Value, KubeError> {
    api::get_json(ctx, t, api::request(t, "GET", path), "get", what).await
}

/// A list's items; the error keeps the server's status for callers that
/// treat "not found" as "not supported".
async fn list(ctx: &mut Ctx<'_>, t: &Target, path: &str) -> Result<Vec<Value>, KubeError> {
    let v = get(ctx, t, path, "").await?;
    Ok(v["items"].as_array().cloned().unwrap_or_default())
}

fn is_not_found(e: &KubeError) -> bool {
    matches!(e, KubeError::Status { code: 404, .. })
}

fn message(e: &KubeError) -> String {
    match e {
        KubeError::Status { message, .. } => message
            .rsplit_once(" (get ")
            .map(|(m, _)| m.to_string())
            .unwrap_or_else(|| message.clone()),
        other => other.to_string(),
    }
}

impl Run<'_> {
    /// Events about `obj`, found as kubectl finds them (`with_kind` is
    /// false for pods, whose reference kubectl sends without a kind).
    async fn events(
        &self,
        ctx: &mut Ctx<'_>,
        obj: &Value,
        kind: &str,
        uid: Option<&str>,
    ) -> Result<Option<Vec<Value>>, KubeError> {
        if !self.show_events {
            return Ok(None);
        }
        let meta = &obj["metadata"];
        let ns = meta["namespace"].as_str().unwrap_or("");
        let mut sel = vec![
            format!("involvedObject.name={}", writer::s(&meta["name"])),
            format!("involvedObject.namespace={ns}"),
        ];
        if !kind.is_empty() {
            sel.push(format!("involvedObject.kind={kind}"));
        }
        let uid = uid
            .map(str::to_string)
            .unwrap_or_else(|| writer::s(&meta["uid"]));
        if !uid.is_empty() {
            sel.push(format!("involvedObject.uid={uid}"));
        }
        let base = if ns.is_empty() {
            "/api/v1/events".to_string()
        } else {
            format!("/api/v1/namespaces/{ns}/events")
        };
        let path = format!(
            "{base}?fieldSelector={}&limit=500",
            query_escape(&sel.join(","))
        );
        Ok(Some(list(ctx, self.t, &path).await?))
    }

    /// Events as most describers take them: a failed search shows none.
    async fn events_or_empty(
        &self,
        ctx: &mut Ctx<'_>,
        obj: &Value,
        kind: &str,
    ) -> Option<Vec<Value>> {
        match self.events(ctx, obj, kind, None).await {
            Ok(e) => e,
            Err(KubeError::Cancelled) => None,
            Err(_) => Some(Vec::new()),
        }
    }

    async fn describe(
        &self,
        ctx: &mut Ctx<'_>,
        r: &ApiResource,
        obj: &Value,
    ) -> Result<String, KubeError> {
        let t = self.t;
        let now = self.now;
        let meta = &obj["metadata"];
        let ns = writer::s(&meta["namespace"]);
        let name = writer::s(&meta["name"]);
        let selector = |o: &Value| writer::selector_string(&o["spec"]["selector"]);
        let out = match (r.group.as_str(), r.kind.as_str()) {
            ("", "Pod") => {
                let ev = match self.events(ctx, obj, "", None).await {
                    Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
                    Err(_) => Some(Vec::new()),
                    Ok(e) => e,
                };
                pods::describe_pod(obj, ev.as_deref(), now)
            }
            ("", "Service") => {
                let path = format!(
                    "/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices?labelSelector={}",
                    query_escape(&format!("kubernetes.io/service-name={name}"))
                );
                let slices = match list(ctx, t, &path).await {
                    Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
                    r => r.unwrap_or_default(),
                };
                let ev = self.events_or_empty(ctx, obj, "Service").await;
                core::describe_service(obj, &slices, ev.as_deref(), now)
            }
            ("", "ConfigMap") => {
                let ev = self.events(ctx, obj, "ConfigMap", None).await?;
                core::describe_configmap(obj, ev.as_deref(), now)
            }
            ("", "Secret") => core::describe_secret(obj),
            ("", "Namespace") => {
                let mut extra = Vec::new();
                for res in ["resourcequotas", "limitranges"] {
                    let path = format!("/api/v1/namespaces/{name}/{res}?limit=500");
                    extra.push(match list(ctx, t, &path).await {
                        Ok(l) => Some(l),
                        Err(e) if is_not_found(&e) => None,
                        Err(e) => return Err(e),
                    });
                }
                core::describe_namespace(obj, extra[0].as_deref(), extra[1].as_deref())
            }
            ("", "ServiceAccount") => {
                let ev = self.events_or_empty(ctx, obj, "ServiceAccount").await;
                core::describe_serviceaccount(obj, ev.as_deref(), now)
            }
            ("", "Node") => {
                let sel =
                    format!("spec.nodeName={name},status.phase!=Succeeded,status.phase!=Failed");
                let pods = list(
                    ctx,
                    t,
                    &format!(
                        "/api/v1/pods?fieldSelector={}&limit=500",
                        query_escape(&sel)
                    ),
                )
                .await?;
                let ev = match self.events_or_empty(ctx, obj, "Node").await {
                    Some(mut a) => {
                        // Kubelets name the node by its name where others use its uid.
                        if let Ok(Some(b)) = self.events(ctx, obj, "Node", Some(&name)).await {
                            a.extend(b);
                        }
                        Some(a)
                    }
                    None => None,
                };
                let lease_path = format!(
                    "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/{name}"
                );
                let lease = get(ctx, t, &lease_path, "").await;
                if let Err(KubeError::Cancelled) = lease {
                    return Err(KubeError::Cancelled);
                }
                let lease = lease.as_ref().map_err(message);
                node::describe_node(obj, &pods, lease, ev.as_deref(), now)
            }
            ("", "PersistentVolumeClaim") => {
                let all = list(ctx, t, &format!("/api/v1/namespaces/{ns}/pods?limit=500")).await?;
                let used: Vec<String> = all
                    .iter()
                    .filter(|p| {
                        p["spec"]["volumes"].as_array().is_some_and(|vs| {
                            vs.iter()
                                .any(|v| v["persistentVolumeClaim"]["claimName"] == name.as_str())
                        })
                    })
                    .map(|p| writer::s(&p["metadata"]["name"]))
                    .collect();
                let ev = self
                    .events_or_empty(ctx, obj, "PersistentVolumeClaim")
                    .await;
                core::describe_pvc(obj, &used, ev.as_deref(), now)
            }
            ("apps", "Deployment") => {
                let ev = self.events_or_empty(ctx, obj, "Deployment").await;
                let path = format!(
                    "/apis/apps/v1/namespaces/{ns}/replicasets?labelSelector={}&limit=500",
                    query_escape(&selector(obj))
                );
                let owned = match list(ctx, t, &path).await {
                    Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
                    r => r.ok(),
                };
                apps::describe_deployment(obj, owned.as_deref(), ev.as_deref(), now)
            }
            ("apps", "ReplicaSet" | "StatefulSet" | "DaemonSet") => {
                let path = format!(
                    "/api/v1/namespaces/{ns}/pods?labelSelector={}&limit=500",
                    query_escape(&selector(obj))
                );
                let pods = list(ctx, t, &path).await;
                if let Err(KubeError::Cancelled) = pods {
                    return Err(KubeError::Cancelled);
                }
                let ev = self.events_or_empty(ctx, obj, &r.kind).await;
                match r.kind.as_str() {
                    "ReplicaSet" => apps::describe_replicaset(
                        obj,
                        pods.as_deref().map_err(message),
                        ev.as_deref(),
                        now,
                    ),
                    "StatefulSet" => apps::describe_statefulset(obj, &pods?, ev.as_deref(), now),
                    _ => apps::describe_daemonset(obj, &pods?, ev.as_deref(), now),
                }
            }
            ("batch", "Job") => {
                let ev = self.events_or_empty(ctx, obj, "Job").await;
                apps::describe_job(obj, ev.as_deref(), now)
            }
            ("batch", "CronJob") => {
                let ev = self.events_or_empty(ctx, obj, "CronJob").await;
                apps::describe_cronjob(obj, ev.as_deref(), now)
            }
            _ => {
                let ev = self.events_or_empty(ctx, obj, &r.kind).await;
                generic::describe_generic(obj, ev.as_deref(), now)
            }
        };
        Ok(out)
    }
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("describe", args, FLAGS)?;
    let s = inv.target(ctx).await?;
    let t = s.clone();
    let all_ns = f.has("all-namespaces");
    let wanted = wanted(&f.args)?;
    let known = discovery::resources(ctx, &t).await?;
    let mut kinds: Vec<(ApiResource, Vec<String>)> = Vec::new();
    for (ty, names) in wanted {
        match discovery::find(&known, &ty) {
            Some(r) => kinds.push((r.clone(), names)),
            None => {
                return Err(KubeError::Client(format!(
                    "the server doesn't have a resource type \"{ty}\""
                )))
            }
        }
    }
    let ns = (!all_ns).then_some(t.namespace.as_str());
    let mut infos: Vec<(ApiResource, Value)> = Vec::new();
    let mut errors: Vec<KubeError> = Vec::new();
    let mut not_found_prefix: Option<(ApiResource, String, KubeError)> = None;
    for (r, names) in &kinds {
        if names.is_empty() {
            let mut path = format!("{}?limit=500", r.collection(ns));
            if let Some(l) = f.value("selector") {
                path.push_str(&format!("&labelSelector={}", query_escape(l)));
            }
            for mut item in list(ctx, &t, &path).await? {
                item["kind"] = Value::String(r.kind.clone());
                infos.push((r.clone(), item));
            }
            continue;
        }
        for name in names {
            let path = format!("{}/{name}", r.collection(Some(&t.namespace)));
            match get(ctx, &t, &path, &format!("{} {name}", r.name)).await {
                Ok(v) => infos.push((r.clone(), v)),
                Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
                Err(e) if is_not_found(&e) && f.args.len() == 2 && !f.args[0].contains('/') => {
                    not_found_prefix = Some((r.clone(), name.clone(), e));
                }
                Err(e) => errors.push(e),
            }
        }
    }
    let mut run = Run {
        t: &t,
        show_events: true,
        now: ctx.host.now_ms(),
    };
    let explicit = f.has("show-events");
    if let Some((r, prefix, err)) = not_found_prefix {
        // kubectl describes every object whose name starts with the
        // argument, without events, each followed by a blank line.
        run.show_events = explicit;
        let path = format!("{}?limit=500", r.collection(Some(&t.namespace)));
        let mut found = false;
        for mut item in list(ctx, &t, &path).await? {
            if writer::s(&item["metadata"]["name"]).starts_with(&prefix) {
                found = true;
                item["kind"] = Value::String(r.kind.clone());
                let text = run.describe(ctx, &r, &item).await?;
                ctx.stdout.write_str(&format!("{text}\n"));
            }
        }
        return if found { Ok(0) } else { Err(err) };
    }
    if (!errors.is_empty() || infos.len() > 1) && !explicit {
        run.show_events = false;
    }
    let mut first = true;
    for (r, obj) in &infos {
        match run.describe(ctx, r, obj).await {
            Ok(text) => {
                if !first {
                    ctx.stdout.write_str("\n\n");
                }
                first = false;
                ctx.stdout.write_str(&text);
            }
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => {
                if !errors.contains(&e) {
                    errors.push(e);
                }
            }
        }
    }
    if infos.is_empty() && errors.is_empty() {
        if all_ns {
            ctx.stderr.line("No resources found");
        } else {
            ctx.stderr
                .line(&format!("No resources found in {} namespace.", t.namespace));
        }
    }
    let last = errors.pop();
    for e in errors {
        e.render(ctx);
    }
    match last {
        Some(e) => Err(e),
        None => Ok(0),
    }
}
