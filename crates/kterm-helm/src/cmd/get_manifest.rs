//! `helm get manifest RELEASE_NAME`: the rendered manifest the release
//! applied.

use kterm_shell::Ctx;

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{revision, Parsed};
use crate::store::Store;

pub const SUB: Sub = Sub {
    path: "get manifest",
    aliases: &[],
    operands: "RELEASE_NAME",
    short: "download the manifest for a named release",
    long: "
This command fetches the generated manifest for a given release.

A manifest is a YAML-encoded representation of the Kubernetes resources that
were generated from this release's chart(s). If a chart is dependent on other
charts, those resources will also be included in the manifest.
",
    flags: &[revision("get the named release with revision")],
    args: Args::Exact(1),
    run: entry!(run),
};

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let store = Store::open(ctx, p).await?;
    let r = store.content(ctx, &p.args[0], p.int("revision", 0)).await?;
    ctx.stdout.write_str(&format!("{}\n", r.manifest()));
    Ok(0)
}
