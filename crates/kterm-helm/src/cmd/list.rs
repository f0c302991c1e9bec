//! `helm list`: the latest revision of each release in the namespace (or
//! all of them with `-A`), filtered by state, name and labels, sorted
//! and paged as Helm's `action.List` does.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{flag, Kind, Parsed, OUTPUT};
use crate::output::{self, Format};
use crate::release::Release;
use crate::store::Store;
use crate::table::Table;

pub const SUB: Sub = Sub {
    path: "list",
    aliases: &["ls"],
    operands: "",
    short: "list releases",
    long: "
This command lists all of the releases for a specified namespace (uses current namespace context if namespace not specified).

By default, it lists only releases that are deployed or failed. Flags like
'--uninstalled' and '--all' will alter this behavior. Such flags can be combined:
'--uninstalled --failed'.

By default, items are sorted alphabetically. Use the '-d' flag to sort by
release date.

If the --filter flag is provided, it will be treated as a filter. Filters are
regular expressions (Perl compatible) that are applied to the list of releases.
Only items that match the filter will be returned.

    $ helm list --filter 'ara[a-z]+'
    NAME                UPDATED                                  CHART
    maudlin-arachnid    2020-06-18 14:17:46.125134977 +0000 UTC  alpine-0.1.0

If no results are found, 'helm list' will exit 0, but with no output (or in
the case of no '-q' flag, only headers).

By default, up to 256 items may be returned. To limit this, use the '--max' flag.
Setting '--max' to 0 will not return all results. Rather, it will return the
server's default, which may be much higher than 256. Pairing the '--max'
flag with the '--offset' flag allows you to page through results.
",
    flags: &[
        flag("all", Some('a'), Kind::Bool, "show all releases without any filter applied"),
        flag("all-namespaces", Some('A'), Kind::Bool, "list releases across all namespaces"),
        flag("date", Some('d'), Kind::Bool, "sort by release date"),
        flag("deployed", None, Kind::Bool, "show deployed releases. If no other is specified, this will be automatically enabled"),
        flag("failed", None, Kind::Bool, "show failed releases"),
        flag("filter", Some('f'), Kind::Str, "a regular expression (Perl compatible). Any releases that match the expression will be included in the results"),
        flag("max", Some('m'), Kind::Int, "maximum number of releases to fetch (default 256)"),
        flag("no-headers", None, Kind::Bool, "don't print headers when using the default output format"),
        flag("offset", None, Kind::Int, "next release index in the list, used to offset from start value"),
        OUTPUT,
        flag("pending", None, Kind::Bool, "show pending releases"),
        flag("reverse", Some('r'), Kind::Bool, "reverse the sort order"),
        flag("selector", Some('l'), Kind::Str, "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Works only for secret(default) and configmap storage backends."),
        flag("short", Some('q'), Kind::Bool, "output short (quiet) listing format"),
        flag("superseded", None, Kind::Bool, "show superseded releases"),
        flag("time-format", None, Kind::Str, "format time using golang time formatter. Example: --time-format \"2006-01-02 15:04:05Z0700\""),
        flag("uninstalled", None, Kind::Bool, "show uninstalled releases (if 'helm uninstall --keep-history' was used)"),
        flag("uninstalling", None, Kind::Bool, "show releases that are currently being uninstalled"),
    ],
    args: Args::None,
    run: entry!(run),
};

/// The states `--deployed`, `--failed`… select (`SetStateMask`).
fn states(p: &Parsed) -> Vec<&'static str> {
    const ALL: &[&str] = &[
        "deployed",
        "uninstalled",
        "uninstalling",
        "pending-install",
        "pending-upgrade",
        "pending-rollback",
        "superseded",
        "failed",
    ];
    if p.bool("all") {
        return ALL.to_vec();
    }
    let mut s = Vec::new();
    for (flag, names) in [
        ("deployed", &["deployed"][..]),
        ("uninstalled", &["uninstalled"]),
        ("uninstalling", &["uninstalling"]),
        (
            "pending",
            &["pending-install", "pending-rollback", "pending-upgrade"],
        ),
        ("failed", &["failed"]),
        ("superseded", &["superseded"]),
    ] {
        if p.bool(flag) {
            s.extend_from_slice(names);
        }
    }
    if s.is_empty() {
        s = vec!["deployed", "failed"];
    }
    s
}

/// One requirement of `-l` (`key=value`, `key==value`, `key!=value`).
fn selector(text: &str) -> Result<Vec<(String, bool, String)>, HelmError> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, eq, v) = if let Some((k, v)) = part.split_once("!=") {
            (k, false, v)
        } else if let Some((k, v)) = part.split_once("==") {
            (k, true, v)
        } else if let Some((k, v)) = part.split_once('=') {
            (k, true, v)
        } else {
            return Err(HelmError::msg(format!(
                "unable to parse requirement: found '{part}', expected: '=', '!=', '==', 'in', notin'"
            )));
        };
        out.push((k.trim().to_string(), eq, v.trim().to_string()));
    }
    Ok(out)
}

