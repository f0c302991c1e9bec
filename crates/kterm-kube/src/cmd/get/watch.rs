//! `kubectl get -w` / `--watch-only`: the current objects (unless
//! watch-only), then one printed row or object per watch event until
//! Ctrl-C (status 1, as kubectl's interrupt handler exits) or the server
//! ends the stream (kubectl then exits 0 silently).
//!
//! As kubectl (get.go `watch`): one resource type only; a list is watched
//! from its resourceVersion, a named object with
//! `fieldSelector=metadata.name=X&resourceVersion=0` whose first
//! (synthetic ADDED) event is not printed; the same Table Accept header,
//! so events carry Tables whose columns come only with the first one;
//! one tabwriter whose column widths only grow; headers once.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::human::Layout;
use super::{Get, Output};
use crate::discovery::ApiResource;
use crate::error::KubeError;
use crate::go::url::query_escape;
use crate::print::table::TabWriter;
use crate::{api, go, print::columns};

/// What has been printed so far, which decides headers and separators.
struct Printer<'g> {
    g: &'g Get,
    r: &'g ApiResource,
    tab: TabWriter,
    layout: Option<Layout>,
    defs: Vec<Value>,
    printed_headers: bool,
    printed_objects: usize,
    events: bool,
}

impl Printer<'_> {
    /// A Table (the first list, or one event's row) as rows.
    fn table(&mut self, ctx: &mut Ctx<'_>, table: &Value, event: &str) {
        let defs = table["columnDefinitions"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if !defs.is_empty() && defs != self.defs {
            let with_kind = self.g.f.has("show-kind");
            self.layout = Some(Layout::new(self.g, self.r, &defs, with_kind));
            self.defs = defs;
            self.printed_headers = false;
        }
        let Some(layout) = &self.layout else {
            return;
        };
        let rows = table["rows"].as_array().cloned().unwrap_or_default();
        if rows.is_empty() {
            return;
        }
        let mut lines = Vec::new();
        if !self.printed_headers && !self.g.f.has("no-headers") {
            let mut h = layout.header.clone();
            if self.events {
                h.insert(0, "EVENT".into());
            }
            lines.push(h);
        }
        self.printed_headers = true;
        for row in &rows {
            let mut line = layout.row(row);
            if self.events {
                line.insert(0, format!("{event:<8}"));
            }
            lines.push(line);
        }
        ctx.stdout.write_str(&self.tab.write(&lines));
    }

    /// One object through a generic printer.
    fn object(&mut self, ctx: &mut Ctx<'_>, obj: &Value) -> Result<(), KubeError> {
        let obj = &super::generic::without_managed_fields(obj.clone());
        let first = self.printed_objects == 0;
        self.printed_objects += 1;
        let clean = |s: String| kterm_shell::sanitize::text(&s);
        match &self.g.out {
            Output::Human { .. } => {}
            Output::Name => {
                let kind = obj["kind"].as_str().unwrap_or("").to_lowercase();
                let group = obj["apiVersion"]
                    .as_str()
                    .and_then(|a| a.split_once('/'))
                    .map(|(g, _)| format!(".{g}"))
                    .unwrap_or_default();
                let name =
                    kterm_shell::sanitize::field(obj["metadata"]["name"].as_str().unwrap_or(""));
                ctx.stdout.line(&format!("{kind}{group}/{name}"));
            }
            Output::Json => ctx.stdout.line(&clean(go::json::indent(obj, 4))),
            Output::Yaml => {
                if !first {
                    ctx.stdout.write_str("---\n");
                }
                let y = crate::go::yaml::to_string(obj);
                ctx.stdout.write_str(&clean(y));
            }
            Output::JsonPath { path, raw, as_json } => {
                let text = if *as_json {
                    path.print_json(obj)
                } else {
                    path.print(obj)
                };
                let text = text.map_err(|e| {
                    KubeError::Client(clean(format!(
                        "error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{raw}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
                        go::fmt::quote(raw),
                        go::fmt::sharp(obj)
                    )))
                })?;
                ctx.stdout.write_str(&clean(text));
            }
            Output::Columns(cols) => {
                let mut lines = Vec::new();
                if first && !self.g.f.has("no-headers") {
                    lines.push(cols.iter().map(|c| c.header.clone()).collect());
                }
                lines.push(columns::row(cols, obj).map_err(KubeError::Client)?);
                ctx.stdout.write_str(&self.tab.write(&lines));
            }
        }
        Ok(())
    }

    fn print(&mut self, ctx: &mut Ctx<'_>, obj: &Value, event: &str) -> Result<(), KubeError> {
        if matches!(self.g.out, Output::Human { .. }) {
            self.table(ctx, obj, event);
            Ok(())
        } else {
            self.object(ctx, obj)
        }
    }
}

