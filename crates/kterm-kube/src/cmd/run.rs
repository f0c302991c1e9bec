//! `kubectl run NAME --image=IMG [--labels] [--env]… [--port]
//! [--restart] [--command] [-- ARGS…]`: one Pod, built as kubectl's
//! generator builds it (labels `run=NAME` unless `--labels`, one
//! container named NAME, `resources: {}`, `dnsPolicy: ClusterFirst`, the
//! restart policy), created with `fieldManager=kubectl-run`; `--expose`
//! adds a ClusterIP Service. Flags are checked in kubectl's order and
//! with its words. Attaching (`-i`, `-t`, `--attach`, `--rm`) is not
//! supported yet and says so before anything is created.

use kterm_shell::Ctx;
use serde_json::{json, Map, Value};

use crate::cli::Invocation;
use crate::discovery;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::mutate::{self, DryRun, LAST_APPLIED};

use super::typed::typed_order;

pub(crate) const FLAGS: &[Flag] = &[
    flags::IMAGE,
    Flag::value(
        "image-pull-policy",
        None,
        "When to pull the image: Always, IfNotPresent or Never",
    )
    .one_of(&["Always", "IfNotPresent", "Never"]),
    Flag::value(
        "env",
        None,
        "Environment variable for the container (NAME=value, repeatable)",
    ),
    flags::PORT,
    flags::LABELS,
    Flag::value(
        "annotations",
        None,
        "Annotations for the new object (key=value, repeatable)",
    ),
    Flag::value(
        "restart",
        None,
        "The pod's restart policy: Always, OnFailure or Never",
    )
    .one_of(&["Always", "OnFailure", "Never"]),
    Flag::switch(
        "command",
        None,
        "Take the arguments after -- as the command, not its arguments",
    ),
    Flag::switch("expose", None, "Also create a service for the pod"),
    Flag::switch("privileged", None, "Run the container privileged"),
    flags::STDIN,
    flags::TTY,
    Flag::switch("attach", None, "Wait for the pod and attach to it"),
    Flag::switch("rm", None, "Delete the pod after it exits"),
    Flag::switch(
        "leave-stdin-open",
        None,
        "Keep the input open after the first attach ends",
    ),
    flags::QUIET,
    flags::DRY_RUN,
    flags::OUTPUT,
    flags::FIELD_MANAGER,
    flags::SAVE_CONFIG,
    flags::POD_RUNNING_TIMEOUT,
];

/// What the flags say, checked.
#[derive(Debug, PartialEq)]
struct Run {
    name: String,
    image: String,
    args: Vec<String>,
    command: bool,
    labels: Option<Map<String, Value>>,
    annotations: Map<String, Value>,
    env: Vec<Value>,
    port: Option<i64>,
    restart: String,
    pull: Option<String>,
    privileged: bool,
    expose: bool,
    attach: bool,
}

fn err(m: impl Into<String>) -> KubeError {
    KubeError::Client(m.into())
}

/// `-l a=b,c=d`: each pair exactly one `=`, keys not empty.
fn labels(s: &str) -> Result<Option<Map<String, Value>>, KubeError> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut m = Map::new();
    for spec in s.split(',') {
        let parts: Vec<&str> = spec.split('=').collect();
        let [k, v] = parts.as_slice() else {
            return Err(err(format!("unexpected label spec: {spec}")));
        };
        if k.is_empty() {
            return Err(err("unexpected empty label key"));
        }
        m.insert(k.to_string(), json!(v));
    }
    Ok(Some(m))
}

/// A C identifier-ish name as Kubernetes allows for env vars.
fn env_name_ok(n: &str) -> bool {
    let mut cs = n.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || "-._".contains(c))
        && cs.all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}

fn envs(list: &[String]) -> Result<Vec<Value>, KubeError> {
    list.iter()
        .map(|e| match e.split_once('=') {
            Some((n, v)) if env_name_ok(n) => Ok(json!({"name": n, "value": v})),
            _ => Err(err(format!("invalid env: {e}"))),
        })
        .collect()
}

/// `[a-z0-9]+` runs joined by `.`, `_`, `__` or dashes.
fn path_component_ok(s: &str) -> bool {
    let mut prev_alnum = false;
    let mut sep = String::new();
    for c in s.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if !sep.is_empty() {
                let ok = matches!(sep.as_str(), "." | "_" | "__") || sep.chars().all(|c| c == '-');
                if !ok || !prev_alnum {
                    return false;
                }
                sep.clear();
            }
            prev_alnum = true;
        } else if "._-".contains(c) {
            if !prev_alnum && sep.is_empty() {
                return false;
            }
            sep.push(c);
        } else {
            return false;
        }
    }
    prev_alnum && sep.is_empty()
}

