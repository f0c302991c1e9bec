//! The small shell an exec runs in a sandbox container: `ls`, `cat`, `env`,
//! `echo`, `hostname`, `ps`, `pwd`, `cd`, `id`, `uname`, `stty size`,
//! `exit`, over a fixed file tree (`/etc/hostname` is the pod name). Pure:
//! bytes in, [`Step`]s out, so the WebSocket code only moves frames.

use serde_json::Value;

/// What the session produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Stdout(Vec<u8>),
    Stderr(Vec<u8>),
    /// The process ended with this status.
    Exit(i32),
    /// The runtime could not start the program at all.
    NoSuchProgram(String),
}

/// The container a session runs in.
#[derive(Debug, Clone)]
pub struct Container {
    pub pod: String,
    pub namespace: String,
    pub name: String,
    pub image: String,
    pub env: Vec<(String, String)>,
}

impl Container {
    pub fn from_pod(pod: &Value, container: &str) -> Container {
        let spec = pod["spec"]["containers"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["name"] == container))
            .cloned()
            .unwrap_or(Value::Null);
        let env = spec["env"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        Some((
                            e["name"].as_str()?.to_string(),
                            e["value"].as_str().unwrap_or("").to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Container {
            pod: pod["metadata"]["name"].as_str().unwrap_or("").to_string(),
            namespace: pod["metadata"]["namespace"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            name: container.to_string(),
            image: spec["image"].as_str().unwrap_or("").to_string(),
            env,
        }
    }

    fn is_debian(&self) -> bool {
        self.image.starts_with("nginx")
    }

    /// Files of the container, by absolute path.
    fn files(&self) -> Vec<(String, String)> {
        let os = if self.is_debian() {
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n"
        } else {
            "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.3\nPRETTY_NAME=\"Alpine Linux v3.21\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n"
        };
        let mut files = vec![
            ("/etc/hostname".to_string(), format!("{}\n", self.pod)),
            ("/etc/os-release".into(), os.to_string()),
            ("/etc/hosts".into(), format!("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n172.30.4.17\t{}\n", self.pod)),
            ("/etc/resolv.conf".into(), format!("search {}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 172.21.0.10\noptions ndots:5\n", self.namespace)),
            ("/etc/passwd".into(), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n".into()),
            ("/var/run/secrets/kubernetes.io/serviceaccount/namespace".into(), self.namespace.clone()),
        ];
        if self.is_debian() {
            files.push(("/usr/share/nginx/html/index.html".into(), "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n".into()));
            files.push(("/etc/nginx/nginx.conf".into(), "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    include /etc/nginx/conf.d/*.conf;\n}\n".into()));
        } else {
            files.push((
                "/app/config.env".into(),
                self.env()
                    .iter()
                    .filter(|(k, _)| k.starts_with("APP_") || k == "LOG_LEVEL")
                    .map(|(k, v)| format!("{k}={v}\n"))
                    .collect(),
            ));
        }
        files
    }

    fn dirs(&self) -> Vec<String> {
        let mut dirs: Vec<String> = [
            "/", "/bin", "/dev", "/etc", "/home", "/proc", "/root", "/tmp", "/usr", "/var",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (f, _) in self.files() {
            let mut p = f.as_str();
            while let Some((parent, _)) = p.rsplit_once('/') {
                let parent = if parent.is_empty() { "/" } else { parent };
                if !dirs.iter().any(|d| d == parent) {
                    dirs.push(parent.to_string());
                }
                p = parent;
                if p == "/" {
                    break;
                }
            }
        }
        dirs
    }

    /// The environment every process of the container starts with.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = vec![
            (
                "PATH".to_string(),
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
            ),
            ("HOSTNAME".into(), self.pod.clone()),
        ];
        if !self.is_debian() {
            env.push(("APP_NAME".into(), self.name.clone()));
            env.push(("LOG_LEVEL".into(), "info".into()));
        } else {
            env.push(("NGINX_VERSION".into(), "1.27.3".into()));
        }
        env.extend(self.env.iter().cloned());
        env.extend([
            ("KUBERNETES_SERVICE_HOST".into(), "172.21.0.1".into()),
            ("KUBERNETES_SERVICE_PORT".into(), "443".into()),
            ("KUBERNETES_SERVICE_PORT_HTTPS".into(), "443".into()),
            ("KUBERNETES_PORT".into(), "tcp://172.21.0.1:443".into()),
            (
                "KUBERNETES_PORT_443_TCP".into(),
                "tcp://172.21.0.1:443".into(),
            ),
            ("KUBERNETES_PORT_443_TCP_PROTO".into(), "tcp".into()),
            ("KUBERNETES_PORT_443_TCP_PORT".into(), "443".into()),
            ("KUBERNETES_PORT_443_TCP_ADDR".into(), "172.21.0.1".into()),
            ("HOME".into(), "/root".into()),
        ]);
        env
    }
}

/// Programs on the container's PATH.
const PROGRAMS: &[&str] = &[
    "sh", "ls", "cat", "echo", "env", "hostname", "ps", "pwd", "id", "uname", "true", "false",
    "stty", "whoami",
];

#[derive(Debug, PartialEq, Eq)]
enum Mode {
    /// Before the program started, or running one command line.
    Start,
    /// Reading command lines from stdin.
    Shell,
    /// `cat` with no file: stdin to stdout.
    Cat,
    Done,
}

pub struct Session {
    c: Container,
    tty: bool,
    mode: Mode,
    cwd: String,
    line: Vec<u8>,
    /// Bytes of an escape sequence being skipped (arrow keys).
    in_escape: u8,
    last_status: i32,
    pub size: (u16, u16),
}

/// Splits a command line into words: quotes, `$VAR`, and `;` / `&&`.
fn words(line: &str, env: &[(String, String)]) -> Vec<(Vec<String>, bool)> {
    let mut cmds = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut has_word = false;
    let mut chars = line.chars().peekable();
    let mut quote: Option<char> = None;
    let flush = |cur: &mut Vec<String>, word: &mut String, has: &mut bool| {
        if *has {
            cur.push(std::mem::take(word));
            *has = false;
        }
    };
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => {
                quote = Some(ch);
                has_word = true;
            }
            (q, '$') if q != Some('\'') => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    word.push('$');
                } else if let Some((_, v)) = env.iter().find(|(k, _)| *k == name) {
                    word.push_str(v);
                }
                has_word = true;
            }
            (None, ' ' | '\t') => flush(&mut cur, &mut word, &mut has_word),
            (None, ';') => {
                flush(&mut cur, &mut word, &mut has_word);
                cmds.push((std::mem::take(&mut cur), false));
            }
            (None, '&') if chars.peek() == Some(&'&') => {
                chars.next();
                flush(&mut cur, &mut word, &mut has_word);
                cmds.push((std::mem::take(&mut cur), true));
            }
            (_, c) => {
                word.push(c);
                has_word = true;
            }
        }
    }
    flush(&mut cur, &mut word, &mut has_word);
    cmds.push((cur, false));
    cmds.retain(|(c, _)| !c.is_empty());
    cmds
}

