//! `helm get values RELEASE_NAME`: the values the user supplied, or with
//! `-a` the computed ones (the chart's defaults under them).

use kterm_shell::Ctx;

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{flag, revision, Kind, Parsed, OUTPUT};
use crate::output::{self, Format};
use crate::store::Store;
use crate::values::coalesce;

pub const SUB: Sub = Sub {
    path: "get values",
    aliases: &[],
    operands: "RELEASE_NAME",
    short: "download the values file for a named release",
    long: "
This command downloads a values file for a given release.
",
    flags: &[
        flag("all", Some('a'), Kind::Bool, "dump all (computed) values"),
        OUTPUT,
        revision("get the named release with revision"),
    ],
    args: Args::Exact(1),
    run: entry!(run),
};

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let store = Store::open(ctx, p).await?;
    let r = store.content(ctx, &p.args[0], p.int("revision", 0)).await?;
    let all = p.bool("all");
    let vals = if all {
        coalesce(&r.chart_values(), &r.config())
    } else {
        r.config()
    };
    let vals = kterm_kube::go::json::sorted(&vals);
    let text = match Format::of(p) {
        Format::Table => {
            let head = if all {
                "COMPUTED VALUES:\n"
            } else {
                "USER-SUPPLIED VALUES:\n"
            };
            format!("{head}{}", output::yaml(&vals))
        }
        Format::Json => output::json(&vals),
        Format::Yaml => output::yaml(&vals),
    };
    ctx.stdout.write_str(&text);
    Ok(0)
}
