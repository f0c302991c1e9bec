#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Command families: named up front, their code loaded on first use, once;
//! a family that fails to load is reported and tried again next time, and
//! the session goes on.

use std::cell::Cell;
use std::rc::Rc;

use async_trait::async_trait;
use futures::executor::block_on;
use futures::FutureExt;
use kterm_shell::command::Loaded;
use kterm_shell::testing::TestHost;
use kterm_shell::{builtins, Cancel, CmdError, Command, CommandInfo, Ctx, Family, Registry, Shell};

thread_local! {
    static LOADS: Cell<u32> = const { Cell::new(0) };
    static FAIL: Cell<bool> = const { Cell::new(false) };
}

struct Greet;

#[async_trait(?Send)]
impl Command for Greet {
    fn name(&self) -> &'static str {
        "greet"
    }
    fn summary(&self) -> &'static str {
        "says hello"
    }
    fn help(&self) -> String {
        "Usage: greet NAME (loaded)\n".into()
    }
    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        let line = format!("hello {}", ctx.args.join(" "));
        ctx.stdout.line(&line);
        Ok(0)
    }
    async fn complete(&self, _ctx: &mut Ctx<'_>, _words: &[String]) -> Vec<String> {
        vec!["world".into()]
    }
}

fn load() -> futures::future::LocalBoxFuture<'static, Loaded> {
    async {
        LOADS.with(|n| n.set(n.get() + 1));
        if FAIL.with(Cell::get) {
            return Err("network error".to_string());
        }
        Ok(vec![Rc::new(Greet) as Rc<dyn Command>])
    }
    .boxed_local()
}

const INFO: &[CommandInfo] = &[CommandInfo {
    name: "greet",
    aliases: &["hi"],
    summary: "says hello",
}];

fn shell() -> Shell {
    LOADS.with(|n| n.set(0));
    FAIL.with(|f| f.set(false));
    let mut reg = Registry::new();
    builtins::register(&mut reg);
    reg.register_family(Family {
        name: "greetings",
        commands: INFO,
        load,
    });
    Shell::new(reg)
}

fn run(sh: &mut Shell, line: &str) -> (String, String, i32) {
    let host = TestHost::default();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = block_on(sh.run_line(line, &host, &mut out, &mut err, Cancel::new()));
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
        status,
    )
}

fn loads() -> u32 {
    LOADS.with(Cell::get)
}

#[test]
fn a_family_loads_once_on_first_use() {
    let mut sh = shell();
    // Listing and looking up names needs no code.
    let (out, _, _) = run(&mut sh, "help; type greet hi");
    assert!(out.contains("  greet "), "{out}");
    assert!(out.contains("says hello"), "{out}");
    assert_eq!(loads(), 0);
    assert_eq!(sh.registry.pending_families(), ["greetings"]);

    assert_eq!(
        run(&mut sh, "greet you"),
        ("hello you\n".into(), String::new(), 0)
    );
    assert_eq!(
        run(&mut sh, "hi again"),
        ("hello again\n".into(), String::new(), 0)
    );
    assert_eq!(loads(), 1);
    assert!(sh.registry.pending_families().is_empty());
    assert!(sh.registry.is_loaded("hi"));
    // `help NAME` shows the loaded command's own help.
    assert_eq!(run(&mut sh, "help greet").0, "Usage: greet NAME (loaded)\n");
}

#[test]
fn prefetch_loads_every_family() {
    let sh = shell();
    block_on(sh.registry.prefetch());
    assert_eq!(loads(), 1);
    assert!(sh.registry.pending_families().is_empty());
}

#[test]
fn a_failed_load_is_reported_and_tried_again() {
    let mut sh = shell();
    FAIL.with(|f| f.set(true));
    let want_err = "kterm: greet: could not load the command (network error); try again\n";
    assert_eq!(
        run(&mut sh, "greet you; echo after $?"),
        ("after 1\n".into(), want_err.into(), 0)
    );
    assert!(!sh.registry.is_loaded("greet"));
    FAIL.with(|f| f.set(false));
    assert_eq!(
        run(&mut sh, "greet you"),
        ("hello you\n".into(), String::new(), 0)
    );
    assert_eq!(loads(), 2);
}

#[test]
fn completion_loads_the_family() {
    let mut sh = shell();
    let host = TestHost::default();
    let got = block_on(kterm_shell::editor::complete::complete(
        &mut sh, &host, "greet w", 7,
    ));
    assert_eq!(got.candidates, ["world"]);
    assert_eq!(loads(), 1);
}
