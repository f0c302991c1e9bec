//! kubectl's flag parsing (pflag style): `--flag value`, `--flag=value`,
//! `-n value`, `-nvalue`, booleans, and its exact unknown-flag errors.

use std::collections::HashMap;

use crate::error::KubeError;

/// One flag of a verb: its names, whether it takes a value, the line
/// `--help` prints for it, and the values Tab offers for it.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes: bool,
    pub help: &'static str,
    pub values: &'static [&'static str],
    /// The value `--flag` alone stands for (pflag's NoOptDefVal): such a
    /// flag never takes the next word as its value.
    pub bare: Option<&'static str>,
}

impl Flag {
    /// A flag that takes a value (`--output json`, `-o json`, `-ojson`).
    pub const fn value(long: &'static str, short: Option<char>, help: &'static str) -> Flag {
        Flag {
            long,
            short,
            takes: true,
            help,
            values: &[],
            bare: None,
        }
    }

    /// A boolean flag (`--watch`, `-w`, `--watch=false`).
    pub const fn switch(long: &'static str, short: Option<char>, help: &'static str) -> Flag {
        Flag {
            long,
            short,
            takes: false,
            help,
            values: &[],
            bare: None,
        }
    }

    /// A value flag that may stand alone for `bare` (`--dry-run` is
    /// `--dry-run=unchanged`).
    pub const fn or_alone(self, bare: &'static str) -> Flag {
        Flag {
            bare: Some(bare),
            ..self
        }
    }

    /// The values Tab offers for the flag.
    pub const fn one_of(self, values: &'static [&'static str]) -> Flag {
        Flag { values, ..self }
    }
}

/// What `-o` accepts, for Tab.
pub const OUTPUTS: &[&str] = &[
    "json",
    "yaml",
    "wide",
    "name",
    "jsonpath=",
    "custom-columns=",
    "go-template=",
];

pub const OUTPUT: Flag = Flag::value(
    "output",
    Some('o'),
    "Output format: json, yaml, name, wide, jsonpath=…, custom-columns=…",
)
.one_of(OUTPUTS);

pub const SELECTOR: Flag = Flag::value(
    "selector",
    Some('l'),
    "Label selector to filter on (e.g. app=web,tier!=db)",
);

pub const FILENAME: Flag = Flag::value(
    "filename",
    Some('f'),
    "File, directory or URL of the resources (repeatable; - reads stdin)",
);

pub const DRY_RUN: Flag = Flag::value(
    "dry-run",
    None,
    "none, client or server: show what would happen without doing it",
)
.one_of(&["none", "client", "server"])
.or_alone("unchanged");

pub const RECURSIVE: Flag = Flag::switch(
    "recursive",
    Some('R'),
    "Process the directory given with -f and the ones below it",
);

pub const FIELD_MANAGER: Flag = Flag::value(
    "field-manager",
    None,
    "Name of the manager that owns the fields this changes",
);

pub const ALL_NAMESPACES: Flag = Flag::switch(
    "all-namespaces",
    Some('A'),
    "Act on every namespace, not just the current one",
);

pub const NO_HEADERS: Flag = Flag::switch("no-headers", None, "Leave out the header row");

pub const TIMEOUT: Flag = Flag::value(
    "timeout",
    None,
    "How long to wait before giving up (e.g. 30s, 5m); 0 waits forever",
);

pub const ALL: Flag = Flag::switch(
    "all",
    None,
    "Act on every resource of the type in the namespace",
);

pub const CHUNK_SIZE: Flag = Flag::value(
    "chunk-size",
    None,
    "List large results in pages of this many items; 0 asks for all at once",
);

pub const WATCH: Flag = Flag::switch(
    "watch",
    Some('w'),
    "After listing, keep watching for changes",
);

pub const FIELD_SELECTOR: Flag = Flag::value(
    "field-selector",
    None,
    "Field selector to filter on (e.g. status.phase=Running)",
);

