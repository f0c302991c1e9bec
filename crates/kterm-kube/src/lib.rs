//! `kubectl` for kterm, over the Kubernetes REST API through the shell's
//! HTTP client, printing what the real kubectl prints.

pub mod access;
mod api;
mod auth;
mod cli;
mod cmd;
pub mod discovery;
pub mod error;
mod flags;
pub mod go;
pub mod kubeconfig;
mod manifest;
pub mod merge;
mod mutate;
mod podref;
mod prefetch;
mod print;
mod rbac;
mod trace;

use std::rc::Rc;

pub use prefetch::prefetch;

use kterm_shell::{Command, CommandInfo, Registry, ShellState};

/// kubectl and oc as the shell knows them before their code loads.
pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        name: "kubectl",
        aliases: &[],
        summary: cmd::KUBECTL_SUMMARY,
    },
    CommandInfo {
        name: "oc",
        aliases: &[],
        summary: cmd::oc::SUMMARY,
    },
];

/// The family's commands (what loading the kube family gives).
pub fn commands() -> Vec<Rc<dyn Command>> {
    vec![Rc::new(cmd::Kubectl), Rc::new(cmd::oc::Oc)]
}

/// Registers kubectl and oc with their code at hand (native tools, tests).
pub fn register(reg: &mut Registry) {
    for c in commands() {
        reg.register(c);
    }
}

/// The current Kubernetes context, for the prompt.
pub fn prompt_segment(state: &ShellState) -> Option<String> {
    let cfg = kterm_kubeconfig::Loaded::load(state, None).ok()?.config;
    let c = cfg.current_context;
    (!c.is_empty()).then(|| c.split('/').next().unwrap_or(&c).to_string())
}
