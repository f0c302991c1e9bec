//! Manifests named with `-f`: files, directories (their `.json`, `.yaml`
//! and `.yml` files, `-R` for subdirectories) and `-` for standard input;
//! multi-document YAML and `kind: List` expanded into objects, each mapped
//! to its API resource through discovery.

use kterm_shell::Ctx;
use serde_json::Value;

use crate::discovery::ApiResource;
use crate::error::KubeError;

/// One object and the file it came from (`STDIN` for `-`).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub source: String,
    pub obj: Value,
}

fn is_manifest(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json")
}

/// The files `-f` names, in kubectl's order (a directory's files sorted).
fn files(ctx: &Ctx<'_>, arg: &str, recursive: bool) -> Result<Vec<String>, KubeError> {
    let path = kterm_shell::fs::resolve(&ctx.sh.cwd, arg);
    if !ctx.sh.fs.exists(&path) {
        return Err(KubeError::Client(format!(
            "the path \"{arg}\" does not exist"
        )));
    }
    if !ctx.sh.fs.is_dir(&path) {
        return Ok(vec![arg.to_string()]);
    }
    let mut out = Vec::new();
    let mut entries: Vec<String> = ctx
        .sh
        .fs
        .list(&path)
        .map_err(|e| KubeError::Client(format!("{arg}: {e}")))?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    kterm_shell::sort::sort(&mut entries);
    for name in entries {
        let shown = format!("{}/{name}", arg.trim_end_matches('/'));
        let full = format!("{}/{name}", path.trim_end_matches('/'));
        if ctx.sh.fs.is_dir(&full) {
            if recursive {
                out.extend(files(ctx, &shown, true)?);
            }
        } else if is_manifest(&name) {
            out.push(shown);
        }
    }
    Ok(out)
}

/// Objects of one text; `kind: List` is flattened.
pub fn parse(source: &str, text: &str) -> Result<Vec<Doc>, KubeError> {
    let docs = kterm_shell::yaml::parse_all(text).map_err(|e| {
        KubeError::Client(format!(
            "error parsing {source}: {}",
            go_decode_error(text, &e.to_string())
        ))
    })?;
    let mut out = Vec::new();
    for d in docs {
        if d.is_null() {
            continue;
        }
        if !d.is_object() {
            return Err(KubeError::Client(format!(
                "error validating \"{source}\": error validating data: invalid object; if you choose to ignore these errors, turn validation off with --validate=false"
            )));
        }
        let kind = d["kind"].as_str().unwrap_or("");
        if kind == "List" || (kind.ends_with("List") && d["items"].is_array()) {
            for item in d["items"].as_array().cloned().unwrap_or_default() {
                check(source, &item)?;
                out.push(Doc {
                    source: source.to_string(),
                    obj: item,
                });
            }
            continue;
        }
        check(source, &d)?;
        out.push(Doc {
            source: source.to_string(),
            obj: d,
        });
    }
    Ok(out)
}

/// A YAML parser's error (`[context, ]problem at byte B line L column C`)
/// as kubectl's decoders word it: go-yaml's `yaml: line N: problem`
/// (its line is the 0-based line of a parser error, one more for a
/// scanner error, none on the first line), or `unexpected EOF` for JSON
/// that ends too soon.
fn go_decode_error(text: &str, e: &str) -> String {
    let eof = e
        .rsplit_once(" at byte ")
        .and_then(|(_, at)| at.split_whitespace().next())
        .and_then(|b| b.parse::<usize>().ok())
        .is_some_and(|b| text.trim_end().len() <= b);
    if text.trim_start().starts_with('{') && (eof || e.contains("end of stream")) {
        return "unexpected EOF".into();
    }
    format!("error converting YAML to JSON: {}", go_yaml_error(text, e))
}

