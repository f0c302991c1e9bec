//! `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]
//! [--class=CLASS] [--default-backend=service:port] [--annotation=k=v]`.

use serde_json::{json, Map, Value};

use super::{Generator, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const CLASS: Flag = Flag::value("class", None, "Ingress Class to be used");
pub(super) const RULE: Flag = Flag::value(
    "rule",
    None,
    "Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading character '*' are considered pathType=Prefix. tls argument is optional.",
);
pub(super) const DEFAULT_BACKEND: Flag = Flag::value(
    "default-backend",
    None,
    "Default service for backend, in format of svcname:port",
);
pub(super) const ANNOTATION: Flag = Flag::value(
    "annotation",
    None,
    "Annotation to insert in the ingress object, in the format annotation=value",
);

pub(super) const GENERATOR: Generator = Generator::new(
    "ingress",
    "failed to create ingress: ",
    |_, i| {
        let rules = i.f.values("rule");
        let annotations = i.f.values("annotation");
        let default = i.f.value("default-backend").unwrap_or("");
        if default.is_empty() && rules.is_empty() {
            return Err(KubeError::Client("not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)".into()));
        }
        for r in &rules {
            if !rule_matches(r) {
                return Err(KubeError::Client(format!(
                    "rule {r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]"
                )));
            }
        }
        let mut notes = Map::new();
        for a in &annotations {
            let Some((k, v)) = a.split_once('=') else {
                return Err(KubeError::Client(format!(
                    "annotation {a} is invalid and should be in format key=[value]"
                )));
            };
            notes.insert(k.to_string(), json!(v));
        }
        if !default.is_empty() && default.split(':').count() != 2 {
            return Err(KubeError::Client(
                "default-backend should be in format servicename:serviceport".into(),
            ));
        }
        let mut meta = json!({"name": i.name});
        if !notes.is_empty() {
            meta["annotations"] = Value::Object(super::sorted(notes));
        }
        let mut spec = Map::new();
        if let Some(class) = i.f.value("class").filter(|c| !c.is_empty()) {
            spec.insert("ingressClassName".into(), json!(class));
        }
        if !default.is_empty() {
            spec.insert("defaultBackend".into(), backend(default));
        }
        let tls = tls_of(&rules);
        if !tls.is_empty() {
            spec.insert("tls".into(), json!(tls));
        }
        let rules = rules_of(&rules);
        if !rules.is_empty() {
            spec.insert("rules".into(), json!(rules));
        }
        Ok(Made::Object(json!({
            "kind": "Ingress", "apiVersion": "networking.k8s.io/v1",
            "metadata": meta, "spec": spec, "status": {"loadBalancer": {}},
        })))
    },
)
.aliases(&["ing"])
.flags(&[CLASS, RULE, DEFAULT_BACKEND, ANNOTATION])
.about(
    "Create an ingress with the specified name",
    "ingress NAME --rule=host/path=service:port[,tls[=secret]]",
);

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A prefix of `[\w-]+:[\w-]+`.
fn svc_port_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    let name = b.iter().take_while(|c| is_word(**c) || **c == b'-').count();
    name > 0
        && b.get(name) == Some(&b':')
        && b.get(name + 1).is_some_and(|c| is_word(*c) || *c == b'-')
}

/// kubectl's check of a rule: `^[\w*\-.]*/.*=[\w-]+:[\w-]+` matches a
/// prefix of it (the optional `,tls…` after it is not anchored).
fn rule_matches(rule: &str) -> bool {
    let Some(slash) = rule.find('/') else {
        return false;
    };
    let host_ok = rule[..slash]
        .bytes()
        .all(|c| is_word(c) || matches!(c, b'*' | b'-' | b'.'));
    host_ok
        && rule[slash..]
            .char_indices()
            .any(|(i, c)| c == '=' && svc_port_prefix(&rule[slash + i + 1..]))
}

/// `service:port` as a backend (a port number, or a port name).
fn backend(spec: &str) -> Value {
    let mut it = spec.split(':');
    let name = it.next().unwrap_or("");
    let port = it.next().unwrap_or("");
    let port = match port.parse::<i32>() {
        Ok(n) => json!({"number": n}),
        Err(_) => json!({"name": port}),
    };
    json!({"service": {"name": name, "port": port}})
}

/// The TLS entries: one per secret, listing the hosts of the rules that
/// ask for TLS with it.
fn tls_of(rules: &[String]) -> Vec<Value> {
    let mut tls: Vec<(Vec<String>, String)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for rule in rules {
        let parts: Vec<&str> = rule.split(',').collect();
        if parts.len() != 2 {
            continue;
        }
        let host = rule.split('/').next().unwrap_or("").to_string();
        let secret = parts[1].split('=').nth(1).unwrap_or("").to_string();
        if seen.contains(&host) {
            continue;
        }
        if let Some(t) = tls.iter_mut().find(|t| t.1 == secret) {
            t.0.push(host.clone());
            seen.push(host);
            continue;
        }
        let hosts = if host.is_empty() {
            Vec::new()
        } else {
            vec![host.clone()]
        };
        if !secret.is_empty() || !hosts.is_empty() {
            tls.push((hosts, secret));
        }
        seen.push(host);
    }
    tls.into_iter()
        .map(|(hosts, secret)| {
            let mut t = json!({});
            if !hosts.is_empty() {
                t["hosts"] = json!(hosts);
            }
            if !secret.is_empty() {
                t["secretName"] = json!(secret);
            }
            t
        })
        .collect()
}

/// The rules: one per host, with each of its paths.
fn rules_of(rules: &[String]) -> Vec<Value> {
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    for rule in rules {
        let main = rule.split(',').next().unwrap_or("");
        let (host, rest) = main.split_once('/').unwrap_or((main, ""));
        let mut pathsvc = rest.split('=');
        let mut path = format!("/{}", pathsvc.next().unwrap_or(""));
        let service = pathsvc.next().unwrap_or("");
        let mut path_type = "Exact";
        if path.ends_with('*') {
            path_type = "Prefix";
            path.pop();
        }
        let p = json!({"path": path, "pathType": path_type, "backend": backend(service)});
        match out.iter_mut().find(|(h, _)| h == host) {
            Some((_, paths)) => paths.push(p),
            None => out.push((host.to_string(), vec![p])),
        }
    }
    out.into_iter()
        .map(|(host, paths)| {
            let mut r = json!({});
            if !host.is_empty() {
                r["host"] = json!(host);
            }
            r["http"] = json!({"paths": paths});
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_kubectl_accepts() {
        for (rule, ok) in [
            ("foo.com/bar=svc:8080", true),
            ("foo.com/bar*=svc:8080,tls=sec", true),
            ("/path=svc:http", true),
            ("*.foo.com/=svc:80,tls", true),
            ("foo.com=svc:80", false),
            ("foo.com/bar=svc", false),
            ("foo.com/bar=:80", false),
            ("f@o/x=s:1", false),
        ] {
            assert_eq!(rule_matches(rule), ok, "{rule}");
        }
    }
}
