//! `kubectl create clusterrolebinding NAME --clusterrole=NAME
//! [--user=name] [--group=name] [--serviceaccount=namespace:name]`.

use serde_json::json;

use super::rolebinding::{self, binding};
use super::Generator;

pub(super) const GENERATOR: Generator = Generator::new(
    "clusterrolebinding",
    "failed to create clusterrolebinding: ",
    |_, i| {
        let role_ref = json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": i.f.value("clusterrole").unwrap_or("")});
        binding(i, "ClusterRoleBinding", role_ref)
    },
)
.required(&["clusterrole"])
.flags(&[
    rolebinding::CLUSTERROLE,
    rolebinding::USER,
    rolebinding::GROUP,
    rolebinding::SERVICEACCOUNT,
])
.about(
    "Create a cluster role binding for a particular cluster role",
    "clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]",
);
