//! Printing functions back as source, laid out as bash's `declare -f` and
//! `type` lay them out: four-space indents, `;` after commands, `then` and
//! `do` placed as bash places them.

use super::ast::{AndOr, CaseTerm, Command, Compound, Connector, Function, Program, RedirKind};

fn pad(n: usize) -> String {
    " ".repeat(n)
}

/// The function's definition as `declare -f NAME` prints it.
pub fn function(f: &Function) -> String {
    format!("{}\n", definition(f, 0))
}

/// `NAME () ` and the body at `ind`. bash always prints the body as a
/// group: a body of another kind (`( … )`, `(( … ))`, `if`, …) goes inside
/// `{ … }`, with the redirections that follow it.
fn definition(f: &Function, ind: usize) -> String {
    let mut heredocs = Vec::new();
    let redirs: String = f.redirs.iter().map(|r| format!(" {}", r.raw)).collect();
    let body = match &f.body {
        Compound::Group(_) => format!("{}{redirs}", compound(&f.body, ind, &mut heredocs)),
        other => format!(
            "{{ \n{}{}{redirs}\n{}}}",
            pad(ind + 4),
            compound(other, ind + 4, &mut heredocs),
            pad(ind)
        ),
    };
    format!("{} () \n{}{body}", f.name, pad(ind))
}

