#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! kterm's helm against the sandbox over real HTTP, after the IBM docs
//! steps (`ibmcloud login`, `ibmcloud ks cluster config`): the release
//! records the sandbox seeds (Helm 3 Secrets, base64 + gzip JSON) read
//! back and printed as Helm 3 prints them, exact output and exit codes.
//! The layouts are Helm's (checked against its own golden files in
//! `src/golden.rs`); these tests check the whole path through the
//! cluster: kubeconfig, namespace, label queries, decoding.

mod common;

use common::Term;

const LIST_HEAD_DEFAULT: &str = "NAME        \tNAMESPACE\tREVISION\tUPDATED                                \tSTATUS  \tCHART       \tAPP VERSION\n";
const BATCH: &str = "batch-worker\tdefault  \t2       \t2025-12-31 21:00:02.457245187 +0000 UTC\tfailed  \tworker-0.9.0\t0.9.0      \n";
const WEB: &str = "web         \tdefault  \t3       \t2025-12-30 00:00:02.457245187 +0000 UTC\tdeployed\tnginx-1.1.0 \t1.27       \n";

const FAILED: &str = "NAME        \tNAMESPACE\tREVISION\tUPDATED                                \tSTATUS\tCHART       \tAPP VERSION\nbatch-worker\tdefault  \t2       \t2025-12-31 21:00:02.457245187 +0000 UTC\tfailed\tworker-0.9.0\t0.9.0      \n";

const LIST_ALL_NS: &str = "NAME          \tNAMESPACE  \tREVISION\tUPDATED                                \tSTATUS  \tCHART                \tAPP VERSION\n\
batch-worker  \tdefault    \t2       \t2025-12-31 21:00:02.457245187 +0000 UTC\tfailed  \tworker-0.9.0         \t0.9.0      \n\
metrics-server\tkube-system\t1       \t2025-11-02 00:30:02.457245187 +0000 UTC\tdeployed\tmetrics-server-3.12.2\t0.7.2      \n\
web           \tdefault    \t3       \t2025-12-30 00:00:02.457245187 +0000 UTC\tdeployed\tnginx-1.1.0          \t1.27       \n";

const WEB_NOTES: &str = "1. Get the application URL by running these commands:\n  export POD_NAME=$(kubectl get pods --namespace default -l \"app=web\" -o jsonpath=\"{.items[0].metadata.name}\")\n  echo \"Visit http://127.0.0.1:8080 to use your application\"\n  kubectl --namespace default port-forward $POD_NAME 8080:80\n";

const WEB_MANIFEST_2: &str = "---\n# Source: nginx/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 80\n---\n# Source: nginx/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: nginx\n          image: \"nginx:1.27\"\n          ports:\n            - containerPort: 80\n";

const WEB_HOOK: &str = "---\n# Source: nginx/templates/tests/test-connection.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: \"web-test-connection\"\n  annotations:\n    \"helm.sh/hook\": test\nspec:\n  containers:\n    - name: wget\n      image: busybox\n      command: ['wget']\n      args: ['web:80']\n  restartPolicy: Never\n";

