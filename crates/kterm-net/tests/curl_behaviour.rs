#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! curl in the shell: the docs' API steps through the endpoint map and
//! into jq, Ctrl-C, credentials kept out of `-v`, files, the meter.

mod common;

use common::{binary_response, fixed_server, serve, silent_server, Term};
use kterm_shell::Cancel;

fn s(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[tokio::test(flavor = "current_thread")]
async fn docs_api_steps_through_the_endpoint_map() {
    let origin = serve().await;
    let mut t = Term::on(&origin);
    let r = t
        .sh("TOKEN=$(curl -s -X POST -H 'Content-Type: application/x-www-form-urlencoded' -H 'Accept: application/json' -d 'grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=demo-apikey' https://iam.cloud.ibm.com/identity/token | jq -r .access_token)")
        .await;
    assert_eq!(r.status, 0, "{}", s(&r.stderr));
    let r = t.sh("echo ${TOKEN:0:3}").await;
    assert_eq!(s(&r.stdout), "eyJ\n");
    let r = t
        .sh("curl -s -H \"Authorization: Bearer $TOKEN\" https://containers.cloud.ibm.com/global/v1/clusters | jq -r '.[].name'")
        .await;
    assert_eq!(r.status, 0, "{}", s(&r.stderr));
    assert!(
        s(&r.stdout).lines().any(|l| l == "mycluster"),
        "{}",
        s(&r.stdout)
    );
    // A wrong key: IAM's answer, and -f's exit status.
    let r = t
        .sh("curl -sS -f -d 'grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=wrong' https://iam.cloud.ibm.com/identity/token")
        .await;
    assert_eq!(r.status, 22);
    assert_eq!(
        s(&r.stderr),
        "curl: (22) The requested URL returned error: 400\n"
    );
    // A host the map does not know cannot be resolved.
    let r = t.sh("curl -sS https://nonexistent.invalid/x").await;
    assert_eq!(
        (s(&r.stderr), r.status),
        (
            "curl: (6) Could not resolve host: nonexistent.invalid\n".into(),
            6
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn verbose_masks_credentials() {
    let origin = serve().await;
    let mut t = Term::on(&origin);
    let r = t
        .sh("curl -sv -o out.json -u apikey:sekrit -H 'X-Auth-Refresh-Token: rt-sekrit' -b 'sid=sekrit' https://iam.cloud.ibm.com/identity/token -d apikey=sekrit")
        .await;
    let err = s(&r.stderr);
    assert!(
        !err.contains("sekrit") && !err.contains("YXBpa2V5OnNla3JpdA"),
        "{err}"
    );
    assert!(
        err.contains("> Authorization: Basic [redacted]\r\n"),
        "{err}"
    );
    assert!(
        err.contains("> X-Auth-Refresh-Token: [redacted]\r\n"),
        "{err}"
    );
    assert!(err.contains("> Cookie: [redacted]\r\n"), "{err}");
    assert!(
        err.contains("* Server auth using Basic with user 'apikey'\n"),
        "{err}"
    );
    assert!(
        err.contains("> POST /identity/token HTTP/1.1\r\n> Host: iam.cloud.ibm.com\r\n"),
        "{err}"
    );
    assert!(
        err.contains("* TLS: the server's certificate is verified by the gateway\n"),
        "{err}"
    );
    let r = t
        .sh("curl -skv --cacert ca.pem -o out.json https://iam.cloud.ibm.com/identity/token")
        .await;
    assert!(
        s(&r.stderr).contains("(-k/--cacert do not change that)"),
        "{}",
        s(&r.stderr)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn ctrl_c_aborts_the_request() {
    let silent = silent_server().await;
    let mut t = Term::on("http://127.0.0.1:9");
    let cancel = Cancel::new();
    let c = cancel.clone();
    let args = vec!["-s".to_string(), format!("{silent}/")];
    let start = std::time::Instant::now();
    let (r, ()) = futures::future::join(t.cmd_with("curl", &args, b"", cancel), async move {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        c.cancel();
    })
    .await;
    assert_eq!(r.status, 130);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

#[tokio::test(flavor = "current_thread")]
async fn binary_bodies_through_pipes_and_files() {
    let (resp, body) = binary_response();
    let b = fixed_server(resp).await;
    let mut t = Term::on("http://127.0.0.1:9");
    let r = t
        .sh(&format!("curl -s {b}/dir/blob.bin | cat > piped.bin"))
        .await;
    assert_eq!(r.status, 0, "{}", s(&r.stderr));
    assert_eq!(t.read_file("piped.bin").as_deref(), Some(&body[..]));
    let r = t.sh(&format!("curl -sO {b}/dir/blob.bin")).await;
    assert_eq!(r.status, 0, "{}", s(&r.stderr));
    assert_eq!(t.read_file("blob.bin").as_deref(), Some(&body[..]));
    let r = t.sh(&format!("curl -sSO {b}/")).await;
    assert_eq!(
        (s(&r.stderr), r.status),
        ("curl: (23) Remote file name has no length\n".into(), 23)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn progress_meter_when_the_body_is_not_on_the_terminal() {
    let (resp, body) = binary_response();
    let b = fixed_server(resp).await;
    let mut t = Term::on("http://127.0.0.1:9");
    let r = t.sh(&format!("curl -o x.bin {b}/x")).await;
    let err = s(&r.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with("  % Total    % Received"), "{err}");
    let n = body.len();
    assert!(
        lines[2].starts_with(&format!("100   {n}  100   {n}    0     0 ")),
        "{err}"
    );
}
