//! libFuzzer target; the check is `checks::jsonpath` (shared with the stable
//! corpus replay in `crates/xtask/tests/fuzz_corpus.rs`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jsonpath(data));
