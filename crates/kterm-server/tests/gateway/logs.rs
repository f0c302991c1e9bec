//! The real binary with `--upstream-config`: its access log says which
//! request came and how it ended, and never a credential, query or body.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;

use super::support::{fake_upstream, raw};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn config_file(name: &str, text: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("kterm-gw-{}-{name}.json", std::process::id()));
    std::fs::write(&p, text).unwrap();
    p
}

#[tokio::test(flavor = "current_thread")]
async fn access_log_has_no_authorization_query_or_body() {
    let svc = fake_upstream().await;
    let config = config_file(
        "log",
        &format!(
            r#"{{"upstreams": {{"containers": "{svc}/api/containers"}},
                "allow_hosts": ["{svc}"], "allow_networks": ["127.0.0.0/8"],
                "access_log": true}}"#
        ),
    );
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kterm-server"))
        .args(["--port", &port.to_string(), "--dist", "/nonexistent"])
        .arg("--upstream-config")
        .arg(&config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    std::thread::spawn(move || {
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx2.send(format!("stderr: {l}"));
        }
    });
    let mut lines = Vec::new();
    loop {
        let l = rx.recv().unwrap();
        let ready = l.starts_with("kterm ready at");
        lines.push(l);
        if ready {
            break;
        }
    }
    let gw = format!("http://127.0.0.1:{port}");
    let (status, _, body) = raw(
        &gw,
        "POST /api/containers/echo?token=SECRET-QUERY HTTP/1.1\r\nAuthorization: Bearer SECRET-TOKEN\r\nCookie: s=SECRET-COOKIE\r\nContent-Length: 11\r\n\r\nSECRET-BODY",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, _) = raw(
        &gw,
        "GET /api/containers/echo HTTP/1.1\r\nAuthorization: Bearer SECRET-TOKEN\r\nOrigin: https://evil.example.com\r\n\r\n",
    )
    .await;
    assert_eq!(status, 403);
    // Both requests are answered, so both lines are written; the process
    // ends when killed and its pipes close.
    child.kill().unwrap();
    child.wait().unwrap();
    lines.extend(rx.iter());
    let log: Vec<String> = lines
        .iter()
        .map(|l| {
            // The duration varies; the rest is exact.
            l.split(" (").next().unwrap_or(l).to_string()
        })
        .collect();
    assert_eq!(
        log,
        [
            format!("kterm ready at http://127.0.0.1:{port}"),
            "gateway: POST /api/containers/echo -> 200".to_string(),
            "gateway: GET /api/containers/echo -> 403".to_string(),
        ],
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("SECRET")), "{lines:?}");
    let _ = std::fs::remove_file(config);
}

#[test]
fn a_bad_config_file_stops_the_server_with_the_reason() {
    let config = config_file("bad", r#"{"allow_networks": ["10.0.0.0/33"]}"#);
    let out = Command::new(env!("CARGO_BIN_EXE_kterm-server"))
        .args(["--port", "0", "--upstream-config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "kterm-server: gateway: allow_networks: \"10.0.0.0/33\" is not an address or CIDR range\n"
    );
    let _ = std::fs::remove_file(config);
}
