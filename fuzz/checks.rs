//! The fuzz targets' checks as plain functions, shared by the libFuzzer
//! targets (`fuzz_targets/*.rs`, nightly, `cargo xtask fuzz`) and by the
//! stable replay of the corpora kept in `corpus/TARGET/`
//! (`crates/xtask/tests/fuzz_corpus.rs`, run by `cargo xtask test`). Each
//! takes any bytes and panics when a property fails.
#![allow(dead_code)] // each fuzz target uses one check

use std::sync::OnceLock;

use kterm_kube::fuzzing::{relaxed, JsonPath};
use kterm_kubeconfig::Kubeconfig;
use kterm_shell::lang::ast::Command;
use kterm_shell::lang::{parse, print};
use kterm_shell::sanitize::{Display, Remote};
use serde_json::{json, Value};

/// A target's check: panics when its property fails.
pub type Check = fn(&[u8]);

/// Every target by name, as `fuzz/Cargo.toml` names its binaries.
pub const TARGETS: &[(&str, Check)] = &[
    ("shell_parse", shell_parse),
    ("sanitize_chunks", sanitize_chunks),
    ("yaml_json", yaml_json),
    ("kubeconfig", kubeconfig),
    ("jsonpath", jsonpath),
];

// ---- shell_parse ----------------------------------------------------------

/// Every function a text defines, printed as `declare -f` prints it.
fn printed_functions(src: &str) -> Option<Vec<String>> {
    let program = parse(src).ok()?;
    let mut out = Vec::new();
    for ao in &program {
        for p in std::iter::once(&ao.first).chain(ao.rest.iter().map(|(_, p)| p)) {
            for c in &p.commands {
                if let Command::FuncDef(f) = c {
                    out.push(print::function(f));
                }
            }
        }
    }
    Some(out)
}

/// The shell's lexer and parser on any text: an error or a program, never
/// a panic, a hang or a stack overflow. A function it defines, printed as
/// `declare -f` prints it, prints the same when read back. (Not every
/// such text reads back: bash prints `f(){>} };}` as `} > }` too, which
/// neither bash nor kterm can read; the fuzzer found it.) A name with
/// quoting or `$` is kept as written (bash refuses it when the definition
/// runs), and `(( … ))` is printed verbatim as bash prints it: both were
/// fuzzer findings, fixed, so the texts are compared exactly.
pub fn shell_parse(data: &[u8]) {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let Some(printed) = printed_functions(line) else {
        return;
    };
    for text in printed {
        if let Some(again) = printed_functions(&text) {
            assert_eq!(
                again,
                std::slice::from_ref(&text),
                "declare -f output reads back as another function:\n{text}"
            );
        }
    }
}

// ---- sanitize_chunks ------------------------------------------------------

/// The chunks: the first byte says how many cut sizes follow.
fn chunks(data: &[u8]) -> Option<(Vec<usize>, &[u8])> {
    let n = *data.first()? as usize % 8;
    let cuts = data.get(1..1 + n)?;
    let sizes = if cuts.is_empty() {
        vec![1]
    } else {
        cuts.iter().map(|c| 1 + *c as usize % 16).collect()
    };
    Some((sizes, &data[1 + n..]))
}

fn bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn cut<'a>(bytes: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].min(rest.len());
        out.push(&rest[..n]);
        rest = &rest[n..];
        i += 1;
    }
    out
}

