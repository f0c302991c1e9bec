//! The text of generated container logs: a start-up banner, then a line
//! every few seconds, in the style of the image (nginx access log, CoreDNS
//! queries, JSON from the demo apps, klog for the rest). Line `k` of a
//! container is a pure function of its pod/container name and `k`, so the
//! same clock always gives the same log.

use crate::time::civil;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Nginx,
    CoreDns,
    Api,
    Worker,
    Klog,
}

impl Flavor {
    pub fn of(image: &str) -> Flavor {
        let name = image.rsplit('/').next().unwrap_or(image);
        match name.split(':').next().unwrap_or(name) {
            "nginx" => Flavor::Nginx,
            "coredns" => Flavor::CoreDns,
            "api" => Flavor::Api,
            "worker" => Flavor::Worker,
            _ => Flavor::Klog,
        }
    }
}

/// One run of one container.
#[derive(Clone, Debug)]
pub struct Source {
    seed: u64,
    flavor: Flavor,
    pub start: i64,
    /// When it exited; `None` while running.
    pub end: Option<i64>,
    interval: i64,
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// splitmix64: a well-mixed number for (seed, k).
fn mix(seed: u64, k: u64) -> u64 {
    let mut z = seed.wrapping_add(k.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Offset of the first periodic line after the start.
const FIRST_MS: i64 = 3_000;

struct Clock {
    y: i64,
    mo: u32,
    d: u32,
    h: i64,
    mi: i64,
    s: i64,
    ms: i64,
}

fn clock(t: i64) -> Clock {
    let secs = t.div_euclid(1000);
    let (y, mo, d) = civil(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    Clock {
        y,
        mo,
        d,
        h: sod / 3600,
        mi: sod / 60 % 60,
        s: sod % 60,
        ms: t.rem_euclid(1000),
    }
}

/// The kubelet's fixed-width RFC 3339 time with nanoseconds.
pub fn rfc3339_nano(t: i64, sub_ms_nanos: u64) -> String {
    let c = clock(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{:06}Z",
        c.y,
        c.mo,
        c.d,
        c.h,
        c.mi,
        c.s,
        c.ms,
        sub_ms_nanos % 1_000_000
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Source {
    pub fn new(seed_name: &str, flavor: Flavor, start: i64, end: Option<i64>) -> Source {
        let seed = fnv(seed_name);
        Source {
            seed,
            flavor,
            start,
            end,
            interval: 2_000 + (seed % 3_000) as i64,
        }
    }

    /// Start-up lines, with their offset from the start in milliseconds.
    fn banner(&self) -> Vec<(i64, String)> {
        let date = |off: i64| {
            let c = clock(self.start + off);
            format!(
                "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
                c.y, c.mo, c.d, c.h, c.mi, c.s
            )
        };
        let ts = |off: i64| {
            let c = clock(self.start + off);
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms
            )
        };
        let klog = |off: i64| {
            let c = clock(self.start + off);
            format!(
                "I{:02}{:02} {:02}:{:02}:{:02}.{:03}417",
                c.mo, c.d, c.h, c.mi, c.s, c.ms
            )
        };
        match self.flavor {
            Flavor::Nginx => vec![
                (0, "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration".into()),
                (1, "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/".into()),
                (2, "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh".into()),
                (9, "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf".into()),
                (15, "/docker-entrypoint.sh: Configuration complete; ready for start up".into()),
                (21, format!("{} [notice] 1#1: using the \"epoll\" event method", date(21))),
                (21, format!("{} [notice] 1#1: nginx/1.27.3", date(21))),
                (22, format!("{} [notice] 1#1: start worker processes", date(22))),
            ],
            Flavor::CoreDns => vec![
                (0, ".:53".into()),
                (1, "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908".into()),
                (1, "CoreDNS-1.12.1".into()),
                (2, "linux/amd64, go1.24.2, 707c7c1".into()),
            ],
            Flavor::Api => vec![
                (0, format!("{{\"level\":\"info\",\"ts\":\"{}\",\"msg\":\"starting api\",\"version\":\"2.4.1\",\"port\":8080}}", ts(0))),
                (238, format!("{{\"level\":\"info\",\"ts\":\"{}\",\"msg\":\"connected to database\",\"host\":\"postgres.default.svc\",\"pool\":10}}", ts(238))),
            ],
            Flavor::Worker => vec![
                (0, format!("{{\"level\":\"info\",\"ts\":\"{}\",\"msg\":\"starting worker\",\"version\":\"0.9.0\",\"concurrency\":4}}", ts(0))),
                (114, format!("{{\"level\":\"info\",\"ts\":\"{}\",\"msg\":\"connecting to queue\",\"addr\":\"redis.default.svc:6379\"}}", ts(114))),
                (1_530, format!("{{\"level\":\"error\",\"ts\":\"{}\",\"msg\":\"dial tcp 172.21.40.17:6379: connect: connection refused\",\"attempt\":3}}", ts(1_530))),
                (1_533, format!("{{\"level\":\"fatal\",\"ts\":\"{}\",\"msg\":\"cannot reach the queue, exiting\",\"exitCode\":1}}", ts(1_533))),
            ],
            Flavor::Klog => vec![
                (0, format!("{}       1 serving.go:380] Generated self-signed cert in-memory", klog(0))),
                (312, format!("{}       1 secure_serving.go:213] Serving securely on [::]:10250", klog(312))),
            ],
        }
    }

    /// Periodic line `k`, logged at `t`.
    fn periodic(&self, k: u64, t: i64) -> Option<String> {
        let r = mix(self.seed, k);
        let c = clock(t);
        let pick =
            |list: &[&'static str], salt: u64| list[((r >> salt) % list.len() as u64) as usize];
        let peer = format!("172.30.{}.{}", (r >> 8) % 12 * 4, 2 + (r >> 16) % 200);
        Some(match self.flavor {
            Flavor::Nginx => {
                let path = pick(&["/", "/", "/index.html", "/healthz", "/static/app.js", "/favicon.ico", "/api/status"], 20);
                let (code, size) = match path {
                    "/favicon.ico" => (404, 153),
                    "/healthz" => (200, 2),
                    "/static/app.js" => (200, 48_213),
                    _ => (200, 615),
                };
                let agent = pick(&["kube-probe/1.36", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "curl/8.5.0"], 28);
                format!(
                    "{peer} - - [{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000] \"GET {path} HTTP/1.1\" {code} {size} \"-\" \"{agent}\" \"-\"",
                    c.d, MONTHS[(c.mo - 1) as usize % 12], c.y, c.h, c.mi, c.s
                )
            }
            Flavor::CoreDns => {
                let name = pick(&["api.default.svc.cluster.local.", "web.default.svc.cluster.local.", "kubernetes.default.svc.cluster.local.", "metrics-server.kube-system.svc.cluster.local.", "icr.io."], 20);
                let ty = pick(&["A", "A", "AAAA"], 30);
                let rcode = if name == "icr.io." { "NOERROR qr,rd,ra 80" } else { "NOERROR qr,aa,rd 106" };
                format!(
                    "[INFO] {peer}:{} - {} \"{ty} IN {name} udp 58 false 1232\" {rcode} 0.000{:06}s",
                    30_000 + (r >> 24) % 30_000,
                    (r >> 36) % 65_536,
                    100 + (r >> 44) % 400_000
                )
            }
            Flavor::Api => {
                let (method, path) = pick2(r, &[("GET", "/v1/orders"), ("GET", "/v1/orders/1042"), ("POST", "/v1/orders"), ("GET", "/healthz"), ("GET", "/v1/customers")]);
                let status = if path == "/v1/orders/1042" && r.is_multiple_of(5) { 404 } else if method == "POST" { 201 } else { 200 };
                format!(
                    "{{\"level\":\"info\",\"ts\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\",\"msg\":\"request\",\"method\":\"{method}\",\"path\":\"{path}\",\"status\":{status},\"duration_ms\":{},\"remote\":\"{peer}\"}}",
                    c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, 1 + (r >> 40) % 60
                )
            }
            // The worker never gets past its start-up.
            Flavor::Worker => return None,
            Flavor::Klog => format!(
                "I{:02}{:02} {:02}:{:02}:{:02}.{:03}{:03}       1 server.go:191] \"Scraped nodes\" count={} duration=\"{}ms\"",
                c.mo, c.d, c.h, c.mi, c.s, c.ms, (r >> 12) % 1000, 3, 20 + (r >> 30) % 80
            ),
        })
    }

    /// Lines logged at times in `[lo, hi)`, oldest first, as (time,
    /// sub-millisecond nanoseconds, text).
    pub fn lines(&self, lo: i64, hi: i64) -> Vec<(i64, u64, String)> {
        let hi = self.end.map_or(hi, |e| hi.min(e + 1));
        let mut out = Vec::new();
        for (i, (off, text)) in self.banner().into_iter().enumerate() {
            let t = self.start + off;
            if (lo..hi).contains(&t) {
                out.push((t, mix(self.seed, 1_000_000 + i as u64), text));
            }
        }
        let base = self.start + FIRST_MS;
        let first_k = if lo <= base {
            0
        } else {
            (lo - base + self.interval - 1) / self.interval
        };
        // Jitter may put the line before `first_k` inside the range.
        let mut k = (first_k - 1).max(0);
        loop {
            let jitter = (mix(self.seed, k as u64) % 400) as i64;
            let t = base + k * self.interval + jitter;
            if t >= hi {
                break;
            }
            if t >= lo {
                match self.periodic(k as u64, t) {
                    Some(text) => out.push((t, mix(self.seed, k as u64) >> 20, text)),
                    None => break,
                }
            }
            k += 1;
        }
        out
    }
}

fn pick2(r: u64, list: &[(&'static str, &'static str)]) -> (&'static str, &'static str) {
    list[((r >> 20) % list.len() as u64) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_767_225_600_000;

    #[test]
    fn flavors() {
        for (image, f) in [
            ("nginx:1.27", Flavor::Nginx),
            ("icr.io/ext/coredns:1.12.1", Flavor::CoreDns),
            ("icr.io/demo/api:2.4.1", Flavor::Api),
            ("icr.io/demo/worker:0.9.0", Flavor::Worker),
            ("busybox", Flavor::Klog),
        ] {
            assert_eq!(Flavor::of(image), f, "{image}");
        }
    }

    #[test]
    fn deterministic_and_split_anywhere() {
        let s = Source::new("web-1/web", Flavor::Nginx, T, None);
        let all = s.lines(T, T + 60_000);
        assert_eq!(all, s.lines(T, T + 60_000));
        assert_eq!(all[0].2, "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
        assert_eq!(
            all[5].2,
            "2026/01/01 00:00:00 [notice] 1#1: using the \"epoll\" event method"
        );
        assert!(all.len() > 8 + 10, "{}", all.len());
        // Reading in pieces gives the same lines as reading at once.
        let mut pieces = Vec::new();
        let mut t = T;
        while t < T + 60_000 {
            pieces.extend(s.lines(t, t + 7_001));
            t += 7_001;
        }
        pieces.retain(|l| l.0 < T + 60_000);
        assert_eq!(pieces, all);
        assert!(all.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn exited_run_stops_at_its_end() {
        let s = Source::new("w/w", Flavor::Worker, T, Some(T + 2_000));
        let lines = s.lines(T - 1, T + 600_000);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].2.contains("\"level\":\"fatal\""));
    }

    #[test]
    fn nano_times() {
        assert_eq!(
            rfc3339_nano(T + 1_234, 5_678_901),
            "2026-01-01T00:00:01.234678901Z"
        );
    }
}
