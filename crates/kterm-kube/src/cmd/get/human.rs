//! The human-readable `get`: the Table the server renders (server-side
//! printing), one block per kind with a blank line between blocks, plus
//! the columns kubectl adds itself (NAMESPACE, `-L`, LABELS) and the
//! `kind/` prefix when several kinds are printed or `--show-kind`.

use kterm_shell::Ctx;
use serde::Deserialize;
use serde_json::Value;

use super::{Get, Output};
use crate::discovery::ApiResource;
use crate::error::KubeError;
use crate::go::url::query_escape;
use crate::{api, print::columns, print::table};

/// A Table as `get` prints it. Decoding straight into this keeps, of
/// each row's object, only the metadata kubectl adds columns from: the
/// rest (managedFields, uids, owners…) is most of a big listing's bytes
/// and was most of its decoding time in the browser.
#[derive(Deserialize, Default)]
pub(crate) struct Table {
    #[serde(default)]
    metadata: Value,
    #[serde(rename = "columnDefinitions", default)]
    defs: Vec<Value>,
    #[serde(default)]
    rows: Vec<Row>,
}

#[derive(Deserialize, Default)]
struct Row {
    #[serde(default)]
    cells: Vec<Value>,
    #[serde(default)]
    object: RowObject,
}

#[derive(Deserialize, Default)]
struct RowObject {
    #[serde(default)]
    metadata: RowMeta,
}

#[derive(Deserialize, Default)]
struct RowMeta {
    #[serde(default)]
    namespace: Value,
    #[serde(default)]
    labels: Value,
}

/// Fetches the Table(s) for one kind: every page of the list (following
/// `continue`, as kubectl's chunked list does) or each named object. A
/// named object the server refuses (not found, forbidden) goes to `errs`
/// and the others are still printed, as kubectl continues on error.
/// With `--sort-by` the rows carry whole objects and are sorted here.
pub(crate) async fn tables(
    ctx: &mut Ctx<'_>,
    g: &Get,
    r: &ApiResource,
    names: &[String],
    errs: &mut Vec<KubeError>,
) -> Result<Vec<Table>, KubeError> {
    let Some(field) = g.f.value("sort-by") else {
        return pages(ctx, g, r, names, errs).await;
    };
    let mut out = Vec::new();
    for mut table in pages::<Value>(ctx, g, r, names, errs).await? {
        let rows = match table["rows"].take() {
            Value::Array(rows) => rows,
            _ => Vec::new(),
        };
        // No row has the field: kubectl prints nothing for the kind.
        let Some(rows) = sorted_rows(rows, field)? else {
            continue;
        };
        table["rows"] = Value::Array(rows);
        out.push(serde_json::from_value(table).unwrap_or_default());
    }
    Ok(out)
}

/// What a page of a chunked list says about the next one.
trait Paged: serde::de::DeserializeOwned {
    fn continue_token(&self) -> &str;
}

impl Paged for Value {
    fn continue_token(&self) -> &str {
        self["metadata"]["continue"].as_str().unwrap_or("")
    }
}

impl Paged for Table {
    fn continue_token(&self) -> &str {
        self.metadata["continue"].as_str().unwrap_or("")
    }
}

/// The query of a list request (before its `continue`).
fn list_query(g: &Get) -> Vec<String> {
    let mut query = g.selectors();
    if g.f.has("sort-by") {
        query.insert(0, "includeObject=Object".into());
    } else {
        query.insert(0, "limit=500".into());
    }
    query
}

async fn pages<T: Paged>(
    ctx: &mut Ctx<'_>,
    g: &Get,
    r: &ApiResource,
    names: &[String],
    errs: &mut Vec<KubeError>,
) -> Result<Vec<T>, KubeError> {
    let sorting = g.f.has("sort-by");
    let mut out = Vec::new();
    if !names.is_empty() {
        for n in names {
            let path = format!("{}/{n}", r.collection(Some(&g.t.namespace)));
            let path = if sorting {
                format!("{path}?includeObject=Object")
            } else {
                path
            };
            match fetch(ctx, g, &path, &format!("{} {n}", r.name)).await {
                Ok(t) => out.push(t),
                Err(e @ KubeError::Status { .. }) => errs.push(e),
                Err(e) => return Err(e),
            }
        }
        return Ok(out);
    }
    let query = list_query(g);
    let base = r.collection(g.namespace());
    let mut next = String::new();
    loop {
        let mut q = query.clone();
        if !next.is_empty() {
            q.push(format!("continue={}", query_escape(&next)));
        }
        let table: T = fetch(ctx, g, &format!("{base}?{}", q.join("&")), &r.name).await?;
        next = table.continue_token().to_string();
        out.push(table);
        if next.is_empty() {
            return Ok(out);
        }
    }
}

