//! An object the server sent back, as kubectl prints it after decoding
//! it into its Go types (`run` does): fields in the structs' order, and
//! nulls gone (the fields are `omitempty`). Only the kinds `run` makes
//! (Pod, Service) are known; other fields keep the server's order, after
//! the known ones.

use serde_json::{Map, Value};

/// A Go struct: its JSON field names in order, and which of them hold
/// other known structs (or lists of them).
struct Struct {
    fields: &'static [&'static str],
    children: &'static [(&'static str, &'static Struct)],
}

const OBJECT_META: Struct = Struct {
    fields: &[
        "name",
        "generateName",
        "namespace",
        "selfLink",
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "labels",
        "annotations",
        "ownerReferences",
        "finalizers",
        "managedFields",
    ],
    children: &[],
};

const CONTAINER_PORT: Struct = Struct {
    fields: &["name", "hostPort", "containerPort", "protocol", "hostIP"],
    children: &[],
};

const ENV_VAR: Struct = Struct {
    fields: &["name", "value", "valueFrom"],
    children: &[],
};

const CONTAINER: Struct = Struct {
    fields: &[
        "name",
        "image",
        "command",
        "args",
        "workingDir",
        "ports",
        "envFrom",
        "env",
        "resources",
        "resizePolicy",
        "restartPolicy",
        "restartPolicyRules",
        "volumeMounts",
        "volumeDevices",
        "livenessProbe",
        "readinessProbe",
        "startupProbe",
        "lifecycle",
        "terminationMessagePath",
        "terminationMessagePolicy",
        "imagePullPolicy",
        "securityContext",
        "stdin",
        "stdinOnce",
        "tty",
    ],
    children: &[("ports", &CONTAINER_PORT), ("env", &ENV_VAR)],
};

const TOLERATION: Struct = Struct {
    fields: &["key", "operator", "value", "effect", "tolerationSeconds"],
    children: &[],
};

const POD_SPEC: Struct = Struct {
    fields: &[
        "volumes",
        "initContainers",
        "containers",
        "ephemeralContainers",
        "restartPolicy",
        "terminationGracePeriodSeconds",
        "activeDeadlineSeconds",
        "dnsPolicy",
        "nodeSelector",
        "serviceAccountName",
        "serviceAccount",
        "automountServiceAccountToken",
        "nodeName",
        "hostNetwork",
        "hostPID",
        "hostIPC",
        "shareProcessNamespace",
        "securityContext",
        "imagePullSecrets",
        "hostname",
        "subdomain",
        "affinity",
        "schedulerName",
        "tolerations",
        "hostAliases",
        "priorityClassName",
        "priority",
        "dnsConfig",
        "readinessGates",
        "runtimeClassName",
        "enableServiceLinks",
        "preemptionPolicy",
        "overhead",
        "topologySpreadConstraints",
        "setHostnameAsFQDN",
        "os",
        "hostUsers",
        "schedulingGates",
        "resourceClaims",
        "resources",
        "hostnameOverride",
    ],
    children: &[
        ("initContainers", &CONTAINER),
        ("containers", &CONTAINER),
        ("ephemeralContainers", &CONTAINER),
        ("tolerations", &TOLERATION),
    ],
};

const POD_STATUS: Struct = Struct {
    fields: &[
        "observedGeneration",
        "phase",
        "conditions",
        "message",
        "reason",
        "nominatedNodeName",
        "hostIP",
        "hostIPs",
        "podIP",
        "podIPs",
        "startTime",
        "initContainerStatuses",
        "containerStatuses",
        "qosClass",
        "ephemeralContainerStatuses",
        "resize",
        "resourceClaimStatuses",
    ],
    children: &[],
};

const SERVICE_PORT: Struct = Struct {
    fields: &[
        "name",
        "protocol",
        "appProtocol",
        "port",
        "targetPort",
        "nodePort",
    ],
    children: &[],
};

const SERVICE_SPEC: Struct = Struct {
    fields: &[
        "ports",
        "selector",
        "clusterIP",
        "clusterIPs",
        "type",
        "externalIPs",
        "sessionAffinity",
        "loadBalancerIP",
        "loadBalancerSourceRanges",
        "externalName",
        "externalTrafficPolicy",
        "healthCheckNodePort",
        "publishNotReadyAddresses",
        "sessionAffinityConfig",
        "ipFamilies",
        "ipFamilyPolicy",
        "allocateLoadBalancerNodePorts",
        "loadBalancerClass",
        "internalTrafficPolicy",
        "trafficDistribution",
    ],
    children: &[("ports", &SERVICE_PORT)],
};

const TOP: &[&str] = &["kind", "apiVersion", "metadata", "spec", "status"];

const POD: Struct = Struct {
    fields: TOP,
    children: &[
        ("metadata", &OBJECT_META),
        ("spec", &POD_SPEC),
        ("status", &POD_STATUS),
    ],
};

const SERVICE: Struct = Struct {
    fields: TOP,
    children: &[("metadata", &OBJECT_META), ("spec", &SERVICE_SPEC)],
};

const OTHER: Struct = Struct {
    fields: TOP,
    children: &[("metadata", &OBJECT_META)],
};

fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (k.clone(), without_nulls(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn order(v: &Value, s: &Struct) -> Value {
    match v {
        Value::Array(a) => Value::Array(a.iter().map(|x| order(x, s)).collect()),
        Value::Object(m) => {
            let mut out = Map::new();
            for k in s.fields {
                if let Some(x) = m.get(*k) {
                    out.insert((*k).to_string(), x.clone());
                }
            }
            for (k, x) in m {
                out.entry(k.clone()).or_insert_with(|| x.clone());
            }
            for (k, child) in s.children {
                if let Some(x) = out.get(*k).cloned() {
                    out.insert((*k).to_string(), order(&x, child));
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// The object as kubectl's typed decoding and encoding leave it.
pub fn typed_order(v: &Value) -> Value {
    let s = match v["kind"].as_str() {
        Some("Pod") => &POD,
        Some("Service") => &SERVICE,
        _ => &OTHER,
    };
    order(&without_nulls(v), s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_field_order() {
        let v = json!({"status": {}, "spec": {"dnsPolicy": "ClusterFirst", "tolerations": [{"effect": "NoExecute", "key": "k"}], "containers": [{"imagePullPolicy": "Always", "ports": null, "resources": {}, "name": "x"}]}, "metadata": {"labels": {"run": "x"}, "name": "x"}, "apiVersion": "v1", "kind": "Pod"});
        assert_eq!(
            serde_json::to_string(&typed_order(&v)).unwrap(),
            r#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x","labels":{"run":"x"}},"spec":{"containers":[{"name":"x","resources":{},"imagePullPolicy":"Always"}],"dnsPolicy":"ClusterFirst","tolerations":[{"key":"k","effect":"NoExecute"}]},"status":{}}"#
        );
    }
}