/// `host[:port]`: dot-separated labels of letters, digits and inner dashes.
fn domain_ok(s: &str) -> bool {
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (s, None),
    };
    let label = |l: &str| {
        !l.is_empty()
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    host.split('.').all(label)
        && port.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn tag_ok(t: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut cs = t.chars();
    cs.next().is_some_and(word) && t.len() <= 128 && cs.all(|c| word(c) || c == '.' || c == '-')
}

fn digest_ok(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    let alg_ok = alg.split(['+', '.', '-', '_']).all(|c| {
        let mut cs = c.chars();
        cs.next().is_some_and(|c| c.is_ascii_alphabetic()) && cs.all(|c| c.is_ascii_alphanumeric())
    });
    alg_ok && hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// The image reference grammar kubectl checks `--image` against
/// (`name[:tag][@digest]`, the name an optional registry host then
/// lowercase path components).
fn image_ok(image: &str) -> bool {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    if digest.is_some_and(|d| !digest_ok(d)) {
        return false;
    }
    let (name, tag) = match rest.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => (n, Some(t)),
        _ => (rest, None),
    };
    if tag.is_some_and(|t| !tag_ok(t)) {
        return false;
    }
    let parts: Vec<&str> = name.split('/').collect();
    let all_paths = |ps: &[&str]| !ps.is_empty() && ps.iter().all(|p| path_component_ok(p));
    all_paths(&parts) || (parts.len() > 1 && domain_ok(parts[0]) && all_paths(&parts[1..]))
}

/// Checks the flags as kubectl does: its Complete, then its Validate.
fn parse(args: &[String]) -> Result<(Run, flags::Parsed), KubeError> {
    // Arguments after `--` are the container's; NAME must come before.
    let (before, after) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], Some(&args[i + 1..])),
        None => (args, None),
    };
    let f = flags::parse("run", before, FLAGS)?;
    let Some(image) = f.value("image").map(str::to_string) else {
        return Err(err("required flag(s) \"image\" not set"));
    };
    let mut annotations = Map::new();
    for a in f.values("annotations") {
        let Some((k, v)) = a.split_once('=') else {
            return Err(err(format!("invalid annotations format: {a}")));
        };
        annotations.insert(k.to_string(), json!(v));
    }
    let labels = labels(f.value("labels").unwrap_or(""))?;
    let env = envs(&f.values("env"))?;
    let interactive = f.has("stdin");
    let restart = match f.value("restart") {
        None | Some("Always") => "Always".to_string(),
        Some("") if interactive => "OnFailure".to_string(),
        Some("") => "Always".to_string(),
        Some(r @ ("OnFailure" | "Never")) => r.to_string(),
        Some(r) => {
            return Err(err(format!(
                "invalid restart policy: {r}, valid values are: Always, OnFailure, Never"
            )))
        }
    };
    let pull = match f.value("image-pull-policy") {
        None | Some("") => None,
        Some(p @ ("Always" | "IfNotPresent" | "Never")) => Some(p.to_string()),
        Some(p) => {
            return Err(err(format!(
                "invalid image pull policy: {p}, valid values are: Always, IfNotPresent, Never"
            )))
        }
    };
    let dry = DryRun::from_flags(&f)?;
    mutate::check_output(f.value("output").unwrap_or(""))?;
    let attach = f.has("attach") || (interactive && !args.iter().any(|a| a == "--attach=false"));
    let Some(name) = f.args.first().cloned() else {
        return Err(err("NAME is required for run"));
    };
    if image.is_empty() {
        return Err(err("--image is required"));
    }
    if !image_ok(&image) {
        return Err(err(format!(
            "invalid image name \"{image}\": invalid reference format"
        )));
    }
    if f.has("tty") && !interactive {
        return Err(err(
            "-i/--stdin is required for containers with -t/--tty=true",
        ));
    }
    let port = f.value("port").filter(|p| !p.is_empty());
    if f.has("expose") && port.is_none() {
        return Err(err("--port must be set when exposing a service"));
    }
    let port = match port {
        None => None,
        Some(p) => Some(
            p.parse::<i32>()
                .map_err(|_| err("--port must be a number"))?,
        ),
    };
    if !attach && f.has("rm") {
        return Err(err("--rm should only be used for attached containers"));
    }
    if attach && dry != DryRun::None {
        return Err(err("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"));
    }
    let mut rest: Vec<String> = f.args[1..].to_vec();
    rest.extend(after.into_iter().flatten().cloned());
    let run = Run {
        name,
        image,
        args: rest,
        command: f.has("command"),
        labels,
        annotations,
        env,
        port: port.map(i64::from),
        restart,
        pull,
        privileged: f.has("privileged"),
        expose: f.has("expose"),
        attach,
    };
    Ok((run, f))
}

