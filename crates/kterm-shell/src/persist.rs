//! The session as the browser keeps it (sessionStorage), as several
//! entries so that a command's save writes only what changed and a full
//! quota loses as little as possible:
//!
//! - `kterm.session.v2`: variables, aliases, history, working directory and
//!   the directory tree (small);
//! - `kterm.session.v2.cred`: the CLIs' own config files, tokens included
//!   (everything under `~/.bluemix/` and `~/.kube/`), kept apart and small,
//!   so that `ibmcloud logout` is saved even when files filled the quota;
//! - `kterm.session.v2.file:<path>`: one entry per other file, base64.
//!
//! A write the store refuses (quota) is reported once, with the files it
//! concerns, and tried again after the next command. The one-entry
//! snapshot of earlier versions (`kterm.session.v1`) still loads.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::fs::Vfs;
use crate::state::{Env, Snapshot, HOME};
use crate::ShellState;

const V1: &str = "kterm.session.v1";
const META: &str = "kterm.session.v2";
const CRED: &str = "kterm.session.v2.cred";
const FILE: &str = "kterm.session.v2.file:";
/// Every key this module writes starts so.
pub const PREFIX: &str = "kterm.session.";

/// A string store such as `window.sessionStorage`.
pub trait KeyValue {
    fn get(&self, key: &str) -> Option<String>;
    /// `Err` with the store's reason when it refuses (quota).
    fn set(&self, key: &str, value: &str) -> Result<(), String>;
    fn remove(&self, key: &str);
    fn keys(&self) -> Vec<String>;
}

#[derive(Serialize, Deserialize)]
struct Meta {
    env: Env,
    cwd: String,
    aliases: BTreeMap<String, String>,
    history: Vec<String>,
    dirs: Vec<String>,
    /// Permission bits set by `chmod` (absent in older entries).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    modes: BTreeMap<String, u32>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    /// Modification time, ms.
    m: i64,
    /// Contents, base64.
    d: String,
}

/// True for files that hold the CLIs' sessions and tokens.
pub fn is_credential(path: &str) -> bool {
    [".bluemix", ".kube"].iter().any(|d| {
        path.strip_prefix(HOME)
            .and_then(|r| r.strip_prefix('/'))
            .and_then(|r| r.strip_prefix(d))
            .is_some_and(|r| r.is_empty() || r.starts_with('/'))
    })
}

fn encode(data: &[u8], mtime: i64) -> String {
    let s = Stored {
        m: mtime,
        d: base64::engine::general_purpose::STANDARD.encode(data),
    };
    serde_json::to_string(&s).unwrap_or_default()
}

fn decode(text: &str) -> Option<(Vec<u8>, i64)> {
    let s: Stored = serde_json::from_str(text).ok()?;
    let data = base64::engine::general_purpose::STANDARD.decode(s.d).ok()?;
    Some((data, s.m))
}

fn put(fs: &mut Vfs, path: &str, data: Vec<u8>, mtime: i64) {
    if let Some(i) = path.rfind('/').filter(|i| *i > 0) {
        let _ = fs.mkdir_p(&path[..i]);
    }
    let _ = fs.write(path, data, mtime);
}

/// What was stored, and whether it came from the old one-entry form (then
/// the first save writes everything in the new form).
pub struct Loaded {
    pub snapshot: Snapshot,
    pub from_v1: bool,
}

pub fn load(kv: &dyn KeyValue) -> Option<Loaded> {
    let Some(meta) = kv.get(META) else {
        let snapshot: Snapshot = serde_json::from_slice(kv.get(V1)?.as_bytes()).ok()?;
        return Some(Loaded {
            snapshot,
            from_v1: true,
        });
    };
    let meta: Meta = serde_json::from_str(&meta).ok()?;
    let mut fs = Vfs::default();
    for d in &meta.dirs {
        let _ = fs.mkdir_p(d);
    }
    if let Some(cred) = kv.get(CRED) {
        let files: BTreeMap<String, Stored> = serde_json::from_str(&cred).unwrap_or_default();
        for (path, s) in files {
            if let Ok(data) = base64::engine::general_purpose::STANDARD.decode(s.d) {
                put(&mut fs, &path, data, s.m);
            }
        }
    }
    for key in kv.keys() {
        let Some(path) = key.strip_prefix(FILE) else {
            continue;
        };
        if let Some((data, m)) = kv.get(&key).as_deref().and_then(decode) {
            put(&mut fs, path, data, m);
        }
    }
    for (path, mode) in &meta.modes {
        let _ = fs.set_mode(path, *mode);
    }
    fs.take_changed();
    Some(Loaded {
        snapshot: Snapshot {
            env: meta.env,
            cwd: meta.cwd,
            fs,
            aliases: meta.aliases,
            history: meta.history,
        },
        from_v1: false,
    })
}

