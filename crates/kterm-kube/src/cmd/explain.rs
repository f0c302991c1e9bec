//! `kubectl explain TYPE[.FIELD…] [--recursive]` from the server's
//! `/openapi/v3`: the group version's document is fetched through the
//! index's `serverRelativeURL`, the kind found through the list path's
//! `x-kubernetes-group-version-kind`, and the schema printed as kubectl's
//! plaintext template prints it (descriptions word-wrapped at 76/78
//! columns as go-wordwrap wraps, fields in name order).

use std::collections::BTreeSet;

use kterm_shell::Ctx;
use serde_json::Value;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags::Flag;
use crate::{api, discovery, flags};

pub(crate) const FLAGS: &[Flag] = &[
    Flag::switch(
        "recursive",
        None,
        "Process the directory given with -f and the ones below it",
    ),
    Flag::value("api-version", None, "API version of the resource"),
    Flag::value(
        "output",
        None,
        "Output format: json, yaml, name, wide, jsonpath=…, custom-columns=…",
    ),
];

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let f = flags::parse("explain", args, FLAGS)?;
    let arg = match f.args.as_slice() {
        [] => return Err(KubeError::Client("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.".into())),
        [a] => a.clone(),
        _ => return Err(KubeError::Client("We accept only this format: explain RESOURCE".into())),
    };
    if let Some(o) = f.value("output").filter(|o| *o != "plaintext") {
        return Err(KubeError::Client(format!(
            "unsupported output format: {o}; this terminal prints plaintext"
        )));
    }
    let mut parts = arg.split('.');
    let ty = parts.next().unwrap_or("").to_string();
    let path: Vec<String> = parts.map(str::to_string).collect();
    let s = inv.target(ctx).await?;
    let t = s.clone();
    let known = discovery::resources(ctx, &t).await?;
    let Some(r) = discovery::find(&known, &ty).cloned() else {
        // explain's RESTMapper error, printed without `error: `.
        return Err(KubeError::Plain(format!(
            "the server doesn't have a resource type \"{ty}\""
        )));
    };
    let (group, version) = match f.value("api-version") {
        Some(gv) => match gv.split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), gv.to_string()),
        },
        None => (r.group.clone(), r.version.clone()),
    };
    let gv_path = if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    };
    let gvr = format!("{group}/{version}, Resource={}", r.name);
    let index = api::get_json(ctx, &t, api::request(&t, "GET", "/openapi/v3"), "get", "").await?;
    let Some(rel) = index["paths"][&gv_path]["serverRelativeURL"].as_str() else {
        return Err(KubeError::Client(format!(
            "couldn't find resource for \"{group}/{version}, Resource={}\"",
            r.name
        )));
    };
    // A server-relative URL replaces the whole path of the server's URL.
    let origin = origin_of(&t.server);
    let mut req = api::request(&t, "GET", "");
    req.url = format!("{origin}{rel}");
    let doc = api::get_json(ctx, &t, req, "get", "").await?;
    let Some(gvk) = kind_of(&doc, &group, &version, &r.name) else {
        return Err(KubeError::Client(format!(
            "GVR ({gvr}) not found in OpenAPI schema"
        )));
    };
    let mut head = String::new();
    if let Some(g) = gvk["group"].as_str().filter(|g| !g.is_empty()) {
        head.push_str(&format!("GROUP:      {g}\n"));
    }
    head.push_str(&format!(
        "KIND:       {}\nVERSION:    {}\n\n",
        gvk["kind"].as_str().unwrap_or(""),
        gvk["version"].as_str().unwrap_or("")
    ));
    ctx.stdout.write_str(&kterm_shell::sanitize::text(&head));
    let Some(schema) = schema_of(&doc, &gvk) else {
        return Err(KubeError::Client(format!(
            "GVK {} not found in OpenAPI schema",
            gvk_string(&gvk)
        )));
    };
    let w = Walk {
        doc: &doc,
        recursive: f.has("recursive"),
    };
    let out = w.output(schema, &path, &BTreeSet::new());
    if out.is_empty() {
        return Err(KubeError::Client(format!(
            "field \"{}\" does not exist",
            path.last().map(String::as_str).unwrap_or("")
        )));
    }
    ctx.stdout
        .write_str(&kterm_shell::sanitize::text(&format!("{out}\n")));
    Ok(0)
}

/// Go's `%v` of the template's map: `map[group:apps kind:Deployment version:v1]`.
fn gvk_string(gvk: &Value) -> String {
    format!(
        "map[group:{} kind:{} version:{}]",
        gvk["group"].as_str().unwrap_or(""),
        gvk["kind"].as_str().unwrap_or(""),
        gvk["version"].as_str().unwrap_or("")
    )
}

fn origin_of(server: &str) -> &str {
    let after = server.find("://").map_or(0, |i| i + 3);
    match server[after..].find('/') {
        Some(i) => &server[..after + i],
        None => server,
    }
}

