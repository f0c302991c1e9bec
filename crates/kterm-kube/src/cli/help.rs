//! `kubectl --help` and `kubectl VERB --help`, written from the tables.

use super::{Section, Tool, Verb};
use crate::flags::{Flag, GLOBAL};

/// The tool's help: its verbs by section, with their summaries.
pub fn tool(tool: &Tool) -> String {
    let mut out = format!("{}\n\n", tool.intro);
    for section in Section::ORDER {
        let verbs: Vec<&Verb> = tool.verbs().filter(|v| v.section == *section).collect();
        if verbs.is_empty() {
            continue;
        }
        out.push_str(&format!("{}:\n", section.title()));
        if *section == Section::Unavailable {
            let names: Vec<&str> = verbs.iter().map(|v| v.name).collect();
            out.push_str(&format!("  {}\n", names.join(", ")));
        } else {
            for v in verbs {
                out.push_str(&format!("  {:<16}{}\n", v.name, v.summary));
            }
        }
        out.push('\n');
    }
    let name = tool.name;
    out.push_str(&format!(
        "Usage:\n  {name} [flags] [options]\n\nUse \"{name} <command> --help\" for more information about a given command.\n"
    ));
    out
}

pub(crate) fn flag_lines(out: &mut String, flags: &[Flag]) {
    for f in flags {
        let short = f.short.map(|c| format!("-{c}, ")).unwrap_or_default();
        let default = if f.takes { "''" } else { "false" };
        out.push_str(&format!(
            "    {short}--{}={default}:\n\t{}\n\n",
            f.long, f.help
        ));
    }
}

/// One verb's help: its summary, usage, its flags and the global ones.
pub fn verb(tool: &Tool, v: &Verb) -> String {
    let name = tool.name;
    let mut out = format!("{}.\n\n", v.summary);
    if !v.flags.is_empty() {
        out.push_str("Options:\n");
        flag_lines(&mut out, v.flags);
    }
    out.push_str("Global options:\n");
    flag_lines(&mut out, GLOBAL);
    out.push_str(&format!("Usage:\n  {name} {} [options]\n", v.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// kubectl's overview, as it read before the table wrote it.
    const KUBECTL_HELP: &str = "kubectl controls the Kubernetes cluster manager.

Basic Commands (Beginner):
  create          Create resources from a file, stdin or a generator
  run             Run a particular image on the cluster
  expose          Make a deployment, pod, replica set or service reachable as a new service
  set             Change fields of objects (set image)

Basic Commands (Intermediate):
  explain         Show the documentation of a resource and its fields
  get             List one or many resources
  edit            Edit a resource in the terminal's editor
  delete          Delete resources by file, name or label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set the number of replicas

Cluster Management Commands:
  cluster-info    Show where the control plane runs
  top             Show CPU and memory use of pods and nodes
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance

Troubleshooting and Debugging Commands:
  describe        Show details of resources, with their events
  logs            Print the logs of a container
  events          List events
  exec            Run a command in a container
  attach          Attach to a running container
  auth            Check what you are allowed to do (can-i)

Advanced Commands:
  apply           Apply a configuration from files or stdin
  patch           Update fields of a resource
  replace         Replace a resource from a file or stdin
  wait            Wait for a condition on resources

Settings Commands:
  label           Add, change or remove labels
  annotate        Add, change or remove annotations
  completion      Shell completion (built into this terminal)

Other Commands:
  api-resources   List the API resources the server supports
  api-versions    List the API versions the server supports, as group/version
  config          View and change kubeconfig files
  version         Show the client and server versions

Not available in a browser:
  port-forward, proxy, cp

Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.
";

    #[test]
    fn overview_unchanged() {
        assert_eq!(tool(&crate::cmd::KUBECTL), KUBECTL_HELP);
    }

    #[test]
    fn every_flag_has_help() {
        for v in crate::cmd::OC.verbs() {
            for f in v.flags {
                assert!(!f.help.is_empty(), "{} --{}", v.name, f.long);
            }
            assert!(verb(&crate::cmd::OC, v).contains(v.summary));
        }
    }
}
