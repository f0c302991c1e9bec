//! What the gateway may reach and who may use it: upstream host patterns,
//! the address ranges refused after DNS resolution, and the Origin check.

use std::net::IpAddr;

/// An upstream URL taken apart: `https://c100.x.containers.cloud.ibm.com:31234/base`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub https: bool,
    /// Lower case, without IPv6 brackets.
    pub host: String,
    pub port: u16,
    /// Path to put in front of the forwarded path, without a trailing `/`.
    pub base_path: String,
}

impl Target {
    pub fn parse(url: &str) -> Result<Self, String> {
        let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = url.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(format!("{url}: only http and https URLs can be upstreams"));
        };
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) if rest[i..].starts_with('/') && !rest[i..].contains(['?', '#']) => {
                (&rest[..i], &rest[i..])
            }
            Some(_) => return Err(format!("{url}: an upstream has no query or fragment")),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(format!("{url}: an upstream has no user information"));
        }
        let (host, port) = split_host_port(authority)
            .ok_or_else(|| format!("{url}: cannot read the host and port"))?;
        let port = match port {
            Some(p) => p
                .parse::<u16>()
                .map_err(|_| format!("{url}: bad port {p:?}"))?,
            None if https => 443,
            None => 80,
        };
        if host.is_empty() {
            return Err(format!("{url}: no host"));
        }
        if has_dot_segment(path) {
            return Err(format!("{url}: an upstream path has no dot segments"));
        }
        Ok(Self {
            https,
            host: host.to_ascii_lowercase(),
            port,
            base_path: path.trim_end_matches('/').to_string(),
        })
    }

    /// `host[:port]` as the Host header says it (default ports left out).
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == if self.https { 443 } else { 80 } {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    pub fn origin(&self) -> String {
        format!(
            "{}://{}",
            if self.https { "https" } else { "http" },
            self.authority()
        )
    }
}

fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after {
            "" => Some((host, None)),
            p => Some((host, Some(p.strip_prefix(':')?))),
        };
    }
    match authority.rsplit_once(':') {
        Some((h, p)) => Some((h, Some(p))),
        None => Some((authority, None)),
    }
}

/// `https://*.containers.cloud.ibm.com:*`: scheme, host (exact, or `*.` for
/// one or more labels in front of a suffix), port (`*`, a number, or left
/// out for the scheme's default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPattern {
    https: bool,
    /// The suffix after `*.` when `wildcard`, else the whole host.
    host: String,
    wildcard: bool,
    /// None: any port.
    port: Option<u16>,
}

impl HostPattern {
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("allow_hosts: {s:?} is not scheme://host[:port]");
        let (https, rest) = if let Some(r) = s.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = s.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(bad());
        };
        if rest.contains(['/', '?', '#', '@']) {
            return Err(bad());
        }
        let (host, port) = split_host_port(rest).ok_or_else(bad)?;
        let port = match port {
            Some("*") => None,
            Some(p) => Some(p.parse::<u16>().map_err(|_| bad())?),
            None => Some(if https { 443 } else { 80 }),
        };
        let (wildcard, host) = match host.strip_prefix("*.") {
            Some(h) => (true, h),
            None => (false, host),
        };
        if host.is_empty() || host.contains('*') {
            return Err(bad());
        }
        Ok(Self {
            https,
            host: host.to_ascii_lowercase(),
            wildcard,
            port,
        })
    }

    pub fn matches(&self, t: &Target) -> bool {
        let host_ok = if self.wildcard {
            t.host
                .strip_suffix(&self.host)
                .and_then(|front| front.strip_suffix('.'))
                .is_some_and(|front| !front.is_empty())
        } else {
            t.host == self.host
        };
        self.https == t.https && host_ok && self.port.is_none_or(|p| p == t.port)
    }
}