pub const CONTAINER: Flag = Flag::value(
    "container",
    Some('c'),
    "Container name (default: the pod's default container)",
);

pub const SAVE_CONFIG: Flag = Flag::switch(
    "save-config",
    None,
    "Keep the object's configuration in its last-applied annotation",
);

pub const POD_RUNNING_TIMEOUT: Flag = Flag::value(
    "pod-running-timeout",
    None,
    "How long to wait for a running pod (e.g. 1m)",
);

pub const CURRENT: Flag = Flag::switch("current", None, "Act on the current context");

pub const FOR: Flag = Flag::value("for", None, "Only events about this object (TYPE/NAME)");

pub const FORCE: Flag = Flag::switch(
    "force",
    None,
    "Go ahead even where it is unsafe (immediate deletion, unmanaged pods)",
);

pub const GRACE_PERIOD: Flag = Flag::value(
    "grace-period",
    None,
    "Seconds the resource gets to stop gracefully (-1: its own default)",
);

pub const IGNORE_NOT_FOUND: Flag = Flag::switch(
    "ignore-not-found",
    None,
    "Treat a resource that does not exist as a success",
);

pub const IMAGE: Flag = Flag::value("image", None, "Container image");

pub const LABELS: Flag = Flag::value(
    "labels",
    Some('l'),
    "Labels for the new object (key=value,…)",
);

pub const LIST: Flag = Flag::switch("list", None, "List the current values");

pub const LOCAL: Flag = Flag::switch(
    "local",
    None,
    "Work on the given files only, without asking the server",
);

pub const OVERWRITE: Flag = Flag::switch("overwrite", None, "Allow replacing an existing value");

pub const PORT: Flag = Flag::value("port", None, "The port the container or service listens on");

pub const QUIET: Flag = Flag::switch("quiet", Some('q'), "Print nothing but errors");

pub const RESOURCE_VERSION: Flag = Flag::value(
    "resource-version",
    None,
    "Change only if the object is still at this resource version",
);

pub const SORT_BY: Flag = Flag::value(
    "sort-by",
    None,
    "Sort the list by this JSONPath field (e.g. .metadata.name)",
);

pub const STDIN: Flag = Flag::switch(
    "stdin",
    Some('i'),
    "Pass the terminal's input to the container",
);

pub const SUBRESOURCE: Flag = Flag::value(
    "subresource",
    None,
    "Act on this subresource (status, scale)",
);

pub const TTY: Flag = Flag::switch("tty", Some('t'), "Give the command a terminal");

pub const TYPE: Flag = Flag::value(
    "type",
    None,
    "The service type: ClusterIP, NodePort, LoadBalancer or ExternalName",
);

pub const VALIDATE: Flag = Flag::value(
    "validate",
    None,
    "Check the object against the server's schema first (strict, warn, ignore)",
)
.one_of(&["strict", "warn", "ignore", "true", "false"])
.or_alone("strict");

/// Flags every kubectl command accepts.
pub const GLOBAL: &[Flag] = &[
    Flag::value("namespace", Some('n'), "The namespace to act in"),
    Flag::value("context", None, "The kubeconfig context to use"),
    Flag::value("kubeconfig", None, "Path to the kubeconfig file to use"),
    Flag::value("cluster", None, "The kubeconfig cluster to use"),
    Flag::value("user", None, "The kubeconfig user to authenticate as"),
    Flag::value("server", Some('s'), "Address and port of the API server"),
    Flag::value("token", None, "Bearer token for the API server"),
    Flag::value(
        "request-timeout",
        None,
        "How long one request may take (e.g. 10s); 0 has no limit",
    ),
    Flag::value(
        "v",
        Some('v'),
        "Log level: 6 logs every request, 7 their headers, 8 and up their bodies",
    ),
    Flag::switch(
        "insecure-skip-tls-verify",
        None,
        "Do not verify the server's certificate",
    ),
];

