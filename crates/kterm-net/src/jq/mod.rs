//! `jq`: the jq language from the jaq crates (parser, compiler, standard
//! library), with jq 1.7's command line, output layout, messages and
//! exit codes around it.

mod args;
mod errors;
mod input;
mod natives;
mod time;
mod write;

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{data, Compiler, DataT, Lut, Vars};
use jaq_json::Val;
use jaq_std::input::{HasInputs, Inputs, RcIter};
use kterm_shell::{CmdError, CommandInfo, Ctx};

use args::{Opts, Var};
use input::{Item, ParseError};
use write::Style;

pub const INFO: CommandInfo = CommandInfo {
    name: "jq",
    aliases: &[],
    summary: "command-line JSON processor",
};

pub struct Jq;

#[async_trait::async_trait(?Send)]
impl kterm_shell::Command for Jq {
    fn name(&self) -> &'static str {
        INFO.name
    }
    fn summary(&self) -> &'static str {
        INFO.summary
    }
    fn help(&self) -> String {
        errors::USAGE.to_string()
    }
    async fn run(&self, ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
        run(ctx).await
    }
}

/// jq's formats that jaq's standard library leaves out, in jq.
const PRELUDE: &str = r#"
def @csv: if type != "array" then error("\(type) (\(tojson)) cannot be csv-formatted, only an array can be")
  else map(if type == "string" then "\"" + (split("\"") | join("\"\"")) + "\""
    elif type == "number" or type == "boolean" then tostring
    elif . == null then ""
    else error("\(type) (\(tojson)) is not valid in a csv row") end) | join(",") end;
def @tsv: if type != "array" then error("\(type) (\(tojson)) cannot be tsv-formatted, only an array can be")
  else map(if type == "string" then split("\\") | join("\\\\") | split("\t") | join("\\t")
      | split("\n") | join("\\n") | split("\r") | join("\\r")
    elif type == "number" or type == "boolean" then tostring
    elif . == null then ""
    else error("\(type) (\(tojson)) is not valid in a tsv row") end) | join("\t") end;
def date: todate;
def dateadd(u; n): . + n;
def datesub(u; n): . - n;
"#;

/// Put before the program: `now` and `env` read globals the terminal sets.
const PROGRAM_PRELUDE: &str = "def now: $__kterm_now; def env: $ENV; ";

/// Outputs between two returns to the event loop.
const YIELD_EVERY: usize = 1000;

struct Kind;

impl DataT for Kind {
    type V<'a> = Val;
    type Data<'a> = &'a Data<'a>;
}

struct Data<'a> {
    lut: &'a Lut<Kind>,
    inputs: Inputs<'a, Val>,
}

impl<'a> data::HasLut<'a, Kind> for &'a Data<'a> {
    fn lut(&self) -> &'a Lut<Kind> {
        self.lut
    }
}

impl<'a> HasInputs<'a, Val> for &'a Data<'a> {
    fn inputs(&self) -> Inputs<'a, Val> {
        self.inputs
    }
}

/// One source of input: its name in messages and its text.
struct Source {
    name: String,
    text: Vec<u8>,
}

fn style(o: &Opts) -> Style {
    let indent = if o.compact || o.indent == Some(0) {
        None
    } else if o.tab {
        Some("\t".to_string())
    } else {
        Some(" ".repeat(o.indent.unwrap_or(2)))
    };
    Style {
        indent,
        sort_keys: o.sort_keys,
        ascii: o.ascii,
    }
}

