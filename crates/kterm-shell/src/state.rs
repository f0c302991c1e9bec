//! The session: environment, working directory, files, aliases, history, and
//! typed slots for the tools' own state. Everything here lives in the tab.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::fs::Vfs;

pub const HOME: &str = "/home/user";

fn is_false(b: &bool) -> bool {
    !*b
}

/// A shell variable: a string, or an indexed or associative array, with
/// its attributes.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Var {
    pub value: String,
    pub exported: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub readonly: bool,
    /// `declare -i`: assignments are evaluated as arithmetic.
    #[serde(default, skip_serializing_if = "is_false")]
    pub integer: bool,
    /// `declare -u` (`'u'`) or `-l` (`'l'`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<char>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub array: Option<Array>,
    /// Declared (`local x`, `declare -a x`) but never given a value.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unset: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum Array {
    Indexed(BTreeMap<i64, String>),
    /// Keys in insertion order.
    Assoc(Vec<(String, String)>),
}

impl Var {
    /// The value `$name` gives: the scalar, or element 0 / key `0`.
    pub fn scalar(&self) -> Option<&str> {
        if self.unset {
            return None;
        }
        match &self.array {
            None => Some(&self.value),
            Some(Array::Indexed(m)) => m.get(&0).map(String::as_str),
            Some(Array::Assoc(v)) => v.iter().find(|(k, _)| k == "0").map(|(_, v)| v.as_str()),
        }
    }
}

/// Shell variables; exported ones form the environment of commands.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Env {
    vars: BTreeMap<String, Var>,
}

impl Env {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).and_then(Var::scalar)
    }

    pub fn var(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }

    /// The variable, created empty (and unset) if missing.
    pub fn var_mut(&mut self, name: &str) -> &mut Var {
        self.vars.entry(name.to_string()).or_insert_with(|| Var {
            unset: true,
            ..Var::default()
        })
    }

    /// Puts a whole variable back (or removes it): locals and subshells.
    pub fn restore(&mut self, name: &str, var: Option<Var>) {
        match var {
            Some(v) => {
                self.vars.insert(name.to_string(), v);
            }
            None => {
                self.vars.remove(name);
            }
        }
    }

    /// Sets a variable, keeping its exported flag if it exists.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.vars.get_mut(name) {
            Some(v) => {
                v.unset = false;
                match &mut v.array {
                    Some(Array::Indexed(m)) => {
                        m.insert(0, value);
                    }
                    Some(Array::Assoc(m)) => match m.iter_mut().find(|(k, _)| k == "0") {
                        Some(e) => e.1 = value,
                        None => m.push(("0".into(), value)),
                    },
                    None => v.value = value,
                }
            }
            None => {
                self.vars.insert(
                    name.to_string(),
                    Var {
                        value,
                        ..Var::default()
                    },
                );
            }
        }
    }

    pub fn export(&mut self, name: &str, value: Option<String>) {
        let v = self.vars.entry(name.to_string()).or_insert_with(|| Var {
            unset: true,
            ..Var::default()
        });
        if let Some(value) = value {
            v.value = value;
            v.unset = false;
        }
        v.exported = true;
    }

    pub fn unset(&mut self, name: &str) {
        self.vars.remove(name);
    }

    pub fn is_exported(&self, name: &str) -> bool {
        self.vars.get(name).is_some_and(|v| v.exported)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Var)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn exported(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars
            .iter()
            .filter(|(_, v)| v.exported && v.array.is_none() && !v.unset)
            .map(|(k, v)| (k.as_str(), v.value.as_str()))
    }
}

/// Typed slots for per-tool session state that is not a file (HTTP client,
/// caches). Keyed by type, so each tool owns its own slot.
#[derive(Default)]
pub struct Extensions {
    map: HashMap<TypeId, Box<dyn Any>>,
}

impl Extensions {
    pub fn insert<T: 'static>(&mut self, value: T) {
        self.map.insert(TypeId::of::<T>(), Box::new(value));
    }

    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.map
            .get(&TypeId::of::<T>())
            .and_then(|b| b.downcast_ref())
    }

    pub fn get_mut<T: 'static>(&mut self) -> Option<&mut T> {
        self.map
            .get_mut(&TypeId::of::<T>())
            .and_then(|b| b.downcast_mut())
    }

    pub fn get_or_default<T: Default + 'static>(&mut self) -> &mut T {
        self.map
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()))
            .downcast_mut()
            .expect("slot holds the type it is keyed by")
    }

    pub fn remove<T: 'static>(&mut self) -> Option<T> {
        self.map
            .remove(&TypeId::of::<T>())
            .and_then(|b| b.downcast().ok())
            .map(|b| *b)
    }
}

/// What survives a reload of the tab (kept in sessionStorage by the front end).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub env: Env,
    pub cwd: String,
    pub fs: Vfs,
    pub aliases: BTreeMap<String, String>,
    pub history: Vec<String>,
}

pub struct ShellState {
    pub env: Env,
    pub cwd: String,
    pub fs: Vfs,
    pub aliases: BTreeMap<String, String>,
    pub history: Vec<String>,
    pub last_status: i32,
    pub ext: Extensions,
    /// Consulted before every command (read-only terminals); `None` allows all.
    pub policy: Option<std::rc::Rc<dyn crate::policy::Policy>>,
    /// The language's own state: functions, positional parameters,
    /// options, traps, local scopes.
    pub lang: crate::lang::LangState,
}

impl Default for ShellState {
    fn default() -> Self {
        let mut env = Env::default();
        for (k, v) in [
            ("HOME", HOME),
            ("USER", "user"),
            ("PATH", "/usr/local/bin:/usr/bin:/bin"),
            ("TERM", "xterm-256color"),
            ("SHELL", "/bin/kterm"),
            ("PWD", HOME),
        ] {
            env.export(k, Some(v.to_string()));
        }
        let mut fs = Vfs::default();
        // A fresh file system always has these; failure is impossible on an empty tree.
        let _ = fs.mkdir_p(HOME);
        let _ = fs.mkdir_p("/tmp");
        Self {
            env,
            cwd: HOME.to_string(),
            fs,
            aliases: BTreeMap::new(),
            history: Vec::new(),
            last_status: 0,
            ext: Extensions::default(),
            policy: None,
            lang: crate::lang::LangState::default(),
        }
    }
}

impl ShellState {
    /// Resolves `path` against the working directory and `~`.
    pub fn abs_path(&self, path: &str) -> String {
        crate::fs::resolve(&self.cwd, path)
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            env: self.env.clone(),
            cwd: self.cwd.clone(),
            fs: self.fs.clone(),
            aliases: self.aliases.clone(),
            history: self.history.clone(),
        }
    }

    pub fn restore(&mut self, s: Snapshot) {
        self.env = s.env;
        self.cwd = s.cwd;
        self.fs = s.fs;
        self.aliases = s.aliases;
        self.history = s.history;
    }
}