/// The kind behind a resource, from the operations on its paths.
fn kind_of(doc: &Value, group: &str, version: &str, resource: &str) -> Option<Value> {
    let prefix = if group.is_empty() {
        "/api".to_string()
    } else {
        format!("/apis/{group}")
    };
    let candidates = [
        format!("{prefix}/{version}/{resource}"),
        format!("{prefix}/{version}/{resource}/{{name}}"),
        format!("{prefix}/{version}/namespaces/{{namespace}}/{resource}"),
        format!("{prefix}/{version}/namespaces/{{namespace}}/{resource}/{{name}}"),
    ];
    candidates.iter().find_map(|p| {
        ["get", "post", "put", "patch", "delete"]
            .iter()
            .find_map(|m| {
                let g = &doc["paths"][p][*m]["x-kubernetes-group-version-kind"];
                g.is_object().then(|| g.clone())
            })
    })
}

/// The first schema (in name order) tagged with the kind.
fn schema_of<'a>(doc: &'a Value, gvk: &Value) -> Option<&'a Value> {
    let schemas = doc["components"]["schemas"].as_object()?;
    let mut names: Vec<&String> = schemas.keys().collect();
    kterm_shell::sort::sort(&mut names);
    names.into_iter().map(|n| &schemas[n]).find(|s| {
        s["x-kubernetes-group-version-kind"]
            .as_array()
            .is_some_and(|a| a.contains(gvk))
    })
}

/// Go template truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(n) => n.as_f64() != Some(0.0),
    }
}

/// A map-valued `additionalProperties` (not `true`/`false`).
fn map_values(s: &Value) -> Option<&Value> {
    let ap = &s["additionalProperties"];
    (ap.is_object() && truthy(ap)).then_some(ap)
}

fn sorted_props(s: &Value) -> Vec<(&String, &Value)> {
    let mut v: Vec<_> = s["properties"]
        .as_object()
        .map(|o| o.iter().collect())
        .unwrap_or_default();
    kterm_shell::sort::sort_by(&mut v, |a, b| a.0.cmp(b.0));
    v
}

/// Text walked to: kubectl's template, line for line.
struct Walk<'a> {
    doc: &'a Value,
    recursive: bool,
}

