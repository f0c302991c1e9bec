//! The URLs curl accepts: `http` and `https` (a URL without a scheme is
//! taken as `http://`, as curl guesses), an authority with optional
//! `user:password@` and port, a path (`/` when empty) and a query; the
//! fragment is never sent.

use crate::curl::error::Failure;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub scheme: String,
    pub userinfo: Option<String>,
    pub host: String,
    pub port: u16,
    /// Whether the port was written out (it then shows in `Host:`).
    pub explicit_port: bool,
    /// Path and query, starting with `/`.
    pub target: String,
}

impl Url {
    pub fn parse(input: &str) -> Result<Url, Failure> {
        let (scheme, rest) = match input.find("://") {
            Some(i) => (input[..i].to_ascii_lowercase(), &input[i + 3..]),
            None => ("http".to_string(), input),
        };
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => {
                return Err(Failure::unsupported(
                    &input[..input.find("://").unwrap_or(0)],
                ))
            }
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, target) = rest.split_at(end);
        let (userinfo, hostport) = match authority.rfind('@') {
            Some(i) => (Some(authority[..i].to_string()), &authority[i + 1..]),
            None => (None, authority),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let close = v6
                .find(']')
                .ok_or_else(|| Failure::url("Bad IPv6 address"))?;
            let after = &v6[close + 1..];
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p),
                None if after.is_empty() => None,
                None => return Err(Failure::url("Bad IPv6 address")),
            };
            (format!("[{}]", &v6[..close]), port)
        } else {
            match hostport.rfind(':') {
                Some(i) => (hostport[..i].to_string(), Some(&hostport[i + 1..])),
                None => (hostport.to_string(), None),
            }
        };
        if host.is_empty() {
            return Err(Failure::url("No host part in the URL"));
        }
        let host_ok = host.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=".contains(&b));
        if !host_ok {
            return Err(Failure::url("Bad hostname"));
        }
        let (port, explicit_port) = match port {
            None | Some("") => (default_port, false),
            Some(p) => match p.parse::<u16>() {
                Ok(n) if p.bytes().all(|b| b.is_ascii_digit()) => (n, true),
                _ => {
                    return Err(Failure::url(
                        "Port number was not a decimal number between 0 and 65535",
                    ))
                }
            },
        };
        if target.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(Failure::url("Malformed input to a URL function"));
        }
        let target = if target.starts_with('/') {
            target.to_string()
        } else {
            format!("/{target}")
        };
        Ok(Url {
            scheme,
            userinfo,
            host: host.to_ascii_lowercase(),
            port,
            explicit_port,
            target,
        })
    }

    /// `host` or `host:port`, as the `Host:` header has it.
    pub fn host_header(&self) -> String {
        if self.explicit_port {
            format!("{}:{}", self.host, self.port)
        } else {
            self.host.clone()
        }
    }

    /// The URL without credentials, as sent (and as `%{url_effective}`).
    pub fn to_string_plain(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host_header(), self.target)
    }

    /// Appends `query` the way `-G` does.
    pub fn add_query(&mut self, query: &str) {
        let sep = if self.target.contains('?') { '&' } else { '?' };
        self.target.push(sep);
        self.target.push_str(query);
    }

    /// The last path segment (`-O`'s file name).
    pub fn file_name(&self) -> &str {
        let path = self.target.split('?').next().unwrap_or_default();
        path.rsplit('/').next().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases: &[(&str, Result<&str, i32>)] = &[
            (
                "https://iam.cloud.ibm.com/identity/token",
                Ok("https://iam.cloud.ibm.com/identity/token"),
            ),
            ("http://h:8080", Ok("http://h:8080/")),
            ("h.example.com/x?y=1#frag", Ok("http://h.example.com/x?y=1")),
            ("HTTPS://Host.COM?q", Ok("https://host.com/?q")),
            ("http://u:p@h/", Ok("http://h/")),
            ("http://[::1]:99/a", Ok("http://[::1]:99/a")),
            ("http://", Err(3)),
            ("http://h:99999/", Err(3)),
            ("http://h:x/", Err(3)),
            ("http://a b/", Err(3)),
            ("htp://x", Err(1)),
            ("ftp://x", Err(1)),
        ];
        for (input, want) in cases {
            let got = Url::parse(input)
                .map(|u| u.to_string_plain())
                .map_err(|f| f.code);
            let want = want.map(str::to_string);
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn file_names() {
        for (u, want) in [
            ("http://h/a/b.json?x=1", "b.json"),
            ("http://h/", ""),
            ("http://h/dir/", ""),
        ] {
            assert_eq!(Url::parse(u).unwrap().file_name(), want, "{u}");
        }
    }
}
