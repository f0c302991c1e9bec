//! The shell's builtins, one per file. `register` lists them all.

mod util;

/// Declares a builtin: a unit struct whose `run` is the module's `run` fn,
/// and whose `--help` prints `$help`.
macro_rules! builtin {
    ($ty:ident, $name:literal, $summary:literal, $help:expr) => {
        pub struct $ty;

        #[async_trait::async_trait(?Send)]
        impl $crate::Command for $ty {
            fn name(&self) -> &'static str {
                $name
            }
            fn summary(&self) -> &'static str {
                $summary
            }
            fn help(&self) -> String {
                $help.to_string()
            }
            async fn run(&self, ctx: &mut $crate::Ctx<'_>) -> Result<i32, $crate::CmdError> {
                if $crate::builtins::util::help(ctx, $help) {
                    return Ok(0);
                }
                run(ctx).await
            }
        }
    };
}

mod alias;
mod base64;
mod cat;
mod cd;
mod clear;
mod cp;
mod cut;
mod date;
mod download;
mod echo;
mod env;
mod exit;
mod false_;
mod fileedit;
mod grep;
mod head;
mod help;
mod history;
mod ls;
mod mkdir;
mod mv;
mod nano;
mod printenv;
pub mod printf;
mod pwd;
mod rm;
mod sleep;
mod sort;
mod tail;
mod tee;
mod touch;
mod true_;
mod type_;
mod unalias;
mod uniq;
mod upload;
mod vi;
mod vim;
mod wc;
mod which;
mod whoami;

pub use date::format_date;
pub use upload::store as store_upload;

use std::rc::Rc;

use crate::Registry;

/// Names the executor handles itself (they change or run the shell).
pub const SPECIAL: &[(&str, &str)] = crate::lang::exec::builtins::NAMES;

pub fn register(reg: &mut Registry) {
    let all: Vec<Rc<dyn crate::Command>> = vec![
        Rc::new(alias::Alias),
        Rc::new(base64::Base64),
        Rc::new(cat::Cat),
        Rc::new(cd::Cd),
        Rc::new(clear::Clear),
        Rc::new(cp::Cp),
        Rc::new(cut::Cut),
        Rc::new(date::Date),
        Rc::new(download::Download),
        Rc::new(echo::Echo),
        Rc::new(env::Env),
        Rc::new(exit::Exit),
        Rc::new(false_::False),
        Rc::new(grep::Grep),
        Rc::new(head::Head),
        Rc::new(help::Help),
        Rc::new(history::History),
        Rc::new(ls::Ls),
        Rc::new(mkdir::Mkdir),
        Rc::new(mv::Mv),
        Rc::new(nano::Nano),
        Rc::new(printenv::Printenv),
        Rc::new(pwd::Pwd),
        Rc::new(rm::Rm),
        Rc::new(sleep::Sleep),
        Rc::new(sort::Sort),
        Rc::new(tail::Tail),
        Rc::new(tee::Tee),
        Rc::new(touch::Touch),
        Rc::new(true_::True),
        Rc::new(type_::Type),
        Rc::new(unalias::Unalias),
        Rc::new(uniq::Uniq),
        Rc::new(vi::Vi),
        Rc::new(vim::Vim),
        Rc::new(upload::Upload),
        Rc::new(wc::Wc),
        Rc::new(which::Which),
        Rc::new(whoami::Whoami),
    ];
    for c in all {
        reg.register(c);
    }
}
