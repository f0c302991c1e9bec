#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Global flags over real HTTP against the sandbox: `-v` request logs
//! with tokens masked, `--request-timeout`, `--server`/`--token`,
//! `--user`/`--cluster`, users a browser cannot authenticate as, and the
//! oidc id-token renewed through IAM and written back to the kubeconfig.

mod common;

use common::{sh, table, Term};
use kterm_shell::Shell;

fn id_token(shell: &Shell) -> String {
    let cfg = kterm_kube::kubeconfig::load(&shell.state, None).unwrap();
    cfg["users"][0]["user"]["auth-provider"]["config"]["id-token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn server(shell: &Shell) -> String {
    let cfg = kterm_kube::kubeconfig::load(&shell.state, None).unwrap();
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
    let cfg = kterm_kube::kubeconfig::load(&shell.state, None).unwrap();
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
