//! What the verbs that change objects share: how they name objects in
//! their output, `--dry-run`, `-o`, requests with bodies, and the
//! `TYPE NAME…` / `TYPE/NAME…` arguments.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Parsed;
use crate::go::url::query_escape;
use crate::kubeconfig::Target;
use crate::{api, go};

/// The annotation client-side apply keeps the last configuration in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

impl DryRun {
    pub fn from_flags(f: &Parsed) -> Result<DryRun, KubeError> {
        match f.value("dry-run") {
            None | Some("none") => Ok(DryRun::None),
            // `--dry-run` alone: kubectl's deprecated spelling of client.
            Some("client" | "unchanged") => Ok(DryRun::Client),
            Some("server") => Ok(DryRun::Server),
            Some(other) => Err(KubeError::Client(format!(
                "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            ))),
        }
    }

    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// `deployment.apps/web`.
pub fn name_of(r: &ApiResource, name: &str) -> String {
    format!("{}/{name}", r.kind_prefix())
}

/// The object's path.
pub fn item_path(r: &ApiResource, ns: &str, name: &str) -> String {
    format!("{}/{name}", r.collection(Some(ns)))
}

/// `?k=v&…` of the pairs with a value, or "".
pub fn query(pairs: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={}", query_escape(v))))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// `--validate` as the field validation kubectl asks the server for.
pub fn validation(f: &Parsed) -> Result<&'static str, KubeError> {
    match f.value("validate") {
        None | Some("strict" | "true") => Ok("Strict"),
        Some("warn") => Ok("Warn"),
        Some("ignore" | "false") => Ok("Ignore"),
        Some(other) => Err(KubeError::Client(format!(
            "invalid - validate option \"{other}\"; must be one of: strict (or true), warn, ignore (or false)"
        ))),
    }
}

/// The query of a write by `manager`, with `dryRun=All` for server dry
/// runs and the field validation asked for (see [`validation`]), if any.
pub fn write_query(manager: &str, dry: DryRun, validate: Option<&str>) -> String {
    query(&[
        ("dryRun", (dry == DryRun::Server).then_some("All")),
        ("fieldManager", Some(manager)),
        ("fieldValidation", validate),
    ])
}

/// Sends a request with an optional JSON body; non-2xx becomes the
/// server's error. `what` names the object for client-go's generic errors.
pub async fn call(
    ctx: &Ctx<'_>,
    t: &Target,
    method: &str,
    path: &str,
    content_type: &str,
    body: Option<&Value>,
    what: &str,
) -> Result<Value, KubeError> {
    call_raw(
        ctx,
        t,
        method,
        path,
        content_type,
        body.map(|b| b.to_string().into_bytes()),
        what,
    )
    .await
}

/// [`call`] with a body of bytes sent as they are (a patch kubectl passes
/// on without reading it).
pub async fn call_raw(
    ctx: &Ctx<'_>,
    t: &Target,
    method: &str,
    path: &str,
    content_type: &str,
    body: Option<Vec<u8>>,
    what: &str,
) -> Result<Value, KubeError> {
    let mut req = api::request(t, method, path);
    if let Some(b) = body {
        req = req.header("Content-Type", content_type).body(b);
    }
    let (status, bytes) = api::send(ctx, t, req).await?;
    if !(200..300).contains(&status) {
        return Err(KubeError::from_response(
            status,
            &bytes,
            &method.to_lowercase(),
            what,
        ));
    }
    Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// `TYPE NAME…` or `TYPE/NAME…` as (type, name) pairs; a lone TYPE gives
/// no pairs and is returned as the second value.
/// (type, name) pairs, and a lone type.
pub type Targets = (Vec<(String, String)>, Option<String>);

pub fn targets(args: &[String]) -> Result<Targets, KubeError> {
    if args.iter().any(|a| a.contains('/')) {
        let mut out = Vec::new();
        for a in args {
            let Some((ty, name)) = a.split_once('/') else {
                return Err(KubeError::Client("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into()));
            };
            out.push((ty.to_string(), name.to_string()));
        }
        return Ok((out, None));
    }
    match args.split_first() {
        None => Ok((Vec::new(), None)),
        Some((ty, [])) => Ok((Vec::new(), Some(ty.clone()))),
        Some((ty, names)) => Ok((
            names.iter().map(|n| (ty.clone(), n.clone())).collect(),
            None,
        )),
    }
}

/// What kubectl lists when a write verb's `-o` names no printer.
const FORMATS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,yaml";

/// The JSONPath of `-o jsonpath=…` / `jsonpath-as-json=…`, if that is
/// the format.
fn jsonpath_of(out: &str) -> Option<(&str, bool)> {
    let (format, template) = out.split_once('=').unwrap_or((out, ""));
    match format {
        "jsonpath" => Some((template, false)),
        "jsonpath-as-json" => Some((template, true)),
        _ => None,
    }
}

/// Checks `-o` for verbs that print objects: json, yaml, name and
/// JSONPath (kubectl's other printers are not in kterm).
pub fn check_output(out: &str) -> Result<(), KubeError> {
    if matches!(out, "" | "name" | "json" | "yaml") {
        return Ok(());
    }
    if let Some((template, _)) = jsonpath_of(out) {
        if template.is_empty() {
            return Err(KubeError::Client(
                "template format specified but no template given".into(),
            ));
        }
        return crate::print::jsonpath::JsonPath::parse(template)
            .map(|_| ())
            .map_err(|e| KubeError::Client(format!("error parsing jsonpath {template}, {e}")));
    }
    let format = out.split_once('=').map_or(out, |(f, _)| f);
    if FORMATS.split(',').any(|f| f == format) {
        return Err(KubeError::Client(format!(
            "-o {format} is not available in kterm's kubectl; use -o jsonpath, json, yaml or name"
        )));
    }
    Err(KubeError::Client(format!(
        "unable to match a printer suitable for the output format \"{out}\", allowed formats are: {FORMATS}"
    )))
}

/// `-o jsonpath=…` of one object, as kubectl prints it (a missing key
/// prints nothing).
pub fn print_jsonpath(ctx: &mut Ctx<'_>, out: &str, obj: &Value) -> Result<(), KubeError> {
    let Some((template, as_json)) = jsonpath_of(out) else {
        return Ok(());
    };
    let path = crate::print::jsonpath::JsonPath::parse(template)
        .map_err(|e| KubeError::Client(format!("error parsing jsonpath {template}, {e}")))?;
    let printed = if as_json {
        path.print_json(obj)
    } else {
        path.print(obj)
    };
    match printed {
        // Raw, as kubectl: the terminal writer escapes it on screen.
        Ok(text) => {
            ctx.stdout.write_str(&text);
            Ok(())
        }
        Err(e) => Err(KubeError::Client(kterm_shell::sanitize::text(&format!(
            "error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
            go::fmt::quote(template),
            go::fmt::sharp(obj)
        )))),
    }
}

/// Prints the outcome of a write: `deployment.apps/web created`, or the
/// object as `-o` asks.
pub fn print(
    ctx: &mut Ctx<'_>,
    out: &str,
    r: &ApiResource,
    obj: &Value,
    name: &str,
    verb: &str,
    dry: DryRun,
) {
    // kubectl hides managedFields in what it prints.
    let mut shown = obj.clone();
    if let Some(m) = shown["metadata"].as_object_mut() {
        m.remove("managedFields");
    }
    if jsonpath_of(out).is_some() {
        if let Err(e) = print_jsonpath(ctx, out, &shown) {
            e.render(ctx);
        }
        return;
    }
    let text = match out {
        "name" => format!("{}\n", name_of(r, name)),
        "json" => format!("{}\n", go::json::indent(&shown, 4)),
        "yaml" => crate::go::yaml::to_string(&go::json::sorted(&shown)),
        _ => format!("{} {verb}{}\n", name_of(r, name), dry.suffix()),
    };
    ctx.stdout.write_str(&kterm_shell::sanitize::text(&text));
}

/// The namespace of an object from a manifest: its own, which must agree
/// with an explicit `-n`, else the context's.
pub fn namespace_of(obj: &Value, f: &Parsed, t: &Target) -> Result<String, KubeError> {
    match (obj["metadata"]["namespace"].as_str(), f.value("namespace")) {
        (Some(own), Some(flag)) if own != flag => Err(KubeError::Client(format!(
            "the namespace from the provided object \"{own}\" does not match the namespace \"{flag}\". You must pass '--namespace={own}' to perform this operation."
        ))),
        (Some(own), _) if !own.is_empty() => Ok(own.to_string()),
        _ => Ok(t.namespace.clone()),
    }
}

/// Prints every error but the last, and returns the last (kubectl reports
/// each failed object and exits 1).
pub fn finish(ctx: &mut Ctx<'_>, mut errors: Vec<KubeError>) -> Result<i32, KubeError> {
    let Some(last) = errors.pop() else {
        return Ok(0);
    };
    for e in errors {
        e.render(ctx);
    }
    Err(last)
}

/// Adds `prefix` to a server error's message (`error when creating "x.yaml": …`).
pub fn context(e: KubeError, prefix: &str) -> KubeError {
    match e {
        // kubectl prints an invalid object from the Status details, so
        // the source it adds to the message never shows.
        KubeError::Status { ref reason, .. } if reason == "Invalid" => e,
        KubeError::Status {
            reason,
            message,
            code,
        } => KubeError::Status {
            reason,
            message: format!("{prefix}{message}"),
            code,
        },
        other => other,
    }
}

/// Sleeps `ms` unless interrupted.
pub async fn pause(ctx: &Ctx<'_>, ms: u64) -> Result<(), KubeError> {
    ctx.cancel
        .run(ctx.host.sleep_ms(ms))
        .await
        .ok_or(KubeError::Cancelled)
}

/// Go duration text (`30s`, `2m`, `1m30s`, `500ms`, bare seconds) in ms.
pub fn duration_ms(s: &str) -> Option<u64> {
    if let Ok(n) = s.parse::<u64>() {
        return Some(n * 1000);
    }
    let ns = crate::go::time::parse_duration(s).ok()?;
    u64::try_from(ns / 1_000_000).ok()
}

/// One object a verb acts on.
#[derive(Debug, Clone)]
pub struct Obj {
    pub r: ApiResource,
    pub ns: String,
    pub name: String,
}

/// The objects named by `-f`, `TYPE NAME…`, `TYPE/NAME…`, or a lone
/// `TYPE` with `-l`/`--all` (when the verb has those flags).
pub async fn objects(
    ctx: &mut Ctx<'_>,
    t: &Target,
    f: &Parsed,
    args: &[String],
) -> Result<Vec<Obj>, KubeError> {
    let all = discovery::resources(ctx, t).await?;
    let find = |ty: &str| {
        discovery::find(&all, ty).cloned().ok_or_else(|| {
            KubeError::Client(format!("the server doesn't have a resource type \"{ty}\""))
        })
    };
    let files = f.values("filename");
    let mut out = Vec::new();
    if !files.is_empty() {
        for doc in crate::manifest::load(ctx, &files, f.has("recursive"))? {
            let Some(r) = crate::manifest::mapping(&all, &doc.obj).cloned() else {
                return Err(crate::manifest::no_mapping(&doc, ""));
            };
            let ns = if r.namespaced {
                namespace_of(&doc.obj, f, t)?
            } else {
                String::new()
            };
            let name = doc.obj["metadata"]["name"]
                .as_str()
                .unwrap_or("")
                .to_string();
            out.push(Obj { r, ns, name });
        }
        return Ok(out);
    }
    let (pairs, lone) = targets(args)?;
    if let Some(ty) = lone {
        if f.value("selector").is_none() && !f.has("all") {
            return Err(KubeError::Client(
                "resource(s) were provided, but no name was specified".into(),
            ));
        }
        let r = find(&ty)?;
        let ns = if r.namespaced {
            Some(t.namespace.as_str())
        } else {
            None
        };
        let q = query(&[("labelSelector", f.value("selector"))]);
        let list = call(
            ctx,
            t,
            "GET",
            &format!("{}{q}", r.collection(ns)),
            "",
            None,
            &r.name,
        )
        .await?;
        for o in list["items"].as_array().cloned().unwrap_or_default() {
            out.push(Obj {
                r: r.clone(),
                ns: o["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                name: o["metadata"]["name"].as_str().unwrap_or("").to_string(),
            });
        }
        return Ok(out);
    }
    if pairs.is_empty() {
        return Err(KubeError::Client(
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".into(),
        ));
    }
    for (ty, name) in pairs {
        let r = find(&ty)?;
        let ns = if r.namespaced {
            t.namespace.clone()
        } else {
            String::new()
        };
        out.push(Obj { r, ns, name });
    }
    Ok(out)
}

impl Obj {
    pub fn path(&self) -> String {
        item_path(&self.r, &self.ns, &self.name)
    }

    /// `deployments web`, for client-go's generic error texts.
    pub fn what(&self) -> String {
        format!("{} {}", self.r.name, self.name)
    }

    /// PATCHes the object with `patch` of `content_type`; `suffix` follows
    /// the object's path (a subresource, the query). Returns the answer.
    pub async fn patch(
        &self,
        ctx: &Ctx<'_>,
        t: &Target,
        suffix: &str,
        content_type: &str,
        patch: &Value,
    ) -> Result<Value, KubeError> {
        let path = format!("{}{suffix}", self.path());
        call(
            ctx,
            t,
            "PATCH",
            &path,
            content_type,
            Some(patch),
            &self.what(),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_targets() {
        for (s, ms) in [
            ("30s", Some(30_000)),
            ("1m30s", Some(90_000)),
            ("500ms", Some(500)),
            ("2", Some(2000)),
            ("1h", Some(3_600_000)),
            ("x", None),
            ("5q", None),
        ] {
            assert_eq!(duration_ms(s), ms, "{s}");
        }
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            targets(&s(&["pod", "a", "b"])).unwrap().0,
            [("pod".into(), "a".into()), ("pod".into(), "b".into())]
        );
        assert_eq!(
            targets(&s(&["deploy/web"])).unwrap().0,
            [("deploy".to_string(), "web".to_string())]
        );
        assert_eq!(targets(&s(&["pods"])).unwrap().1.as_deref(), Some("pods"));
        assert!(targets(&s(&["pod", "deploy/web"])).is_err());
        assert_eq!(
            write_query("kubectl-create", DryRun::Server, Some("Strict")),
            "?dryRun=All&fieldManager=kubectl-create&fieldValidation=Strict"
        );
    }
}
