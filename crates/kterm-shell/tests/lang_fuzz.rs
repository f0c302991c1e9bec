#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Random programs over the language's syntax never panic, hang or
//! overflow the stack: a bounded, seeded fuzz run (`LANG_FUZZ_RUNS` raises
//! the count for a longer local run).

use std::cell::Cell;

use async_trait::async_trait;
use futures::executor::block_on;
use kterm_shell::{builtins, Cancel, Host, Registry, Shell};

/// A clock that runs on each look and presses Ctrl-C after a while, so an
/// endless loop in a random program ends.
struct Bounded {
    now: Cell<i64>,
    cancel: Cancel,
}

#[async_trait(?Send)]
impl Host for Bounded {
    fn now_ms(&self) -> i64 {
        self.now.set(self.now.get() + 7);
        if self.now.get() > 3_000 {
            self.cancel.cancel();
        }
        self.now.get()
    }
    async fn sleep_ms(&self, ms: u64) {
        self.now.set(self.now.get() + ms as i64);
    }
    async fn read_line(&self, _prompt: &str, _secret: bool) -> Option<String> {
        Some("typed line".into())
    }
    async fn read_raw(&self) -> Option<Vec<u8>> {
        None
    }
}

const ALPHABET: &[&str] = &[
    "a",
    "x",
    "1",
    " ",
    " ",
    ";",
    "\n",
    "'",
    "\"",
    "\\",
    "$",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "|",
    "&",
    "<",
    ">",
    "#",
    "%",
    "/",
    ":",
    "-",
    "=",
    "*",
    "?",
    "@",
    "!",
    "~",
    ",",
    "^",
    "+",
    "if ",
    "then ",
    "else ",
    "fi",
    "for i in ",
    "do ",
    "done",
    "while ",
    "until ",
    "case ",
    " in ",
    "esac",
    ";;",
    "((",
    "))",
    "[[ ",
    " ]]",
    "${",
    "$(",
    "$((",
    "`",
    "<<E\n",
    "E\n",
    "<<<",
    "$'",
    "{1..3}",
    "a=(",
    "f() { ",
    "function g ",
    "local ",
    "declare -A ",
    "read ",
    "printf %",
    "let ",
    "eval ",
    "echo ",
    "set -e; ",
    "shift ",
    "return ",
    "break ",
    "continue ",
    "trap ",
    "=~ ",
    "-eq ",
    "${#",
    "${!",
    "${x:-",
    "${x//",
    "${x:1:",
    "x=",
    "$@",
    "\"$@\"",
    "$?",
    "$1",
    "bash -c ",
    "source ",
    "exit ",
    "exec ",
    "alias ",
    "unset ",
    "getopts ",
    "2>&1",
    ">f",
    "<f",
];

fn shell() -> Shell {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    Shell::new(reg)
}

#[test]
fn random_programs_never_panic_or_hang() {
    let runs: usize = std::env::var("LANG_FUZZ_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500);
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let mut seed: u64 = 0x1234_5678_9abc_def1;
            let mut next = move || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed
            };
            let mut sh = shell();
            for n in 0..runs {
                if n % 50 == 0 {
                    sh = shell();
                }
                let len = (next() % 30) as usize;
                let input: String = (0..len)
                    .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                    .collect();
                let _ = sh.is_incomplete(&input);
                let cancel = Cancel::new();
                let host = Bounded {
                    now: Cell::new(0),
                    cancel: cancel.clone(),
                };
                let mut out = Vec::new();
                let mut err = Vec::new();
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    block_on(sh.run_line(&input, &host, &mut out, &mut err, cancel))
                }));
                assert!(r.is_ok(), "panicked on {input:?}");
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
