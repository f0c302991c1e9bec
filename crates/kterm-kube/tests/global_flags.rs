#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Global flags over real HTTP against the sandbox: `-v` request logs
//! with tokens masked, `--request-timeout`, `--server`/`--token`,
//! `--user`/`--cluster`, users a browser cannot authenticate as, and the
//! oidc id-token renewed through IAM and written back to the kubeconfig.

mod common;

use common::{sh, table, Term};
use kterm_shell::Shell;

fn id_token(shell: &Shell) -> String {
    let cfg = kterm_kubeconfig::Loaded::load(&shell.state, None)
        .unwrap()
        .config
        .to_value();
    cfg["users"][0]["user"]["auth-provider"]["config"]["id-token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn server(shell: &Shell) -> String {
    let cfg = kterm_kubeconfig::Loaded::load(&shell.state, None)
        .unwrap()
        .config
        .to_value();
    cfg["clusters"][0]["cluster"]["server"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "current_thread")]
async fn verbose_logs_requests_with_tokens_masked() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let server = server(&shell);
    let (out, err, code) = sh(&mut shell, &host, "kubectl get ns kube-system -v=6").await;
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "NAME          STATUS   AGE\nkube-system   Active   60d\n"
    );
    let lines: Vec<&str> = err.lines().collect();
    // Discovery first, then the object; times are the test clock's.
    let head = "I0101 00:00:00.000000       1 ";
    assert_eq!(
        lines[0],
        format!("{head}loader.go:408] Config loaded from file:  /home/user/.kube/config")
    );
    assert_eq!(
        *lines.last().unwrap(),
        format!("{head}round_trippers.go:632] \"Response\" verb=\"GET\" url=\"{server}/api/v1/namespaces/kube-system\" status=\"200 OK\" milliseconds=0")
    );
    let (_, err, _) = sh(&mut shell, &host, "kubectl -v=8 get ns nope").await;
    assert!(err.contains("\"Request\" verb=\"GET\""), "{err}");
    assert!(err.contains("\tAuthorization: Bearer <masked>\n"), "{err}");
    assert!(
        err.contains("\"Response\" status=\"404 Not Found\" milliseconds=0\n"),
        "{err}"
    );
    assert!(
        err.contains("helper.go:105] \"Request Body\" body=\"\"\n"),
        "{err}"
    );
    assert!(
        err.contains("\"Response Body\" body=\"{\\\"kind\\\":\\\"Status\\\""),
        "{err}"
    );
    assert!(
        err.ends_with("Error from server (NotFound): namespaces \"nope\" not found\n"),
        "{err}"
    );
    let token = id_token(&shell);
    assert!(!err.contains(&token), "the token never shows");
    // Without -v nothing is logged.
    let (_, err, _) = sh(&mut shell, &host, "kubectl get ns kube-system").await;
    assert_eq!(err, "");
}

#[tokio::test(flavor = "current_thread")]
async fn overrides_timeouts_and_unusable_users() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let server = server(&shell);
    let token = id_token(&shell);
    let cases: Vec<(String, &str, String, i32)> = vec![
        (
            "kubectl get ns --request-timeout=soon".into(),
            "",
            "error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n".into(),
            1,
        ),
        (
            // The test host's timer fires at once, before any answer.
            "kubectl get ns --request-timeout=5s".into(),
            "",
            "Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)\n".into(),
            1,
        ),
        (
            format!("KUBECONFIG=/nowhere kubectl --server {server} --token {token} get ns default -o name"),
            "namespace/default\n",
            String::new(),
            0,
        ),
        (
            format!("KUBECONFIG=/nowhere kubectl -s {server} get ns default"),
            "",
            "error: You must be logged in to the server (Unauthorized)\n".into(),
            1,
        ),
        (
            "kubectl config set-credentials plugin --exec-command=gke-gcloud-auth-plugin --exec-api-version=client.authentication.k8s.io/v1beta1 && kubectl get pods --user plugin".into(),
            "User \"plugin\" set.\n",
            "error: user \"plugin\" gets its credentials from the exec plugin \"gke-gcloud-auth-plugin\", and a browser cannot run programs; use a token (kubectl config set-credentials plugin --token=TOKEN) or the oidc auth-provider that ibmcloud ks cluster config writes\n".into(),
            1,
        ),
        (
            "kubectl config set-credentials cert --client-certificate=/tmp/c.pem --client-key=/tmp/k.pem && kubectl get pods --user=cert".into(),
            "User \"cert\" set.\n",
            "error: user \"cert\" authenticates with a client certificate, and a browser cannot present one to the API server; use a token (kubectl config set-credentials cert --token=TOKEN) or the oidc auth-provider that ibmcloud ks cluster config writes\n".into(),
            1,
        ),
        (
            format!("kubectl config set-credentials tok --token={token} && kubectl config set-cluster other --server=https://nowhere.invalid && kubectl get ns default -o name --user=tok --cluster=other"),
            "User \"tok\" set.\nCluster \"other\" set.\n",
            "The connection to the server nowhere.invalid was refused - did you specify the right host or port?\n".into(),
            1,
        ),
        (
            "KUBECONFIG=/nowhere kubectl cluster-info".into(),
            "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
            "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n".into(),
            1,
        ),
        (
            "kubectl get ns default -o name --user=tok".into(),
            "namespace/default\n",
            String::new(),
            0,
        ),
    ];
    table(&mut shell, &host, &cases).await;
}

