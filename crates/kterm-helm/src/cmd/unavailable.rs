//! Helm's commands that need charts, repositories or plugins, or that
//! change releases: a browser terminal reads releases only, so each says
//! so and fails.

use crate::error::HelmError;

/// (name, aliases) of each such command, as `helm --help` lists them.
pub const COMMANDS: &[(&str, &[&str])] = &[
    ("completion", &[]),
    ("create", &[]),
    ("dependency", &["dep", "dependencies"]),
    ("install", &[]),
    ("lint", &[]),
    ("package", &[]),
    ("plugin", &[]),
    ("pull", &["fetch"]),
    ("push", &[]),
    ("registry", &[]),
    ("repo", &[]),
    ("rollback", &[]),
    ("search", &[]),
    ("show", &["inspect"]),
    ("template", &[]),
    ("test", &[]),
    ("uninstall", &["del", "delete", "un"]),
    ("upgrade", &[]),
    ("verify", &[]),
];

/// The command's canonical name, if `word` names one of them.
pub fn find(word: &str) -> Option<&'static str> {
    COMMANDS
        .iter()
        .find(|(n, a)| *n == word || a.contains(&word))
        .map(|(n, _)| *n)
}

pub fn error(name: &str) -> HelmError {
    let why = match name {
        "install" | "upgrade" | "rollback" | "uninstall" | "test" => {
            "it changes releases in the cluster, and helm in this terminal only reads them"
        }
        "repo" | "search" | "pull" | "push" | "registry" | "show" | "template" | "dependency"
        | "verify" => "it needs charts and chart repositories, which this terminal does not have",
        "create" | "lint" | "package" => {
            "it works on chart directories, which this terminal does not have"
        }
        _ => "this terminal's helm has no plugins, shell completion scripts or Helm home",
    };
    HelmError::msg(format!(
        "\"helm {name}\" is not available in this terminal: {why}. Available here: helm list, status, history, get (all, hooks, manifest, metadata, notes, values), version and env"
    ))
}
