//! `helm` for kterm, read-only: Helm 3's release commands (`list`,
//! `status`, `history`, `get …`) reading the release records Helm keeps
//! in the cluster (Secrets of type `helm.sh/release.v1`) through the
//! kubeconfig and transport kubectl uses, printed as Helm 3 prints them;
//! `helm version`. Commands that need charts or change releases say they
//! are not available here. Its own family, loaded on first use.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod cmd;
mod error;
mod flags;
mod goregex;
mod gotime;
mod help;
mod output;
mod release;
mod store;
mod table;
mod values;

#[cfg(test)]
mod golden;

use std::rc::Rc;

use async_trait::async_trait;
use kterm_shell::{CmdError, Command, CommandInfo, Ctx, Registry};

use crate::cmd::Sub;
use crate::error::HelmError;
use crate::flags::GLOBAL;

const SUMMARY: &str = "The Kubernetes package manager (read-only: releases in the cluster)";

/// helm as the shell knows it before its code loads.
pub const COMMANDS: &[CommandInfo] = &[CommandInfo {
    name: "helm",
    aliases: &[],
    summary: SUMMARY,
}];

/// The family's commands (what loading the helm family gives).
pub fn commands() -> Vec<Rc<dyn Command>> {
    vec![Rc::new(Helm)]
}

/// Registers helm with its code at hand (native tools, tests).
pub fn register(reg: &mut Registry) {
    for c in commands() {
        reg.register(c);
    }
}

pub struct Helm;

#[async_trait(?Send)]
impl Command for Helm {
    fn name(&self) -> &'static str {
        "helm"
    }

    fn summary(&self) -> &'static str {
        SUMMARY
    }

    fn help(&self) -> String {
        help::root(&help::usual_defaults())
    }

    fn mutates(&self, args: &[String]) -> Option<String> {
        let first = flags::operand_positions(args).first().map(|&i| &args[i])?;
        matches!(
            cmd::unavailable::find(first),
            Some("install" | "upgrade" | "rollback" | "uninstall" | "test")
        )
        .then(|| format!("helm {first}"))
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        Ok(match dispatch(ctx).await {
            Ok(code) => code,
            Err(e) => e.render(ctx),
        })
    }

    async fn complete(&self, ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        complete(ctx, words).await
    }
}

/// Tab: command names, flags, `-o`'s formats, and the release names a
/// release command takes (read from the cluster, as Helm's completion
/// does, every state included).
async fn complete(ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
    let partial = words.last().map(String::as_str).unwrap_or("");
    let before = &words[..words.len().saturating_sub(1)];
    let pos = flags::operand_positions(before);
    let path: Vec<&str> = pos.iter().map(|&i| before[i].as_str()).collect();
    let sub = find_sub(&path);
    let keep = |names: Vec<String>| -> Vec<String> {
        names
            .into_iter()
            .filter(|n| n.starts_with(partial))
            .collect()
    };
    if matches!(before.last().map(String::as_str), Some("-o" | "--output")) {
        return keep(owned(&["json", "table", "yaml"]));
    }
    if partial.starts_with("--") {
        let own = sub.map_or(&[][..], |(s, _)| s.flags);
        let mut names: Vec<String> = GLOBAL
            .iter()
            .chain(own)
            .filter(|f| !f.hidden)
            .map(|f| format!("--{}", f.long))
            .collect();
        kterm_shell::sort::sort(&mut names);
        return keep(names);
    }
    match (path.as_slice(), sub) {
        ([], _) => keep(owned(&top_names())),
        (["get"], _) => keep(owned(&[
            "all", "hooks", "manifest", "metadata", "notes", "values",
        ])),
        (_, Some((s, used))) if s.args == cmd::Args::Exact(1) && path.len() == used => {
            let words: Vec<String> = before.to_vec();
            let Ok(p) = flags::parse(&without(&words, &pos[..used]), s.flags) else {
                return Vec::new();
            };
            let Ok(store) = store::Store::open(ctx, &p).await else {
                return Vec::new();
            };
            let Ok(rels) = store.list(ctx, false).await else {
                return Vec::new();
            };
            let mut names: Vec<String> = rels.iter().map(release::Release::name).collect();
            kterm_shell::sort::sort(&mut names);
            names.dedup();
            keep(names)
        }
        _ => Vec::new(),
    }
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The command the path words name, and how many of them it used.
fn find_sub(path: &[&str]) -> Option<(&'static Sub, usize)> {
    let first = *path.first()?;
    if first == "get" {
        let second = path.get(1)?;
        let full = format!("get {second}");
        return cmd::table()
            .into_iter()
            .find(|s| s.path == full)
            .map(|s| (s, 2));
    }
    cmd::table()
        .into_iter()
        .find(|s| s.path == first || s.aliases.contains(&first))
        .map(|s| (s, 1))
}

/// The names `helm` takes as its first word.
fn top_names() -> Vec<&'static str> {
    let mut n: Vec<&str> = vec!["env", "get", "history", "list", "status", "version"];
    n.extend(cmd::unavailable::COMMANDS.iter().map(|(c, _)| *c));
    kterm_shell::sort::sort(&mut n);
    n
}

