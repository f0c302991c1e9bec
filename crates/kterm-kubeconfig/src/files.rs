//! The kubeconfig files in play and clientcmd's rules for them: which
//! files (`--kubeconfig`, else the `:` list in `$KUBECONFIG`, else
//! `~/.kube/config`), how they merge (the first file to define a name
//! wins, the first non-empty current context wins), and where a change
//! goes back (`ModifyConfig`: each entry to the file that defined it, a
//! new one and the current context to the default file).

use std::collections::HashMap;

use kterm_shell::ShellState;
use serde_json::Value;

use crate::model::{Kubeconfig, Named};
use crate::Error;

pub const DEFAULT_PATH: &str = "/home/user/.kube/config";

/// Turns a config (as [`Kubeconfig::to_value`] gives it) into file text.
pub type Render = fn(&Value) -> String;

/// The files in play, in order.
pub fn paths(sh: &ShellState, flag: Option<&str>) -> Vec<String> {
    if let Some(f) = flag {
        return vec![sh.abs_path(f)];
    }
    match sh.env.get("KUBECONFIG").filter(|k| !k.is_empty()) {
        Some(list) => list
            .split(':')
            .filter(|p| !p.is_empty())
            .map(|p| sh.abs_path(p))
            .collect(),
        None => vec![DEFAULT_PATH.to_string()],
    }
}

/// clientcmd's `GetDefaultFilename`: the explicit file; the only
/// `$KUBECONFIG` file, or its first existing one, or its last; else
/// `~/.kube/config`.
pub fn default_filename(sh: &ShellState, flag: Option<&str>) -> String {
    if let Some(f) = flag {
        return sh.abs_path(f);
    }
    if sh.env.get("KUBECONFIG").is_some_and(|k| !k.is_empty()) {
        let files = paths(sh, None);
        if let Some(p) = files.iter().find(|p| sh.fs.exists(p)) {
            return p.clone();
        }
        if let Some(last) = files.last() {
            return last.clone();
        }
    }
    DEFAULT_PATH.to_string()
}

/// One file, parsed; `None` if it does not exist.
pub fn read(sh: &ShellState, path: &str) -> Result<Option<Kubeconfig>, Error> {
    let Ok(bytes) = sh.fs.read(path) else {
        return Ok(None);
    };
    let bad = |e: String| Error(format!("error loading config file \"{path}\": {e}"));
    let doc = kterm_shell::yaml::parse(&String::from_utf8_lossy(bytes))
        .map_err(|e| bad(e.to_string()))?;
    Ok(Some(Kubeconfig::from_value(&doc)))
}

/// Writes one file, creating its directory.
pub fn write(
    sh: &mut ShellState,
    path: &str,
    cfg: &Kubeconfig,
    render: Render,
    now_ms: i64,
) -> Result<(), Error> {
    let dir = &path[..path.rfind('/').unwrap_or(0)];
    if !dir.is_empty() {
        sh.fs
            .mkdir_p(dir)
            .map_err(|e| Error(format!("{dir}: {e}")))?;
    }
    sh.fs
        .write(path, render(&cfg.to_value()).into_bytes(), now_ms)
        .map_err(|e| Error(format!("open {path}: {e}")))
}

/// Which section an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Clusters,
    Contexts,
    Users,
}

/// The merged configuration and where each entry came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Kubeconfig,
    origins: HashMap<(Section, String), String>,
    explicit: Option<String>,
    /// The `--kubeconfig` file when it does not exist (kubectl refuses to
    /// talk to a cluster then; `kubectl config` reads it as empty).
    pub missing_explicit: Option<String>,
    /// The files in play that exist, in order (what `-v=6` reports).
    pub found: Vec<String>,
    paths: Vec<String>,
    default_file: String,
}

fn merge_section<T: Clone>(
    into: &mut Vec<Named<T>>,
    from: &[Named<T>],
    section: Section,
    path: &str,
    origins: &mut HashMap<(Section, String), String>,
) {
    for e in from {
        let key = (section, e.name.clone());
        if origins.contains_key(&key) {
            continue;
        }
        origins.insert(key, path.to_string());
        into.push(e.clone());
    }
}

