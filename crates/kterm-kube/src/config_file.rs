//! Changing kubeconfig files as `kubectl config` does (client-go
//! clientcmd `ModifyConfig`): each changed cluster, context or user goes
//! back to the file that defined it, a new one to the default file, and
//! every file is written in the v1 shape kubectl writes (keys sorted,
//! unknown fields dropped, entries sorted by name).

use std::collections::HashMap;

use kterm_shell::ShellState;
use serde_json::{json, Map, Value};

use crate::error::KubeError;
use crate::go;
use crate::kubeconfig;

/// The three named sections and the key of each entry's body.
pub const SECTIONS: [(&str, &str); 3] = [
    ("clusters", "cluster"),
    ("contexts", "context"),
    ("users", "user"),
];

/// The merged configuration and where each entry came from.
pub struct Loaded {
    pub config: Value,
    origins: HashMap<(String, String), String>,
    explicit: Option<String>,
    paths: Vec<String>,
    default_file: String,
}

impl Loaded {
    /// The file named in kubectl's messages (`not in FILE`).
    pub fn file_name(&self) -> &str {
        &self.default_file
    }

    /// A relative file name in an entry, made absolute against the
    /// directory of the file that defined the entry.
    pub fn resolve(&self, section: &str, name: &str, path: &str) -> String {
        if path.starts_with('/') {
            return path.to_string();
        }
        let file = self
            .origins
            .get(&(section.to_string(), name.to_string()))
            .unwrap_or(&self.default_file);
        format!("{}/{path}", dir_of(file))
    }
}

fn parse_file(sh: &ShellState, path: &str) -> Result<Option<Value>, KubeError> {
    let Ok(bytes) = sh.fs.read(path) else {
        return Ok(None);
    };
    let doc = kterm_shell::yaml::parse(&String::from_utf8_lossy(bytes))
        .map_err(|e| KubeError::Client(format!("error loading config file \"{path}\": {e}")))?;
    Ok(Some(if doc.is_object() { doc } else { json!({}) }))
}

/// clientcmd's `GetDefaultFilename`: the explicit file; the only
/// `$KUBECONFIG` file, or its first existing one, or its last; else
/// `~/.kube/config`.
pub fn default_filename(sh: &ShellState, flag: Option<&str>) -> String {
    if let Some(f) = flag {
        return sh.abs_path(f);
    }
    if sh.env.get("KUBECONFIG").is_some_and(|k| !k.is_empty()) {
        let files = kubeconfig::paths(sh, None);
        if let Some(p) = files.iter().find(|p| sh.fs.exists(p)) {
            return p.clone();
        }
        if let Some(last) = files.last() {
            return last.clone();
        }
    }
    kubeconfig::DEFAULT_PATH.to_string()
}

/// Loads the files in play for `kubectl config`: a missing file, even an
/// explicit one, reads as empty.
pub fn load(sh: &ShellState, flag: Option<&str>) -> Result<Loaded, KubeError> {
    let paths = kubeconfig::paths(sh, flag);
    let mut config = json!({"clusters": [], "contexts": [], "users": [], "current-context": ""});
    let mut origins = HashMap::new();
    for path in &paths {
        let Some(doc) = parse_file(sh, path)? else {
            continue;
        };
        if config["current-context"] == "" {
            if let Some(c) = doc["current-context"].as_str() {
                config["current-context"] = json!(c);
            }
        }
        if config.get("preferences").is_none() && doc["preferences"].is_object() {
            config["preferences"] = doc["preferences"].clone();
        }
        for (section, _) in SECTIONS {
            for entry in doc[section].as_array().cloned().unwrap_or_default() {
                let name = entry["name"].as_str().unwrap_or("").to_string();
                let key = (section.to_string(), name);
                if origins.contains_key(&key) {
                    continue;
                }
                origins.insert(key, path.clone());
                if let Some(list) = config[section].as_array_mut() {
                    list.push(entry);
                }
            }
        }
    }
    Ok(Loaded {
        config,
        origins,
        explicit: flag.map(|f| sh.abs_path(f)),
        paths,
        default_file: default_filename(sh, flag),
    })
}

fn inner_key(section: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|(s, _)| *s == section)
        .map_or("", |s| s.1)
}

fn dir_of(path: &str) -> &str {
    &path[..path.rfind('/').unwrap_or(0)]
}

/// The fields of an entry that name local files.
fn path_fields(section: &str) -> &'static [&'static str] {
    match section {
        "clusters" => &["certificate-authority"],
        "users" => &["client-certificate", "client-key", "tokenFile"],
        _ => &[],
    }
}