/// Why an address is refused unless configured: the ranges a request from
/// outside must never be bounced into (the gateway's own network, cloud
/// metadata services, loopback).
pub fn special_range(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if v4.is_loopback() {
                Some("a loopback address")
            } else if v4.is_private() || (o[0] == 100 && (o[1] & 0xc0) == 64) {
                // 100.64.0.0/10 is carrier-grade NAT, private in effect.
                Some("a private address")
            } else if v4.is_link_local() {
                Some("a link-local address")
            } else if v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() || o[0] == 0 {
                Some("not a unicast address")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return special_range(IpAddr::V4(v4));
            }
            let seg0 = v6.segments()[0];
            if v6.is_loopback() {
                Some("a loopback address")
            } else if (seg0 & 0xfe00) == 0xfc00 {
                Some("a private address")
            } else if (seg0 & 0xffc0) == 0xfe80 {
                Some("a link-local address")
            } else if v6.is_unspecified() || v6.is_multicast() {
                Some("not a unicast address")
            } else {
                None
            }
        }
    }
}

/// None when the gateway may connect to `ip`, else why not.
pub fn refused(ip: IpAddr, allowed: &[ipnet::IpNet]) -> Option<&'static str> {
    let why = special_range(ip)?;
    if allowed.iter().any(|n| n.contains(&ip)) {
        None
    } else {
        Some(why)
    }
}

/// The cluster endpoint of `/api/k8s-endpoint/<host:port>`: a DNS name
/// (lower-cased; `%3A` read as `:`, as the sandbox reads it) and a port
/// 1-65535, always https. `Err(Some(t))` for an IP literal (never a
/// cluster's public name), `Err(None)` for anything else that is not
/// `host:port` (user information, other escapes, no port).
pub fn cluster_endpoint(authority: &str) -> Result<Target, Option<Target>> {
    let a = authority
        .replace("%3A", ":")
        .replace("%3a", ":")
        .to_ascii_lowercase();
    let (host, port) = split_host_port(&a).ok_or(None)?;
    if host.is_empty() {
        return Err(None);
    }
    let port = port
        .filter(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|p| p.parse::<u16>().ok())
        .filter(|p| *p != 0)
        .ok_or(None)?;
    let target = Target {
        https: true,
        host: host.to_string(),
        port,
        base_path: String::new(),
    };
    if host.parse::<IpAddr>().is_ok() {
        return Err(Some(target));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let labels: Vec<&str> = host.split('.').collect();
    // A last label of digits (or 0x and hex) makes an IPv4 literal in
    // another spelling (`127.1`, `0x7f000001`) for the resolver.
    let last = labels.last().copied().unwrap_or_default();
    let numeric = last.bytes().all(|b| b.is_ascii_digit())
        || last
            .strip_prefix("0x")
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    if numeric {
        return Err(Some(target));
    }
    if host.len() > 253 || !labels.iter().all(|l| label_ok(l)) {
        return Err(None);
    }
    Ok(target)
}

/// Dot segments (also percent-encoded) could walk out of an upstream's base path.
pub fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|s| {
        let s = s.to_ascii_lowercase().replace("%2e", ".");
        s == "." || s == ".."
    })
}

/// `scheme://host[:port]` lower-cased, the scheme's default port left out;
/// None for anything else (`null`, paths, user information).
pub fn normalize_origin(o: &str) -> Option<String> {
    let lower = o.to_ascii_lowercase();
    let (scheme, rest, default) = if let Some(r) = lower.strip_prefix("https://") {
        ("https", r, "443")
    } else if let Some(r) = lower.strip_prefix("http://") {
        ("http", r, "80")
    } else {
        return None;
    };
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', '\\']) {
        return None;
    }
    let (host, port) = split_host_port(rest)?;
    if host.is_empty() {
        return None;
    }
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    Some(match port {
        Some(p) if p != default => {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            format!("{scheme}://{host}:{p}")
        }
        _ => format!("{scheme}://{host}"),
    })
}