/// The table kubectl's printer makes of a `kind: Status`.
fn status_table(status: &Value) -> Value {
    let col = |name: &str| json!({"name": name, "type": "string", "format": "", "description": "", "priority": 0});
    json!({
        "columnDefinitions": [col("Status"), col("Reason"), col("Message")],
        "rows": [{"cells": [status["status"], status["reason"], status["message"]], "object": {"metadata": {}}}],
    })
}

fn request(g: &Get, path: &str, human: bool) -> kterm_http::Request {
    let mut req = api::request(&g.t, "GET", path);
    if human {
        req.headers.retain(|(k, _)| k != "Accept");
        req = req.header("Accept", api::TABLE_ACCEPT);
    }
    req
}

pub async fn run(ctx: &mut Ctx<'_>, g: &Get) -> Result<i32, KubeError> {
    let [(r, names)] = g.kinds.as_slice() else {
        return Err(KubeError::Client(
            "you may only specify a single resource type".into(),
        ));
    };
    if names.len() > 1 {
        return Err(KubeError::Client(format!("watch is only supported on individual resources and resource collections, but {} resources were found", names.len())));
    }
    let only = g.f.has("watch-only");
    if g.f.has("sort-by") {
        ctx.stderr.line(if only {
            "warning: --watch-only requested, --sort-by will be ignored"
        } else {
            "warning: --watch requested, --sort-by will be ignored for watch events received"
        });
    }
    let human = matches!(g.out, Output::Human { .. });
    let mut p = Printer {
        g,
        r,
        tab: TabWriter::default(),
        layout: None,
        defs: Vec::new(),
        printed_headers: false,
        printed_objects: 0,
        events: g.f.has("output-watch-events"),
    };
    let api_version = if r.group.is_empty() {
        r.version.clone()
    } else {
        format!("{}/{}", r.group, r.version)
    };
    let mut query = g.selectors();
    let mut skip_first = false;
    let base;
    if let Some(name) = names.first() {
        base = r.collection(Some(&g.t.namespace));
        let what = format!("{} {name}", r.name);
        let obj = api::get_json(
            ctx,
            &g.t,
            request(g, &format!("{base}/{name}"), human),
            "get",
            &what,
        )
        .await?;
        if !only {
            p.print(ctx, &obj, "ADDED")?;
        }
        query = vec![
            format!(
                "fieldSelector={}",
                query_escape(&format!("metadata.name={name}"))
            ),
            "resourceVersion=0".into(),
        ];
        skip_first = true;
    } else {
        base = r.collection(g.namespace());
        let mut q = query.clone();
        q.insert(0, "limit=500".into());
        let list = api::get_json(
            ctx,
            &g.t,
            request(g, &format!("{base}?{}", q.join("&")), human),
            "get",
            &r.name,
        )
        .await?;
        let rv = list["metadata"]["resourceVersion"]
            .as_str()
            .unwrap_or("0")
            .to_string();
        if !only {
            if human {
                p.table(ctx, &list, "ADDED");
            } else {
                for mut item in list["items"].as_array().cloned().unwrap_or_default() {
                    item["apiVersion"] = json!(api_version);
                    item["kind"] = json!(r.kind);
                    p.object(ctx, &item)?;
                }
            }
        }
        query.push(format!("resourceVersion={rv}"));
    }
    query.push("watch=true".into());
    let path = format!("{base}?{}", query.join("&"));
    let resp = api::open(ctx, &g.t, request(g, &path, human), "watch", &r.name).await?;
    // From here on Ctrl-C ends with status 1 (kubectl's interrupt handler
    // is installed once the watch is open; before, SIGINT kills it: 130).
    // kubectl logs the watch's response (`-v=6`) at this moment, not with
    // the first event: an empty write hands the queued lines to stderr.
    ctx.stderr.write(&[]);
    let mut events = api::Events::new(resp);
    loop {
        let ev = match events.next(ctx).await {
            // kubectl's interrupt handler exits with status 1 on Ctrl-C.
            Err(KubeError::Cancelled) => return Ok(1),
            Err(e) => return Err(e),
            Ok(None) => return Ok(0),
            Ok(Some(ev)) => ev,
        };
        let kind = ev["type"].as_str().unwrap_or("");
        match kind {
            "BOOKMARK" => continue,
            // kubectl prints the Status like any object (a STATUS,
            // REASON, MESSAGE table) and goes on until the stream ends.
            "ERROR" if human => p.table(ctx, &status_table(&ev["object"]), kind),
            "ERROR" => p.object(ctx, &ev["object"])?,
            _ if skip_first => skip_first = false,
            _ => p.print(ctx, &ev["object"], kind)?,
        }
    }
}
