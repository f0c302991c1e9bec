//! The merged kubeconfig as the `config` subcommands edit it: a JSON
//! document in client-go's v1 shape (`set` and `unset` take any property
//! path), turned back into the typed model when it is written.

use kterm_kubeconfig::files::Section;
use kterm_kubeconfig::Kubeconfig;
use serde_json::{json, Value};

/// The three named sections and the key of each entry's body.
const SECTIONS: [(&str, &str); 3] = [
    ("clusters", "cluster"),
    ("contexts", "context"),
    ("users", "user"),
];

/// The merged configuration as a document, and where it came from.
pub struct Loaded {
    pub config: Value,
    pub files: kterm_kubeconfig::Loaded,
}

impl Loaded {
    pub fn new(files: &kterm_kubeconfig::Loaded) -> Loaded {
        Loaded {
            config: files.config.to_value(),
            files: files.clone(),
        }
    }

    /// The file named in kubectl's messages (`not in FILE`).
    pub fn file_name(&self) -> &str {
        self.files.file_name()
    }

    /// A relative file name in an entry, made absolute against the
    /// directory of the file that defined the entry.
    pub fn resolve(&self, section: &str, name: &str, path: &str) -> String {
        let s = match section {
            "clusters" => Section::Clusters,
            "users" => Section::Users,
            _ => Section::Contexts,
        };
        self.files.resolve(s, name, path)
    }
}

/// The document in the typed model.
pub fn typed(doc: &Value) -> Kubeconfig {
    Kubeconfig::from_value(doc)
}

/// The document as client-go's v1 `Config` marshals it.
pub fn v1(doc: &Value) -> Value {
    typed(doc).to_value()
}

fn inner_key(section: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|(s, _)| *s == section)
        .map_or("", |s| s.1)
}

/// The named entry's body (`cluster`, `context` or `user`).
pub fn body<'a>(cfg: &'a Value, section: &str, name: &str) -> Option<&'a Value> {
    let inner = inner_key(section);
    cfg[section]
        .as_array()?
        .iter()
        .find(|e| e["name"] == name)
        .map(|e| &e[inner])
}

/// Sets (adds or replaces) a named entry.
pub fn set_body(cfg: &mut Value, section: &str, name: &str, value: Value) {
    let inner = inner_key(section);
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
