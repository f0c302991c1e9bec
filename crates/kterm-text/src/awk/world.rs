//! What an awk program reaches outside itself: the session's files, and the
//! session's commands for `system()`, `"cmd" | getline` and `print | "cmd"`.
//! The interpreter runs to the end without yielding, so a command runs only
//! if it finishes without waiting (builtins, the text tools, anything that
//! needs no network or timer); otherwise awk says so.

use futures::FutureExt;
use kterm_shell::{CmdError, Ctx};

use crate::common;

pub trait World {
    /// A session file's bytes (`-` and `/dev/stdin`: awk's standard input).
    fn read(&self, name: &str) -> Option<Vec<u8>>;

    /// Runs a command line with `stdin`. With `capture`, returns what it
    /// printed; otherwise its output goes to awk's own stdout, after `before`.
    fn run(
        &mut self,
        line: &str,
        stdin: Vec<u8>,
        capture: bool,
        before: &[u8],
    ) -> Result<(i32, Vec<u8>), String>;
}

/// The world of an awk command line: its context and its standard input.
pub struct Session<'a, 'b> {
    pub ctx: &'a mut Ctx<'b>,
    pub stdin: Vec<u8>,
}

fn not_found(name: &str) -> String {
    format!("sh: 1: {name}: not found")
}

impl World for Session<'_, '_> {
    fn read(&self, name: &str) -> Option<Vec<u8>> {
        if name == "-" || name == "/dev/stdin" {
            return Some(self.stdin.clone());
        }
        let path = self.ctx.sh.abs_path(name);
        self.ctx.sh.fs.read(&path).ok().map(<[u8]>::to_vec)
    }

    fn run(
        &mut self,
        line: &str,
        stdin: Vec<u8>,
        capture: bool,
        before: &[u8],
    ) -> Result<(i32, Vec<u8>), String> {
        let Some(argv) = common::simple_words(line) else {
            return Err(format!(
                "cannot run `{}': only a simple command (words and quotes) runs here",
                kterm_shell::sanitize::field(line)
            ));
        };
        if argv.is_empty() {
            return Ok((0, Vec::new()));
        }
        common::emit(self.ctx, before);
        let mut buf = Vec::new();
        let ctx = &mut *self.ctx;
        let result = if capture {
            let mut inner = Ctx {
                name: String::new(),
                args: Vec::new(),
                stdin: Vec::new(),
                stdin_is_tty: false,
                stdout: &mut buf,
                stderr: &mut *ctx.stderr,
                stdout_is_tty: false,
                sh: &mut *ctx.sh,
                registry: ctx.registry,
                host: ctx.host,
                cancel: ctx.cancel.clone(),
            };
            common::run_argv(&mut inner, &argv, stdin, not_found).now_or_never()
        } else {
            common::run_argv(ctx, &argv, stdin, not_found).now_or_never()
        };
        match result {
            Some(Ok(code)) => Ok((code, buf)),
            Some(Err(CmdError::Cancelled)) => Ok((130, buf)),
            Some(Err(e)) => Ok((e.status(), buf)),
            None => Err(format!(
                "cannot run `{}' from awk here: it waits for the network or a timer",
                kterm_shell::sanitize::field(line)
            )),
        }
    }
}