fn matches(r: &Release, sel: &[(String, bool, String)]) -> bool {
    sel.iter().all(|(k, eq, v)| {
        let has = r.labels.get(k).and_then(Value::as_str) == Some(v.as_str());
        has == *eq
    })
}

/// The releases `helm list` shows, in its order (`action.List.Run`).
fn select(mut rels: Vec<Release>, p: &Parsed) -> Result<Vec<Release>, HelmError> {
    let states = states(p);
    if states != ["superseded"] {
        // The latest revision of each release.
        let mut latest: Vec<Release> = Vec::new();
        for r in rels {
            match latest
                .iter_mut()
                .find(|l| l.name() == r.name() && l.namespace() == r.namespace())
            {
                Some(l) if l.version() > r.version() => {}
                Some(l) => *l = r,
                None => latest.push(r),
            }
        }
        rels = latest;
    }
    rels.retain(|r| states.contains(&r.status().as_str()));
    let sel = selector(p.get("selector").unwrap_or(""))?;
    rels.retain(|r| matches(r, &sel));
    let by_date = |a: &Release, b: &Release| {
        let t = |r: &Release| r.last_deployed().map_or(i64::MIN, |t| t.unix());
        t(a).cmp(&t(b))
    };
    match (p.bool("date"), p.bool("reverse")) {
        (true, false) => kterm_shell::sort::sort_by(&mut rels, by_date),
        (true, true) => {
            kterm_shell::sort::sort_by(&mut rels, by_date);
            rels.reverse();
        }
        (false, true) => {
            kterm_shell::sort::sort_by_key(&mut rels, Release::name);
            rels.reverse();
        }
        (false, false) => kterm_shell::sort::sort_by_key(&mut rels, Release::name),
    }
    let offset = p.int("offset", 0).max(0) as usize;
    if offset >= rels.len() {
        return Ok(Vec::new());
    }
    let limit = match p.int("max", 256) {
        n if n > 0 && (n as usize) < rels.len() => n as usize,
        _ => rels.len(),
    };
    let end = (offset + limit).min(rels.len());
    Ok(rels.drain(offset..end).collect())
}

/// The UPDATED column: `Time.String()`, a `--time-format` layout, or `-`.
fn updated(r: &Release, layout: Option<&str>) -> String {
    match (r.last_deployed(), layout) {
        (None, _) => "-".into(),
        (Some(t), Some(l)) if !l.is_empty() => t.format(l),
        (Some(t), _) => t.string(),
    }
}

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let store = Store::open(ctx, p).await?;
    let rels = store.list(ctx, p.bool("all-namespaces")).await?;
    let text = print(rels, p)?;
    ctx.stdout.write_str(&text);
    Ok(0)
}

/// What `helm list` prints for the release records storage gave.
pub fn print(mut rels: Vec<Release>, p: &Parsed) -> Result<String, HelmError> {
    if let Some(f) = p.get("filter").filter(|f| !f.is_empty()) {
        let f = crate::goregex::translate(f).map_err(HelmError::Msg)?;
        let re = regex_lite::Regex::new(&f)
            .map_err(|e| HelmError::msg(format!("error parsing regexp: {e}")))?;
        rels.retain(|r| re.is_match(&r.name()));
    }
    let rels = select(rels, p)?;
    let format = Format::of(p);
    if p.bool("short") {
        let names: Vec<String> = rels.iter().map(Release::name).collect();
        return Ok(match format {
            Format::Json => output::json(&json!(names)),
            Format::Yaml => output::yaml(&json!(names)),
            Format::Table => names.iter().map(|n| format!("{n}\n")).collect(),
        });
    }
    let layout = p.get("time-format");
    let rows: Vec<[String; 7]> = rels
        .iter()
        .map(|r| {
            [
                r.name(),
                r.namespace(),
                r.version().to_string(),
                updated(r, layout),
                r.status(),
                r.chart_label(),
                r.app_version(),
            ]
        })
        .collect();
    let text = match format {
        Format::Table => {
            let mut t = Table::new();
            if !p.bool("no-headers") {
                t.row([
                    "NAME",
                    "NAMESPACE",
                    "REVISION",
                    "UPDATED",
                    "STATUS",
                    "CHART",
                    "APP VERSION",
                ]);
            }
            for r in &rows {
                t.row(r.iter().cloned());
            }
            t.render()
        }
        Format::Json | Format::Yaml => {
            let v: Vec<Value> = rows
                .iter()
                .map(|[name, ns, rev, up, status, chart, app]| {
                    json!({"name": name, "namespace": ns, "revision": rev, "updated": up, "status": status, "chart": chart, "app_version": app})
                })
                .collect();
            if format == Format::Json {
                output::json(&Value::Array(v))
            } else {
                output::yaml(&Value::Array(v))
            }
        }
    };
    Ok(text)
}
