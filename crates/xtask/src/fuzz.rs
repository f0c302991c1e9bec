//! `cargo xtask fuzz [--time S] [--check] [TARGET…]`: the coverage-guided
//! fuzz targets in `fuzz/` (cargo-fuzz, libFuzzer), each for S seconds
//! (60 by default), one after the other. The nightly toolchain and
//! cargo-fuzz are installed first when missing. A crash stops the run with
//! the input saved under `fuzz/artifacts/TARGET/`. `--check` runs each
//! target only over its corpus (`fuzz/corpus/TARGET/`), a regression check.

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
    targets: Vec<String>,
}

fn plan(args: &[String]) -> Result<Plan, String> {
    let mut p = Plan {
        seconds: 60,
        check: false,
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
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let mut c = cmd("cargo");
        c.current_dir(&dir)
            .args(["+nightly", "fuzz", "run", "-O", t])
            .arg(&corpus)
            .arg("--");
        if p.check {
            c.arg("-runs=0");
        } else {
            c.arg(format!("-max_total_time={}", p.seconds));
        }
        println!("fuzz: {t}");
        run(&mut c)?;
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
        assert_eq!(
            plan(&s(&["--time", "x"])).err().as_deref(),
            Some("--time: not a number of seconds: x")
        );
        assert!(plan(&s(&["nope"]))
            .unwrap_err()
            .starts_with("fuzz: unknown target"));
    }
}
