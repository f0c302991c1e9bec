//! The map from the real services' URLs to where this page reaches them.
//! Commands always speak in real URLs (that is what `-v` and error messages
//! show); the map sends `https://iam.cloud.ibm.com/identity/token` to
//! `<origin>/api/iam/identity/token`, served by the sandbox or the gateway.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// (real URL prefix, local URL prefix), longest prefix first.
    routes: Vec<(String, String)>,
    /// The origin serving `/api/...`, when the map was made for one: cluster
    /// API servers elsewhere are reached through its `/api/k8s/<id>`.
    origin: Option<String>,
}

/// Real IBM Cloud hosts and the same-origin prefix each one is served under.
pub const IBM_CLOUD: &[(&str, &str)] = &[
    ("https://iam.cloud.ibm.com", "/api/iam"),
    ("https://accounts.cloud.ibm.com", "/api/accounts"),
    (
        "https://resource-controller.cloud.ibm.com",
        "/api/resource-controller",
    ),
    ("https://containers.cloud.ibm.com", "/api/containers"),
    ("https://icr.io", "/api/registry/global"),
    ("https://au.icr.io", "/api/registry/au-syd"),
    ("https://br.icr.io", "/api/registry/br-sao"),
    ("https://ca.icr.io", "/api/registry/ca-tor"),
    ("https://de.icr.io", "/api/registry/eu-de"),
    ("https://es.icr.io", "/api/registry/eu-es"),
    ("https://uk.icr.io", "/api/registry/eu-gb"),
    ("https://in.icr.io", "/api/registry/in-che"),
    ("https://jp.icr.io", "/api/registry/jp-tok"),
    ("https://jp2.icr.io", "/api/registry/jp-osa"),
    ("https://us.icr.io", "/api/registry/us-south"),
    // The registry's former domains, which the 2017-2019 docs use.
    ("https://registry.bluemix.net", "/api/registry/global"),
    ("https://registry.ng.bluemix.net", "/api/registry/us-south"),
    ("https://registry.eu-de.bluemix.net", "/api/registry/eu-de"),
    ("https://registry.eu-gb.bluemix.net", "/api/registry/eu-gb"),
    (
        "https://registry.au-syd.bluemix.net",
        "/api/registry/au-syd",
    ),
    // The API docs' hosts (2017-2019): IAM, account management and the
    // Kubernetes Service under their Bluemix names.
    ("https://iam.bluemix.net", "/api/iam"),
    ("https://accountmanagement.bluemix.net", "/api/accounts"),
    ("https://containers.bluemix.net", "/api/containers"),
];

/// Bluemix regions in host names (`iam.ng.bluemix.net`,
/// `accountmanagement.eu-gb.bluemix.net`, `api.au-syd.bluemix.net`).
pub const BLUEMIX_REGIONS: &[&str] = &[
    "ng", "us-south", "us-east", "eu-gb", "eu-de", "au-syd", "jp-tok",
];

/// The Kubernetes Service's own region names, whose regional hosts
/// (`uk-south.containers.bluemix.net`, `us-south.containers.cloud.ibm.com`)
/// the 2017-2018 docs call; served under `/api/containers-regional/<region>`.
pub const CONTAINERS_REGIONS: &[&str] = &[
    "us-south",
    "us-east",
    "uk-south",
    "eu-central",
    "ap-south",
    "ap-north",
];

/// The domain of clusters' public service endpoints
/// (`https://c7.us-south.containers.cloud.ibm.com:27078`).
const CLUSTER_DOMAIN: &str = ".containers.cloud.ibm.com";

