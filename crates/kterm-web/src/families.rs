//! The command families the terminal offers beyond the builtins, each
//! named up front (`help`, completion of its names) and loaded on first use.
//!
//! Each family's code is a separate wasm chunk: `#[wasm_split]` marks the
//! function that builds its command table as a split point, and
//! `cargo xtask build` (crates/xtask/src/bundle.rs) cuts everything only
//! that function reaches out of the main module into `split_<name>.wasm`,
//! fetched the first time the function is called (code shared by two
//! families goes to a chunk both fetch). The page prefetches every family
//! once the prompt is up (`Session::boot`).
//!
//! Adding a family is one line in [`all`]:
//! `family!(name, the_crate)`, where `the_crate` has
//! `COMMANDS: &[CommandInfo]` and `commands() -> Vec<Rc<dyn Command>>`
//! (and a dependency line in Cargo.toml). Nothing else in the build
//! changes: the split tool finds the new split point by itself.

// `#[wasm_split]` expands to the FFI glue of a split point (an `extern "C"`
// import/export pair and a static loader): unsafe code, generated, confined
// to this module.
#![allow(unsafe_code)]

use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture};
use kterm_shell::command::Loaded;
use kterm_shell::{Command, Family};
use wasm_split_helpers::{wasm_split, SplitLoaderError};

/// A family's code could not be fetched or instantiated (the details are in
/// the browser console).
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// Why a family did not load, as the shell prints it
/// (`kterm: kubectl: could not load the command (…); try again`).
pub const NOT_LOADED: &str = "its code could not be downloaded";

type Commands = Vec<Rc<dyn Command>>;

/// One family: its split point (the chunk is named after `$name`), its
/// loader and its entry.
macro_rules! family {
    ($name:ident, $krate:ident) => {{
        #[wasm_split($name, fallible)]
        fn $name() -> Result<Commands, NotLoaded> {
            Ok($krate::commands())
        }
        fn load() -> LocalBoxFuture<'static, Loaded> {
            async { $name().await.map_err(|_| NOT_LOADED.to_string()) }.boxed_local()
        }
        Family {
            name: stringify!($name),
            commands: $krate::COMMANDS,
            load,
        }
    }};
}

pub fn all() -> Vec<Family> {
    vec![
        family!(ibmcloud, kterm_ibmcloud),
        family!(kube, kterm_kube),
        family!(text, kterm_text),
        family!(helm, kterm_helm),
        family!(net, kterm_net),
    ]
}
