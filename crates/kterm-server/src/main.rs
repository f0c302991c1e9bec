//! `kterm-server [--host H] [--port N] [--tls-port N] [--dist DIR]
//!  [--upstream ibmcloud | --upstream-config FILE] [--embed-origins O,…]`

use std::net::SocketAddr;
use std::time::Duration;

/// How long open requests may finish after SIGTERM.
const DRAIN: Duration = Duration::from_secs(10);

const USAGE: &str = "usage: kterm-server [--host HOST] [--port PORT] [--tls-port PORT] [--dist DIR]
                    [--upstream ibmcloud | --upstream-config FILE]
                    [--embed-origins https://console.example.com,…]";

struct Args {
    host: String,
    port: u16,
    /// Also serve HTTPS here, for real clients (kubectl sends bearer
    /// tokens only over TLS).
    tls_port: Option<u16>,
    dist: String,
    /// Forward `/api` to real upstreams instead of mounting the sandbox.
    upstream: Option<Upstream>,
    /// Who may frame the terminal.
    site: kterm_server::Site,
}

enum Upstream {
    Preset(String),
    File(String),
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        host: "127.0.0.1".into(),
        port: 8080,
        tls_port: None,
        dist: "dist".into(),
        upstream: None,
        site: kterm_server::Site::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--host" => a.host = value()?,
            "--port" => {
                a.port = value()?
                    .parse()
                    .map_err(|_| format!("--port: not a port number\n{USAGE}"))?
            }
            "--tls-port" => {
                a.tls_port = Some(
                    value()?
                        .parse()
                        .map_err(|_| format!("--tls-port: not a port number\n{USAGE}"))?,
                )
            }
            "--dist" => a.dist = value()?,
            "--upstream" => a.upstream = Some(Upstream::Preset(value()?)),
            "--upstream-config" => a.upstream = Some(Upstream::File(value()?)),
            "--embed-origins" => {
                a.site = kterm_server::Site::from_flag(&value()?)
                    .map_err(|e| format!("--embed-origins: {e}\n{USAGE}"))?
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(a)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

fn gateway(up: &Upstream) -> Result<std::sync::Arc<kterm_server::gateway::Gateway>, String> {
    use kterm_server::gateway::{Config, Gateway};
    let config = match up {
        Upstream::Preset(name) => Config::preset(name)?,
        Upstream::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            Config::from_json(&text).map_err(|e| format!("{path}: {e}"))?
        }
    };
    Gateway::new(config)
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let addr: SocketAddr = match format!("{}:{}", args.host, args.port).parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kterm-server: bad address {}:{}: {e}", args.host, args.port);
            std::process::exit(2);
        }
    };
    let tls = match args
        .tls_port
        .map(|_| kterm_server::tls::self_signed(&args.host))
        .transpose()
    {
        Ok(t) => t,
        Err(e) => {
            eprintln!("kterm-server: cannot make a TLS certificate: {e}");
            std::process::exit(1);
        }
    };
    // The gateway's file may set the listener's limits; the sandbox uses the defaults.
    let mut limits = None;
    let app = match &args.upstream {
        None => {
            let config = kterm_sim::Config {
                tls_ca_pem: tls.as_ref().map(|t| t.cert_pem.clone()),
                ..kterm_sim::Config::default()
            };
            let sandbox =
                kterm_sim::Sandbox::new(std::sync::Arc::new(kterm_sim::SystemClock), config);
            sandbox.spawn_controllers();
            kterm_server::app_on(&args.dist, &sandbox, &args.site)
        }
        Some(up) => match gateway(up) {
            Ok(gw) => {
                limits = Some(gw.limits());
                kterm_server::gateway_app_on(&args.dist, &gw, &args.site)
            }
            Err(e) => {
                eprintln!("kterm-server: gateway: {e}");
                std::process::exit(2);
            }
        },
    };
    let limits = limits.unwrap_or_default();
    if let (Some(port), Some(tls)) = (args.tls_port, tls) {
        let tls_addr: SocketAddr = match format!("{}:{port}", args.host).parse() {
            Ok(a) => a,
            Err(e) => {
                eprintln!("kterm-server: bad address {}:{port}: {e}", args.host);
                std::process::exit(2);
            }
        };
        let acceptor = match kterm_server::serve::tls_acceptor(&tls.cert_pem, &tls.key_pem) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("kterm-server: TLS configuration: {e}");
                std::process::exit(1);
            }
        };
        let listener = match kterm_server::serve::listen(tls_addr) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("kterm-server: cannot listen on {tls_addr}: {e}");
                std::process::exit(1);
            }
        };
        let tls_app = kterm_server::https(app.clone());
        let limits = limits.clone();
        println!("kterm also at https://{tls_addr}");
        tokio::spawn(async move {
            kterm_server::serve::serve(
                listener,
                tls_app,
                &limits,
                Some(acceptor),
                std::future::pending(),
                DRAIN,
            )
            .await;
        });
    }
    let listener = match kterm_server::serve::listen(addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kterm-server: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("kterm ready at http://{addr}");
    kterm_server::serve::serve(listener, app, &limits, None, shutdown_signal(), DRAIN).await;
}
