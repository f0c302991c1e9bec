//! `kubectl api-resources [-o wide|name|json|yaml] [--namespaced=BOOL]
//! [--api-group=G] [--verbs=V,…] [--categories=C,…] [--sort-by=name|kind]
//! [--no-headers] [--cached]`: preferred versions from discovery, sorted
//! (stably) by group then name, as kubectl prints them.

use kterm_shell::Ctx;
use serde_json::{json, Map, Value};

use crate::cli::Invocation;
use crate::discovery::{self, ApiResource};
use crate::error::KubeError;
use crate::flags::Flag;
use crate::{flags, go, print::table};

pub(crate) const FLAGS: &[Flag] = &[
    flags::OUTPUT,
    Flag::value("api-group", None, "Only resources of this API group"),
    Flag::value(
        "verbs",
        None,
        "Only resources that support these verbs (comma-separated)",
    ),
    Flag::value("categories", None, "Only resources in these categories"),
    flags::SORT_BY,
    flags::NO_HEADERS,
    Flag::switch("cached", None, "Use the discovery already fetched"),
];

fn list(v: Option<&str>) -> Vec<String> {
    v.map(|s| {
        s.split(',')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

fn api_version(r: &ApiResource) -> String {
    if r.group.is_empty() {
        r.version.clone()
    } else {
        format!("{}/{}", r.group, r.version)
    }
}

/// One `metav1.APIResource` as it marshals (struct order, omitempty).
fn as_json(r: &ApiResource) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(r.name));
    m.insert("singularName".into(), json!(r.singular));
    m.insert("namespaced".into(), json!(r.namespaced));
    if !r.group.is_empty() {
        m.insert("group".into(), json!(r.group));
    }
    if !r.version.is_empty() {
        m.insert("version".into(), json!(r.version));
    }
    m.insert("kind".into(), json!(r.kind));
    m.insert("verbs".into(), json!(r.verbs));
    if !r.short_names.is_empty() {
        m.insert("shortNames".into(), json!(r.short_names));
    }
    if !r.categories.is_empty() {
        m.insert("categories".into(), json!(r.categories));
    }
    Value::Object(m)
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    // `--namespaced` is a boolean whose `=false` matters: take it first.
    let mut namespaced: Option<bool> = None;
    let mut rest = Vec::new();
    for a in args {
        match a.as_str() {
            "--namespaced" | "--namespaced=true" => namespaced = Some(true),
            "--namespaced=false" => namespaced = Some(false),
            _ => rest.push(a.clone()),
        }
    }
    let f = flags::parse("api-resources", &rest, FLAGS)?;
    let output = f.value("output").unwrap_or("");
    if !matches!(output, "" | "wide" | "name" | "json" | "yaml") {
        return Err(KubeError::Client(format!(
            "unable to match a printer suitable for the output format \"{output}\", allowed formats are: json,kyaml,name,wide,yaml"
        )));
    }
    let sort_by = f.value("sort-by").unwrap_or("");
    if !matches!(sort_by, "" | "name" | "kind") {
        return Err(KubeError::Client(
            "--sort-by accepts only name or kind".into(),
        ));
    }
    if !f.args.is_empty() {
        return Err(KubeError::Client(format!(
            "unexpected arguments: [{}]\nSee 'kubectl api-resources -h' for help and examples",
            f.args.join(" ")
        )));
    }
    let t = inv.target(ctx).await?;
    if !f.has("cached") {
        discovery::forget(ctx, &t.server);
    }
    let verbs = list(f.value("verbs"));
    let categories = list(f.value("categories"));
    let mut rows: Vec<ApiResource> = discovery::resources(ctx, &t)
        .await?
        .into_iter()
        .filter(|r| !r.verbs.is_empty())
        .filter(|r| f.value("api-group").is_none_or(|g| r.group == g))
        .filter(|r| namespaced.is_none_or(|n| r.namespaced == n))
        .filter(|r| verbs.iter().all(|v| r.verbs.contains(v)))
        .filter(|r| categories.iter().all(|c| r.categories.contains(c)))
        .collect();
    kterm_shell::sort::sort_by(&mut rows, |a, b| {
        let key = |r: &ApiResource| match sort_by {
            "name" => r.name.clone(),
            "kind" => r.kind.clone(),
            _ => r.group.clone(),
        };
        key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
    });
    match output {
        "name" => {
            for r in &rows {
                let name = if r.group.is_empty() {
                    r.name.clone()
                } else {
                    format!("{}.{}", r.name, r.group)
                };
                ctx.stdout.line(&kterm_shell::sanitize::field(&name));
            }
        }
        "json" | "yaml" => {
            let mut doc = Map::new();
            doc.insert("kind".into(), json!("APIResourceList"));
            doc.insert("apiVersion".into(), json!("v1"));
            doc.insert("groupVersion".into(), json!(""));
            doc.insert(
                "resources".into(),
                Value::Array(rows.iter().map(as_json).collect()),
            );
            let doc = Value::Object(doc);
            let text = if output == "json" {
                format!("{}\n", go::json::indent_typed(&doc))
            } else {
                go::yaml::to_string(&doc)
            };
            ctx.stdout.write_str(&kterm_shell::sanitize::text(&text));
        }
        _ => {
            let wide = output == "wide";
            let mut table = Vec::new();
            if !f.has("no-headers") {
                let mut h = vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
                if wide {
                    h.extend(["VERBS", "CATEGORIES"]);
                }
                table.push(h.into_iter().map(String::from).collect());
            }
            for r in &rows {
                let mut line = vec![
                    r.name.clone(),
                    r.short_names.join(","),
                    api_version(r),
                    r.namespaced.to_string(),
                    r.kind.clone(),
                ];
                if wide {
                    line.push(r.verbs.join(","));
                    line.push(r.categories.join(","));
                }
                table.push(
                    line.iter()
                        .map(|c| table::cell(&json!(c)))
                        .collect::<Vec<_>>(),
                );
            }
            ctx.stdout.write_str(&table::tabwrite(&table));
        }
    }
    Ok(0)
}
