#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! What the verb tables give besides dispatch: Tab offers every flag a
//! verb has (the old hand-kept lists had drifted), `VERB --help` lists
//! them with their help, and the read-only policy answers from the table.

mod common;

use common::{sh, Term};

#[tokio::test(flavor = "current_thread")]
async fn completion_help_and_policy_come_from_the_table() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let cases: &[(&str, &[&str])] = &[
        ("kubectl get pods --watch-o", &["--watch-only"]),
        ("kubectl get pods --ignore-n", &["--ignore-not-found"]),
        ("kubectl get pods --templ", &["--template"]),
        ("kubectl delete pod x --dry-run s", &["server"]),
        ("kubectl rollout st", &["status"]),
        ("kubectl create dep", &["deployment"]),
        ("kubectl config use-", &["use-context"]),
        ("oc new-p", &["new-project"]),
    ];
    common::completions(&mut shell, &host, cases).await;

    let (out, err, code) = sh(&mut shell, &host, "kubectl get --help").await;
    assert_eq!((err.as_str(), code), ("", 0));
    assert!(out.starts_with("List one or many resources.\n"), "{out}");
    assert!(out.contains("    --watch-only=false:\n\t"), "{out}");
    assert!(out.contains("    -n, --namespace='':\n\t"), "{out}");
    let (out, _, _) = sh(&mut shell, &host, "oc --help").await;
    assert!(out.contains("OpenShift Commands:\n  login "), "{out}");
    assert!(
        out.contains("  get             List one or many resources\n"),
        "{out}"
    );

    let kubectl = shell.registry.get("kubectl").unwrap();
    let words = |l: &str| l.split_whitespace().map(String::from).collect::<Vec<_>>();
    assert_eq!(kubectl.mutates(&words("-n x get pods")), None);
    assert_eq!(
        kubectl
            .mutates(&words("rollout undo deploy/web"))
            .as_deref(),
        Some("rollout undo")
    );
}
