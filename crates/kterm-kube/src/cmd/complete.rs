//! Tab completion for kubectl and oc: verbs, flags, `config`
//! subcommands, context/cluster/user names from the kubeconfig, resource
//! types from discovery and the names of live objects from the cluster.

use kterm_shell::Ctx;

use crate::context::{globals, Session};
use crate::{api, config_file, discovery, flags};

/// Verbs whose first argument is a resource type and the next ones names.
const TYPED_VERBS: &[&str] = &[
    "get", "describe", "delete", "edit", "label", "annotate", "patch", "scale", "explain",
];

/// Verbs whose first argument is a pod.
const POD_VERBS: &[&str] = &["logs", "exec", "attach"];

const OUTPUTS: &[&str] = &[
    "json",
    "yaml",
    "wide",
    "name",
    "jsonpath=",
    "custom-columns=",
    "go-template=",
];

/// Flags offered after `-`, per verb, besides the global ones.
fn verb_flags(verb: &str) -> &'static [&'static str] {
    match verb {
        "get" => &[
            "--output",
            "--all-namespaces",
            "--selector",
            "--field-selector",
            "--watch",
            "--show-labels",
            "--label-columns",
            "--no-headers",
            "--sort-by",
            "--show-kind",
            "--raw",
            "--chunk-size",
        ],
        "api-resources" => &[
            "--output",
            "--namespaced",
            "--api-group",
            "--verbs",
            "--categories",
            "--sort-by",
            "--no-headers",
            "--cached",
        ],
        "config" => &[
            "--output",
            "--minify",
            "--raw",
            "--flatten",
            "--current",
            "--no-headers",
        ],
        "version" => &["--client", "--output"],
        "run" => &[
            "--image",
            "--labels",
            "--env",
            "--port",
            "--restart",
            "--command",
            "--image-pull-policy",
            "--annotations",
            "--expose",
            "--dry-run",
            "--output",
        ],
        "cordon" | "uncordon" => &["--selector", "--dry-run"],
        "events" => &[
            "--for",
            "--types",
            "--watch",
            "--all-namespaces",
            "--no-headers",
        ],
        "drain" => &[
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--force",
            "--grace-period",
            "--timeout",
            "--pod-selector",
            "--selector",
            "--dry-run",
            "--disable-eviction",
        ],
        _ => &["--output"],
    }
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

async fn live_names(ctx: &mut Ctx<'_>, words: &[String], typed: &str) -> Vec<String> {
    let f = globals(words);
    let Ok(s) = Session::open(ctx, &f) else {
        return Vec::new();
    };
    let t = s.target;
    let Ok(all) = discovery::resources(ctx, &t).await else {
        return Vec::new();
    };
    let Some(r) = discovery::find(&all, typed).cloned() else {
        return Vec::new();
    };
    let path = format!("{}?limit=500", r.collection(Some(&t.namespace)));
    let Ok(list) = api::get_json(ctx, &t, api::request(&t, "GET", &path), "list", &r.name).await
    else {
        return Vec::new();
    };
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["metadata"]["name"].as_str().map(str::to_string))
        .collect()
}

async fn resource_types(ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
    let f = globals(words);
    let Ok(s) = Session::open(ctx, &f) else {
        return Vec::new();
    };
    discovery::resources(ctx, &s.target)
        .await
        .map(|all| {
            all.into_iter()
                .filter(|r| r.verbs.is_empty() || r.verbs.iter().any(|v| v == "get"))
                .map(|r| r.name)
                .collect()
        })
        .unwrap_or_default()
}

fn kubeconfig_names(ctx: &Ctx<'_>, words: &[String], section: &str) -> Vec<String> {
    let f = globals(words);
    config_file::load(ctx.sh, f.value("kubeconfig"))
        .map(|l| config_file::names(&l.config, section))
        .unwrap_or_default()
}

