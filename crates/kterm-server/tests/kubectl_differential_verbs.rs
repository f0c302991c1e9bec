#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The real kubectl and kterm's, each on its own fresh sandbox (harness
//! in common/mod.rs), run `rollout status` (the watch), `run`, `cordon`,
//! `uncordon`, `drain` and `attach`: stdout, stderr and exit code must be
//! identical. (`events` prints ages, which differ between the real
//! kubectl's wall clock and the sandbox's standing one.) The sandbox's clock stands still, so rollouts that are not
//! done stay so (`--timeout` ends them).
//!
//! (`kubectl run` sends its Pod as JSON, so the sandbox takes it as it
//! is; `-i`/`-t`/`--attach` are left out: the real one would wait a
//! minute for a pod that never starts on a clock standing still.)

mod common;

use common::Pair;

const FILES: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  labels: {app: shop}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: shop}\n  template:\n    metadata:\n      labels: {app: shop}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n",
    ),
    (
        "lonely.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lonely\nspec:\n  nodeName: 10.176.48.62\n  containers:\n  - name: c\n    image: nginx\n",
    ),
];

const COMMANDS: &[&str] = &[
    // rollout status: one watch, a line per event.
    "kubectl rollout status deploy/web",
    "kubectl rollout status deployment web --watch=false",
    "kubectl rollout status deploy/web --revision=1",
    "kubectl rollout status deploy/web --revision=7",
    "kubectl rollout status deploy/web --revision=-1",
    "kubectl rollout status deploy/web --timeout=soon",
    "kubectl rollout status deploy/nope",
    "kubectl rollout status cm/kube-root-ca.crt",
    "kubectl apply -f shop.yaml",
    "kubectl rollout status deploy/shop --timeout=1s",
    "kubectl rollout status deploy/shop -w=false",
    // run
    "kubectl run hello --image=nginx:1.27",
    "kubectl run hello --image=nginx:1.27",
    "kubectl get pod hello -o jsonpath={.metadata.labels}{.spec}",
    "kubectl run hello2 --image=nginx -o name",
    "kubectl run job1 --image=busybox --restart=Never -l app=job1 --env=A=1 --port=8080 --image-pull-policy=IfNotPresent --annotations=team=a --command -- sh -c hi",
    "kubectl get pod job1 -o jsonpath={.metadata.labels}{.metadata.annotations}{.spec}",
    "kubectl run args1 --image=busybox -- sleep 3600",
    "kubectl get pod args1 -o jsonpath={.spec.containers}",
    "kubectl run e --image=nginx --port=80 --expose",
    "kubectl get svc e -o jsonpath={.metadata.labels}{.spec.selector}{.spec.ports}",
    "kubectl run e2 --image=nginx --port=80 --expose -l app=e2 -o name",
    "kubectl run there --image=nginx -n kube-public",
    "kubectl run x --image=nginx --dry-run=server",
    "kubectl run x --image=nginx --dry-run=server -o name",
    "kubectl run x --image=nginx --dry-run=server -o yaml",
    "kubectl run x --image=nginx --dry-run=server -o json",
    "kubectl run Bad --image=nginx",
    "kubectl run saved --image=nginx --save-config",
    "kubectl get pod saved -o jsonpath={.metadata.annotations}",
    "kubectl run x --image=nginx --dry-run=client",
    "kubectl run x --image=nginx --dry-run=client -o name",
    "kubectl run x --image=nginx --dry-run=client -o yaml",
    "kubectl run x --image=nginx --dry-run=client -o json -n team -- a b",
    "kubectl run x --image=nginx --dry-run=client -o yaml -l a=b,c=d --env=A=1 --env=B=2 --port=80 --restart=Never --image-pull-policy=Always --annotations=k=v --privileged --command -- sh -c hi",
    "kubectl run x --image=nginx --dry-run=client -o json --expose --port=80 -l a=b",
    "kubectl run x --image=nginx --dry-run=client --expose --port=80",
    "kubectl run x",
    "kubectl run --image=nginx",
    "kubectl run x --image=nginx --restart=Bad",
    "kubectl run x --image=nginx --image-pull-policy=Bad",
    "kubectl run x --image=nginx --port=abc",
    "kubectl run x --image=nginx --env=A",
    "kubectl run x --image=nginx --env=1A=b",
    "kubectl run x --image=nginx -l a",
    "kubectl run x --image=nginx --rm",
    "kubectl run x --image=nginx -t",
    "kubectl run x --image=nginx -it --dry-run=client",
    "kubectl run x --image=Bad:Image",
    "kubectl run x --image=nginx --annotations=k",
    "kubectl run x --image=nginx --expose",
    "kubectl run x --image=nginx --dry-run=bogus",
    // cordon, uncordon, drain.
    "kubectl cordon 10.176.48.60",
    "kubectl cordon 10.176.48.60",
    "kubectl get nodes",
    "kubectl uncordon 10.176.48.60 --dry-run=client",
    "kubectl uncordon 10.176.48.60 --dry-run=server",
    "kubectl uncordon 10.176.48.60",
    "kubectl uncordon 10.176.48.60",
    "kubectl cordon 10.176.48.61 --dry-run=server",
    "kubectl get node 10.176.48.61 -o jsonpath={.spec}",
    "kubectl cordon nope",
    "kubectl cordon",
    "kubectl cordon -l nope=1",
    "kubectl cordon -l kubernetes.io/hostname=10.176.48.61",
    "kubectl uncordon 10.176.48.61 10.176.48.62",
    "kubectl drain",
    "kubectl drain 10.176.48.60 --dry-run=client",
    // No real drain here: its pods' graceful deletion never ends on the
    // standing clock and drain waits for them (tests/run_and_nodes.rs in
    // kterm-kube drains on a moving clock).
    "kubectl uncordon 10.176.48.60",
    "kubectl create -f lonely.yaml",
    "kubectl drain 10.176.48.62",
    "kubectl drain 10.176.48.62 --force --dry-run=client",
    "kubectl uncordon 10.176.48.62",
    // attach: what it says before streaming (a stream runs until Ctrl-C).
    "kubectl attach",
    "kubectl attach a b c",
    "kubectl attach web-ctlrfs7p7j-648d2 -c nope",
    "kubectl attach nope",
    "kubectl attach svc/kubernetes",
    "kubectl attach deploy/web --pod-running-timeout=0",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_kubectl_and_kterm_agree_on_new_verbs() {
    let Some(mut pair) = Pair::new(FILES).await else {
        return;
    };
    let failures = pair.compare(COMMANDS).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
