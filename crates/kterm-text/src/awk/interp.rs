//! Running an awk program: records and fields, variables and arrays,
//! statements, expressions, output redirections and getline.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use regex_lite::Regex;

mod record;
mod run;

use super::array::Array;
use super::ast::*;
use super::parser::*;
use super::value::{num_to_str, Value};
use super::world::World;

#[derive(Debug, Clone)]
pub enum Cell {
    Val(Value),
    Arr(Rc<RefCell<Array>>),
}

/// How a statement ended other than by falling through.
pub enum Flow {
    Normal,
    Next,
    NextFile,
    Exit,
    Return(Value),
    Break,
    Continue,
}

/// A runtime error: `fatal` stops the program (status 2); otherwise it is
/// gawk's "error:" (status 1).
pub struct Fatal {
    pub msg: String,
    pub fatal: bool,
}

pub type R<T> = Result<T, Fatal>;

pub fn fatal<T>(msg: impl Into<String>) -> R<T> {
    Err(Fatal {
        msg: msg.into(),
        fatal: true,
    })
}

/// Redirected output: order first opened, bytes, whether `>>`.
pub type OutFile = (usize, Vec<u8>, bool);

pub struct Interp<'p> {
    pub prog: &'p Program,
    pub globals: Vec<Cell>,
    frames: Vec<Vec<Cell>>,
    fields: Vec<Value>,
    nf: usize,
    pub out: Vec<u8>,
    pub err: Vec<u8>,
    /// Redirected outputs by name, in the order first opened.
    pub files: BTreeMap<String, OutFile>,
    /// `print | "cmd"`: each command's input, run when awk ends.
    pub pipes: Vec<(String, Vec<u8>, bool)>,
    opened: usize,
    readers: HashMap<String, (Vec<String>, usize)>,
    pub world: &'p mut dyn World,
    /// Output of `"cmd" | getline` commands, by command line.
    commands: HashMap<String, (Vec<String>, usize)>,
    next_input: usize,
    current: Option<(Vec<String>, usize)>,
    ranges: Vec<bool>,
    cache: HashMap<String, Rc<Regex>>,
    pub exit_code: i32,
    pub line: usize,
    seed: f64,
    rand_state: u64,
    pub now_s: i64,
    pub in_main: bool,
    /// Loop turns and calls so far: the tab has one thread, so a runaway
    /// loop is stopped here rather than freezing it (Ctrl-C cannot reach it).
    steps: u64,
}

/// Loop iterations and function calls a program may make.
pub const MAX_STEPS: u64 = 50_000_000;

/// Nested function calls: each takes about 1 KiB of native stack (measured
/// natively in release), and the browser gives wasm 1 MiB.
pub const MAX_DEPTH: usize = 300;

/// The longest string a program may build.
pub const MAX_STRING: usize = 64 << 20;

fn rstr(s: &str) -> Value {
    Value::Str(s.into())
}

impl<'p> Interp<'p> {
    pub fn new(prog: &'p Program, world: &'p mut dyn World) -> Self {
        let mut globals = vec![Cell::Val(Value::Uninit); prog.globals.len()];
        let set = |g: &mut Vec<Cell>, i: usize, v: Value| g[i] = Cell::Val(v);
        set(&mut globals, NR, Value::Num(0.0));
        set(&mut globals, FNR, Value::Num(0.0));
        set(&mut globals, FS, rstr(" "));
        set(&mut globals, OFS, rstr(" "));
        set(&mut globals, ORS, rstr("\n"));
        set(&mut globals, RS, rstr("\n"));
        set(&mut globals, SUBSEP, rstr("\x1c"));
        set(&mut globals, RSTART, Value::Num(0.0));
        set(&mut globals, RLENGTH, Value::Num(-1.0));
        set(&mut globals, CONVFMT, rstr("%.6g"));
        set(&mut globals, OFMT, rstr("%.6g"));
        set(&mut globals, FILENAME, Value::Uninit);
        globals[ENVIRON] = Cell::Arr(Rc::default());
        globals[ARGV] = Cell::Arr(Rc::default());
        Interp {
            prog,
            globals,
            frames: Vec::new(),
            fields: vec![Value::Str("".into())],
            nf: 0,
            out: Vec::new(),
            err: Vec::new(),
            files: BTreeMap::new(),
            pipes: Vec::new(),
            opened: 0,
            readers: HashMap::new(),
            world,
            commands: HashMap::new(),
            next_input: 0,
            current: None,
            ranges: vec![false; prog.rules.len()],
            cache: HashMap::new(),
            exit_code: 0,
            line: 1,
            seed: 0.0,
            rand_state: 0x853c_49e6_748f_ea9b,
            now_s: 0,
            in_main: false,
            steps: 0,
        }
    }