/// The terminal filters on any bytes cut anywhere: the terminal writer's
/// (`Display`) and the remote session's (`Remote`). However the bytes are
/// cut, the output is the same as in one piece, and what reaches the
/// terminal has no raw control character (Display) or no OSC/DCS/SOS/PM/
/// APC string, C1 control or bidi control (Remote).
pub fn sanitize_chunks(data: &[u8]) {
    let Some((sizes, bytes)) = chunks(data) else {
        return;
    };
    let pieces = cut(bytes, &sizes);

    let mut whole = Display::default();
    let mut one = whole.feed(bytes);
    one.push_str(&whole.finish());
    let mut d = Display::default();
    let mut cut_out: String = pieces.iter().map(|p| d.feed(p)).collect();
    cut_out.push_str(&d.finish());
    assert_eq!(one, cut_out, "Display depends on the chunking");
    let mut it = one.chars().peekable();
    while let Some(c) = it.next() {
        let cp = c as u32;
        let control = cp < 0x20 || cp == 0x7f || (0x80..0xa0).contains(&cp);
        match c {
            '\n' | '\t' => {}
            '\r' => assert_eq!(it.next(), Some('\n'), "a bare CR reached the terminal"),
            c if control || bidi(c) => panic!("{c:?} reached the terminal raw"),
            _ => {}
        }
    }

    let mut whole = Remote::default();
    let mut one = whole.feed(bytes);
    one.push_str(&whole.finish());
    let mut r = Remote::default();
    let mut cut_out: String = pieces.iter().map(|p| r.feed(p)).collect();
    cut_out.push_str(&r.finish());
    assert_eq!(one, cut_out, "Remote depends on the chunking");
    let mut it = one.chars().peekable();
    while let Some(c) = it.next() {
        assert!(
            !(('\u{80}'..='\u{9f}').contains(&c) || bidi(c)),
            "{c:?} passed the remote filter"
        );
        if c == '\x1b' {
            let next = it.peek().copied();
            assert!(
                !matches!(next, None | Some(']' | 'P' | 'X' | '^' | '_')),
                "ESC {next:?} passed the remote filter"
            );
        }
    }
}

// ---- yaml_json ------------------------------------------------------------

fn long_key(v: &Value) -> bool {
    match v {
        Value::Object(o) => o
            .iter()
            .any(|(k, v)| serde_json::to_string(k).map_or(true, |w| w.len() > 1000) || long_key(v)),
        Value::Array(a) => a.iter().any(long_key),
        _ => false,
    }
}

/// YAML (and JSON, a subset) as manifests and kubeconfigs are read: any
/// text gives a value or an error; a value written back as YAML reads
/// back as the same value. Keys longer than 1,024 characters once
/// written (control characters are written `\u0010`) are left out of the
/// round trip: the shell's writer (yaml-rust2's emitter) writes them as
/// implicit keys, which YAML (and its own parser) limits to 1,024
/// characters (the fuzzer found it). kubectl's writer (go/yaml.rs) writes
/// `? key` past 128 bytes, as go-yaml does.
pub fn yaml_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = kterm_shell::yaml::parse_all(text);
    if let Ok(v) = kterm_shell::yaml::parse(text) {
        if !long_key(&v) {
            let written = kterm_shell::yaml::to_string(&v);
            let again = kterm_shell::yaml::parse(&written);
            assert_eq!(again.as_ref(), Ok(&v), "{written}");
        }
    }
    let _ = serde_json::from_str::<Value>(text);
}

// ---- kubeconfig -----------------------------------------------------------

/// A kubeconfig as kubectl reads one, from any YAML: read leniently, and
/// what is read survives being written and read again.
pub fn kubeconfig(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(v) = kterm_shell::yaml::parse(text) else {
        return;
    };
    // Written, entries are ordered by name (kubectl keeps them in maps);
    // from then on, writing and reading changes nothing.
    let once = Kubeconfig::from_value(&Kubeconfig::from_value(&v).to_value());
    let twice = Kubeconfig::from_value(&once.to_value());
    assert_eq!(twice, once);
}

// ---- jsonpath -------------------------------------------------------------

fn object() -> &'static Value {
    static OBJ: OnceLock<Value> = OnceLock::new();
    OBJ.get_or_init(|| {
        json!({
            "kind": "List", "apiVersion": "v1",
            "items": [
                {"metadata": {"name": "web-1", "labels": {"app": "web", "a.b/c": "d"}},
                 "spec": {"containers": [{"name": "nginx", "image": "nginx:1", "ports": [{"containerPort": 80}]},
                                         {"name": "side", "image": "busybox"}]},
                 "status": {"phase": "Running", "restartCount": 3, "ready": true, "ratio": 0.5, "none": null}},
                {"metadata": {"name": "api-2", "labels": {"app": "api"}},
                 "spec": {"containers": [{"name": "api", "image": "api:2"}]},
                 "status": {"phase": "Pending", "restartCount": 0, "ready": false}}
            ]
        })
    })
}

/// kubectl's JSONPath templates (`-o jsonpath=…`, relaxed as kubectl
/// relaxes them) on a pod-like object: an output or client-go's error,
/// never a panic or a hang.
pub fn jsonpath(data: &[u8]) {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    if expr.len() > 1024 {
        return;
    }
    let Ok(template) = relaxed(expr) else {
        return;
    };
    let Ok(path) = JsonPath::parse(&template) else {
        return;
    };
    let _ = path.print(object());
    let _ = path.print_json(object());
}
