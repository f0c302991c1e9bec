//! The generic printers of `get` (kubectl's `printGeneric`): every object
//! fetched as itself, gathered into one `kind: List` unless exactly one
//! named object was asked for, sorted by `--sort-by`, then printed as
//! json, yaml, names, JSONPath or custom columns. No "No resources
//! found" message here, as in kubectl.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::{Get, Output};
use crate::discovery::ApiResource;
use crate::error::KubeError;
use crate::go::url::query_escape;
use crate::{api, go, print::columns, print::table};

fn api_version(r: &ApiResource) -> String {
    if r.group.is_empty() {
        r.version.clone()
    } else {
        format!("{}/{}", r.group, r.version)
    }
}

/// Every object of one kind, list pages followed.
/// kubectl hides `metadata.managedFields` unless --show-managed-fields.
pub(super) fn without_managed_fields(mut o: Value) -> Value {
    if let Some(m) = o["metadata"].as_object_mut() {
        m.remove("managedFields");
    }
    o
}

async fn objects(
    ctx: &mut Ctx<'_>,
    g: &Get,
    r: &ApiResource,
    names: &[String],
    errs: &mut Vec<KubeError>,
) -> Result<Vec<Value>, KubeError> {
    let mut out = Vec::new();
    for n in names {
        let path = format!("{}/{n}", r.collection(Some(&g.t.namespace)));
        let req = api::request(&g.t, "GET", &path);
        match api::get_json(ctx, &g.t, req, "get", &format!("{} {n}", r.name)).await {
            Ok(o) => out.push(without_managed_fields(o)),
            // kubectl continues with the other objects and reports at the end.
            Err(e @ KubeError::Status { .. }) => errs.push(e),
            Err(e) => return Err(e),
        }
    }
    if !names.is_empty() {
        return Ok(out);
    }
    let mut query = g.selectors();
    if !g.f.has("sort-by") {
        query.insert(0, "limit=500".into());
    }
    let base = r.collection(g.namespace());
    let mut next = String::new();
    loop {
        let mut q = query.clone();
        if !next.is_empty() {
            q.push(format!("continue={}", query_escape(&next)));
        }
        let path = if q.is_empty() {
            base.clone()
        } else {
            format!("{base}?{}", q.join("&"))
        };
        let req = api::request(&g.t, "GET", &path);
        let list = api::get_json(ctx, &g.t, req, "get", &r.name).await?;
        for mut item in list["items"].as_array().cloned().unwrap_or_default() {
            // List items carry no apiVersion/kind on the wire; kubectl's
            // decoder fills them in.
            item["apiVersion"] = json!(api_version(r));
            item["kind"] = json!(r.kind);
            out.push(without_managed_fields(item));
        }
        next = list["metadata"]["continue"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if next.is_empty() {
            return Ok(out);
        }
    }
}

pub async fn run(ctx: &mut Ctx<'_>, g: &Get) -> Result<i32, KubeError> {
    let mut items = Vec::new();
    let mut errs: Vec<KubeError> = Vec::new();
    for (r, names) in &g.kinds {
        items.extend(objects(ctx, g, r, names, &mut errs).await?);
    }
    let mut errs = g.reported(errs);
    // With --ignore-not-found, nothing found prints nothing at all.
    if items.is_empty() && g.f.has("ignore-not-found") {
        let code = i32::from(!errs.is_empty());
        for e in errs {
            e.render(ctx);
        }
        return Ok(code);
    }
    // One named object that is missing is just the error, no empty List.
    let single_named = g.kinds.len() == 1 && g.kinds[0].1.len() == 1;
    if single_named && !errs.is_empty() {
        return Err(errs.remove(0));
    }
    if let Some(field) = g.f.value("sort-by").filter(|_| items.len() > 1) {
        let refs: Vec<&Value> = items.iter().collect();
        let (field, keys) = columns::sort_keys(field, &refs).map_err(KubeError::Client)?;
        if keys.iter().all(Option::is_none) {
            return Err(KubeError::Client(format!(
                "couldn't find any field with path {} in the list of objects",
                go::fmt::quote(&field)
            )));
        }
        let order = columns::order(&keys).map_err(KubeError::Client)?;
        items = order.into_iter().map(|i| items[i].clone()).collect();
    }
    let single = single_named && items.len() == 1;
    let doc = || {
        if single {
            items[0].clone()
        } else {
            json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
        }
    };
    match &g.out {
        Output::Human { .. } => {}
        Output::Name => {
            for o in &items {
                let kind = o["kind"].as_str().unwrap_or("").to_lowercase();
                let group = o["apiVersion"]
                    .as_str()
                    .and_then(|a| a.split_once('/'))
                    .map(|(g, _)| format!(".{g}"))
                    .unwrap_or_default();
                ctx.stdout.line(&format!(
                    "{kind}{group}/{}",
                    table::cell(&o["metadata"]["name"])
                ));
            }
        }
        Output::Json => ctx
            .stdout
            .line(&kterm_shell::sanitize::text(&go::json::indent(&doc(), 4))),
        Output::Yaml => {
            ctx.stdout
                .write_str(&kterm_shell::sanitize::text(&crate::go::yaml::to_string(
                    &doc(),
                )))
        }
        Output::JsonPath { path, raw, as_json } => {
            let data = doc();
            let printed = if *as_json {
                path.print_json(&data)
            } else {
                path.print(&data)
            };
            // kubectl's message ends in a blank line and one more newline.
            match printed {
                // Raw, as kubectl: the terminal writer escapes it on screen.
                Ok(text) => ctx.stdout.write_str(&text),
                Err(e) => {
                    return Err(KubeError::Client(kterm_shell::sanitize::text(&format!(
                        "error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{raw}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
                        go::fmt::quote(raw),
                        go::fmt::sharp(&data)
                    ))))
                }
            }
        }
        Output::Columns(cols) => {
            let mut table = Vec::new();
            if !g.f.has("no-headers") {
                table.push(cols.iter().map(|c| c.header.clone()).collect());
            }
            for o in &items {
                table.push(columns::row(cols, o).map_err(KubeError::Client)?);
            }
            ctx.stdout.write_str(&table::tabwrite(&table));
        }
    }
    if errs.is_empty() {
        return Ok(0);
    }
    for e in errs {
        e.render(ctx);
    }
    Ok(1)
}
