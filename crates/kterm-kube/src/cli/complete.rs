//! Tab completion for kubectl and oc, from the verb tables: verbs, each
//! verb's flags and the values they take, subcommands, context/cluster/
//! user names from the kubeconfig, resource types from discovery and the
//! names of live objects from the cluster.

use kterm_shell::Ctx;

use super::{Invocation, Operands, Tool};
use crate::flags::{Flag, GLOBAL};
use crate::{api, discovery};

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

async fn live_names(ctx: &mut Ctx<'_>, words: &[String], typed: &str) -> Vec<String> {
    let mut inv = Invocation::for_completion(ctx.sh, words);
    let Ok(t) = inv.target(ctx).await else {
        return Vec::new();
    };
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
    let mut inv = Invocation::for_completion(ctx.sh, words);
    let Ok(t) = inv.target(ctx).await else {
        return Vec::new();
    };
    discovery::resources(ctx, &t)
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
    let inv = Invocation::for_completion(ctx.sh, words);
    let Ok(l) = inv.loaded() else {
        return Vec::new();
    };
    match section {
        "clusters" => kterm_kubeconfig::files::names(&l.config.clusters),
        "users" => kterm_kubeconfig::files::names(&l.config.users),
        _ => kterm_kubeconfig::files::names(&l.config.contexts),
    }
}

/// Positional words (flags and their values left out), knowing which of
/// the verb's flags take a value.
fn positionals(words: &[String], flags: &[Flag]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if let Some(name) = w.strip_prefix("--") {
            let takes = !w.contains('=')
                && GLOBAL
                    .iter()
                    .chain(flags)
                    .any(|f| f.takes && f.long == name);
            i += usize::from(takes);
        } else if w.starts_with('-') && w.len() > 1 {
            let c = w.chars().nth(1);
            let takes = w.chars().count() == 2
                && GLOBAL.iter().chain(flags).any(|f| f.takes && f.short == c);
            i += usize::from(takes);
        } else {
            out.push(w.clone());
        }
        i += 1;
    }
    out
}

/// `--long` of every flag.
fn flag_names(flags: &[Flag]) -> Vec<String> {
    flags.iter().map(|f| format!("--{}", f.long)).collect()
}

/// The flag a word names (`-o`, `--output`), among `flags`.
fn named<'a>(word: &str, flags: &'a [Flag]) -> Option<&'a Flag> {
    if let Some(long) = word.strip_prefix("--") {
        return flags.iter().find(|f| f.long == long);
    }
    let c = word.strip_prefix('-')?;
    let mut chars = c.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    flags.iter().find(|f| f.short == Some(c))
}

pub async fn candidates(ctx: &mut Ctx<'_>, tool: &Tool, words: &[String]) -> Vec<String> {
    let Some((partial, before)) = words.split_last() else {
        return Vec::new();
    };
    // The verb is the first word that is neither a flag nor a flag's value.
    let globals_only = positionals(before, &[]);
    let verb = globals_only.first().and_then(|v| tool.find(v));
    let flags: &[Flag] = verb.map_or(&[], |v| v.flags);
    // A flag's value.
    if let Some(prev) = before.last().map(String::as_str) {
        match named(prev, GLOBAL).map(|f| f.long) {
            Some("namespace") => return live_names(ctx, before, "namespaces").await,
            Some("context") => return kubeconfig_names(ctx, before, "contexts"),
            Some("cluster") => return kubeconfig_names(ctx, before, "clusters"),
            Some("user") => return kubeconfig_names(ctx, before, "users"),
            _ => {}
        }
        if let Some(f) = named(prev, flags).filter(|f| f.takes) {
            return owned(f.values);
        }
    }
    let Some(verb) = verb.filter(|_| !globals_only.is_empty()) else {
        if partial.starts_with('-') {
            return flag_names(GLOBAL);
        }
        if globals_only.is_empty() {
            return tool.verbs().map(|v| v.name.to_string()).collect();
        }
        return Vec::new();
    };
    if partial.starts_with('-') {
        let mut v = flag_names(GLOBAL);
        v.extend(flag_names(verb.flags));
        return v;
    }
    let pos = positionals(before, verb.flags)[1..].to_vec();
    match verb.operands {
        Operands::None => Vec::new(),
        Operands::Config => match pos.as_slice() {
            [] => owned(verb.subcommands),
            [sub] => match sub.as_str() {
                "use-context" | "use" | "delete-context" | "rename-context" | "set-context"
                | "get-contexts" => kubeconfig_names(ctx, before, "contexts"),
                "delete-cluster" | "set-cluster" => kubeconfig_names(ctx, before, "clusters"),
                "delete-user" | "set-credentials" => kubeconfig_names(ctx, before, "users"),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        Operands::Pods if pos.is_empty() => live_names(ctx, before, "pods").await,
        Operands::Pods => Vec::new(),
        Operands::Nodes => live_names(ctx, before, "nodes").await,
        Operands::Subcommand => match pos.as_slice() {
            [] => owned(verb.subcommands),
            [kind] if verb.name == "top" => live_names(ctx, before, kind).await,
            [sub] if verb.name == "create" && sub == "token" => {
                live_names(ctx, before, "serviceaccounts").await
            }
            [group] if verb.name == "create" => owned(&crate::cmd::create::subcommands(group)),
            _ => Vec::new(),
        },
        Operands::Types => {
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
                Some(ty) if !ty.contains(',') && !ty.contains('/') => {
                    live_names(ctx, before, ty).await
                }
                _ => Vec::new(),
            }
        }
    }
}
