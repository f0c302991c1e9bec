#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Differential tests: every case in `tests/cases/*.txt` runs once with the
//! real GNU tool (bash, in a fresh temporary directory) and once in a fresh
//! kterm session, and both must print the same stdout and stderr and exit
//! with the same status. `awk` is GNU awk: the oracle's PATH maps `awk` to
//! `gawk` (installed by `cargo xtask test`); a missing oracle fails the test.
//!
//! A cases file holds shared input files (`@file NAME` … `@end`, the last
//! newline of the block ending the file unless the line `@noeol` closes it
//! instead) and one case per `$ COMMAND LINE` line (continued on the next
//! line when it ends in a lone `\` or leaves a single quote open); `##` starts a comment.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use futures::executor::block_on;
use kterm_shell::testing::{TestHost, T0_MS};
use kterm_shell::{builtins, Cancel, Registry, Shell};

struct Cases {
    files: Vec<(String, Vec<u8>)>,
    lines: Vec<String>,
}

fn parse(text: &str) -> Cases {
    let mut files = Vec::new();
    let mut lines = Vec::new();
    let mut it = text.lines();
    while let Some(l) = it.next() {
        if let Some(name) = l.strip_prefix("@file ") {
            let mut body = Vec::new();
            for b in it.by_ref() {
                match b {
                    "@end" => {
                        body.push(b'\n');
                        break;
                    }
                    "@noeol" => break,
                    _ => {
                        if !body.is_empty() {
                            body.push(b'\n');
                        }
                        body.extend_from_slice(b.as_bytes());
                    }
                }
            }
            // An empty block is an empty file.
            if body == b"\n" {
                body.clear();
            }
            files.push((name.trim().to_string(), body));
        } else if let Some(cmd) = l.strip_prefix("$ ") {
            // A line ending in a lone `\` goes on with the next one.
            let mut cmd = cmd.to_string();
            while (cmd.ends_with('\\') && !cmd.ends_with("\\\\")) || open_quote(&cmd) {
                match it.next() {
                    Some(more) => {
                        cmd.push('\n');
                        cmd.push_str(more);
                    }
                    None => break,
                }
            }
            lines.push(cmd);
        }
    }
    Cases { files, lines }
}

/// Whether a shell line leaves a single- or double-quoted string open.
fn open_quote(line: &str) -> bool {
    let mut quote = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\\') | (Some('"'), '\\') => {
                chars.next();
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    quote.is_some()
}

fn oracle_bin(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kterm-text-oracle-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gawk = ["/usr/bin/gawk", "/bin/gawk", "/usr/local/bin/gawk"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| {
            panic!("the awk oracle is GNU awk and `gawk` is not installed: `cargo xtask test` installs it (Debian package gawk)")
        });
    let link = dir.join("awk");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(gawk, &link).unwrap();
    for tool in ["sed", "tr", "seq", "diff", "xargs", "column", "bash"] {
        let found = Command::new("bash")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .unwrap();
        assert!(
            found.status.success(),
            "the oracle `{tool}` is not installed"
        );
    }
    dir
}

/// The real tools' answer, in a fresh directory holding the case's files.
fn real(bin: &Path, files: &[(String, Vec<u8>)], line: &str, tag: &str) -> (String, String, i32) {
    let dir = std::env::temp_dir().join(format!("kterm-text-case-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let t0 = std::time::UNIX_EPOCH + std::time::Duration::from_millis(T0_MS as u64);
    for (name, data) in files {
        let p = dir.join(name);
        std::fs::write(&p, data).unwrap();
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(t0).unwrap();
    }
    let path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display());
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &format!("umask 022; {line}")])
        .current_dir(&dir)
        .env_clear()
        .env("PATH", path)
        .env("LC_ALL", "C")
        .env("TZ", "UTC")
        .env("HOME", &dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        normalize(&String::from_utf8_lossy(&out.stderr)),
        out.status.code().unwrap_or(-1),
    )
}

/// GNU awk names itself `gawk` when run by that name; kterm's is `awk`.
fn normalize(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| match l.strip_prefix("gawk: ") {
            Some(rest) => format!("awk: {rest}\n"),
            None => format!("{l}\n"),
        })
        .collect()
}

/// kterm's answer, in a fresh session whose working directory holds the files.
fn kterm(files: &[(String, Vec<u8>)], line: &str) -> (String, String, i32) {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    kterm_text::register(&mut reg);
    let mut sh = Shell::new(reg);
    let host = TestHost::default();
    for (name, data) in files {
        let p = sh.state.abs_path(name);
        sh.state.fs.write(&p, data.clone(), T0_MS).unwrap();
    }
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = block_on(sh.run_line(line, &host, &mut out, &mut err, Cancel::new()));
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
        status,
    )
}

fn run_file(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let cases = parse(&text);
    assert!(!cases.lines.is_empty(), "{name} has no cases");
    let bin = oracle_bin(name);
    let mut failures = Vec::new();
    for (n, line) in cases.lines.iter().enumerate() {
        let want = real(&bin, &cases.files, line, &format!("{name}-{n}"));
        let got = kterm(&cases.files, line);
        if want != got {
            failures.push(format!(
                "$ {line}\n  GNU:   out={:?} err={:?} status={}\n  kterm: out={:?} err={:?} status={}",
                want.0, want.1, want.2, got.0, got.1, got.2
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&bin);
    assert!(
        failures.is_empty(),
        "{name}: {} of {} cases differ from GNU:\n{}",
        failures.len(),
        cases.lines.len(),
        failures.join("\n")
    );
}

macro_rules! cases {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                run_file($file);
            }
        )*
    };
}

cases! {
    awk_matches_gawk => "awk.txt",
    sed_matches_gnu => "sed.txt",
    xargs_matches_findutils => "xargs.txt",
    tr_matches_coreutils => "tr.txt",
    seq_matches_coreutils => "seq.txt",
    names_match_coreutils => "basename_dirname.txt",
    mktemp_matches_coreutils => "mktemp.txt",
    chmod_matches_coreutils => "chmod.txt",
    tac_nl_match_coreutils => "tac_nl.txt",
    expr_matches_coreutils => "expr.txt",
    paste_matches_coreutils => "paste.txt",
    column_matches_util_linux => "column.txt",
    diff_matches_diffutils => "diff.txt",
}
