//! What a session may run. The executor asks the session's [`Policy`] before
//! each command; an embedding page turns on [`ReadOnly`] to offer a terminal
//! that can look at an account and its clusters but not change them.

/// Decides, before a command runs, whether it may.
pub trait Policy {
    /// `name` is the command's own name (`ibmcloud` for `bx`), `args` the
    /// expanded words after it. `Err` carries why it was refused.
    fn check(&self, name: &str, args: &[String]) -> Result<(), String>;
}

/// Refuses commands that change cloud or cluster resources. Local state
/// (files, variables, the CLI's own config: login, target, kubeconfig
/// contexts, namespaces) stays editable, so the terminal is still usable.
pub struct ReadOnly;

/// Exit status of a refused command, as for bash's "permission denied".
pub const REFUSED_STATUS: i32 = 126;

/// kubectl and oc verbs that only read. Everything else is refused: an
/// allowlist, so a verb added later is refused until someone decides.
const KUBE_READ_VERBS: &[&str] = &[
    "get",
    "describe",
    "logs",
    "explain",
    "api-resources",
    "api-versions",
    "version",
    "cluster-info",
    "config",
    "top",
    "diff",
    "wait",
    "events",
    "completion",
    "help",
    "options",
    "kustomize",
    // oc's session commands: they edit the local kubeconfig only.
    "whoami",
    "project",
    "projects",
    "status",
    "login",
    "logout",
];

/// Global kubectl/oc flags that take the next word as their value.
const KUBE_VALUE_FLAGS: &[&str] = &[
    "-n",
    "--namespace",
    "--context",
    "--kubeconfig",
    "--cluster",
    "--user",
    "-s",
    "--server",
    "--token",
    "--as",
    "--as-group",
    "--request-timeout",
    "-v",
    "--cache-dir",
    "--certificate-authority",
    "--client-certificate",
    "--client-key",
    "--tls-server-name",
];

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

impl Policy for ReadOnly {
    fn check(&self, name: &str, args: &[String]) -> Result<(), String> {
        let refused = match name {
            "kubectl" | "oc" => kube_mutates(args),
            "ibmcloud" => ibmcloud_mutates(args),
            _ => None,
        };
        match refused {
            None => Ok(()),
            Some(what) => Err(format!(
                "{name} {what}: refused, this terminal is read-only"
            )),
        }
    }
}

/// The verb of a kubectl/oc line when it is not a read-only one.
fn kube_mutates(args: &[String]) -> Option<String> {
    let mut it = args.iter();
    let verb = loop {
        let a = it.next()?;
        if a.starts_with('-') {
            if KUBE_VALUE_FLAGS.contains(&a.as_str()) {
                it.next();
            }
            continue;
        }
        break a.as_str();
    };
    let next = it.find(|a| !a.starts_with('-')).map(String::as_str);
    let allowed = match verb {
        // `rollout status` and `rollout history` read; the rest restart or undo.
        "rollout" => matches!(next, Some("status" | "history")),
        "auth" => matches!(next, Some("can-i" | "whoami")),
        v => KUBE_READ_VERBS.contains(&v),
    };
    if allowed {
        None
    } else if matches!(verb, "rollout" | "auth") {
        Some(
            format!("{verb} {}", next.unwrap_or_default())
                .trim_end()
                .into(),
        )
    } else {
        Some(verb.into())
    }
}

/// The words of an ibmcloud line up to its action, when the action changes
/// something.
fn ibmcloud_mutates(args: &[String]) -> Option<String> {
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

    fn check(line: &str) -> Result<(), String> {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        ReadOnly.check(&words[0], &words[1..])
    }

    #[test]
    fn reads_pass_and_changes_are_refused() {
        let allowed = [
            "kubectl get pods -A",
            "kubectl -n kube-system get pods",
            "kubectl --context x describe node n1",
            "kubectl logs web-1",
            "kubectl config use-context dev",
            "kubectl rollout status deploy/web",
            "kubectl auth can-i create pods",
            "kubectl version --short",
            "kubectl",
            "kubectl --help",
            "oc project dev",
            "oc whoami",
            "ibmcloud login --apikey x",
            "ibmcloud target -r us-south",
            "ibmcloud ks clusters",
            "ibmcloud ks cluster config --cluster mycluster",
            "ibmcloud ks cluster get --cluster mycluster",
            "ibmcloud cr namespace-list",
            "ibmcloud cr image-list my-rm",
            "ibmcloud cr region-set us-south",
            "ibmcloud iam oauth-tokens",
            "ibmcloud logout",
            "ibmcloud",
            "rm -rf /tmp/x",
            "echo kubectl delete pod x",
        ];
        for line in allowed {
            assert_eq!(check(line), Ok(()), "{line}");
        }
        let refused = [
            ("kubectl apply -f x.yaml", "kubectl apply"),
            ("kubectl -n dev delete pod x", "kubectl delete"),
            ("kubectl create ns x", "kubectl create"),
            ("kubectl edit deploy web", "kubectl edit"),
            ("kubectl patch deploy web -p {}", "kubectl patch"),
            ("kubectl scale deploy web --replicas=3", "kubectl scale"),
            ("kubectl label pod x a=b", "kubectl label"),
            ("kubectl exec -it web -- sh", "kubectl exec"),
            (
                "kubectl rollout restart deploy/web",
                "kubectl rollout restart",
            ),
            ("kubectl auth reconcile -f x", "kubectl auth reconcile"),
            ("kubectl drain node1", "kubectl drain"),
            ("oc new-project x", "oc new-project"),
            ("ibmcloud cr namespace-add ns1", "ibmcloud cr namespace-add"),
            (
                "ibmcloud cr image-rm us.icr.io/a/b:1",
                "ibmcloud cr image-rm",
            ),
            (
                "ibmcloud cr token-add --description ci",
                "ibmcloud cr token-add",
            ),
            (
                "ibmcloud iam api-key-create k",
                "ibmcloud iam api-key-create",
            ),
            (
                "ibmcloud iam api-key-delete k",
                "ibmcloud iam api-key-delete",
            ),
            ("ibmcloud ks cluster rm -c x", "ibmcloud ks cluster rm"),
            (
                "ibmcloud ks cluster create classic --name x",
                "ibmcloud ks cluster create",
            ),
            (
                "ibmcloud ks worker reload -c x -w w1",
                "ibmcloud ks worker reload",
            ),
            (
                "ibmcloud ks worker-pool resize -c x",
                "ibmcloud ks worker-pool resize",
            ),
            (
                "ibmcloud resource group-create g",
                "ibmcloud resource group-create",
            ),
            (
                "ibmcloud cr quota-set --traffic 10",
                "ibmcloud cr quota-set",
            ),
        ];
        for (line, what) in refused {
            let name = line.split(' ').next().unwrap_or_default();
            let what = what.strip_prefix(name).unwrap_or(what).trim_start();
            assert_eq!(
                check(line),
                Err(format!(
                    "{name} {what}: refused, this terminal is read-only"
                )),
                "{line}"
            );
        }
    }
}
