//! `docker`, as far as a browser can go: `docker login` checks credentials
//! against a registry the way the Docker client does (a client-side login,
//! which is what the Docker CLI itself falls back to when no engine
//! answers) and keeps them in `~/.docker/config.json`; `docker logout`
//! removes them. Everything else needs a Docker engine, and a browser has
//! none: those subcommands say so and fail.

pub(crate) mod config;
pub(crate) mod handshake;
mod login;
mod logout;

use async_trait::async_trait;
use kterm_shell::{CmdError, Command, CommandInfo, Ctx};

pub const INFO: CommandInfo = CommandInfo {
    name: "docker",
    aliases: &[],
    summary: SUMMARY,
};

const SUMMARY: &str = "Docker registry login and logout (no engine in a browser)";

const HELP: &str = "
Usage:  docker [OPTIONS] COMMAND

A browser terminal has no Docker engine: only the registry commands work.

Commands:
  login       Authenticate to a registry
  logout      Log out from a registry

Run 'docker COMMAND --help' for more information on a command.
";

/// Docker Hub, the registry a bare `docker login` means.
pub const INDEX_SERVER: &str = "https://index.docker.io/v1/";

pub struct Docker;

/// A pflag-style parse: `-u X`, `-uX`, `--username X`, `--username=X`,
/// booleans, positionals; `--` ends the flags. Errors in pflag's words.
pub(crate) struct Flags {
    pub values: Vec<(&'static str, String)>,
    pub bools: Vec<&'static str>,
    pub positional: Vec<String>,
    pub help: bool,
}

impl Flags {
    pub fn value(&self, long: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| *k == long)
            .map(|(_, v)| v.as_str())
    }
}

/// (short, long, takes a value)
pub(crate) type Spec = (Option<char>, &'static str, bool);

pub(crate) fn parse(args: &[String], spec: &[Spec]) -> Result<Flags, String> {
    let mut f = Flags {
        values: Vec::new(),
        bools: Vec::new(),
        positional: Vec::new(),
        help: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            f.positional.extend(it.by_ref().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            if name == "help" {
                f.help = true;
                continue;
            }
            let Some((_, key, takes)) = spec.iter().find(|(_, l, _)| *l == name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            if *takes {
                let v = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("flag needs an argument: --{name}"))?,
                };
                f.values.push((key, v));
            } else {
                f.bools.push(key);
            }
        } else if let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            for (i, c) in shorts.char_indices() {
                if c == 'h' {
                    f.help = true;
                    continue;
                }
                let Some((_, key, takes)) = spec.iter().find(|(s, _, _)| *s == Some(c)) else {
                    return Err(format!("unknown shorthand flag: '{c}' in -{shorts}"));
                };
                if *takes {
                    let rest = &shorts[i + c.len_utf8()..];
                    let v = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(rest).to_string()
                    } else {
                        it.next()
                            .cloned()
                            .ok_or_else(|| format!("flag needs an argument: '{c}' in -{c}"))?
                    };
                    f.values.push((key, v));
                    break;
                }
                f.bools.push(key);
            }
        } else {
            f.positional.push(a.clone());
        }
    }
    Ok(f)
}

/// A flag error as the Docker CLI prints it (exit status 125).
pub(crate) fn flag_error(ctx: &mut Ctx<'_>, err: &str, use_line: &str, path: &str) -> i32 {
    ctx.stderr.line(&format!(
        "{err}\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information"
    ));
    125
}

/// More arguments than the command takes (exit status 1).
pub(crate) fn too_many_args(ctx: &mut Ctx<'_>, use_line: &str, path: &str) -> i32 {
    ctx.stderr.line(&format!(
        "docker: '{path}' requires at most 1 argument\n\nUsage:  {use_line}\n\nRun '{path} --help' for more information"
    ));
    1
}

#[async_trait(?Send)]
impl Command for Docker {
    fn name(&self) -> &'static str {
        "docker"
    }

    fn summary(&self) -> &'static str {
        SUMMARY
    }

    fn help(&self) -> String {
        HELP.to_string()
    }

    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        let args = ctx.args.clone();
        let rest = args.get(1..).unwrap_or(&[]);
        match args.first().map(String::as_str) {
            None | Some("--help" | "-h" | "help") => {
                ctx.stdout.write_str(HELP);
                Ok(0)
            }
            Some("login") => Ok(login::run(ctx, rest).await),
            Some("logout") => Ok(logout::run(ctx, rest).await),
            Some(other) => {
                ctx.stderr.line(&format!(
                    "docker: '{other}' needs a Docker engine, and a browser has none. Only 'docker login' and 'docker logout' work here; build, run, push and pull on a machine with Docker."
                ));
                Ok(1)
            }
        }
    }

    async fn complete(&self, _ctx: &mut Ctx<'_>, words: &[String]) -> Vec<String> {
        match words {
            [_] => vec!["login".into(), "logout".into()],
            [first, ..] if first == "login" => vec![
                "--username".into(),
                "--password".into(),
                "--password-stdin".into(),
                "us.icr.io".into(),
            ],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[Spec] = &[
        (Some('u'), "username", true),
        (Some('p'), "password", true),
        (None, "password-stdin", false),
    ];

    /// (username, password, --password-stdin, positionals)
    type Read = (Option<String>, Option<String>, bool, Vec<String>);

    fn p(args: &[&str]) -> Result<Read, String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse(&args, SPEC).map(|f| {
            (
                f.value("username").map(str::to_string),
                f.value("password").map(str::to_string),
                f.bools.contains(&"password-stdin"),
                f.positional,
            )
        })
    }

    #[test]
    fn flags_as_pflag_reads_them() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            p(&["-u", "iamapikey", "-pKEY", "us.icr.io"]),
            Ok((s("iamapikey"), s("KEY"), false, vec!["us.icr.io".into()]))
        );
        assert_eq!(
            p(&["--username=token", "--password-stdin", "--", "-x"]),
            Ok((s("token"), None, true, vec!["-x".into()]))
        );
        assert_eq!(p(&["--nope"]), Err("unknown flag: --nope".into()));
        assert_eq!(p(&["-x"]), Err("unknown shorthand flag: 'x' in -x".into()));
        assert_eq!(p(&["-u"]), Err("flag needs an argument: 'u' in -u".into()));
        assert_eq!(
            p(&["--password"]),
            Err("flag needs an argument: --password".into())
        );
    }
}
