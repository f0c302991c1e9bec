//! `~/.docker/config.json` as the Docker CLI keeps it: `auths` keyed by
//! registry host, each `{"auth": base64(user:password)}`, written with tab
//! indentation. Keys the file has besides `auths` are kept as they are.

use base64::Engine;
use kterm_shell::ShellState;
use serde_json::{Map, Value};

pub const DIR: &str = "/home/user/.docker";
pub const PATH: &str = "/home/user/.docker/config.json";

/// The file, or an empty one; a file that is not JSON is reported (as
/// Docker warns) and treated as empty.
pub fn load(sh: &ShellState) -> (Map<String, Value>, Option<String>) {
    let Ok(bytes) = sh.fs.read(PATH) else {
        return (Map::new(), None);
    };
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => (m, None),
        Ok(_) => (
            Map::new(),
            Some(format!(
                "Error loading config file: {PATH}: json: cannot unmarshal into the config"
            )),
        ),
        Err(e) => (
            Map::new(),
            Some(format!("Error loading config file: {PATH}: {e}")),
        ),
    }
}

pub fn save(sh: &mut ShellState, mut file: Map<String, Value>, now_ms: i64) -> Result<(), String> {
    // Docker always writes `auths`, even when empty, first.
    let auths = file
        .remove("auths")
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(Map::new()));
    let mut out = Map::new();
    out.insert("auths".into(), auths);
    out.extend(file);
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"\t");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(&Value::Object(out), &mut ser).map_err(|e| e.to_string())?;
    sh.fs.mkdir_p(DIR).map_err(|e| e.to_string())?;
    sh.fs
        .write(PATH, buf, now_ms)
        .map_err(|e| format!("{PATH}: {e}"))
}

/// The `auths` entry for `server`, if it holds a user and a password.
pub fn credentials(file: &Map<String, Value>, server: &str) -> Option<(String, String)> {
    let auth = file.get("auths")?.get(server)?.get("auth")?.as_str()?;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(auth)
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (u, p) = text.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

/// Sets the entry for `server`; false when it already held exactly this.
pub fn store(file: &mut Map<String, Value>, server: &str, user: &str, password: &str) -> bool {
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let entry = serde_json::json!({ "auth": auth });
    let auths = file
        .entry("auths")
        .or_insert_with(|| Value::Object(Map::new()));
    if !auths.is_object() {
        *auths = Value::Object(Map::new());
    }
    let Some(auths) = auths.as_object_mut() else {
        return false;
    };
    if auths.get(server) == Some(&entry) {
        return false;
    }
    auths.insert(server.to_string(), entry);
    true
}

/// Removes every entry in `keys`.
pub fn erase(file: &mut Map<String, Value>, keys: &[String]) {
    if let Some(auths) = file.get_mut("auths").and_then(Value::as_object_mut) {
        for k in keys {
            auths.remove(k);
        }
    }
}

/// A registry address reduced to its host, as Docker matches credentials:
/// `https://us.icr.io/v2/` is `us.icr.io`.
pub fn hostname(address: &str) -> String {
    let rest = address
        .strip_prefix("https://")
        .or_else(|| address.strip_prefix("http://"))
        .unwrap_or(address);
    rest.split('/').next().unwrap_or(rest).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames() {
        for (a, want) in [
            ("us.icr.io", "us.icr.io"),
            ("https://us.icr.io", "us.icr.io"),
            ("https://us.icr.io/v2/", "us.icr.io"),
            (
                "http://registry.ng.bluemix.net/x",
                "registry.ng.bluemix.net",
            ),
            ("localhost:5000", "localhost:5000"),
        ] {
            assert_eq!(hostname(a), want, "{a}");
        }
    }

    #[test]
    fn written_as_docker_writes_it_and_read_back() {
        let mut sh = ShellState::default();
        let (mut f, warn) = load(&sh);
        assert_eq!(warn, None);
        assert!(store(&mut f, "us.icr.io", "iamapikey", "k:ey"));
        assert!(!store(&mut f, "us.icr.io", "iamapikey", "k:ey"));
        f.insert("psFormat".into(), Value::String("x".into()));
        save(&mut sh, f, 0).unwrap();
        let text = String::from_utf8(sh.fs.read(PATH).unwrap().to_vec()).unwrap();
        assert_eq!(
            text,
            "{\n\t\"auths\": {\n\t\t\"us.icr.io\": {\n\t\t\t\"auth\": \"aWFtYXBpa2V5Oms6ZXk=\"\n\t\t}\n\t},\n\t\"psFormat\": \"x\"\n}"
        );
        let (mut f, _) = load(&sh);
        assert_eq!(
            credentials(&f, "us.icr.io"),
            Some(("iamapikey".into(), "k:ey".into()))
        );
        erase(&mut f, &["us.icr.io".into()]);
        assert_eq!(credentials(&f, "us.icr.io"), None);
    }

    #[test]
    fn a_broken_file_is_reported_and_read_as_empty() {
        let mut sh = ShellState::default();
        sh.fs.mkdir_p(DIR).unwrap();
        sh.fs.write(PATH, b"{nope".to_vec(), 0).unwrap();
        let (f, warn) = load(&sh);
        assert!(f.is_empty());
        assert!(warn
            .unwrap()
            .starts_with("Error loading config file: /home/user/.docker/config.json: "));
    }
}
