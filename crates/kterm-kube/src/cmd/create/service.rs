//! `kubectl create service clusterip|nodeport|loadbalancer|externalname
//! NAME [--tcp=port[:targetPort]]…`, and what `create service` prints
//! without a type.

use serde_json::{json, Map, Value};

use super::{Generator, Input, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const TCP: Flag = Flag::value(
    "tcp",
    None,
    "Port pairs can be specified as '<port>:<targetPort>'.",
);
pub(super) const CLUSTERIP: Flag = Flag::value(
    "clusterip",
    None,
    "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing).",
);
pub(super) const NODE_PORT: Flag = Flag::value(
    "node-port",
    None,
    "Port used to expose the service on each node in a cluster.",
);
pub(super) const EXTERNAL_NAME: Flag =
    Flag::value("external-name", None, "External name of service");

pub(super) const CLUSTERIP_GENERATOR: Generator = Generator::new(
    "clusterip",
    "failed to create ClusterIP service: ",
    |_, i| service(i, "ClusterIP"),
)
.flags(&[TCP, CLUSTERIP])
.forgets_config()
.about(
    "Create a ClusterIP service",
    "service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none]",
);

pub(super) const NODEPORT_GENERATOR: Generator =
    Generator::new("nodeport", "failed to create NodePort service: ", |_, i| {
        service(i, "NodePort")
    })
    .flags(&[NODE_PORT, TCP])
    .forgets_config()
    .about(
        "Create a NodePort service",
        "service nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none]",
    );

pub(super) const LOADBALANCER_GENERATOR: Generator = Generator::new(
    "loadbalancer",
    "failed to create LoadBalancer service: ",
    |_, i| service(i, "LoadBalancer"),
)
.flags(&[TCP])
.forgets_config()
.about(
    "Create a LoadBalancer service",
    "service loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none]",
);

pub(super) const EXTERNALNAME_GENERATOR: Generator = Generator::new(
    "externalname",
    "failed to create ExternalName service: ",
    |_, i| service(i, "ExternalName"),
)
.required(&["external-name"])
.flags(&[TCP, EXTERNAL_NAME])
.forgets_config()
.about(
    "Create an ExternalName service",
    "service externalname NAME --external-name external.name [--dry-run=server|client|none]",
);

/// `kubectl create service` without a type (on stderr, exit 1).
pub(super) const HELP: &str = "Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use \"kubectl create service <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// A DNS-1123 subdomain (what an external name must be).
pub(super) fn is_dns1123_subdomain(s: &str) -> bool {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    !s.is_empty() && s.len() <= 253 && s.split('.').all(label_ok)
}

/// A port name as Kubernetes allows it (IsValidPortName), or its errors.
fn port_name_errors(s: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if s.is_empty() || s.len() > 15 {
        errs.push("must be no more than 15 characters");
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if s.contains("--") {
        errs.push("must not contain consecutive hyphens");
    }
    if !s.bytes().any(|b| b.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)");
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push("must not begin or end with a hyphen");
    }
    errs
}

/// `port[:target]` as kubectl parses `--tcp`.
fn parse_ports(spec: &str) -> Result<(i64, Value), KubeError> {
    let mut parts = spec.split(':');
    let first = parts.next().unwrap_or("");
    let port = match first.parse::<u16>() {
        Ok(p) => i64::from(p),
        Err(_) => {
            let why = if !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) {
                "value out of range"
            } else {
                "invalid syntax"
            };
            return Err(KubeError::Client(format!(
                "strconv.ParseUint: parsing \"{first}\": {why}"
            )));
        }
    };
    let Some(target) = parts.next() else {
        return Ok((port, json!(port)));
    };
    match target.parse::<i64>() {
        Ok(n) if (1..=65535).contains(&n) => Ok((port, json!(n))),
        Ok(_) => Err(KubeError::Client(
            "must be between 1 and 65535, inclusive".into(),
        )),
        Err(_) => {
            let errs = port_name_errors(target);
            if errs.is_empty() {
                Ok((port, json!(target)))
            } else {
                Err(KubeError::Client(errs.join(",")))
            }
        }
    }
}

fn service(i: &Input<'_>, ty: &str) -> Result<Made, KubeError> {
    let cluster_ip = i.f.value("clusterip").unwrap_or("");
    let tcp = i.f.list("tcp");
    if cluster_ip == "None" && ty != "ClusterIP" {
        return Err(KubeError::Client(
            "ClusterIP=None can only be used with ClusterIP service type".into(),
        ));
    }
    if cluster_ip != "None" && tcp.is_empty() && ty != "ExternalName" {
        return Err(KubeError::Client(
            "at least one tcp port specifier must be provided".into(),
        ));
    }
    let external = i.f.value("external-name").unwrap_or("");
    if ty == "ExternalName" && !is_dns1123_subdomain(external) {
        return Err(KubeError::Client(format!(
            "invalid service external name {external}"
        )));
    }
    let node_port: i64 = match i.f.value("node-port") {
        None => 0,
        Some(v) => v.parse().map_err(|_| {
            KubeError::Client(format!(
                "invalid argument \"{v}\" for \"--node-port\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl create service nodeport --help' for usage."
            ))
        })?,
    };
    let mut ports = Vec::new();
    for spec in &tcp {
        let (port, target) = parse_ports(spec)?;
        let mut p = json!({"name": spec.replace(':', "-"), "protocol": "TCP", "port": port, "targetPort": target});
        if node_port != 0 {
            p["nodePort"] = json!(node_port);
        }
        ports.push(p);
    }
    let mut spec = Map::new();
    if !ports.is_empty() {
        spec.insert("ports".into(), json!(ports));
    }
    spec.insert("selector".into(), json!({"app": i.name}));
    if !cluster_ip.is_empty() {
        spec.insert("clusterIP".into(), json!(cluster_ip));
    }
    spec.insert("type".into(), json!(ty));
    if !external.is_empty() {
        spec.insert("externalName".into(), json!(external));
    }
    Ok(Made::Object(json!({
        "kind": "Service", "apiVersion": "v1",
        "metadata": {"name": i.name, "labels": {"app": i.name}},
        "spec": spec,
        "status": {"loadBalancer": {}},
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_and_names() {
        for (spec, want) in [
            ("80", Some((80, json!(80)))),
            ("80:8080", Some((80, json!(8080)))),
            ("443:https", Some((443, json!("https")))),
            ("0", Some((0, json!(0)))),
            ("70000", None),
            ("x", None),
            ("80:0", None),
            ("80:Bad", None),
        ] {
            assert_eq!(parse_ports(spec).ok(), want, "{spec}");
        }
        for (name, ok) in [
            ("docs.example.com", true),
            ("Bad_Name", false),
            ("", false),
            ("-a.b", false),
        ] {
            assert_eq!(is_dns1123_subdomain(name), ok, "{name}");
        }
    }
}