/// A YAML parser's error as go-yaml words it: `yaml: line N: problem`.
pub fn go_yaml_error(text: &str, e: &str) -> String {
    let (what, at) = match e.rsplit_once(" at byte ") {
        Some((w, at)) => (w, at),
        None => return format!("yaml: {e}"),
    };
    let num = |key: &str| -> usize {
        at.split_whitespace()
            .skip_while(|w| *w != key)
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let byte = at
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let line = num("line");
    let problem = what.rsplit_once(", ").map_or(what, |(_, p)| p);
    // The innermost bracket still open before the error, for go-yaml's
    // wording of a flow collection that does not go on as it should.
    let open = {
        let mut stack = Vec::new();
        let mut quote = None;
        for c in text.get(..byte.min(text.len())).unwrap_or(text).chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => stack.push(c),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.last().copied()
    };
    let flow = if open == Some('{') {
        "did not find expected ',' or '}'"
    } else {
        "did not find expected ',' or ']'"
    };
    let (scanner, message) = match problem {
        "found unknown anchor" => {
            let name: String = text
                .get(byte..)
                .unwrap_or("")
                .trim_start_matches('*')
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
                .collect();
            return format!("yaml: unknown anchor '{name}' referenced");
        }
        // go-yaml reads a quoted scalar to the end of the stream where
        // this parser stops at its indentation.
        "found unexpected end of stream" | "invalid indentation in quoted scalar" => {
            // go-yaml reports it where the stream ends.
            // (a scanner error: its 0-based line plus one, none on the first).
            let last = text.matches('\n').count();
            return if last == 0 {
                "yaml: found unexpected end of stream".into()
            } else {
                format!("yaml: line {}: found unexpected end of stream", last + 1)
            };
        }
        "expected ',' or ']'" | "expected ',' or '}'" | "illegal placement of ':' indicator" => {
            (false, flow.to_string())
        }
        p if p.starts_with("tabs disallowed") => (
            true,
            "found character that cannot start any token".to_string(),
        ),
        p => (
            p.starts_with("found ") || p.contains("not allowed") || p.starts_with("could not find"),
            p.to_string(),
        ),
    };
    let zero_based = line.saturating_sub(1);
    let shown = if scanner { zero_based + 1 } else { zero_based };
    if zero_based == 0 {
        format!("yaml: {message}")
    } else {
        format!("yaml: line {shown}: {message}")
    }
}

/// kubectl's client-side validation of the two fields every object needs.
fn check(source: &str, obj: &Value) -> Result<(), KubeError> {
    let mut missing = Vec::new();
    if obj["apiVersion"].as_str().is_none_or(str::is_empty) {
        missing.push("apiVersion not set");
    }
    if obj["kind"].as_str().is_none_or(str::is_empty) {
        missing.push("kind not set");
    }
    if missing.is_empty() {
        return Ok(());
    }
    let what = if missing.len() == 1 {
        missing[0].to_string()
    } else {
        format!("[{}]", missing.join(", "))
    };
    Err(KubeError::Client(format!(
        "error validating \"{source}\": error validating data: {what}; if you choose to ignore these errors, turn validation off with --validate=false"
    )))
}

/// Every object the `-f` arguments name.
pub fn load(ctx: &Ctx<'_>, args: &[String], recursive: bool) -> Result<Vec<Doc>, KubeError> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            out.extend(parse("STDIN", &String::from_utf8_lossy(&ctx.stdin))?);
            continue;
        }
        if a.starts_with("http://") || a.starts_with("https://") {
            return Err(KubeError::Client(format!(
                "unable to read URL \"{a}\": a browser terminal cannot fetch manifests from other sites; save the file and use -f FILE"
            )));
        }
        for f in files(ctx, a, recursive)? {
            let path = kterm_shell::fs::resolve(&ctx.sh.cwd, &f);
            let bytes = ctx
                .sh
                .fs
                .read(&path)
                .map_err(|e| KubeError::Client(format!("{f}: {e}")))?;
            out.extend(parse(&f, &String::from_utf8_lossy(bytes))?);
        }
    }
    Ok(out)
}

/// The resource serving `apiVersion` and `kind`.
pub fn mapping<'a>(all: &'a [ApiResource], obj: &Value) -> Option<&'a ApiResource> {
    let av = obj["apiVersion"].as_str().unwrap_or("");
    let (group, version) = av.split_once('/').unwrap_or(("", av));
    let kind = obj["kind"].as_str().unwrap_or("");
    all.iter()
        .find(|r| r.group == group && r.version == version && r.kind == kind)
}

/// kubectl's error when no resource serves an object's kind.
pub fn no_mapping(doc: &Doc, ns: &str) -> KubeError {
    let o = &doc.obj;
    KubeError::Client(format!(
        "resource mapping not found for name: \"{}\" namespace: \"{ns}\" from \"{}\": no matches for kind \"{}\" in version \"{}\"\nensure CRDs are installed first",
        o["metadata"]["name"].as_str().unwrap_or(""),
        doc.source,
        o["kind"].as_str().unwrap_or(""),
        o["apiVersion"].as_str().unwrap_or(""),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_errors_as_kubectl_words_them() {
        let y = |m: &str| format!("error converting YAML to JSON: yaml: {m}");
        // (text, this parser's error, what kubectl 1.37 prints)
        for (text, e, want) in [
            ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: 1\n", "while parsing a block mapping, did not find expected key at byte 56 line 5 column 6", y("line 4: did not find expected key")),
            ("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n \"metadata\": {\"name\": \"x\"\n", "while parsing a flow mapping, did not find expected ',' or '}' at byte 68 line 3 column 1", "unexpected EOF".to_string()),
            ("a: \"b\n", "while scanning a quoted scalar, found unexpected end of stream at byte 3 line 1 column 4", y("line 2: found unexpected end of stream")),
            ("a: b\nb: [c\nd: e\n", "illegal placement of ':' indicator at byte 12 line 3 column 2", y("line 2: did not find expected ',' or ']'")),
            ("a: b: c\n", "mapping values are not allowed in this context at byte 4 line 1 column 5", y("mapping values are not allowed in this context")),
            ("a: b\n  c: d\n", "mapping values are not allowed in this context at byte 8 line 2 column 4", y("line 2: mapping values are not allowed in this context")),
            ("a: {b: c\n", "while parsing a flow mapping, did not find expected ',' or '}' at byte 9 line 2 column 1", y("line 1: did not find expected ',' or '}'")),
            ("a: *x\n", "while parsing node, found unknown anchor at byte 3 line 1 column 4", y("unknown anchor 'x' referenced")),
            ("a:\n  - b\n  c: d\n", "while parsing a block collection, did not find expected '-' indicator at byte 11 line 3 column 3", y("line 2: did not find expected '-' indicator")),
            ("[1, 2\n", "while parsing a flow sequence, expected ',' or ']' at byte 6 line 2 column 1", y("line 1: did not find expected ',' or ']'")),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n", "tabs disallowed within this context (block indentation) at byte 42 line 4 column 2", y("line 4: found character that cannot start any token")),
        ] {
            assert_eq!(go_decode_error(text, e), want, "{text:?}");
        }
    }
    use serde_json::json;

    #[test]
    fn documents_and_lists() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n- {apiVersion: apps/v1, kind: Deployment, metadata: {name: c}}\n";
        let docs = parse("x.yaml", text).unwrap();
        let names: Vec<&str> = docs
            .iter()
            .map(|d| d.obj["metadata"]["name"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(
            parse("y.yaml", "metadata: {name: a}\n").unwrap_err(),
            KubeError::Client("error validating \"y.yaml\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false".into())
        );
        assert_eq!(
            parse("z.json", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"n\"}}").unwrap()[0].obj,
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}})
        );
    }
}
