//! `helm get notes RELEASE_NAME`: the chart's rendered NOTES.txt.

use kterm_shell::Ctx;

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{revision, Parsed};
use crate::store::Store;

pub const SUB: Sub = Sub {
    path: "get notes",
    aliases: &[],
    operands: "RELEASE_NAME",
    short: "download the notes for a named release",
    long: "
This command shows notes provided by the chart of a named release.
",
    flags: &[revision("get the named release with revision")],
    args: Args::Exact(1),
    run: entry!(run),
};

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let store = Store::open(ctx, p).await?;
    let r = store.content(ctx, &p.args[0], p.int("revision", 0)).await?;
    let notes = r.notes();
    if !notes.is_empty() {
        ctx.stdout.write_str(&format!("NOTES:\n{notes}\n"));
    }
    Ok(0)
}
