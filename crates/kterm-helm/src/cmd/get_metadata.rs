//! `helm get metadata RELEASE_NAME`: the release's chart, versions,
//! annotations, dependencies and deployment, as Helm's `action.Metadata`.

use kterm_shell::Ctx;
use serde_json::{json, Map, Value};

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{revision, Parsed, OUTPUT};
use crate::output::{self, Format};
use crate::release::Release;
use crate::store::Store;

pub const SUB: Sub = Sub {
    path: "get metadata",
    aliases: &[],
    operands: "RELEASE_NAME",
    short: "This command fetches metadata for a given release",
    long: "This command fetches metadata for a given release\n",
    flags: &[OUTPUT, revision("specify release revision")],
    args: Args::Exact(1),
    run: entry!(run),
};

/// A chart dependency in the field order of Helm's `chart.Dependency`,
/// its `omitempty` fields left out when empty.
fn dependency(d: &Value) -> Value {
    let text = |k: &str| d[k].as_str().is_some_and(|s| !s.is_empty());
    let list = |k: &str| d[k].as_array().is_some_and(|a| !a.is_empty());
    let mut m = Map::new();
    m.insert("name".into(), json!(d["name"].as_str().unwrap_or("")));
    if text("version") {
        m.insert("version".into(), d["version"].clone());
    }
    m.insert(
        "repository".into(),
        json!(d["repository"].as_str().unwrap_or("")),
    );
    for (k, keep) in [
        ("condition", text("condition")),
        ("tags", list("tags")),
        ("enabled", d["enabled"] == json!(true)),
        ("import-values", list("import-values")),
        ("alias", text("alias")),
    ] {
        if keep {
            m.insert(k.into(), d[k].clone());
        }
    }
    Value::Object(m)
}

/// The metadata as `-o json|yaml` encodes it.
pub fn metadata(r: &Release) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(r.name()));
    m.insert("chart".into(), json!(r.chart_field("name")));
    m.insert("version".into(), json!(r.chart_field("version")));
    m.insert("appVersion".into(), json!(r.chart_field("appVersion")));
    let annotations = r.chart_metadata("annotations");
    if annotations.as_object().is_some_and(|a| !a.is_empty()) {
        m.insert(
            "annotations".into(),
            kterm_kube::go::json::sorted(&annotations),
        );
    }
    if let Some(deps) = r
        .chart_metadata("dependencies")
        .as_array()
        .filter(|d| !d.is_empty())
    {
        m.insert(
            "dependencies".into(),
            Value::Array(deps.iter().map(dependency).collect()),
        );
    }
    m.insert("namespace".into(), json!(r.namespace()));
    m.insert("revision".into(), json!(r.version()));
    m.insert("status".into(), json!(r.status()));
    m.insert("deployedAt".into(), json!(deployed_at(r)));
    Value::Object(m)
}

/// `LastDeployed.Format(time.RFC3339)` (Go's zero time without one).
fn deployed_at(r: &Release) -> String {
    r.last_deployed().map_or_else(
        || "0001-01-01T00:00:00Z".to_string(),
        |t| t.format("2006-01-02T15:04:05Z07:00"),
    )
}

/// Helm's `metadataWriter.WriteTable`.
pub fn table(r: &Release) -> String {
    let annotations = r.chart_metadata("annotations");
    let mut pairs: Vec<String> = annotations
        .as_object()
        .map(|a| {
            a.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    kterm_shell::sort::sort(&mut pairs);
    let mut deps: Vec<String> = r
        .chart_metadata("dependencies")
        .as_array()
        .map(|d| {
            d.iter()
                .map(|d| d["name"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    kterm_shell::sort::sort(&mut deps);
    format!(
        "NAME: {}\nCHART: {}\nVERSION: {}\nAPP_VERSION: {}\nANNOTATIONS: {}\nDEPENDENCIES: {}\nNAMESPACE: {}\nREVISION: {}\nSTATUS: {}\nDEPLOYED_AT: {}\n",
        r.name(),
        r.chart_field("name"),
        r.chart_field("version"),
        r.chart_field("appVersion"),
        pairs.join(","),
        deps.join(","),
        r.namespace(),
        r.version(),
        r.status(),
        deployed_at(r)
    )
}

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let store = Store::open(ctx, p).await?;
    let r = store.content(ctx, &p.args[0], p.int("revision", 0)).await?;
    let text = match Format::of(p) {
        Format::Table => table(&r),
        Format::Json => output::json(&metadata(&r)),
        Format::Yaml => output::yaml(&metadata(&r)),
    };
    ctx.stdout.write_str(&text);
    Ok(0)
}
