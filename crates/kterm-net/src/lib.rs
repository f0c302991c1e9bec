//! `curl` and `jq`: the API half of the IBM Cloud docs. `curl` sends its
//! request through the shell's HTTP client (the endpoint map routes the real
//! hosts to the sandbox or the gateway) and prints what curl 8 prints; `jq`
//! runs the jq language on the jaq crates and prints what jq 1.7 prints.
//! They form the `net` family, so their code loads on first use.

mod curl;
mod jq;

use std::rc::Rc;

use kterm_shell::{Command, CommandInfo, Registry};

/// The family's commands as the shell knows them before their code loads.
pub const COMMANDS: &[CommandInfo] = &[curl::INFO, jq::INFO];

/// The family's commands (what loading the net family gives).
pub fn commands() -> Vec<Rc<dyn Command>> {
    vec![Rc::new(curl::Curl), Rc::new(jq::Jq)]
}

/// Registers the tools with their code at hand (native tests).
pub fn register(reg: &mut Registry) {
    for c in commands() {
        reg.register(c);
    }
}
