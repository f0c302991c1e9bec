//! `kubectl rollout status|history|restart|undo|pause|resume`, for
//! deployments (status, restart and undo also for daemonsets and
//! statefulsets): one file per subcommand, listed in `SUBS`, which help,
//! dispatch, flags and Tab read.

mod history;
mod pause;
mod restart;
mod status;
mod undo;

use futures::future::LocalBoxFuture;
use kterm_shell::Ctx;

use crate::cli::Invocation;
use crate::error::KubeError;
use crate::flags;
use crate::flags::Flag;
use crate::kubeconfig::Target;
use crate::mutate::{self, Obj};

/// A subcommand's work on one object.
type Act = for<'a, 'b> fn(
    &'a mut Ctx<'b>,
    &'a Target,
    &'a flags::Parsed,
    &'a Obj,
) -> LocalBoxFuture<'a, Result<(), KubeError>>;

/// Boxes a subcommand's `async fn(ctx, target, flags, object)`.
macro_rules! act {
    ($f:path) => {{
        fn act<'a>(
            ctx: &'a mut Ctx<'_>,
            t: &'a Target,
            f: &'a flags::Parsed,
            o: &'a Obj,
        ) -> LocalBoxFuture<'a, Result<(), KubeError>> {
            Box::pin($f(ctx, t, f, o))
        }
        act as Act
    }};
}

/// One subcommand: its name, summary, flags (as kubectl has them:
/// `restart` has no `--dry-run`, only `undo` has `--to-revision`) and
/// its work on each object.
struct Sub {
    name: &'static str,
    short: &'static str,
    flags: &'static [Flag],
    act: Act,
}

const COMMON: [Flag; 3] = [flags::FILENAME, flags::RECURSIVE, flags::SELECTOR];
const REVISION_FLAG: Flag = Flag::value("revision", None, "The revision to show or go back to");
const TO_REVISION: Flag = Flag::value(
    "to-revision",
    None,
    "The revision to roll back to (0: the one before)",
);
const PATCHING: &[Flag] = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    flags::OUTPUT,
    flags::FIELD_MANAGER,
];

const SUBS: &[Sub] = &[
    Sub {
        name: "history",
        short: "View rollout history",
        flags: &[
            COMMON[0],
            COMMON[1],
            COMMON[2],
            REVISION_FLAG,
            flags::OUTPUT,
        ],
        act: act!(history::history),
    },
    Sub {
        name: "pause",
        short: "Mark the provided resource as paused",
        flags: PATCHING,
        act: act!(pause::pause),
    },
    Sub {
        name: "restart",
        short: "Restart a resource",
        flags: PATCHING,
        act: act!(restart::restart),
    },
    Sub {
        name: "resume",
        short: "Resume a paused resource",
        flags: PATCHING,
        act: act!(pause::resume),
    },
    Sub {
        name: "status",
        short: "Show the status of the rollout",
        flags: &[
            COMMON[0],
            COMMON[1],
            COMMON[2],
            flags::TIMEOUT,
            flags::WATCH,
            REVISION_FLAG,
        ],
        act: act!(status::status),
    },
    Sub {
        name: "undo",
        short: "Undo a previous rollout",
        flags: &[
            COMMON[0],
            COMMON[1],
            COMMON[2],
            TO_REVISION,
            flags::OUTPUT,
            flags::DRY_RUN,
        ],
        act: act!(undo::undo),
    },
];

/// The subcommands, for Tab and the read-only policy.
pub(crate) const SUBCOMMANDS: [&str; SUBS.len()] = crate::cli::names_of!(SUBS);

/// Every subcommand's flags, for Tab.
pub(crate) const FLAGS: &[Flag] = &[
    flags::FILENAME,
    flags::RECURSIVE,
    flags::SELECTOR,
    flags::TIMEOUT,
    flags::WATCH,
    flags::OUTPUT,
    flags::DRY_RUN,
    Flag::value("revision", None, "The revision to show or go back to"),
    Flag::value(
        "to-revision",
        None,
        "The revision to roll back to (0: the one before)",
    ),
];

/// `kubectl rollout` alone: what it can do (kubectl prints its help and
/// exits 1).
fn usage() -> String {
    let mut out = String::from(
        "Manage the rollout of deployments, daemonsets and statefulsets.\n\nAvailable Commands:\n",
    );
    for s in SUBS {
        out.push_str(&format!("  {:<14}{}\n", s.name, s.short));
    }
    out.push_str("\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n");
    out
}

pub async fn run(
    ctx: &mut Ctx<'_>,
    inv: &mut Invocation,
    args: &[String],
) -> Result<i32, KubeError> {
    let Some(name) = args.first().map(String::as_str) else {
        ctx.stdout.write_str(&usage());
        return Ok(1);
    };
    let Some(sub) = SUBS.iter().find(|s| s.name == name) else {
        return Err(KubeError::Client(format!(
            "unknown command \"{}\"\nSee 'kubectl rollout -h' for help and examples",
            args.join(" ")
        )));
    };
    let f = flags::parse(&format!("rollout {name}"), &args[1..], sub.flags)?;
    if f.args.is_empty() && f.values("filename").is_empty() {
        return Err(KubeError::Client("required resource not specified".into()));
    }
    let t = inv.target(ctx).await?;
    let objs = mutate::objects(ctx, &t, &f, &f.args).await?;
    if objs.is_empty() {
        // A selector that matched nothing.
        ctx.stderr
            .line(&format!("No resources found in {} namespace.", t.namespace));
        return Ok(0);
    }
    let mut errors = Vec::new();
    for o in objs {
        match (sub.act)(ctx, &t, &f, &o).await {
            Ok(()) => {}
            // kubectl's interrupt handler ends a watching `status` with 1.
            Err(KubeError::Cancelled) if name == "status" => return Ok(1),
            Err(KubeError::Cancelled) => return Err(KubeError::Cancelled),
            Err(e) => errors.push(e),
        }
    }
    mutate::finish(ctx, errors)
}

#[cfg(test)]
mod tests {
    /// `kubectl rollout` alone, as it read before the table wrote it.
    const OLD: &str = "Manage the rollout of deployments, daemonsets and statefulsets.

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]
";

    #[test]
    fn usage_unchanged() {
        assert_eq!(super::usage(), OLD);
    }
}