#[tokio::test(flavor = "current_thread")]
async fn expired_oidc_token_is_renewed_and_saved() {
    let Term {
        mut shell,
        host,
        clock,
        ..
    } = Term::logged_in().await;
    let before = id_token(&shell);
    // Two hours later the id-token (one hour) has expired.
    clock.advance_ms(2 * 3_600_000);
    host.advance_ms(2 * 3_600_000);
    let (out, err, code) = sh(&mut shell, &host, "kubectl get ns default -o name").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("namespace/default\n", "", 0)
    );
    let after = id_token(&shell);
    assert_ne!(before, after, "the new id-token is written back");
    // The renewed token is used as is next time (no second refresh).
    let (_, _, code) = sh(&mut shell, &host, "kubectl get ns default -o name").await;
    assert_eq!(code, 0);
    assert_eq!(id_token(&shell), after);
}

#[tokio::test(flavor = "current_thread")]
async fn a_refused_refresh_is_reported() {
    let Term {
        mut shell,
        host,
        clock,
        ..
    } = Term::logged_in().await;
    let cfg = kterm_kubeconfig::Loaded::load(&shell.state, None)
        .unwrap()
        .config
        .to_value();
    let user = cfg["users"][0]["name"].as_str().unwrap().to_string();
    let (out, _, code) = sh(
        &mut shell,
        &host,
        &format!("kubectl config set-credentials {user} --auth-provider-arg=refresh-token=bogus"),
    )
    .await;
    assert_eq!((out, code), (format!("User \"{user}\" set.\n"), 0));
    clock.advance_ms(2 * 3_600_000);
    host.advance_ms(2 * 3_600_000);
    let (out, err, code) = sh(&mut shell, &host, "kubectl get ns").await;
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(
        err.starts_with("Unable to connect to the server: failed to refresh token: oauth2: cannot fetch token: 400 Bad Request\nResponse: {"),
        "{err}"
    );
    assert!(err.contains("BXNIM0407E"), "{err}");
}

/// Streams are traced like requests: a watch (`get -w`, `rollout
/// status`), `logs` and exec's WebSocket upgrade each log their request
/// (from 7, the token masked) and their status once the stream opens;
/// their bodies are never logged, and the token never shows, not even in
/// the WebSocket's bearer subprotocol.
#[tokio::test(flavor = "current_thread")]
async fn streams_are_traced() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let server = server(&shell);
    let token = id_token(&shell);
    let head = "I0101 00:00:00.000000       1 ";
    let cm = format!("{server}/api/v1/namespaces/kube-public/configmaps");
    // A watch that sees nothing until Ctrl-C.
    let cancel = kterm_shell::Cancel::new();
    let c = cancel.clone();
    let stop = async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        c.cancel();
    };
    let (got, ()) = futures::join!(
        common::sh_with(
            &mut shell,
            &host,
            "kubectl get cm kube-root-ca.crt -n kube-public -w --watch-only -v=6",
            cancel
        ),
        stop
    );
    assert_eq!((got.0.as_str(), got.2), ("", 1));
    assert!(
        got.1.ends_with(&format!("{head}round_trippers.go:632] \"Response\" verb=\"GET\" url=\"{cm}?fieldSelector=metadata.name%3Dkube-root-ca.crt&resourceVersion=0&watch=true\" status=\"200 OK\" milliseconds=0\n")),
        "{}",
        got.1
    );
    // rollout status's watch: the watch-list form.
    let (out, err, code) = sh(&mut shell, &host, "kubectl rollout status deploy/web -v=6").await;
    assert_eq!(
        (out.as_str(), code),
        ("deployment \"web\" successfully rolled out\n", 0)
    );
    let deploys = format!("{server}/apis/apps/v1/namespaces/default/deployments");
    assert!(
        err.ends_with(&format!("{head}round_trippers.go:632] \"Response\" verb=\"GET\" url=\"{deploys}?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dweb&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=300&watch=true\" status=\"200 OK\" milliseconds=0\n")),
        "{err}"
    );
    // A log stream: its request and status, not its lines.
    let (out, err, code) = sh(
        &mut shell,
        &host,
        "kubectl logs web-ctlrfs7p7j-648d2 --tail=1 -v=8",
    )
    .await;
    assert_eq!(code, 0);
    let log = format!("{server}/api/v1/namespaces/default/pods/web-ctlrfs7p7j-648d2/log?container=web&tailLines=1");
    assert!(
        err.contains(&format!("{head}round_trippers.go:527] \"Request\" verb=\"GET\" url=\"{log}\" headers=<\n\tAccept: application/json\n\tUser-Agent: kubectl/v1.37.1 (kterm)\n\tAuthorization: Bearer <masked>\n >\n{head}round_trippers.go:632] \"Response\" status=\"200 OK\" milliseconds=0\n")),
        "{err}"
    );
    assert!(
        !err.contains(out.trim_end()),
        "the log's text is not traced: {err}"
    );
    // exec's WebSocket upgrade.
    let (out, err, code) = sh(
        &mut shell,
        &host,
        "kubectl exec web-ctlrfs7p7j-648d2 -v=7 -- cat /etc/hostname",
    )
    .await;
    assert_eq!((out.as_str(), code), ("web-ctlrfs7p7j-648d2\n", 0));
    let exec = format!("{server}/api/v1/namespaces/default/pods/web-ctlrfs7p7j-648d2/exec?command=cat&command=%2Fetc%2Fhostname&container=web&stderr=true&stdout=true");
    assert!(
        err.ends_with(&format!("{head}round_trippers.go:527] \"Request\" verb=\"GET\" url=\"{exec}\" headers=<\n\tUser-Agent: kubectl/v1.37.1 (kterm)\n\tAuthorization: Bearer <masked>\n\tSec-Websocket-Protocol: v5.channel.k8s.io\n >\n{head}round_trippers.go:632] \"Response\" status=\"101 Switching Protocols\" milliseconds=0\n")),
        "{err}"
    );
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&token);
    assert!(
        !err.contains(&token) && !err.contains(&b64),
        "the token never shows"
    );
}