#[tokio::test(flavor = "current_thread")]
async fn list_after_the_docs_steps() {
    let mut t = Term::logged_in().await;
    let default_list = [LIST_HEAD_DEFAULT, BATCH, WEB].concat();
    t.table(&[
        ("helm list", default_list.as_str(), "", 0),
        ("helm ls --deployed --failed", default_list.as_str(), "", 0),
        ("helm list -a", default_list.as_str(), "", 0),
        ("helm list -A", LIST_ALL_NS, "", 0),
        ("helm list --all-namespaces --max 1 --offset 1", "NAME          \tNAMESPACE  \tREVISION\tUPDATED                                \tSTATUS  \tCHART                \tAPP VERSION\nmetrics-server\tkube-system\t1       \t2025-11-02 00:30:02.457245187 +0000 UTC\tdeployed\tmetrics-server-3.12.2\t0.7.2      \n", "", 0),
        ("helm list --deployed", "NAME\tNAMESPACE\tREVISION\tUPDATED                                \tSTATUS  \tCHART      \tAPP VERSION\nweb \tdefault  \t3       \t2025-12-30 00:00:02.457245187 +0000 UTC\tdeployed\tnginx-1.1.0\t1.27       \n", "", 0),
        ("helm list --failed", FAILED, "", 0),
        // --superseded alone skips the latest-revision filter, as Helm does.
        ("helm list --superseded", "NAME\tNAMESPACE\tREVISION\tUPDATED                                \tSTATUS    \tCHART      \tAPP VERSION\nweb \tdefault  \t1       \t2025-12-27 00:00:02.457245187 +0000 UTC\tsuperseded\tnginx-1.0.0\t1.27       \nweb \tdefault  \t2       \t2025-12-29 00:00:02.457245187 +0000 UTC\tsuperseded\tnginx-1.1.0\t1.27       \n", "", 0),
        ("helm list --pending", "NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\n", "", 0),
        ("helm list --uninstalled --no-headers", "\n", "", 0),
        ("helm list -d", [LIST_HEAD_DEFAULT, WEB, BATCH].concat().as_str(), "", 0),
        ("helm list -r", [LIST_HEAD_DEFAULT, WEB, BATCH].concat().as_str(), "", 0),
        ("helm list --filter '^b'", FAILED, "", 0),
        ("helm list -l status=failed", FAILED, "", 0),
        ("helm list -l 'name!=web'", FAILED, "", 0),
        ("helm list -q", "batch-worker\nweb\n", "", 0),
        ("helm list -qA -o json", "[\"batch-worker\",\"metrics-server\",\"web\"]\n", "", 0),
        ("helm list -q -o yaml -n kube-system", "- metrics-server\n", "", 0),
        ("helm list -n kube-public -o json", "[]\n", "", 0),
        ("helm list -n kube-public -o yaml", "[]\n", "", 0),
        ("helm list -n kube-public", "NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\n", "", 0),
        (
            "helm list -o json",
            "[{\"name\":\"batch-worker\",\"namespace\":\"default\",\"revision\":\"2\",\"updated\":\"2025-12-31 21:00:02.457245187 +0000 UTC\",\"status\":\"failed\",\"chart\":\"worker-0.9.0\",\"app_version\":\"0.9.0\"},{\"name\":\"web\",\"namespace\":\"default\",\"revision\":\"3\",\"updated\":\"2025-12-30 00:00:02.457245187 +0000 UTC\",\"status\":\"deployed\",\"chart\":\"nginx-1.1.0\",\"app_version\":\"1.27\"}]\n",
            "",
            0,
        ),
        (
            "helm list -n kube-system -o yaml",
            "- app_version: 0.7.2\n  chart: metrics-server-3.12.2\n  name: metrics-server\n  namespace: kube-system\n  revision: \"1\"\n  status: deployed\n  updated: 2025-11-02 00:30:02.457245187 +0000 UTC\n",
            "",
            0,
        ),
        (
            "helm list --time-format '2006-01-02 15:04:05Z0700' -n kube-system",
            "NAME          \tNAMESPACE  \tREVISION\tUPDATED             \tSTATUS  \tCHART                \tAPP VERSION\nmetrics-server\tkube-system\t1       \t2025-11-02 00:30:02Z\tdeployed\tmetrics-server-3.12.2\t0.7.2      \n",
            "",
            0,
        ),
    ])
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn status_history_and_get() {
    let mut t = Term::logged_in().await;
    let web_status = format!("NAME: web\nLAST DEPLOYED: Tue Dec 30 00:00:02 2025\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 3\nTEST SUITE:     web-test-connection\nLast Started:   Tue Dec 30 00:04:00 2025\nLast Completed: Tue Dec 30 00:05:00 2025\nPhase:          Succeeded\nNOTES:\n{WEB_NOTES}");
    // Revision 1's test hook never ran: Helm prints no TEST SUITE line.
    let web_status_1 = format!("NAME: web\nLAST DEPLOYED: Sat Dec 27 00:00:02 2025\nNAMESPACE: default\nSTATUS: superseded\nREVISION: 1\nNOTES:\n{WEB_NOTES}");
    let web_notes = format!("NOTES:\n{WEB_NOTES}\n");
    let manifest_2 = format!("{WEB_MANIFEST_2}\n");
    t.table(&[
        ("helm status web", web_status.as_str(), "", 0),
        ("helm status web --revision 1", web_status_1.as_str(), "", 0),
        (
            "helm status batch-worker --show-desc",
            "NAME: batch-worker\nLAST DEPLOYED: Wed Dec 31 21:00:02 2025\nNAMESPACE: default\nSTATUS: failed\nREVISION: 2\nDESCRIPTION: Upgrade \"batch-worker\" failed: context deadline exceeded\nTEST SUITE: None\n",
            "",
            0,
        ),
        (
            "helm status batch-worker -o json",
            "{\"name\":\"batch-worker\",\"info\":{\"first_deployed\":\"2025-12-30T00:00:02.457245187Z\",\"last_deployed\":\"2025-12-31T21:00:02.457245187Z\",\"deleted\":\"\",\"description\":\"Upgrade \\\"batch-worker\\\" failed: context deadline exceeded\",\"status\":\"failed\"},\"config\":{\"queue\":{\"concurrency\":4}},\"manifest\":\"---\\n# Source: worker/templates/deployment.yaml\\napiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: batch-worker\\nspec:\\n  replicas: 1\\n  selector:\\n    matchLabels:\\n      app: batch-worker\\n  template:\\n    metadata:\\n      labels:\\n        app: batch-worker\\n    spec:\\n      containers:\\n        - name: worker\\n          image: \\\"icr.io/demo/worker:0.9.0\\\"\\n          env:\\n            - name: QUEUE\\n              value: \\\"jobs\\\"\\n\",\"version\":2,\"namespace\":\"default\"}\n",
            "",
            0,
        ),
        (
            "helm history web",
            "REVISION\tUPDATED                 \tSTATUS    \tCHART      \tAPP VERSION\tDESCRIPTION     \n1       \tSat Dec 27 00:00:02 2025\tsuperseded\tnginx-1.0.0\t1.27       \tInstall complete\n2       \tMon Dec 29 00:00:02 2025\tsuperseded\tnginx-1.1.0\t1.27       \tUpgrade complete\n3       \tTue Dec 30 00:00:02 2025\tdeployed  \tnginx-1.1.0\t1.27       \tUpgrade complete\n",
            "",
            0,
        ),
        (
            "helm hist web --max 1",
            "REVISION\tUPDATED                 \tSTATUS  \tCHART      \tAPP VERSION\tDESCRIPTION     \n3       \tTue Dec 30 00:00:02 2025\tdeployed\tnginx-1.1.0\t1.27       \tUpgrade complete\n",
            "",
            0,
        ),
        (
            "helm history batch-worker -o yaml",
            "- app_version: 0.8.2\n  chart: worker-0.8.2\n  description: Install complete\n  revision: 1\n  status: deployed\n  updated: \"2025-12-30T00:00:02.457245187Z\"\n- app_version: 0.9.0\n  chart: worker-0.9.0\n  description: 'Upgrade \"batch-worker\" failed: context deadline exceeded'\n  revision: 2\n  status: failed\n  updated: \"2025-12-31T21:00:02.457245187Z\"\n",
            "",
            0,
        ),
        (
            "helm history metrics-server -n kube-system -o json",
            "[{\"revision\":1,\"updated\":\"2025-11-02T00:30:02.457245187Z\",\"status\":\"deployed\",\"chart\":\"metrics-server-3.12.2\",\"app_version\":\"0.7.2\",\"description\":\"Install complete\"}]\n",
            "",
            0,
        ),
        ("helm get values web", "USER-SUPPLIED VALUES:\nreplicaCount: 3\nservice:\n  type: ClusterIP\n", "", 0),
        ("helm get values web --revision 1", "USER-SUPPLIED VALUES:\nreplicaCount: 2\n", "", 0),
        (
            "helm get values web -a",
            "COMPUTED VALUES:\nimage:\n  pullPolicy: IfNotPresent\n  repository: nginx\n  tag: \"1.27\"\nreplicaCount: 3\nresources: {}\nservice:\n  port: 80\n  type: ClusterIP\n",
            "",
            0,
        ),
        ("helm get values batch-worker -o json", "{\"queue\":{\"concurrency\":4}}\n", "", 0),
        (
            "helm get values batch-worker --all -o json",
            "{\"image\":{\"repository\":\"icr.io/demo/worker\",\"tag\":\"0.9.0\"},\"queue\":{\"concurrency\":4,\"name\":\"jobs\"}}\n",
            "",
            0,
        ),
        ("helm get values metrics-server -n kube-system -o yaml", "args:\n- --kubelet-insecure-tls\n", "", 0),
        ("helm get notes web", web_notes.as_str(), "", 0),
        ("helm get notes batch-worker", "", "", 0),
        ("helm get hooks web", WEB_HOOK, "", 0),
        ("helm get hooks batch-worker", "", "", 0),
        ("helm get manifest web --revision 1", manifest_2.as_str(), "", 0),
        (
            "helm get metadata metrics-server -n kube-system",
            "NAME: metrics-server\nCHART: metrics-server\nVERSION: 3.12.2\nAPP_VERSION: 0.7.2\nANNOTATIONS: artifacthub.io/license=Apache-2.0\nDEPENDENCIES: \nNAMESPACE: kube-system\nREVISION: 1\nSTATUS: deployed\nDEPLOYED_AT: 2025-11-02T00:30:02Z\n",
            "",
            0,
        ),
        (
            "helm get metadata web -o json",
            "{\"name\":\"web\",\"chart\":\"nginx\",\"version\":\"1.1.0\",\"appVersion\":\"1.27\",\"namespace\":\"default\",\"revision\":3,\"status\":\"deployed\",\"deployedAt\":\"2025-12-30T00:00:02Z\"}\n",
            "",
            0,
        ),
    ])
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn get_all_shows_everything() {
    let mut t = Term::logged_in().await;
    let (out, err, code) = t.sh("helm get all web --revision 2").await;
    let want = format!(
        "NAME: web\nLAST DEPLOYED: Mon Dec 29 00:00:02 2025\nNAMESPACE: default\nSTATUS: superseded\nREVISION: 2\nCHART: nginx\nVERSION: 1.1.0\nAPP_VERSION: 1.27\nUSER-SUPPLIED VALUES:\nreplicaCount: 3\n\nCOMPUTED VALUES:\nimage:\n  pullPolicy: IfNotPresent\n  repository: nginx\n  tag: \"1.27\"\nreplicaCount: 3\nresources: {{}}\nservice:\n  port: 80\n  type: ClusterIP\n\nHOOKS:\n{}MANIFEST:\n{}\nNOTES:\n{WEB_NOTES}",
        WEB_HOOK,
        WEB_MANIFEST_2.replace("replicas: 2", "replicas: 3"),
    );
    assert_eq!((out.as_str(), err.as_str(), code), (want.as_str(), "", 0));
}

#[tokio::test(flavor = "current_thread")]
async fn the_namespace_comes_from_the_kubeconfig_and_helm_namespace() {
    let mut t = Term::logged_in().await;
    t.table(&[
        ("HELM_NAMESPACE=kube-system helm list -q", "metrics-server\n", "", 0),
        ("export HELM_NAMESPACE=kube-system; helm list -q; helm list -q -n default", "metrics-server\nbatch-worker\nweb\n", "", 0),
        ("unset HELM_NAMESPACE; kubectl config set-context --current --namespace=kube-system >/dev/null; helm list -q", "metrics-server\n", "", 0),
        ("helm status web", "", "Error: release: not found\n", 1),
        ("helm --namespace default status web | head -1", "NAME: web\n", "", 0),
    ])
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn errors_as_helm_words_them() {
    let mut t = Term::logged_in().await;
    t.table(&[
        ("helm status nope", "", "Error: release: not found\n", 1),
        ("helm history nope", "", "Error: release: not found\n", 1),
        ("helm get values web --revision 9", "", "Error: release: not found\n", 1),
        ("helm status Bad_Name", "", "Error: releaseContent: Release name is invalid: Bad_Name\n", 1),
        ("helm history Bad_Name", "", "Error: release name is invalid: Bad_Name\n", 1),
        ("helm status", "", "Error: \"helm status\" requires 1 argument\n\nUsage:  helm status RELEASE_NAME [flags]\n", 1),
        ("helm get values", "", "Error: \"helm get values\" requires 1 argument\n\nUsage:  helm get values RELEASE_NAME [flags]\n", 1),
        ("helm get all a b", "", "Error: \"helm get all\" requires 1 argument\n\nUsage:  helm get all RELEASE_NAME [flags]\n", 1),
        ("helm list extra", "", "Error: \"helm list\" accepts no arguments\n\nUsage:  helm list [flags]\n", 1),
        ("helm version extra", "", "Error: \"helm version\" accepts no arguments\n\nUsage:  helm version [flags]\n", 1),
        ("helm list -o xml", "", "Error: invalid argument \"xml\" for \"-o, --output\" flag: invalid format type\n", 1),
        ("helm history web --max x", "", "Error: invalid argument \"x\" for \"--max\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n", 1),
        ("helm list --bogus", "", "Error: unknown flag: --bogus\n", 1),
        ("helm list --filter 'web['", "", "Error: error parsing regexp: missing closing ]: `[`\n", 1),
        ("helm list -f '*web'", "", "Error: error parsing regexp: missing argument to repetition operator: `*`\n", 1),
        ("helm list -Z", "", "Error: unknown shorthand flag: 'Z' in -Z\n", 1),
        ("helm status web --revision", "", "Error: flag needs an argument: --revision\n", 1),
        ("helm frobnicate", "", "Error: unknown command \"frobnicate\" for \"helm\"\nRun 'helm --help' for usage.\n", 1),
        ("helm histroy web", "", "Error: unknown command \"histroy\" for \"helm\"\n\nDid you mean this?\n\thistory\n\nRun 'helm --help' for usage.\n", 1),
        ("helm list --kube-token bogus", "", "Error: Kubernetes cluster unreachable: the server has asked for the client to provide credentials\n", 1),
        ("helm list --kube-context nope", "", "Error: Kubernetes cluster unreachable: context \"nope\" does not exist\n", 1),
    ])
    .await;
    // The session survives every error.
    let (out, _, code) = t.sh("helm list -q").await;
    assert_eq!((out.as_str(), code), ("batch-worker\nweb\n", 0));
}

#[tokio::test(flavor = "current_thread")]
async fn what_a_browser_cannot_do() {
    let mut t = Term::logged_in().await;
    let changes = |c: &str| {
        format!("Error: \"helm {c}\" is not available in this terminal: it changes releases in the cluster, and helm in this terminal only reads them. Available here: helm list, status, history, get (all, hooks, manifest, metadata, notes, values), version and env\n")
    };
    let charts = |c: &str| {
        format!("Error: \"helm {c}\" is not available in this terminal: it needs charts and chart repositories, which this terminal does not have. Available here: helm list, status, history, get (all, hooks, manifest, metadata, notes, values), version and env\n")
    };
    let install = changes("install");
    let upgrade = changes("upgrade");
    let rollback = changes("rollback");
    let uninstall = changes("uninstall");
    let repo = charts("repo");
    let pull = charts("pull");
    let template = charts("template");
    t.table(&[
        ("helm install web bitnami/nginx", "", install.as_str(), 1),
        (
            "helm upgrade --install web ./chart",
            "",
            upgrade.as_str(),
            1,
        ),
        ("helm rollback web 1", "", rollback.as_str(), 1),
        ("helm uninstall web", "", uninstall.as_str(), 1),
        ("helm delete web", "", uninstall.as_str(), 1),
        (
            "helm repo add bitnami https://charts.bitnami.com/bitnami",
            "",
            repo.as_str(),
            1,
        ),
        ("helm fetch bitnami/nginx", "", pull.as_str(), 1),
        ("helm template x ./chart", "", template.as_str(), 1),
    ])
    .await;
    // Nothing changed.
    let (out, _, _) = t
        .sh("helm history web -o json | grep -o revision | wc -l")
        .await;
    assert_eq!(out.trim(), "3");
}

#[tokio::test(flavor = "current_thread")]
async fn version_and_no_cluster() {
    let mut t = Term::new().await;
    t.table(&[
        ("helm version", "version.BuildInfo{Version:\"v3.21.4\", GitCommit:\"813176c51bb5c181dbbd7901298ddcc104cd3417\", GitTreeState:\"clean\", GoVersion:\"go1.26.0\"}\n", "", 0),
        ("helm version --short", "v3.21.4+g813176c\n", "", 0),
        // Helm's settings; no kubeconfig yet, so the namespace is `default`.
        ("helm env HELM_NAMESPACE", "default\n", "", 0),
        ("helm env | grep -E 'HOME|CONFIG'", "HELM_CACHE_HOME=\"/home/user/.cache/helm\"\nHELM_CONFIG_HOME=\"/home/user/.config/helm\"\nHELM_DATA_HOME=\"/home/user/.local/share/helm\"\nHELM_REGISTRY_CONFIG=\"/home/user/.config/helm/registry/config.json\"\nHELM_REPOSITORY_CONFIG=\"/home/user/.config/helm/repositories.yaml\"\n", "", 0),
        ("XDG_CACHE_HOME=/tmp/c helm env HELM_REPOSITORY_CACHE", "/tmp/c/helm/repository\n", "", 0),
        ("helm env a b", "", "Error: \"helm env\" accepts at most 1 argument\n\nUsage:  helm env [flags]\n", 1),
        ("helm version --template 'Version: {{.Version}}'", "Version: v3.21.4", "", 0),
        // No kubeconfig yet: client-go's default server, as Helm reports it.
        ("helm list", "", "Error: Kubernetes cluster unreachable: Get \"http://localhost:8080/version\": dial tcp 127.0.0.1:8080: connect: connection refused\n", 1),
    ])
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn kubectl_sees_the_same_records() {
    let mut t = Term::logged_in().await;
    t.table(&[
        (
            "kubectl get secrets -A -l owner=helm",
            "NAMESPACE     NAME                                   TYPE                 DATA   AGE\ndefault       sh.helm.release.v1.batch-worker.v1     helm.sh/release.v1   1      2d\ndefault       sh.helm.release.v1.batch-worker.v2     helm.sh/release.v1   1      3h\ndefault       sh.helm.release.v1.web.v1              helm.sh/release.v1   1      5d\ndefault       sh.helm.release.v1.web.v2              helm.sh/release.v1   1      3d\ndefault       sh.helm.release.v1.web.v3              helm.sh/release.v1   1      2d\nkube-system   sh.helm.release.v1.metrics-server.v1   helm.sh/release.v1   1      59d\n",
            "",
            0,
        ),
        (
            "kubectl get secret sh.helm.release.v1.web.v3 -o jsonpath='{.metadata.labels}'",
            "{\"modifiedAt\":\"1767052802\",\"name\":\"web\",\"owner\":\"helm\",\"status\":\"deployed\",\"version\":\"3\"}",
            "",
            0,
        ),
    ])
    .await;
}

/// `--help` as cobra prints it, recorded from Helm v3.17.2 (the home
/// directory's paths are the session's).
#[tokio::test(flavor = "current_thread")]
async fn help_as_cobra_prints_it() {
    let mut t = Term::new().await;
    t.table(&[("helm get values --help", "\nThis command downloads a values file for a given release.\n\nUsage:\n  helm get values RELEASE_NAME [flags]\n\nFlags:\n  -a, --all             dump all (computed) values\n  -h, --help            help for values\n  -o, --output format   prints the output in the specified format. Allowed values: table, json, yaml (default table)\n      --revision int    get the named release with revision\n\nGlobal Flags:\n      --burst-limit int                 client-side default throttling limit (default 100)\n      --debug                           enable verbose output\n      --kube-apiserver string           the address and the port for the Kubernetes API server\n      --kube-as-group stringArray       group to impersonate for the operation, this flag can be repeated to specify multiple groups.\n      --kube-as-user string             username to impersonate for the operation\n      --kube-ca-file string             the certificate authority file for the Kubernetes API server connection\n      --kube-context string             name of the kubeconfig context to use\n      --kube-insecure-skip-tls-verify   if true, the Kubernetes API server's certificate will not be checked for validity. This will make your HTTPS connections insecure\n      --kube-tls-server-name string     server name to use for Kubernetes API server certificate validation. If it is not provided, the hostname used to contact the server is used\n      --kube-token string               bearer token used for authentication\n      --kubeconfig string               path to the kubeconfig file\n  -n, --namespace string                namespace scope for this request\n      --qps float32                     queries per second used when communicating with the Kubernetes API, not including bursting\n      --registry-config string          path to the registry config file (default \"/home/user/.config/helm/registry/config.json\")\n      --repository-cache string         path to the directory containing cached repository indexes (default \"/home/user/.cache/helm/repository\")\n      --repository-config string        path to the file containing repository names and URLs (default \"/home/user/.config/helm/repositories.yaml\")\n", "", 0)]).await;
}

/// Tab: commands, `get`'s subcommands, flags, formats, and the names of
/// the releases in the namespace (read from the cluster).
#[tokio::test(flavor = "current_thread")]
async fn tab_completion() {
    let mut t = Term::logged_in().await;
    t.completions(&[
        ("helm h", &["history"]),
        ("helm get m", &["manifest", "metadata"]),
        ("helm status ", &["batch-worker", "web"]),
        ("helm get values w", &["web"]),
        ("helm history -n kube-system ", &["metrics-server"]),
        ("helm status web ", &[]),
        ("helm list -o ", &["json", "table", "yaml"]),
        ("helm list --no", &["--no-headers"]),
    ])
    .await;
}
