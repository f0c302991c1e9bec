#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! curl against the real curl: the same command lines against the same
//! sandbox over real HTTP, compared on stdout, stderr and exit status
//! (after the parts that differ between any two runs: dates, timings,
//! the version in User-Agent, and curl's live-updating progress meter).

mod common;

use common::{binary_response, fixed_server, real, scratch, serve, silent_server, Term};
use regex_lite::Regex;

/// How much of a case is compared.
#[derive(Clone, Copy, PartialEq)]
enum Cmp {
    /// stdout, stderr and status.
    All,
    /// stdout and status; stderr only its `curl: (N)` code (the real curl
    /// here is 7.88, whose URL messages predate curl 8's wording).
    Code,
    /// `-v`: stdout, status and the `> `/`< ` lines of stderr.
    Trace,
}

const GRANT: &str = "grant_type=urn:ibm:params:oauth:grant-type:apikey";

fn cases() -> Vec<(Vec<&'static str>, Cmp)> {
    use Cmp::*;
    vec![
        (vec!["-s", "{U}/api/containers/global/v1/regions"], All),
        (vec!["-si", "{U}/api/containers/global/v1/regions"], All),
        (vec!["-sI", "{U}/api/containers/global/v1/regions"], All),
        (
            vec!["-s", "-i", "-X", "PUT", "{U}/api/iam/identity/token"],
            All,
        ),
        (
            vec![
                "-s",
                "-d",
                "apikey=nope",
                "-d",
                GRANT,
                "{U}/api/iam/identity/token",
            ],
            All,
        ),
        (
            vec![
                "-s",
                "--data-urlencode",
                "apikey=a b&c=d",
                "--data-raw",
                GRANT,
                "{U}/api/iam/identity/token",
            ],
            All,
        ),
        (
            vec![
                "-s",
                "-d",
                "@data.txt",
                "-w",
                "%{size_upload} %{http_code}\\n",
                "{U}/api/iam/identity/token",
            ],
            All,
        ),
        (
            vec![
                "-s",
                "--data-binary",
                "@bin.dat",
                "-w",
                "%{size_upload} %{method}\\n",
                "-o",
                "out.txt",
                "{U}/api/iam/identity/token",
            ],
            All,
        ),
        (
            vec![
                "-s",
                "-o",
                "out.txt",
                "-w",
                "%{http_code} %{content_type} %{size_download} %{response_code}\\n",
                "{U}/api/containers/global/v1/regions",
            ],
            All,
        ),
        (
            vec![
                "-s",
                "-G",
                "-d",
                "a=1",
                "-d",
                "b=2",
                "-o",
                "out.txt",
                "-w",
                "%{url_effective} %{method}\\n",
                "{U}/api/nope",
            ],
            All,
        ),
        (vec!["-sf", "{U}/api/nope"], All),
        (
            vec!["-s", "-w", "%{http_code} %{redirect_url}\\n", "{R}/old"],
            All,
        ),
        (vec!["-si", "{R}/old"], All),
        (vec!["-sL", "-w", " %{http_code}\\n", "{R}/old"], All),
        (
            vec![
                "-s",
                "-o",
                "/dev/null",
                "-D",
                "-",
                "-w",
                "%{http_code}\\n",
                "{U}/api/containers/global/v1/regions",
            ],
            All,
        ),
        (vec!["-sSf", "{U}/api/nope"], All),
        (
            vec![
                "-f",
                "-s",
                "-w",
                "%{http_code}\\n",
                "{U}/api/containers/global/v1/regions",
            ],
            All,
        ),
        (
            vec![
                "-sS",
                "--fail-with-body",
                "{U}/api/containers/global/v1/regions",
            ],
            All,
        ),
        (
            vec![
                "-s",
                "-w",
                "%{http_code} %{exitcode}\\n",
                "http://127.0.0.1:1/",
            ],
            All,
        ),
        (vec!["-sS", "http://127.0.0.1:1/"], All),
        (vec!["http://127.0.0.1:1/"], All),
        (vec!["-sS", "http://nonexistent.invalid/"], All),
        (
            vec![
                "-s",
                "-u",
                "apikey:demo-apikey",
                "-w",
                "%{http_code}\\n",
                "-o",
                "out.txt",
                "{U}/api/containers/global/v1/regions",
            ],
            All,
        ),
        (
            vec![
                "-s",
                "-H",
                "Accept: text/plain",
                "-H",
                "X-Region: us-south",
                "-w",
                "%{http_code}\\n",
                "-o",
                "out.txt",
                "{U}/api/containers/global/v1/regions",
            ],
            All,
        ),
        (
            vec![
                "-s",
                "-w",
                "a\\tb %% %{stderr}to stderr\\n",
                "-o",
                "out.txt",
                "{U}/api/nope",
            ],
            All,
        ),
        (
            vec!["-s", "-w", "%{bogus}x\\n", "-o", "out.txt", "{U}/api/nope"],
            All,
        ),
        (
            vec!["-o", "out.txt", "{U}/api/containers/global/v1/regions"],
            All,
        ),
        (vec!["--foo", "{U}/"], All),
        (vec!["-X"], All),
        (vec!["-s", "-m", "abc", "{U}/"], All),
        (vec![], All),
        (vec!["-s"], All),
        (vec!["-sS", "http://"], Code),
        (vec!["-sS", "http://127.0.0.1:99999/"], Code),
        (vec!["-sS", "htp://x"], All),
        (vec!["-s", "{B}/file.bin"], All),
        (
            vec![
                "-s",
                "-o",
                "out.txt",
                "-w",
                "%{size_download} %{content_type}\\n",
                "{B}/x",
            ],
            All,
        ),
        (vec!["-sS", "-m", "0.5", "{S}/"], All),
        (
            vec!["-s", "-m", "1", "-w", "%{http_code} %{exitcode}\\n", "{S}/"],
            All,
        ),
        (
            vec![
                "-sv",
                "-o",
                "out.txt",
                "{U}/api/containers/global/v1/regions",
            ],
            Trace,
        ),
        (
            vec![
                "-sv",
                "-o",
                "out.txt",
                "-d",
                "a=1",
                "-H",
                "X-A: 1",
                "-A",
                "agent",
                "-e",
                "ref",
                "{U}/api/iam/identity/token",
            ],
            Trace,
        ),
        (
            vec![
                "-sv",
                "-o",
                "out.txt",
                "--compressed",
                "-I",
                "{U}/api/iam/identity/token",
            ],
            Trace,
        ),
    ]
}

