//! `ibmcloud` (and `bx`) for kterm: the core commands and the Kubernetes
//! Service plug-in, over IBM Cloud's REST APIs through the shell's HTTP
//! client, and `docker login`/`logout` for the Container Registry. Output
//! follows the real CLIs' wording and layout.

mod api;
mod cmd;
mod colour;
mod docker;
pub mod error;
mod flags;
mod output;
mod regions;
pub mod session;
mod table;

use std::rc::Rc;

use kterm_shell::{Command, CommandInfo, Registry, ShellState};

/// ibmcloud as the shell knows it before its code loads.
pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        name: "ibmcloud",
        aliases: &["bx"],
        summary: cmd::SUMMARY,
    },
    docker::INFO,
];

/// The family's commands (what loading the ibmcloud family gives).
pub fn commands() -> Vec<Rc<dyn Command>> {
    vec![Rc::new(cmd::Ibmcloud), Rc::new(docker::Docker)]
}

/// Registers ibmcloud with its code at hand (native tools, tests).
pub fn register(reg: &mut Registry) {
    for c in commands() {
        reg.register(c);
    }
}

/// The targeted region, for the prompt.
pub fn prompt_segment(state: &ShellState) -> Option<String> {
    let s = session::Session::load(state);
    (s.logged_in() && !s.region.is_empty()).then_some(s.region)
}