async fn fetch<T: Paged>(
    ctx: &mut Ctx<'_>,
    g: &Get,
    path: &str,
    what: &str,
) -> Result<T, KubeError> {
    let mut req = api::request(&g.t, "GET", path);
    req.headers.retain(|(k, _)| k != "Accept");
    req = req.header("Accept", api::TABLE_ACCEPT);
    api::get_as(ctx, &g.t, req, "get", what).await
}

/// How a kind's rows are laid out: which server columns, and what
/// kubectl adds.
pub(crate) struct Layout {
    keep: Vec<usize>,
    pub header: Vec<String>,
    namespace: bool,
    kind_prefix: Option<String>,
    label_keys: Vec<String>,
    show_labels: bool,
}

impl Layout {
    pub fn new(g: &Get, r: &ApiResource, defs: &[Value], with_kind: bool) -> Layout {
        let wide = matches!(g.out, Output::Human { wide: true });
        let keep: Vec<usize> = defs
            .iter()
            .enumerate()
            .filter(|(_, c)| wide || c["priority"].as_i64().unwrap_or(0) == 0)
            .map(|(i, _)| i)
            .collect();
        let namespace = g.all_ns && r.namespaced;
        let label_keys: Vec<String> =
            g.f.value("label-columns")
                .map(|l| {
                    l.split(',')
                        .filter(|k| !k.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
        let show_labels = g.f.has("show-labels");
        let mut header = Vec::new();
        if namespace {
            header.push("NAMESPACE".to_string());
        }
        header.extend(
            keep.iter()
                .map(|i| defs[*i]["name"].as_str().unwrap_or("").to_uppercase()),
        );
        for k in &label_keys {
            header.push(k.rsplit('/').next().unwrap_or(k).to_uppercase());
        }
        if show_labels {
            header.push("LABELS".into());
        }
        Layout {
            keep,
            header,
            namespace,
            kind_prefix: with_kind.then(|| r.kind_prefix()),
            label_keys,
            show_labels,
        }
    }

    /// One Table row as the printed cells.
    pub fn row(&self, row: &Value) -> Vec<String> {
        let meta = &row["object"]["metadata"];
        let cells = row["cells"].as_array().map_or(&[][..], Vec::as_slice);
        self.line(cells, &meta["namespace"], &meta["labels"])
    }

    fn line(&self, cells: &[Value], namespace: &Value, labels: &Value) -> Vec<String> {
        let mut line = Vec::new();
        if self.namespace {
            line.push(table::cell(namespace));
        }
        for (j, i) in self.keep.iter().enumerate() {
            let c = table::cell(cells.get(*i).unwrap_or(&Value::Null));
            match (&self.kind_prefix, j) {
                (Some(k), 0) => line.push(format!("{k}/{c}")),
                _ => line.push(c),
            }
        }
        for k in &self.label_keys {
            line.push(table::cell(&labels[k.as_str()]));
        }
        if self.show_labels {
            line.push(labels_of(labels));
        }
        line
    }
}

/// `labels.FormatLabels`: sorted `k=v,…`, or `<none>`.
fn labels_of(labels: &Value) -> String {
    let mut pairs: Vec<String> = labels
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    kterm_shell::sanitize::field(&format!("{k}={}", v.as_str().unwrap_or("")))
                })
                .collect()
        })
        .unwrap_or_default();
    kterm_shell::sort::sort(&mut pairs);
    if pairs.is_empty() {
        "<none>".into()
    } else {
        pairs.join(",")
    }
}

