//! `helm status RELEASE_NAME`: the release's last (or `--revision`)
//! record, as Helm's status printer shows it. The printer is shared with
//! `helm get all`, which adds the chart, the values, hooks and manifest.

use kterm_shell::Ctx;

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{flag, revision, Kind, Parsed, OUTPUT};
use crate::gotime::GoTime;
use crate::output::{self, Format};
use crate::release::Release;
use crate::store::Store;
use crate::values::coalesce;

pub const SUB: Sub = Sub {
    path: "status",
    aliases: &[],
    operands: "RELEASE_NAME",
    short: "display the status of the named release",
    long: "
This command shows the status of a named release.
The status consists of:
- last deployment time
- k8s namespace in which the release lives
- state of the release (can be: unknown, deployed, uninstalled, superseded, failed, uninstalling, pending-install, pending-upgrade or pending-rollback)
- revision of the release
- description of the release (can be completion message or error message, need to enable --show-desc)
- list of resources that this release consists of (need to enable --show-resources)
- details on last test suite run, if applicable
- additional notes provided by the chart
",
    flags: &[
        OUTPUT,
        revision("if set, display the status of the named release with revision"),
        flag("show-desc", None, Kind::Bool, "if set, display the description message of the named release"),
        flag("show-resources", None, Kind::Bool, "if set, display the resources of the named release"),
    ],
    args: Args::Exact(1),
    run: entry!(run),
};

/// What the status printer shows beyond the basics.
#[derive(Default)]
pub struct Show {
    /// `get all`: values, hooks and manifest.
    pub debug: bool,
    pub description: bool,
    /// `get all`: chart name and versions.
    pub metadata: bool,
}

/// Helm's `statusPrinter.WriteTable`.
pub fn table(r: &Release, show: &Show) -> String {
    let mut out = format!("NAME: {}\n", r.name());
    if let Some(t) = r.last_deployed() {
        out += &format!("LAST DEPLOYED: {}\n", t.ansic());
    }
    out += &format!("NAMESPACE: {}\n", r.namespace());
    out += &format!("STATUS: {}\n", r.status());
    out += &format!("REVISION: {}\n", r.version());
    if show.metadata {
        out += &format!("CHART: {}\n", r.chart_field("name"));
        out += &format!("VERSION: {}\n", r.chart_field("version"));
        out += &format!("APP_VERSION: {}\n", r.chart_field("appVersion"));
    }
    if show.description {
        out += &format!("DESCRIPTION: {}\n", r.description());
    }
    let hooks = r.hooks();
    let tests: Vec<_> = hooks
        .iter()
        .filter(|h| {
            h["events"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e == "test"))
        })
        .collect();
    if tests.is_empty() {
        out += "TEST SUITE: None\n";
    }
    for h in tests {
        let run = &h["last_run"];
        let time = |k: &str| run[k].as_str().and_then(GoTime::parse);
        let Some(started) = time("started_at") else {
            continue;
        };
        let completed = time("completed_at")
            .map_or_else(|| "Mon Jan  1 00:00:00 0001".to_string(), |t| t.ansic());
        out += &format!(
            "TEST SUITE:     {}\nLast Started:   {}\nLast Completed: {}\nPhase:          {}\n",
            h["name"].as_str().unwrap_or(""),
            started.ansic(),
            completed,
            run["phase"].as_str().unwrap_or("")
        );
    }
    if show.debug {
        out += "USER-SUPPLIED VALUES:\n";
        out += &output::yaml(&r.config());
        out += "\n";
        out += "COMPUTED VALUES:\n";
        out += &output::yaml(&kterm_kube::go::json::sorted(&coalesce(
            &r.chart_values(),
            &r.config(),
        )));
        out += "\n";
    }
    if r.description().eq_ignore_ascii_case("Dry run complete") || show.debug {
        out += "HOOKS:\n";
        for h in &hooks {
            out += &format!(
                "---\n# Source: {}\n{}\n",
                h["path"].as_str().unwrap_or(""),
                h["manifest"].as_str().unwrap_or("")
            );
        }
        out += &format!("MANIFEST:\n{}\n", r.manifest());
    }
    let notes = r.notes();
    if !notes.is_empty() {
        out += &format!("NOTES:\n{}\n", notes.trim());
    }
    out
}

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let store = Store::open(ctx, p).await?;
    let r = store.content(ctx, &p.args[0], p.int("revision", 0)).await?;
    let format = Format::of(p);
    if p.bool("show-resources") {
        return Err(HelmError::msg(
            "--show-resources is not available in this terminal; list the release's resources with kubectl (helm get manifest NAME shows which)",
        ));
    }
    let text = match format {
        Format::Table => table(
            &r,
            &Show {
                description: p.bool("show-desc"),
                ..Show::default()
            },
        ),
        Format::Json => output::json(&r.status_json()),
        Format::Yaml => output::yaml(&r.status_json()),
    };
    ctx.stdout.write_str(&text);
    Ok(0)
}