/// Files under the kubeconfig's directory are written relative to it;
/// others stay absolute (clientcmd `RelativizePathWithNoBacksteps`).
fn relativize_paths(entry: &mut Value, section: &str, dir: &str) {
    let inner = inner_key(section);
    for f in path_fields(section) {
        if let Some(rel) = entry[inner][*f]
            .as_str()
            .and_then(|p| p.strip_prefix(dir))
            .and_then(|r| r.strip_prefix('/'))
            .filter(|r| !r.is_empty())
            .map(str::to_string)
        {
            entry[inner][*f] = json!(rel);
        }
    }
}

/// The named entry's body (`cluster`, `context` or `user`).
pub fn body<'a>(cfg: &'a Value, section: &str, name: &str) -> Option<&'a Value> {
    let inner = SECTIONS.iter().find(|(s, _)| *s == section)?.1;
    cfg[section]
        .as_array()?
        .iter()
        .find(|e| e["name"] == name)
        .map(|e| &e[inner])
}

/// Sets (adds or replaces) a named entry.
pub fn set_body(cfg: &mut Value, section: &str, name: &str, value: Value) {
    let inner = SECTIONS
        .iter()
        .find(|(s, _)| *s == section)
        .map_or("", |s| s.1);
    if !cfg[section].is_array() {
        cfg[section] = json!([]);
    }
    if let Some(list) = cfg[section].as_array_mut() {
        match list.iter_mut().find(|e| e["name"] == name) {
            Some(e) => e[inner] = value,
            None => list.push(json!({"name": name, inner: value})),
        }
    }
}

/// Removes a named entry; false if there was none.
pub fn remove(cfg: &mut Value, section: &str, name: &str) -> bool {
    let Some(list) = cfg[section].as_array_mut() else {
        return false;
    };
    let before = list.len();
    list.retain(|e| e["name"] != name);
    list.len() != before
}

/// Entry names of a section, sorted as Go sorts strings.
pub fn names(cfg: &Value, section: &str) -> Vec<String> {
    let mut n: Vec<String> = cfg[section]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|e| e["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    kterm_shell::sort::sort(&mut n);
    n.dedup();
    n
}

fn put(m: &mut Map<String, Value>, key: &str, v: &Value) {
    let keep = match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    };
    if keep {
        m.insert(key.to_string(), v.clone());
    }
}

fn string_or_empty(v: &Value) -> Value {
    json!(v.as_str().unwrap_or(""))
}

fn cluster_v1(c: &Value) -> Value {
    let mut m = Map::new();
    m.insert("server".into(), string_or_empty(&c["server"]));
    for k in [
        "tls-server-name",
        "insecure-skip-tls-verify",
        "certificate-authority",
        "certificate-authority-data",
        "proxy-url",
        "disable-compression",
        "extensions",
    ] {
        put(&mut m, k, &c[k]);
    }
    Value::Object(m)
}

fn context_v1(c: &Value) -> Value {
    let mut m = Map::new();
    m.insert("cluster".into(), string_or_empty(&c["cluster"]));
    m.insert("user".into(), string_or_empty(&c["user"]));
    put(&mut m, "namespace", &c["namespace"]);
    put(&mut m, "extensions", &c["extensions"]);
    Value::Object(m)
}

fn user_v1(u: &Value) -> Value {
    let mut m = Map::new();
    for k in [
        "client-certificate",
        "client-certificate-data",
        "client-key",
        "client-key-data",
        "token",
        "tokenFile",
        "as",
        "as-uid",
        "as-groups",
        "as-user-extra",
        "username",
        "password",
    ] {
        put(&mut m, k, &u[k]);
    }
    if u["auth-provider"].is_object() {
        let p = &u["auth-provider"];
        let config = if p["config"].is_object() {
            p["config"].clone()
        } else {
            Value::Null
        };
        m.insert(
            "auth-provider".into(),
            json!({"name": string_or_empty(&p["name"]), "config": config}),
        );
    }
    if u["exec"].is_object() {
        let e = &u["exec"];
        let mut x = Map::new();
        x.insert("command".into(), string_or_empty(&e["command"]));
        x.insert("args".into(), e["args"].clone());
        x.insert("env".into(), e["env"].clone());
        put(&mut x, "apiVersion", &e["apiVersion"]);
        put(&mut x, "installHint", &e["installHint"]);
        x.insert(
            "provideClusterInfo".into(),
            json!(e["provideClusterInfo"].as_bool().unwrap_or(false)),
        );
        put(&mut x, "interactiveMode", &e["interactiveMode"]);
        m.insert("exec".into(), Value::Object(x));
    }
    put(&mut m, "extensions", &u["extensions"]);
    Value::Object(m)
}

