//! `kubectl annotate`: `label`'s sibling for `metadata.annotations`
//! (same arguments, `--overwrite`, `k-` removals; prints `annotated`).

use kterm_shell::Ctx;

use crate::cli::Invocation;
use crate::error::KubeError;

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    super::label::run_meta(ctx, inv, args, "annotate").await
}
