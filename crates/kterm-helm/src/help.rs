//! `--help` as cobra writes it for Helm: the command's long text, usage,
//! aliases, its flags and the global ones in pflag's layout (`-x, --name
//! type`, aligned, defaults after the text), the Helm home's paths as
//! defaults of the registry and repository flags.

use kterm_shell::Ctx;

use crate::cmd::{self, Sub};
use crate::flags::{flag, Flag, Kind, GLOBAL};

/// `$HOME` in the session (`/home/user` unless changed).
pub fn home(ctx: &Ctx<'_>) -> String {
    ctx.sh
        .env
        .get("HOME")
        .unwrap_or(kterm_shell::state::HOME)
        .to_string()
}

/// The registry and repository paths Helm shows as its flags' defaults.
pub type Defaults = [(&'static str, String); 3];

/// The defaults in this session (home directory, `HELM_*`, XDG).
pub fn defaults(ctx: &Ctx<'_>) -> Defaults {
    crate::cmd::env::paths(ctx, None)
}

/// The defaults for the session's usual home, when there is no session
/// at hand (the shell's `help helm`).
pub fn usual_defaults() -> Defaults {
    let h = kterm_shell::state::HOME;
    [
        (
            "registry-config",
            format!("{h}/.config/helm/registry/config.json"),
        ),
        ("repository-cache", format!("{h}/.cache/helm/repository")),
        (
            "repository-config",
            format!("{h}/.config/helm/repositories.yaml"),
        ),
    ]
}

fn default_of(f: &Flag, d: &Defaults) -> Option<String> {
    let (_, path) = d.iter().find(|(k, _)| *k == f.long)?;
    Some(format!(" (default \"{path}\")"))
}

/// pflag's `FlagUsages`: the left column padded to the widest, three
/// spaces, the text.
fn lines(flags: &[Flag], d: &Defaults) -> String {
    let left = |f: &Flag| {
        let ty = match f.kind {
            Kind::Bool => "",
            Kind::Str => " string",
            Kind::Int => " int",
            Kind::Format => " format",
            Kind::Float => " float32",
            Kind::StrArray => " stringArray",
        };
        match f.short {
            Some(c) => format!("  -{c}, --{}{ty}", f.long),
            None => format!("      --{}{ty}", f.long),
        }
    };
    let shown: Vec<&Flag> = flags.iter().filter(|f| !f.hidden).collect();
    let width = shown.iter().map(|f| left(f).len()).max().unwrap_or(0);
    shown
        .iter()
        .map(|f| {
            let l = left(f);
            format!(
                "{l}{}   {}{}\n",
                " ".repeat(width - l.len()),
                f.help,
                default_of(f, d).unwrap_or_default()
            )
        })
        .collect()
}

fn globals(d: &Defaults) -> String {
    let g: Vec<Flag> = GLOBAL
        .iter()
        .filter(|f| f.long != "help")
        .copied()
        .collect();
    format!("\nGlobal Flags:\n{}", lines(&g, d))
}

/// The `-h, --help` line cobra adds to each command.
fn help_flag(name: &str) -> Flag {
    let text: &'static str = match name {
        "get" => "help for get",
        "list" => "help for list",
        "status" => "help for status",
        "history" => "help for history",
        "version" => "help for version",
        "env" => "help for env",
        "all" => "help for all",
        "hooks" => "help for hooks",
        "manifest" => "help for manifest",
        "metadata" => "help for metadata",
        "notes" => "help for notes",
        "values" => "help for values",
        _ => "help for helm",
    };
    flag("help", Some('h'), Kind::Bool, text)
}

/// A command's help.
pub fn sub(sub: &Sub, d: &Defaults) -> String {
    let mut out = format!("{}\n\nUsage:\n  {}\n", sub.long.trim_end(), sub.use_line());
    if !sub.aliases.is_empty() {
        let name = sub.path.rsplit(' ').next().unwrap_or(sub.path);
        let mut names = vec![name];
        names.extend(sub.aliases);
        out += &format!("\nAliases:\n  {}\n", names.join(", "));
    }
    let mut own: Vec<Flag> = sub.flags.to_vec();
    own.push(help_flag(sub.path.rsplit(' ').next().unwrap_or("")));
    kterm_shell::sort::sort_by_key(&mut own, |f| f.long);
    out += &format!("\nFlags:\n{}", lines(&own, d));
    out + &globals(d)
}

/// `helm get`'s help (a command of commands).
pub fn get(d: &Defaults) -> String {
    let mut out = String::from(
        "
This command consists of multiple subcommands which can be used to
get extended information about the release, including:

- The values used to generate the release
- The generated manifest file
- The notes provided by the chart of the release
- The hooks associated with the release
- The metadata of the release

Usage:
  helm get [command]

Available Commands:
",
    );
    for s in cmd::table() {
        if let Some(name) = s.path.strip_prefix("get ") {
            out += &format!("  {name:<11} {}\n", s.short);
        }
    }
    out += &format!("\nFlags:\n{}", lines(&[help_flag("get")], d));
    out += &globals(d);
    out + "\nUse \"helm get [command] --help\" for more information about a command.\n"
}

/// `helm` alone: what this helm does, its commands and flags.
pub fn root(d: &Defaults) -> String {
    let mut out = String::from(
        "The Kubernetes package manager

This terminal's helm reads the Helm 3 releases in the cluster kubectl talks
to (the Secrets Helm's storage driver keeps) and prints them as Helm does.
Commands that need charts or change releases are not available here.

Usage:
  helm [command]

Available Commands:
",
    );
    let mut rows: Vec<(String, &str)> = cmd::table()
        .into_iter()
        .filter(|s| !s.path.starts_with("get "))
        .map(|s| (s.path.to_string(), s.short))
        .collect();
    rows.push((
        "get".into(),
        "download extended information of a named release",
    ));
    kterm_shell::sort::sort(&mut rows);
    for (n, s) in rows {
        out += &format!("  {n:<11} {s}\n");
    }
    let mut all: Vec<Flag> = GLOBAL.to_vec();
    all.retain(|f| f.long != "help");
    all.push(help_flag("helm"));
    kterm_shell::sort::sort_by_key(&mut all, |f| f.long);
    out += &format!("\nFlags:\n{}", lines(&all, d));
    out + "\nUse \"helm [command] --help\" for more information about a command.\n"
}
