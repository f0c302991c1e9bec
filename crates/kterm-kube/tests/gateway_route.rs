#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! A real cluster's API server lives on its own host, which a page cannot
//! reach: kubectl sends its requests to `<origin>/api/k8s/<cluster-id>`,
//! where the gateway forwards them. Here the sandbox stands in for the
//! gateway, and the kubeconfig names a server as IBM Cloud's do.

use std::rc::Rc;
use std::sync::Arc;

use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::TestHost;
use kterm_shell::{Cancel, Registry, Shell};
use kterm_sim::{Config, ManualClock, Sandbox};

const T0: i64 = 1_767_225_600_000;
const REAL: &str = "https://c100.us-south.containers.cloud.ibm.com:31234";

async fn sh(shell: &mut Shell, host: &TestHost, line: &str) -> (String, String, i32) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = shell
        .run_line(line, host, &mut out, &mut err, Cancel::new())
        .await;
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
        code,
    )
}

#[tokio::test(flavor = "current_thread")]
async fn a_cluster_on_its_own_host_is_reached_through_the_gateway_path() {
    let sb = Sandbox::new(Arc::new(ManualClock::new(T0)), Config::default());
    let origin = sb.serve_on_loopback().await.unwrap();
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_ibmcloud::register(&mut reg);
    kterm_kube::register(&mut reg);
    let mut shell = Shell::new(reg);
    shell.state.ext.insert(Client::new(
        Rc::new(NativeTransport::new()),
        Endpoints::ibm_cloud(&origin),
    ));
    let host = TestHost::default();
    host.advance_ms(T0 - kterm_shell::testing::T0_MS);
    for line in [
        "ibmcloud login --apikey demo-apikey -r us-south -g Default",
        "ibmcloud ks cluster config --cluster mycluster",
    ] {
        let (_, err, code) = sh(&mut shell, &host, line).await;
        assert_eq!((err.as_str(), code), ("", 0), "{line}");
    }
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