/// What differs between any two runs, made equal.
fn normalize(s: &str, cmp: Cmp) -> String {
    let date = Regex::new(r"(?m)^(< )?date: .*\r$").unwrap();
    let ua = Regex::new(r"curl/[0-9.]+").unwrap();
    let ms = Regex::new(r"after [0-9]+ (ms|milliseconds)").unwrap();
    let s = date.replace_all(s, "${1}date: DATE\r");
    let s = ua.replace_all(&s, "curl/V");
    let s = ms.replace_all(&s, "after N $1");
    // The meter: curl redraws it with \r; keep no line of it.
    let meter = Regex::new(r"^ *[0-9]+ +[0-9.]+[kMG]? +[0-9]+ +[0-9.]+[kMG]? +[0-9]+ ").unwrap();
    let mut out = String::new();
    for line in s.split_inclusive('\n') {
        let segs: Vec<&str> = line.split('\r').collect();
        let mut kept = String::new();
        for (i, seg) in segs.iter().enumerate() {
            let is_meter = seg.starts_with("  % Total")
                || seg.starts_with("                                 Dload")
                || meter.is_match(seg);
            if !is_meter {
                kept.push_str(seg);
                if i + 1 < segs.len() {
                    kept.push('\r');
                }
            }
        }
        let kept = kept.trim_start_matches('\r').to_string();
        if kept.trim().is_empty() && line.trim() != "" && !line.starts_with('\r') {
            continue;
        }
        out.push_str(&kept);
    }
    match cmp {
        Cmp::All => out,
        Cmp::Code => {
            let code = Regex::new(r"curl: \(([0-9]+)\).*").unwrap();
            code.replace_all(&out, "curl: ($1)").into_owned()
        }
        Cmp::Trace => out
            .lines()
            .filter(|l| l.starts_with("> ") || l.starts_with("< "))
            .map(|l| format!("{l}\n"))
            .collect(),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn same_as_real_curl() {
    let origin = serve().await;
    let binary = fixed_server(binary_response().0).await;
    let silent = silent_server().await;
    let redirect = fixed_server(
        format!(
            "HTTP/1.1 302 Found\r\nlocation: {origin}/api/containers/global/v1/regions\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
    .await;
    let mut failures = Vec::new();
    let data = b"a=1\r\nb=2\n".to_vec();
    let bin: Vec<u8> = (0..=255u8).collect();
    for (args, cmp) in cases() {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                a.replace("{U}", &origin)
                    .replace("{B}", &binary)
                    .replace("{S}", &silent)
                    .replace("{R}", &redirect)
            })
            .collect();
        let dir = scratch("curl");
        std::fs::write(dir.join("data.txt"), &data).unwrap();
        std::fs::write(dir.join("bin.dat"), &bin).unwrap();
        let want = real("curl", &args, b"", &dir).await;
        let mut t = Term::on(&origin);
        t.write_file("data.txt", &data);
        t.write_file("bin.dat", &bin);
        let got = t.cmd("curl", &args, b"").await;
        if want.stdout != got.stdout {
            failures.push(format!("curl {args:?}: stdout bytes differ"));
        }
        let (w, g) = (want.text(), got.text());
        let view = |o: &kterm_shell::testing::Outcome| {
            (
                normalize(&o.stdout, Cmp::All),
                normalize(&o.stderr, cmp),
                o.status,
            )
        };
        if std::env::var("SHOW").is_ok() {
            eprintln!("{args:?}\n  real {:?}\n  ours {:?}", view(&w), view(&g));
        }
        if view(&w) != view(&g) {
            failures.push(format!(
                "curl {args:?}\n  real: {:?}\n  ours: {:?}",
                view(&w),
                view(&g)
            ));
        }
        let real_out = std::fs::read(dir.join("out.txt")).ok();
        if real_out != t.read_file("out.txt") {
            failures.push(format!("curl {args:?}: out.txt differs"));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