/// Finds the command the words name (as cobra's `Find` does), parses its
/// flags, checks its operands and runs it.
async fn dispatch(ctx: &mut Ctx<'_>) -> Result<i32, HelmError> {
    let words = ctx.args.clone();
    let pos = flags::operand_positions(&words);
    let Some(&first) = pos.first() else {
        flags::parse(&words, &[])?;
        let defaults = help::defaults(ctx);
        ctx.stdout.write_str(&help::root(&defaults));
        return Ok(0);
    };
    let word = words[first].as_str();
    if let Some(name) = cmd::unavailable::find(word) {
        return Err(cmd::unavailable::error(name));
    }
    let (sub, path): (&Sub, Vec<usize>) = if word == "get" {
        let second = pos.get(1).map(|&i| words[i].as_str());
        match cmd::table()
            .into_iter()
            .find(|s| Some(s.path) == second.map(|w| format!("get {w}")).as_deref())
        {
            Some(s) => (s, vec![first, pos[1]]),
            None => {
                flags::parse(&without(&words, &[first]), &[])?;
                let defaults = help::defaults(ctx);
                ctx.stdout.write_str(&help::get(&defaults));
                return Ok(0);
            }
        }
    } else {
        match cmd::table()
            .into_iter()
            .find(|s| s.path == word || s.aliases.contains(&word))
        {
            Some(s) => (s, vec![first]),
            None => return Err(unknown(word)),
        }
    };
    let p = flags::parse(&without(&words, &path), sub.flags)?;
    if p.bool("help") {
        let defaults = help::defaults(ctx);
        ctx.stdout.write_str(&help::sub(sub, &defaults));
        return Ok(0);
    }
    sub.check_args(&p.args)?;
    (sub.run)(ctx, &p).await
}

fn without(words: &[String], drop: &[usize]) -> Vec<String> {
    words
        .iter()
        .enumerate()
        .filter(|(i, _)| !drop.contains(i))
        .map(|(_, w)| w.clone())
        .collect()
}

/// cobra's unknown-command error, with its suggestions.
fn unknown(word: &str) -> HelmError {
    let typed = word.to_lowercase();
    let suggestions: Vec<&str> = top_names()
        .into_iter()
        .filter(|n| levenshtein(n, &typed) <= 2 || n.starts_with(&typed))
        .collect();
    let mut m = format!("unknown command \"{word}\" for \"helm\"");
    if !suggestions.is_empty() {
        m += "\n\nDid you mean this?\n";
        for s in suggestions {
            m += &format!("\t{s}\n");
        }
    }
    m += "\nRun 'helm --help' for usage.";
    HelmError::Msg(m)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_table() {
        for (word, want) in [
            ("lsit", "unknown command \"lsit\" for \"helm\"\n\nDid you mean this?\n\tlint\n\tlist\n\nRun 'helm --help' for usage."),
            ("frobnicate", "unknown command \"frobnicate\" for \"helm\"\nRun 'helm --help' for usage."),
            ("statu", "unknown command \"statu\" for \"helm\"\n\nDid you mean this?\n\tstatus\n\nRun 'helm --help' for usage."),
        ] {
            assert_eq!(unknown(word), HelmError::msg(want), "{word}");
        }
    }
}
