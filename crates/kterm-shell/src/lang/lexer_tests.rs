use super::*;
use crate::lang::ast::{Param, ParamOp};

fn lit(s: &str) -> Part {
    Part::Lit {
        text: s.into(),
        quoted: false,
    }
}
fn qlit(s: &str) -> Part {
    Part::Lit {
        text: s.into(),
        quoted: true,
    }
}
fn w(parts: Vec<Part>) -> Token {
    Token::Word(Word(parts))
}
fn var(name: &str, quoted: bool) -> Part {
    Part::Param {
        p: Box::new(Param {
            name: name.into(),
            index: None,
            op: ParamOp::Plain,
        }),
        quoted,
    }
}
fn heredoc(body: &str, expand: bool) -> Token {
    Token::HereDoc {
        body: Rc::new(RefCell::new(body.into())),
        expand,
    }
}

#[test]
fn table() {
    let cases: Vec<(&str, Vec<Token>)> = vec![
        ("echo hi", vec![w(vec![lit("echo")]), w(vec![lit("hi")])]),
        ("a'b c'd", vec![w(vec![lit("a"), qlit("b c"), lit("d")])]),
        (
            "\"x $A y\"",
            vec![w(vec![qlit("x "), var("A", true), qlit(" y")])],
        ),
        ("\"\"", vec![w(vec![qlit("")])]),
        ("a\\ b", vec![w(vec![lit("a"), qlit(" "), lit("b")])]),
        (
            "echo $?",
            vec![w(vec![lit("echo")]), w(vec![var("?", false)])],
        ),
        ("$'a\\tb'", vec![w(vec![qlit("a\tb")])]),
        (
            "$((1 + 2))",
            vec![w(vec![Part::Arith {
                expr: "1 + 2".into(),
                quoted: false,
            }])],
        ),
        (
            "$(a $(b) 'c)')",
            vec![w(vec![Part::Subst {
                source: "a $(b) 'c)'".into(),
                quoted: false,
            }])],
        ),
        (
            "$(case x in a) echo;; esac)",
            vec![w(vec![Part::Subst {
                source: "case x in a) echo;; esac".into(),
                quoted: false,
            }])],
        ),
        (
            "`a`",
            vec![w(vec![Part::Subst {
                source: "a".into(),
                quoted: false,
            }])],
        ),
        ("~/x", vec![w(vec![Part::Tilde, lit("/x")])]),
        ("a~", vec![w(vec![lit("a~")])]),
        ("x=~/y", vec![w(vec![lit("x="), Part::Tilde, lit("/y")])]),
        ("cost $", vec![w(vec![lit("cost")]), w(vec![lit("$")])]),
        (
            "a=(1 2)",
            vec![w(vec![
                lit("a="),
                Part::Array(vec![Word(vec![lit("1")]), Word(vec![lit("2")])]),
            ])],
        ),
        ("a[$i]=x", vec![w(vec![lit("a[$i]=x")])]),
        (
            "a&&b||c|d;e;;f;&g;;&",
            vec![
                w(vec![lit("a")]),
                Token::Op("&&"),
                w(vec![lit("b")]),
                Token::Op("||"),
                w(vec![lit("c")]),
                Token::Op("|"),
                w(vec![lit("d")]),
                Token::Op(";"),
                w(vec![lit("e")]),
                Token::Op(";;"),
                w(vec![lit("f")]),
                Token::Op(";&"),
                w(vec![lit("g")]),
                Token::Op(";;&"),
            ],
        ),
        (
            "x 2>&1 >>f <in <<<s 10>o",
            vec![
                w(vec![lit("x")]),
                Token::Redir {
                    fd: Some(2),
                    op: ">&",
                },
                w(vec![lit("1")]),
                Token::Redir { fd: None, op: ">>" },
                w(vec![lit("f")]),
                Token::Redir { fd: None, op: "<" },
                w(vec![lit("in")]),
                Token::Redir {
                    fd: None,
                    op: "<<<",
                },
                w(vec![lit("s")]),
                Token::Redir {
                    fd: Some(10),
                    op: ">",
                },
                w(vec![lit("o")]),
            ],
        ),
        (
            "echo a # comment",
            vec![w(vec![lit("echo")]), w(vec![lit("a")])],
        ),
        ("a \\\n b", vec![w(vec![lit("a")]), w(vec![lit("b")])]),
        (
            "cat <<EOF\n$A\nEOF\n",
            vec![w(vec![lit("cat")]), heredoc("$A\n", true), Token::Op("\n")],
        ),
        (
            "cat <<'E'\nx\nE",
            vec![w(vec![lit("cat")]), heredoc("x\n", false), Token::Op("\n")],
        ),
        (
            "cat <<-E\n\tx\n\tE\n",
            vec![w(vec![lit("cat")]), heredoc("x\n", true), Token::Op("\n")],
        ),
        ("((", vec![Token::Op("((")]),
    ];
    for (input, want) in cases {
        assert_eq!(tokenize(input), Ok(want), "tokenize({input:?})");
    }
}