/// A browser request is allowed when its Origin is, scheme, host and port,
/// one of the gateway's own (`own`: configured public origins, or the one
/// the Host header and the scheme make) or a configured one. Requests
/// without Origin come from non-browser clients or same-origin navigation.
pub fn origin_allowed(origin: Option<&str>, own: &[String], allowed: &[String]) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    let Some(origin) = normalize_origin(origin) else {
        return false;
    };
    own.iter()
        .chain(allowed)
        .any(|o| normalize_origin(o).is_some_and(|o| o == origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = Target::parse("https://C100.us-south.containers.cloud.ibm.com:31234").unwrap();
        assert_eq!(
            (t.https, t.host.as_str(), t.port, t.base_path.as_str()),
            (true, "c100.us-south.containers.cloud.ibm.com", 31234, "")
        );
        let t = Target::parse("http://127.0.0.1:8080/api/k8s/abc/").unwrap();
        assert_eq!((t.port, t.base_path.as_str()), (8080, "/api/k8s/abc"));
        assert_eq!(t.authority(), "127.0.0.1:8080");
        let t = Target::parse("https://[::1]/x").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 443));
        assert_eq!(t.origin(), "https://[::1]");
        for bad in [
            "ftp://x",
            "https://u:p@iam.cloud.ibm.com",
            "https://x/?a=1",
            "https://:80",
            "https://x:99999",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn patterns() {
        let cases = [
            (
                "https://*.containers.cloud.ibm.com:*",
                "https://c1.us-south.containers.cloud.ibm.com:31234",
                true,
            ),
            (
                "https://*.containers.cloud.ibm.com:*",
                "https://containers.cloud.ibm.com",
                false,
            ),
            (
                "https://*.containers.cloud.ibm.com:*",
                "https://evilcontainers.cloud.ibm.com",
                false,
            ),
            (
                "https://*.containers.cloud.ibm.com:*",
                "http://c1.containers.cloud.ibm.com",
                false,
            ),
            ("https://*.icr.io", "https://us.icr.io", true),
            ("https://*.icr.io", "https://us.icr.io:8443", false),
            ("https://*.icr.io", "https://us.icr.io.evil.com", false),
            (
                "https://iam.cloud.ibm.com",
                "https://iam.cloud.ibm.com/identity",
                true,
            ),
            (
                "https://iam.cloud.ibm.com",
                "https://iam.cloud.ibm.com:444",
                false,
            ),
            ("http://127.0.0.1:*", "http://127.0.0.1:4321/api", true),
            ("http://[::1]:8080", "http://[::1]:8080", true),
        ];
        for (pat, url, want) in cases {
            let p = HostPattern::parse(pat).unwrap();
            assert_eq!(
                p.matches(&Target::parse(url).unwrap()),
                want,
                "{pat} ~ {url}"
            );
        }
        for bad in [
            "iam.cloud.ibm.com",
            "https://*",
            "https://a.*.b",
            "https://x/path",
        ] {
            assert!(HostPattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn address_ranges() {
        let allowed: Vec<ipnet::IpNet> = vec!["127.0.0.0/8".parse().unwrap()];
        let cases = [
            ("127.0.0.1", &[][..], Some("a loopback address")),
            ("127.0.0.1", &allowed[..], None),
            ("10.1.2.3", &allowed[..], Some("a private address")),
            ("192.168.0.1", &[][..], Some("a private address")),
            ("100.64.1.1", &[][..], Some("a private address")),
            ("169.254.169.254", &[][..], Some("a link-local address")),
            ("0.0.0.0", &[][..], Some("not a unicast address")),
            ("::1", &[][..], Some("a loopback address")),
            ("::ffff:10.0.0.1", &[][..], Some("a private address")),
            ("fd00::1", &[][..], Some("a private address")),
            ("fe80::1", &[][..], Some("a link-local address")),
            ("169.47.64.80", &[][..], None),
            ("2001:db8::1", &[][..], None),
        ];
        for (ip, nets, want) in cases {
            assert_eq!(refused(ip.parse().unwrap(), nets), want, "{ip}");
        }
    }

    #[test]
    fn origins() {
        let allowed = vec!["https://cloud.ibm.com".to_string()];
        let own = |o: &str| vec![o.to_string()];
        let cases = [
            (None, own("http://gw.example.com"), true),
            (
                Some("https://gw.example.com"),
                own("https://gw.example.com"),
                true,
            ),
            (
                Some("https://GW.example.com:443"),
                own("https://gw.example.com"),
                true,
            ),
            (
                Some("http://127.0.0.1:8080"),
                own("http://127.0.0.1:8080"),
                true,
            ),
            (
                Some("https://cloud.ibm.com"),
                own("http://gw.example.com"),
                true,
            ),
            // The scheme counts: https://h is not http://h's origin.
            (
                Some("https://gw.example.com"),
                own("http://gw.example.com"),
                false,
            ),
            (
                Some("http://gw.example.com"),
                own("https://gw.example.com"),
                false,
            ),
            (
                Some("https://evil.example.com"),
                own("https://gw.example.com"),
                false,
            ),
            (
                Some("https://gw.example.com:444"),
                own("https://gw.example.com"),
                false,
            ),
            (Some("null"), own("https://gw.example.com"), false),
            (Some("https://gw.example.com"), vec![], false),
            (
                Some("https://u@gw.example.com"),
                own("https://gw.example.com"),
                false,
            ),
        ];
        for (origin, own, want) in cases {
            assert_eq!(
                origin_allowed(origin, &own, &allowed),
                want,
                "{origin:?} {own:?}"
            );
        }
    }

    #[test]
    fn cluster_endpoints() {
        let ok = |a: &str| cluster_endpoint(a).ok().map(|t| t.origin());
        let cases = [
            (
                "c7.us-south.containers.cloud.ibm.com:27078",
                Some("https://c7.us-south.containers.cloud.ibm.com:27078"),
            ),
            (
                "C7.US-SOUTH.containers.cloud.ibm.com%3A27078",
                Some("https://c7.us-south.containers.cloud.ibm.com:27078"),
            ),
            ("localhost:65535", Some("https://localhost:65535")),
            ("c7.containers.cloud.ibm.com", None),
            ("c7.containers.cloud.ibm.com:0", None),
            ("c7.containers.cloud.ibm.com:65536", None),
            ("c7.containers.cloud.ibm.com:+443", None),
            ("u:p@c7.containers.cloud.ibm.com:443", None),
            ("c7.containers.cloud.ibm.com%2Fx:443", None),
            ("c7..containers.cloud.ibm.com:443", None),
            ("10.0.0.1:6443", None),
            ("[::1]:6443", None),
            ("0x7f000001:443", None),
            ("", None),
        ];
        for (a, want) in cases {
            assert_eq!(ok(a).as_deref(), want, "{a}");
        }
        for ip in ["10.0.0.1:6443", "[::1]:6443", "127.1:443", "0x7f000001:443"] {
            assert!(matches!(cluster_endpoint(ip), Err(Some(_))), "{ip}");
        }
    }

    #[test]
    fn dot_segments() {
        let cases = [
            ("/api/iam/identity/token", false),
            ("/api/registry/us-south/../../x", true),
            ("/api/k8s/abc/%2e%2E/x", true),
            ("/api/iam/./x", true),
            ("/api/iam/.well-known/openid-configuration", false),
            ("/api/iam/a..b", false),
        ];
        for (p, want) in cases {
            assert_eq!(has_dot_segment(p), want, "{p}");
        }
        // Nor in an upstream's base path (a cluster record's URL).
        assert_eq!(
            Target::parse("https://c1.containers.cloud.ibm.com:3/base/../../version"),
            Err("https://c1.containers.cloud.ibm.com:3/base/../../version: an upstream path has no dot segments".into())
        );
    }
}
