//! `kubectl` for kterm, over the Kubernetes REST API through the shell's
//! HTTP client, printing what the real kubectl prints.

mod api;
mod auth;
mod cmd;
mod columns;
pub mod config_file;
mod context;
pub mod discovery;
pub mod error;
mod flags;
mod gofmt;
mod gosort;
mod gotime;
mod goyaml;
pub mod jsonpath;
pub mod kubeconfig;
pub mod kubectl_text;
mod manifest;
pub mod merge;
mod mutate;
mod output;
mod podref;
pub mod printer;
mod rbac;
mod trace;

use std::rc::Rc;

use kterm_shell::{Registry, ShellState};

pub fn register(reg: &mut Registry) {
    reg.register(Rc::new(cmd::Kubectl));
    reg.register(Rc::new(cmd::oc::Oc));
}

/// The current Kubernetes context, for the prompt.
pub fn prompt_segment(state: &ShellState) -> Option<String> {
    let cfg = kubeconfig::load(state, None).ok()?;
    let c = cfg["current-context"].as_str()?;
    (!c.is_empty()).then(|| c.split('/').next().unwrap_or(c).to_string())
}