#[derive(Debug, Default)]
pub struct Parsed {
    values: HashMap<&'static str, String>,
    /// Every value in order, for flags that may repeat (`-f a -f b`).
    all: Vec<(&'static str, String)>,
    bools: Vec<&'static str>,
    pub args: Vec<String>,
    /// How many of `args` came before a `--` (cobra's ArgsLenAtDash).
    pub dash: Option<usize>,
}

impl Parsed {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Every value given for a repeatable flag, in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.all
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Every value of a comma-separated list flag (pflag's StringSlice:
    /// `--verb=get,list --verb=watch`), in order.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.values(name)
            .iter()
            .flat_map(|v| v.split(','))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.bools.contains(&name) || self.values.contains_key(name)
    }
}

pub fn parse(cmd: &str, input: &[String], spec: &[Flag]) -> Result<Parsed, KubeError> {
    let all = || spec.iter().chain(GLOBAL.iter());
    let usage =
        |msg: String| KubeError::Client(format!("{msg}\nSee 'kubectl {cmd} --help' for usage."));
    let mut p = Parsed::default();
    let mut it = input.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            p.dash = Some(p.args.len());
            p.args.extend(it.by_ref().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(Flag {
                long: key,
                takes,
                bare,
                ..
            }) = all().find(|f| f.long == name)
            else {
                return Err(usage(format!("unknown flag: --{name}")));
            };
            if *takes {
                let v = match (inline, bare) {
                    (Some(v), _) => v,
                    (None, Some(b)) => b.to_string(),
                    (None, None) => it
                        .next()
                        .cloned()
                        .ok_or_else(|| usage(format!("flag needs an argument: --{name}")))?,
                };
                p.all.push((key, v.clone()));
                p.values.insert(key, v);
            } else if inline.as_deref() != Some("false") {
                p.bools.push(key);
            }
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            let chars: Vec<char> = shorts.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let Some(Flag {
                    long: key, takes, ..
                }) = all().find(|f| f.short == Some(*c))
                else {
                    return Err(usage(format!("unknown shorthand flag: '{c}' in {a}")));
                };
                if *takes {
                    let rest: String = chars[i + 1..].iter().collect();
                    let v = if rest.is_empty() {
                        it.next().cloned().ok_or_else(|| {
                            usage(format!("flag needs an argument: '{c}' in -{c}"))
                        })?
                    } else {
                        rest.trim_start_matches('=').to_string()
                    };
                    p.all.push((key, v.clone()));
                    p.values.insert(key, v);
                    break;
                }
                // `-w=false`: a boolean shorthand with its value.
                let rest: String = chars[i + 1..].iter().collect();
                if let Some(v) = rest.strip_prefix('=') {
                    if v != "false" {
                        p.bools.push(key);
                    }
                    break;
                }
                p.bools.push(key);
            }
        } else {
            p.args.push(a.clone());
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn table() {
        let spec: &[Flag] = &[
            Flag::value("output", Some('o'), ""),
            Flag::switch("all-namespaces", Some('A'), ""),
        ];
        let p = parse(
            "get",
            &s(&["pods", "-nkube-system", "-owide", "-A", "--context=x"]),
            spec,
        )
        .unwrap();
        assert_eq!(
            (
                p.value("namespace"),
                p.value("output"),
                p.has("all-namespaces"),
                p.value("context")
            ),
            (Some("kube-system"), Some("wide"), true, Some("x"))
        );
        assert_eq!(p.args, ["pods"]);
        assert_eq!(
            parse("get", &s(&["--foo"]), spec).unwrap_err(),
            KubeError::Client("unknown flag: --foo\nSee 'kubectl get --help' for usage.".into())
        );
        assert_eq!(
            parse("get", &s(&["-z"]), spec).unwrap_err(),
            KubeError::Client(
                "unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.".into()
            )
        );
    }
}
