//! Which kubectl and oc lines change the cluster: what a read-only
//! terminal refuses (`Command::mutates`).

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

/// The verb of a kubectl/oc line when it is not a read-only one.
pub(crate) fn mutates(args: &[String]) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str) -> Option<String> {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        mutates(&words)
    }

    #[test]
    fn reads_pass_and_changes_are_named() {
        let cases: &[(&str, Option<&str>)] = &[
            ("get pods -A", None),
            ("-n kube-system get pods", None),
            ("--context x describe node n1", None),
            ("logs web-1", None),
            ("config use-context dev", None),
            ("rollout status deploy/web", None),
            ("auth can-i create pods", None),
            ("version --short", None),
            ("", None),
            ("--help", None),
            ("project dev", None),
            ("whoami", None),
            ("apply -f x.yaml", Some("apply")),
            ("-n dev delete pod x", Some("delete")),
            ("create ns x", Some("create")),
            ("edit deploy web", Some("edit")),
            ("patch deploy web -p {}", Some("patch")),
            ("scale deploy web --replicas=3", Some("scale")),
            ("label pod x a=b", Some("label")),
            ("exec -it web -- sh", Some("exec")),
            ("rollout restart deploy/web", Some("rollout restart")),
            ("auth reconcile -f x", Some("auth reconcile")),
            ("drain node1", Some("drain")),
            ("new-project x", Some("new-project")),
        ];
        for (line, want) in cases {
            assert_eq!(check(line).as_deref(), *want, "{line}");
        }
    }
}
