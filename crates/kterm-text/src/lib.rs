//! The small text tools one-liners use: `sed`, `awk`, `xargs`, `tr`, `seq`,
//! `basename`, `dirname`, `mktemp`, `chmod`, `tac`, `nl`, `expr`, `paste`,
//! `column`, `diff`. They print what GNU's tools print (the C locale's
//! messages), work on the session's files, and form the `text` family, so
//! their code loads on first use.

mod awk;
mod cfmt;
mod cmd;
mod common;
mod diffseq;
mod regex;
mod sed;

use std::rc::Rc;

use kterm_shell::{Command, CommandInfo, Registry};

/// Declares a tool: a unit struct whose `run` is the module's `run` fn and
/// whose name and summary come from the module's `INFO`.
macro_rules! tool {
    ($ty:ident, $help:expr) => {
        pub struct $ty;

        #[async_trait::async_trait(?Send)]
        impl kterm_shell::Command for $ty {
            fn name(&self) -> &'static str {
                INFO.name
            }
            fn summary(&self) -> &'static str {
                INFO.summary
            }
            fn help(&self) -> String {
                $help.to_string()
            }
            async fn run(
                &self,
                ctx: &mut kterm_shell::Ctx<'_>,
            ) -> Result<i32, kterm_shell::CmdError> {
                if crate::common::wants_help(ctx) {
                    ctx.stdout.write_str($help);
                    return Ok(0);
                }
                run(ctx).await
            }
        }
    };
}
pub(crate) use tool;

/// The family's commands as the shell knows them before their code loads.
pub const COMMANDS: &[CommandInfo] = &[
    awk::INFO,
    cmd::basename::INFO,
    cmd::chmod::INFO,
    cmd::column::INFO,
    cmd::diff::INFO,
    cmd::dirname::INFO,
    cmd::expr::INFO,
    cmd::mktemp::INFO,
    cmd::nl::INFO,
    cmd::paste::INFO,
    sed::INFO,
    cmd::seq::INFO,
    cmd::tac::INFO,
    cmd::tr::INFO,
    cmd::xargs::INFO,
];

/// The family's commands (what loading the text family gives).
pub fn commands() -> Vec<Rc<dyn Command>> {
    vec![
        Rc::new(awk::Awk),
        Rc::new(cmd::basename::Basename),
        Rc::new(cmd::chmod::Chmod),
        Rc::new(cmd::column::Column),
        Rc::new(cmd::diff::Diff),
        Rc::new(cmd::dirname::Dirname),
        Rc::new(cmd::expr::Expr),
        Rc::new(cmd::mktemp::Mktemp),
        Rc::new(cmd::nl::Nl),
        Rc::new(cmd::paste::Paste),
        Rc::new(sed::Sed),
        Rc::new(cmd::seq::Seq),
        Rc::new(cmd::tac::Tac),
        Rc::new(cmd::tr::Tr),
        Rc::new(cmd::xargs::Xargs),
    ]
}

/// Registers the tools with their code at hand (native tests).
pub fn register(reg: &mut Registry) {
    for c in commands() {
        reg.register(c);
    }
}
