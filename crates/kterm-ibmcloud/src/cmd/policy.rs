//! Which ibmcloud lines change something on the service side: what a
//! read-only terminal refuses (`Command::mutates`).

/// ibmcloud words that name a plugin or a group of commands rather than an
/// action: the action comes after them.
const IBM_GROUPS: &[&str] = &[
    "ks",
    "cs",
    "container-service",
    "kubernetes-service",
    "cr",
    "container-registry",
    "iam",
    "resource",
    "account",
    "plugin",
    "cluster",
    "worker",
    "worker-pool",
    "zone",
    "alb",
    "ingress",
    "addon",
    "subnet",
    "subnets",
    "vlan",
    "credential",
    "nlb-dns",
    "kms",
    "logging",
    "is",
    "ce",
    "cos",
    "master",
];

/// ibmcloud actions that change something on the service side.
const IBM_VERBS: &[&str] = &[
    "create",
    "delete",
    "rm",
    "remove",
    "add",
    "update",
    "set",
    "apply",
    "replace",
    "reload",
    "reboot",
    "resize",
    "rename",
    "enable",
    "disable",
    "import",
    "restore",
    "lock",
    "unlock",
    "attach",
    "detach",
    "assign",
    "unassign",
    "bind",
    "unbind",
    "cancel",
    "deploy",
    "upgrade",
    "refresh",
    "patch",
    "edit",
    "scale",
    "rebalance",
    "tag",
    "untag",
];

/// Local-only actions that look like changes (`cr region-set` picks the
/// registry region in the CLI's config).
const IBM_LOCAL: &[&str] = &["region-set"];

/// The words of an ibmcloud line up to its action, when the action changes
/// something.
pub(crate) fn mutates(args: &[String]) -> Option<String> {
    let mut path = Vec::new();
    for a in args.iter().take_while(|a| !a.starts_with('-')) {
        path.push(a.as_str());
        if IBM_LOCAL.contains(&a.as_str()) {
            return None;
        }
        let action = a.rsplit('-').next().unwrap_or(a);
        if IBM_VERBS.contains(&a.as_str()) || (a.contains('-') && IBM_VERBS.contains(&action)) {
            return Some(path.join(" "));
        }
        if !IBM_GROUPS.contains(&a.as_str()) {
            // The action: it reads.
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pass_and_changes_are_named() {
        let cases: &[(&str, Option<&str>)] = &[
            ("login --apikey x", None),
            ("target -r us-south", None),
            ("ks clusters", None),
            ("ks cluster config --cluster mycluster", None),
            ("ks cluster get --cluster mycluster", None),
            ("cr namespace-list", None),
            ("cr image-list my-rm", None),
            ("cr region-set us-south", None),
            ("iam oauth-tokens", None),
            ("logout", None),
            ("", None),
            ("cr namespace-add ns1", Some("cr namespace-add")),
            ("cr image-rm us.icr.io/a/b:1", Some("cr image-rm")),
            ("cr token-add --description ci", Some("cr token-add")),
            ("iam api-key-create k", Some("iam api-key-create")),
            ("iam api-key-delete k", Some("iam api-key-delete")),
            ("ks cluster rm -c x", Some("ks cluster rm")),
            (
                "ks cluster create classic --name x",
                Some("ks cluster create"),
            ),
            ("ks worker reload -c x -w w1", Some("ks worker reload")),
            ("ks worker-pool resize -c x", Some("ks worker-pool resize")),
            ("resource group-create g", Some("resource group-create")),
            ("cr quota-set --traffic 10", Some("cr quota-set")),
        ];
        for (line, want) in cases {
            let words: Vec<String> = line.split_whitespace().map(String::from).collect();
            assert_eq!(mutates(&words).as_deref(), *want, "{line}");
        }
    }
}
