#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Bad input never panics: thousands of random scripts, options and inputs
//! (from a fixed seed, so a failure repeats) through every tool.

use futures::executor::block_on;
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Cancel, Registry, Shell};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn text(&mut self, pieces: &[&str], max: u64) -> String {
        let n = self.next() % max;
        (0..n).map(|_| self.pick(pieces)).collect()
    }
}

#[rustfmt::skip]
const SED: &[&str] = &[
    "s", "/", "a", "b", "\\", "(", ")", "{", "}", "[", "]", "*", "+", "?", "|", "^", "$", ".",
    "&", "1", "0", "2", ",", "~", "!", ";", "\n", " ", "p", "d", "g", "I", "y", "N", "D", "P",
    "x", "G", "H", "q", "=", "l", "n", "t", "b", ":", "a\\", "i", "c", "\\n", "\\1", "\\(",
    "\\)", "\\{", "\\}", "-", "[:alpha:]", "w", "r", "e", "#", "99999999999999999999",
];

#[rustfmt::skip]
const AWK: &[&str] = &[
    "BEGIN", "END", "{", "}", "(", ")", "[", "]", "$", "NF", "NR", "x", "a", "i", "=", "+", "-",
    "*", "/", "%", "^", "!", "<", ">", "|", "&&", "||", "?", ":", ";", "\n", " ", ",", "\"s\"",
    "\"", "/r/", "~", "print", "printf", "\"%d%s%c%*.*f\"", "if", "else", "while", "for", "in",
    "do", "next", "exit", "function", "f", "return", "getline", "delete", "length", "substr",
    "split", "sub", "gsub", "match", "sprintf", "index", "1", "0", "1e308", "-1", "99999999999",
    "++", "--", "\\", "#", ".5", "0x1f", "$0", "close", "toupper", "gensub", "\"g\"",
];

#[rustfmt::skip]
const ARGS: &[&str] = &[
    "-", "--", "-n", "-d", "-s", "-c", "-w", "-b", "-v", "-i", "-I", "-L", "-t", "-u", "-q",
    "-x", "-0", "-r", "-z", "-e", "-f", "-l", "-p", "-R", "-o", "-U", "-9223372036854775808",
    "99999999999999999999", "0", "1", "-1", "2", "1.5", "1e400", "a", "z-a", "a-z", "[:upper:]",
    "[x*]", "[a*99999999999]", "\\", "\\0", "%", "%d", "%g", "%%", "XXX", "f", "g", "nofile",
    "/", "", "u+x", "=", "755", "+", ":", "(", ")", "length", "substr", "index", "match",
    "\\(a\\)", "-w999999999", "-v9223372036854775807", "-i9223372036854775807",
];

/// A random awk expression that parses: operators, calls and fields over
/// awkward values (negative fields, huge numbers, empty strings).
fn expr(rng: &mut Rng, depth: u32) -> String {
    if depth == 0 || rng.next().is_multiple_of(3) {
        return rng
            .pick(&[
                "0",
                "1",
                "-1",
                "1e308",
                "-1e308",
                "0.5",
                "\"\"",
                "\"abc\"",
                "\"3x\"",
                "x",
                "a[1]",
                "NF",
                "NR",
                "$0",
                "$1",
                "$NF",
                "$(NF+2)",
                "\"%d%s%c\"",
                "\"[\"",
                "\"a*\"",
                "\"\\\\\"",
            ])
            .to_string();
    }
    let a = expr(rng, depth - 1);
    let b = expr(rng, depth - 1);
    match rng.next() % 22 {
        0 => format!("({a} + {b})"),
        1 => format!("({a} * {b})"),
        2 => format!("({a} % ({b} + 1))"),
        3 => format!("({a} ^ {b})"),
        4 => format!("({a} {b})"),
        5 => format!("({a} < {b})"),
        6 => format!("substr({a}, {b}, {a})"),
        7 => format!("index({a}, {b})"),
        8 => format!("split({a}, arr, {b})"),
        9 => format!("sub({b}, {a}, y)"),
        10 => format!("gsub({b}, {a}, y)"),
        11 => format!("match({a}, {b})"),
        12 => format!("sprintf({a}, {b}, {a})"),
        13 => format!("length({a})"),
        14 => format!("({a} ~ {b})"),
        15 => format!("int({a})"),
        16 => format!("(x = {a})"),
        17 => format!("($({b} % 5) = {a})"),
        18 => format!("(NF = {b} % 7)"),
        19 => format!("toupper({a})"),
        20 => format!("gensub({b}, {a}, {a}, {b})"),
        _ => format!("({a} ? {b} : {a})"),
    }
}

fn run(sh: &mut Shell, host: &TestHost, words: &[String]) {
    let line: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect();
    let mut out = Vec::new();
    let mut err = Vec::new();
    block_on(sh.run_line(&line.join(" "), host, &mut out, &mut err, Cancel::new()));
}

#[test]
fn random_input_never_panics() {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let mut reg = Registry::new();
            builtins::register(&mut reg);
            kterm_text::register(&mut reg);
            let mut sh = Shell::new(reg);
            let host = TestHost::default();
            let f = sh.state.abs_path("f");
            sh.state
                .fs
                .write(&f, b"a b\n1 2 3\n\nxyz\n".to_vec(), 0)
                .unwrap();
            let g = sh.state.abs_path("g");
            sh.state.fs.write(&g, b"a\nb".to_vec(), 0).unwrap();
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
            let tools = [
                "sed", "awk", "xargs", "tr", "seq", "basename", "dirname", "mktemp", "chmod",
                "tac", "nl", "expr", "paste", "column", "diff",
            ];
            for round in 0..10000 {
                let tool = tools[round % tools.len()];
                let mut words = vec![tool.to_string()];
                match tool {
                    "sed" => {
                        if rng.next().is_multiple_of(2) {
                            words.push(rng.pick(&["-n", "-E", "-s", "-z"]).into());
                        }
                        words.push(rng.text(SED, 14));
                    }
                    "awk" if rng.next().is_multiple_of(2) => {
                        let e1 = expr(&mut rng, 3);
                        let e2 = expr(&mut rng, 3);
                        words.push(format!("{{ y = $0; print {e1}; printf {e2}, {e1} }}"));
                    }
                    "awk" => words.push(rng.text(AWK, 16)),
                    _ => {
                        for _ in 0..rng.next() % 5 {
                            let a = rng.pick(ARGS);
                            // seq to a huge bound prints for ever, as GNU's does.
                            if tool == "seq" && (a.len() > 6 || a.contains('e')) {
                                continue;
                            }
                            words.push(a.into());
                        }
                    }
                }
                if rng.next().is_multiple_of(2) {
                    words.push(rng.pick(&["f", "g", "nofile", "-"]).into());
                }
                let desc = format!("{words:?}");
                if std::env::var("NO_PANIC_TRACE").is_ok() {
                    eprintln!("{round} {desc}");
                }
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(&mut sh, &host, &words)
                }));
                assert!(r.is_ok(), "panicked on {desc}");
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
