//! The shell's syntax tree.

/// A piece of a word. `quoted` parts are never field-split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Lit {
        text: String,
        quoted: bool,
    },
    /// `~` or `~/` at the start of an unquoted word.
    Tilde,
    /// `$NAME`, `${NAME}`, `$?`.
    Var {
        name: String,
        quoted: bool,
    },
    /// `${NAME<op>word}`; `op` is one of `:-` `-` `:=` `=` `:+` `+`.
    VarOp {
        name: String,
        op: String,
        word: String,
        quoted: bool,
    },
    /// `${#NAME}`.
    Len {
        name: String,
    },
    /// `$(...)` or backticks: source run at expansion time.
    Subst {
        source: String,
        quoted: bool,
    },
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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirKind {
    /// `<`
    In,
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `>&N` / `<&N` (the word is the fd)
    Dup,
    /// `&>`: stdout and stderr to a file.
    OutErr,
    /// Here-document body; expanded unless the delimiter was quoted.
    HereDoc { body: String, expand: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub fd: u8,
    pub kind: RedirKind,
    pub target: Word,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Simple {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub negate: bool,
    pub commands: Vec<Simple>,
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
}

/// A whole input: and-or lists separated by `;` or newlines.
pub type Program = Vec<AndOr>;