/// The configuration as client-go's v1 `Config` marshals it: fields in
/// struct order, omitted when empty, entries sorted by name, and `null`
/// for an empty section.
pub fn v1(cfg: &Value) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!("Config"));
    m.insert("apiVersion".into(), json!("v1"));
    put(&mut m, "preferences", &cfg["preferences"]);
    for (section, inner) in [
        ("clusters", "cluster"),
        ("users", "user"),
        ("contexts", "context"),
    ] {
        let mut entries: Vec<(String, Value)> = Vec::new();
        for e in cfg[section]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let name = e["name"].as_str().unwrap_or("").to_string();
            if entries.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let body = match inner {
                "cluster" => cluster_v1(&e[inner]),
                "user" => user_v1(&e[inner]),
                _ => context_v1(&e[inner]),
            };
            entries.push((name, body));
        }
        kterm_shell::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        let list: Vec<Value> = entries
            .into_iter()
            .map(|(n, b)| json!({"name": n, inner: b}))
            .collect();
        m.insert(
            section.into(),
            if list.is_empty() {
                Value::Null
            } else {
                Value::Array(list)
            },
        );
    }
    m.insert(
        "current-context".into(),
        string_or_empty(&cfg["current-context"]),
    );
    put(&mut m, "extensions", &cfg["extensions"]);
    Value::Object(m)
}

/// Files read and changed during one `modify`, written at the end.
struct Files<'a> {
    sh: &'a ShellState,
    docs: Vec<(String, Value)>,
}

impl Files<'_> {
    fn doc(&mut self, path: &str) -> Result<&mut Value, KubeError> {
        if let Some(i) = self.docs.iter().position(|(p, _)| p == path) {
            return Ok(&mut self.docs[i].1);
        }
        let doc = parse_file(self.sh, path)?.unwrap_or_else(|| json!({}));
        self.docs.push((path.to_string(), doc));
        let last = self.docs.len() - 1;
        Ok(&mut self.docs[last].1)
    }
}

/// Writes the changes from `loaded.config` to `new` back to the files,
/// as clientcmd's `ModifyConfig` does.
pub fn modify(
    sh: &mut ShellState,
    loaded: &Loaded,
    new: &Value,
    now_ms: i64,
) -> Result<(), KubeError> {
    let old = &loaded.config;
    let mut files = Files {
        sh,
        docs: Vec::new(),
    };
    let new_current = new["current-context"].as_str().unwrap_or("");
    if old["current-context"].as_str().unwrap_or("") != new_current {
        let dest = if let Some(e) = &loaded.explicit {
            Some(e.clone())
        } else if !new_current.is_empty() {
            Some(loaded.default_file.clone())
        } else {
            let mut found = None;
            for p in &loaded.paths {
                if let Some(d) = parse_file(files.sh, p)? {
                    if d["current-context"].as_str().is_some_and(|c| !c.is_empty()) {
                        found = Some(p.clone());
                        break;
                    }
                }
            }
            found
        };
        let Some(dest) = dest else {
            return Err(KubeError::Client("no config found to write context".into()));
        };
        files.doc(&dest)?["current-context"] = json!(new_current);
    }
    let origin = |section: &str, name: &str| {
        loaded
            .origins
            .get(&(section.to_string(), name.to_string()))
            .cloned()
            .unwrap_or_else(|| loaded.default_file.clone())
    };
    for (section, _) in SECTIONS {
        for name in names(new, section) {
            let now = body(new, section, &name);
            if now == body(old, section, &name) {
                continue;
            }
            let dest = origin(section, &name);
            let mut entry = json!({"name": name});
            entry[inner_key(section)] = now.cloned().unwrap_or_default();
            relativize_paths(&mut entry, section, dir_of(&dest));
            let body = entry[inner_key(section)].take();
            set_body(files.doc(&dest)?, section, &name, body);
        }
        for name in names(old, section) {
            if body(new, section, &name).is_none() {
                let dest = origin(section, &name);
                remove(files.doc(&dest)?, section, &name);
            }
        }
    }
    let docs = std::mem::take(&mut files.docs);
    for (path, doc) in docs {
        write(sh, &path, &doc, now_ms)?;
    }
    Ok(())
}

/// Writes one file in kubectl's shape.
pub fn write(sh: &mut ShellState, path: &str, doc: &Value, now_ms: i64) -> Result<(), KubeError> {
    let text = go::yaml::to_string(&v1(doc));
    let dir = &path[..path.rfind('/').unwrap_or(0)];
    if !dir.is_empty() {
        sh.fs
            .mkdir_p(dir)
            .map_err(|e| KubeError::Client(format!("{dir}: {e}")))?;
    }
    sh.fs
        .write(path, text.into_bytes(), now_ms)
        .map_err(|e| KubeError::Client(format!("open {path}: {e}")))
}
