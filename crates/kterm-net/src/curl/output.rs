//! What curl prints besides the body: `-w`'s format, the header block of
//! `-i`/`-I`/`-D`, and the progress meter shown when the body goes to a
//! pipe or file.

/// What a transfer came to, for `-w`.
#[derive(Clone, Debug, Default)]
pub struct Info {
    pub http_code: u16,
    pub content_type: Option<String>,
    pub url_effective: String,
    pub url: String,
    pub size_download: usize,
    pub size_header: usize,
    pub size_request: usize,
    pub size_upload: usize,
    pub time_total_s: f64,
    pub http_version: String,
    pub method: String,
    pub exitcode: i32,
    pub errormsg: Option<String>,
    pub redirect_url: Option<String>,
    pub scheme: String,
    pub headers: Vec<(String, String)>,
    pub filename: Option<String>,
}

/// One piece of `-w` output: to stderr or stdout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub stderr: bool,
    pub text: String,
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Info {
    fn speed(&self, n: usize) -> u64 {
        if self.time_total_s > 0.0 {
            (n as f64 / self.time_total_s) as u64
        } else {
            n as u64
        }
    }

    /// A variable's value; `None` for a name curl does not know.
    fn var(&self, name: &str) -> Option<String> {
        let t = |x: f64| format!("{x:.6}");
        Some(match name {
            "http_code" | "response_code" => format!("{:03}", self.http_code),
            "content_type" => self.content_type.clone().unwrap_or_default(),
            "url_effective" => self.url_effective.clone(),
            "url" => self.url.clone(),
            "size_download" => self.size_download.to_string(),
            "size_header" => self.size_header.to_string(),
            "size_request" => self.size_request.to_string(),
            "size_upload" => self.size_upload.to_string(),
            "speed_download" => self.speed(self.size_download).to_string(),
            "speed_upload" => self.speed(self.size_upload).to_string(),
            "time_total" | "time_starttransfer" => t(self.time_total_s),
            "time_namelookup" | "time_connect" | "time_appconnect" | "time_pretransfer"
            | "time_redirect" => t(0.0),
            "http_version" => self.http_version.clone(),
            "method" => self.method.clone(),
            "exitcode" => self.exitcode.to_string(),
            "errormsg" => self.errormsg.clone().unwrap_or_default(),
            "redirect_url" => self.redirect_url.clone().unwrap_or_default(),
            "num_redirects" => "0".into(),
            "num_headers" => self.headers.len().to_string(),
            "scheme" => self.scheme.to_ascii_uppercase(),
            "filename_effective" => self.filename.clone().unwrap_or_default(),
            "curl_version" => format!("libcurl/{}", crate::curl::request::VERSION),
            "json" => self.json(),
            _ => return None,
        })
    }

    fn json(&self) -> String {
        let opt = |s: &Option<String>| s.as_deref().map(json_str).unwrap_or("null".into());
        let fields = [
            ("content_type", opt(&self.content_type)),
            ("errormsg", opt(&self.errormsg)),
            ("exitcode", self.exitcode.to_string()),
            ("filename_effective", opt(&self.filename)),
            ("http_code", self.http_code.to_string()),
            ("http_version", json_str(&self.http_version)),
            ("method", json_str(&self.method)),
            ("num_headers", self.headers.len().to_string()),
            ("num_redirects", "0".into()),
            ("redirect_url", opt(&self.redirect_url)),
            ("response_code", self.http_code.to_string()),
            ("scheme", json_str(&self.scheme.to_ascii_uppercase())),
            ("size_download", self.size_download.to_string()),
            ("size_header", self.size_header.to_string()),
            ("size_request", self.size_request.to_string()),
            ("size_upload", self.size_upload.to_string()),
            ("time_total", format!("{:.6}", self.time_total_s)),
            ("url", json_str(&self.url)),
            ("url_effective", json_str(&self.url_effective)),
        ];
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        format!("{{{}}}", body.join(","))
    }
}