    fn gval(&self, i: usize) -> Value {
        match &self.globals[i] {
            Cell::Val(v) => v.clone(),
            Cell::Arr(_) => Value::Uninit,
        }
    }

    fn gstr(&self, i: usize) -> Rc<str> {
        let convfmt = self.convfmt();
        self.gval(i).str_with(&convfmt)
    }

    fn convfmt(&self) -> Rc<str> {
        match &self.globals[CONVFMT] {
            Cell::Val(Value::Str(s) | Value::StrNum(s, _)) => s.clone(),
            _ => "%.6g".into(),
        }
    }

    pub fn to_str(&self, v: &Value) -> Rc<str> {
        v.str_with(&self.convfmt())
    }

    fn out_str(&self, v: &Value) -> Rc<str> {
        match v {
            Value::Num(n) => {
                let ofmt = self.gstr(OFMT);
                num_to_str(*n, &ofmt).into()
            }
            other => self.to_str(other),
        }
    }

    fn name_of(&self, v: Var) -> String {
        match v {
            Var::Global(i) => self.prog.globals[i].clone(),
            Var::Local(i) => format!("parameter #{}", i + 1),
            Var::Nf => "NF".into(),
        }
    }

    fn cell(&mut self, v: Var) -> &mut Cell {
        match v {
            Var::Global(i) => &mut self.globals[i],
            Var::Local(i) => {
                let len = self.frames.len();
                &mut self.frames[len - 1][i]
            }
            // Callers handle NF first; a stand-in keeps this total.
            Var::Nf => &mut self.globals[NR],
        }
    }

    pub fn get(&mut self, v: Var) -> R<Value> {
        if v == Var::Nf {
            return Ok(Value::Num(self.nf as f64));
        }
        match self.cell(v) {
            Cell::Val(x) => Ok(x.clone()),
            Cell::Arr(_) => {
                let n = self.name_of(v);
                fatal(format!("attempt to use array `{n}' in a scalar context"))
            }
        }
    }

    pub fn set(&mut self, v: Var, val: Value) -> R<()> {
        if v == Var::Nf {
            let n = val.num().max(0.0) as usize;
            self.set_nf(n);
            return Ok(());
        }
        let name = self.name_of(v);
        match self.cell(v) {
            Cell::Arr(_) => fatal(format!("attempt to use array `{name}' in a scalar context")),
            c => {
                *c = Cell::Val(val);
                Ok(())
            }
        }
    }

    pub fn array(&mut self, v: Var) -> R<Rc<RefCell<Array>>> {
        let name = self.name_of(v);
        if v == Var::Nf {
            return fatal("attempt to use scalar `NF' as an array");
        }
        let c = self.cell(v);
        match c {
            Cell::Arr(a) => Ok(a.clone()),
            Cell::Val(Value::Uninit) => {
                let a: Rc<RefCell<Array>> = Rc::default();
                *c = Cell::Arr(a.clone());
                Ok(a)
            }
            Cell::Val(_) => fatal(format!("attempt to use scalar `{name}' as an array")),
        }
    }

    fn eval_cond(&mut self, e: &Expr) -> R<bool> {
        Ok(self.eval(e)?.truthy())
    }

    pub fn subscript(&mut self, subs: &[Expr]) -> R<Rc<str>> {
        if subs.len() == 1 {
            let v = self.eval(&subs[0])?;
            return Ok(self.to_str(&v));
        }
        let sep = self.gstr(SUBSEP);
        let mut parts = Vec::new();
        for s in subs {
            let v = self.eval(s)?;
            parts.push(self.to_str(&v));
        }
        Ok(parts.join(&sep).into())
    }

    pub fn assign_pub(&mut self, target: &Expr, v: Value) -> R<()> {
        self.assign(target, v)
    }

