#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! kterm's kubectl against the sandbox over real HTTP, after the IBM docs
//! steps (`ibmcloud login`, `ibmcloud ks cluster config`), with exact output.

mod common;

use common::{login, sh, table, Term, DEMO_APIKEY};

#[tokio::test(flavor = "current_thread")]
async fn ibm_docs_workflow_then_kubectl() {
    let Term {
        mut shell, host, ..
    } = Term::new().await;
    login(&mut shell, &host, DEMO_APIKEY).await;
    assert_eq!(
        kterm_kube::prompt_segment(&shell.state).as_deref(),
        Some("mycluster")
    );
    let cases: &[(&str, &str, &str, i32)] = &[
        ("kubectl version --short", "Client Version: v1.37.1\nServer Version: v1.36.3+IKS\n", "", 0),
        ("kubectl version --client", "Client Version: v1.37.1\nKustomize Version: v5.8.1\n", "", 0),
        ("kubectl config current-context", "mycluster/cnvgf7md0b9ab3c5mcl0\n", "", 0),
        (
            "kubectl get ns",
            "NAME              STATUS   AGE\ndefault           Active   60d\nibm-system        Active   60d\nkube-node-lease   Active   60d\nkube-public       Active   60d\nkube-system       Active   60d\n",
            "",
            0,
        ),
        (
            "kubectl get svc",
            "NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)    AGE\napi          ClusterIP   172.21.132.7   <none>        8080/TCP   2d\nkubernetes   ClusterIP   172.21.0.1     <none>        443/TCP    60d\nweb          ClusterIP   172.21.84.12   <none>        80/TCP     5d\n",
            "",
            0,
        ),
        ("kubectl get deploy -n kube-system -o name", "deployment.apps/coredns\ndeployment.apps/metrics-server\n", "", 0),
        ("kubectl get pods -n kube-public", "", "No resources found in kube-public namespace.\n", 0),
        ("kubectl get pod nope", "", "Error from server (NotFound): pods \"nope\" not found\n", 1),
        ("kubectl get foo", "", "error: the server doesn't have a resource type \"foo\"\n", 1),
        ("kubectl get pods --bogus", "", "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n", 1),
        ("kubectl config use-context nope", "", "error: no context exists with the name: \"nope\"\n", 1),
        (
            "kubectl config use-context mycluster/cnvgf7md0b9ab3c5mcl0 && kubectl config current-context",
            "Switched to context \"mycluster/cnvgf7md0b9ab3c5mcl0\".\nmycluster/cnvgf7md0b9ab3c5mcl0\n",
            "",
            0,
        ),
    ];
    table(&mut shell, &host, cases).await;

    let (out, _, code) = sh(&mut shell, &host, "kubectl get deploy,svc -A -l app=web").await;
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "NAMESPACE   NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndefault     deployment.apps/web   3/3     3            3           5d\n\nNAMESPACE   NAME          TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE\ndefault     service/web   ClusterIP   172.21.84.12   <none>        80/TCP    5d\n"
    );
    let (out, _, _) = sh(
        &mut shell,
        &host,
        "kubectl get pods -o wide -l app=api --no-headers | wc -l",
    )
    .await;
    assert_eq!(out.trim(), "2");
    let (out, _, _) = sh(&mut shell, &host, "kubectl get svc kubernetes -o json").await;
    assert!(
        out.starts_with(
            "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Service\",\n    \"metadata\": {\n"
        ),
        "{out}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn no_kubeconfig_means_localhost() {
    let Term {
        mut shell, host, ..
    } = Term::new().await;
    let (_, err, code) = sh(&mut shell, &host, "kubectl get pods").await;
    assert_eq!(
        (err.as_str(), code),
        ("The connection to the server localhost:8080 was refused - did you specify the right host or port?\n", 1)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn oc_login_with_an_api_key() {
    let Term {
        mut shell,
        host,
        origin,
        ..
    } = Term::new().await;
    let server = format!("{origin}/api/k8s/cnvgf7md0b9ab3c5mcl0");
    let (out, err, code) = sh(
        &mut shell,
        &host,
        &format!("oc login -u apikey -p demo-apikey --server={server}"),
    )
    .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "Login successful.\n\nYou have access to the following projects and can switch between them with 'oc project <projectname>':\n\n  * default\n    ibm-system\n    kube-node-lease\n    kube-public\n    kube-system\n\nUsing project \"default\".\n",
            "",
            0
        )
    );
    assert_eq!(
        sh(&mut shell, &host, "oc whoami").await.0,
        "IAM#demo@example.com\n"
    );
    assert_eq!(
        sh(&mut shell, &host, "oc project kube-system").await.0,
        format!("Now using project \"kube-system\" on server \"{server}\".\n")
    );
    assert_eq!(
        sh(&mut shell, &host, "oc get deploy -o name").await.0,
        "deployment.apps/coredns\ndeployment.apps/metrics-server\n"
    );
    let (_, err, code) = sh(&mut shell, &host, "oc project nope").await;
    assert_eq!(
        (err, code),
        (
            format!("error: A project named \"nope\" does not exist on \"{server}\".\n"),
            1
        )
    );
    let (_, err, code) = sh(
        &mut shell,
        &host,
        &format!("oc login -u apikey -p wrong --server={server}"),
    )
    .await;
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: Login failed (401 Unauthorized)"),
        "{err}"
    );
    // The key typed on the line never reaches the history.
    assert!(kterm_shell::editor::history::redact(&format!(
        "oc login -u apikey -p demo-apikey --server={server}"
    ))
    .contains("-p ****"));
}
