//! `kubectl create rolebinding NAME --clusterrole=NAME|--role=NAME
//! [--user=name] [--group=name] [--serviceaccount=namespace:name]`, and
//! the subjects `create clusterrolebinding` shares.

use serde_json::{json, Value};

use super::{Generator, Input, Made};
use crate::error::KubeError;
use crate::flags::Flag;

pub(super) const ROLE: Flag = Flag::value("role", None, "Role this RoleBinding should reference");
pub(super) const CLUSTERROLE: Flag = Flag::value(
    "clusterrole",
    None,
    "ClusterRole this RoleBinding should reference",
);
pub(super) const USER: Flag = Flag::value(
    "user",
    None,
    "Usernames to bind to the role. The flag can be repeated to add multiple users.",
);
pub(super) const GROUP: Flag = Flag::value(
    "group",
    None,
    "Groups to bind to the role. The flag can be repeated to add multiple groups.",
);
pub(super) const SERVICEACCOUNT: Flag = Flag::value(
    "serviceaccount",
    None,
    "Service accounts to bind to the role, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.",
);

const RBAC: &str = "rbac.authorization.k8s.io";

pub(super) const GENERATOR: Generator =
    Generator::new("rolebinding", "failed to create rolebinding: ", |_, i| {
        let role = i.f.value("role").unwrap_or("");
        let cluster_role = i.f.value("clusterrole").unwrap_or("");
        if role.is_empty() == cluster_role.is_empty() {
            return Err(KubeError::Client(
                "exactly one of clusterrole or role must be specified".into(),
            ));
        }
        let role_ref = if role.is_empty() {
            json!({"apiGroup": RBAC, "kind": "ClusterRole", "name": cluster_role})
        } else {
            json!({"apiGroup": RBAC, "kind": "Role", "name": role})
        };
        binding(i, "RoleBinding", role_ref)
    })
    .flags(&[CLUSTERROLE, ROLE, USER, GROUP, SERVICEACCOUNT])
.about(
    "Create a role binding for a particular role or cluster role",
    "rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]",
);

/// The binding with its subjects from `--user`, `--group` and
/// `--serviceaccount`.
pub(super) fn binding(i: &Input<'_>, kind: &str, role_ref: Value) -> Result<Made, KubeError> {
    let mut subjects = Vec::new();
    for u in i.f.values("user") {
        subjects.push(json!({"kind": "User", "apiGroup": RBAC, "name": u}));
    }
    for g in i.f.values("group") {
        subjects.push(json!({"kind": "Group", "apiGroup": RBAC, "name": g}));
    }
    for sa in i.f.values("serviceaccount") {
        match sa.split(':').collect::<Vec<_>>().as_slice() {
            [ns, name] if !ns.is_empty() && !name.is_empty() => {
                subjects.push(json!({"kind": "ServiceAccount", "name": name, "namespace": ns}));
            }
            _ => {
                return Err(KubeError::Client(
                    "serviceaccount must be <namespace>:<name>".into(),
                ))
            }
        }
    }
    let mut o = json!({"kind": kind, "apiVersion": "rbac.authorization.k8s.io/v1", "metadata": {"name": i.name}});
    if !subjects.is_empty() {
        o["subjects"] = json!(subjects);
    }
    o["roleRef"] = role_ref;
    Ok(Made::Object(o))
}
