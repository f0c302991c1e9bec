use super::*;
use serde_json::json;

fn list() -> Value {
    json!({"kind": "List", "items": [
        {"metadata": {"name": "a", "labels": {"app": "web"}}, "spec": {"n": 1, "ports": [{"port": 80}, {"port": 443}]}, "status": {"phase": "Running", "ok": true, "t": null}},
        {"metadata": {"name": "b"}, "spec": {"n": 7, "ports": [{"port": 8080}]}, "status": {"phase": "Pending", "ok": false, "f": 1.5}},
        {"metadata": {"name": "c"}, "spec": {"n": 3}, "status": {"phase": "Running"}}
    ]})
}

#[test]
fn templates() {
    let data = list();
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("{.items[*].metadata.name}", Ok("a b c")),
        ("{.kind}", Ok("List")),
        ("x{.kind}y", Ok("xListy")),
        ("no braces", Ok("no braces")),
        ("{.nope}", Ok("")),
        ("{.items[0].metadata.nope.x}", Ok("")),
        (
            "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}",
            Ok("a\tRunning\nb\tPending\nc\tRunning\n"),
        ),
        (
            "{range .items[*]}[{range .spec.ports[*]}{.port},{end}]{end}",
            Ok("[80,443,][8080,][]"),
        ),
        ("{range .nope[*]}{.x}{end}after", Ok("after")),
        ("{.items[0].metadata.labels}", Ok("{\"app\":\"web\"}")),
        (
            "{.items[0].spec.ports}",
            Ok("[{\"port\":80},{\"port\":443}]"),
        ),
        (
            "{.items[0].status.ok} {.items[0].status.t}",
            Ok("true null"),
        ),
        ("{.items[1].status.f}", Ok("1.5")),
        ("{.items[-1].metadata.name}", Ok("c")),
        ("{.items[-1:].metadata.name}", Ok("c")),
        ("{.items[0:2].metadata.name}", Ok("a b")),
        ("{.items[::2].metadata.name}", Ok("a c")),
        ("{.items[0,2].metadata.name}", Ok("a c")),
        ("{.items[1:1].metadata.name}", Ok("")),
        ("{.items[*].spec.ports[*].port}", Ok("80 443 8080")),
        ("{.items[0]['metadata'].name}", Ok("a")),
        (
            "{.items[?(@.status.phase==\"Running\")].metadata.name}",
            Ok("a c"),
        ),
        (
            "{.items[?(@.status.phase!='Running')].metadata.name}",
            Ok("b"),
        ),
        ("{.items[?(@.spec.n>2)].metadata.name}", Ok("b c")),
        ("{.items[?(@.spec.n<=3)].metadata.name}", Ok("a c")),
        ("{.items[?(@.spec.ports)].metadata.name}", Ok("a b")),
        ("{.items[?(@.status.ok==true)].metadata.name}", Ok("a")),
        ("{..port}", Ok("80 443 8080")),
        ("{.items[0].metadata.name.*}", Ok("97")),
        ("{$.kind}", Ok("List")),
        // Errors, worded as client-go words them.
        (
            "{.items[9]}",
            Err("array index out of bounds: index 9, length 3"),
        ),
        (
            "{.items[0:9]}",
            Err("array index out of bounds: index 8, length 3"),
        ),
        (
            "{.items[2:1]}",
            Err("starting index 2 is greater than ending index 1"),
        ),
        ("{.items[::0]}", Err("step must be > 0")),
        ("{.kind[0]}", Err("string is not array or slice")),
        (
            "{.items[0].metadata[0]}",
            Err("map[string]interface {} is not array or slice"),
        ),
        ("{end}", Err("not in range, nothing to end")),
        ("{foo}", Err("unrecognized identifier foo")),
        (
            "{.items[?(@.spec.n>\"a\")]}",
            Err("incompatible types for comparison"),
        ),
        (
            "{.items[?(@.spec.n=1)]}",
            Err("unrecognized filter operator ="),
        ),
        (
            "{.items[?(@.metadata.labels>1)]}",
            Err("invalid type for comparison"),
        ),
        (
            "{.kind[?(@.x)]}",
            Err("List is not array or slice and cannot be filtered"),
        ),
    ];
    for (tmpl, want) in cases {
        let got = JsonPath::parse(tmpl).and_then(|j| j.print(&data));
        assert_eq!(
            got.as_deref(),
            want.map_err(str::to_string).as_deref(),
            "{tmpl}"
        );
    }
}

#[test]
fn parse_errors() {
    for (tmpl, want) in [
        ("{.items[0", "unterminated array"),
        ("{.items[*].metadata.name", "unclosed action"),
        ("{.a\n}", "unclosed action"),
        ("{.items[x]}", "invalid array index x"),
        ("{.items[-]}", "array index - is not a number"),
        ("{.a,.b}", "unrecognized character in action: U+002C ','"),
        ("{\\t}", "unrecognized character in action: U+005C '\\'"),
        ("{\t}", "unrecognized character in action: U+0009"),
        (
            "{.a[?(@.x=~\"w\")]}",
            "unrecognized character in action: U+007E '~'",
        ),
        ("{\"abc}", "unterminated quoted string"),
        (
            "{\"a\\qb\"}",
            "unquote string \"a\\qb\" error invalid syntax",
        ),
        ("{....a}", "invalid multiple recursive descent"),
        ("{.a[?(@.x}", "unterminated filter"),
        ("{.a[?(@.x)x}", "unclosed array expect ]"),
        ("{-}", "cannot parse number -"),
    ] {
        assert_eq!(JsonPath::parse(tmpl).err().as_deref(), Some(want), "{tmpl}");
    }
}

#[test]
fn as_json_and_relaxed() {
    let j = JsonPath::parse("{.items[0].metadata.name}{.items[*].spec.n}").unwrap();
    assert_eq!(
        j.print_json(&list()).unwrap(),
        "[\n    \"a\"\n]\n[\n    1,\n    7,\n    3\n]\n"
    );
    for (input, want) in [
        (".metadata.name", Ok("{.metadata.name}")),
        ("metadata.name", Ok("{.metadata.name}")),
        ("{metadata.name}", Ok("{.metadata.name}")),
        ("{.metadata.name}", Ok("{.metadata.name}")),
        ("{.x", Err(())),
        (".", Err(())),
    ] {
        assert_eq!(
            relaxed(input).map_err(|_| ()).as_deref(),
            want.as_deref(),
            "{input}"
        );
    }
}
