//! `kubectl edit TYPE NAME | TYPE/NAME`: the object opens as YAML (or
//! JSON with `-o json`) in the terminal's editor (`$KUBE_EDITOR`,
//! `$EDITOR`, else vi); what the user saves is sent back as a merge patch
//! of their changes. As kubectl's editoptions.go: an invalid object reopens
//! the editor with the server's reasons on top; quitting without fixing it,
//! or any other failure, keeps the text in `/tmp/kubectl-edit-N.yaml`.

use kterm_shell::textedit;
use kterm_shell::Ctx;
use serde_json::{Map, Value};

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::{api, flags, go};

pub(crate) const FLAGS: &[Flag] = &[
    flags::OUTPUT,
    Flag::switch("output-patch", None, "Print the patch that was sent"),
    Flag::switch("windows-line-endings", None, "Edit with CRLF line endings"),
    flags::SAVE_CONFIG,
    Flag::switch(
        "show-managed-fields",
        None,
        "Keep managedFields in json and yaml output",
    ),
    flags::FIELD_MANAGER,
    Flag::value(
        "validate",
        None,
        "Check the object against the server's schema first (strict, warn, ignore)",
    ),
];

const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
";

/// A reason shown in the header when the file is reopened: a head line and
/// its details.
pub type Reason = (String, Vec<String>);

/// The header comment, with the reasons the last save failed.
pub fn header(reasons: &[Reason]) -> String {
    let mut h = HEADER.to_string();
    for (head, other) in reasons {
        let colon = if other.is_empty() { "" } else { ":" };
        h.push_str(&format!("# {}{colon}\n", hash_lines(head)));
        for o in other {
            h.push_str(&format!("# * {}\n", hash_lines(o)));
        }
        h.push_str("#\n");
    }
    h
}

/// Keeps a multi-line reason inside the comment.
fn hash_lines(s: &str) -> String {
    s.replace('\n', "\n# ").replace("\n# #", "\n#")
}

