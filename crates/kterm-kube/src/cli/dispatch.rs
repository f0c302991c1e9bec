//! Runs one command line of a tool: the verb found in the tool's tables,
//! the global flags read once into the `Invocation`, `--help` and unknown
//! verbs answered from the table, and `-v` logs written before the
//! output they precede.

use std::cell::RefCell;
use std::rc::Rc;

use kterm_shell::Ctx;

use super::globals::{split_verb, Globals};
use super::{help, Invocation, Tool, Verb};
use crate::error::KubeError;
use crate::trace::{Flushing, Trace};

/// Whether the words ask for help (`-h`/`--help` before any `--`).
fn wants_help(words: &[String]) -> bool {
    words
        .iter()
        .take_while(|w| *w != "--")
        .any(|w| w == "-h" || w == "--help")
}

pub async fn dispatch(ctx: &mut Ctx<'_>, tool: &Tool, args: &[String]) -> Result<i32, KubeError> {
    let Some((name, rest)) = split_verb(args) else {
        let g = Globals::scan(args, &[]);
        Trace::new(g.v.as_deref(), g.request_timeout.as_deref())?;
        ctx.stdout.write_str(&help::tool(tool));
        return Ok(0);
    };
    let verb = tool.find(&name);
    let globals = Globals::scan(&rest, verb.map_or(&[], |v| v.flags));
    let trace = Trace::new(globals.v.as_deref(), globals.request_timeout.as_deref())?;
    if name == "help" {
        ctx.stdout.write_str(&help::tool(tool));
        return Ok(0);
    }
    let Some(verb) = verb else {
        return Err(KubeError::Client(format!(
            "unknown command \"{name}\" for \"kubectl\"\nRun 'kubectl --help' for usage."
        )));
    };
    // Verbs with subcommands answer `--help` for each of them.
    if verb.subcommands.is_empty() && wants_help(&rest) {
        ctx.stdout.write_str(&help::verb(tool, verb));
        return Ok(0);
    }
    let mut inv = Invocation::new(ctx.sh, globals, trace);
    let trace = inv.wire.trace.clone();
    if trace.verbosity < 6 {
        // Still through the queue: the server's warnings go there.
        return run_traced(ctx, verb, &mut inv, &rest).await;
    }
    if let Ok(loaded) = inv.loaded() {
        for p in &loaded.found {
            trace.log(
                ctx.host,
                6,
                "loader.go:408",
                &format!("Config loaded from file:  {p}"),
            );
        }
    }
    run_traced(ctx, verb, &mut inv, &rest).await
}

/// Runs the verb with stdout and stderr that write the queued log lines
/// first.
async fn run_traced(
    ctx: &mut Ctx<'_>,
    verb: &Verb,
    inv: &mut Invocation,
    rest: &[String],
) -> Result<i32, KubeError> {
    let pending = inv.wire.trace.pending.clone();
    let err = Rc::new(RefCell::new(&mut *ctx.stderr));
    let mut out = Flushing {
        inner: Rc::new(RefCell::new(&mut *ctx.stdout)),
        err: err.clone(),
        pending: pending.clone(),
    };
    let mut errw = Flushing {
        inner: err.clone(),
        err: err.clone(),
        pending,
    };
    let mut inner = Ctx {
        name: ctx.name.clone(),
        args: ctx.args.clone(),
        stdin: std::mem::take(&mut ctx.stdin),
        stdin_is_tty: ctx.stdin_is_tty,
        stdout: &mut out,
        stderr: &mut errw,
        stdout_is_tty: ctx.stdout_is_tty,
        sh: &mut *ctx.sh,
        registry: ctx.registry,
        host: ctx.host,
        cancel: ctx.cancel.clone(),
    };
    let r = (verb.run)(&mut inner, inv, rest).await;
    errw.flush();
    r
}
