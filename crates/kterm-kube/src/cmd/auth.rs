//! `kubectl auth can-i VERB (TYPE | TYPE/NAME | NONRESOURCEURL)` through a
//! `SelfSubjectAccessReview`: prints `yes` (exit 0) or `no` (exit 1), with
//! kubectl's warnings for unknown verbs and resource types.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::cli::Invocation;
use crate::discovery;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::kubeconfig::Target;
use crate::{api, flags};

pub(crate) const FLAGS: &[Flag] = &[
    flags::ALL_NAMESPACES,
    flags::QUIET,
    flags::SUBRESOURCE,
    flags::LIST,
    flags::NO_HEADERS,
];

/// Verbs kubectl knows (cani.go `resourceVerbs`, `nonResourceURLVerbs`).
const RESOURCE_VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "use",
    "bind",
    "impersonate",
    "escalate",
    "approve",
    "sign",
    "*",
];
const URL_VERBS: &[&str] = &[
    "get", "put", "post", "head", "options", "delete", "patch", "*",
];

const HELP: &str = "Inspect authorization.

Available Commands:
  can-i         Check whether an action is allowed

Usage:
  kubectl auth [flags] [options]

Use \"kubectl auth <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    match args.first().map(String::as_str) {
        Some("-h" | "--help") => {
            ctx.stdout.write_str(HELP);
            Ok(0)
        }
        // A group command alone prints its help to stderr and fails, as
        // cobra's DefaultSubCommandRun does.
        None => {
            ctx.stderr.write_str(HELP);
            Ok(1)
        }
        Some("can-i") => can_i(ctx, inv, &args[1..]).await,
        Some(_) => Err(KubeError::Client(format!(
            "unknown command \"{}\"\nSee 'kubectl auth -h' for help and examples",
            args.join(" ")
        ))),
    }
}

/// The review's attributes; warnings kubectl would print go to `warn`.
fn attributes(
    verb: &str,
    what: &str,
    namespace: &str,
    subresource: Option<&str>,
    known: &[discovery::ApiResource],
    all_ns: bool,
    warn: &mut Vec<String>,
) -> Value {
    if what.starts_with('/') {
        if !URL_VERBS.contains(&verb) {
            warn.push(format!("verb '{verb}' is not a known verb"));
        }
        return json!({"nonResourceAttributes": {"path": what, "verb": verb}});
    }
    let (typed, name) = match what.split_once('/') {
        Some((t, n)) => (t, n),
        None => (what, ""),
    };
    let (group, resource) = if typed == "*" {
        (String::new(), "*".to_string())
    } else {
        match discovery::find(known, typed) {
            Some(r) => {
                if !r.namespaced && !all_ns {
                    warn.push(if r.group.is_empty() {
                        format!("resource '{}' is not namespace scoped", r.name)
                    } else {
                        format!(
                            "resource '{}' is not namespace scoped in group '{}'",
                            r.name, r.group
                        )
                    });
                }
                (r.group.clone(), r.name.clone())
            }
            None => {
                let lower = typed.to_lowercase();
                let (res, group) = lower.split_once('.').unwrap_or((&lower, ""));
                // `users` and `groups` are impersonation targets, not API
                // resources; kubectl does not warn about them.
                if !matches!(lower.as_str(), "users" | "groups") {
                    warn.push(if group.is_empty() {
                        format!("the server doesn't have a resource type '{res}'")
                    } else {
                        format!(
                            "the server doesn't have a resource type '{res}' in group '{group}'"
                        )
                    });
                }
                // The review names the resource as typed, without a group.
                (String::new(), typed.to_string())
            }
        }
    };
    if !RESOURCE_VERBS.contains(&verb) {
        warn.push(format!("verb '{verb}' is not a known verb"));
    }
    let mut attrs =
        json!({"namespace": namespace, "verb": verb, "group": group, "resource": resource});
    if let Some(s) = subresource {
        attrs["subresource"] = json!(s);
    }
    if !name.is_empty() {
        attrs["name"] = json!(name);
    }
    // Empty strings are omitted, as Go's omitempty does.
    if let Some(m) = attrs.as_object_mut() {
        m.retain(|_, v| v != "");
    }
    json!({"resourceAttributes": attrs})
}

async fn can_i(ctx: &mut Ctx<'_>, inv: &mut Invocation, args: &[String]) -> Result<i32, KubeError> {
    let f = flags::parse("auth can-i", args, FLAGS)?;
    if f.has("list") {
        if !f.args.is_empty() {
            return Err(KubeError::Client(
                "list option must be specified with no arguments".into(),
            ));
        }
        if f.has("quiet") || f.has("all-namespaces") || f.value("subresource").is_some() {
            return Err(KubeError::Client(
                "list option can't be specified with neither quiet, all-namespaces nor subresource options".into(),
            ));
        }
        return list(ctx, inv, &f).await;
    }
    let [verb, what] = f.args.as_slice() else {
        return Err(KubeError::Client("you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.".into()));
    };
    let s = inv.target(ctx).await?;
    let t = s.clone();
    let all_ns = f.has("all-namespaces");
    let ns = if all_ns {
        String::new()
    } else {
        t.namespace.clone()
    };
    let known = discovery::resources(ctx, &t).await?;
    let mut warnings = Vec::new();
    let spec = attributes(
        verb,
        what,
        &ns,
        f.value("subresource"),
        &known,
        all_ns,
        &mut warnings,
    );
    if what.starts_with('/') && f.value("subresource").is_some() {
        return Err(KubeError::Client(
            "--subresource can not be used with NonResourceURL".into(),
        ));
    }
    // kubectl's warning printer adds a newline to messages that end in
    // one, hence the blank line; -q does not silence warnings.
    for w in &warnings {
        ctx.stderr
            .write_str(&kterm_shell::sanitize::text(&format!("Warning: {w}\n\n")));
    }
    if f.has("no-headers") {
        return Err(KubeError::Client(
            "--no-headers cannot be set without --list specified".into(),
        ));
    }
    let body = json!({"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1", "metadata": {"creationTimestamp": null}, "spec": spec, "status": {"allowed": false}});
    let review = review(ctx, &t, "selfsubjectaccessreviews", &body).await?;
    let st = &review["status"];
    let allowed = st["allowed"].as_bool().unwrap_or(false);
    if !f.has("quiet") {
        if allowed {
            ctx.stdout.line("yes");
        } else {
            let mut line = "no".to_string();
            for k in ["reason", "evaluationError"] {
                if let Some(r) = st[k].as_str().filter(|r| !r.is_empty()) {
                    line.push_str(&format!(" - {r}"));
                }
            }
            ctx.stdout.line(&kterm_shell::sanitize::text(&line));
        }
    }
    Ok(if allowed { 0 } else { 1 })
}