/// Drops comment lines (`#`, not `#!`), as kubectl's ManualStrip.
pub fn manual_strip(text: &str) -> String {
    text.split('\n')
        .filter(|l| {
            let t = l.trim();
            !t.starts_with('#') || t.starts_with("#!")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the text means with comments gone: its parsed form when it parses,
/// else the text without comment lines (kubectl's StripComments).
fn strip_comments(text: &str) -> String {
    match kterm_shell::yaml::parse(text) {
        Ok(v) => v.to_string(),
        Err(_) => manual_strip(text),
    }
}

fn has_lines(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

/// RFC 7386 merge patch turning `from` into `to`.
pub fn merge_diff(from: &Value, to: &Value) -> Value {
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let mut p = Map::new();
            for (k, av) in a {
                match b.get(k) {
                    None => {
                        p.insert(k.clone(), Value::Null);
                    }
                    Some(bv) if bv != av => {
                        p.insert(k.clone(), merge_diff(av, bv));
                    }
                    Some(_) => {}
                }
            }
            for (k, bv) in b {
                if !a.contains_key(k) {
                    p.insert(k.clone(), bv.clone());
                }
            }
            Value::Object(p)
        }
        _ => to.clone(),
    }
}

/// `TYPE NAME` or `TYPE/NAME`: one object.
fn target(args: &[String]) -> Result<(String, String), KubeError> {
    match args {
        [one] => match one.split_once('/') {
            Some((t, n)) if !t.is_empty() && !n.is_empty() => Ok((t.into(), n.into())),
            _ => Err(KubeError::Client(
                "kterm's kubectl edit takes one object: TYPE NAME or TYPE/NAME".into(),
            )),
        },
        [t, n] if !t.contains('/') => Ok((t.clone(), n.clone())),
        [] => Err(KubeError::Client(
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".into(),
        )),
        _ => Err(KubeError::Client(
            "kterm's kubectl edit takes one object: TYPE NAME or TYPE/NAME".into(),
        )),
    }
}

/// The editor `$KUBE_EDITOR` or `$EDITOR` names (exported only, as a
/// process environment), vi when neither is set.
fn editor_name(ctx: &Ctx<'_>) -> String {
    for var in ["KUBE_EDITOR", "EDITOR"] {
        if ctx.sh.env.is_exported(var) {
            if let Some(v) = ctx.sh.env.get(var).filter(|v| !v.trim().is_empty()) {
                return v.trim().to_string();
            }
        }
    }
    "vi".into()
}

struct Edit {
    res: String,
    name: String,
    file: String,
}

impl Edit {
    /// Writes the text to the temporary file and says where, as kubectl's
    /// preservedFile does.
    fn preserve(&self, ctx: &mut Ctx<'_>, text: &str) {
        if self.keep(ctx, text) {
            ctx.stderr.line(&format!(
                "A copy of your changes has been stored to \"{}\"",
                self.file
            ));
        }
    }

    fn keep(&self, ctx: &mut Ctx<'_>, text: &str) -> bool {
        let now = ctx.host.now_ms();
        let _ = ctx.sh.fs.mkdir_p("/tmp");
        ctx.sh
            .fs
            .write(&self.file, text.as_bytes().to_vec(), now)
            .is_ok()
    }
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("edit", args, FLAGS)?;
    let validation = crate::mutate::validation(&f)?;
    let json = match f.value("output").unwrap_or("yaml") {
        "yaml" => false,
        "json" => true,
        other => {
            return Err(KubeError::Client(format!(
                "unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,yaml"
            )))
        }
    };
    let (ty, name) = target(&f.args)?;
    let s = inv.target(ctx).await?;
    let t = s.clone();
    let known = discovery::resources(ctx, &t).await?;
    let r: ApiResource = discovery::find(&known, &ty).cloned().ok_or_else(|| {
        KubeError::Client(format!("the server doesn't have a resource type \"{ty}\""))
    })?;
    let path = format!("{}/{name}", r.collection(Some(&t.namespace)));
    let req = api::request(&t, "GET", &path);
    let mut obj = api::get_json(ctx, &t, req, "get", &format!("{} {name}", r.name)).await?;
    if let Some(m) = obj["metadata"].as_object_mut() {
        m.remove("managedFields");
    }
    let render = |v: &Value| {
        if json {
            format!("{}\n", go::json::indent(v, 4))
        } else {
            go::yaml::to_string(v)
        }
    };
    let body = render(&obj);
    let tool = ctx.name.clone();
    let editor = editor_name(ctx);
    let ext = if json { "json" } else { "yaml" };
    // A temporary name as os.CreateTemp makes one: the prefix and digits.
    let digits = (ctx.host.now_ms().unsigned_abs().wrapping_mul(2_654_435_761) % 9_000_000_000)
        + 1_000_000_000;
    let e = Edit {
        res: if r.group.is_empty() {
            r.name.clone()
        } else {
            format!("{}.{}", r.name, r.group)
        },
        name: name.clone(),
        file: format!("/tmp/{tool}-edit-{digits}.{ext}"),
    };
    let Some(flavor) = textedit::flavor_of(&editor) else {
        e.preserve(ctx, &format!("{}{body}", if json { "" } else { HEADER }));
        return Err(KubeError::Client(format!(
            "unable to launch the editor \"{}\"",
            kterm_shell::sanitize::field(&editor)
        )));
    };

    let mut reasons: Vec<Reason> = Vec::new();
    let mut contains_error = false;
    let mut original = String::new();
    let mut edited = String::new();
    loop {
        let mut buf = if json {
            String::new()
        } else {
            header(&reasons)
        };
        if contains_error {
            buf.push_str(&manual_strip(&edited));
        } else {
            buf.push_str(&body);
            original = buf.clone();
        }
        let new = match textedit::edit_text(ctx, flavor, &buf, &e.file).await {
            Ok(Some(saved)) => saved,
            // Quit without writing: the file is as it was handed over.
            Ok(None) => buf.clone(),
            Err(_) => {
                e.preserve(ctx, &buf);
                return Err(KubeError::Client(format!(
                    "there was a problem with the editor \"{}\"",
                    kterm_shell::sanitize::field(&editor)
                )));
            }
        };
        let previous = std::mem::replace(&mut edited, new);
        if contains_error && strip_comments(&previous) == strip_comments(&edited) {
            e.preserve(ctx, &edited);
            return Err(KubeError::Client(
                "Edit cancelled, no valid changes were saved.".into(),
            ));
        }
        if strip_comments(&original) == strip_comments(&edited) {
            ctx.stderr.line("Edit cancelled, no changes made.");
            return Ok(0);
        }
        if !has_lines(&edited) {
            ctx.stderr.line("Edit cancelled, saved file was empty.");
            return Ok(0);
        }
        reasons.clear();
        let updated = match kterm_shell::yaml::parse(&manual_strip(&edited)) {
            Ok(v) if v.is_object() => v,
            Ok(_) => {
                contains_error = true;
                reasons.push((
                    "The edited file had a syntax error: Object 'Kind' is missing in the edited file"
                        .into(),
                    vec![],
                ));
                continue;
            }
            Err(err) => {
                contains_error = true;
                reasons.push((
                    format!("The edited file had a syntax error: error converting YAML to JSON: yaml: {err}"),
                    vec![],
                ));
                continue;
            }
        };
        if let Some(ns) = updated["metadata"]["namespace"].as_str() {
            if r.namespaced && ns != t.namespace {
                e.preserve(ctx, &edited);
                return Err(KubeError::Client(format!(
                    "the namespace from the provided object \"{}\" does not match the namespace \"{}\". You must pass '--namespace={}' to perform this operation.",
                    kterm_shell::sanitize::field(ns),
                    t.namespace,
                    kterm_shell::sanitize::field(ns)
                )));
            }
        }
        let patch = merge_diff(&obj, &updated);
        if patch.as_object().is_some_and(Map::is_empty) {
            ctx.stdout
                .line(&format!("{}/{} skipped", r.kind_prefix(), e.name));
            return Ok(0);
        }
        let identity_changed = ["apiVersion", "kind"]
            .iter()
            .any(|k| patch.get(k).is_some())
            || patch["metadata"].get("name").is_some()
            || patch["metadata"].get("managedFields").is_some();
        if identity_changed {
            e.preserve(ctx, &edited);
            return Err(KubeError::Client(
                "At least one of apiVersion, kind and name was changed".into(),
            ));
        }
        if f.has("output-patch") {
            ctx.stdout.line(&format!("Patch: {patch}"));
        }
        // kubectl edit's query: its field manager and --validate.
        let q = crate::mutate::write_query(
            f.value("field-manager").unwrap_or("kubectl-edit"),
            crate::mutate::DryRun::None,
            Some(validation),
        );
        let req = api::request(&t, "PATCH", &format!("{path}{q}"))
            .header("Content-Type", "application/merge-patch+json")
            .body(patch.to_string().into_bytes());
        let (status, resp) = api::send(ctx, &t, req).await?;
        if (200..300).contains(&status) {
            ctx.stdout
                .line(&format!("{}/{} edited", r.kind_prefix(), e.name));
            return Ok(0);
        }
        let details: Value = serde_json::from_slice(&resp).unwrap_or(Value::Null);
        match KubeError::from_response(status, &resp, "patch", &e.res) {
            KubeError::Status { reason, .. } if reason == "Invalid" => {
                ctx.stderr
                    .line(&format!("error: {} \"{}\" is invalid", e.res, e.name));
                let causes = details["details"]["causes"]
                    .as_array()
                    .map(|c| {
                        c.iter()
                            .map(|c| {
                                kterm_shell::sanitize::field(&format!(
                                    "{}: {}",
                                    c["field"].as_str().unwrap_or(""),
                                    c["message"].as_str().unwrap_or("")
                                ))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                reasons.push((format!("{} \"{}\" was not valid", e.res, e.name), causes));
                contains_error = true;
            }
            KubeError::Status { reason, .. } if reason == "NotFound" => {
                ctx.stderr.line(&format!(
                    "error: {} \"{}\" could not be found on the server",
                    e.res, e.name
                ));
                e.keep(ctx, &edited);
                ctx.stderr.line(&format!(
                    "The edits you made on deleted resources have been saved to \"{}\"",
                    e.file
                ));
                return Ok(1);
            }
            err => {
                ctx.stderr.line(&kterm_shell::sanitize::text(&format!(
                    "error: {} \"{}\" could not be patched: {err}",
                    e.res, e.name
                )));
                e.keep(ctx, &edited);
                ctx.stderr.line(&format!(
                    "You can run `{tool} replace -f {}` to try this update again.",
                    e.file
                ));
                return Ok(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn header_with_reasons() {
        let h = header(&[
            (
                "deployments.apps \"web\" was not valid".into(),
                vec!["spec.replicas: Invalid value: -1: must be greater than or equal to 0".into()],
            ),
            ("The edited file had a syntax error: bad".into(), vec![]),
        ]);
        assert_eq!(
            h,
            format!("{HEADER}# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n# The edited file had a syntax error: bad\n#\n")
        );
    }

    #[test]
    fn strip_and_diff() {
        assert_eq!(manual_strip("# a\nb: 1\n  # c\n#!x\n"), "b: 1\n#!x\n");
        assert_eq!(strip_comments("# x\na: 1\n"), strip_comments("a: 1 # y\n"));
        assert!(!has_lines("# only\n\n  \n"));
        let cases = [
            (
                json!({"a": 1, "b": 2}),
                json!({"a": 1, "b": 3}),
                json!({"b": 3}),
            ),
            (
                json!({"a": {"x": 1, "y": 2}}),
                json!({"a": {"x": 1}}),
                json!({"a": {"y": null}}),
            ),
            (
                json!({"a": [1, 2]}),
                json!({"a": [1], "c": "n"}),
                json!({"a": [1], "c": "n"}),
            ),
            (json!({"a": 1}), json!({"a": 1}), json!({})),
        ];
        for (from, to, want) in cases {
            assert_eq!(merge_diff(&from, &to), want);
        }
    }

    #[test]
    fn targets() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            target(&s(&["deploy/web"])).unwrap(),
            ("deploy".into(), "web".into())
        );
        assert_eq!(
            target(&s(&["deploy", "web"])).unwrap(),
            ("deploy".into(), "web".into())
        );
        assert!(target(&s(&["deploy"])).is_err());
        assert!(target(&s(&[])).is_err());
    }
}
