//! `awk`: the awk language as GNU awk runs it (its messages, its number
//! formatting, its extensions one-liners use: `gensub`, `match`'s array,
//! `length(array)`, regex `RS`, `nextfile`).

mod array;
mod ast;
mod builtins;
mod interp;
mod lexer;
mod parser;
mod value;
mod world;

use kterm_shell::{CmdError, CommandInfo, Ctx};

use crate::common;
use ast::{Pattern, Var};
use interp::{Cell, Flow, Interp};
use value::Value;

pub const INFO: CommandInfo = CommandInfo {
    name: "awk",
    aliases: &["gawk"],
    summary: "pattern scanning and text processing language",
};

crate::tool!(Awk, "Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] 'program' file ...\nPOSIX options:\t\tGNU long options: (standard)\n\t-f progfile\t\t--file=progfile\n\t-F fs\t\t\t--field-separator=fs\n\t-v var=val\t\t--assign=var=val\n\nkterm's awk runs GNU awk's language on session files; system(),\n\"cmd\" | getline and print | \"cmd\" run simple command lines of the\nsession's commands.\n");

/// Escape sequences in -v values and command-line assignments.
pub fn process_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('/') => out.push('/'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// gawk's first usage lines (its option list names options kterm lacks); status 1.
fn usage(ctx: &mut Ctx<'_>) -> i32 {
    ctx.stderr.write_str("Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] 'program' file ...\n");
    1
}

fn syntax_report(src: &str, e: &parser::SyntaxError) -> String {
    if e.plain {
        return format!("awk: cmd. line:{}: {}\n", e.line, e.msg);
    }
    let line = src
        .lines()
        .nth(e.shown.saturating_sub(1))
        .unwrap_or_default();
    format!(
        "awk: cmd. line:{}: {line}\nawk: cmd. line:{}: {}^ {}\n",
        e.line,
        e.line,
        " ".repeat(e.col),
        e.msg
    )
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let args = ctx.args.clone();
    let mut i = 0;
    let mut fs: Option<String> = None;
    let mut assigns: Vec<String> = Vec::new();
    let mut progfiles: Vec<String> = Vec::new();
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        let (flag, attached) = if let Some(long) = a.strip_prefix("--") {
            match long.split_once('=') {
                Some(("field-separator", v)) => ('F', Some(v.to_string())),
                Some(("assign", v)) => ('v', Some(v.to_string())),
                Some(("file", v)) => ('f', Some(v.to_string())),
                None if long == "field-separator" => ('F', None),
                None if long == "assign" => ('v', None),
                None if long == "file" => ('f', None),
                _ => {
                    common::error(ctx, &format!("unrecognized option '{a}'"));
                    return Ok(usage(ctx));
                }
            }
        } else {
            let mut ch = a[1..].chars();
            let f = ch.next().unwrap_or('-');
            let rest: String = ch.collect();
            (f, (!rest.is_empty()).then_some(rest))
        };
        i += 1;
        if !matches!(flag, 'F' | 'v' | 'f') {
            common::error(ctx, &format!("invalid option -- '{flag}'"));
            return Ok(usage(ctx));
        }
        let value = match attached {
            Some(v) => v,
            None => match args.get(i) {
                Some(v) => {
                    i += 1;
                    v.clone()
                }
                None => {
                    common::error(ctx, &format!("option requires an argument -- {flag}"));
                    return Ok(usage(ctx));
                }
            },
        };
        match flag {
            'F' => {
                fs = Some(if value == "t" {
                    "\t".into()
                } else {
                    process_escapes(&value)
                })
            }
            'v' => assigns.push(value),
            _ => progfiles.push(value),
        }
    }
    let mut src = String::new();
    if progfiles.is_empty() {
        match args.get(i) {
            Some(p) => {
                src = p.clone();
                i += 1;
            }
            None => return Ok(usage(ctx)),
        }
    } else {
        for f in &progfiles {
            match common::read(ctx, f) {
                Ok(d) => {
                    src.push_str(&String::from_utf8_lossy(&d));
                    src.push('\n');
                }
                Err(e) => {
                    common::error(
                        ctx,
                        &format!("fatal: cannot open source file `{f}' for reading: {e}"),
                    );
                    return Ok(2);
                }
            }
        }
    }
    let operands: Vec<String> = args[i..].to_vec();
    let toks = match lexer::Lexer::new(&src).tokens() {
        Ok(t) => t,
        Err(e) => {
            let line_start = src[..e.at.min(src.len())].rfind('\n').map_or(0, |p| p + 1);
            let err = parser::SyntaxError {
                msg: e.msg,
                line: e.line,
                shown: e.line,
                col: e.at.saturating_sub(line_start),
                plain: false,
            };
            ctx.stderr
                .write_str(&kterm_shell::sanitize::text(&syntax_report(&src, &err)));
            return Ok(1);
        }
    };
    let mut p = parser::Parser::new(toks, &src);
    if let Err(e) = p.program() {
        ctx.stderr
            .write_str(&kterm_shell::sanitize::text(&syntax_report(&src, &e)));
        return Ok(if e.plain { 2 } else { 1 });
    }
    let mut globals_for_v = Vec::new();
    for a in &assigns {
        match interp::assignment(a) {
            Some((name, val)) => globals_for_v.push((p.global(name), process_escapes(val))),
            None => {
                common::error(ctx, &format!("fatal: `{a}' is not a legal variable name"));
                return Ok(2);
            }
        }
    }
    for o in &operands {
        if let Some((name, _)) = interp::assignment(o) {
            p.global(name);
        }
    }
    let prog = std::mem::take(&mut p.prog);
    let now_s = ctx.host.now_ms() / 1000;
    let environ: Vec<(String, String)> = ctx
        .sh
        .env
        .exported()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let stdin = ctx.stdin.clone();
    let mut session = world::Session {
        ctx: &mut *ctx,
        stdin,
    };
    let mut it = Interp::new(&prog, &mut session);
    it.now_s = now_s;
    if let Some(fs) = fs {
        it.globals[parser::FS] = Cell::Val(Value::Str(fs.into()));
    }
    for (g, v) in globals_for_v {
        it.globals[g] = Cell::Val(Value::input(&v));
    }
    {
        let env = it.array(Var::Global(parser::ENVIRON)).ok();
        if let Some(env) = env {
            for (k, v) in &environ {
                env.borrow_mut().set(k.as_str().into(), Value::input(v));
            }
        }
        if let Ok(argv) = it.array(Var::Global(parser::ARGV)) {
            let mut a = argv.borrow_mut();
            a.set("0".into(), Value::Str("awk".into()));
            for (k, o) in operands.iter().enumerate() {
                a.set((k + 1).to_string().into(), Value::input(o));
            }
        }
        it.globals[parser::ARGC] = Cell::Val(Value::Num((operands.len() + 1) as f64));
    }
    let outcome = execute(&mut it, &prog);
    let status = match outcome {
        Ok(()) => it.exit_code,
        Err(f) => {
            let context = if it.in_main {
                let name = it.globals[parser::FILENAME].clone();
                let fnr = it.globals[parser::FNR].clone();
                let (Cell::Val(n), Cell::Val(r)) = (name, fnr) else {
                    unreachable!("FILENAME and FNR are scalars")
                };
                format!("(FILENAME={} FNR={}) ", it.to_str(&n), it.to_str(&r))
            } else {
                String::new()
            };
            let kind = if f.fatal { "fatal" } else { "error" };
            let msg = if f.msg.starts_with("cannot open file") {
                format!("awk: {kind}: {}\n", f.msg)
            } else {
                format!(
                    "awk: cmd. line:{}: {}{kind}: {}\n",
                    it.line,
                    if f.fatal { context } else { String::new() },
                    f.msg
                )
            };
            it.err.extend_from_slice(msg.as_bytes());
            if f.fatal {
                2
            } else {
                1
            }
        }
    };
    let out = std::mem::take(&mut it.out);
    let err = std::mem::take(&mut it.err);
    let pipes = std::mem::take(&mut it.pipes);
    let mut files: Vec<(String, interp::OutFile)> =
        std::mem::take(&mut it.files).into_iter().collect();
    drop(it);
    kterm_shell::sort::sort_by_key(&mut files, |(_, (order, _, _))| *order);
    common::emit(ctx, &out);
    ctx.stderr.write_str(&kterm_shell::sanitize::bytes(&err));
    // Commands fed by `print | "cmd"` run once awk is done, in the order
    // they were opened (gawk runs them alongside; their output comes last).
    for (line, data, _) in pipes {
        match common::simple_words(&line) {
            Some(argv) if !argv.is_empty() => {
                common::run_argv(ctx, &argv, data, |name| format!("sh: 1: {name}: not found"))
                    .await?;
            }
            _ => {
                let msg = format!(
                    "awk: cannot run `{}': only a simple command (words and quotes) runs here",
                    kterm_shell::sanitize::field(&line)
                );
                common::err_line(ctx, &msg);
            }
        }
    }
    let now = common::now(ctx);
    for (name, (_, data, append)) in files {
        let path = ctx.sh.abs_path(&name);
        let r = if append {
            ctx.sh.fs.append(&path, &data, now)
        } else {
            ctx.sh.fs.write(&path, data, now)
        };
        if let Err(e) = r {
            common::err_line(
                ctx,
                &format!("awk: cmd. line:1: fatal: cannot redirect to `{name}': {e}"),
            );
            return Ok(2);
        }
    }
    Ok(status)
}