/// Sorts a table's rows by `--sort-by` over their full objects. `None`
/// when no row has the field: kubectl then prints nothing for the kind.
fn sorted_rows(rows: Vec<Value>, field: &str) -> Result<Option<Vec<Value>>, KubeError> {
    let objs: Vec<&Value> = rows.iter().map(|r| &r["object"]).collect();
    let (_, keys) = columns::sort_keys(field, &objs).map_err(KubeError::Client)?;
    if !rows.is_empty() && keys.iter().all(Option::is_none) {
        return Ok(None);
    }
    let order = columns::order(&keys).map_err(KubeError::Client)?;
    let mut rows: Vec<Option<Value>> = rows.into_iter().map(Some).collect();
    Ok(Some(
        order.into_iter().filter_map(|i| rows[i].take()).collect(),
    ))
}

/// Prints one kind's list page by page as the pages arrive (a column
/// keeps the width it was printed with and grows for a wider cell, as
/// `get -w` prints); whether it printed anything. A list of one page (up
/// to 500 objects) prints exactly as a whole list does.
async fn stream_kind(
    ctx: &mut Ctx<'_>,
    g: &Get,
    r: &ApiResource,
    with_kind: bool,
    printed_before: bool,
) -> Result<bool, KubeError> {
    let no_headers = g.f.has("no-headers");
    let base = r.collection(g.namespace());
    let query = list_query(g);
    let mut tab = table::TabWriter::default();
    let mut layout: Option<Layout> = None;
    let mut printed = false;
    let mut next = String::new();
    loop {
        let mut q = query.clone();
        if !next.is_empty() {
            q.push(format!("continue={}", query_escape(&next)));
        }
        let page: Table = fetch(ctx, g, &format!("{base}?{}", q.join("&")), &r.name).await?;
        next = page.continue_token().to_string();
        let layout = layout.get_or_insert_with(|| Layout::new(g, r, &page.defs, with_kind));
        let mut block = Vec::new();
        if !printed && !page.rows.is_empty() {
            if printed_before && !no_headers {
                ctx.stdout.line("");
            }
            if !no_headers {
                block.push(layout.header.clone());
            }
        }
        block.extend(page.rows.iter().map(|row| {
            let m = &row.object.metadata;
            layout.line(&row.cells, &m.namespace, &m.labels)
        }));
        if !page.rows.is_empty() {
            ctx.stdout.write_str(&tab.write(&block));
            printed = true;
        }
        if next.is_empty() {
            return Ok(printed);
        }
    }
}

pub async fn run(ctx: &mut Ctx<'_>, g: &Get) -> Result<i32, KubeError> {
    let with_kind = g.kinds.len() > 1 || g.f.has("show-kind");
    let no_headers = g.f.has("no-headers");
    let mut printed_any = false;
    let mut errs = Vec::new();
    // On the terminal a long list shows page by page, as it arrives.
    let stream = ctx.stdout_is_tty && !g.f.has("sort-by");
    for (r, names) in &g.kinds {
        if stream && names.is_empty() {
            let shown = stream_kind(ctx, g, r, with_kind, printed_any).await?;
            printed_any |= shown;
            continue;
        }
        let tables = tables(ctx, g, r, names, &mut errs).await?;
        let mut layout: Option<Layout> = None;
        let mut lines: Vec<Vec<String>> = Vec::new();
        for table in tables {
            let layout = layout.get_or_insert_with(|| Layout::new(g, r, &table.defs, with_kind));
            lines.extend(table.rows.iter().map(|row| {
                let m = &row.object.metadata;
                layout.line(&row.cells, &m.namespace, &m.labels)
            }));
        }
        let Some(layout) = layout.filter(|_| !lines.is_empty()) else {
            continue;
        };
        if printed_any && !no_headers {
            ctx.stdout.line("");
        }
        let mut block = Vec::with_capacity(lines.len() + 1);
        if !no_headers {
            block.push(layout.header);
        }
        block.extend(lines);
        ctx.stdout.write_str(&table::tabwrite(&block));
        printed_any = true;
    }
    let errs = g.reported(errs);
    if !errs.is_empty() {
        for e in errs {
            e.render(ctx);
        }
        return Ok(1);
    }
    if !printed_any && !g.f.has("ignore-not-found") {
        let all_namespaced = g.kinds.iter().all(|(r, _)| r.namespaced);
        if all_namespaced && !g.all_ns {
            ctx.stderr.line(&format!(
                "No resources found in {} namespace.",
                g.t.namespace
            ));
        } else {
            ctx.stderr.line("No resources found");
        }
    }
    Ok(0)
}
