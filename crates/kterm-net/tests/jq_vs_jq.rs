#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! jq against the real jq: the same filters, options and inputs, compared
//! on stdout, stderr and exit status. The jq here is Debian's 1.6; kterm's
//! jq speaks 1.7, so the few texts 1.7 changed are mapped on 1.6's side
//! (`KNOWN_1_7`) before comparing.

mod common;

use common::{real, scratch, Term};

const DOC: &str = r#"{"access_token":"eyJhbGciOi.x.y","refresh_token":"OKabc","token_type":"Bearer","expires_in":3600,"expiration":1767229200,"scope":"ibm openid","resources":[{"metadata":{"guid":"b3c8a1d2"},"entity":{"name":"Demo Account","state":"ACTIVE","paid":true}},{"metadata":{"guid":"f00d"},"entity":{"name":"Other \"quoted\" é\tx","state":"SUSPENDED","paid":false}}],"clusters":[{"name":"mycluster","id":"c1","workers":3,"cpu":1.5,"tags":[]},{"name":"dev","id":"c2","workers":1,"cpu":0.25,"tags":["a","b"],"extra":{}}]}"#;

/// 1.6's wording where 1.7 changed it.
const KNOWN_1_7: &[(&str, &str)] = &[
    ("with string \"", "with \""),
    ("parse error: ", "jq: parse error: "),
    ("Unknown option --", "Unknown option: --"),
    ("stedolan.github.io", "jqlang.github.io"),
    (
        "--indent takes a number between -1 and 7",
        "Cannot indent more than 7 characters",
    ),
];

