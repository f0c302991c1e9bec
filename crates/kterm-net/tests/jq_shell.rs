#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! jq in the shell: pipes, session files, the terminal's clock and
//! environment, exit statuses the shell tests.

mod common;

use common::Term;

#[tokio::test(flavor = "current_thread")]
async fn jq_in_the_shell() {
    let mut t = Term::on("http://127.0.0.1:9");
    let cases: &[(&str, &str, i32)] = &[
        ("echo '{\"a\":{\"b\":[1,2]}}' | jq -c .a.b", "[1,2]\n", 0),
        ("printf '{\"k\":\"v\"}' > f.json; jq -r .k f.json", "v\n", 0),
        (
            "export ACCOUNT=abc; jq -rn 'env.ACCOUNT, $ENV.ACCOUNT'",
            "abc\nabc\n",
            0,
        ),
        ("jq -n 'now | type'", "\"number\"\n", 0),
        ("jq -n 'now > 1700000000'", "true\n", 0),
        // jq 1.7's date helpers (Debian's jq 1.6 lacks them).
        (
            "jq -nc '1425599621 | date, dateadd(\"seconds\"; 10), datesub(\"seconds\"; 10)'",
            "\"2015-03-05T23:53:41Z\"\n1425599631\n1425599611\n",
            0,
        ),
        (
            "jq -n 'now | todate | test(\"^20[0-9-]+T[0-9:]+Z$\")'",
            "true\n",
            0,
        ),
        (
            "if echo null | jq -e . >/dev/null; then echo yes; else echo no $?; fi",
            "no 1\n",
            0,
        ),
        (
            "ID=$(echo '[{\"id\":\"x1\"}]' | jq -r '.[0].id'); echo \"id=$ID\"",
            "id=x1\n",
            0,
        ),
        (
            "echo 1 | jq '.[]' 2>&1; echo $?",
            "jq: error (at <stdin>:1): Cannot iterate over number (1)\n5\n",
            0,
        ),
    ];
    for (line, want, status) in cases {
        let r = t.sh(line).await;
        assert_eq!(
            (String::from_utf8_lossy(&r.stdout).as_ref(), r.status),
            (*want, *status),
            "{line}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn ctrl_c_stops_an_endless_filter() {
    let mut t = Term::on("http://127.0.0.1:9");
    let cancel = kterm_shell::Cancel::new();
    let c = cancel.clone();
    let args = vec!["-n".to_string(), "repeat(1)".to_string()];
    let (r, ()) = futures::future::join(t.cmd_with("jq", &args, b"", cancel), async move {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        c.cancel();
    })
    .await;
    assert_eq!(r.status, 130);
    assert!(r.stdout.starts_with(b"1\n1\n"));
}