/// The (real URL prefix, local prefix) pairs of the docs' regional hosts.
fn regional_routes() -> Vec<(String, String)> {
    let mut routes = Vec::new();
    for r in BLUEMIX_REGIONS {
        routes.push((
            format!("https://iam.{r}.bluemix.net"),
            "/api/iam".to_string(),
        ));
        routes.push((
            format!("https://accountmanagement.{r}.bluemix.net"),
            "/api/accounts".to_string(),
        ));
        routes.push((
            format!("https://api.{r}.bluemix.net"),
            format!("/api/cf/{r}"),
        ));
    }
    for r in CONTAINERS_REGIONS {
        for domain in ["containers.bluemix.net", "containers.cloud.ibm.com"] {
            routes.push((
                format!("https://{r}.{domain}"),
                format!("/api/containers-regional/{r}"),
            ));
        }
    }
    routes
}

/// `host:port` of a cluster's public service endpoint URL
/// (`https://c7.us-south.containers.cloud.ibm.com:27078/...`): a host under
/// `containers.cloud.ibm.com` with an explicit port, as IBM Cloud writes them.
fn cluster_endpoint(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("https://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = authority.rsplit_once(':')?;
    let label_ok =
        |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let sub = host.to_ascii_lowercase();
    let sub = sub.strip_suffix(CLUSTER_DOMAIN)?;
    let port_ok = !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    (port_ok && sub.split('.').all(label_ok)).then_some((authority, tail))
}

impl Endpoints {
    /// No rewriting: URLs are used as given.
    pub fn none() -> Self {
        Self {
            routes: Vec::new(),
            origin: None,
        }
    }

    /// The IBM Cloud hosts served under `origin` (e.g. `http://127.0.0.1:8080`),
    /// and clusters' public service endpoints under `<origin>/api/k8s-endpoint/`.
    pub fn ibm_cloud(origin: &str) -> Self {
        let origin = origin.trim_end_matches('/');
        let mut e = Self::none();
        for (real, local) in IBM_CLOUD {
            e.add(real, &format!("{origin}{local}"));
        }
        for (real, local) in regional_routes() {
            e.add(&real, &format!("{origin}{local}"));
        }
        e.origin = Some(origin.to_string());
        e
    }

    /// The route a cluster's API server needs, if it needs one: a server on
    /// another host (a real cluster's public endpoint, e.g.
    /// `https://c100.us-south.containers.cloud.ibm.com:31234`) is reached at
    /// `<origin>/api/k8s/<cluster-id>`, where the gateway forwards it. Servers
    /// already on this origin (the sandbox's) or already routed need none,
    /// and so does a map without an origin.
    pub fn cluster_route(&self, server: &str, cluster_id: &str) -> Option<(String, String)> {
        let origin = self.origin.as_deref()?;
        let server = server.trim_end_matches('/');
        let id_ok = !cluster_id.is_empty()
            && cluster_id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let on_origin = server == origin || server.starts_with(&format!("{origin}/"));
        if !id_ok
            || on_origin
            || self.map_fixed(server) != server
            || !server.starts_with("https://")
        {
            return None;
        }
        Some((server.to_string(), format!("{origin}/api/k8s/{cluster_id}")))
    }

    pub fn add(&mut self, real: &str, local: &str) {
        self.routes.retain(|(r, _)| r != real);
        self.routes.push((
            real.trim_end_matches('/').to_string(),
            local.trim_end_matches('/').to_string(),
        ));
        // Longest first; the list is a handful of routes, and kterm-http
        // does not depend on kterm_shell::sort, so an insertion keeps
        // the wasm free of another sort.
        let mut i = self.routes.len() - 1;
        while i > 0 && self.routes[i - 1].0.len() < self.routes[i].0.len() {
            self.routes.swap(i - 1, i);
            i -= 1;
        }
    }

    /// Where a real URL is reached; unchanged if no route matches. A
    /// cluster's public service endpoint that no route names goes to
    /// `<origin>/api/k8s-endpoint/<host:port>` (the sandbox answers it; a
    /// client that knows the cluster's id routes it with
    /// [`Endpoints::cluster_route`] instead, which the gateway serves).
    pub fn map(&self, url: &str) -> String {
        let fixed = self.map_fixed(url);
        if fixed != url {
            return fixed;
        }
        match (&self.origin, cluster_endpoint(url)) {
            (Some(origin), Some((authority, rest))) => {
                format!("{origin}/api/k8s-endpoint/{authority}{rest}")
            }
            _ => fixed,
        }
    }

    /// The routes' mapping alone.
    fn map_fixed(&self, url: &str) -> String {
        for (real, local) in &self.routes {
            if let Some(rest) = url.strip_prefix(real.as_str()) {
                if rest.is_empty() || rest.starts_with(['/', '?']) {
                    return format!("{local}{rest}");
                }
            }
        }
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_table() {
        let e = Endpoints::ibm_cloud("http://127.0.0.1:8080/");
        let cases = [
            (
                "https://iam.cloud.ibm.com/identity/token",
                "http://127.0.0.1:8080/api/iam/identity/token",
            ),
            (
                "https://containers.cloud.ibm.com/global/v2/getClusters",
                "http://127.0.0.1:8080/api/containers/global/v2/getClusters",
            ),
            (
                "https://us.icr.io/api/v1/namespaces",
                "http://127.0.0.1:8080/api/registry/us-south/api/v1/namespaces",
            ),
            (
                "https://icr.io/api/v1/images",
                "http://127.0.0.1:8080/api/registry/global/api/v1/images",
            ),
            (
                "https://registry.ng.bluemix.net/v2/",
                "http://127.0.0.1:8080/api/registry/us-south/v2/",
            ),
            (
                "https://registry.eu-de.bluemix.net/oauth/token?service=registry",
                "http://127.0.0.1:8080/api/registry/eu-de/oauth/token?service=registry",
            ),
            (
                "https://iam.cloud.ibm.com.evil.com/x",
                "https://iam.cloud.ibm.com.evil.com/x",
            ),
            (
                "http://127.0.0.1:8080/api/k8s/abc/api/v1",
                "http://127.0.0.1:8080/api/k8s/abc/api/v1",
            ),
        ];
        for (real, want) in cases {
            assert_eq!(e.map(real), want, "map({real:?})");
        }
    }

    /// The hosts of IBM's API docs (2017-2019), old and new.
    #[test]
    fn docs_hosts_table() {
        let e = Endpoints::ibm_cloud("http://127.0.0.1:8080");
        let o = "http://127.0.0.1:8080";
        let cases = [
            ("https://iam.bluemix.net/identity/token", "/api/iam/identity/token"),
            ("https://iam.ng.bluemix.net/oidc/token", "/api/iam/oidc/token"),
            ("https://iam.eu-gb.bluemix.net/oidc/token", "/api/iam/oidc/token"),
            ("https://iam.au-syd.bluemix.net/identity/token", "/api/iam/identity/token"),
            ("https://iam.cloud.ibm.com/oidc/token", "/api/iam/oidc/token"),
            ("https://accountmanagement.bluemix.net/v1/accounts", "/api/accounts/v1/accounts"),
            ("https://accountmanagement.ng.bluemix.net/v1/accounts", "/api/accounts/v1/accounts"),
            ("https://accountmanagement.eu-de.bluemix.net/v1/accounts", "/api/accounts/v1/accounts"),
            ("https://accounts.cloud.ibm.com/v1/accounts", "/api/accounts/v1/accounts"),
            ("https://containers.bluemix.net/v1/clusters", "/api/containers/v1/clusters"),
            ("https://containers.cloud.ibm.com/v1/regions", "/api/containers/v1/regions"),
            ("https://containers.cloud.ibm.com/v1/clusters/mycluster", "/api/containers/v1/clusters/mycluster"),
            ("https://us-south.containers.bluemix.net/v1/clusters", "/api/containers-regional/us-south/v1/clusters"),
            ("https://uk-south.containers.bluemix.net/v1/clusters", "/api/containers-regional/uk-south/v1/clusters"),
            ("https://eu-central.containers.bluemix.net/v1/clusters", "/api/containers-regional/eu-central/v1/clusters"),
            ("https://ap-south.containers.bluemix.net/v1/clusters", "/api/containers-regional/ap-south/v1/clusters"),
            ("https://us-east.containers.bluemix.net/v1/clusters", "/api/containers-regional/us-east/v1/clusters"),
            ("https://us-south.containers.cloud.ibm.com/v1/clusters", "/api/containers-regional/us-south/v1/clusters"),
            ("https://api.ng.bluemix.net/v2/organizations", "/api/cf/ng/v2/organizations"),
            ("https://api.eu-gb.bluemix.net/v2/organizations/x/spaces", "/api/cf/eu-gb/v2/organizations/x/spaces"),
            // Clusters' public service endpoints, as the sandbox and IBM Cloud hand them out.
            (
                "https://c7.us-south.containers.cloud.ibm.com:27078/api/v1/namespaces",
                "/api/k8s-endpoint/c7.us-south.containers.cloud.ibm.com:27078/api/v1/namespaces",
            ),
            (
                "https://c7.us-south.containers.cloud.ibm.com:27078",
                "/api/k8s-endpoint/c7.us-south.containers.cloud.ibm.com:27078",
            ),
            (
                "https://c100-e.us-south.containers.cloud.ibm.com:31234/version?timeout=32s",
                "/api/k8s-endpoint/c100-e.us-south.containers.cloud.ibm.com:31234/version?timeout=32s",
            ),
        ];
        for (real, want) in cases {
            assert_eq!(e.map(real), format!("{o}{want}"), "map({real:?})");
        }
        // Not theirs: left alone.
        for real in [
            "https://iam.bluemix.net.evil.com/identity/token",
            "https://api.xx.bluemix.net/v2/organizations",
            "https://c7.us-south.containers.cloud.ibm.com/version",
            "http://c7.us-south.containers.cloud.ibm.com:27078/version",
            "https://c7.us-south.containers.cloud.ibm.com.evil.com:443/version",
            "https://u:p@c7.us-south.containers.cloud.ibm.com:27078/version",
            "https://c7.us-south.containers.cloud.ibm.com:port/version",
        ] {
            assert_eq!(e.map(real), real, "map({real:?})");
        }
        let none = Endpoints::none();
        let endpoint = "https://c7.us-south.containers.cloud.ibm.com:27078/version";
        assert_eq!(none.map(endpoint), endpoint);
    }

    #[test]
    fn cluster_routes() {
        let e = Endpoints::ibm_cloud("https://kterm.example.com");
        let real = "https://c100.us-south.containers.cloud.ibm.com:31234";
        let cases: &[(&Endpoints, &str, &str, Option<&str>)] = &[
            (
                &e,
                real,
                "cnvgf7md0b9ab3c5mcl0",
                Some("https://kterm.example.com/api/k8s/cnvgf7md0b9ab3c5mcl0"),
            ),
            (
                &e,
                "https://c100.us-south.containers.cloud.ibm.com:31234/",
                "abc",
                Some("https://kterm.example.com/api/k8s/abc"),
            ),
            // The sandbox's servers are on the page's origin already.
            (&e, "https://kterm.example.com/api/k8s/abc", "abc", None),
            // Only ids that cannot leave their path segment.
            (&e, real, "../iam", None),
            (&e, real, "a/b", None),
            (&e, real, "", None),
            // Plain HTTP is never sent to the gateway with a token.
            (&e, "http://10.0.0.1:6443", "abc", None),
            // A host the map already routes.
            (&e, "https://iam.cloud.ibm.com", "abc", None),
            (&Endpoints::none(), real, "abc", None),
        ];
        for (map, server, id, want) in cases {
            let got = map.cluster_route(server, id);
            assert_eq!(
                got.as_ref().map(|(_, local)| local.as_str()),
                *want,
                "cluster_route({server:?}, {id:?})"
            );
        }
    }
}
