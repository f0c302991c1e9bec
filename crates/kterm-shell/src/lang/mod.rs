//! The shell language: tokenizer, parser, expansion and executor.

pub mod arith;
pub mod ast;
pub mod brace;
mod braced;
pub mod escapes;
pub mod exec;
mod expand;
pub mod glob;
pub mod lexer;
pub mod parser;
pub mod print;
pub mod quote;
mod test;
pub mod vars;

use std::collections::BTreeMap;
use std::rc::Rc;

pub use exec::Exec;
pub use parser::{parse, ParseError, Parser};

/// `set -o` options and the `shopt` options scripts use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub errexit: bool,
    pub nounset: bool,
    pub xtrace: bool,
    pub pipefail: bool,
    pub noglob: bool,
    pub noclobber: bool,
    pub allexport: bool,
    pub verbose: bool,
    pub nullglob: bool,
    pub failglob: bool,
    pub dotglob: bool,
    pub nocaseglob: bool,
    pub nocasematch: bool,
    pub extglob: bool,
    pub lastpipe: bool,
    pub globstar: bool,
    pub expand_aliases: bool,
}

/// The `set -o` names, in the order bash lists them, with their flag.
pub const SET_O: &[(&str, Option<char>)] = &[
    ("allexport", Some('a')),
    ("braceexpand", Some('B')),
    ("emacs", None),
    ("errexit", Some('e')),
    ("errtrace", Some('E')),
    ("functrace", Some('T')),
    ("hashall", Some('h')),
    ("histexpand", Some('H')),
    ("history", None),
    ("ignoreeof", None),
    ("interactive-comments", None),
    ("keyword", Some('k')),
    ("monitor", Some('m')),
    ("noclobber", Some('C')),
    ("noexec", Some('n')),
    ("noglob", Some('f')),
    ("nolog", None),
    ("notify", Some('b')),
    ("nounset", Some('u')),
    ("onecmd", Some('t')),
    ("physical", Some('P')),
    ("pipefail", None),
    ("posix", None),
    ("privileged", Some('p')),
    ("verbose", Some('v')),
    ("vi", None),
    ("xtrace", Some('x')),
];

impl Options {
    /// The flag for a `set -o` name, if kterm keeps it.
    pub fn by_name(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "errexit" => &mut self.errexit,
            "nounset" => &mut self.nounset,
            "xtrace" => &mut self.xtrace,
            "pipefail" => &mut self.pipefail,
            "noglob" => &mut self.noglob,
            "noclobber" => &mut self.noclobber,
            "allexport" => &mut self.allexport,
            "verbose" => &mut self.verbose,
            _ => return None,
        })
    }

    pub fn by_flag(&mut self, c: char) -> Option<&mut bool> {
        Some(match c {
            'e' => &mut self.errexit,
            'u' => &mut self.nounset,
            'x' => &mut self.xtrace,
            'f' => &mut self.noglob,
            'C' => &mut self.noclobber,
            'a' => &mut self.allexport,
            'v' => &mut self.verbose,
            _ => return None,
        })
    }

    pub fn shopt(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "nullglob" => &mut self.nullglob,
            "failglob" => &mut self.failglob,
            "dotglob" => &mut self.dotglob,
            "nocaseglob" => &mut self.nocaseglob,
            "nocasematch" => &mut self.nocasematch,
            "extglob" => &mut self.extglob,
            "lastpipe" => &mut self.lastpipe,
            "globstar" => &mut self.globstar,
            "expand_aliases" => &mut self.expand_aliases,
            _ => return None,
        })
    }

    /// `$-`
    pub fn flags(&self, interactive: bool) -> String {
        let mut s = String::new();
        for (on, c) in [
            (self.allexport, 'a'),
            (self.errexit, 'e'),
            (self.noglob, 'f'),
            (true, 'h'),
            (self.nounset, 'u'),
            (self.verbose, 'v'),
            (self.xtrace, 'x'),
            (true, 'B'),
            (self.noclobber, 'C'),
        ] {
            if on {
                s.push(c);
            }
        }
        if interactive {
            s.push('i');
        }
        s
    }
}

/// The language's session state (what a subshell copies and throws away).
#[derive(Clone, Debug, Default)]
pub struct LangState {
    pub functions: BTreeMap<String, Rc<ast::Function>>,
    pub positional: Vec<String>,
    pub opts: Options,
    pub traps: BTreeMap<String, String>,
    /// One frame per running function: the variables it made local and
    /// what they were before.
    pub locals: Vec<Vec<(String, Option<crate::state::Var>)>>,
    /// Names of the running functions, innermost last (`FUNCNAME`).
    pub funcnames: Vec<String>,
    pub random: u32,
    /// When the session started (`$SECONDS`), set on first use.
    pub start_ms: Option<i64>,
    /// Where `getopts` is inside a cluster of flags (`-abc`).
    pub getopts_char: usize,
    /// `$0` when running a script.
    pub arg0: Option<String>,
}
