//! `helm get all RELEASE_NAME`: the status printer with everything on:
//! chart, user-supplied and computed values, hooks, manifest and notes.

use kterm_shell::Ctx;

use super::status::{table, Show};
use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{flag, revision, Kind, Parsed};
use crate::store::Store;

pub const SUB: Sub = Sub {
    path: "get all",
    aliases: &[],
    operands: "RELEASE_NAME",
    short: "download all information for a named release",
    long: "
This command prints a human readable collection of information about the
notes, hooks, supplied values, and generated manifest file of the given release.
",
    flags: &[
        revision("get the named release with revision"),
        flag(
            "template",
            None,
            Kind::Str,
            "go template for formatting the output, eg: {{.Release.Name}}",
        ),
    ],
    args: Args::Exact(1),
    run: entry!(run),
};

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    if p.get("template").is_some_and(|t| !t.is_empty()) {
        return Err(HelmError::msg(
            "--template is not available in this terminal: it needs Go's template engine; use helm status NAME -o json | jq instead",
        ));
    }
    let store = Store::open(ctx, p).await?;
    let r = store.content(ctx, &p.args[0], p.int("revision", 0)).await?;
    let show = Show {
        debug: true,
        metadata: true,
        ..Show::default()
    };
    ctx.stdout.write_str(&table(&r, &show));
    Ok(0)
}
