//! The gateway's configuration: which path prefix goes to which upstream,
//! which upstream hosts may be reached at all, and the limits. Read from a
//! JSON file (`--upstream-config FILE`); every field left out keeps the
//! `--upstream ibmcloud` value, so a file may say only what differs.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Deserialize;

use super::policy::HostPattern;

/// The same-origin prefixes (under `/api`) and the real IBM Cloud hosts
/// behind them; the client's endpoint map (`kterm_http::endpoints`) is the
/// other half of this table.
const IBM_CLOUD_UPSTREAMS: &[(&str, &str)] = &[
    ("iam", "https://iam.cloud.ibm.com"),
    ("accounts", "https://accounts.cloud.ibm.com"),
    (
        "resource-controller",
        "https://resource-controller.cloud.ibm.com",
    ),
    ("containers", "https://containers.cloud.ibm.com"),
    ("registry/global", "https://icr.io"),
    ("registry/au-syd", "https://au.icr.io"),
    ("registry/br-sao", "https://br.icr.io"),
    ("registry/ca-tor", "https://ca.icr.io"),
    ("registry/eu-de", "https://de.icr.io"),
    ("registry/eu-es", "https://es.icr.io"),
    ("registry/eu-gb", "https://uk.icr.io"),
    ("registry/in-che", "https://in.icr.io"),
    ("registry/jp-tok", "https://jp.icr.io"),
    ("registry/jp-osa", "https://jp2.icr.io"),
    ("registry/us-south", "https://us.icr.io"),
    // The Kubernetes Service's regional hosts of the 2017-2019 API docs
    // (`us-south.containers.bluemix.net`, now `.containers.cloud.ibm.com`).
    (
        "containers-regional/us-south",
        "https://us-south.containers.cloud.ibm.com",
    ),
    (
        "containers-regional/us-east",
        "https://us-east.containers.cloud.ibm.com",
    ),
    (
        "containers-regional/uk-south",
        "https://uk-south.containers.cloud.ibm.com",
    ),
    (
        "containers-regional/eu-central",
        "https://eu-central.containers.cloud.ibm.com",
    ),
    (
        "containers-regional/ap-south",
        "https://ap-south.containers.cloud.ibm.com",
    ),
    (
        "containers-regional/ap-north",
        "https://ap-north.containers.cloud.ibm.com",
    ),
    // Cloud Foundry of the 2017 docs (`api.<region>.bluemix.net`).
    ("cf/ng", "https://api.ng.bluemix.net"),
    ("cf/us-south", "https://api.us-south.bluemix.net"),
    ("cf/us-east", "https://api.us-east.bluemix.net"),
    ("cf/eu-gb", "https://api.eu-gb.bluemix.net"),
    ("cf/eu-de", "https://api.eu-de.bluemix.net"),
    ("cf/au-syd", "https://api.au-syd.bluemix.net"),
    ("cf/jp-tok", "https://api.jp-tok.bluemix.net"),
];

/// Hosts the IBM Cloud preset may reach: the fixed services, the registry
/// domains, clusters' public service endpoints
/// (`c100.us-south.containers.cloud.ibm.com:31234`,
/// `c100-e.us-south.containers.cloud.ibm.com:…`), and the Bluemix names the
/// 2017-2019 API docs use (`iam.bluemix.net`, `iam.ng.bluemix.net`,
/// `accountmanagement.bluemix.net`, `containers.bluemix.net`,
/// `us-south.containers.bluemix.net`, `api.ng.bluemix.net`).
const IBM_CLOUD_HOSTS: &[&str] = &[
    "https://iam.cloud.ibm.com",
    "https://accounts.cloud.ibm.com",
    "https://resource-controller.cloud.ibm.com",
    "https://containers.cloud.ibm.com",
    "https://icr.io",
    "https://*.icr.io",
    "https://*.containers.cloud.ibm.com:*",
    "https://*.bluemix.net",
];

/// A cluster whose API server is configured rather than looked up.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClusterEndpoint {
    /// The API server, e.g. `https://c100.us-south.containers.cloud.ibm.com:31234`.
    pub url: String,
    /// PEM file of the cluster CA the API server's certificate is checked
    /// against; without it the CA comes as for looked-up clusters.
    #[serde(default)]
    pub ca_file: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Clusters {
    /// The upstream (a key of `upstreams`) serving the Kubernetes Service
    /// API, asked `GET /global/v2/getCluster?cluster=ID` for the endpoint.
    pub lookup: String,
    /// How long a looked-up endpoint and CA are reused, seconds.
    pub cache_seconds: u64,
    /// How long a failed lookup is answered from memory, seconds.
    pub failure_cache_seconds: u64,
    /// Cluster id → configured endpoint (no lookup).
    pub endpoints: BTreeMap<String, ClusterEndpoint>,
}

