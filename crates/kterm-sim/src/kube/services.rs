//! What kube-apiserver fills in on a new Service: the type, a cluster IP
//! from the service range (IKS uses 172.21.0.0/16), node ports for
//! NodePort and LoadBalancer services, the IP family fields, and each
//! port's protocol and target port. So `kubectl expose` then `get svc`
//! shows what a real cluster would.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::controllers::hash;

/// The node port range's size and start (30000-32767).
const NODE_PORT_BASE: u64 = 30000;
const NODE_PORTS: u64 = 2768;

fn taken(existing: &[&Value], f: impl Fn(&Value) -> Vec<String>) -> HashSet<String> {
    existing.iter().flat_map(|s| f(s)).collect()
}

/// Fills in `svc`'s defaults; `existing` are the cluster's Services, whose
/// IPs and node ports are not given out twice.
pub fn default_service(svc: &mut Value, existing: &[&Value]) {
    let ns = svc["metadata"]["namespace"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let name = svc["metadata"]["name"].as_str().unwrap_or("").to_string();
    let spec = &mut svc["spec"];
    if !spec.is_object() {
        *spec = json!({});
    }
    if spec["type"].is_null() {
        spec["type"] = json!("ClusterIP");
    }
    let ty = spec["type"].as_str().unwrap_or("ClusterIP").to_string();
    if ty != "ExternalName" && spec["clusterIP"].is_null() {
        let used = taken(existing, |s| {
            vec![s["spec"]["clusterIP"].as_str().unwrap_or("").to_string()]
        });
        let mut h = hash(&[&ns, &name]);
        let ip = loop {
            // Skip .0 and .255 of each /24 and the first /24 (kubernetes, DNS).
            let n = (h % (254 * 255)) as u32;
            let ip = format!("172.21.{}.{}", 1 + n / 254, 1 + n % 254);
            if !used.contains(&ip) {
                break ip;
            }
            h = hash(&[&h.to_string()]);
        };
        spec["clusterIP"] = json!(ip);
    }
    if spec["clusterIPs"].is_null() && spec["clusterIP"].is_string() {
        spec["clusterIPs"] = json!([spec["clusterIP"]]);
    }
    if ty != "ExternalName" {
        for (k, v) in [
            ("internalTrafficPolicy", json!("Cluster")),
            ("ipFamilies", json!(["IPv4"])),
            ("ipFamilyPolicy", json!("SingleStack")),
        ] {
            if spec[k].is_null() {
                spec[k] = v;
            }
        }
    }
    if spec["sessionAffinity"].is_null() {
        spec["sessionAffinity"] = json!("None");
    }
    let node_ports = matches!(ty.as_str(), "NodePort" | "LoadBalancer");
    if node_ports && spec["externalTrafficPolicy"].is_null() {
        spec["externalTrafficPolicy"] = json!("Cluster");
    }
    let mut used_ports = taken(existing, |s| {
        s["spec"]["ports"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["nodePort"].as_i64().map(|n| n.to_string()))
            .collect()
    });
    if let Some(ports) = spec["ports"].as_array_mut() {
        for (i, p) in ports.iter_mut().enumerate() {
            if p["protocol"].is_null() {
                p["protocol"] = json!("TCP");
            }
            if p["targetPort"].is_null() {
                p["targetPort"] = p["port"].clone();
            }
            if node_ports && p["nodePort"].is_null() {
                let mut h = hash(&[&ns, &name, &i.to_string()]);
                let port = loop {
                    let port = NODE_PORT_BASE + h % NODE_PORTS;
                    if used_ports.insert(port.to_string()) {
                        break port;
                    }
                    h = hash(&[&h.to_string()]);
                };
                p["nodePort"] = json!(port);
            }
        }
    }
    if svc["status"].is_null() {
        svc["status"] = json!({"loadBalancer": {}});
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_table() {
        let mut a = json!({"metadata": {"name": "a", "namespace": "default"}, "spec": {"ports": [{"port": 80}]}});
        default_service(&mut a, &[]);
        let ip = a["spec"]["clusterIP"].as_str().unwrap().to_string();
        assert!(ip.starts_with("172.21."), "{ip}");
        assert_eq!(a["spec"]["clusterIPs"], json!([ip]));
        assert_eq!(a["spec"]["type"], "ClusterIP");
        assert_eq!(
            a["spec"]["ports"],
            json!([{"port": 80, "protocol": "TCP", "targetPort": 80}])
        );
        assert_eq!(a["status"], json!({"loadBalancer": {}}));
        // The same name elsewhere gets another IP; node ports for NodePort.
        let mut b = json!({"metadata": {"name": "a", "namespace": "default"}, "spec": {"type": "NodePort", "ports": [{"port": 80, "targetPort": 8080}]}});
        default_service(&mut b, &[&a]);
        assert_ne!(b["spec"]["clusterIP"], a["spec"]["clusterIP"]);
        let np = b["spec"]["ports"][0]["nodePort"].as_i64().unwrap();
        assert!((30000..=32767).contains(&np), "{np}");
        assert_eq!(b["spec"]["ports"][0]["targetPort"], 8080);
        assert_eq!(b["spec"]["externalTrafficPolicy"], "Cluster");
        // What the client set stays.
        let mut c = json!({"metadata": {"name": "c"}, "spec": {"clusterIP": "None"}});
        default_service(&mut c, &[]);
        assert_eq!(c["spec"]["clusterIP"], "None");
    }
}
