//! The shell's lexer and parser on any text: an error or a program, never
//! a panic, a hang or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        let _ = kterm_shell::lang::parse(line);
    }
});