#[test]
fn braced_parameter_table() {
    let cases: Vec<(&str, &str, Option<&str>, ParamOp)> = vec![
        ("x", "x", None, ParamOp::Plain),
        ("#x", "x", None, ParamOp::Len),
        ("#", "#", None, ParamOp::Plain),
        ("!x", "x", None, ParamOp::Indirect),
        ("!a[@]", "a", None, ParamOp::Keys),
        ("!pre*", "pre", None, ParamOp::Names('*')),
        ("a[i+1]", "a", Some("i+1"), ParamOp::Plain),
        (
            "x:-d e",
            "x",
            None,
            ParamOp::Default {
                colon: true,
                kind: '-',
                word: "d e".into(),
            },
        ),
        (
            "x##*/",
            "x",
            None,
            ParamOp::Trim {
                suffix: false,
                longest: true,
                pat: "*/".into(),
            },
        ),
        (
            "x%.*",
            "x",
            None,
            ParamOp::Trim {
                suffix: true,
                longest: false,
                pat: ".*".into(),
            },
        ),
        (
            "x//a/b",
            "x",
            None,
            ParamOp::Replace {
                mode: 'A',
                pat: "a".into(),
                rep: Some("b".into()),
            },
        ),
        (
            "x/#a",
            "x",
            None,
            ParamOp::Replace {
                mode: '#',
                pat: "a".into(),
                rep: None,
            },
        ),
        (
            "x:1:2",
            "x",
            None,
            ParamOp::Substr {
                off: "1".into(),
                len: Some("2".into()),
            },
        ),
        (
            "x: -1",
            "x",
            None,
            ParamOp::Substr {
                off: " -1".into(),
                len: None,
            },
        ),
        (
            "x^^",
            "x",
            None,
            ParamOp::Case {
                mode: '^',
                all: true,
                pat: "".into(),
            },
        ),
        ("x@Q", "x", None, ParamOp::Transform('Q')),
    ];
    for (body, name, index, op) in cases {
        let p = parse_braced(body);
        assert_eq!(
            (p.name.as_str(), p.index.as_deref(), p.op),
            (name, index, op),
            "${{{body}}}"
        );
    }
    assert!(matches!(parse_braced("x!").op, ParamOp::Bad(_)));
}

#[test]
fn incomplete_table() {
    let cases = [
        ("echo 'abc", LexError::Unclosed('\'')),
        ("echo \"abc", LexError::Unclosed('"')),
        ("echo $(ls", LexError::Unclosed(')')),
        ("echo $((1+", LexError::Unclosed(')')),
        ("echo `ls", LexError::Unclosed('`')),
        ("echo ${A", LexError::Unclosed('}')),
        ("a=(1 2", LexError::Unclosed(')')),
        ("cat <<EOF\nabc", LexError::HereDoc("EOF".into())),
        ("cat <<EOF", LexError::HereDoc("EOF".into())),
        ("echo \\", LexError::Backslash),
    ];
    for (input, want) in cases {
        assert_eq!(tokenize(input), Err(want), "tokenize({input:?})");
    }
}
