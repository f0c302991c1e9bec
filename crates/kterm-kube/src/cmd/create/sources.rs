//! The data of a config map or secret from `--from-file`, `--from-literal`
//! and `--from-env-file` (in that order, as kubectl adds them), with
//! kubectl's key checks, and the `--append-hash` suffix.

use base64::Engine;
use kterm_shell::Ctx;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

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
    "A file to store, under its name or key=path; a directory stores each of its files (repeatable)",
);

pub(super) const FROM_ENV_FILE: Flag = Flag::value(
    "from-env-file",
    None,
    "A file of KEY=value lines to store (repeatable)",
);

pub(super) const APPEND_HASH: Flag =
    Flag::switch("append-hash", None, "Append a hash of the data to the name");

/// What the data is for: a config map (text) or a secret (base64).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum For {
    ConfigMap,
    Secret,
}

const KEY_RULE: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

const ENV_RULE: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/// IsConfigMapKey's complaints about a key.
fn key_errors(key: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if key.len() > 253 {
        errs.push("must be no more than 253 characters");
    }
    let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    if key.is_empty() || !key.bytes().all(ok) {
        errs.push(KEY_RULE);
    }
    if key == "." {
        errs.push("must not be '.'");
    } else if key == ".." {
        errs.push("must not be '..'");
    } else if key.starts_with("..") {
        errs.push("must not start with '..'");
    }
    errs
}

struct Data<'a> {
    map: Map<String, Value>,
    to: For,
    name: &'a str,
}

impl Data<'_> {
    fn add(&mut self, key: &str, value: &[u8]) -> Result<(), KubeError> {
        let errs = key_errors(key);
        if !errs.is_empty() {
            return Err(KubeError::Client(match self.to {
                For::ConfigMap => format!(
                    "\"{key}\" is not a valid key name for a ConfigMap: {}",
                    errs.join(",")
                ),
                For::Secret => format!(
                    "\"{key}\" is not valid key name for a Secret {}",
                    errs.join(";")
                ),
            }));
        }
        if self.map.contains_key(key) {
            return Err(KubeError::Client(match self.to {
                For::ConfigMap => format!(
                    "cannot add key \"{key}\", another key by that name already exists in Data for ConfigMap \"{}\"",
                    self.name
                ),
                For::Secret => {
                    format!("cannot add key {key}, another key by that name already exists")
                }
            }));
        }
        let v = match self.to {
            For::ConfigMap => String::from_utf8_lossy(value).into_owned(),
            For::Secret => base64::engine::general_purpose::STANDARD.encode(value),
        };
        self.map.insert(key.to_string(), json!(v));
        Ok(())
    }
}

/// The data from `--from-file`, `--from-literal` and `--from-env-file`.
pub(super) fn sources(
    ctx: &Ctx<'_>,
    f: &flags::Parsed,
    name: &str,
    to: For,
) -> Result<Map<String, Value>, KubeError> {
    let files = f.list("from-file");
    let literals = f.values("from-literal");
    let envs = f.list("from-env-file");
    if !envs.is_empty() && (!files.is_empty() || !literals.is_empty()) {
        return Err(KubeError::Client(
            "from-env-file cannot be combined with from-file or from-literal".into(),
        ));
    }
    let mut data = Data {
        map: Map::new(),
        to,
        name,
    };
    let fs = &ctx.sh.fs;
    let full = |p: &str| kterm_shell::fs::resolve(&ctx.sh.cwd, p);
    for src in &files {
        let (key, path) = match src.split_once('=') {
            Some((k, p)) => (Some(k.to_string()), p.to_string()),
            None => (None, src.clone()),
        };
        let at = full(&path);
        if fs.is_dir(&at) {
            if key.is_some() {
                return Err(KubeError::Client(
                    "cannot give a key name for a directory path".into(),
                ));
            }
            let entries = fs.list(&at).map_err(|_| {
                KubeError::Client(format!("error listing files in {path}: permission denied"))
            })?;
            for (entry, _) in entries {
                let file = format!("{}/{entry}", at.trim_end_matches('/'));
                if fs.is_dir(&file) {
                    continue;
                }
                if let Ok(bytes) = fs.read(&file) {
                    if key_errors(&entry).is_empty() {
                        data.add(&entry, bytes)?;
                    }
                }
            }
            continue;
        }
        let bytes = fs.read(&at).map_err(|_| {
            KubeError::Client(format!("error reading {path}: no such file or directory"))
        })?;
        let key = key.unwrap_or_else(|| path.rsplit('/').next().unwrap_or(&path).to_string());
        data.add(&key, bytes)?;
    }
    for lit in &literals {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(KubeError::Client(format!(
                "invalid literal source {lit}, expected key=value"
            )));
        };
        data.add(k, v.as_bytes())?;
    }
    for path in &envs {
        let at = full(path);
        if fs.is_dir(&at) {
            return Err(KubeError::Client(match to {
                For::ConfigMap => "env config file cannot be a directory".into(),
                For::Secret => "env secret file cannot be a directory".into(),
            }));
        }
        let bytes = fs.read(&at).map_err(|_| {
            KubeError::Client(format!("error reading {path}: no such file or directory"))
        })?;
        for (i, line) in String::from_utf8_lossy(bytes).lines().enumerate() {
            let line = if i == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = match line.split_once('=') {
                Some((k, v)) => (k, v.to_string()),
                // A bare name takes its value from the environment.
                None => (
                    line,
                    ctx.sh
                        .env
                        .var(line)
                        .filter(|v| v.exported)
                        .map(|v| v.value.clone())
                        .unwrap_or_default(),
                ),
            };
            let env_ok = key
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'_' | b'.'))
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
            if !env_ok {
                return Err(KubeError::Client(format!(
                    "\"{key}\" is not a valid key name: {ENV_RULE}"
                )));
            }
            data.add(key, value.as_bytes())?;
        }
    }
    Ok(data.map)
}

/// kubectl's `--append-hash` suffix: the first ten hex digits of the
/// SHA-256 of the object's kind, name, type and data, with the digits
/// and letters that could spell words swapped out.
pub(super) fn hash_suffix(obj: &Value) -> String {
    let mut m = json!({"kind": obj["kind"], "name": obj["metadata"]["name"], "data": obj.get("data").cloned().unwrap_or(json!({}))});
    if obj["kind"] == "Secret" {
        m["type"] = json!(obj["type"].as_str().unwrap_or(""));
    }
    let text = crate::go::json::marshal(&m);
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex.chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_hashes() {
        for (key, ok) in [
            ("a.b", true),
            ("A_B-c", true),
            ("a b", false),
            ("", false),
            ("..x", false),
            (".", false),
        ] {
            assert_eq!(key_errors(key).is_empty(), ok, "{key}");
        }
        // kubectl 1.37's names for these objects.
        let cm = json!({"kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"x": "1"}});
        assert_eq!(hash_suffix(&cm), "b6t27m5hk5");
        let s = json!({"kind": "Secret", "metadata": {"name": "s"}, "data": {"x": "MQ=="}});
        assert_eq!(hash_suffix(&s), "75thg2bbh9");
        let tls = json!({"kind": "Secret", "metadata": {"name": "s"}, "data": {"x": "MQ=="}, "type": "kubernetes.io/tls"});
        assert_eq!(hash_suffix(&tls), "f52mbm6f96");
    }
}
