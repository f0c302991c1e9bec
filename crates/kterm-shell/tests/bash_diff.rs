#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design
//! Differential corpus: every `tests/bash/*.sh` is run by the real bash
//! (`bash NAME.sh` in a fresh temporary directory) and by kterm's shell
//! (`bash NAME.sh` with the file in a fresh session); stdout, stderr and
//! the exit status must be identical. `BASH_DIFF=name` runs only the
//! scripts whose name contains `name`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use futures::executor::block_on;
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Cancel, Registry, Shell};

#[derive(Debug, PartialEq, Eq)]
struct Run {
    stdout: String,
    stderr: String,
    status: i32,
}

fn real_bash() -> Option<PathBuf> {
    let out = Command::new("bash").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.contains("version 5.").then(|| PathBuf::from("bash"))
}

fn run_real(bash: &Path, name: &str, text: &str, n: usize) -> Run {
    let dir = std::env::temp_dir().join(format!("kterm-bash-diff-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
    let out = Command::new(bash)
        .arg(name)
        .current_dir(&dir)
        .env_clear()
        .env("HOME", "/home/user")
        .env("USER", "user")
        .env("PATH", "/usr/bin:/bin")
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

fn run_kterm(name: &str, text: &str) -> Run {
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    let mut sh = Shell::new(reg);
    let host = TestHost::default();
    sh.state
        .fs
        .write(&format!("/home/user/{name}"), text.as_bytes().to_vec(), 0)
        .unwrap();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = block_on(sh.run_line(
        &format!("bash {name}"),
        &host,
        &mut out,
        &mut err,
        Cancel::new(),
    ));
    Run {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
        status,
    }
}

#[test]
fn scripts_behave_as_bash() {
    let Some(bash) = real_bash() else {
        eprintln!("SKIPPED scripts_behave_as_bash: no bash 5 on PATH; the differential corpus did not run");
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bash");
    let filter = std::env::var("BASH_DIFF").unwrap_or_default();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sh") && n.contains(&filter))
        .collect();
    kterm_shell::sort::sort(&mut names);
    assert!(!names.is_empty(), "no scripts in {}", dir.display());
    let mut failures = Vec::new();
    for (n, name) in names.iter().enumerate() {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let want = run_real(&bash, name, &text, n);
        // Debug builds use far more stack per nested call than the
        // release build the browser runs.
        let (nm, tx) = (name.clone(), text.clone());
        let got = std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn(move || run_kterm(&nm, &tx))
            .unwrap()
            .join()
            .unwrap();
        if got != want {
            failures.push(format!("--- {name}\n  bash:  {want:?}\n  kterm: {got:?}"));
        }
    }
    eprintln!("{} scripts, {} differ", names.len(), failures.len());
    assert!(
        failures.is_empty(),
        "{}\n{} of {} scripts differ",
        failures.join("\n"),
        failures.len(),
        names.len()
    );
}
