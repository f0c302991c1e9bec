//! The shell's syntax tree.

use std::cell::RefCell;
use std::rc::Rc;

/// A piece of a word. `quoted` parts are never field-split or globbed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Lit {
        text: String,
        quoted: bool,
    },
    /// `~` at the start of an unquoted word (or after `=`/`:` in an assignment).
    Tilde,
    /// `$NAME`, `${NAME…}`, `$?`, `${a[i]}`.
    Param {
        p: Box<Param>,
        quoted: bool,
    },
    /// `$(...)` or backticks: source run at expansion time.
    Subst {
        source: String,
        quoted: bool,
    },
    /// `$(( … ))`.
    Arith {
        expr: String,
        quoted: bool,
    },
    /// The `( … )` of an array assignment `a=( … )`.
    Array(Vec<Word>),
}

/// A parameter reference: its name, subscript and operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    /// The text between `[` and `]`, if any.
    pub index: Option<String>,
    pub op: ParamOp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamOp {
    Plain,
    /// `${#x}`
    Len,
    /// `${!x}`
    Indirect,
    /// `${!a[@]}`, `${!a[*]}`
    Keys,
    /// `${!prefix*}`, `${!prefix@}`
    Names(char),
    /// `${x:-w}` `${x=w}` …: `kind` is one of `- = + ?`.
    Default {
        colon: bool,
        kind: char,
        word: String,
    },
    /// `${x#p}` `${x##p}` `${x%p}` `${x%%p}`
    Trim {
        suffix: bool,
        longest: bool,
        pat: String,
    },
    /// `${x/p/r}`; `mode` is `/` (first), `A` (all), `#` (prefix), `%` (suffix).
    Replace {
        mode: char,
        pat: String,
        rep: Option<String>,
    },
    /// `${x:off:len}`
    Substr {
        off: String,
        len: Option<String>,
    },
    /// `${x^p}` `${x^^p}` `${x,p}` `${x,,p}` `${x~}` `${x~~}`: `mode` is
    /// `^` (upper), `,` (lower) or `~` (toggle).
    Case {
        mode: char,
        all: bool,
        pat: String,
    },
    /// `${x@Q}` and the other transformations.
    Transform(char),
    /// Text bash rejects with `bad substitution`.
    Bad(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word(pub Vec<Part>);

impl Word {
    /// The word's text if it has no expansions (e.g. a here-document delimiter).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.0 {
            match p {
                Part::Lit { text, .. } => s.push_str(text),
                _ => return None,
            }
        }
        Some(s)
    }

    pub fn is_quoted(&self) -> bool {
        self.0
            .iter()
            .any(|p| matches!(p, Part::Lit { quoted: true, .. }))
    }

    /// The word if it is one unquoted literal (reserved words, alias names).
    pub fn bare(&self) -> Option<&str> {
        match self.0.as_slice() {
            [Part::Lit {
                text,
                quoted: false,
            }] => Some(text),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirKind {
    /// `<`
    In,
    /// `>`
    Out,
    /// `>|`: writes even with `set -C`.
    Clobber,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `>&N` / `<&N` (the word is the fd, or `-` to close)
    Dup,
    /// `&>`: stdout and stderr to a file.
    OutErr,
    /// `&>>`
    AppendErr,
    /// `<<<`
    HereString,
    /// Here-document body; expanded unless the delimiter was quoted.
    HereDoc {
        body: Rc<RefCell<String>>,
        expand: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub fd: u32,
    pub kind: RedirKind,
    pub target: Word,
    /// As written (`> /dev/null`, `2>&1`), for `declare -f`.
    pub raw: String,
}

/// `name=value`, `name+=value`, `name[i]=value`, `name=( … )`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assign {
    pub name: String,
    pub index: Option<String>,
    pub append: bool,
    pub value: Word,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Simple {
    pub assigns: Vec<Assign>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    pub line: u32,
    /// The assignments and words as written, for `declare -f`.
    pub raw: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseTerm {
    /// `;;`
    Break,
    /// `;&`
    FallThrough,
    /// `;;&`
    Continue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseArm {
    pub pats: Vec<Word>,
    pub body: Program,
    pub term: CaseTerm,
    /// The patterns as written.
    pub raw: Vec<String>,
}

/// The `[[ … ]]` expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    Word(Word),
    Unary(String, Word),
    Binary(Word, String, Word),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compound {
    Group(Program),
    Subshell(Program),
    If {
        arms: Vec<(Program, Program)>,
        otherwise: Option<Program>,
    },
    For {
        var: String,
        words: Option<Vec<Word>>,
        body: Program,
        /// The words as written.
        raw: Vec<String>,
    },
    ArithFor {
        init: String,
        cond: String,
        step: String,
        body: Program,
    },
    While {
        until: bool,
        cond: Program,
        body: Program,
    },
    Case {
        word: Word,
        arms: Vec<CaseArm>,
        /// The word as written.
        raw: String,
    },
    /// `(( … ))`
    Arith(String),
    /// `[[ … ]]`, and its text as written.
    Cond(Cond, String),
}

/// A function: its body and the source it was defined with (`declare -f`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// The name; as written (quotes, `$`) when it is not a valid one.
    pub name: String,
    pub body: Compound,
    pub redirs: Vec<Redir>,
    pub source: String,
    /// The line the definition ends on (bash reports errors there).
    pub line: u32,
    /// False when the name was quoted or had `$` in it: bash parses such a
    /// definition and refuses it when it runs ("not a valid identifier").
    pub valid: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Simple(Simple),
    Compound {
        body: Box<Compound>,
        redirs: Vec<Redir>,
        line: u32,
    },
    FuncDef(Rc<Function>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub negate: bool,
    pub commands: Vec<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `a && b || c`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
    /// Ended by `&`: runs in a subshell (to its end, here: no job control).
    pub background: bool,
}

/// A whole input: and-or lists separated by `;`, `&` or newlines.
pub type Program = Vec<AndOr>;
