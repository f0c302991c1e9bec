//! `helm history RELEASE_NAME`: the release's revisions, oldest first,
//! the last `--max` of them.

use kterm_shell::Ctx;
use serde_json::{json, Value};

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{flag, Kind, Parsed, OUTPUT};
use crate::output::{self, Format};
use crate::release::{valid_name, Release};
use crate::store::Store;
use crate::table::Table;

pub const SUB: Sub = Sub {
    path: "history",
    aliases: &["hist"],
    operands: "RELEASE_NAME",
    short: "fetch release history",
    long: "
History prints historical revisions for a given release.

A default maximum of 256 revisions will be returned. Setting '--max'
configures the maximum length of the revision list returned.

The historical release set is printed as a formatted table, e.g:

    $ helm history angry-bird
    REVISION    UPDATED                     STATUS          CHART             APP VERSION     DESCRIPTION
    1           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Initial install
    2           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Upgraded successfully
    3           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Rolled back to 2
    4           Mon Oct 3 10:15:13 2016     deployed        alpine-0.1.0      1.0             Upgraded successfully
",
    flags: &[
        flag("max", None, Kind::Int, "maximum number of revision to include in history (default 256)"),
        OUTPUT,
    ],
    args: Args::Exact(1),
    run: entry!(run),
};

/// Go's zero time in `time.ANSIC`, what a revision without a deployment
/// time shows.
const ZERO_ANSIC: &str = "Mon Jan  1 00:00:00 0001";

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let store = Store::open(ctx, p).await?;
    let name = &p.args[0];
    if !valid_name(name) {
        return Err(HelmError::msg(format!("release name is invalid: {name}")));
    }
    let hist = store.history(ctx, name).await?;
    ctx.stdout.write_str(&print(hist, p));
    Ok(0)
}

/// What `helm history` prints for a release's records.
pub fn print(mut hist: Vec<Release>, p: &Parsed) -> String {
    kterm_shell::sort::sort_by_key(&mut hist, |r| std::cmp::Reverse(r.version()));
    let max = p.int("max", 256).max(0) as usize;
    hist.truncate(max);
    hist.reverse();
    let format = Format::of(p);
    match format {
        Format::Table => {
            let mut t = Table::new();
            t.row([
                "REVISION",
                "UPDATED",
                "STATUS",
                "CHART",
                "APP VERSION",
                "DESCRIPTION",
            ]);
            for r in &hist {
                t.row([
                    r.version().to_string(),
                    r.last_deployed()
                        .map_or_else(|| ZERO_ANSIC.to_string(), |t| t.ansic()),
                    r.status(),
                    r.chart_label(),
                    r.app_version(),
                    r.description(),
                ]);
            }
            t.render()
        }
        Format::Json | Format::Yaml => {
            let rows: Vec<Value> = hist
                .iter()
                .map(|r| {
                    json!({
                        "revision": r.version(),
                        "updated": r.last_deployed().map(|t| t.rfc3339()).unwrap_or_default(),
                        "status": r.status(),
                        "chart": r.chart_label(),
                        "app_version": r.app_version(),
                        "description": r.description(),
                    })
                })
                .collect();
            let v = Value::Array(rows);
            if format == Format::Json {
                output::json(&v)
            } else {
                output::yaml(&v)
            }
        }
    }
}