/// BEGIN, the records, END; `exit` in BEGIN or the records still runs END.
fn execute(it: &mut Interp<'_>, prog: &ast::Program) -> Result<(), interp::Fatal> {
    let mut exited = false;
    for r in &prog.rules {
        if let (Pattern::Begin, Some(a)) = (&r.pattern, &r.action) {
            if let Some(Flow::Exit) = guard(it.block(a))? {
                exited = true;
                break;
            }
        }
    }
    let needs_input = prog
        .rules
        .iter()
        .any(|r| !matches!(r.pattern, Pattern::Begin));
    if !exited && needs_input {
        match it.main_loop() {
            Ok(true) => {}
            Ok(false) => {}
            Err(f) if f.msg == "\0exit" => {}
            Err(f) => return Err(f),
        }
    }
    it.in_main = false;
    for r in &prog.rules {
        if let (Pattern::End, Some(a)) = (&r.pattern, &r.action) {
            if let Some(Flow::Exit) = guard(it.block(a))? {
                break;
            }
        }
    }
    Ok(())
}

/// `exit` inside a function surfaces as an error marker: make it a flow again.
fn guard(r: Result<Flow, interp::Fatal>) -> Result<Option<Flow>, interp::Fatal> {
    match r {
        Ok(f) => Ok(Some(f)),
        Err(f) if f.msg == "\0exit" => Ok(Some(Flow::Exit)),
        Err(f) if f.msg == "\0next" => Ok(None),
        Err(f) => Err(f),
    }
}
