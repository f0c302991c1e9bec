//! `helm get hooks RELEASE_NAME`: the release's hook manifests, each
//! after a `---` and its source.

use kterm_shell::Ctx;

use super::{entry, Args, Sub};
use crate::error::HelmError;
use crate::flags::{revision, Parsed};
use crate::store::Store;

pub const SUB: Sub = Sub {
    path: "get hooks",
    aliases: &[],
    operands: "RELEASE_NAME",
    short: "download all hooks for a named release",
    long: "
This command downloads hooks for a given release.

Hooks are formatted in YAML and separated by the YAML '---\\n' separator.
",
    flags: &[revision("get the named release with revision")],
    args: Args::Exact(1),
    run: entry!(run),
};

pub async fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<i32, HelmError> {
    let store = Store::open(ctx, p).await?;
    let r = store.content(ctx, &p.args[0], p.int("revision", 0)).await?;
    let mut out = String::new();
    for h in r.hooks() {
        out += &format!(
            "---\n# Source: {}\n{}\n",
            h["path"].as_str().unwrap_or(""),
            h["manifest"].as_str().unwrap_or("")
        );
    }
    ctx.stdout.write_str(&out);
    Ok(0)
}
