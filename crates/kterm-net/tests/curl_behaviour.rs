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

/// The docs' whole chain on their own (2017-2019) host names, as the
/// browser test types it.
#[tokio::test(flavor = "current_thread")]
async fn docs_whole_chain_on_the_docs_hosts() {
    let origin = serve().await;
    let mut t = Term::on(&origin);
    let form =
        "-H \"Content-Type: application/x-www-form-urlencoded\" -H \"Accept: application/json\"";
    let iam = "https://iam.bluemix.net/identity/token";
    let auth = "-H \"Authorization: Bearer $ACCESS\" -H \"X-Auth-Refresh-Token: $REFRESH\"";
    let steps: Vec<(String, Option<&str>)> = vec![
        (format!("TOKEN=$(curl -s -X POST {form} -H \"Authorization: Basic Yng6Yng=\" -d \"grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=demo-apikey\" {iam})"), None),
        ("ACCESS=$(echo \"$TOKEN\" | jq -r .access_token); REFRESH=$(echo \"$TOKEN\" | jq -r .refresh_token)".into(), None),
        ("curl -s -H \"Authorization: Bearer $ACCESS\" https://accountmanagement.ng.bluemix.net/v1/accounts | jq -r '.resources[0] | \"\\(.metadata.guid) \\(.entity.name)\"'".into(), Some("b3c8a1d2e4f5061728394a5b6c7d8e9f Demo Account\n")),
        (format!("REGION=$(curl -s {auth} https://containers.bluemix.net/v1/regions | jq -r '.regions[] | select(.alias == \"us-south\") | .name')"), None),
        (format!("curl -s {auth} -H \"X-Region: $REGION\" https://containers.bluemix.net/v1/clusters | jq -r '.[].name'"), Some("mycluster\n")),
        (format!("ID=$(curl -s {auth} -H \"X-Region: $REGION\" https://containers.bluemix.net/v1/clusters | jq -r '.[0].id')"), None),
        ("URL=$(curl -s -H \"Authorization: $ACCESS\" -H \"X-Auth-Refresh-Token: $REFRESH\" -H \"X-Region: $REGION\" https://containers.bluemix.net/v1/clusters/$ID | jq -r .publicServiceEndpointURL); echo \"$URL\"".into(), Some("https://c7.us-south.containers.cloud.ibm.com:27078\n")),
        (format!("DRT=$(curl -s -X POST {form} -H \"Authorization: Basic Yng6Yng=\" -d \"delegated_refresh_token_expiry=600&receiver_client_ids=kube&response_type=delegated_refresh_token&refresh_token=$REFRESH&grant_type=refresh_token\" {iam} | jq -r .delegated_refresh_token)"), None),
        (format!("ID_TOKEN=$(curl -s -X POST {form} -H \"Authorization: Basic a3ViZTprdWJl\" -d \"refresh_token=$DRT&grant_type=urn:ibm:params:oauth:grant-type:delegated-refresh-token\" {iam} | jq -r .id_token)"), None),
        ("curl -sk -H \"Authorization: Bearer $ID_TOKEN\" \"$URL/api/v1/namespaces\" | jq -c '[.items[].metadata.name | select(. == \"default\" or . == \"kube-system\")] | sort'".into(), Some("[\"default\",\"kube-system\"]\n")),
        ("curl -s -o /dev/null -w '%{http_code}\\n' \"$URL/api/v1/namespaces\"".into(), Some("401\n")),
    ];
    for (line, want) in steps {
        let r = t.sh(&line).await;
        assert_eq!(r.status, 0, "{line}\n{}{}", s(&r.stdout), s(&r.stderr));
        if let Some(w) = want {
            assert_eq!(s(&r.stdout), w, "{line}\n{}", s(&r.stderr));
        }
    }
}
