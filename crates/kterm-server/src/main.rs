//! kterm-server: serves the bundle at `/` and the sandbox under `/api`.

use std::net::SocketAddr;

#[tokio::main]
async fn main() {
    let mut host = "127.0.0.1".to_string();
    let mut port: u16 = 8080;
    let mut dist = "dist".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--host" => host = args.next().unwrap_or(host),
            "--port" => port = args.next().and_then(|p| p.parse().ok()).unwrap_or(port),
            "--dist" => dist = args.next().unwrap_or(dist),
            _ => {}
        }
    }
    let sandbox = kterm_sim::Sandbox::standard();
    let app = axum::Router::new()
        .nest("/api", sandbox.router())
        .fallback_service(tower_http::services::ServeDir::new(dist));
    let addr: SocketAddr = match format!("{host}:{port}").parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kterm-server: bad address {host}:{port}: {e}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kterm-server: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("kterm ready at http://{addr}");
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("kterm-server: {e}");
        std::process::exit(1);
    }
}
