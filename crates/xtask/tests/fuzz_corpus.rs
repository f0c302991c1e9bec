#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design
//! The fuzz corpora as regression tests, on the stable toolchain: every
//! file under `fuzz/corpus/TARGET/` goes through the same check as the
//! libFuzzer target `TARGET` (`fuzz/checks.rs`), so `cargo xtask test`
//! replays what the fuzzers found interesting without nightly or
//! cargo-fuzz. `cargo xtask fuzz` grows the corpora; minimised with
//! `cargo +nightly fuzz cmin TARGET`.

#[path = "../../../fuzz/checks.rs"]
mod checks;

use std::path::PathBuf;

fn corpus(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

/// One target's corpus; the names of the files whose check panicked.
fn replay(target: &str, check: fn(&[u8])) -> (usize, Vec<String>) {
    let Ok(entries) = std::fs::read_dir(corpus(target)) else {
        return (0, Vec::new());
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    kterm_shell::sort::sort(&mut files);
    let mut failed = Vec::new();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            failed.push(f.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    (files.len(), failed)
}

#[test]
fn every_corpus_file_passes_its_check() {
    // libFuzzer runs the checks on the main thread (8 MiB of stack); a
    // test thread has 2 MiB, so the replay gets the main thread's size.
    let report = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            checks::TARGETS
                .iter()
                .map(|(name, check)| {
                    let (n, failed) = replay(name, *check);
                    (name.to_string(), n, failed)
                })
                .collect::<Vec<_>>()
        })
        .unwrap()
        .join()
        .unwrap();
    let mut problems = Vec::new();
    for (name, n, failed) in report {
        if n == 0 {
            problems.push(format!("{name}: no corpus in fuzz/corpus/{name}"));
        }
        if !failed.is_empty() {
            problems.push(format!(
                "{name}: {} of {n} failed: {failed:?}",
                failed.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every libFuzzer target in `fuzz/Cargo.toml` has a check and a corpus.
#[test]
fn every_target_is_replayed() {
    let manifest = std::fs::read_to_string(corpus("").join("../Cargo.toml")).unwrap();
    let bins: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .filter(|n| *n != "kterm-fuzz")
        .collect();
    let checked: Vec<&str> = checks::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(bins, checked);
}