impl Session {
    pub fn new(c: Container, tty: bool) -> Session {
        Session {
            c,
            tty,
            mode: Mode::Start,
            cwd: "/".into(),
            line: Vec::new(),
            in_escape: 0,
            last_status: 0,
            size: (80, 24),
        }
    }

    fn prompt(&self) -> Step {
        Step::Stdout(format!("root@{}:{}# ", self.c.pod, self.cwd).into_bytes())
    }

    /// Output text, with the terminal's `\r\n` when there is a TTY.
    fn out(&self, s: String, err: bool) -> Option<Step> {
        if s.is_empty() {
            return None;
        }
        let s = if self.tty { s.replace('\n', "\r\n") } else { s };
        Some(if err && !self.tty {
            Step::Stderr(s.into_bytes())
        } else {
            Step::Stdout(s.into_bytes())
        })
    }

    /// Starts `argv`; the session then takes stdin through [`Session::input`].
    pub fn start(&mut self, argv: &[String]) -> Vec<Step> {
        let Some(prog) = argv.first() else {
            return vec![Step::NoSuchProgram(String::new())];
        };
        let base = prog.rsplit('/').next().unwrap_or(prog);
        let known = PROGRAMS.contains(&base) || (base == "bash" && self.c.is_debian());
        if !known {
            return vec![Step::NoSuchProgram(prog.clone())];
        }
        match (base, argv.get(1).map(String::as_str)) {
            ("sh" | "bash", Some("-c")) => {
                let script = argv.get(2).cloned().unwrap_or_default();
                let mut steps = self.run_line(&script);
                if !steps.iter().any(|s| matches!(s, Step::Exit(_))) {
                    steps.push(Step::Exit(self.last_status));
                }
                self.mode = Mode::Done;
                steps
            }
            ("sh" | "bash", _) => {
                self.mode = Mode::Shell;
                if self.tty {
                    vec![self.prompt()]
                } else {
                    vec![]
                }
            }
            ("cat", None) => {
                self.mode = Mode::Cat;
                vec![]
            }
            _ => {
                let mut steps = self.run(argv);
                if self.mode != Mode::Done {
                    steps.push(Step::Exit(self.last_status));
                }
                self.mode = Mode::Done;
                steps
            }
        }
    }

