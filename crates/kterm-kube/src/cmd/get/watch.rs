//! `kubectl get -w` (placeholder, filled in below).

use kterm_shell::Ctx;

use super::Get;
use crate::error::KubeError;

pub async fn run(_ctx: &mut Ctx<'_>, _g: &Get) -> Result<i32, KubeError> {
    Err(KubeError::Client("watch is not implemented yet".into()))
}
