//! `ibmcloud` (and `bx`) for kterm: the core commands and the Kubernetes
//! Service plug-in, over IBM Cloud's REST APIs through the shell's HTTP
//! client. Output follows the real CLI's wording and layout.

mod api;
mod cmd;
pub mod error;
mod flags;
mod output;
mod regions;
pub mod session;
mod table;

use std::rc::Rc;

use kterm_shell::{Registry, ShellState};

pub fn register(reg: &mut Registry) {
    reg.register(Rc::new(cmd::Ibmcloud));
}

/// The targeted region, for the prompt.
pub fn prompt_segment(state: &ShellState) -> Option<String> {
    let s = session::Session::load(state);
    (s.logged_in() && !s.region.is_empty()).then_some(s.region)
}