/// Positional words after the verb (flags and their values left out).
fn positionals(words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w.starts_with('-') {
            let name = w.trim_start_matches('-');
            let takes = !w.contains('=')
                && (flags::GLOBAL.iter().any(|(l, s, t)| {
                    *t && (*l == name || (w.len() == 2 && *s == name.chars().next()))
                }) || matches!(
                    name,
                    "o" | "output" | "l" | "selector" | "c" | "container" | "field-selector"
                ));
            if takes {
                i += 1;
            }
        } else {
            out.push(w.clone());
        }
        i += 1;
    }
    out
}

pub async fn candidates(ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
    let Some((partial, before)) = words.split_last() else {
        return Vec::new();
    };
    // A flag's value.
    if let Some(prev) = before.last().map(String::as_str) {
        match prev {
            "-n" | "--namespace" => return live_names(ctx, before, "namespaces").await,
            "--context" => return kubeconfig_names(ctx, before, "contexts"),
            "--cluster" => return kubeconfig_names(ctx, before, "clusters"),
            "--user" => return kubeconfig_names(ctx, before, "users"),
            "-o" | "--output" => return owned(OUTPUTS),
            "--restart" => return owned(&["Always", "OnFailure", "Never"]),
            "--image-pull-policy" => return owned(&["Always", "IfNotPresent", "Never"]),
            "--dry-run" => return owned(&["none", "client", "server"]),
            "--types" => return owned(&["Normal", "Warning", "Normal,Warning"]),
            _ => {}
        }
    }
    // The verb is the first word that is neither a flag nor a flag's value.
    let all = positionals(before);
    let Some((verb, pos)) = all.split_first() else {
        if partial.starts_with('-') {
            return flags::GLOBAL
                .iter()
                .map(|(l, _, _)| format!("--{l}"))
                .collect();
        }
        return owned(super::VERBS);
    };
    let verb = verb.as_str();
    if partial.starts_with('-') {
        let mut v: Vec<String> = flags::GLOBAL
            .iter()
            .map(|(l, _, _)| format!("--{l}"))
            .collect();
        v.extend(owned(verb_flags(verb)));
        return v;
    }
    let pos = pos.to_vec();
    if verb == "config" {
        return match pos.as_slice() {
            [] => owned(super::config::SUBCOMMANDS),
            [sub] => match sub.as_str() {
                "use-context" | "use" | "delete-context" | "rename-context" | "set-context"
                | "get-contexts" => kubeconfig_names(ctx, before, "contexts"),
                "delete-cluster" | "set-cluster" => kubeconfig_names(ctx, before, "clusters"),
                "delete-user" | "set-credentials" => kubeconfig_names(ctx, before, "users"),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
    }
    if POD_VERBS.contains(&verb) && pos.is_empty() {
        return live_names(ctx, before, "pods").await;
    }
    if matches!(verb, "top") {
        return match pos.as_slice() {
            [] => owned(&["pod", "node"]),
            [kind] => live_names(ctx, before, kind).await,
            _ => Vec::new(),
        };
    }
    if matches!(verb, "cordon" | "uncordon" | "drain") {
        return live_names(ctx, before, "nodes").await;
    }
    if matches!(verb, "rollout") {
        return match pos.as_slice() {
            [] => owned(&["history", "pause", "restart", "resume", "status", "undo"]),
            _ => Vec::new(),
        };
    }
    if !TYPED_VERBS.contains(&verb) {
        return Vec::new();
    }
    if let Some((ty, _)) = partial.split_once('/') {
        return live_names(ctx, before, ty)
            .await
            .into_iter()
            .map(|n| format!("{ty}/{n}"))
            .collect();
    }
    match pos.first() {
        None => resource_types(ctx, before).await,
        // Several types (`pods,svc`) take no names.
        Some(ty) if !ty.contains(',') && !ty.contains('/') => live_names(ctx, before, ty).await,
        _ => Vec::new(),
    }
}