/// Removes everything the session stored.
pub fn clear(kv: &dyn KeyValue) {
    for k in kv.keys() {
        if k.starts_with(PREFIX) {
            kv.remove(&k);
        }
    }
}

/// Writes the session after each command, only what changed since.
#[derive(Default)]
pub struct Saver {
    last_meta: String,
    last_cred: String,
    /// Paths whose last write was refused.
    pending: BTreeSet<String>,
    /// The failure was reported and nothing has been saved whole since.
    reported: bool,
}

impl Saver {
    /// Saves what changed in `state`; the first time a write is refused,
    /// returns the message for the user (`None` otherwise).
    pub fn save(&mut self, kv: &dyn KeyValue, state: &mut ShellState) -> Option<String> {
        let mut changed = state.fs.take_changed();
        changed.append(&mut self.pending);
        let mut refused: Vec<String> = Vec::new();
        let mut reason = String::new();
        let mut fail = |paths: &mut dyn Iterator<Item = String>, why: String| {
            refused.extend(paths);
            reason = why;
        };

        // Credentials first: small, and what a logout must not lose.
        if changed.iter().any(|p| is_credential(p)) || self.last_cred.is_empty() {
            let files: BTreeMap<&str, Stored> = state
                .fs
                .files()
                .filter(|(p, _, _)| is_credential(p))
                .map(|(p, d, m)| {
                    let d = base64::engine::general_purpose::STANDARD.encode(d);
                    (p, Stored { m, d })
                })
                .collect();
            let text = serde_json::to_string(&files).unwrap_or_default();
            if text != self.last_cred {
                let res = if files.is_empty() {
                    kv.remove(CRED);
                    Ok(())
                } else {
                    kv.set(CRED, &text)
                };
                match res {
                    Ok(()) => self.last_cred = text,
                    Err(e) => fail(&mut changed.iter().filter(|p| is_credential(p)).cloned(), e),
                }
            }
        }

        let meta = Meta {
            env: state.env.clone(),
            cwd: state.cwd.clone(),
            aliases: state.aliases.clone(),
            history: state.history.clone(),
            dirs: state.fs.dirs().map(str::to_string).collect(),
            modes: state.fs.modes().clone(),
        };
        let text = serde_json::to_string(&meta).unwrap_or_default();
        if text != self.last_meta {
            match kv.set(META, &text) {
                Ok(()) => {
                    self.last_meta = text;
                    kv.remove(V1);
                }
                Err(e) => fail(
                    &mut std::iter::once("the history and variables".to_string()),
                    e,
                ),
            }
        }

        for path in changed.iter().filter(|p| !is_credential(p)) {
            let key = format!("{FILE}{path}");
            match state.fs.get(path) {
                Some(crate::fs::Node::File { data, mtime_ms }) => {
                    if let Err(e) = kv.set(&key, &encode(data, *mtime_ms)) {
                        fail(&mut std::iter::once(path.clone()), e);
                    }
                }
                _ => kv.remove(&key),
            }
        }

        if refused.is_empty() {
            self.reported = false;
            return None;
        }
        // Tried again after the next command (the credentials and the
        // variables are rewritten whole anyway).
        self.pending
            .extend(refused.iter().filter(|p| p.starts_with('/')).cloned());
        if std::mem::replace(&mut self.reported, true) {
            return None;
        }
        let shown: Vec<String> = refused
            .iter()
            .take(3)
            .map(|p| crate::sanitize::field(p))
            .collect();
        let more = match refused.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        Some(format!(
            "kterm: this tab's storage is full ({}): {}{more} could not be saved and will be lost when the tab reloads; remove files to make room",
            crate::sanitize::field(&reason),
            shown.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests;
