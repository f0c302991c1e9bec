//! The kinds each sandbox cluster serves, and discovery built from them.

use serde_json::{json, Value};

pub struct Resource {
    pub name: &'static str,
    pub singular: &'static str,
    pub kind: &'static str,
    /// "" for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub namespaced: bool,
    pub short_names: &'static [&'static str],
    pub categories: &'static [&'static str],
}

impl Resource {
    pub fn group_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `pods`, or `deployments.apps` in messages.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.name.to_string()
        } else {
            format!("{}.{}", self.name, self.group)
        }
    }
}

const RW: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
const ALL: &[&str] = &["all"];

macro_rules! res {
    ($name:literal, $singular:literal, $kind:literal, $group:literal, $ns:expr, $short:expr, $cat:expr) => {
        Resource {
            name: $name,
            singular: $singular,
            kind: $kind,
            group: $group,
            version: "v1",
            namespaced: $ns,
            short_names: $short,
            categories: $cat,
        }
    };
}

pub const RESOURCES: &[Resource] = &[
    res!(
        "configmaps",
        "configmap",
        "ConfigMap",
        "",
        true,
        &["cm"],
        &[]
    ),
    res!(
        "endpoints",
        "endpoints",
        "Endpoints",
        "",
        true,
        &["ep"],
        &[]
    ),
    res!("events", "event", "Event", "", true, &["ev"], &[]),
    res!(
        "namespaces",
        "namespace",
        "Namespace",
        "",
        false,
        &["ns"],
        &[]
    ),
    res!("nodes", "node", "Node", "", false, &["no"], &[]),
    res!(
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        "PersistentVolumeClaim",
        "",
        true,
        &["pvc"],
        &[]
    ),
    res!("pods", "pod", "Pod", "", true, &["po"], ALL),
    res!(
        "resourcequotas",
        "resourcequota",
        "ResourceQuota",
        "",
        true,
        &["quota"],
        &[]
    ),
    res!("secrets", "secret", "Secret", "", true, &[], &[]),
    res!(
        "serviceaccounts",
        "serviceaccount",
        "ServiceAccount",
        "",
        true,
        &["sa"],
        &[]
    ),
    res!("services", "service", "Service", "", true, &["svc"], ALL),
    res!(
        "daemonsets",
        "daemonset",
        "DaemonSet",
        "apps",
        true,
        &["ds"],
        ALL
    ),
    res!(
        "deployments",
        "deployment",
        "Deployment",
        "apps",
        true,
        &["deploy"],
        ALL
    ),
    res!(
        "replicasets",
        "replicaset",
        "ReplicaSet",
        "apps",
        true,
        &["rs"],
        ALL
    ),
    res!(
        "statefulsets",
        "statefulset",
        "StatefulSet",
        "apps",
        true,
        &["sts"],
        ALL
    ),
    res!(
        "cronjobs",
        "cronjob",
        "CronJob",
        "batch",
        true,
        &["cj"],
        ALL
    ),
    res!("jobs", "job", "Job", "batch", true, &[], ALL),
    res!(
        "ingresses",
        "ingress",
        "Ingress",
        "networking.k8s.io",
        true,
        &["ing"],
        &[]
    ),
    res!(
        "poddisruptionbudgets",
        "poddisruptionbudget",
        "PodDisruptionBudget",
        "policy",
        true,
        &["pdb"],
        &[]
    ),
    res!(
        "clusterrolebindings",
        "clusterrolebinding",
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io",
        false,
        &[],
        &[]
    ),
    res!(
        "clusterroles",
        "clusterrole",
        "ClusterRole",
        "rbac.authorization.k8s.io",
        false,
        &[],
        &[]
    ),
    res!(
        "rolebindings",
        "rolebinding",
        "RoleBinding",
        "rbac.authorization.k8s.io",
        true,
        &[],
        &[]
    ),
    res!(
        "roles",
        "role",
        "Role",
        "rbac.authorization.k8s.io",
        true,
        &[],
        &[]
    ),
    res!(
        "priorityclasses",
        "priorityclass",
        "PriorityClass",
        "scheduling.k8s.io",
        false,
        &["pc"],
        &[]
    ),
    res!(
        "customresourcedefinitions",
        "customresourcedefinition",
        "CustomResourceDefinition",
        "apiextensions.k8s.io",
        false,
        &["crd", "crds"],
        &["api-extensions"]
    ),
    // The custom resource of the CRD the sandbox starts with (seed.rs):
    // the Kubernetes documentation's CronTab example.
    res!(
        "crontabs",
        "crontab",
        "CronTab",
        "stable.example.com",
        true,
        &["ct"],
        &[]
    ),
];

/// The API groups in discovery order (custom resources' last, as
/// kube-apiserver lists them).
pub const GROUPS: &[&str] = &[
    "apps",
    "batch",
    "networking.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "apiextensions.k8s.io",
    "scheduling.k8s.io",
    "stable.example.com",
];

pub fn find(group: &str, name: &str) -> Option<&'static Resource> {
    RESOURCES
        .iter()
        .find(|r| r.group == group && r.name == name)
}

pub fn api_versions(server_address: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}],
    })
}

pub fn group_list() -> Value {
    let groups: Vec<Value> = GROUPS
        .iter()
        .map(|g| {
            let gv = json!({"groupVersion": format!("{g}/v1"), "version": "v1"});
            json!({"name": g, "versions": [gv.clone()], "preferredVersion": gv})
        })
        .collect();
    let mut groups = groups;
    // Served by their own modules (access reviews, metrics-server).
    for (g, v) in [
        ("authorization.k8s.io", "v1"),
        ("metrics.k8s.io", "v1beta1"),
    ] {
        let gv = json!({"groupVersion": format!("{g}/{v}"), "version": v});
        groups.push(json!({"name": g, "versions": [gv.clone()], "preferredVersion": gv}));
    }
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

/// `APIResourceList` for one group version; `None` if not served.
pub fn resource_list(group: &str, version: &str) -> Option<Value> {
    if version != "v1" || !(group.is_empty() || GROUPS.contains(&group)) {
        return None;
    }
    let mut resources = Vec::new();
    for r in RESOURCES.iter().filter(|r| r.group == group) {
        let mut v = json!({
            "name": r.name,
            "singularName": r.singular,
            "namespaced": r.namespaced,
            "kind": r.kind,
            "verbs": RW,
        });
        if !r.short_names.is_empty() {
            v["shortNames"] = json!(r.short_names);
        }
        if !r.categories.is_empty() {
            v["categories"] = json!(r.categories);
        }
        resources.push(v);
        // What `kubectl scale` finds through discovery.
        if matches!(r.name, "deployments" | "replicasets" | "statefulsets") {
            resources.push(json!({"name": format!("{}/scale", r.name), "singularName": "", "namespaced": true, "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]}));
        }
        if r.name == "serviceaccounts" {
            resources.push(json!({"name": "serviceaccounts/token", "singularName": "", "namespaced": true, "group": "authentication.k8s.io", "version": "v1", "kind": "TokenRequest", "verbs": ["create"]}));
        }
        if r.name == "pods" {
            for sub in ["pods/log", "pods/exec", "pods/status"] {
                resources.push(json!({"name": sub, "singularName": "", "namespaced": true, "kind": if sub == "pods/log" { "Pod" } else { "PodExecOptions" }, "verbs": ["get"]}));
            }
        }
    }
    let gv = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    Some(
        json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}),
    )
}