impl Loaded {
    /// Loads and merges the files in play. A file that does not exist
    /// reads as empty; one that does not parse is an error.
    pub fn load(sh: &ShellState, flag: Option<&str>) -> Result<Loaded, Error> {
        let paths = paths(sh, flag);
        let mut config = Kubeconfig::default();
        let mut origins = HashMap::new();
        let mut found = Vec::new();
        for path in &paths {
            let Some(doc) = read(sh, path)? else {
                continue;
            };
            found.push(path.clone());
            if config.current_context.is_empty() {
                config.current_context = doc.current_context.clone();
            }
            if config.preferences.is_none()
                && doc.preferences.as_ref().is_some_and(Value::is_object)
            {
                config.preferences = doc.preferences.clone();
            }
            merge_section(
                &mut config.clusters,
                &doc.clusters,
                Section::Clusters,
                path,
                &mut origins,
            );
            merge_section(
                &mut config.contexts,
                &doc.contexts,
                Section::Contexts,
                path,
                &mut origins,
            );
            merge_section(
                &mut config.users,
                &doc.users,
                Section::Users,
                path,
                &mut origins,
            );
        }
        let explicit = flag.map(|f| sh.abs_path(f));
        Ok(Loaded {
            missing_explicit: explicit.clone().filter(|p| !sh.fs.exists(p)),
            config,
            origins,
            explicit,
            found,
            paths,
            default_file: default_filename(sh, flag),
        })
    }

    /// The file named in kubectl's messages (`not in FILE`).
    pub fn file_name(&self) -> &str {
        &self.default_file
    }

    /// The file that defined an entry, else the default file.
    pub fn origin(&self, section: Section, name: &str) -> &str {
        self.origins
            .get(&(section, name.to_string()))
            .unwrap_or(&self.default_file)
    }

    /// A relative file name in an entry, made absolute against the
    /// directory of the file that defined the entry.
    pub fn resolve(&self, section: Section, name: &str, path: &str) -> String {
        if path.starts_with('/') {
            return path.to_string();
        }
        format!("{}/{path}", dir_of(self.origin(section, name)))
    }

    /// Writes the changes from `self.config` to `new` back to the files,
    /// as clientcmd's `ModifyConfig` does, and takes `new` as the config.
    pub fn modify(
        &mut self,
        sh: &mut ShellState,
        new: &Kubeconfig,
        render: Render,
        now_ms: i64,
    ) -> Result<(), Error> {
        let mut files = Files { docs: Vec::new() };
        let old = &self.config;
        if old.current_context != new.current_context {
            let dest = if let Some(e) = &self.explicit {
                Some(e.clone())
            } else if !new.current_context.is_empty() {
                Some(self.default_file.clone())
            } else {
                let mut found = None;
                for p in &self.paths {
                    if read(sh, p)?.is_some_and(|d| !d.current_context.is_empty()) {
                        found = Some(p.clone());
                        break;
                    }
                }
                found
            };
            let Some(dest) = dest else {
                return Err(Error("no config found to write context".into()));
            };
            files.doc(sh, &dest)?.current_context = new.current_context.clone();
        }
        self.write_section(
            sh,
            &mut files,
            Section::Clusters,
            &old.clusters,
            &new.clusters,
            |d| &mut d.clusters,
        )?;
        self.write_section(
            sh,
            &mut files,
            Section::Contexts,
            &old.contexts,
            &new.contexts,
            |d| &mut d.contexts,
        )?;
        self.write_section(
            sh,
            &mut files,
            Section::Users,
            &old.users,
            &new.users,
            |d| &mut d.users,
        )?;
        for (path, doc) in std::mem::take(&mut files.docs) {
            write(sh, &path, &doc, render, now_ms)?;
        }
        for (section, list) in [
            (Section::Clusters, names(&new.clusters)),
            (Section::Contexts, names(&new.contexts)),
            (Section::Users, names(&new.users)),
        ] {
            for n in list {
                let key = (section, n);
                if !self.origins.contains_key(&key) {
                    self.origins.insert(key, self.default_file.clone());
                }
            }
        }
        self.config = new.clone();
        Ok(())
    }

    fn write_section<T: Clone + PartialEq + Relativize>(
        &self,
        sh: &ShellState,
        files: &mut Files,
        section: Section,
        old: &[Named<T>],
        new: &[Named<T>],
        pick: fn(&mut Kubeconfig) -> &mut Vec<Named<T>>,
    ) -> Result<(), Error> {
        let find = |list: &[Named<T>], name: &str| {
            list.iter().find(|e| e.name == name).map(|e| e.body.clone())
        };
        for name in names(new) {
            let now = find(new, &name);
            if now == find(old, &name) {
                continue;
            }
            let dest = self.origin(section, &name).to_string();
            let Some(mut body) = now else { continue };
            body.relativize(dir_of(&dest));
            let list = pick(files.doc(sh, &dest)?);
            match list.iter_mut().find(|e| e.name == name) {
                Some(e) => e.body = body,
                None => list.push(Named { name, body }),
            }
        }
        for name in names(old) {
            if find(new, &name).is_none() {
                let dest = self.origin(section, &name).to_string();
                pick(files.doc(sh, &dest)?).retain(|e| e.name != name);
            }
        }
        Ok(())
    }
}