/// POSTs a self-subject review (`resource` is its plural, e.g.
/// `selfsubjectaccessreviews`) and returns the server's answer.
async fn review(
    ctx: &Ctx<'_>,
    t: &Target,
    resource: &str,
    body: &Value,
) -> Result<Value, KubeError> {
    let path = format!("/apis/authorization.k8s.io/v1/{resource}");
    let req = api::request(t, "POST", &path)
        .header("Content-Type", "application/json")
        .body(body.to_string());
    let what = format!("{resource}.authorization.k8s.io");
    api::get_json(ctx, t, req, "create", &what).await
}

/// `--list`: a SelfSubjectRulesReview for the namespace, as a table.
async fn list(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    f: &flags::Parsed,
) -> Result<i32, KubeError> {
    let s = inv.target(ctx).await?;
    let t = s.clone();
    let body = json!({"kind": "SelfSubjectRulesReview", "apiVersion": "authorization.k8s.io/v1", "metadata": {"creationTimestamp": null}, "spec": {"namespace": t.namespace}, "status": {"resourceRules": null, "nonResourceRules": null, "incomplete": false}});
    let review = review(ctx, &t, "selfsubjectrulesreviews", &body).await?;
    let st = &review["status"];
    if st["incomplete"] == true {
        ctx.stderr.line(&kterm_shell::sanitize::text(&format!(
            "Warning: the list may be incomplete: {}",
            st["evaluationError"].as_str().unwrap_or("")
        )));
    }
    let mut rows = Vec::new();
    if !f.has("no-headers") {
        rows.push(
            ["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]
                .map(str::to_string)
                .to_vec(),
        );
    }
    for r in crate::rbac::rules_of(st) {
        rows.push(
            r.row()
                .iter()
                .map(|c| kterm_shell::sanitize::field(c))
                .collect(),
        );
    }
    ctx.stdout.write_str(&crate::print::table::tabwrite(&rows));
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(name: &str, group: &str, namespaced: bool) -> discovery::ApiResource {
        discovery::ApiResource {
            name: name.into(),
            singular: name.trim_end_matches('s').into(),
            kind: String::new(),
            group: group.into(),
            version: "v1".into(),
            namespaced,
            short_names: vec![name[..name.len().min(6)].to_string()],
            categories: vec![],
            verbs: vec![],
        }
    }

    #[test]
    fn reviews_and_warnings() {
        let known = [
            res("pods", "", true),
            res("deployments", "apps", true),
            res("nodes", "", false),
        ];
        let cases: &[(&str, &str, bool, Value, &[&str])] = &[
            (
                "create",
                "pods",
                false,
                json!({"resourceAttributes": {"namespace": "default", "verb": "create", "resource": "pods"}}),
                &[],
            ),
            (
                "get",
                "deploy/web",
                false,
                json!({"resourceAttributes": {"namespace": "default", "verb": "get", "group": "apps", "resource": "deployments", "name": "web"}}),
                &[],
            ),
            (
                "list",
                "nodes",
                false,
                json!({"resourceAttributes": {"namespace": "default", "verb": "list", "resource": "nodes"}}),
                &["resource 'nodes' is not namespace scoped"],
            ),
            (
                "list",
                "nodes",
                true,
                json!({"resourceAttributes": {"verb": "list", "resource": "nodes"}}),
                &[],
            ),
            (
                "fly",
                "foos",
                false,
                json!({"resourceAttributes": {"namespace": "default", "verb": "fly", "resource": "foos"}}),
                &[
                    "the server doesn't have a resource type 'foos'",
                    "verb 'fly' is not a known verb",
                ],
            ),
            (
                "get",
                "Foo.Bar",
                false,
                json!({"resourceAttributes": {"namespace": "default", "verb": "get", "resource": "Foo.Bar"}}),
                &["the server doesn't have a resource type 'foo' in group 'bar'"],
            ),
            (
                "impersonate",
                "users",
                false,
                json!({"resourceAttributes": {"namespace": "default", "verb": "impersonate", "resource": "users"}}),
                &[],
            ),
            (
                "get",
                "/healthz",
                false,
                json!({"nonResourceAttributes": {"path": "/healthz", "verb": "get"}}),
                &[],
            ),
        ];
        for (verb, what, all, want, warns) in cases {
            let mut w = Vec::new();
            let ns = if *all { "" } else { "default" };
            assert_eq!(
                attributes(verb, what, ns, None, &known, *all, &mut w),
                *want,
                "{verb} {what}"
            );
            assert_eq!(w, *warns, "{verb} {what}");
        }
    }
}
