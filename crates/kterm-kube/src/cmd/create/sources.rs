//! The data of a config map or secret from `--from-literal` and
//! `--from-file`.

use base64::Engine;
use kterm_shell::Ctx;
use serde_json::{json, Map, Value};

use crate::error::KubeError;
use crate::flags::{self, Flag};

pub(super) const FROM_LITERAL: Flag = Flag::value(
    "from-literal",
    None,
    "A key=value pair to store (repeatable)",
);

pub(super) const FROM_FILE: Flag = Flag::value(
    "from-file",
    None,
    "A file to store, under its name or key=path (repeatable)",
);

/// `--from-literal` and `--from-file` as data (base64 for secrets).
pub(super) fn sources(
    ctx: &Ctx<'_>,
    f: &flags::Parsed,
    secret: bool,
) -> Result<Map<String, Value>, KubeError> {
    let mut data = Map::new();
    let enc = |s: &[u8]| {
        if secret {
            base64::engine::general_purpose::STANDARD.encode(s)
        } else {
            String::from_utf8_lossy(s).into_owned()
        }
    };
    for lit in f.values("from-literal") {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(KubeError::Client(format!(
                "invalid literal source {lit}, expected key=value"
            )));
        };
        if data.contains_key(k) {
            return Err(KubeError::Client(format!(
                "cannot add key \"{k}\", another key by that name already exists in Data for ConfigMap \"\""
            )));
        }
        data.insert(k.to_string(), json!(enc(v.as_bytes())));
    }
    for src in f.values("from-file") {
        let (key, path) = match src.split_once('=') {
            Some((k, p)) => (k.to_string(), p.to_string()),
            None => (
                src.rsplit('/').next().unwrap_or(&src).to_string(),
                src.clone(),
            ),
        };
        let full = kterm_shell::fs::resolve(&ctx.sh.cwd, &path);
        let bytes = ctx.sh.fs.read(&full).map_err(|_| {
            KubeError::Client(format!("error reading {path}: no such file or directory"))
        })?;
        data.insert(key, json!(enc(bytes)));
    }
    Ok(data)
}
