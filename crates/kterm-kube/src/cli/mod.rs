//! What kubectl and oc share around their verbs: the verb table's shape
//! (`verb.rs`), the global flags parsed once (`globals.rs`), the
//! `Invocation` each verb receives (`invocation.rs`), and everything
//! derived from a table: dispatch, `--help`, the read-only policy and Tab
//! completion. The tables themselves are `cmd::VERBS` (kubectl) and
//! `cmd::oc::VERBS` (oc's own verbs, on top of kubectl's).

mod complete;
mod dispatch;
mod globals;
pub(crate) mod help;
pub(crate) mod invocation;
mod policy;
mod verb;

pub use complete::candidates;
pub use dispatch::dispatch;
pub use globals::Globals;
pub use help::tool as help_text;
pub use invocation::Invocation;
pub use policy::mutates;
pub use verb::{Mutates, Operands, Run, Section, Tool, Verb};

/// Wraps a verb's `async fn run(ctx, inv, args)` as a table entry (a
/// function returning its boxed future), so that each verb is its own
/// future and dispatch awaits one of them rather than all.
macro_rules! entry {
    ($f:path) => {{
        fn entry<'a>(
            ctx: &'a mut kterm_shell::Ctx<'_>,
            inv: &'a mut $crate::cli::Invocation,
            args: &'a [String],
        ) -> futures::future::LocalBoxFuture<'a, Result<i32, $crate::error::KubeError>> {
            Box::pin($f(ctx, inv, args))
        }
        entry as $crate::cli::Run
    }};
}
pub(crate) use entry;

/// The names of a table's entries (each with a `name` field), as a
/// constant: what Tab and the policy list for a verb's subcommands.
macro_rules! names_of {
    ($table:expr) => {{
        let mut names = [""; $table.len()];
        let mut i = 0;
        while i < names.len() {
            names[i] = $table[i].name;
            i += 1;
        }
        names
    }};
}
pub(crate) use names_of;
