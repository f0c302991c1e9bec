//! Manifests named with `-f`: files, directories (their `.json`, `.yaml`
//! and `.yml` files, `-R` for subdirectories) and `-` for standard input;
//! multi-document YAML and `kind: List` expanded into objects, each mapped
//! to its API resource through discovery.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::discovery::ApiResource;
use crate::error::KubeError;

/// One object and the file it came from (`STDIN` for `-`).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub source: String,
    pub obj: Value,
}

fn is_manifest(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json")
}

/// The files `-f` names, in kubectl's order (a directory's files sorted).
fn files(ctx: &Ctx<'_>, arg: &str, recursive: bool) -> Result<Vec<String>, KubeError> {
    let path = kterm_shell::fs::resolve(&ctx.sh.cwd, arg);
    if !ctx.sh.fs.exists(&path) {
        return Err(KubeError::Client(format!(
            "the path \"{arg}\" does not exist"
        )));
    }
    if !ctx.sh.fs.is_dir(&path) {
        return Ok(vec![arg.to_string()]);
    }
    let mut out = Vec::new();
    let mut entries: Vec<String> = ctx
        .sh
        .fs
        .list(&path)
        .map_err(|e| KubeError::Client(format!("{arg}: {e}")))?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    kterm_shell::sort::sort(&mut entries);
    for name in entries {
        let shown = format!("{}/{name}", arg.trim_end_matches('/'));
        let full = format!("{}/{name}", path.trim_end_matches('/'));
        if ctx.sh.fs.is_dir(&full) {
            if recursive {
                out.extend(files(ctx, &shown, true)?);
            }
        } else if is_manifest(&name) {
            out.push(shown);
        }
    }
    Ok(out)
}

/// Objects of one text; `kind: List` is flattened.
pub fn parse(source: &str, text: &str) -> Result<Vec<Doc>, KubeError> {
    let docs = kterm_shell::yaml::parse_all(text).map_err(|e| {
        KubeError::Client(format!(
            "error parsing {source}: error converting YAML to JSON: yaml: {e}"
        ))
    })?;
    let mut out = Vec::new();
    for d in docs {
        if d.is_null() {
            continue;
        }
        if !d.is_object() {
            return Err(KubeError::Client(format!(
                "error validating \"{source}\": error validating data: invalid object; if you choose to ignore these errors, turn validation off with --validate=false"
            )));
        }
        let kind = d["kind"].as_str().unwrap_or("");
        if kind == "List" || (kind.ends_with("List") && d["items"].is_array()) {
            for item in d["items"].as_array().cloned().unwrap_or_default() {
                check(source, &item)?;
                out.push(Doc {
                    source: source.to_string(),
                    obj: item,
                });
            }
            continue;
        }
        check(source, &d)?;
        out.push(Doc {
            source: source.to_string(),
            obj: d,
        });
    }
    Ok(out)
}

/// kubectl's client-side validation of the two fields every object needs.
fn check(source: &str, obj: &Value) -> Result<(), KubeError> {
    let mut missing = Vec::new();
    if obj["apiVersion"].as_str().is_none_or(str::is_empty) {
        missing.push("apiVersion not set");
    }
    if obj["kind"].as_str().is_none_or(str::is_empty) {
        missing.push("kind not set");
    }
    if missing.is_empty() {
        return Ok(());
    }
    let what = if missing.len() == 1 {
        missing[0].to_string()
    } else {
        format!("[{}]", missing.join(", "))
    };
    Err(KubeError::Client(format!(
        "error validating \"{source}\": error validating data: {what}; if you choose to ignore these errors, turn validation off with --validate=false"
    )))
}

/// Every object the `-f` arguments name.
pub fn load(ctx: &Ctx<'_>, args: &[String], recursive: bool) -> Result<Vec<Doc>, KubeError> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            out.extend(parse("STDIN", &String::from_utf8_lossy(&ctx.stdin))?);
            continue;
        }
        if a.starts_with("http://") || a.starts_with("https://") {
            return Err(KubeError::Client(format!(
                "unable to read URL \"{a}\": a browser terminal cannot fetch manifests from other sites; save the file and use -f FILE"
            )));
        }
        for f in files(ctx, a, recursive)? {
            let path = kterm_shell::fs::resolve(&ctx.sh.cwd, &f);
            let bytes = ctx
                .sh
                .fs
                .read(&path)
                .map_err(|e| KubeError::Client(format!("{f}: {e}")))?;
            out.extend(parse(&f, &String::from_utf8_lossy(bytes))?);
        }
    }
    Ok(out)
}

/// The resource serving `apiVersion` and `kind`.
pub fn mapping<'a>(all: &'a [ApiResource], obj: &Value) -> Option<&'a ApiResource> {
    let av = obj["apiVersion"].as_str().unwrap_or("");
    let (group, version) = av.split_once('/').unwrap_or(("", av));
    let kind = obj["kind"].as_str().unwrap_or("");
    all.iter()
        .find(|r| r.group == group && r.version == version && r.kind == kind)
}

/// kubectl's error when no resource serves an object's kind.
pub fn no_mapping(doc: &Doc, ns: &str) -> KubeError {
    let o = &doc.obj;
    KubeError::Client(format!(
        "resource mapping not found for name: \"{}\" namespace: \"{ns}\" from \"{}\": no matches for kind \"{}\" in version \"{}\"\nensure CRDs are installed first",
        o["metadata"]["name"].as_str().unwrap_or(""),
        doc.source,
        o["kind"].as_str().unwrap_or(""),
        o["apiVersion"].as_str().unwrap_or(""),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_and_lists() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n- {apiVersion: apps/v1, kind: Deployment, metadata: {name: c}}\n";
        let docs = parse("x.yaml", text).unwrap();
        let names: Vec<&str> = docs
            .iter()
            .map(|d| d.obj["metadata"]["name"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(
            parse("y.yaml", "metadata: {name: a}\n").unwrap_err(),
            KubeError::Client("error validating \"y.yaml\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false".into())
        );
        assert_eq!(
            parse("z.json", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"n\"}}").unwrap()[0].obj,
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}})
        );
    }
}
