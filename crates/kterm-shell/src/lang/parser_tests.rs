use super::*;
use crate::lang::ast::{CaseTerm, Cond};

fn words(s: &Simple) -> Vec<String> {
    s.words
        .iter()
        .map(|w| w.literal().unwrap_or_default())
        .collect()
}

fn simple(c: &Command) -> &Simple {
    match c {
        Command::Simple(s) => s,
        other => panic!("not a simple command: {other:?}"),
    }
}

fn compound(input: &str) -> Compound {
    let p = parse(input).unwrap();
    match &p[0].first.commands[0] {
        Command::Compound { body, .. } => (**body).clone(),
        other => panic!("{input}: not compound: {other:?}"),
    }
}

#[test]
fn structure() {
    let p = parse("a b && c || d | e; f\ng").unwrap();
    assert_eq!(p.len(), 3);
    assert_eq!(words(simple(&p[0].first.commands[0])), ["a", "b"]);
    assert_eq!(p[0].rest[0].0, Connector::And);
    assert_eq!(p[0].rest[1].0, Connector::Or);
    assert_eq!(p[0].rest[1].1.commands.len(), 2);
    assert_eq!(words(simple(&p[2].first.commands[0])), ["g"]);
}

#[test]
fn assignments_only_before_the_command() {
    let p = parse("A=1 B+=x c[1]=y cmd C=2").unwrap();
    let s = simple(&p[0].first.commands[0]);
    let names: Vec<(&str, Option<&str>, bool)> = s
        .assigns
        .iter()
        .map(|a| (a.name.as_str(), a.index.as_deref(), a.append))
        .collect();
    assert_eq!(
        names,
        [
            ("A", None, false),
            ("B", None, true),
            ("c", Some("1"), false)
        ]
    );
    assert_eq!(words(s), ["cmd", "C=2"]);
}

#[test]
fn compound_commands_table() {
    let kinds: &[(&str, &str)] = &[
        ("if a; then b; elif c; then d; else e; fi", "If"),
        ("for x in 1 2; do echo; done", "For"),
        ("for x; do echo; done", "For"),
        ("for ((i=0;i<2;i++)); do echo; done", "ArithFor"),
        ("while a; do b; done", "While"),
        ("until a; do b; done", "While"),
        ("case x in a|b) c;; (d) e;& *) f;;& esac", "Case"),
        ("{ a; b; }", "Group"),
        ("(a; b)", "Subshell"),
        ("(( x > 1 ))", "Arith"),
        ("[[ -n $x && $y == a* ]]", "Cond"),
        ("if a\nthen\n b\nfi", "If"),
    ];
    for (input, kind) in kinds {
        let c = compound(input);
        let got = format!("{c:?}");
        assert!(got.starts_with(kind), "{input}: {got}");
    }
}

#[test]
fn functions_and_redirections_on_compounds() {
    for src in [
        "f() { echo; }",
        "function f { echo; }",
        "function f() ( echo )",
    ] {
        let p = parse(src).unwrap();
        assert!(
            matches!(&p[0].first.commands[0], Command::FuncDef(f) if f.name == "f"),
            "{src}"
        );
    }
    let p = parse("while read l; do :; done < file > out").unwrap();
    match &p[0].first.commands[0] {
        Command::Compound { redirs, .. } => assert_eq!(redirs.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn case_arms() {
    match compound("case $x in\n a|b) one;;\n c) two;&\n *) three;;&\nesac") {
        Compound::Case { arms, .. } => {
            let shape: Vec<(usize, CaseTerm)> =
                arms.iter().map(|a| (a.pats.len(), a.term)).collect();
            assert_eq!(
                shape,
                [
                    (2, CaseTerm::Break),
                    (1, CaseTerm::FallThrough),
                    (1, CaseTerm::Continue)
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn cond_precedence() {
    match compound("[[ a || b && ! c ]]") {
        Compound::Cond(Cond::Or(_, right), _) => assert!(matches!(*right, Cond::And(_, _))),
        other => panic!("{other:?}"),
    }
    match compound("[[ $x =~ ^(a|b)+$ ]]") {
        Compound::Cond(Cond::Binary(_, op, re), _) => {
            assert_eq!(op, "=~");
            assert_eq!(re.literal().as_deref(), Some("^(a|b)+$"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn errors_table() {
    let eof = || ParseError::Incomplete("syntax error: unexpected end of file".into());
    let cases = [
        ("a ;; b", ParseError::Unexpected(";;".into())),
        ("| a", ParseError::Unexpected("|".into())),
        ("a && && b", ParseError::Unexpected("&&".into())),
        ("a > ", eof()),
        ("a > ;", ParseError::Unexpected(";".into())),
        ("a |", eof()),
        ("a &&", eof()),
        ("a ||\n", eof()),
        ("if true; then", eof()),
        ("for x in a; do", eof()),
        ("case x in", eof()),
        ("{ a;", eof()),
        ("f() {", eof()),
        ("fi", ParseError::Unexpected("fi".into())),
        ("if then", ParseError::Unexpected("then".into())),
        ("done", ParseError::Unexpected("done".into())),
        (")", ParseError::Unexpected(")".into())),
        ("{ }", ParseError::Unexpected("}".into())),
        ("for 1 in a; do :; done", ParseError::Unexpected("1".into())),
    ];
    for (input, want) in cases {
        assert_eq!(parse(input), Err(want), "parse({input:?})");
    }
}

#[test]
fn empty_inputs_are_empty_programs() {
    for input in ["", "   ", "\n\n", "# just a comment"] {
        assert_eq!(parse(input), Ok(vec![]), "parse({input:?})");
    }
}

#[test]
fn aliases_expand_once_per_name() {
    let aliases: BTreeMap<String, String> =
        [("x", "y"), ("y", "x"), ("ll", "ls -l"), ("ls", "ls -a")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let cases = [
        ("x", "x"),
        ("y", "y"),
        ("ll z", "ls -a -l z"),
        ("echo ll", "echo ll"),
    ];
    for (input, want) in cases {
        let p = Parser::new(input, Some(aliases.clone())).program().unwrap();
        assert_eq!(
            words(simple(&p[0].first.commands[0])).join(" "),
            want,
            "{input}"
        );
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "(".repeat(5000);
    assert!(parse(&deep).is_err());
    let braces = "{ ".repeat(5000);
    assert!(parse(&braces).is_err());
}
