//! `cargo xtask bench`: bundle size and browser timings (filled in below).

pub fn run() -> Result<(), String> {
    Err("bench: not yet implemented".into())
}