    /// Standard input arrived.
    pub fn input(&mut self, bytes: &[u8]) -> Vec<Step> {
        match self.mode {
            Mode::Done | Mode::Start => vec![],
            Mode::Cat => vec![Step::Stdout(bytes.to_vec())],
            Mode::Shell if !self.tty => {
                self.line.extend_from_slice(bytes);
                let mut steps = Vec::new();
                while let Some(i) = self.line.iter().position(|b| *b == b'\n') {
                    let l: Vec<u8> = self.line.drain(..=i).collect();
                    steps.extend(self.run_line(&String::from_utf8_lossy(&l[..i])));
                    if self.mode == Mode::Done {
                        break;
                    }
                }
                steps
            }
            Mode::Shell => self.keys(bytes),
        }
    }

    /// Stdin closed (Ctrl-D without a TTY, or the end of a pipe).
    pub fn eof(&mut self) -> Vec<Step> {
        match self.mode {
            Mode::Done => vec![],
            _ => {
                let mut steps = Vec::new();
                if self.mode == Mode::Shell && !self.line.is_empty() {
                    let l = String::from_utf8_lossy(&std::mem::take(&mut self.line)).into_owned();
                    steps.extend(self.run_line(&l));
                }
                if self.mode != Mode::Done {
                    self.mode = Mode::Done;
                    steps.push(Step::Exit(self.last_status));
                }
                steps
            }
        }
    }

