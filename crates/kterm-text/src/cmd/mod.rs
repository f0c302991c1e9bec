//! The small tools, one per file (sed and awk have their own modules).

pub mod basename;
pub mod chmod;
pub mod column;
pub mod diff;
pub mod dirname;
pub mod expr;
pub mod mktemp;
pub mod nl;
pub mod paste;
pub mod seq;
pub mod tac;
pub mod tr;
pub mod xargs;
