//! Which kubectl and oc lines change the cluster (what a read-only
//! terminal refuses, `Command::mutates`), from the verb tables.

use super::globals::split_verb;
use super::{Mutates, Tool};

/// The verb (and subcommand) of a line that changes the cluster; `None`
/// for lines that only read. A verb the table does not know is refused:
/// it is named back, so that nothing unknown runs in a read-only terminal.
pub fn mutates(tool: &Tool, args: &[String]) -> Option<String> {
    let (name, rest) = split_verb(args)?;
    if name == "help" {
        return None;
    }
    let Some(verb) = tool.find(&name) else {
        return Some(name);
    };
    match verb.mutates {
        Mutates::No => None,
        Mutates::Yes => Some(name),
        Mutates::UnlessSub(reads) => {
            let sub = rest
                .iter()
                .find(|a| !a.starts_with('-'))
                .map(String::as_str);
            if sub.is_some_and(|s| reads.contains(&s)) {
                None
            } else {
                Some(
                    format!("{name} {}", sub.unwrap_or_default())
                        .trim_end()
                        .into(),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::OC;

    fn check(line: &str) -> Option<String> {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        mutates(&OC, &words)
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
            ("nosuch verb", Some("nosuch")),
        ];
        for (line, want) in cases {
            assert_eq!(check(line).as_deref(), *want, "{line}");
        }
    }
}
