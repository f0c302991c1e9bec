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
        // Dates, in UTC (the real jq runs with TZ=UTC).
        (vec!["-c", "todate, gmtime, (gmtime | mktime), localtime, strflocaltime(\"%Y %H %Z\")"], "1425599621"),
        (vec!["-r", "strftime(\"%A %B %j %e %s %Z %z|%c|%D %T %U %W %V %G %g %u %w %C %y|%I %p %k %l %r %R %x %X %h %n|%t|%%\")"], "1425599621"),
        (vec!["-r", "strftime(\"%a %b %d %H:%M:%S %Y|%-d|%_H|%5Y|%Ey|%q\")"], "0 951782400 1230681600 1262217600 4102444800"),
        (vec!["-c", "gmtime, todate, (gmtime | strftime(\"%S\"))"], "1425599621.123 -1.5 -86401 1e12"),
        (vec!["-c", "fromdate, strptime(\"%Y-%m-%dT%H:%M:%SZ\"), fromdateiso8601, todateiso8601?"], "\"2015-03-05T23:51:47Z\""),
        (vec!["-c", ".[0] as $f | .[1] | strptime($f)"], "[\"%H:%M\", \"10:20\"] [\"%Y %j\", \"2015 064\"] [\"%A, %B %d %Y %I:%M %p\", \"Thursday, March 5 2015 11:51 PM\"] [\"%s\", \"1425599621\"] [\"%y-%m-%d\", \"15-03-05 \"] [\"%F\", \"2015-03-05\"] [\"%b %e %Y\", \"mar 5 2015\"] [\"%Y%m%d\", \"20150305\"] [\"%Y-%m-%d\", \"  2015-3-5\"] [\"%r\", \"12:30:00 AM\"] [\"%d/%m/%Y %T %z\", \"29/02/2000 01:02:03 +0100\"]"),
        (vec!["-c", "mktime"], "[2015,13,35,25,61,61,0,0] [2015,2,5,23,51,47.9,4,63] [1970,0,1,0,0,0,4,0]"),
        (vec!["-c", "strftime(\"%S %A %j\")"], "[2015,2,5,23,51,47.9,4,63]"),
        (vec!["-c", "[.[] | try fromdate catch .]"], "[\"2015-03-05T23:51:47.5Z\", \"2015-03-05\", \"2015-03-05T23:51:47Z\"]"),
        (vec!["strptime(\"%Y-%m-%d\")"], "\"2015-03-05x\""),
        (vec!["strptime(\"%Y\")"], "1"),
        (vec!["strptime(1)"], "\"x\""),
        (vec!["strftime(\"%Y\")"], "\"x\""),
        (vec!["strftime(\"%Y\")"], "{}"),
        (vec!["strftime(1)"], "[2015,2,5,23,51,47,4,63]"),
        (vec!["strftime(\"%Y\")"], "[2015,2,5,23,51,47]"),
        (vec!["strftime(\"\")"], "0"),
        (vec!["strflocaltime(\"%Y\")"], "\"x\""),
        (vec!["mktime"], "[2015,2,5]"),
        (vec!["mktime"], "[2015,2,5,23,51,47]"),
        (vec!["mktime"], "\"a\""),
        (vec!["mktime"], "[2015,2,5,23,51,47,\"x\",0]"),
        (vec!["mktime"], "[1969,11,31,23,59,59,0,0]"),
        (vec!["gmtime"], "\"a\""),
        (vec!["localtime"], "\"a\""),
        // The formats, math and regex filters kterm provides beside jaq-std's.
        (vec!["-r", "@html, @uri, @base64, (@base64 | @base64d), @sh"], "\"<a href=x>&\\\"é ü/?=\""),
        (vec!["-c", "[frexp], [modf], ldexp(3; 2), (100 | log10), (2 | exp2), ([3, 4] | hypot(.[0]; .[1])), (10 | significand, logb), fmin(1; 2), fmax(1; 2), (-2.5 | fabs, trunc, rint, nearbyint), (8 | cbrt), pow(2; 0.5), atan2(1; 1)"], "6.5"),
        (vec!["-c", "[match(\"(?<x>[a-z]+)-(\\\\d+)\"; \"g\")], [capture(\"(?<x>[a-z]+)-(?<n>\\\\d+)\")], [scan(\"\\\\d\")], [splits(\", *\")], [match(\"(a)|(z)\"; \"g\")], [capture(\"(?<a>a)|(?<z>z)\")], test(\"AB\"; \"i\"), sub(\"(?<d>\\\\d)\"; \"<\\(.d)>\"; \"g\"), ascii_downcase"], "\"ab-12, cd-3,é-4\""),
        (vec!["test(\"a\"; \"q\")"], "\"x\""),
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
        let with_tz: Vec<String> = ["TZ=UTC", "jq"]
            .iter()
            .map(|a| a.to_string())
            .chain(args.iter().cloned())
            .collect();
        let want = real("env", &with_tz, stdin.as_bytes(), &dir).await.text();
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