/// The Pod, its fields in the order kubectl's Go types write them.
fn pod(r: &Run, ns: Option<&str>) -> Value {
    let mut c = Map::new();
    c.insert("name".into(), json!(r.name));
    c.insert("image".into(), json!(r.image));
    if !r.args.is_empty() {
        let key = if r.command { "command" } else { "args" };
        c.insert(key.into(), json!(r.args));
    }
    if let Some(p) = r.port {
        c.insert("ports".into(), json!([{"containerPort": p}]));
    }
    if !r.env.is_empty() {
        c.insert("env".into(), json!(r.env));
    }
    c.insert("resources".into(), json!({}));
    if let Some(p) = &r.pull {
        c.insert("imagePullPolicy".into(), json!(p));
    }
    if r.privileged {
        c.insert("securityContext".into(), json!({"privileged": true}));
    }
    json!({
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": metadata(r, ns, true),
        "spec": {"containers": [c], "restartPolicy": r.restart, "dnsPolicy": "ClusterFirst"},
        "status": {},
    })
}

fn metadata(r: &Run, ns: Option<&str>, pod: bool) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(r.name));
    if let Some(ns) = ns {
        m.insert("namespace".into(), json!(ns));
    }
    match (&r.labels, pod) {
        (Some(l), _) => {
            m.insert("labels".into(), json!(l));
        }
        // The Service gets only labels the user gave.
        (None, true) => {
            m.insert("labels".into(), json!({"run": r.name}));
        }
        (None, false) => {}
    }
    if pod && !r.annotations.is_empty() {
        m.insert("annotations".into(), json!(r.annotations));
    }
    Value::Object(m)
}

/// `--expose`: a ClusterIP Service on the pod's port, selecting its labels.
fn service(r: &Run, ns: Option<&str>) -> Value {
    let selector = r.labels.clone().unwrap_or_else(|| {
        let mut m = Map::new();
        m.insert("run".into(), json!(r.name));
        m
    });
    json!({
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": metadata(r, ns, false),
        "spec": {
            "ports": [{"protocol": "TCP", "port": r.port, "targetPort": r.port}],
            "selector": selector,
        },
        "status": {"loadBalancer": {}},
    })
}

