//! `cargo xtask serve | test | bench | build`.
//!
//! Every tool the project needs is installed from here, so a fresh machine
//! needs only Rust, Node/npm and Python: nothing is installed by hand.

mod bench;
mod load;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <serve [--port N] [--host H] [--upstream ibmcloud | --upstream-config FILE] [--embed-origins O,…] | test | bench [load [--seconds N]] | build>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test::run(),
        Some("bench") => bench::run(&args[1..]),
        Some("build") => setup::ensure_bundle_tools().and_then(|_| setup::build_bundle()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut port = "8080".to_string();
    let mut host = "127.0.0.1".to_string();
    // The gateway instead of the sandbox, passed on to kterm-server as is.
    let mut upstream: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => port = it.next().cloned().ok_or("--port needs a value")?,
            "--host" => host = it.next().cloned().ok_or("--host needs a value")?,
            flag @ ("--upstream" | "--upstream-config" | "--embed-origins") => {
                let v = it.next().cloned().ok_or(format!("{flag} needs a value"))?;
                upstream.extend([flag.to_string(), v]);
            }
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    setup::ensure_bundle_tools()?;
    setup::build_bundle()?;
    util::run(
        util::cargo()
            .args(["run", "--release", "-q", "-p", "kterm-server", "--"])
            .args(["--host", &host, "--port", &port, "--dist", "dist"])
            .args(&upstream),
    )
}
