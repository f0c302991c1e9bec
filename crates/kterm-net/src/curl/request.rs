//! The request curl sends for a URL and its options, built as data: method,
//! headers in curl's order (what `-v` shows) and the body from the `-d`
//! family.

use base64::Engine;

use crate::curl::args::{DataKind, Opts};
use crate::curl::error::Failure;
use crate::curl::url::Url;

/// The version curl says it is (`User-Agent`, `--version`).
pub const VERSION: &str = "8.11.1";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    pub method: String,
    pub url: Url,
    /// Every header as curl writes it, `Host` and `Content-Length` included.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether a body goes with the request (`-d ''` sends an empty one).
    pub has_body: bool,
    /// The user `-u` authenticates as (`-v` names it).
    pub basic_user: Option<String>,
}

impl Prepared {
    /// The headers the transport sends (it sets `Host` and the length).
    pub fn wire_headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(k, _)| {
                !k.eq_ignore_ascii_case("host") && !k.eq_ignore_ascii_case("content-length")
            })
            .cloned()
            .collect()
    }
}

/// Percent-encodes all but curl's unreserved characters.
pub fn urlencode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len());
    for &b in data {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads `@file` values; `-` is stdin. `None`: it could not be read.
pub type Reader<'a> = &'a mut dyn FnMut(&str) -> Option<Vec<u8>>;

/// The body the `-d` family makes, and curl's warnings about it.
pub fn body(opts: &Opts, read: Reader<'_>) -> (Vec<u8>, Vec<String>) {
    let mut out: Vec<u8> = Vec::new();
    let mut warnings = Vec::new();
    let mut first = true;
    for d in &opts.data {
        let mut from_file = |name: &str, warnings: &mut Vec<String>| match read(name) {
            Some(b) => b,
            None => {
                warnings.push(format!(
                    "Warning: Couldn't read data from file \"{name}\", this makes an empty POST.\n"
                ));
                Vec::new()
            }
        };
        let piece: Vec<u8> = match d.kind {
            DataKind::Raw => d.value.clone().into_bytes(),
            DataKind::Ascii => match d.value.strip_prefix('@') {
                Some(name) => from_file(name, &mut warnings)
                    .into_iter()
                    .filter(|b| *b != b'\r' && *b != b'\n')
                    .collect(),
                None => d.value.clone().into_bytes(),
            },
            DataKind::Binary | DataKind::Json => match d.value.strip_prefix('@') {
                Some(name) => from_file(name, &mut warnings),
                None => d.value.clone().into_bytes(),
            },
            DataKind::Urlencode => {
                let v = &d.value;
                let at = v.find('=').or_else(|| v.find('@'));
                let (name, content) = match at {
                    Some(i) if v.as_bytes()[i] == b'@' => {
                        (&v[..i], from_file(&v[i + 1..], &mut warnings))
                    }
                    Some(i) => (&v[..i], v.as_bytes()[i + 1..].to_vec()),
                    None => ("", v.as_bytes().to_vec()),
                };
                let enc = urlencode(&content);
                if name.is_empty() {
                    enc.into_bytes()
                } else {
                    format!("{name}={enc}").into_bytes()
                }
            }
        };
        if !first && d.kind != DataKind::Json {
            out.push(b'&');
        }
        first = false;
        out.extend_from_slice(&piece);
    }
    (out, warnings)
}

/// A user header: `Name: value` sets, `Name:` removes curl's own,
/// `Name;` sends it empty; anything else is ignored, as curl does.
fn user_header(h: &str) -> Option<(String, Option<String>)> {
    let i = h.find([':', ';'])?;
    let name = h[..i].trim().to_string();
    if name.is_empty() {
        return None;
    }
    if h.as_bytes()[i] == b';' {
        return h[i + 1..]
            .trim()
            .is_empty()
            .then_some((name, Some(String::new())));
    }
    let value = h[i + 1..].trim_start();
    if value.is_empty() {
        Some((name, None))
    } else {
        Some((name, Some(value.trim_end_matches(['\r', '\n']).to_string())))
    }
}

/// The request for `url`; `user` is `-u`'s `name:password` (already asked
/// for when it had no password), `body` what [`body`] made.
pub fn prepare(
    opts: &Opts,
    mut url: Url,
    user: Option<&str>,
    body: Vec<u8>,
) -> Result<Prepared, Failure> {
    let has_data = !opts.data.is_empty();
    let json = opts.data.iter().any(|d| d.kind == DataKind::Json);
    let mut has_body = has_data;
    let mut body = body;
    if opts.get && has_data {
        url.add_query(&String::from_utf8_lossy(&body));
        body.clear();
        has_body = false;
    }
    let method = match &opts.method {
        Some(m) => m.clone(),
        None if opts.head => "HEAD".into(),
        None if has_body => "POST".into(),
        None => "GET".into(),
    };
    let user = user.map(str::to_string).or_else(|| url.userinfo.clone());
    let custom: Vec<(String, Option<String>)> =
        opts.headers.iter().filter_map(|h| user_header(h)).collect();
    let overridden = |name: &str| custom.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));

    let mut headers: Vec<(String, String)> = Vec::new();
    let mut own = |name: &str, value: String| {
        if !overridden(name) {
            headers.push((name.to_string(), value));
        }
    };
    own("Host", url.host_header());
    let basic_user = user
        .as_ref()
        .map(|u| u.split(':').next().unwrap_or_default().to_string());
    if let Some(u) = &user {
        let enc = base64::engine::general_purpose::STANDARD.encode(u.as_bytes());
        own("Authorization", format!("Basic {enc}"));
    } else if let Some(token) = &opts.bearer {
        own("Authorization", format!("Bearer {token}"));
    }
    own(
        "User-Agent",
        opts.user_agent
            .clone()
            .unwrap_or_else(|| format!("curl/{VERSION}")),
    );
    own(
        "Accept",
        if json { "application/json" } else { "*/*" }.to_string(),
    );
    if opts.compressed {
        own("Accept-Encoding", "deflate, gzip, br, zstd".into());
    }
    if let Some(r) = &opts.referer {
        own("Referer", r.clone());
    }
    if let Some(c) = &opts.cookie {
        own("Cookie", c.clone());
    }
    for (k, v) in &custom {
        if let Some(v) = v {
            headers.push((k.clone(), v.clone()));
        }
    }
    if has_body {
        let len = body.len().to_string();
        let ct = if json {
            "application/json"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut own = |name: &str, value: String| {
            if !overridden(name) {
                headers.push((name.to_string(), value));
            }
        };
        own("Content-Length", len);
        own("Content-Type", ct.to_string());
    }
    Ok(Prepared {
        method,
        url,
        headers,
        body,
        has_body,
        basic_user,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curl::args::parse;

    fn prep(line: &str, files: &[(&str, &[u8])]) -> Prepared {
        let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let opts = parse(&args).unwrap();
        let mut read = |n: &str| files.iter().find(|(f, _)| *f == n).map(|(_, b)| b.to_vec());
        let (b, _) = body(&opts, &mut read);
        let url = Url::parse(&opts.urls[0]).unwrap();
        prepare(&opts, url, opts.user.as_deref(), b).unwrap()
    }

    #[test]
    fn requests_table() {
        // (line, method, target, body, headers after Host and before the body's)
        let cases: &[(&str, &str, &str, &str, &[&str])] = &[
            ("http://h/", "GET", "/", "", &["User-Agent", "Accept"]),
            ("-I http://h/", "HEAD", "/", "", &["User-Agent", "Accept"]),
            (
                "-d a=1 -d b=2 http://h/",
                "POST",
                "/",
                "a=1&b=2",
                &["User-Agent", "Accept", "Content-Length", "Content-Type"],
            ),
            (
                "-G -d a=1 -d b http://h/x?y",
                "GET",
                "/x?y&a=1&b",
                "",
                &["User-Agent", "Accept"],
            ),
            (
                "--data-urlencode q=a&b=c+d --data-urlencode =é http://h/",
                "POST",
                "/",
                "q=a%26b%3Dc%2Bd&%C3%A9",
                &["User-Agent", "Accept", "Content-Length", "Content-Type"],
            ),
            (
                "-d @f --data-binary @f http://h/",
                "POST",
                "/",
                "a=1b=2&a=1\r\nb=2\n",
                &["User-Agent", "Accept", "Content-Length", "Content-Type"],
            ),
            (
                "--data-raw @f http://h/",
                "POST",
                "/",
                "@f",
                &["User-Agent", "Accept", "Content-Length", "Content-Type"],
            ),
            (
                "-X PUT -H Accept:application/json -H X-A:1 http://h/",
                "PUT",
                "/",
                "",
                &["User-Agent", "Accept", "X-A"],
            ),
            (
                "-u me:pw -H User-Agent: http://h/",
                "GET",
                "/",
                "",
                &["Authorization", "Accept"],
            ),
            (
                "--json {\"a\":1} http://h/",
                "POST",
                "/",
                "{\"a\":1}",
                &["User-Agent", "Accept", "Content-Length", "Content-Type"],
            ),
        ];
        for (line, method, target, body, names) in cases {
            let p = prep(line, &[("f", b"a=1\r\nb=2\n")]);
            assert_eq!(&p.method, method, "{line}");
            assert_eq!(&p.url.target, target, "{line}");
            assert_eq!(String::from_utf8_lossy(&p.body), *body, "{line}");
            let got: Vec<&str> = p.headers[1..].iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(&got, names, "{line}");
        }
    }

    #[test]
    fn basic_auth_and_header_forms() {
        let p = prep("-u apikey:secret -H X-Empty; http://h/", &[]);
        assert_eq!(p.headers[1].1, "Basic YXBpa2V5OnNlY3JldA==");
        assert_eq!(p.basic_user.as_deref(), Some("apikey"));
        assert!(p
            .headers
            .iter()
            .any(|(k, v)| k == "X-Empty" && v.is_empty()));
        let p = prep("-H Host: http://h:81/", &[]);
        assert!(!p.headers.iter().any(|(k, _)| k == "Host"));
    }
}
