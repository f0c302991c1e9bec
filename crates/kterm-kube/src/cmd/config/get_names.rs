//! `kubectl config get-clusters` and `get-users`: a NAME column.
//! (kubectl prints clusters in Go map order, which varies run to run;
//! kterm sorts them, as kubectl sorts users.)

use crate::cli::Invocation;
use kterm_shell::Ctx;

use super::doc;
use crate::error::KubeError;

pub fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
    sub: &str,
    section: &str,
) -> Result<i32, KubeError> {
    let (_, loaded) = super::open(inv, sub, args, &[])?;
    ctx.stdout.line("NAME");
    for n in doc::names(&loaded.config, section) {
        ctx.stdout.line(&kterm_shell::sanitize::field(&n));
    }
    Ok(0)
}