impl Default for Clusters {
    fn default() -> Self {
        Self {
            lookup: "containers".into(),
            cache_seconds: 60,
            failure_cache_seconds: 10,
            endpoints: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Prefix under `/api` (`iam`, `registry/us-south`) → upstream base URL.
    pub upstreams: BTreeMap<String, String>,
    /// `scheme://host[:port]` patterns every upstream must match; the host
    /// may start with `*.`, the port may be `*`.
    pub allow_hosts: Vec<String>,
    /// Address ranges (CIDR) allowed although private, loopback or
    /// link-local; empty refuses them all.
    pub allow_networks: Vec<String>,
    /// Browser origins allowed besides the gateway's own.
    pub allowed_origins: Vec<String>,
    /// The gateway's own origins as browsers see them
    /// (`https://kterm.example.com`). When set, only these and
    /// `allowed_origins` pass the Origin check; when empty, the Host header
    /// and the request's scheme make the own origin.
    pub public_origins: Vec<String>,
    pub clusters: Clusters,
    /// Largest request body forwarded, bytes.
    pub max_body_bytes: usize,
    /// Request-body bytes held at once by all connections together;
    /// beyond it clients are read no further until bytes go upstream.
    pub max_in_flight_body_bytes: usize,
    /// Until a request head has arrived (and keep-alive idle time).
    pub header_timeout_seconds: u64,
    /// Longest pause while a request body is sent.
    pub body_idle_timeout_seconds: u64,
    /// Client connections served at once; more wait in the backlog.
    pub max_connections: usize,
    pub connect_timeout_seconds: u64,
    /// Until the upstream's response headers arrive.
    pub response_timeout_seconds: u64,
    /// Longest exchange, streamed bodies and WebSocket sessions included.
    pub max_duration_seconds: u64,
    /// Extra PEM files trusted for the fixed upstreams (a corporate proxy,
    /// a test server), besides the public web roots.
    pub extra_ca_files: Vec<String>,
    /// One line per request (method, path without query, status); never
    /// headers or bodies.
    pub access_log: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self::ibm_cloud()
    }
}

impl Config {
    /// `--upstream ibmcloud`.
    pub fn ibm_cloud() -> Self {
        Self {
            upstreams: IBM_CLOUD_UPSTREAMS
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            allow_hosts: IBM_CLOUD_HOSTS.iter().map(|s| s.to_string()).collect(),
            allow_networks: Vec::new(),
            allowed_origins: Vec::new(),
            public_origins: Vec::new(),
            clusters: Clusters::default(),
            max_body_bytes: 4 * 1024 * 1024,
            max_in_flight_body_bytes: 64 * 1024 * 1024,
            header_timeout_seconds: 10,
            body_idle_timeout_seconds: 30,
            max_connections: 512,
            connect_timeout_seconds: 10,
            response_timeout_seconds: 60,
            max_duration_seconds: 3600,
            extra_ca_files: Vec::new(),
            access_log: true,
        }
    }

    /// A preset by name (`--upstream NAME`).
    pub fn preset(name: &str) -> Result<Self, String> {
        match name {
            "ibmcloud" => Ok(Self::ibm_cloud()),
            other => Err(format!(
                "unknown upstream preset {other:?} (known: ibmcloud)"
            )),
        }
    }

