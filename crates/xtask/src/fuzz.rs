//! `cargo xtask fuzz [--time S] [--check] [--merge] [TARGET…]`: the
//! coverage-guided fuzz targets in `fuzz/` (cargo-fuzz, libFuzzer), each
//! for S seconds (60 by default), one after the other, starting from the
//! corpus kept in the repository (`fuzz/corpus/TARGET/`, read only) and
//! writing what they find to `fuzz/corpus-work/TARGET/` (not committed).
//! The nightly toolchain and cargo-fuzz are installed first when missing.
//! A crash stops the run with the input saved under
//! `fuzz/artifacts/TARGET/`. `--merge` then adds to the kept corpus only
//! the inputs that reach new edges (libFuzzer's merge without hit
//! counters, which keeps it small). `--check` runs each target only over
//! its kept corpus; `cargo xtask test` replays the same corpora on stable
//! (`crates/xtask/tests/fuzz_corpus.rs`).

use crate::util::{cmd, have, output, root, run};

/// The targets in `fuzz/Cargo.toml`.
const TARGETS: &[&str] = &[
    "shell_parse",
    "sanitize_chunks",
    "yaml_json",
    "kubeconfig",
    "jsonpath",
];

#[derive(Debug)]
struct Plan {
    seconds: u64,
    check: bool,
    merge: bool,
    targets: Vec<String>,
}

fn plan(args: &[String]) -> Result<Plan, String> {
    let mut p = Plan {
        seconds: 60,
        check: false,
        merge: false,
        targets: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--time" => {
                let v = it.next().ok_or("--time needs a number of seconds")?;
                p.seconds = v
                    .parse()
                    .map_err(|_| format!("--time: not a number of seconds: {v}"))?;
            }
            "--check" => p.check = true,
            "--merge" => p.merge = true,
            t if TARGETS.contains(&t) => p.targets.push(t.to_string()),
            other => {
                return Err(format!(
                    "fuzz: unknown target or option {other} (targets: {})",
                    TARGETS.join(", ")
                ))
            }
        }
    }
    if p.targets.is_empty() {
        p.targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    Ok(p)
}

fn ensure_tools() -> Result<(), String> {
    let toolchains = output(cmd("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        run(cmd("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))?;
    }
    if !have("cargo-fuzz") {
        run(cmd("cargo").args(["install", "cargo-fuzz"]))?;
    }
    Ok(())
}

pub fn run_all(args: &[String]) -> Result<(), String> {
    let p = plan(args)?;
    ensure_tools()?;
    let dir = root().join("fuzz");
    for t in &p.targets {
        let corpus = dir.join("corpus").join(t);
        let work = dir.join("corpus-work").join(t);
        for d in [&corpus, &work] {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        let mut c = cmd("cargo");
        c.current_dir(&dir)
            .args(["+nightly", "fuzz", "run", "-O", t]);
        if p.check {
            c.arg(&corpus).args(["--", "-runs=0"]);
        } else {
            c.arg(&work)
                .arg(&corpus)
                .arg("--")
                .arg(format!("-max_total_time={}", p.seconds))
                .arg("-print_final_stats=1");
        }
        println!("fuzz: {t}");
        run(&mut c)?;
        if p.merge && !p.check {
            println!("fuzz: {t}: merging new edges into {}", corpus.display());
            run(cmd("cargo")
                .current_dir(&dir)
                .args(["+nightly", "fuzz", "run", "-O", t])
                .arg(&corpus)
                .arg(&work)
                .args(["--", "-merge=1", "-use_counters=0", "-use_value_profile=0"]))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        let p = plan(&s(&["--time", "5", "yaml_json"])).unwrap();
        assert_eq!(
            (p.seconds, p.check, p.targets),
            (5, false, s(&["yaml_json"]))
        );
        let p = plan(&s(&["--check"])).unwrap();
        assert_eq!((p.check, p.targets.len()), (true, TARGETS.len()));
        let p = plan(&s(&["--merge", "jsonpath"])).unwrap();
        assert_eq!((p.merge, p.targets), (true, s(&["jsonpath"])));
        assert_eq!(
            plan(&s(&["--time", "x"])).err().as_deref(),
            Some("--time: not a number of seconds: x")
        );
        assert!(plan(&s(&["nope"]))
            .unwrap_err()
            .starts_with("fuzz: unknown target"));
    }
}