/// Compiles `code` with the given global variables; jq's report on failure.
fn compile(code: &str, vars: &[String]) -> Result<jaq_core::Filter<Kind>, String> {
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs())
        .chain(jaq_core::load::parse(PRELUDE, |p| p.defs()).unwrap_or_default());
    let run = jaq_core::native::run::<Kind>;
    let input = jaq_std::input::funs::<Kind>()
        .into_vec()
        .into_iter()
        .map(run);
    let funs = jaq_core::funs::<Kind>()
        // The clock and the environment come from the terminal (the
        // browser has no process clock or environment to read).
        .chain(jaq_std::base_funs::<Kind>())
        .chain(natives::all().map(run))
        .chain(jaq_json::funs::<Kind>())
        .chain(input);
    let arena = Arena::default();
    let loader = Loader::new(defs);
    let shown = code.strip_prefix(PROGRAM_PRELUDE).unwrap_or(code);
    let at = format!(" at <top-level>, line 1:\n{shown}\n");
    let modules = loader.load(&arena, File { path: (), code }).map_err(|errs| {
        let lines: Vec<String> = errs
            .into_iter()
            .map(|(_, e)| {
                let found = match &e {
                    jaq_core::load::Error::Parse(p) => p.first().map(|(_, s)| *s),
                    jaq_core::load::Error::Lex(l) => l.first().map(|(_, s)| *s),
                    jaq_core::load::Error::Io(_) => None,
                };
                let unexpected = match found.map(str::trim_start) {
                    None | Some("") => "$end".to_string(),
                    Some(s) => {
                        let tok: String = s.chars().take_while(|c| !c.is_whitespace()).take(8).collect();
                        format!("'{tok}'")
                    }
                };
                format!("jq: error: syntax error, unexpected {unexpected} (Unix shell quoting issues?){at}")
            })
            .collect();
        errors::compile(&lines)
    })?;
    Compiler::default()
        .with_funs(funs)
        .with_global_vars(vars.iter().map(String::as_str))
        .compile(modules)
        .map_err(|errs| {
            let lines: Vec<String> = errs
                .into_iter()
                .flat_map(|(_, es)| es)
                .map(|(name, undef)| {
                    let what = match undef {
                        jaq_core::compile::Undefined::Filter(arity) => format!("{name}/{arity}"),
                        _ => name.to_string(),
                    };
                    format!("jq: error: {what} is not defined{at}")
                })
                .collect();
            errors::compile(&lines)
        })
}

