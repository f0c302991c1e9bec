//! `kterm-server [--host H] [--port N] [--dist DIR]`

use std::net::SocketAddr;

const USAGE: &str = "usage: kterm-server [--host HOST] [--port PORT] [--dist DIR]";

struct Args {
    host: String,
    port: u16,
    dist: String,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        host: "127.0.0.1".into(),
        port: 8080,
        dist: "dist".into(),
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
            "--dist" => a.dist = value()?,
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
    let sandbox = kterm_sim::Sandbox::standard();
    let app = kterm_server::app(&args.dist, &sandbox);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kterm-server: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("kterm ready at http://{addr}");
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        eprintln!("kterm-server: {e}");
        std::process::exit(1);
    }
}
