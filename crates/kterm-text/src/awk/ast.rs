//! awk's syntax tree. Names are resolved while parsing: globals to slots,
//! function parameters to frame slots.

use std::rc::Rc;

use regex_lite::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    Global(usize),
    Local(usize),
    /// `NF`, whose reads and writes touch the record.
    Nf,
}

#[derive(Debug, Clone)]
pub enum Expr {
    Num(f64),
    Str(Rc<str>),
    /// A regex literal standing alone: `$0 ~ /re/`.
    Regex(Rc<Regex>),
    Var(Var),
    Index(Var, Vec<Expr>),
    Field(Box<Expr>),
    Assign(Option<&'static str>, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    In(Vec<Expr>, Var),
    Match(bool, Box<Expr>, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Cmp(&'static str, Box<Expr>, Box<Expr>),
    Concat(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Plus(Box<Expr>),
    Not(Box<Expr>),
    Incr(bool, i8, Box<Expr>),
    Call(usize, Vec<Expr>),
    Builtin(&'static str, Vec<Expr>),
    /// `getline [var] [< file]` (`cmd | getline` is `source` = Pipe).
    Getline(Option<Box<Expr>>, GetSrc),
    Group(Box<Expr>),
}

#[derive(Debug, Clone)]
pub enum GetSrc {
    Main,
    File(Box<Expr>),
    /// Parsed so that the refusal names the construct; never run.
    #[allow(dead_code)]
    Pipe(Box<Expr>),
}

#[derive(Debug, Clone)]
pub enum Redirect {
    File(Expr),
    Append(Expr),
    /// Parsed so that the refusal names the construct; never run.
    #[allow(dead_code)]
    Pipe(Expr),
}

#[derive(Debug, Clone)]
pub enum Stmt {
    Expr(Expr),
    Print(Vec<Expr>, Option<Redirect>),
    Printf(Vec<Expr>, Option<Redirect>),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    Do(Box<Stmt>, Expr),
    For(
        Option<Box<Stmt>>,
        Option<Expr>,
        Option<Box<Stmt>>,
        Box<Stmt>,
    ),
    ForIn(Var, Var, Box<Stmt>),
    Block(Vec<Stmt>),
    Next,
    NextFile,
    Exit(Option<Expr>),
    Return(Option<Expr>),
    Break,
    Continue,
    Delete(Var, Option<Vec<Expr>>),
    /// Where a statement starts, for runtime messages (`cmd. line:N`).
    Line(usize),
}

#[derive(Debug, Clone)]
pub enum Pattern {
    Begin,
    End,
    All,
    Expr(Expr),
    Range(Expr, Expr),
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub pattern: Pattern,
    /// `None`: print the record.
    pub action: Option<Vec<Stmt>>,
}

#[derive(Debug, Clone)]
pub struct Func {
    pub name: String,
    pub params: usize,
    pub array_params: Vec<bool>,
    pub body: Vec<Stmt>,
    pub defined: bool,
}

#[derive(Debug, Default)]
pub struct Program {
    pub rules: Vec<Rule>,
    pub funcs: Vec<Func>,
    pub globals: Vec<String>,
}
