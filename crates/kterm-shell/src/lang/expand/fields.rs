//! Building fields from a word's pieces, with bash's IFS rules: IFS
//! whitespace runs separate fields and vanish at the ends; each other IFS
//! character ends a field, so two in a row make an empty one.

#[derive(Default, Debug)]
pub(crate) struct Field {
    pub text: String,
    /// The text as a pattern: quoted characters escaped with `\`.
    pub pat: String,
    /// An unquoted `*`, `?` or `[` is in it.
    pub glob: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Delim {
    /// Nothing since the start or the last field: a non-blank separator
    /// here makes an empty field.
    Start,
    /// Blank separators only since the last field.
    Blank,
    /// A non-blank separator ended the last field.
    Hard,
}

pub(crate) struct Fields {
    done: Vec<Field>,
    cur: Field,
    open: bool,
    delim: Delim,
    ifs: Vec<char>,
}

impl Fields {
    pub fn new(ifs: Option<&str>) -> Self {
        Fields {
            done: Vec::new(),
            cur: Field::default(),
            open: false,
            delim: Delim::Start,
            ifs: ifs.unwrap_or(" \t\n").chars().collect(),
        }
    }

    /// Quoted text: joins the field as is, never a pattern.
    pub fn quoted(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, '*' | '?' | '[' | ']' | '\\' | '!' | '^' | '-' | '&') {
                self.cur.pat.push('\\');
            }
            self.cur.pat.push(c);
        }
        self.cur.text.push_str(s);
        self.open = true;
    }

    /// Unquoted text written in the word: not split, but a pattern.
    pub fn literal(&mut self, s: &str) {
        self.unquoted(s);
        self.open = true;
    }

    fn unquoted(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, '*' | '?' | '[') {
                self.cur.glob = true;
            }
            self.cur.text.push(c);
            self.cur.pat.push(c);
        }
    }

    /// An unquoted expansion's result: split on IFS.
    pub fn split(&mut self, s: &str) {
        if self.ifs.is_empty() {
            if !s.is_empty() {
                self.literal(s);
            }
            return;
        }
        let mut run = String::new();
        for c in s.chars() {
            if !self.ifs.contains(&c) {
                run.push(c);
                continue;
            }
            if !run.is_empty() {
                self.unquoted(&run);
                run.clear();
                self.open = true;
            }
            if c.is_whitespace() {
                if self.open {
                    self.end();
                    self.delim = Delim::Blank;
                }
            } else {
                if self.open {
                    self.end();
                } else if self.delim != Delim::Blank {
                    self.done.push(Field::default());
                }
                self.delim = Delim::Hard;
            }
        }
        if !run.is_empty() {
            self.unquoted(&run);
            self.open = true;
        }
    }

    /// Ends the field here even if empty (between `"$@"` elements).
    pub fn boundary(&mut self) {
        self.done.push(std::mem::take(&mut self.cur));
        self.open = false;
        self.delim = Delim::Start;
    }

    /// Ends a non-empty field (between unquoted `$@` elements).
    pub fn boundary_soft(&mut self) {
        if self.open {
            self.end();
        }
        self.delim = Delim::Start;
    }

    fn end(&mut self) {
        self.done.push(std::mem::take(&mut self.cur));
        self.open = false;
    }

    pub fn finish(mut self) -> Vec<Field> {
        if self.open {
            self.end();
        }
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(ifs: Option<&str>, pieces: &[(&str, bool)]) -> Vec<String> {
        let mut f = Fields::new(ifs);
        for (s, expand) in pieces {
            if *expand {
                f.split(s);
            } else {
                f.literal(s);
            }
        }
        f.finish().into_iter().map(|f| f.text).collect()
    }

    type Case<'a> = (Option<&'a str>, &'a [(&'a str, bool)], &'a [&'a str]);

    #[test]
    fn ifs_table() {
        let cases: &[Case] = &[
            (None, &[(" a  b ", true)], &["a", "b"]),
            (None, &[("x", false), (" a", true)], &["x", "a"]),
            (
                None,
                &[("x", false), ("a ", true), ("y", false)],
                &["xa", "y"],
            ),
            (Some(","), &[("a,,b", true)], &["a", "", "b"]),
            (Some(","), &[(",a", true)], &["", "a"]),
            (Some(","), &[("a,", true)], &["a"]),
            (Some(" ,"), &[("a , b", true)], &["a", "b"]),
            (Some(" ,"), &[("a, ,b", true)], &["a", "", "b"]),
            (Some(" ,"), &[(" ,a", true)], &["", "a"]),
            (Some(""), &[("a b", true)], &["a b"]),
            (None, &[("", true)], &[]),
        ];
        for (ifs, pieces, want) in cases {
            assert_eq!(split(*ifs, pieces), *want, "{ifs:?} {pieces:?}");
        }
    }
}
