//! `-v`: what curl tells on stderr (`* ` notes, `> ` request headers,
//! `< ` response headers), with credentials masked: a terminal's trace
//! must never show a token.

use crate::curl::request::Prepared;

/// Headers whose values are credentials.
const SECRET: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-auth-refresh-token",
    "x-auth-token",
    "x-auth-uaa-token",
    "x-registry-auth",
];

/// The value as `-v` shows it: a credential keeps only its scheme word.
pub fn shown(name: &str, value: &str) -> String {
    if !SECRET.iter().any(|s| s.eq_ignore_ascii_case(name)) {
        return value.to_string();
    }
    match value.split_once(' ') {
        Some((scheme, _))
            if ["basic", "bearer"].contains(&scheme.to_ascii_lowercase().as_str()) =>
        {
            format!("{scheme} [redacted]")
        }
        _ => "[redacted]".to_string(),
    }
}

/// Before the request: where it goes and the request's header block.
pub fn request(p: &Prepared, insecure: bool, cacert: bool) -> String {
    let mut s = format!(
        "* Connected to {} port {} through the terminal's server\n",
        p.url.host, p.url.port
    );
    if p.url.scheme == "https" {
        s.push_str("* TLS: the server's certificate is verified by the gateway");
        if insecure || cacert {
            s.push_str(" (-k/--cacert do not change that)");
        }
        s.push('\n');
    }
    if let Some(u) = &p.basic_user {
        s.push_str(&format!("* Server auth using Basic with user '{u}'\n"));
    }
    s.push_str(&format!("> {} {} HTTP/1.1\r\n", p.method, p.url.target));
    for (k, v) in &p.headers {
        s.push_str(&format!("> {k}: {}\r\n", shown(k, v)));
    }
    s.push_str("> \r\n");
    if p.has_body && !p.body.is_empty() {
        s.push_str(&format!("}} [{} bytes data]\n", p.body.len()));
    }
    s
}

/// The response's header block.
pub fn response(version: &str, status: u16, reason: &str, headers: &[(String, String)]) -> String {
    let mut s = if reason.is_empty() {
        format!("< {version} {status}\r\n")
    } else {
        format!("< {version} {status} {reason}\r\n")
    };
    for (k, v) in headers {
        s.push_str(&format!("< {k}: {}\r\n", shown(k, v)));
    }
    s.push_str("< \r\n");
    s
}

pub fn done(host: &str) -> String {
    format!("* Connection #0 to host {host} left intact\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_credentials() {
        let cases = [
            ("Authorization", "Bearer eyJabc", "Bearer [redacted]"),
            (
                "authorization",
                "Basic YXBpa2V5OnNlY3JldA==",
                "Basic [redacted]",
            ),
            ("Authorization", "eyJabc", "[redacted]"),
            ("X-Auth-Refresh-Token", "OKabc", "[redacted]"),
            ("Cookie", "session=1", "[redacted]"),
            ("set-cookie", "a=b; Path=/", "[redacted]"),
            ("Content-Type", "application/json", "application/json"),
            ("X-Region", "us-south", "us-south"),
        ];
        for (k, v, want) in cases {
            assert_eq!(shown(k, v), want, "{k}: {v}");
        }
    }
}