    /// A terminal's keys: echo, line editing, Enter runs the line.
    fn keys(&mut self, bytes: &[u8]) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut echo = Vec::new();
        for &b in bytes {
            if self.mode == Mode::Done {
                break;
            }
            if self.in_escape > 0 {
                // ESC [ then parameters up to a final byte in @..~.
                self.in_escape = if self.in_escape == 1 && b == b'[' || (0x30..0x40).contains(&b) {
                    2
                } else {
                    0
                };
                continue;
            }
            match b {
                0x1b => self.in_escape = 1,
                b'\r' | b'\n' => {
                    echo.extend_from_slice(b"\r\n");
                    steps.push(Step::Stdout(std::mem::take(&mut echo)));
                    let l = String::from_utf8_lossy(&std::mem::take(&mut self.line)).into_owned();
                    steps.extend(self.run_line(&l));
                    if self.mode != Mode::Done {
                        steps.push(self.prompt());
                    }
                }
                0x7f | 0x08 if !self.line.is_empty() => {
                    // Drop a whole character: continuation bytes, then its lead.
                    while let Some(c) = self.line.pop() {
                        if c & 0xc0 != 0x80 {
                            break;
                        }
                    }
                    echo.extend_from_slice(b"\x08 \x08");
                }
                0x03 => {
                    self.line.clear();
                    echo.extend_from_slice(b"^C\r\n");
                    steps.push(Step::Stdout(std::mem::take(&mut echo)));
                    self.last_status = 130;
                    steps.push(self.prompt());
                }
                0x04 if self.line.is_empty() => {
                    echo.extend_from_slice(b"exit\r\n");
                    steps.push(Step::Stdout(std::mem::take(&mut echo)));
                    self.mode = Mode::Done;
                    steps.push(Step::Exit(self.last_status));
                }
                b if b >= 0x20 => {
                    self.line.push(b);
                    echo.push(b);
                }
                _ => {}
            }
        }
        if !echo.is_empty() {
            steps.push(Step::Stdout(echo));
        }
        steps
    }

    fn run_line(&mut self, line: &str) -> Vec<Step> {
        let mut steps = Vec::new();
        for (argv, and) in words(line, &self.c.env()) {
            steps.extend(self.run(&argv));
            if self.mode == Mode::Done || (and && self.last_status != 0) {
                break;
            }
        }
        steps
    }

    fn resolve(&self, p: &str) -> String {
        let joined = if p.starts_with('/') {
            p.to_string()
        } else {
            format!("{}/{p}", self.cwd.trim_end_matches('/'))
        };
        let mut parts: Vec<&str> = Vec::new();
        for seg in joined.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        format!("/{}", parts.join("/"))
    }

    fn children(&self, dir: &str) -> Vec<String> {
        let prefix = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        let mut names: Vec<String> = self
            .c
            .dirs()
            .into_iter()
            .chain(self.c.files().into_iter().map(|(f, _)| f))
            .filter_map(|p| {
                let rest = p.strip_prefix(&prefix)?;
                (!rest.is_empty()).then(|| rest.split('/').next().unwrap_or(rest).to_string())
            })
            .collect();
        if dir == "/bin" {
            names.extend(PROGRAMS.iter().map(|p| p.to_string()));
        }
        names.sort();
        names.dedup();
        names
    }

    /// Runs one simple command; sets `last_status`.
    fn run(&mut self, argv: &[String]) -> Vec<Step> {
        let Some(cmd) = argv.first() else {
            return vec![];
        };
        let args = &argv[1..];
        let name = cmd.rsplit('/').next().unwrap_or(cmd).to_string();
        let (mut out, mut err, mut code) = (String::new(), String::new(), 0);
        match name.as_str() {
            "echo" => {
                let (nl, rest) = match args.first().map(String::as_str) {
                    Some("-n") => (false, &args[1..]),
                    _ => (true, args),
                };
                out = rest.join(" ");
                if nl {
                    out.push('\n');
                }
            }
            "hostname" => out = format!("{}\n", self.c.pod),
            "pwd" => out = format!("{}\n", self.cwd),
            "whoami" => out = "root\n".into(),
            "id" => out = "uid=0(root) gid=0(root) groups=0(root)\n".into(),
            "true" => {}
            "false" => code = 1,
            "uname" => {
                out = if args.iter().any(|a| a == "-a") {
                    format!("Linux {} 5.15.0-143-generic #153-Ubuntu SMP Fri Jun 13 19:10:45 UTC 2025 x86_64 GNU/Linux\n", self.c.pod)
                } else {
                    "Linux\n".into()
                }
            }
            "stty" if args.first().map(String::as_str) == Some("size") => {
                if self.tty {
                    out = format!("{} {}\n", self.size.1, self.size.0);
                } else {
                    err = "stty: standard input: Not a tty\n".into();
                    code = 1;
                }
            }
            "env" | "printenv" => {
                for (k, v) in self.c.env() {
                    out.push_str(&format!("{k}={v}\n"));
                }
                if self.tty {
                    out.push_str("TERM=xterm\n");
                }
            }
            "ps" => {
                let main = match super::logtext::Flavor::of(&self.c.image) {
                    super::logtext::Flavor::Nginx => {
                        "nginx: master process nginx -g daemon off;".to_string()
                    }
                    _ => format!("/app/{}", self.c.name),
                };
                out = format!("PID   USER     TIME  COMMAND\n    1 root      0:03 {main}\n   29 root      0:00 sh\n   36 root      0:00 ps\n");
            }
            "cd" => {
                let target = self.resolve(args.first().map(String::as_str).unwrap_or("/root"));
                if self.c.dirs().contains(&target) {
                    self.cwd = target;
                } else {
                    err = format!(
                        "sh: cd: can't cd to {}: No such file or directory\n",
                        args.first().map(String::as_str).unwrap_or("")
                    );
                    code = 2;
                }
            }
            "ls" => {
                let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
                let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                let targets: Vec<String> = if paths.is_empty() {
                    vec![self.cwd.clone()]
                } else {
                    paths.iter().map(|p| p.to_string()).collect()
                };
                for t in &targets {
                    let abs = self.resolve(t);
                    if self.c.dirs().contains(&abs) {
                        if targets.len() > 1 {
                            out.push_str(&format!("{t}:\n"));
                        }
                        for n in self.children(&abs) {
                            let child = self.resolve(&format!("{abs}/{n}"));
                            if long {
                                let is_dir = self.c.dirs().contains(&child);
                                let size = self
                                    .c
                                    .files()
                                    .iter()
                                    .find(|(f, _)| *f == child)
                                    .map_or(4096, |(_, c)| c.len());
                                out.push_str(&format!(
                                    "{} 1 root root {size:>8} Nov 19 12:01 {n}\n",
                                    if is_dir { "drwxr-xr-x" } else { "-rw-r--r--" }
                                ));
                            } else {
                                out.push_str(&format!("{n}\n"));
                            }
                        }
                    } else if self.c.files().iter().any(|(f, _)| *f == abs) {
                        out.push_str(&format!("{t}\n"));
                    } else {
                        err.push_str(&format!("ls: {t}: No such file or directory\n"));
                        code = 1;
                    }
                }
            }
            "cat" => {
                for t in args {
                    let abs = self.resolve(t);
                    if let Some((_, content)) = self.c.files().into_iter().find(|(f, _)| *f == abs)
                    {
                        out.push_str(&content);
                    } else if self.c.dirs().contains(&abs) {
                        err.push_str("cat: read error: Is a directory\n");
                        code = 1;
                    } else {
                        err.push_str(&format!(
                            "cat: can't open '{t}': No such file or directory\n"
                        ));
                        code = 1;
                    }
                }
            }
            "exit" => {
                let n = args
                    .first()
                    .map_or(Ok(self.last_status), |a| a.parse::<i32>());
                let steps = match n {
                    Ok(n) => {
                        self.mode = Mode::Done;
                        self.last_status = n & 0xff;
                        vec![Step::Exit(self.last_status)]
                    }
                    Err(_) => {
                        self.mode = Mode::Done;
                        self.last_status = 2;
                        let mut v: Vec<Step> = self
                            .out(format!("sh: exit: Illegal number: {}\n", args[0]), true)
                            .into_iter()
                            .collect();
                        v.push(Step::Exit(2));
                        v
                    }
                };
                return steps;
            }
            "sh" | "bash" if args.first().map(String::as_str) == Some("-c") => {
                return self.run_line(&args.get(1).cloned().unwrap_or_default());
            }
            other => {
                err = format!("sh: {other}: not found\n");
                code = 127;
            }
        }
        self.last_status = code;
        self.out(out, false)
            .into_iter()
            .chain(self.out(err, true))
            .collect()
    }
}

#[cfg(test)]
#[path = "shell_tests.rs"]
mod tests;
