//! `cargo xtask serve | test | bench | build`.
//!
//! Every tool the project needs is installed from here, so a fresh machine
//! needs only Rust, Node/npm and Python: nothing is installed by hand.

mod bench;
mod bundle;
mod fuzz;
mod load;
mod setup;
mod side;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <serve [--port N] [--host H] [--tls-port N] [--upstream ibmcloud | --upstream-config FILE] [--embed-origins O,…] | test | bench [--rtt MS] [--runs N] [--no-build] | bench load [--seconds N] | bench side [--rtt MS] [--runs N] [--no-build] | build | fuzz [--time S] [--check] [--merge] [TARGET…]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test::run(),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run_all(&args[1..]),
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
    let server_args = serve_args(args)?;
    setup::ensure_bundle_tools()?;
    setup::build_bundle()?;
    util::run(
        util::cargo()
            .args(["run", "--release", "-q", "-p", "kterm-server", "--"])
            .args(&server_args),
    )
}

/// kterm-server's arguments for `cargo xtask serve ARGS`.
fn serve_args(args: &[String]) -> Result<Vec<String>, String> {
    let mut port = "8080".to_string();
    let mut host = "127.0.0.1".to_string();
    // The gateway instead of the sandbox, passed on to kterm-server as is.
    let mut upstream: Vec<String> = Vec::new();
    // Also HTTPS on this port, for real clients (kubectl sends tokens only
    // over TLS); the sandbox hands its certificate out as the clusters' CA.
    let mut tls: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => port = it.next().cloned().ok_or("--port needs a value")?,
            "--host" => host = it.next().cloned().ok_or("--host needs a value")?,
            "--tls-port" => {
                let v = it.next().cloned().ok_or("--tls-port needs a value")?;
                v.parse::<u16>()
                    .map_err(|_| format!("--tls-port: not a port number: {v}"))?;
                tls = vec!["--tls-port".to_string(), v];
            }
            flag @ ("--upstream" | "--upstream-config" | "--embed-origins") => {
                let v = it.next().cloned().ok_or(format!("{flag} needs a value"))?;
                upstream.extend([flag.to_string(), v]);
            }
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let mut out: Vec<String> = ["--host", &host, "--port", &port, "--dist", "dist"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    out.extend(tls);
    out.extend(upstream);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn serve_passes_its_flags_to_the_server() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("", Ok("--host 127.0.0.1 --port 8080 --dist dist")),
            (
                "--tls-port 8443 --port 9000",
                Ok("--host 127.0.0.1 --port 9000 --dist dist --tls-port 8443"),
            ),
            (
                "--upstream ibmcloud --tls-port 8443",
                Ok("--host 127.0.0.1 --port 8080 --dist dist --tls-port 8443 --upstream ibmcloud"),
            ),
            ("--tls-port", Err("--tls-port needs a value")),
            (
                "--tls-port https",
                Err("--tls-port: not a port number: https"),
            ),
        ];
        for (args, want) in cases {
            let got = serve_args(&words(args));
            assert_eq!(got, want.map(words).map_err(String::from), "{args}");
        }
    }
}