/// `--save-config`: the object as kubectl's typed JSON encoder writes it
/// (fields in order, no empty annotations), kept in its annotations.
fn with_saved_config(obj: &Value) -> Value {
    let text = crate::go::json::marshal_typed(obj);
    let mut out = obj.clone();
    let mut annotations = obj["metadata"]["annotations"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    annotations.insert(LAST_APPLIED.into(), json!(format!("{text}\n")));
    out["metadata"]["annotations"] = Value::Object(annotations);
    typed_order(&out)
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let (r, f) = parse(args)?;
    if r.attach {
        return Err(err(
            "attaching to the pod (-i, -t, --attach, --rm) is not supported in this terminal yet; run it without them, then use 'kubectl logs -f' or 'kubectl exec'",
        ));
    }
    let dry = DryRun::from_flags(&f)?;
    let out = f.value("output").unwrap_or("").to_string();
    let t = inv.target(ctx).await?;
    let all = discovery::resources(ctx, &t).await?;
    let find = |res: &str| {
        discovery::find(&all, res)
            .cloned()
            .ok_or_else(|| err(format!("the server doesn't have a resource type \"{res}\"")))
    };
    let mut objects = vec![(find("pods")?, pod(&r, None))];
    if r.expose {
        objects.push((find("services")?, service(&r, None)));
    }
    let manager = f.value("field-manager").unwrap_or("kubectl-run");
    let mut errors = Vec::new();
    for (i, (res, obj)) in objects.into_iter().enumerate() {
        let shown = if dry == DryRun::Client {
            // kubectl fills in the namespace only when it was given.
            match f.value("namespace") {
                Some(ns) => {
                    let mut o = obj;
                    o["metadata"] = if o["kind"] == "Pod" {
                        metadata(&r, Some(ns), true)
                    } else {
                        metadata(&r, Some(ns), false)
                    };
                    o
                }
                None => obj,
            }
        } else {
            let body = if f.has("save-config") {
                with_saved_config(&obj)
            } else {
                obj
            };
            let q = mutate::write_query(manager, dry, None);
            let path = format!("{}{q}", res.collection(Some(&t.namespace)));
            match mutate::call(
                ctx,
                &t,
                "POST",
                &path,
                "application/json",
                Some(&body),
                &res.name,
            )
            .await
            {
                Ok(v) => v,
                Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
                // The pod failing ends it; a service failing is reported.
                Err(e) if i == 0 => return Err(e),
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
        };
        // What kubectl prints went through its Go types.
        let shown = typed_order(&shown);
        match out.as_str() {
            "json" => {
                let mut o = shown;
                if let Some(m) = o["metadata"].as_object_mut() {
                    m.remove("managedFields");
                }
                ctx.stdout.line(&kterm_shell::sanitize::text(
                    &crate::go::json::indent_typed(&o),
                ));
            }
            "yaml" if i > 0 => {
                ctx.stdout.write_str("---\n");
                mutate::print(ctx, &out, &res, &shown, &r.name, "created", dry);
            }
            _ => mutate::print(ctx, &out, &res, &shown, &r.name, "created", dry),
        }
    }
    mutate::finish(ctx, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn images() {
        for (img, ok) in [
            ("nginx", true),
            ("nginx:1.27", true),
            ("us.icr.io/team/app:v2", true),
            ("localhost:5000/x", true),
            ("registry.k8s.io/e2e-test-images/agnhost:2.43", true),
            ("busybox@sha256:0123456789abcdef0123456789abcdef", true),
            ("a__b.c-d---e", true),
            ("Bad:Image", false),
            ("nginx:", false),
            ("-nginx", false),
            ("ngi nx", false),
            ("a/", false),
            ("busybox@sha256:short", false),
            ("My.Registry:5000/app", true),
        ] {
            assert_eq!(image_ok(img), ok, "{img}");
        }
    }

    #[test]
    fn flag_errors_in_kubectls_order() {
        for (args, want) in [
            (&["x"][..], "required flag(s) \"image\" not set"),
            (&["--image=nginx"][..], "NAME is required for run"),
            (&["--image=nginx", "--", "x"][..], "NAME is required for run"),
            (&["x", "--image=nginx", "--restart=Bad"][..], "invalid restart policy: Bad, valid values are: Always, OnFailure, Never"),
            (&["x", "--image=nginx", "--image-pull-policy=Bad"][..], "invalid image pull policy: Bad, valid values are: Always, IfNotPresent, Never"),
            (&["x", "--image=nginx", "--port=abc"][..], "--port must be a number"),
            (&["x", "--image=nginx", "--env=A"][..], "invalid env: A"),
            (&["x", "--image=nginx", "--env=1A=b"][..], "invalid env: 1A=b"),
            (&["x", "--image=nginx", "-l", "a"][..], "unexpected label spec: a"),
            (&["x", "--image=nginx", "-l", "=b"][..], "unexpected empty label key"),
            (&["x", "--image=nginx", "--rm"][..], "--rm should only be used for attached containers"),
            (&["x", "--image=nginx", "-t"][..], "-i/--stdin is required for containers with -t/--tty=true"),
            (&["x", "--image=nginx", "-it", "--dry-run=client"][..], "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"),
            (&["x", "--image=Bad:Image"][..], "invalid image name \"Bad:Image\": invalid reference format"),
            (&["x", "--image=nginx", "--annotations=k"][..], "invalid annotations format: k"),
            (&["x", "--image=nginx", "--expose"][..], "--port must be set when exposing a service"),
        ] {
            assert_eq!(parse(&s(args)).unwrap_err(), err(want), "{args:?}");
        }
    }

    #[test]
    fn pods_as_kubectl_generates_them() {
        let (r, _) = parse(&s(&["x", "--image=nginx"])).unwrap();
        assert_eq!(
            serde_json::to_string(&pod(&r, None)).unwrap(),
            r#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x","labels":{"run":"x"}},"spec":{"containers":[{"name":"x","image":"nginx","resources":{}}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"},"status":{}}"#
        );
        let (r, _) = parse(&s(&[
            "x",
            "--image=nginx",
            "-l",
            "a=b",
            "--env=A=1",
            "--port=80",
            "--restart=Never",
            "--image-pull-policy=Always",
            "--annotations=k=v",
            "--privileged",
            "--command",
            "--",
            "sh",
            "-c",
            "echo hi",
        ]))
        .unwrap();
        assert_eq!(
            serde_json::to_string(&pod(&r, Some("team"))).unwrap(),
            r#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x","namespace":"team","labels":{"a":"b"},"annotations":{"k":"v"}},"spec":{"containers":[{"name":"x","image":"nginx","command":["sh","-c","echo hi"],"ports":[{"containerPort":80}],"env":[{"name":"A","value":"1"}],"resources":{},"imagePullPolicy":"Always","securityContext":{"privileged":true}}],"restartPolicy":"Never","dnsPolicy":"ClusterFirst"},"status":{}}"#
        );
        let (r, _) = parse(&s(&[
            "x",
            "a1",
            "--image=nginx",
            "--port=80",
            "--expose",
            "--",
            "a2",
        ]))
        .unwrap();
        assert_eq!(r.args, ["a1", "a2"]);
        assert_eq!(
            serde_json::to_string(&service(&r, None)).unwrap(),
            r#"{"kind":"Service","apiVersion":"v1","metadata":{"name":"x"},"spec":{"ports":[{"protocol":"TCP","port":80,"targetPort":80}],"selector":{"run":"x"}},"status":{"loadBalancer":{}}}"#
        );
    }
}
