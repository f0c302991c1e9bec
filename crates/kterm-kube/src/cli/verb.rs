//! A verb as its table entry describes it: the one place a verb's name,
//! flags, help, completion, read-only status and code are written down.

use futures::future::LocalBoxFuture;
use kterm_shell::Ctx;

use super::Invocation;
use crate::error::KubeError;
use crate::flags::Flag;

/// A verb's code: runs with the words after the verb.
pub type Run = for<'a, 'b> fn(
    &'a mut Ctx<'b>,
    &'a mut Invocation,
    &'a [String],
) -> LocalBoxFuture<'a, Result<i32, KubeError>>;

/// Whether a verb changes the cluster (what a read-only terminal refuses).
#[derive(Debug, Clone, Copy)]
pub enum Mutates {
    /// Only reads, or changes local files only (`config`, `oc project`).
    No,
    Yes,
    /// Reads only with one of these subcommands (`rollout status`); any
    /// other subcommand changes the cluster.
    UnlessSub(&'static [&'static str]),
}

/// What Tab completes after the verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operands {
    None,
    /// A resource type, then names of live objects of it (`get pods web`).
    Types,
    /// A live pod (`logs`, `exec`).
    Pods,
    /// Live nodes (`cordon`, `drain`).
    Nodes,
    /// A subcommand from the verb's list; for `top`, then a live object
    /// of the kind the subcommand names.
    Subcommand,
    /// A `config` subcommand, then kubeconfig names.
    Config,
}

/// The groups of kubectl's `--help`, in the order it lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Beginner,
    Intermediate,
    Deploy,
    Cluster,
    Troubleshooting,
    Advanced,
    Settings,
    Other,
    /// Verbs a browser cannot run, listed on one line.
    Unavailable,
    /// oc's own verbs.
    OpenShift,
}

impl Section {
    pub const ORDER: &[Section] = &[
        Section::OpenShift,
        Section::Beginner,
        Section::Intermediate,
        Section::Deploy,
        Section::Cluster,
        Section::Troubleshooting,
        Section::Advanced,
        Section::Settings,
        Section::Other,
        Section::Unavailable,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Beginner => "Basic Commands (Beginner)",
            Section::Intermediate => "Basic Commands (Intermediate)",
            Section::Deploy => "Deploy Commands",
            Section::Cluster => "Cluster Management Commands",
            Section::Troubleshooting => "Troubleshooting and Debugging Commands",
            Section::Advanced => "Advanced Commands",
            Section::Settings => "Settings Commands",
            Section::Other => "Other Commands",
            Section::Unavailable => "Not available in a browser",
            Section::OpenShift => "OpenShift Commands",
        }
    }
}

/// One verb of a tool.
pub struct Verb {
    pub name: &'static str,
    pub section: Section,
    /// The line `--help` lists it with.
    pub summary: &'static str,
    /// The verb's own flags (the global ones come on top).
    pub flags: &'static [Flag],
    /// Its subcommands, for Tab and the read-only policy.
    pub subcommands: &'static [&'static str],
    pub operands: Operands,
    pub mutates: Mutates,
    pub run: Run,
}

/// A command line tool: its name and verb tables, searched in order (oc's
/// own verbs first, then kubectl's).
pub struct Tool {
    pub name: &'static str,
    pub intro: &'static str,
    pub tables: &'static [&'static [Verb]],
}

impl Tool {
    pub fn find(&self, name: &str) -> Option<&'static Verb> {
        self.tables
            .iter()
            .flat_map(|t| t.iter())
            .find(|v| v.name == name)
    }

    /// Every verb, own ones first.
    pub fn verbs(&self) -> impl Iterator<Item = &'static Verb> + '_ {
        self.tables.iter().flat_map(|t| t.iter())
    }
}