impl Walk<'_> {
    fn resolve(&self, r: &Value) -> Option<&Value> {
        let frag = r.as_str()?.strip_prefix('#')?;
        let mut cur = self.doc;
        for k in frag.split('/').filter(|k| !k.is_empty()) {
            cur = cur.get(k)?;
        }
        Some(cur)
    }

    fn type_guess(&self, s: &Value) -> String {
        if truthy(&s["items"]) {
            return format!("[]{}", self.type_guess(&s["items"]));
        }
        if let Some(ap) = map_values(s) {
            return format!("map[string]{}", self.type_guess(ap));
        }
        if let Some([one]) = s["allOf"].as_array().map(Vec::as_slice) {
            if !truthy(&s["properties"]) {
                return self.type_guess(one);
            }
        }
        if truthy(&s["$ref"]) {
            let target = self.resolve(&s["$ref"]);
            let ty = target.map(|t| &t["type"]);
            return match ty.and_then(Value::as_str) {
                None | Some("object") => {
                    let r = s["$ref"].as_str().unwrap_or("");
                    let last = r.rsplit('/').next().unwrap_or("");
                    let name = last.rsplit('.').next().unwrap_or("");
                    if name.is_empty() { "Object" } else { name }.to_string()
                }
                Some(t) => t.to_string(),
            };
        }
        match s["type"].as_str() {
            Some("object") | None | Some("") => "Object".into(),
            Some(t) => t.into(),
        }
    }

    fn description(&self, s: &Value) -> String {
        let s = self.resolve(&s["$ref"]).unwrap_or(s);
        let mut out = String::new();
        if let Some(d) = s["description"].as_str().filter(|d| !d.is_empty()) {
            out.push_str(d);
            out.push('\n');
        }
        for sub in s["allOf"].as_array().into_iter().flatten() {
            out.push_str(&self.description(sub));
        }
        if truthy(&s["items"]) {
            out.push_str(&self.description(&s["items"]));
        }
        if let Some(ap) = map_values(s) {
            out.push_str(&self.description(ap));
        }
        out
    }

    fn output(&self, schema: &Value, path: &[String], history: &BTreeSet<String>) -> String {
        let r = schema["$ref"].as_str().unwrap_or("");
        let mut next = history.clone();
        next.insert(r.to_string());
        let resolved = self.resolve(&schema["$ref"]).unwrap_or(schema);
        let Some(first) = path.first() else {
            let mut out = String::from("DESCRIPTION:\n");
            let d = self.description(resolved);
            let d = if d.is_empty() {
                "<empty>".to_string()
            } else {
                d
            };
            out.push_str(&indent(4, &wrap(&d, 76)));
            out.push('\n');
            let fields = self.field_list(resolved, 1, &BTreeSet::new());
            if !fields.is_empty() {
                out.push_str("FIELDS:\n");
                out.push_str(&fields);
            }
            return out;
        };
        if !r.is_empty() && history.contains(r) {
            return String::new();
        }
        if let Some(sub) = resolved["properties"].get(first.as_str()) {
            let mut out = String::new();
            if path.len() == 1 {
                out.push_str(&format!("FIELD: {first} <{}>\n\n\n", self.type_guess(sub)));
            }
            out.push_str(&self.output(sub, &path[1..], &BTreeSet::new()));
            return out;
        }
        if truthy(&resolved["items"]) {
            return self.output(&resolved["items"], path, &next);
        }
        if let Some(ap) = map_values(resolved) {
            return self.output(ap, path, &next);
        }
        for sub in resolved["allOf"].as_array().into_iter().flatten() {
            let out = self.output(sub, path, &next);
            if !out.is_empty() {
                return out;
            }
        }
        String::new()
    }

    fn field_list(&self, schema: &Value, level: usize, history: &BTreeSet<String>) -> String {
        let r = schema["$ref"].as_str().unwrap_or("");
        if !r.is_empty() && history.contains(r) {
            return String::new();
        }
        let mut next = history.clone();
        next.insert(r.to_string());
        let resolved = self.resolve(&schema["$ref"]).unwrap_or(schema);
        let mut out = String::new();
        for (name, sub) in sorted_props(resolved) {
            out.push_str(&self.field_detail(resolved, name, sub, level));
            if self.recursive {
                out.push_str(&self.field_list(sub, level + 1, &next));
            }
        }
        for sub in resolved["allOf"].as_array().into_iter().flatten() {
            out.push_str(&self.field_list(sub, level, &next));
        }
        if truthy(&resolved["items"]) {
            out.push_str(&self.field_list(&resolved["items"], level, &next));
        }
        if let Some(ap) = map_values(resolved) {
            out.push_str(&self.field_list(ap, level, &next));
        }
        out
    }

    fn field_detail(&self, parent: &Value, name: &str, sub: &Value, level: usize) -> String {
        let pad = level * 2;
        let required = parent["required"]
            .as_array()
            .is_some_and(|a| a.iter().any(|n| n == name));
        let mut out = format!(
            "{}\t<{}>{}\n",
            indent(pad, name),
            self.type_guess(sub),
            if required { " -required-" } else { "" }
        );
        if !self.recursive {
            let d = sub["description"]
                .as_str()
                .filter(|d| !d.is_empty())
                .unwrap_or("<no description>");
            out.push_str(&indent(pad + 2, &wrap(d, 78 - pad)));
            out.push_str("\n\n");
        }
        out
    }
}

/// kubectl's `indent`: the pad before the text and after every newline.
fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// go-wordwrap's `WrapString`: breaks at spaces so lines stay within
/// `lim` columns; longer words stand alone; existing newlines stay.
fn wrap(s: &str, lim: usize) -> String {
    let mut buf = String::with_capacity(s.len());
    let (mut current, mut word, mut space) = (0usize, String::new(), String::new());
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + space.chars().count() <= lim {
                    buf.push_str(&space);
                }
            } else {
                buf.push_str(&space);
                buf.push_str(&word);
                word.clear();
            }
            space.clear();
            buf.push(c);
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space.chars().count() + word.chars().count();
                buf.push_str(&space);
                buf.push_str(&word);
                space.clear();
                word.clear();
            }
            space.push(c);
        } else {
            word.push(c);
            let wl = word.chars().count();
            if current + space.chars().count() + wl > lim && wl < lim {
                buf.push('\n');
                current = 0;
                space.clear();
            }
        }
    }
    if word.is_empty() {
        if current + space.chars().count() <= lim {
            buf.push_str(&space);
        }
    } else {
        buf.push_str(&space);
        buf.push_str(&word);
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_like_go_wordwrap() {
        let cases = [
            ("short\n", 76, "short\n"),
            (
                "A Pod runs one or more containers together on a node, sharing its network and storage.\n",
                76,
                "A Pod runs one or more containers together on a node, sharing its network\nand storage.\n",
            ),
            ("aaaa bbbb cccc", 9, "aaaa bbbb\ncccc"),
            ("averyveryverylongword x", 5, "averyveryverylongword\nx"),
        ];
        for (s, lim, want) in cases {
            assert_eq!(wrap(s, lim), want, "{s:?}");
        }
        assert_eq!(indent(4, "a\nb\n"), "    a\n    b\n    ");
        assert_eq!(origin_of("https://h:1/api/k8s/x"), "https://h:1");
    }
}