async fn run(ctx: &mut Ctx<'_>) -> Result<i32, CmdError> {
    let opts = match args::parse(&ctx.args) {
        Ok(o) => o,
        Err(e) => {
            ctx.stderr.write_str(&errors::usage_error(&e));
            return Ok(2);
        }
    };
    if opts.help {
        ctx.stdout.write_str(errors::USAGE);
        return Ok(0);
    }
    if opts.version {
        ctx.stdout.write_str("jq-1.7.1\n");
        return Ok(0);
    }
    // `curl … | jq` with no filter prints the input, as jq does when its
    // input is not a terminal.
    let code = match opts.filter.clone() {
        Some(f) => f,
        None if !ctx.stdin_is_tty => ".".to_string(),
        None => {
            ctx.stderr.write_str(errors::USAGE);
            return Ok(2);
        }
    };

    // Global variables: --arg/--argjson, $ENV, $__prog_args-free $ARGS.
    let mut names = Vec::new();
    let mut values = Vec::new();
    let mut named = Vec::new();
    for (name, v) in &opts.vars {
        let val = match v {
            Var::Str(s) => Val::from(s.clone()),
            Var::Json(text) => match jaq_json::read::parse_single(text.as_bytes()) {
                Ok(v) => v,
                Err(_) => {
                    ctx.stderr
                        .write_str(&errors::usage_error(&args::ArgError::BadJson {
                            name: name.clone(),
                            text: text.clone(),
                        }));
                    return Ok(2);
                }
            },
        };
        named.push((Val::from(name.clone()), val.clone()));
        names.push(format!("${name}"));
        values.push(val);
    }
    let env: Vec<(Val, Val)> = ctx
        .sh
        .env
        .exported()
        .map(|(k, v)| (Val::from(k.to_string()), Val::from(v.to_string())))
        .collect();
    names.push("$ENV".into());
    values.push(Val::obj(env.into_iter().collect()));
    names.push("$ARGS".into());
    values.push(Val::obj(
        [
            (
                Val::from("positional".to_string()),
                Val::Arr(Default::default()),
            ),
            (
                Val::from("named".to_string()),
                Val::obj(named.into_iter().collect()),
            ),
        ]
        .into_iter()
        .collect(),
    ));
    names.push("$__kterm_now".into());
    values.push(Val::from(ctx.host.now_ms() as f64 / 1000.0));
    let full = format!("{PROGRAM_PRELUDE}{code}");
    let filter = match compile(&full, &names) {
        Ok(f) => f,
        Err(report) => {
            ctx.stderr.write_str(&report);
            return Ok(3);
        }
    };

    // Inputs.
    let mut sources = Vec::new();
    let mut status = 0;
    if opts.files.is_empty() {
        sources.push(Source {
            name: "<stdin>".into(),
            text: ctx.stdin.clone(),
        });
    }
    for f in &opts.files {
        let path = kterm_shell::fs::resolve(&ctx.sh.cwd, f);
        match ctx.sh.fs.read(&path) {
            Ok(t) => sources.push(Source {
                name: f.clone(),
                text: t.to_vec(),
            }),
            Err(e) => {
                ctx.stderr
                    .write_str(&format!("jq: error: Could not open file {f}: {e}\n"));
                status = 2;
            }
        }
    }
    let mut items: Vec<(String, Item)> = Vec::new();
    let mut parse_error: Option<(String, ParseError)> = None;
    for s in &sources {
        let parsed = if opts.raw_input {
            Ok(input::raw_lines(&s.text))
        } else {
            input::parse_all(&s.text)
        };
        match parsed {
            Ok(v) => items.extend(v.into_iter().map(|i| (s.name.clone(), i))),
            Err((v, e)) => {
                items.extend(v.into_iter().map(|i| (s.name.clone(), i)));
                parse_error = Some((s.name.clone(), e));
                break;
            }
        }
    }
    if opts.slurp {
        let (name, line) = items
            .last()
            .map(|(n, i)| (n.clone(), i.line))
            .unwrap_or(("<stdin>".into(), 0));
        let value = if opts.raw_input {
            let all: Vec<u8> = sources.iter().flat_map(|s| s.text.clone()).collect();
            Val::from(String::from_utf8_lossy(&all).into_owned())
        } else {
            items.drain(..).map(|(_, i)| i.value).collect::<Val>()
        };
        items = vec![(name, Item { value, line })];
    }

    let style = style(&opts);
    let mut out = Vec::new();
    let mut last: Option<Val> = None;
    let mut error_status = 0;
    let mut produced = 0usize;
    let current = std::cell::RefCell::new(String::from("<unknown>"));
    {
        let mut queue = items.into_iter();
        let rest: Box<dyn Iterator<Item = Result<Val, String>>> =
            Box::new(std::iter::from_fn(|| {
                let (name, item) = queue.next()?;
                *current.borrow_mut() = format!("{name}:{}", item.line);
                Some(Ok(item.value))
            }));
        let inputs = RcIter::new(rest);
        let data = Data {
            lut: &filter.lut,
            inputs: &inputs,
        };
        let cv = jaq_core::Ctx::<Kind>::new(&data, Vars::new(values));
        let next_input = || -> Option<Val> {
            if opts.null_input {
                None
            } else {
                (&inputs).next().and_then(Result::ok)
            }
        };
        let mut first_null = opts.null_input;
        loop {
            let x = if first_null {
                first_null = false;
                Val::Null
            } else {
                match next_input() {
                    Some(x) => x,
                    None => break,
                }
            };
            for r in filter.id.run((cv.clone(), x)) {
                match r {
                    Ok(v) => {
                        match (&v, opts.raw) {
                            (Val::TStr(s), true) => out.extend_from_slice(s),
                            _ => write::value(&mut out, &v, &style, 0),
                        }
                        if !opts.join {
                            out.push(b'\n');
                        }
                        last = Some(v);
                        // The tab has one thread: hand it back now and then
                        // so that Ctrl-C can reach an endless filter.
                        produced += 1;
                        if produced.is_multiple_of(YIELD_EVERY) {
                            ctx.stdout.write(&std::mem::take(&mut out));
                            ctx.host.sleep_ms(0).await;
                            if ctx.cancel.is_cancelled() {
                                return Err(CmdError::Cancelled);
                            }
                        }
                    }
                    Err(exn) => match exn.get_err() {
                        Ok(e) => {
                            ctx.stdout.write(&std::mem::take(&mut out));
                            let at = current.borrow().clone();
                            ctx.stderr.write_str(&errors::runtime(e, &at));
                            error_status = 5;
                            break;
                        }
                        Err(exn) => {
                            let code = exn.get_halt().unwrap_or(5);
                            ctx.stdout.write(&out);
                            return Ok(code);
                        }
                    },
                }
            }
            if ctx.cancel.is_cancelled() {
                break;
            }
        }
    }
    ctx.stdout.write(&out);
    if let Some((_, e)) = parse_error {
        ctx.stderr
            .write_str(&format!("jq: parse error: {}\n", e.message));
        return Ok(2);
    }
    if error_status != 0 {
        return Ok(error_status);
    }
    if status != 0 {
        return Ok(status);
    }
    if opts.exit_status {
        return Ok(match last {
            None => 4,
            Some(Val::Null | Val::Bool(false)) => 1,
            Some(_) => 0,
        });
    }
    Ok(0)
}
