//! Helm's commands: the table of the ones that run here (one file each),
//! and the ones a browser cannot offer (`unavailable.rs`). Adding one: a
//! `mod` line, a table entry, its file.

pub mod env;
pub mod get_all;
pub mod get_hooks;
pub mod get_manifest;
pub mod get_metadata;
pub mod get_notes;
pub mod get_values;
pub mod history;
pub mod list;
pub mod status;
pub mod unavailable;
pub mod version;

use futures::future::LocalBoxFuture;
use kterm_shell::Ctx;

use crate::error::HelmError;
use crate::flags::{Flag, Parsed};

pub type Run =
    for<'a, 'b> fn(&'a mut Ctx<'b>, &'a Parsed) -> LocalBoxFuture<'a, Result<i32, HelmError>>;

/// How many operands a command takes (cobra's `require` helpers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Args {
    None,
    Exact(usize),
    Max(usize),
}

pub struct Sub {
    /// The words after `helm` (`list`, `get values`).
    pub path: &'static str,
    pub aliases: &'static [&'static str],
    /// What follows the path in the usage line (`RELEASE_NAME`).
    pub operands: &'static str,
    pub short: &'static str,
    pub long: &'static str,
    pub flags: &'static [Flag],
    pub args: Args,
    pub run: Run,
}

impl Sub {
    /// cobra's `UseLine`.
    pub fn use_line(&self) -> String {
        if self.operands.is_empty() {
            format!("helm {} [flags]", self.path)
        } else {
            format!("helm {} {} [flags]", self.path, self.operands)
        }
    }

    /// The operand check, in the words of Helm's `require` package.
    pub fn check_args(&self, args: &[String]) -> Result<(), HelmError> {
        let why = match self.args {
            Args::None if !args.is_empty() => "accepts no arguments".to_string(),
            Args::Exact(n) if args.len() != n => format!(
                "requires {n} {}",
                if n == 1 { "argument" } else { "arguments" }
            ),
            Args::Max(n) if args.len() > n => format!(
                "accepts at most {n} {}",
                if n == 1 { "argument" } else { "arguments" }
            ),
            _ => return Ok(()),
        };
        Err(HelmError::msg(format!(
            "\"helm {}\" {why}\n\nUsage:  {}",
            self.path,
            self.use_line()
        )))
    }
}

/// Wraps `async fn run(ctx, parsed)` as a table entry.
macro_rules! entry {
    ($f:path) => {{
        fn entry<'a, 'b>(
            ctx: &'a mut kterm_shell::Ctx<'b>,
            p: &'a $crate::flags::Parsed,
        ) -> futures::future::LocalBoxFuture<'a, Result<i32, $crate::error::HelmError>> {
            Box::pin($f(ctx, p))
        }
        entry as $crate::cmd::Run
    }};
}
pub(crate) use entry;

/// The commands that run here, in `helm --help`'s order.
pub fn table() -> [&'static Sub; 11] {
    [
        &env::SUB,
        &get_all::SUB,
        &get_hooks::SUB,
        &get_manifest::SUB,
        &get_metadata::SUB,
        &get_notes::SUB,
        &get_values::SUB,
        &history::SUB,
        &list::SUB,
        &status::SUB,
        &version::SUB,
    ]
}