/// A list, one command per line at `ind`; `each` puts `;` after every
/// command (bodies of `if`, loops), otherwise between them (groups).
fn list(p: &Program, ind: usize, each: bool) -> String {
    let mut lines = Vec::new();
    let n = p.len();
    for (i, ao) in p.iter().enumerate() {
        let mut heredocs = Vec::new();
        let mut line = format!("{}{}", pad(ind), and_or(ao, ind, &mut heredocs));
        if heredocs.is_empty() {
            if each || i + 1 < n {
                line.push(';');
            }
        } else {
            for h in heredocs {
                line.push('\n');
                line.push_str(&h);
            }
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// A condition list on one line (`if a; b; then`).
fn inline(p: &Program, ind: usize) -> String {
    let mut heredocs = Vec::new();
    p.iter()
        .map(|ao| and_or(ao, ind, &mut heredocs))
        .collect::<Vec<_>>()
        .join("; ")
}

fn and_or(ao: &AndOr, ind: usize, heredocs: &mut Vec<String>) -> String {
    let mut s = String::new();
    let pipes =
        std::iter::once((None, &ao.first)).chain(ao.rest.iter().map(|(c, p)| (Some(*c), p)));
    for (conn, p) in pipes {
        match conn {
            Some(Connector::And) => s.push_str(" && "),
            Some(Connector::Or) => s.push_str(" || "),
            None => {}
        }
        if p.negate {
            s.push_str("! ");
        }
        let cmds: Vec<String> = p
            .commands
            .iter()
            .map(|c| command(c, ind, heredocs))
            .collect();
        s.push_str(&cmds.join(" | "));
    }
    s
}

fn command(c: &Command, ind: usize, heredocs: &mut Vec<String>) -> String {
    match c {
        Command::Simple(s) => {
            let mut out = s.raw.join(" ");
            for r in &s.redirs {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&r.raw);
                if let RedirKind::HereDoc { body, .. } = &r.kind {
                    let delim: String = r
                        .raw
                        .trim_start_matches("<<-")
                        .trim_start_matches("<<")
                        .chars()
                        .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                        .collect();
                    heredocs.push(format!("{}{delim}\n", body.borrow()));
                }
            }
            out
        }
        Command::Compound { body, redirs, .. } => {
            let mut out = compound(body, ind, heredocs);
            for r in redirs {
                out.push(' ');
                out.push_str(&r.raw);
            }
            out
        }
        // A definition inside a body is printed with `function`.
        Command::FuncDef(f) => format!("function {}", definition(f, ind)),
    }
}

fn compound(c: &Compound, ind: usize, heredocs: &mut Vec<String>) -> String {
    let _ = heredocs;
    let inner = ind + 4;
    match c {
        Compound::Group(p) => format!("{{ \n{}\n{}}}", list(p, inner, false), pad(ind)),
        Compound::Subshell(p) => {
            let body: Vec<String> = p
                .iter()
                .map(|ao| and_or(ao, ind, &mut Vec::new()))
                .collect();
            format!("( {} )", body.join(&format!(";\n{}", pad(ind))))
        }
        Compound::If { arms, otherwise } => {
            let mut s = String::new();
            for (k, (cond, body)) in arms.iter().enumerate() {
                // bash prints `elif` as an `if` nested in `else`.
                let depth = ind + 4 * k;
                if k > 0 {
                    s.push_str(&format!("\n{}else\n{}", pad(depth - 4), pad(depth)));
                }
                s.push_str(&format!(
                    "if {}; then\n{}",
                    inline(cond, depth),
                    list(body, depth + 4, true)
                ));
            }
            let last = ind + 4 * (arms.len() - 1);
            if let Some(o) = otherwise {
                s.push_str(&format!("\n{}else\n{}", pad(last), list(o, last + 4, true)));
            }
            for k in (0..arms.len()).rev() {
                let depth = ind + 4 * k;
                s.push_str(&format!("\n{}fi", pad(depth)));
                if k > 0 {
                    s.push(';');
                }
            }
            s
        }
        Compound::For {
            var,
            words,
            body,
            raw,
        } => {
            let head = match words {
                Some(_) => format!("for {var} in {}", raw.join(" ")),
                None => format!("for {var} in \"$@\""),
            };
            format!(
                "{head};\n{}do\n{}\n{}done",
                pad(ind),
                list(body, inner, true),
                pad(ind)
            )
        }
        Compound::ArithFor {
            init,
            cond,
            step,
            body,
        } => format!(
            "for (({}; {}; {}))\n{}do\n{}\n{}done",
            init.trim(),
            cond.trim(),
            step.trim(),
            pad(ind),
            list(body, inner, true),
            pad(ind)
        ),
        Compound::While { until, cond, body } => format!(
            "{} {}; do\n{}\n{}done",
            if *until { "until" } else { "while" },
            inline(cond, ind),
            list(body, inner, true),
            pad(ind)
        ),
        Compound::Case { arms, raw, .. } => {
            let mut s = format!("case {raw} in \n");
            for arm in arms {
                s.push_str(&format!("{}{})\n", pad(inner), arm.raw.join(" | ")));
                if !arm.body.is_empty() {
                    s.push_str(&list(&arm.body, inner + 4, false));
                    s.push('\n');
                }
                let term = match arm.term {
                    CaseTerm::Break => ";;",
                    CaseTerm::FallThrough => ";&",
                    CaseTerm::Continue => ";;&",
                };
                s.push_str(&format!("{}{term}\n", pad(inner)));
            }
            s.push_str(&format!("{}esac", pad(ind)));
            s
        }
        // bash keeps the expression as written, spaces and newlines too.
        Compound::Arith(e) => format!("(({e}))"),
        Compound::Cond(_, raw) => format!("[[ {raw} ]]"),
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::ast::Command;

    fn printed(src: &str) -> String {
        let p = crate::lang::parse(src).unwrap_or_default();
        match p.first().map(|ao| &ao.first.commands[0]) {
            Some(Command::FuncDef(f)) => super::function(f),
            _ => String::new(),
        }
    }

    #[test]
    fn layout_table() {
        let cases = [
            ("f() { echo hi; }", "f () \n{ \n    echo hi\n}\n"),
            (
                "f() { a; b > /dev/null 2>&1; }",
                "f () \n{ \n    a;\n    b > /dev/null 2>&1\n}\n",
            ),
            (
                "f() { if a; then b; else c; fi; }",
                "f () \n{ \n    if a; then\n        b;\n    else\n        c;\n    fi\n}\n",
            ),
            (
                "f() { for i in 1 2; do echo $i; done; }",
                "f () \n{ \n    for i in 1 2;\n    do\n        echo $i;\n    done\n}\n",
            ),
            (
                "function g { while x; do :; done; }",
                "g () \n{ \n    while x; do\n        :;\n    done\n}\n",
            ),
            ("f() { ((x)); ((  y +\n 1 )); }", "f () \n{ \n    ((x));\n    ((  y +\n 1 ))\n}\n"),
            ("f() ((x+1))", "f () \n{ \n    ((x+1))\n}\n"),
            ("f() ( a; b ) 2>&1", "f () \n{ \n    ( a;\n    b ) 2>&1\n}\n"),
            ("f() { :; } > /dev/null", "f () \n{ \n    :\n} > /dev/null\n"),
            (
                "f() { g() { :; }; h() ( x ); }",
                "f () \n{ \n    function g () \n    { \n        :\n    };\n    function h () \n    { \n        ( x )\n    }\n}\n",
            ),
            (
                "k() { outer() { nested() { :; }; }; }",
                "k () \n{ \n    function outer () \n    { \n        function nested () \n        { \n            :\n        }\n    }\n}\n",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(printed(src), want, "{src}");
        }
    }
}
