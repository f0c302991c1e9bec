//! The session's in-memory file system. Paths are absolute, `/`-separated;
//! `~` is the home directory. A size limit answers "No space left on device"
//! without losing what is already stored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::state::HOME;

/// Total bytes of file content the session may hold.
pub const DEFAULT_LIMIT: usize = 5 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Node {
    Dir,
    File { data: Vec<u8>, mtime_ms: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FsError {
    #[error("No such file or directory")]
    NotFound,
    #[error("Not a directory")]
    NotADirectory,
    #[error("Is a directory")]
    IsADirectory,
    #[error("File exists")]
    Exists,
    #[error("Directory not empty")]
    NotEmpty,
    #[error("No space left on device")]
    NoSpace,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Vfs {
    nodes: BTreeMap<String, Node>,
    limit: usize,
    used: usize,
    /// Permission bits set by `chmod`; a path without an entry has the
    /// default for umask 022. Kept apart from [`Node`] so that snapshots
    /// written before modes existed still load.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    modes: BTreeMap<String, u32>,
}

/// Permission bits of a new file and a new directory (umask 022).
pub const FILE_MODE: u32 = 0o644;
pub const DIR_MODE: u32 = 0o755;

/// `ls -l`'s ten-character mode column (`drwxr-xr-x`, `-rwsr-x--T`).
pub fn mode_string(dir: bool, mode: u32) -> String {
    let mut s = String::with_capacity(10);
    s.push(if dir { 'd' } else { '-' });
    for (shift, special, lower, upper) in [
        (6, 0o4000, 's', 'S'),
        (3, 0o2000, 's', 'S'),
        (0, 0o1000, 't', 'T'),
    ] {
        let bits = (mode >> shift) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        s.push(match (bits & 1 != 0, mode & special != 0) {
            (true, true) => lower,
            (false, true) => upper,
            (true, false) => 'x',
            (false, false) => '-',
        });
    }
    s
}

impl Default for Vfs {
    fn default() -> Self {
        let mut nodes = BTreeMap::new();
        nodes.insert("/".to_string(), Node::Dir);
        Self {
            nodes,
            limit: DEFAULT_LIMIT,
            used: 0,
            modes: BTreeMap::new(),
        }
    }
}

/// Joins `path` onto `cwd`, expanding a leading `~` and folding `.`/`..`.
pub fn resolve(cwd: &str, path: &str) -> String {
    let joined = if path == "~" {
        HOME.to_string()
    } else if let Some(rest) = path.strip_prefix("~/") {
        format!("{HOME}/{rest}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

impl Vfs {
    pub fn with_limit(limit: usize) -> Self {
        Self {
            limit,
            ..Self::default()
        }
    }

    pub fn used(&self) -> usize {
        self.used
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.nodes.contains_key(path)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        matches!(self.nodes.get(path), Some(Node::Dir))
    }

    /// A path's permission bits (07777), `None` when it does not exist.
    pub fn mode(&self, path: &str) -> Option<u32> {
        let default = match self.nodes.get(path)? {
            Node::Dir => DIR_MODE,
            Node::File { .. } => FILE_MODE,
        };
        Some(self.modes.get(path).copied().unwrap_or(default))
    }

    /// Sets a path's permission bits (`chmod`).
    pub fn set_mode(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        if !self.nodes.contains_key(path) {
            return Err(FsError::NotFound);
        }
        self.modes.insert(path.to_string(), mode & 0o7777);
        Ok(())
    }

    pub fn read(&self, path: &str) -> Result<&[u8], FsError> {
        match self.nodes.get(path) {
            Some(Node::File { data, .. }) => Ok(data),
            Some(Node::Dir) => Err(FsError::IsADirectory),
            None => Err(FsError::NotFound),
        }
    }

    fn check_parent(&self, path: &str) -> Result<(), FsError> {
        match self.nodes.get(parent(path)) {
            Some(Node::Dir) => Ok(()),
            Some(_) => Err(FsError::NotADirectory),
            None => Err(FsError::NotFound),
        }
    }

    /// Replaces a file's content, creating it in an existing directory.
    pub fn write(&mut self, path: &str, data: Vec<u8>, now_ms: i64) -> Result<(), FsError> {
        self.check_parent(path)?;
        let old = match self.nodes.get(path) {
            Some(Node::Dir) => return Err(FsError::IsADirectory),
            Some(Node::File { data, .. }) => data.len(),
            None => 0,
        };
        let used = self.used - old + data.len();
        if used > self.limit {
            return Err(FsError::NoSpace);
        }
        self.used = used;
        self.nodes.insert(
            path.to_string(),
            Node::File {
                data,
                mtime_ms: now_ms,
            },
        );
        Ok(())
    }

    pub fn append(&mut self, path: &str, more: &[u8], now_ms: i64) -> Result<(), FsError> {
        let mut data = match self.read(path) {
            Ok(d) => d.to_vec(),
            Err(FsError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        };
        data.extend_from_slice(more);
        self.write(path, data, now_ms)
    }

    pub fn mkdir(&mut self, path: &str) -> Result<(), FsError> {
        if self.nodes.contains_key(path) {
            return Err(FsError::Exists);
        }
        self.check_parent(path)?;
        self.nodes.insert(path.to_string(), Node::Dir);
        Ok(())
    }

    pub fn mkdir_p(&mut self, path: &str) -> Result<(), FsError> {
        let mut cur = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            cur.push('/');
            cur.push_str(part);
            match self.nodes.get(&cur) {
                Some(Node::Dir) => {}
                Some(_) => return Err(FsError::NotADirectory),
                None => {
                    self.nodes.insert(cur.clone(), Node::Dir);
                }
            }
        }
        Ok(())
    }

    /// Direct children of a directory: (name, node), sorted by name.
    pub fn list(&self, dir: &str) -> Result<Vec<(String, &Node)>, FsError> {
        match self.nodes.get(dir) {
            Some(Node::Dir) => {}
            Some(_) => return Err(FsError::NotADirectory),
            None => return Err(FsError::NotFound),
        }
        let prefix = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        Ok(self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| !k[prefix.len()..].contains('/') && k.len() > prefix.len())
            .map(|(k, v)| (k[prefix.len()..].to_string(), v))
            .collect())
    }

    /// Every path at or below `path`, the path itself first.
    fn subtree(&self, path: &str) -> Vec<String> {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        let mut v = vec![path.to_string()];
        v.extend(
            self.nodes
                .range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
                .map(|(k, _)| k.clone()),
        );
        v
    }

    /// Copies a file or (when `recursive`) a directory tree to `to`.
    pub fn copy(
        &mut self,
        from: &str,
        to: &str,
        recursive: bool,
        now_ms: i64,
    ) -> Result<(), FsError> {
        match self.nodes.get(from) {
            None => return Err(FsError::NotFound),
            Some(Node::Dir) if !recursive => return Err(FsError::IsADirectory),
            _ => {}
        }
        if to == from || to.starts_with(&format!("{from}/")) {
            return Err(FsError::Exists);
        }
        let paths = self.subtree(from);
        let added: usize = paths
            .iter()
            .filter_map(|p| match self.nodes.get(p) {
                Some(Node::File { data, .. }) => Some(data.len()),
                _ => None,
            })
            .sum();
        if self.used + added > self.limit {
            return Err(FsError::NoSpace);
        }
        self.check_parent(to)?;
        for p in paths {
            let dest = format!("{to}{}", &p[from.len()..]);
            match self.nodes.get(&p).cloned() {
                Some(Node::Dir) => {
                    self.nodes.insert(dest, Node::Dir);
                }
                Some(Node::File { data, .. }) => self.write(&dest, data, now_ms)?,
                None => {}
            }
        }
        Ok(())
    }

    /// Moves a file or directory tree.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        if !self.nodes.contains_key(from) {
            return Err(FsError::NotFound);
        }
        if to == from {
            return Ok(());
        }
        if to.starts_with(&format!("{from}/")) {
            return Err(FsError::Exists);
        }
        self.check_parent(to)?;
        if self.is_dir(to) {
            return Err(FsError::IsADirectory);
        }
        if let Some(Node::File { data, .. }) = self.nodes.remove(to) {
            self.used -= data.len();
        }
        self.modes.remove(to);
        for p in self.subtree(from) {
            let dest = format!("{to}{}", &p[from.len()..]);
            if let Some(node) = self.nodes.remove(&p) {
                self.nodes.insert(dest.clone(), node);
            }
            if let Some(mode) = self.modes.remove(&p) {
                self.modes.insert(dest, mode);
            }
        }
        Ok(())
    }

    /// Removes a file, or a directory with everything under it if `recursive`.
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        match self.nodes.get(path) {
            None => Err(FsError::NotFound),
            Some(Node::File { data, .. }) => {
                self.used -= data.len();
                self.nodes.remove(path);
                self.modes.remove(path);
                Ok(())
            }
            Some(Node::Dir) => {
                let prefix = format!("{path}/");
                let children: Vec<String> = self
                    .nodes
                    .range(prefix.clone()..)
                    .take_while(|(k, _)| k.starts_with(&prefix))
                    .map(|(k, _)| k.clone())
                    .collect();
                if !children.is_empty() && !recursive {
                    return Err(FsError::NotEmpty);
                }
                if path == "/" {
                    return Err(FsError::NotEmpty);
                }
                for c in children {
                    if let Some(Node::File { data, .. }) = self.nodes.remove(&c) {
                        self.used -= data.len();
                    }
                    self.modes.remove(&c);
                }
                self.nodes.remove(path);
                self.modes.remove(path);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_table() {
        let cases = [
            ("/home/user", "a", "/home/user/a"),
            ("/home/user", "../x", "/home/x"),
            ("/", "..", "/"),
            ("/a/b", "./c/../d", "/a/b/d"),
            ("/tmp", "~", "/home/user"),
            ("/tmp", "~/.kube/config", "/home/user/.kube/config"),
            ("/tmp", "/etc//hosts", "/etc/hosts"),
        ];
        for (cwd, p, want) in cases {
            assert_eq!(resolve(cwd, p), want, "resolve({cwd:?}, {p:?})");
        }
    }

    #[test]
    fn limit_keeps_old_content() {
        let mut fs = Vfs::with_limit(10);
        fs.write("/a", b"12345".to_vec(), 0).unwrap();
        assert_eq!(
            fs.write("/b", b"1234567".to_vec(), 0),
            Err(FsError::NoSpace)
        );
        assert_eq!(fs.read("/a").unwrap(), b"12345");
        assert!(!fs.exists("/b"));
        fs.write("/a", b"1234567890".to_vec(), 0).unwrap();
        assert_eq!(fs.used(), 10);
    }

    #[test]
    fn modes_follow_files_and_old_snapshots_load() {
        let mut fs = Vfs::default();
        fs.mkdir("/d").unwrap();
        fs.write("/d/f", b"x".to_vec(), 0).unwrap();
        assert_eq!(fs.mode("/d/f"), Some(FILE_MODE));
        assert_eq!(fs.mode("/d"), Some(DIR_MODE));
        fs.set_mode("/d/f", 0o4755).unwrap();
        fs.rename("/d", "/e").unwrap();
        assert_eq!(fs.mode("/e/f"), Some(0o4755));
        assert_eq!(mode_string(false, 0o4755), "-rwsr-xr-x");
        assert_eq!(mode_string(true, 0o1770), "drwxrwx--T");
        fs.remove("/e", true).unwrap();
        fs.mkdir("/e").unwrap();
        fs.write("/e/f", Vec::new(), 0).unwrap();
        assert_eq!(fs.mode("/e/f"), Some(FILE_MODE));
        assert_eq!(fs.set_mode("/nope", 0), Err(FsError::NotFound));
        // A snapshot from before modes existed has no `modes` field.
        let old = r#"{"nodes":{"/":"Dir","/a":{"File":{"data":[104],"mtime_ms":5}}},"limit":10,"used":1}"#;
        let fs: Vfs = serde_json::from_str(old).unwrap();
        assert_eq!(fs.mode("/a"), Some(FILE_MODE));
    }

    #[test]
    fn list_and_remove() {
        let mut fs = Vfs::default();
        fs.mkdir_p("/x/y/z").unwrap();
        fs.write("/x/f", b"hi".to_vec(), 0).unwrap();
        fs.write("/x/y/g", b"hey".to_vec(), 0).unwrap();
        let names: Vec<String> = fs.list("/x").unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["f", "y"]);
        assert_eq!(fs.remove("/x/y", false), Err(FsError::NotEmpty));
        fs.remove("/x/y", true).unwrap();
        assert_eq!(fs.used(), 2);
        assert!(!fs.exists("/x/y/z"));
    }
}