/// Entry names, sorted as Go sorts strings, each once.
pub fn names<T>(list: &[Named<T>]) -> Vec<String> {
    let mut n: Vec<String> = list.iter().map(|e| e.name.clone()).collect();
    kterm_shell::sort::sort(&mut n);
    n.dedup();
    n
}

fn dir_of(path: &str) -> &str {
    &path[..path.rfind('/').unwrap_or(0)]
}

/// Files under the kubeconfig's directory are written relative to it;
/// others stay absolute (clientcmd `RelativizePathWithNoBacksteps`).
trait Relativize {
    fn relativize(&mut self, dir: &str);
}

fn relative(path: &mut String, dir: &str) {
    if let Some(rel) = path
        .strip_prefix(dir)
        .and_then(|r| r.strip_prefix('/'))
        .filter(|r| !r.is_empty())
    {
        *path = rel.to_string();
    }
}

impl Relativize for crate::model::Cluster {
    fn relativize(&mut self, dir: &str) {
        relative(&mut self.certificate_authority, dir);
    }
}

impl Relativize for crate::model::AuthInfo {
    fn relativize(&mut self, dir: &str) {
        relative(&mut self.client_certificate, dir);
        relative(&mut self.client_key, dir);
        relative(&mut self.token_file, dir);
    }
}

impl Relativize for crate::model::Context {
    fn relativize(&mut self, _dir: &str) {}
}

/// Files read and changed during one `modify`, written at the end.
struct Files {
    docs: Vec<(String, Kubeconfig)>,
}

impl Files {
    fn doc(&mut self, sh: &ShellState, path: &str) -> Result<&mut Kubeconfig, Error> {
        let i = match self.docs.iter().position(|(p, _)| p == path) {
            Some(i) => i,
            None => {
                let doc = read(sh, path)?.unwrap_or_default();
                self.docs.push((path.to_string(), doc));
                self.docs.len() - 1
            }
        };
        Ok(&mut self.docs[i].1)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly by design
    use super::*;
    use crate::model::Cluster;

    fn state(files: &[(&str, &str)], kubeconfig_env: Option<&str>) -> ShellState {
        let mut sh = ShellState::default();
        for (p, text) in files {
            let dir = &p[..p.rfind('/').unwrap()];
            sh.fs.mkdir_p(dir).unwrap();
            sh.fs.write(p, text.as_bytes().to_vec(), 0).unwrap();
        }
        if let Some(k) = kubeconfig_env {
            sh.env.export("KUBECONFIG", Some(k.to_string()));
        }
        sh
    }

    fn render(v: &Value) -> String {
        serde_json::to_string(v).unwrap()
    }

    const A: &str = "current-context: a\ncontexts:\n- name: a\n  context: {cluster: ca, user: ua}\nclusters:\n- name: ca\n  cluster: {server: 'https://a'}\n";
    const B: &str = "current-context: b\nclusters:\n- name: ca\n  cluster: {server: 'https://b'}\n- name: cb\n  cluster: {server: 'https://b'}\n";

    #[test]
    fn first_file_wins_and_changes_go_home() {
        let mut sh = state(&[("/k/a", A), ("/k/b", B)], Some("/k/a:/k/b"));
        let mut l = Loaded::load(&sh, None).unwrap();
        assert_eq!(l.config.current_context, "a");
        assert_eq!(l.config.cluster("ca").unwrap().server, "https://a");
        assert_eq!(l.found, ["/k/a", "/k/b"]);
        let mut new = l.config.clone();
        new.set_cluster(
            "cb",
            Cluster {
                server: "https://b2".into(),
                ..Default::default()
            },
        );
        new.set_cluster(
            "new",
            Cluster {
                server: "https://n".into(),
                ..Default::default()
            },
        );
        l.modify(&mut sh, &new, render, 0).unwrap();
        let b = read(&sh, "/k/b").unwrap().unwrap();
        assert_eq!(b.cluster("cb").unwrap().server, "https://b2");
        assert_eq!(b.cluster("ca").unwrap().server, "https://b", "untouched");
        let a = read(&sh, "/k/a").unwrap().unwrap();
        assert_eq!(
            a.cluster("new").unwrap().server,
            "https://n",
            "new entries go to the default file"
        );
    }

    #[test]
    fn explicit_and_missing_files() {
        let sh = state(&[], None);
        let l = Loaded::load(&sh, Some("/nowhere")).unwrap();
        assert_eq!(l.missing_explicit.as_deref(), Some("/nowhere"));
        let sh = state(&[("/k/bad", "clusters: [")], None);
        assert!(Loaded::load(&sh, Some("/k/bad"))
            .unwrap_err()
            .0
            .starts_with("error loading config file \"/k/bad\": "));
    }
}