/// Expands a `-w` format. Unknown variables are reported on stderr and
/// print nothing, as curl does.
pub fn write_out(format: &str, info: &Info) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut stderr = false;
    let mut cur = String::new();
    let flush = |cur: &mut String, stderr: bool, pieces: &mut Vec<Piece>| {
        if !cur.is_empty() {
            pieces.push(Piece {
                stderr,
                text: std::mem::take(cur),
            });
        }
    };
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("%%") {
            cur.push('%');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("%{") {
            let Some(end) = after.find('}') else {
                cur.push_str(rest);
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            match name {
                "stderr" => {
                    flush(&mut cur, stderr, &mut pieces);
                    stderr = true;
                }
                "stdout" => {
                    flush(&mut cur, stderr, &mut pieces);
                    stderr = false;
                }
                "onerror" => {
                    if info.exitcode == 0 {
                        break;
                    }
                }
                _ => match info.var(name) {
                    Some(v) => cur.push_str(&v),
                    None => {
                        flush(&mut cur, stderr, &mut pieces);
                        pieces.push(Piece {
                            stderr: true,
                            text: format!("curl: unknown --write-out variable: '{name}'\n"),
                        });
                    }
                },
            }
        } else if let Some(after) = rest.strip_prefix("%header{") {
            let Some(end) = after.find('}') else {
                cur.push_str(rest);
                break;
            };
            let name = &after[..end];
            if let Some((_, v)) = info
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
            {
                cur.push_str(v);
            }
            rest = &after[end + 1..];
        } else if c == '\\' && rest.len() > 1 {
            let next = rest[1..].chars().next().unwrap_or_default();
            match next {
                'n' => cur.push('\n'),
                'r' => cur.push('\r'),
                't' => cur.push('\t'),
                other => {
                    cur.push('\\');
                    cur.push(other);
                }
            }
            rest = &rest[1 + next.len_utf8()..];
        } else {
            cur.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut cur, stderr, &mut pieces);
    pieces
}

/// The header block as received: status line, headers, blank line, CRLF.
pub fn header_block(
    version: &str,
    status: u16,
    reason: &str,
    headers: &[(String, String)],
) -> String {
    let mut s = if reason.is_empty() {
        format!("{version} {status}\r\n")
    } else {
        format!("{version} {status} {reason}\r\n")
    };
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str("\r\n");
    s
}

/// curl's five-character sizes: `  155`, `1234k`, `12.3M`.
fn max5(n: u64) -> String {
    const K: u64 = 1024;
    const M: u64 = 1024 * 1024;
    if n < 100_000 {
        format!("{n:5}")
    } else if n < 10_000 * K {
        format!("{:4}k", n / K)
    } else if n < 100 * M {
        format!("{:2}.{}M", n / M, (n % M) / (M / 10))
    } else {
        format!("{:4}M", n / M)
    }
}

pub const METER_HEAD: &str = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";

/// The meter's last line once the transfer is over (curl redraws it with
/// `\r` while it runs; the terminal shows the last state).
pub fn meter_line(down: usize, down_total: Option<usize>, up: usize, secs: f64) -> String {
    let pct = |got: usize, total: usize| (got * 100).checked_div(total).unwrap_or(0);
    let dtotal = down_total.unwrap_or(0);
    let total = dtotal + up;
    let got = down + up;
    let speed = |n: usize| {
        if secs > 0.0 {
            (n as f64 / secs) as u64
        } else {
            n as u64
        }
    };
    let time = |s: f64| {
        let s = s as u64;
        if s == 0 {
            "--:--:--".to_string()
        } else {
            format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
        }
    };
    let total_pct = if down_total.is_some() || up > 0 {
        pct(got, total.max(1))
    } else {
        0
    };
    format!(
        "{:3} {}  {:3} {}  {:3} {}  {}  {} {} {} {} {}\n",
        total_pct,
        max5(total.max(got) as u64),
        down_total.map(|t| pct(down, t.max(1))).unwrap_or(0),
        max5(down as u64),
        if up > 0 { 100 } else { 0 },
        max5(up as u64),
        max5(speed(down)),
        max5(speed(up)),
        time(secs),
        time(secs),
        "--:--:--",
        max5(speed(down)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> Info {
        Info {
            http_code: 200,
            content_type: Some("application/json".into()),
            url_effective: "https://iam.cloud.ibm.com/identity/token".into(),
            size_download: 1185,
            method: "POST".into(),
            http_version: "1.1".into(),
            scheme: "https".into(),
            headers: vec![("content-type".into(), "application/json".into())],
            ..Info::default()
        }
    }

    #[test]
    fn write_out_table() {
        let out = |p: &[Piece]| -> (String, String) {
            let mut o = (String::new(), String::new());
            for x in p {
                if x.stderr { &mut o.1 } else { &mut o.0 }.push_str(&x.text);
            }
            o
        };
        let cases: &[(&str, &str, &str)] = &[
            ("%{http_code}\\n", "200\n", ""),
            ("%{response_code} %{size_download}", "200 1185", ""),
            (
                "%{content_type}|%{method}|%{scheme}",
                "application/json|POST|HTTPS",
                "",
            ),
            (
                "%{url_effective}",
                "https://iam.cloud.ibm.com/identity/token",
                "",
            ),
            ("100%% \\t\\x", "100% \t\\x", ""),
            ("a%{stderr}b%{stdout}c", "ac", "b"),
            (
                "%{nope}x",
                "x",
                "curl: unknown --write-out variable: 'nope'\n",
            ),
            ("%header{Content-Type}", "application/json", ""),
            ("ok%{onerror}bad", "ok", ""),
            ("%{http_version} %{exitcode}", "1.1 0", ""),
        ];
        for (fmt, stdout, stderr) in cases {
            let (o, e) = out(&write_out(fmt, &info()));
            assert_eq!((o.as_str(), e.as_str()), (*stdout, *stderr), "{fmt}");
        }
    }

    #[test]
    fn meter_lines() {
        assert_eq!(
            meter_line(155, Some(155), 0, 0.0),
            "100   155  100   155    0     0    155      0 --:--:-- --:--:-- --:--:--   155\n"
        );
        assert_eq!(max5(123_456), " 120k");
        assert_eq!(max5(15 * 1024 * 1024), "15.0M");
    }
}
