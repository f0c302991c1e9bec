//! The harness of the net family's tests: a sandbox on loopback, a shell
//! with the builtins and curl/jq on a wall-clock host, and the real tools
//! to compare with.
#![allow(dead_code)] // each test file uses a different part

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use async_trait::async_trait;
use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::Outcome;
use kterm_shell::{Cancel, CmdError, Command, Ctx, Host, Registry, Shell};
use kterm_sim::{Config, ManualClock, Sandbox};

/// 2026-01-01T00:00:00Z.
pub const T0: i64 = 1_767_225_600_000;

pub async fn serve() -> String {
    let sb = Sandbox::new(Arc::new(ManualClock::new(T0)), Config::default());
    sb.serve_on_loopback().await.unwrap()
}

/// Real time: `-m` needs a timer that waits.
pub struct WallHost;

#[async_trait(?Send)]
impl Host for WallHost {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
    async fn sleep_ms(&self, ms: u64) {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await
    }
    async fn read_line(&self, _prompt: &str, _secret: bool) -> Option<String> {
        None
    }
    async fn read_raw(&self) -> Option<Vec<u8>> {
        None
    }
}

pub struct Term {
    pub shell: Shell,
    pub host: WallHost,
    pub origin: String,
}

/// Raw bytes of a run (bodies may be binary).
pub struct Run {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: i32,
}

impl Run {
    pub fn text(&self) -> Outcome {
        Outcome {
            stdout: String::from_utf8_lossy(&self.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&self.stderr).into_owned(),
            status: self.status,
        }
    }
}

impl Term {
    pub fn on(origin: &str) -> Term {
        let mut reg = Registry::new();
        kterm_shell::builtins::register(&mut reg);
        kterm_net::register(&mut reg);
        let mut shell = Shell::new(reg);
        shell.state.ext.insert(Client::new(
            Rc::new(NativeTransport::new()),
            Endpoints::ibm_cloud(origin),
        ));
        Term {
            shell,
            host: WallHost,
            origin: origin.to_string(),
        }
    }

    /// Runs one command with `args` and `stdin`, as the executor would.
    pub async fn cmd(&mut self, name: &str, args: &[String], stdin: &[u8]) -> Run {
        self.cmd_with(name, args, stdin, Cancel::new()).await
    }

    pub async fn cmd_with(
        &mut self,
        name: &str,
        args: &[String],
        stdin: &[u8],
        cancel: Cancel,
    ) -> Run {
        let cmd = self.shell.registry.get(name).unwrap();
        let mut out = Vec::new();
        let mut err = Vec::new();
        let status = {
            let mut ctx = Ctx {
                name: name.to_string(),
                args: args.to_vec(),
                stdin: stdin.to_vec(),
                stdin_is_tty: stdin.is_empty(),
                stdout: &mut out,
                stderr: &mut err,
                stdout_is_tty: false,
                sh: &mut self.shell.state,
                registry: &self.shell.registry,
                host: &self.host,
                cancel,
            };
            match (&*cmd as &dyn Command).run(&mut ctx).await {
                Ok(n) => n,
                Err(CmdError::Msg(m)) => {
                    err.extend_from_slice(format!("{name}: {m}\n").as_bytes());
                    1
                }
                Err(e) => e.status(),
            }
        };
        Run {
            stdout: out,
            stderr: err,
            status,
        }
    }

    /// A whole command line through the shell.
    pub async fn sh(&mut self, line: &str) -> Run {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let status = self
            .shell
            .run_line(line, &self.host, &mut out, &mut err, Cancel::new())
            .await;
        Run {
            stdout: out,
            stderr: err,
            status,
        }
    }

    pub fn write_file(&mut self, name: &str, data: &[u8]) {
        let path = kterm_shell::fs::resolve(&self.shell.state.cwd, name);
        self.shell.state.fs.write(&path, data.to_vec(), 0).unwrap();
    }

    pub fn read_file(&self, name: &str) -> Option<Vec<u8>> {
        let path = kterm_shell::fs::resolve(&self.shell.state.cwd, name);
        self.shell.state.fs.read(&path).ok().map(<[u8]>::to_vec)
    }
}

/// A fresh directory for a real tool's files.
pub fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kterm-net-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a real program in `dir` off the runtime's thread (the sandbox
/// answers it from this runtime).
pub async fn real(program: &str, args: &[String], stdin: &[u8], dir: &std::path::Path) -> Run {
    let (program, args, stdin, dir) = (
        program.to_string(),
        args.to_vec(),
        stdin.to_vec(),
        dir.to_path_buf(),
    );
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut child = std::process::Command::new(&program)
            .args(&args)
            .current_dir(&dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        if let Some(mut i) = child.stdin.take() {
            let _ = i.write_all(&stdin);
        }
        let out = child.wait_with_output().unwrap();
        Run {
            stdout: out.stdout,
            stderr: out.stderr,
            status: out.status.code().unwrap_or(-1),
        }
    })
    .await
    .unwrap()
}

/// A server that answers every connection with `response` (a whole HTTP
/// response, e.g. a binary body) and closes.
pub async fn fixed_server(response: Vec<u8>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = sock.write_all(&response).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    origin
}

/// A server that accepts connections and never answers (`-m`, Ctrl-C).
pub async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    origin
}

/// An HTTP response with a binary body: every byte value twice.
pub fn binary_response() -> (Vec<u8>, Vec<u8>) {
    let body: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    let mut r = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(&body);
    (r, body)
}