    /// The listener settings (`crate::serve`) this configuration asks for.
    pub fn limits(&self) -> crate::serve::Limits {
        crate::serve::Limits {
            header_read_timeout: std::time::Duration::from_secs(self.header_timeout_seconds),
            body_idle_timeout: std::time::Duration::from_secs(self.body_idle_timeout_seconds),
            max_connections: self.max_connections,
            ..crate::serve::Limits::default()
        }
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The parts other code needs, checked: every upstream parses and is
    /// allowed by `allow_hosts`, every network is a CIDR.
    pub fn validate(&self) -> Result<Checked, String> {
        let patterns = self
            .allow_hosts
            .iter()
            .map(|p| HostPattern::parse(p))
            .collect::<Result<Vec<_>, _>>()?;
        let networks = self
            .allow_networks
            .iter()
            .map(|n| parse_network(n))
            .collect::<Result<Vec<_>, _>>()?;
        for (prefix, url) in &self.upstreams {
            if prefix.is_empty()
                || prefix.starts_with('/')
                || prefix.ends_with('/')
                || matches!(prefix.split('/').next(), Some("k8s" | "k8s-endpoint"))
            {
                return Err(format!(
                    "upstream prefix {prefix:?}: give it without slashes at the ends; k8s and k8s-endpoint are reserved for clusters"
                ));
            }
            check_allowed(&patterns, url).map_err(|e| format!("upstream {prefix:?}: {e}"))?;
        }
        if !self.upstreams.contains_key(&self.clusters.lookup) {
            return Err(format!(
                "clusters.lookup {:?} is not one of the upstreams",
                self.clusters.lookup
            ));
        }
        for (id, c) in &self.clusters.endpoints {
            check_allowed(&patterns, &c.url).map_err(|e| format!("cluster {id:?}: {e}"))?;
        }
        for o in self.allowed_origins.iter().chain(&self.public_origins) {
            if !(o.starts_with("https://") || o.starts_with("http://")) || o.ends_with('/') {
                return Err(format!(
                    "allowed origin {o:?}: write it as scheme://host[:port]"
                ));
            }
        }
        for (name, n) in [
            ("max_body_bytes", self.max_body_bytes as u64),
            (
                "max_in_flight_body_bytes",
                self.max_in_flight_body_bytes as u64,
            ),
            ("header_timeout_seconds", self.header_timeout_seconds),
            ("body_idle_timeout_seconds", self.body_idle_timeout_seconds),
            ("max_connections", self.max_connections as u64),
        ] {
            if n == 0 {
                return Err(format!("{name} must be more than 0"));
            }
        }
        Ok(Checked { patterns, networks })
    }
}

/// What `validate` parsed.
pub struct Checked {
    pub patterns: Vec<HostPattern>,
    pub networks: Vec<ipnet::IpNet>,
}

fn parse_network(s: &str) -> Result<ipnet::IpNet, String> {
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("allow_networks: {s:?} is not an address or CIDR range"))
}

fn check_allowed(patterns: &[HostPattern], url: &str) -> Result<(), String> {
    let target = super::policy::Target::parse(url)?;
    if patterns.iter().any(|p| p.matches(&target)) {
        Ok(())
    } else {
        Err(format!("{url} is not allowed by allow_hosts"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibm_cloud_preset_is_valid_and_complete() {
        let c = Config::ibm_cloud();
        assert!(c.validate().is_ok());
        // Every prefix the client's endpoint map uses has an upstream.
        for (real, local) in [
            ("https://iam.cloud.ibm.com", "iam"),
            ("https://us.icr.io", "registry/us-south"),
            ("https://icr.io", "registry/global"),
            (
                "https://uk-south.containers.cloud.ibm.com",
                "containers-regional/uk-south",
            ),
            ("https://api.ng.bluemix.net", "cf/ng"),
        ] {
            assert_eq!(c.upstreams[local], real);
        }
    }

    #[test]
    fn ibm_cloud_preset_allows_the_docs_hosts() {
        let patterns = Config::ibm_cloud().validate().unwrap().patterns;
        for (url, want) in [
            ("https://iam.bluemix.net", true),
            ("https://iam.ng.bluemix.net", true),
            ("https://accountmanagement.eu-gb.bluemix.net", true),
            ("https://containers.bluemix.net", true),
            ("https://us-south.containers.bluemix.net", true),
            ("https://api.ng.bluemix.net", true),
            ("https://c7.us-south.containers.cloud.ibm.com:27078", true),
            ("https://bluemix.net.evil.com", false),
            ("http://iam.bluemix.net", false),
        ] {
            assert_eq!(check_allowed(&patterns, url).is_ok(), want, "{url}");
        }
    }

    #[test]
    fn file_keeps_preset_for_missing_fields() {
        let c = Config::from_json(r#"{"allowed_origins": ["https://cloud.ibm.com"]}"#).unwrap();
        assert_eq!(c.upstreams, Config::ibm_cloud().upstreams);
        assert_eq!(c.allowed_origins, ["https://cloud.ibm.com"]);
    }

    #[test]
    fn invalid_configs_are_refused_with_a_reason() {
        let cases = [
            (
                r#"{"upstreams": {"iam": "https://evil.example.com"}, "clusters": {"lookup": "iam"}}"#,
                "upstream \"iam\": https://evil.example.com is not allowed by allow_hosts",
            ),
            (
                r#"{"allow_networks": ["10.0.0.0/33"]}"#,
                "allow_networks: \"10.0.0.0/33\" is not an address or CIDR range",
            ),
            (
                r#"{"upstreams": {"iam": "https://iam.cloud.ibm.com"}}"#,
                "clusters.lookup \"containers\" is not one of the upstreams",
            ),
            (
                r#"{"clusters": {"endpoints": {"x": {"url": "https://10.1.2.3:6443"}}}}"#,
                "cluster \"x\": https://10.1.2.3:6443 is not allowed by allow_hosts",
            ),
            (
                r#"{"allowed_origins": ["cloud.ibm.com"]}"#,
                "allowed origin \"cloud.ibm.com\": write it as scheme://host[:port]",
            ),
            (
                r#"{"upstreams": {"k8s/x": "https://iam.cloud.ibm.com", "containers": "https://containers.cloud.ibm.com"}}"#,
                "upstream prefix \"k8s/x\": give it without slashes at the ends; k8s and k8s-endpoint are reserved for clusters",
            ),
        ];
        for (json, want) in cases {
            let got = Config::from_json(json).unwrap().validate().err();
            assert_eq!(got.as_deref(), Some(want), "{json}");
        }
        assert!(Config::from_json(r#"{"bogus": 1}"#)
            .unwrap_err()
            .contains("unknown field `bogus`"));
    }
}
