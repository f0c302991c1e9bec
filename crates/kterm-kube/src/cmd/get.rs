//! `kubectl get TYPE[,TYPE…] [NAME…] | TYPE/NAME…` with server-side
//! printing (the Table kube-apiserver renders), `-o wide|name|json|yaml`,
//! `-A`, `-l`, `--field-selector`, `--no-headers`, `--show-labels`.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use crate::context::Session;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::{api, flags, output, printer};

const SPEC: &[flags::Spec] = &[
    ("output", Some('o'), true),
    ("all-namespaces", Some('A'), false),
    ("selector", Some('l'), true),
    ("field-selector", None, true),
    ("no-headers", None, false),
    ("show-labels", None, false),
    ("show-kind", None, false),
    ("chunk-size", None, true),
];

/// What the user asked for: each type with the names given for it.
fn requests(args: &[String]) -> Result<Vec<(String, Vec<String>)>, KubeError> {
    let Some(first) = args.first() else {
        return Err(KubeError::Client(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.".into(),
        ));
    };
    if args.iter().any(|a| a.contains('/')) {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for a in args {
            let Some((ty, name)) = a.split_once('/') else {
                return Err(KubeError::Client("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into()));
            };
            match out.iter_mut().find(|(t, _)| t == ty) {
                Some((_, names)) => names.push(name.to_string()),
                None => out.push((ty.to_string(), vec![name.to_string()])),
            }
        }
        return Ok(out);
    }
    let names: Vec<String> = args[1..].to_vec();
    Ok(first
        .split(',')
        .map(|t| (t.to_string(), names.clone()))
        .collect())
}

fn labels_of(obj: &Value) -> String {
    let mut pairs: Vec<String> = obj["metadata"]["labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    pairs.sort();
    if pairs.is_empty() {
        "<none>".into()
    } else {
        pairs.join(",")
    }
}

pub async fn run(ctx: &mut Ctx<'_>, args: &[String]) -> Result<i32, KubeError> {
    let f = flags::parse("get", args, SPEC)?;
    let out_fmt = f.value("output").unwrap_or("");
    if !matches!(out_fmt, "" | "wide" | "name" | "json" | "yaml") {
        return Err(KubeError::Client(format!(
            "unable to match a printer suitable for the output format \"{out_fmt}\", allowed formats are: json,name,wide,yaml"
        )));
    }
    let s = Session::open(ctx, &f)?;
    let t = s.target.clone();
    let all_ns = f.has("all-namespaces");
    let wanted = requests(&f.args)?;
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
    let several = kinds.len() > 1 || f.has("show-kind");
    let ns = (!all_ns).then_some(t.namespace.as_str());
    let mut query = vec![];
    if let Some(l) = f.value("selector") {
        query.push(format!("labelSelector={}", enc(l)));
    }
    if let Some(fs) = f.value("field-selector") {
        query.push(format!("fieldSelector={}", enc(fs)));
    }
    let mut printed_any = false;
    let mut machine: Vec<Value> = Vec::new();
    let mut single_named = false;
    for (r, names) in &kinds {
        let human = matches!(out_fmt, "" | "wide");
        let mut paths: Vec<(String, bool)> = Vec::new();
        if names.is_empty() {
            let mut q = query.clone();
            q.insert(0, "limit=500".into());
            paths.push((format!("{}?{}", r.collection(ns), q.join("&")), false));
        } else {
            for n in names {
                paths.push((format!("{}/{n}", r.collection(Some(&t.namespace))), true));
            }
        }
        single_named = kinds.len() == 1 && names.len() == 1;
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut header: Vec<String> = Vec::new();
        for (path, named) in paths {
            let mut req = api::request(&t, "GET", &path);
            if human {
                req = req.header("Accept", api::TABLE_ACCEPT);
                req.headers
                    .retain(|(k, v)| k != "Accept" || v == api::TABLE_ACCEPT);
            }
            let what = if named {
                format!("{} {}", r.name, path.rsplit('/').next().unwrap_or(""))
            } else {
                r.name.clone()
            };
            let v = api::get_json(ctx, &t, req, "get", &what).await?;
            if !human {
                if named {
                    machine.push(v);
                } else {
                    for mut item in v["items"].as_array().cloned().unwrap_or_default() {
                        item["apiVersion"] = json!(if r.group.is_empty() {
                            r.version.clone()
                        } else {
                            format!("{}/{}", r.group, r.version)
                        });
                        item["kind"] = json!(r.kind);
                        machine.push(item);
                    }
                }
                continue;
            }
            let cols = v["columnDefinitions"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let keep: Vec<usize> = cols
                .iter()
                .enumerate()
                .filter(|(_, c)| out_fmt == "wide" || c["priority"].as_i64().unwrap_or(0) == 0)
                .map(|(i, _)| i)
                .collect();
            if header.is_empty() {
                if all_ns && r.namespaced {
                    header.push("NAMESPACE".into());
                }
                header.extend(
                    keep.iter()
                        .map(|i| cols[*i]["name"].as_str().unwrap_or("").to_uppercase()),
                );
                if f.has("show-labels") {
                    header.push("LABELS".into());
                }
            }
            for row in v["rows"].as_array().cloned().unwrap_or_default() {
                let obj = &row["object"];
                let mut line = Vec::new();
                if all_ns && r.namespaced {
                    line.push(printer::cell(&obj["metadata"]["namespace"]));
                }
                for (j, i) in keep.iter().enumerate() {
                    let mut c = printer::cell(&row["cells"][*i]);
                    if j == 0 && several {
                        c = format!("{}/{c}", r.kind_prefix());
                    }
                    line.push(c);
                }
                if f.has("show-labels") {
                    line.push(labels_of(obj));
                }
                rows.push(line);
            }
        }
        if human && !rows.is_empty() {
            if printed_any && !f.has("no-headers") {
                ctx.stdout.line("");
            }
            let mut table = Vec::new();
            if !f.has("no-headers") {
                table.push(header);
            }
            table.extend(rows);
            ctx.stdout.write_str(&printer::tabwrite(&table));
            printed_any = true;
        }
    }
    match out_fmt {
        "" | "wide" => {
            if !printed_any {
                let all_namespaced = kinds.iter().all(|(r, _)| r.namespaced);
                if all_namespaced && !all_ns {
                    ctx.stderr
                        .line(&format!("No resources found in {} namespace.", t.namespace));
                } else {
                    ctx.stderr.line("No resources found");
                }
            }
        }
        "name" => {
            for o in &machine {
                let kind = o["kind"].as_str().unwrap_or("").to_lowercase();
                let group = o["apiVersion"]
                    .as_str()
                    .and_then(|a| a.split_once('/'))
                    .map(|(g, _)| format!(".{g}"))
                    .unwrap_or_default();
                ctx.stdout.line(&format!(
                    "{kind}{group}/{}",
                    printer::cell(&o["metadata"]["name"])
                ));
            }
        }
        fmt => {
            let doc = if single_named && machine.len() == 1 {
                machine.remove(0)
            } else {
                json!({"apiVersion": "v1", "items": machine, "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            if fmt == "json" {
                ctx.stdout
                    .line(&kterm_shell::sanitize::text(&output::json_indent(&doc, 4)));
            } else {
                ctx.stdout
                    .write_str(&kterm_shell::sanitize::text(&kterm_shell::yaml::to_string(
                        &output::sorted(&doc),
                    )));
            }
        }
    }
    Ok(0)
}

/// Percent-encodes a query value.
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