    pub fn cell_pub(&mut self, v: Var) -> Cell {
        self.cell(v).clone()
    }

    fn assign(&mut self, target: &Expr, v: Value) -> R<()> {
        match target {
            Expr::Var(var) => self.set(*var, v),
            Expr::Index(var, subs) => {
                let k = self.subscript(subs)?;
                let arr = self.array(*var)?;
                arr.borrow_mut().set(k, v);
                Ok(())
            }
            Expr::Field(e) => {
                let i = self.eval(e)?.num();
                if i < 0.0 {
                    return fatal(format!("attempt to access field {}", i as i64));
                }
                self.set_field(i as usize, v);
                Ok(())
            }
            Expr::Group(e) => self.assign(e, v),
            _ => fatal("assignment to something that is not a variable"),
        }
    }

    pub fn compare(&self, a: &Value, b: &Value) -> Ordering {
        if a.is_numeric() && b.is_numeric() {
            a.num().partial_cmp(&b.num()).unwrap_or(Ordering::Equal)
        } else {
            self.to_str(a).as_bytes().cmp(self.to_str(b).as_bytes())
        }
    }

    pub fn eval(&mut self, e: &Expr) -> R<Value> {
        Ok(match e {
            Expr::Num(n) => Value::Num(*n),
            Expr::Str(s) => Value::Str(s.clone()),
            Expr::Regex(r) => {
                let rec = self.field(0);
                let s = self.to_str(&rec);
                Value::Num(f64::from(u8::from(r.is_match(&s))))
            }
            Expr::Var(v) => self.get(*v)?,
            Expr::Group(e) => self.eval(e)?,
            Expr::Index(v, subs) => {
                let k = self.subscript(subs)?;
                let arr = self.array(*v)?;
                let got = arr.borrow().get(&k).cloned();
                match got {
                    Some(x) => x,
                    None => {
                        arr.borrow_mut().set(k, Value::Uninit);
                        Value::Uninit
                    }
                }
            }
            Expr::Field(i) => {
                let n = self.eval(i)?.num();
                if n < 0.0 {
                    return fatal(format!("attempt to access field {}", n as i64));
                }
                self.field(n as usize)
            }
            Expr::Assign(op, target, rhs) => {
                let r = self.eval(rhs)?;
                let v = match op {
                    None => r,
                    Some(op) => {
                        let l = self.eval(target)?;
                        Value::Num(self.arith(op, l.num(), r.num())?)
                    }
                };
                self.assign(target, v.clone())?;
                v
            }
            Expr::Cond(c, a, b) => {
                if self.eval_cond(c)? {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            Expr::And(a, b) => Value::Num(f64::from(u8::from(
                self.eval_cond(a)? && self.eval_cond(b)?,
            ))),
            Expr::Or(a, b) => Value::Num(f64::from(u8::from(
                self.eval_cond(a)? || self.eval_cond(b)?,
            ))),
            Expr::In(subs, arr) => {
                let k = self.subscript(subs)?;
                let a = self.array(*arr)?;
                let has = a.borrow().contains(&k);
                Value::Num(f64::from(u8::from(has)))
            }
            Expr::Match(neg, l, r) => {
                let lv = self.eval(l)?;
                let s = self.to_str(&lv);
                let re = self.regex_of(r)?;
                Value::Num(f64::from(u8::from(re.is_match(&s) != *neg)))
            }
            Expr::Binary(op, a, b) => {
                let x = self.eval(a)?.num();
                let y = self.eval(b)?.num();
                Value::Num(self.arith(op, x, y)?)
            }
            Expr::Cmp(op, a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                let o = self.compare(&x, &y);
                let t = match *op {
                    "<" => o.is_lt(),
                    "<=" => o.is_le(),
                    "==" => o.is_eq(),
                    "!=" => o.is_ne(),
                    ">=" => o.is_ge(),
                    _ => o.is_gt(),
                };
                Value::Num(f64::from(u8::from(t)))
            }
            Expr::Concat(a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                let (a, b) = (self.to_str(&x), self.to_str(&y));
                if a.len() + b.len() > MAX_STRING {
                    return fatal("string too long (kterm's limit is 64 MiB)");
                }
                Value::Str(format!("{a}{b}").into())
            }
            Expr::Neg(a) => Value::Num(-self.eval(a)?.num()),
            Expr::Plus(a) => Value::Num(self.eval(a)?.num()),
            Expr::Not(a) => Value::Num(f64::from(u8::from(!self.eval(a)?.truthy()))),
            Expr::Incr(pre, d, target) => {
                let old = self.eval(target)?.num();
                let new = old + f64::from(*d);
                self.assign(target, Value::Num(new))?;
                Value::Num(if *pre { new } else { old })
            }
            Expr::Call(f, args) => self.call(*f, args)?,
            Expr::Builtin(name, args) => self.builtin(name, args)?,
            Expr::Getline(var, src) => self.getline(var.as_deref(), src)?,
        })
    }

    fn arith(&self, op: &str, x: f64, y: f64) -> R<f64> {
        Ok(match op {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "/" => {
                if y == 0.0 {
                    return Err(Fatal {
                        msg: "division by zero attempted".into(),
                        fatal: false,
                    });
                }
                x / y
            }
            "%" => {
                if y == 0.0 {
                    return Err(Fatal {
                        msg: "division by zero attempted in `%'".into(),
                        fatal: false,
                    });
                }
                x % y
            }
            _ => x.powf(y),
        })
    }

    fn call(&mut self, f: usize, args: &[Expr]) -> R<Value> {
        let func = &self.prog.funcs[f];
        if args.len() > func.params {
            return fatal(format!(
                "function `{}' called with more arguments than declared",
                func.name
            ));
        }
        self.step()?;
        if self.frames.len() >= MAX_DEPTH {
            return fatal("function call nesting too deep");
        }
        let mut frame = Vec::with_capacity(func.params);
        for (i, a) in args.iter().enumerate() {
            let wants_array = func.array_params.get(i).copied().unwrap_or(false);
            let cell = match a {
                Expr::Var(v) if *v != Var::Nf => {
                    let existing = self.cell(*v).clone();
                    match existing {
                        Cell::Arr(arr) => Cell::Arr(arr),
                        Cell::Val(Value::Uninit) if wants_array => Cell::Arr(self.array(*v)?),
                        Cell::Val(x) => Cell::Val(x),
                    }
                }
                other => Cell::Val(self.eval(other)?),
            };
            frame.push(cell);
        }
        while frame.len() < func.params {
            frame.push(Cell::Val(Value::Uninit));
        }
        self.frames.push(frame);
        let saved_line = self.line;
        let r = self.block(&func.body);
        self.frames.pop();
        self.line = saved_line;
        match r? {
            Flow::Return(v) => Ok(v),
            Flow::Exit => Err(Fatal {
                msg: "\0exit".into(),
                fatal: true,
            }),
            Flow::Next => Err(Fatal {
                msg: "\0next".into(),
                fatal: true,
            }),
            _ => Ok(Value::Uninit),
        }
    }

    pub fn warn(&mut self, msg: &str) {
        let line = format!("awk: cmd. line:{}: warning: {msg}\n", self.line);
        self.err.extend_from_slice(line.as_bytes());
    }

    pub fn rand(&mut self) -> f64 {
        // xorshift64*, seeded by srand: a fine generator, not gawk's sequence.
        self.rand_state ^= self.rand_state >> 12;
        self.rand_state ^= self.rand_state << 25;
        self.rand_state ^= self.rand_state >> 27;
        let x = self.rand_state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn srand(&mut self, seed: Option<f64>) -> f64 {
        let old = self.seed;
        self.seed = seed.unwrap_or(self.now_s as f64);
        self.rand_state = (self.seed.to_bits() ^ 0x853c_49e6_748f_ea9b) | 1;
        old
    }

    pub fn fields_value(&mut self, i: usize) -> Value {
        self.field(i)
    }
}

/// `name=value` operands (and -v) assign a variable.
pub fn assignment(s: &str) -> Option<(&str, &str)> {
    let (name, val) = s.split_once('=')?;
    let ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some((name, val))
}

/// Splits `text` at every match of `re` (empty matches never split).
pub fn split_regex(text: &str, re: &Regex) -> Vec<String> {
    let mut out = Vec::new();
    let mut last = 0;
    for m in re.find_iter(text) {
        if m.start() == m.end() {
            continue;
        }
        out.push(text[last..m.start()].to_string());
        last = m.end();
    }
    out.push(text[last..].to_string());
    out
}
