#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! A real cluster's API server lives on its own host, which a page cannot
//! reach: kubectl sends its requests to `<origin>/api/k8s/<cluster-id>`,
//! where the gateway forwards them. Here the sandbox stands in for the
//! gateway, and the kubeconfig names a server as IBM Cloud's do.

mod common;

use common::{sh, Term};

const REAL: &str = "https://c100.us-south.containers.cloud.ibm.com:31234";

#[tokio::test(flavor = "current_thread")]
async fn a_cluster_on_its_own_host_is_reached_through_the_gateway_path() {
    let Term {
        mut shell,
        host,
        origin,
        ..
    } = Term::logged_in().await;
    let direct = sh(&mut shell, &host, "kubectl get ns").await;
    assert_eq!(direct.2, 0, "{direct:?}");

    // The kubeconfig now names the cluster's public endpoint, as IBM Cloud's do.
    let path = "/home/user/.kube/config";
    let text = String::from_utf8(shell.state.fs.read(path).unwrap().to_vec()).unwrap();
    let sandbox_server = format!("{origin}/api/k8s/cnvgf7md0b9ab3c5mcl0");
    assert!(text.contains(&sandbox_server), "{text}");
    let text = text.replace(&sandbox_server, REAL);
    shell.state.fs.write(path, text.into_bytes(), 0).unwrap();

    assert_eq!(sh(&mut shell, &host, "kubectl get ns").await, direct);
}
