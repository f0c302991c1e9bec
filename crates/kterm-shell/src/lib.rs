//! kterm's shell engine. Pure Rust: no browser crates, so it compiles and
//! tests natively and for wasm32. The browser front end supplies a [`Host`]
//! (timers, the clock, interactive input) and an [`Out`] sink per stream.

pub mod builtins;
pub mod cancel;
pub mod command;
pub mod editor;
pub mod fs;
pub mod host;
pub mod io;
pub mod jwt;
pub mod lang;
pub mod persist;
pub mod policy;
pub mod sanitize;
pub mod shell;
pub mod sort;
pub mod state;
pub mod term;
pub mod testing;
pub mod textedit;
pub mod time;
pub mod yaml;

pub use cancel::Cancel;
pub use command::{CmdError, Command, CommandInfo, Ctx, Family, Registry};
pub use host::Host;
pub use io::Out;
pub use shell::Shell;
pub use state::{Extensions, ShellState};
