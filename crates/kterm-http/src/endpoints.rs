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
];

impl Endpoints {
    /// No rewriting: URLs are used as given.
    pub fn none() -> Self {
        Self {
            routes: Vec::new(),
            origin: None,
        }
    }

    /// The IBM Cloud hosts served under `origin` (e.g. `http://127.0.0.1:8080`).
    pub fn ibm_cloud(origin: &str) -> Self {
        let origin = origin.trim_end_matches('/');
        let mut e = Self::none();
        for (real, local) in IBM_CLOUD {
            e.add(real, &format!("{origin}{local}"));
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
        if !id_ok || on_origin || self.map(server) != server || !server.starts_with("https://") {
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

    /// Where a real URL is reached; unchanged if no route matches.
    pub fn map(&self, url: &str) -> String {
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
