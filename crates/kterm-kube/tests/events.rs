#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `kubectl events` against the sandbox over real HTTP, with exact
//! output (checked by hand against the real kubectl on a sandbox served
//! on the wall clock: only ages differ between two runs, so they are not
//! in the differential tests, whose sandboxes stand still at T0).

mod common;

use common::Term;

const BACKOFF: &str = "Back-off restarting failed container batch-worker in pod batch-worker-nthpw7gvgc-wkhlw_default";

#[tokio::test(flavor = "current_thread")]
async fn events_table() {
    let mut t = Term::logged_in().await;
    let warnings = format!("NAMESPACE   LAST SEEN            TYPE      REASON    OBJECT                              MESSAGE\ndefault     60s (x31 over 29m)   Warning   BackOff   Pod/batch-worker-nthpw7gvgc-wkhlw   {BACKOFF}\n");
    let for_pod = format!("LAST SEEN            TYPE      REASON      OBJECT                              MESSAGE\n30m                  Normal    Scheduled   Pod/batch-worker-nthpw7gvgc-wkhlw   Successfully assigned default/batch-worker-nthpw7gvgc-wkhlw to 10.176.48.60\n29m                  Normal    Pulled      Pod/batch-worker-nthpw7gvgc-wkhlw   Container image \"icr.io/demo/worker:0.9.0\" already present on machine\n29m                  Normal    Created     Pod/batch-worker-nthpw7gvgc-wkhlw   Created container: batch-worker\n29m                  Normal    Started     Pod/batch-worker-nthpw7gvgc-wkhlw   Started container batch-worker\n60s (x31 over 29m)   Warning   BackOff     Pod/batch-worker-nthpw7gvgc-wkhlw   {BACKOFF}\n");
    // Equal times keep the order Go's unstable sort leaves them in.
    let kube_system = "59d   Normal   Scheduled   Pod/coredns-84grnvt7f8-hcgmn          Successfully assigned kube-system/coredns-84grnvt7f8-hcgmn to 10.176.48.60\n59d   Normal   Scheduled   Pod/metrics-server-89nd4zj6bj-jjn84   Successfully assigned kube-system/metrics-server-89nd4zj6bj-jjn84 to 10.176.48.60\n59d   Normal   Pulled      Pod/coredns-84grnvt7f8-hcgmn          Container image \"icr.io/ext/coredns:1.12.1\" already present on machine\n59d   Normal   Pulled      Pod/metrics-server-89nd4zj6bj-jjn84   Container image \"icr.io/ext/metrics-server:v0.7.2\" already present on machine\n59d   Normal   Created     Pod/coredns-84grnvt7f8-hcgmn          Created container: coredns\n59d   Normal   Created     Pod/metrics-server-89nd4zj6bj-jjn84   Created container: metrics-server\n59d   Normal   Started     Pod/coredns-84grnvt7f8-hcgmn          Started container coredns\n59d   Normal   Started     Pod/metrics-server-89nd4zj6bj-jjn84   Started container metrics-server\n";
    common::table(
        &mut t.shell,
        &t.host,
        &[
            (
                "kubectl events --types=Warning -A",
                warnings.as_str(),
                "",
                0,
            ),
            (
                "kubectl events --for pod/batch-worker-nthpw7gvgc-wkhlw",
                for_pod.as_str(),
                "",
                0,
            ),
            (
                "kubectl events -n kube-system --no-headers",
                kube_system,
                "",
                0,
            ),
            (
                "kubectl events --for deploy/web",
                "",
                "No events found in default namespace.\n",
                0,
            ),
            (
                "kubectl events -n kube-public",
                "",
                "No events found in kube-public namespace.\n",
                0,
            ),
            (
                "kubectl events --for x",
                "",
                "error: --for must be in resource/name form\n",
                1,
            ),
            (
                "kubectl events --for pod/a/b",
                "",
                "error: arguments in resource/name form may not have more than one slash\n",
                1,
            ),
            (
                "kubectl events --for nope/x",
                "",
                "the server doesn't have a resource type \"nope\"\n",
                1,
            ),
            (
                "kubectl events --types=Bad",
                "",
                "error: valid --types are Normal or Warning\n",
                1,
            ),
        ],
    )
    .await;
}

/// `-w`: every current event, then new ones, until Ctrl-C (status 1).
#[tokio::test(flavor = "current_thread")]
async fn events_watch() {
    let mut t = Term::logged_in().await;
    let cancel = kterm_shell::Cancel::new();
    let c = cancel.clone();
    let stop = async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        c.cancel();
    };
    let (got, ()) = futures::join!(
        t.sh_with("kubectl events -w -A --types=Warning", cancel),
        stop
    );
    let want = format!("NAMESPACE   LAST SEEN            TYPE      REASON    OBJECT                              MESSAGE\ndefault     60s (x31 over 29m)   Warning   BackOff   Pod/batch-worker-nthpw7gvgc-wkhlw   {BACKOFF}\n");
    assert_eq!(got, (want, String::new(), 1));
}