fn cases() -> Vec<(Vec<&'static str>, &'static str)> {
    let d = DOC;
    vec![
        (vec!["."], d),
        (vec!["-c", "."], d),
        (vec!["--tab", ".clusters[0]"], d),
        (vec!["--indent", "4", ".resources[0]"], d),
        (vec!["--indent", "0", ".resources[0]"], d),
        (vec!["-r", ".access_token"], d),
        (vec!["-r", ".resources[].metadata.guid"], d),
        (vec![".resources[].entity.name"], d),
        (vec!["-r", ".resources[].entity.name"], d),
        (vec!["-j", ".clusters[].name"], d),
        (vec!["-c", ".clusters[] | {name, id}"], d),
        (vec!["-r", ".clusters[] | \"\\(.name) \\(.workers)\""], d),
        (vec!["-c", "[.clusters[] | select(.workers > 1) | .name]"], d),
        (vec!["-c", ".clusters | map(.cpu * 2)"], d),
        (vec!["-c", ".clusters | sort_by(.name) | map(.id)"], d),
        (vec!["-c", ".clusters | group_by(.workers > 1) | map(length)"], d),
        (vec!["-c", "keys"], d),
        (vec!["-c", ".clusters[0] | to_entries"], d),
        (vec!["-c", ".clusters[1] | with_entries(.value |= tostring)"], d),
        (vec!["-c", "del(.resources) | del(.clusters) | keys_unsorted"], d),
        (vec!["-c", ".expires_in |= . + 1 | .expires_in"], d),
        (vec!["-r", ".scope | split(\" \") | join(\",\")"], d),
        (vec!["-r", ".token_type | ascii_downcase, length, test(\"ear\")"], d),
        (vec!["-r", ".refresh_token | @base64, (@base64 | @base64d), @uri"], d),
        (vec!["-r", ".clusters[] | [.name, .workers] | @csv, @tsv"], d),
        (vec!["-c", "[.clusters[].workers] | add, min, max, (add / length)"], d),
        (vec!["-c", ".missing // \"default\", (.clusters | length), has(\"scope\")"], d),
        (vec!["-c", "reduce .clusters[] as $c (0; . + $c.workers)"], d),
        (vec!["-c", "[paths] | length"], d),
        (vec!["-c", "try error(\"boom\") catch ."], d),
        (vec!["-c", ".clusters[] | .tags[0]?"], d),
        (vec!["-c", "[.clusters[].tags[]] | unique, flatten, first, last"], d),
        (vec!["-c", "[limit(2; .resources[])] | length"], d),
        (vec!["-c", ".scope | sub(\"ibm\"; \"IBM\"), gsub(\"i\"; \"I\"), startswith(\"ibm\"), ltrimstr(\"ibm \")"], d),
        (vec!["-c", "tojson | fromjson | .expires_in"], d),
        (vec!["-c", "getpath([\"clusters\", 0, \"name\"]), any(.clusters[]; .workers > 2), all(.clusters[]; .workers > 2)"], d),
        (vec!["-n", "1 + 1, 1 / 3, 10 / 2, pow(2; 10), (16 | sqrt), (3.7 | floor), 0.1 + 0.2, 1e15, 1e16, 1e300 * 10, -0.00001"], ""),
        (vec!["-nc", "[range(5)], [range(1; 10; 3)]"], ""),
        (vec!["-n", "if true then \"y\" else \"n\" end"], ""),
        (vec!["-n", "\"a\\u0001\\u007fb\" , \"é\", [], {}, null, true"], ""),
        (vec!["-e", ".missing"], d),
        (vec!["-e", ".clusters[0].tags | length == 1"], d),
        (vec!["-e", ".scope"], d),
        (vec!["-e", "empty"], d),
        (vec!["-s", "-c", "map(.a)"], "{\"a\":1}\n{\"a\":2} {\"a\":3}"),
        (vec!["-c", "."], "1 [2] {\"x\":3}\n\"s\""),
        (vec!["-c", "--arg", "name", "mycluster", ".clusters[] | select(.name == $name) | .id"], d),
        (vec!["-c", "--argjson", "n", "{\"w\":2}", ".clusters | map(select(.workers > $n.w)) | length"], d),
        (vec!["-nc", "--arg", "a", "1", "$ARGS.named"], ""),
        (vec!["-n", "[inputs] | length"], "1 2 3"),
        (vec!["-n", "input"], "7 8"),
        (vec!["-r", ".[]"], "[\"x\\ny\", 1, null]"),
        // Errors.
        (vec![".[]"], "1\n"),
        (vec![".[]"], "null"),
        (vec![".a"], "1"),
        (vec![".[] | .a"], "[1, {\"a\": 2}]"),
        (vec!["error(\"custom\")"], "{}\n"),
        (vec!["error({\"a\":1})"], "{}\n"),
        (vec![". - 1"], "\"a\"\n"),
        (vec![".a"], "1\n2\n"),
        (vec!["-n", "1 | .[]"], ""),
        (vec!["foo"], "1"),
        (vec!["$x"], "1"),
        (vec!["."], "{\n"),
        (vec!["."], "{a}\n"),
        (vec!["."], "1 x\n"),
        (vec!["."], "\"abc\n"),
        (vec!["."], "tru\n"),
        (vec!["-c", ".", "one.json", "two.json"], ""),
        (vec![".", "missing.json"], ""),
        (vec!["--foo", "."], "1"),
        (vec!["--indent", "9", "."], "1"),
    ]
}

#[tokio::test(flavor = "current_thread")]
async fn same_as_real_jq() {
    let mut failures = Vec::new();
    for (args, stdin) in cases() {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let dir = scratch("jq");
        std::fs::write(dir.join("one.json"), b"{\"a\":1}\n").unwrap();
        std::fs::write(dir.join("two.json"), b"[true]").unwrap();
        let want = real("jq", &args, stdin.as_bytes(), &dir).await.text();
        let mut t = Term::on("http://127.0.0.1:9");
        t.write_file("one.json", b"{\"a\":1}\n");
        t.write_file("two.json", b"[true]");
        let got = t.cmd("jq", &args, stdin.as_bytes()).await.text();
        let mut want_err = want.stderr.clone();
        for (old, new) in KNOWN_1_7 {
            want_err = want_err.replace(old, new);
        }
        // 1.6 exits 4 after a parse error, 1.7 exits 2.
        let status =
            if want_err.starts_with("jq: parse error") || want_err.contains("\njq: parse error") {
                2
            } else {
                want.status
            };
        let w = (want.stdout.as_str(), want_err.as_str(), status);
        let g = (got.stdout.as_str(), got.stderr.as_str(), got.status);
        if w != g {
            failures.push(format!(
                "jq {args:?} <<< {stdin:?}\n  real: {w:?}\n  ours: {g:?}"
            ));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
