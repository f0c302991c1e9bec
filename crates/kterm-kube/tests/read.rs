#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The read side of kterm's kubectl (describe, get's output formats,
//! config, api-resources, …) against the sandbox over real HTTP, with
//! exact output. The text was checked against the real kubectl 1.37 on the
//! same sandbox (tests/py/test_kubectl_diff_read.py does so continuously).

mod common;

use std::rc::Rc;

use common::{sh, Term};
use kterm_http::Client;
use kterm_shell::Cancel;

/// Runs each case; the expected text is in `tests/read/<name>.txt` as
/// stdout, then a line `--- stderr`, stderr, then `--- exit N`.
async fn check(cases: &[(&str, &str)]) {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let mut failures = Vec::new();
    for (name, line) in cases {
        let (out, err, code) = sh(&mut shell, &host, line).await;
        let got = format!("{out}--- stderr\n{err}--- exit {code}\n");
        let path = format!("{}/tests/read/{name}.txt", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("KTERM_BLESS").is_some() {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failures.push(format!("{line}\n--- got\n{got}--- want\n{want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn describe() {
    check(&[
        ("describe_pod", "kubectl describe pod -l app=batch-worker"),
        ("describe_deploy", "kubectl describe deploy web"),
        ("describe_rs", "kubectl describe rs -l app=web"),
        ("describe_svc_all", "kubectl describe svc -A"),
        ("describe_cm", "kubectl describe configmap/web-config"),
        ("describe_secret", "kubectl describe secrets"),
        ("describe_ns", "kubectl describe ns default"),
        ("describe_node", "kubectl describe nodes 10.176.48.60"),
        ("describe_sa", "kubectl describe sa default -n kube-system"),
        ("describe_prefix", "kubectl describe deploy we"),
        ("describe_missing", "kubectl describe pod nope"),
        ("describe_none", "kubectl describe pods -n kube-public"),
        ("describe_unknown", "kubectl describe foo"),
    ])
    .await;
}

/// `get`'s output formats and flags; every case was compared with the real
/// kubectl on the same sandbox (same text, same exit status).
#[tokio::test(flavor = "current_thread")]
async fn get_formats() {
    check(&[
        ("jp_names", "kubectl get pods -o jsonpath={.items[*].metadata.name}"),
        (
            "jp_range",
            r#"kubectl get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}'"#,
        ),
        ("jp_map", "kubectl get svc kubernetes -o jsonpath={.spec.ports}"),
        (
            "jp_filter",
            r#"kubectl get nodes -o 'jsonpath={range .items[*]}{.metadata.name}{" "}{.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}'"#,
        ),
        ("jp_as_json", "kubectl get pods -l app=api -o jsonpath-as-json={.items[*].metadata.name}"),
        ("jp_parse_error", "kubectl get pods -o 'jsonpath={.items[0'"),
        ("jp_exec_error", "kubectl get ns default -o 'jsonpath={.metadata.name[0]}'"),
        ("jp_no_template", "kubectl get pods -o jsonpath"),
        (
            "cc_pods",
            "kubectl get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP,X:.spec.nope",
        ),
        (
            "cc_values",
            "kubectl get svc kubernetes -o custom-columns=L:.metadata.labels,N:.spec.ports[*].port,S:.spec.selector",
        ),
        ("cc_empty", "kubectl get pods -n kube-public -o custom-columns=NAME:.metadata.name"),
        ("cc_bad_spec", "kubectl get pods -o custom-columns=NAME"),
        ("cc_bad_path", "kubectl get pods -o custom-columns=A:{.x"),
        ("cc_with_L", "kubectl get pods -L app -o custom-columns=A:.kind"),
        ("bad_format", "kubectl get pods -o foo"),
        (
            "cc_file",
            "echo 'NAME IP' > cc.txt && echo '.metadata.name {.status.podIP}' >> cc.txt && kubectl get pods -l app=web -o custom-columns-file=cc.txt",
        ),
        ("cc_file_missing", "kubectl get pods -o custom-columns-file=/nope"),
        (
            "jp_file",
            "echo '{.items[0].metadata.name}' > jp.txt && kubectl get pods -o jsonpath-file=jp.txt",
        ),
        ("sort_human", "kubectl get pods -o wide --sort-by=.status.podIP"),
        (
            "sort_missing_first",
            "kubectl get pods --sort-by=.status.containerStatuses[0].lastState.terminated.exitCode -o name",
        ),
        ("sort_no_field", "kubectl get pods --sort-by=.nope -o name"),
        (
            "sort_ties_go_order",
            "kubectl get events -A --sort-by=.reason -o custom-columns=R:.reason,N:.metadata.name",
        ),
        ("label_columns", "kubectl get svc --show-kind -L app,x/Tier --show-labels"),
        ("several_kinds", "kubectl get deploy,svc -n kube-system"),
        ("get_all", "kubectl get all"),
        ("get_all_none", "kubectl get all -n kube-public"),
        ("no_headers_kinds", "kubectl get svc,deploy --no-headers"),
        ("yaml_deploy", "kubectl get deploy web -o yaml"),
        ("yaml_events_folded", "kubectl get events -n ibm-system -o yaml"),
        ("partial_human", "kubectl get pod nope1 nope2 web-ctlrfs7p7j-648d2"),
        ("partial_json", "kubectl get pod nope1 nope2 -o json"),
        ("partial_kinds", "kubectl get deploy,svc nope web -o name"),
        (
            "ignore_not_found",
            "kubectl get pod nope web-ctlrfs7p7j-648d2 --ignore-not-found -o name; kubectl get pods -n kube-public -o json --ignore-not-found",
        ),
        ("raw_version", "kubectl get --raw /version"),
        ("raw_missing", "kubectl get --raw /api/v1/namespaces/default/pods/nope"),
        ("raw_with_args", "kubectl get pods --raw /version"),
        ("raw_with_output", "kubectl get --raw /version -o json"),
    ])
    .await;
}

/// An output the test reads while the command is still running.
#[derive(Clone, Default)]
struct Shared(Rc<std::cell::RefCell<Vec<u8>>>);

impl kterm_shell::Out for Shared {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().extend_from_slice(bytes);
    }
}

impl Shared {
    fn text(&self) -> String {
        String::from_utf8(self.0.borrow().clone()).unwrap()
    }

    /// Waits (bounded) until `n` lines have been printed.
    async fn lines(&self, n: usize) {
        for _ in 0..1000 {
            if self.text().lines().count() >= n {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("waited for {n} lines, have:\n{}", self.text());
    }
}

/// `kubectl get -w` streams a row per event through the Table watch until
/// Ctrl-C; text and exit status as the real kubectl (checked by the
/// differential test, which also covers --watch-only: here the change
/// could race the initial list, which watch-only does not print).
#[tokio::test(flavor = "current_thread")]
async fn get_watch() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let cfg = kterm_kubeconfig::Loaded::load(&shell.state, None)
        .unwrap()
        .config;
    let t = kterm_kube::kubeconfig::resolve(&cfg, &Default::default()).unwrap();
    let client = shell.state.ext.get::<Client>().cloned().unwrap();
    let call = |method: &str, path: &str, body: &str| {
        let mut req = kterm_http::Request::new(method, format!("{}{path}", t.server))
            .header("Content-Type", "application/json")
            .body(body.as_bytes().to_vec());
        if let Some(tok) = &t.token {
            req = req.header("Authorization", format!("Bearer {tok}"));
        }
        let client = client.clone();
        async move {
            let resp = client.send(req).await.unwrap();
            assert!(resp.is_success(), "{}", resp.text().await.unwrap());
        }
    };
    for (line, want) in [
        (
            "kubectl get cm -w -n kube-public",
            "NAME               DATA   AGE\nkube-root-ca.crt   1      60d\nwatched-configuration-map   1      0s\nwatched-configuration-map   1      0s\n",
        ),
        (
            "kubectl get cm -w -n kube-public --output-watch-events -o custom-columns=N:.metadata.name",
            "N\nkube-root-ca.crt\nwatched-configuration-map\nwatched-configuration-map\n",
        ),
    ] {
        let (out, err, cancel) = (Shared::default(), Shared::default(), Cancel::new());
        let initial = want.lines().count() - 2;
        let (mut out_w, mut err_w) = (out.clone(), err.clone());
        let watch = shell.run_line(line, &host, &mut out_w, &mut err_w, cancel.clone());
        let drive = async {
            out.lines(initial).await;
            call(
                "POST",
                "/api/v1/namespaces/kube-public/configmaps",
                r#"{"metadata":{"name":"watched-configuration-map"},"data":{"a":"b"}}"#,
            )
            .await;
            out.lines(initial + 1).await;
            call("DELETE", "/api/v1/namespaces/kube-public/configmaps/watched-configuration-map", "").await;
            out.lines(initial + 2).await;
            cancel.cancel();
        };
        let (code, ()) = tokio::join!(watch, drive);
        assert_eq!((out.text().as_str(), err.text().as_str(), code), (want, "", 1), "{line}");
    }
}
