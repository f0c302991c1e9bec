#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! What kubectl asks the server, read from its `-v=6` trace: discovery
//! once per session (aggregated: `/api` and `/apis`), no request twice
//! within a command, and a prefetch that renews an expired token and
//! discovers ahead so the first command asks only for what it prints.

mod common;

use common::{sh, Term};
use kterm_shell::Host;

/// The cluster's API server, as the kubeconfig names it.
fn server(shell: &kterm_shell::Shell) -> String {
    let cfg = kterm_kubeconfig::Loaded::load(&shell.state, None)
        .unwrap()
        .config;
    cfg.clusters[0]
        .body
        .server
        .trim_end_matches('/')
        .to_string()
}

/// `(verb, path)` of each `-v=6` response line, in order.
fn requests(trace: &str, server: &str) -> Vec<(String, String)> {
    trace
        .lines()
        .filter_map(|l| {
            l.split("round_trippers.go:632] \"Response\" verb=\"")
                .nth(1)
        })
        .filter_map(|rest| {
            let (verb, rest) = rest.split_once("\" url=\"")?;
            let (url, _) = rest.split_once('"')?;
            Some((
                verb.to_string(),
                url.strip_prefix(server).unwrap_or(url).to_string(),
            ))
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn discovery_once_and_no_request_twice() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let server = server(&shell);
    let lines = [
        "kubectl get pods -A -v=6",
        "kubectl get deploy,svc,cm -v=6",
        "kubectl get all -n kube-system -v=6",
        "kubectl describe deploy -n kube-system -v=6",
        "kubectl get ns kube-system default -v=6",
        "kubectl label ns default team=a -v=6",
        "kubectl auth can-i get pods -v=6",
        "kubectl top pod -A -v=6",
        "kubectl api-resources -v=6",
    ];
    let mut seen_discovery = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let (_, err, code) = sh(&mut shell, &host, line).await;
        assert_eq!(code, 0, "{line}: {err}");
        let asked = requests(&err, &server);
        assert!(!asked.is_empty(), "{line}: {err}");
        let mut unique = asked.clone();
        kterm_shell::sort::sort(&mut unique);
        unique.dedup();
        assert_eq!(unique.len(), asked.len(), "{line} asked twice: {asked:?}");
        let discovery: Vec<&str> = asked
            .iter()
            .map(|(_, p)| p.as_str())
            .filter(|p| *p == "/api" || *p == "/apis")
            .collect();
        if i == 0 {
            assert_eq!(discovery, ["/api", "/apis"], "{line}: {asked:?}");
        } else if !line.contains("api-resources") {
            assert!(discovery.is_empty(), "{line} discovered again: {asked:?}");
        }
        seen_discovery.extend(discovery.into_iter().map(str::to_string));
    }
    // api-resources asks again, as kubectl does.
    assert_eq!(seen_discovery, ["/api", "/apis", "/api", "/apis"]);
}

#[tokio::test(flavor = "current_thread")]
async fn prefetch_renews_the_token_and_discovers_ahead() {
    let Term {
        mut shell,
        host,
        clock,
        ..
    } = Term::logged_in().await;
    let server = server(&shell);
    let token = |shell: &kterm_shell::Shell| {
        kterm_kubeconfig::Loaded::load(&shell.state, None)
            .unwrap()
            .config
            .users[0]
            .body
            .oidc()
            .unwrap()
            .get("id-token")
            .unwrap()
            .to_string()
    };
    let before = token(&shell);
    // The id-token (one hour) has expired when the page comes back.
    clock.advance_ms(2 * 3_600_000);
    host.advance_ms(2 * 3_600_000);
    let work = kterm_kube::prefetch(&mut shell.state, host.now_ms()).unwrap();
    assert!(
        kterm_kube::prefetch(&mut shell.state, host.now_ms()).is_none(),
        "one prefetch at a time"
    );
    work.await;
    let (out, err, code) = sh(&mut shell, &host, "kubectl get ns default -o name -v=6").await;
    assert_eq!((out.as_str(), code), ("namespace/default\n", 0), "{err}");
    assert_eq!(
        requests(&err, &server),
        [("GET".to_string(), "/api/v1/namespaces/default".to_string())],
        "neither the token nor discovery is asked for again: {err}"
    );
    assert_ne!(token(&shell), before, "the renewed token is written back");
}

/// Records each write, to see when output arrives.
#[derive(Default)]
struct Writes(Vec<String>);

impl kterm_shell::Out for Writes {
    fn write(&mut self, bytes: &[u8]) {
        self.0.push(String::from_utf8_lossy(bytes).into_owned());
    }
}

/// On the terminal a list of several pages shows each page as it
/// arrives, its columns as wide as the first page needs; piped, the rows
/// come at once, aligned over all pages, as kubectl prints them.
#[tokio::test(flavor = "current_thread")]
async fn a_long_list_prints_page_by_page_on_the_terminal() {
    let Term {
        mut shell, host, ..
    } = Term::logged_in().await;
    let manifest: String = (0..520)
        .map(|i| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i:04}\n---\n"))
        .collect();
    shell
        .state
        .fs
        .write("/home/user/many.yaml", manifest.into_bytes(), 0)
        .unwrap();
    let (_, err, code) = sh(
        &mut shell,
        &host,
        "kubectl create -f /home/user/many.yaml -o name | wc -l",
    )
    .await;
    assert_eq!((err.as_str(), code), ("", 0));
    let mut out = Writes::default();
    let mut errw = Writes::default();
    let code = shell
        .run_line(
            "kubectl get cm",
            &host,
            &mut out,
            &mut errw,
            kterm_shell::Cancel::new(),
        )
        .await;
    assert_eq!(code, 0, "{:?}", errw.0);
    let (piped, _, _) = sh(&mut shell, &host, "kubectl get cm | cat").await;
    let cells = |t: &str| -> Vec<Vec<String>> {
        t.lines()
            .map(|l| l.split_whitespace().map(String::from).collect())
            .collect()
    };
    // The same rows; the columns of the first page are as wide as its
    // cells (kube-root-ca.crt, on the second page, widens NAME there).
    assert_eq!(cells(&out.0.concat()), cells(&piped));
    assert!(
        out.0[0].starts_with("NAME      DATA   AGE\ncm-0000   0 "),
        "{}",
        out.0[0]
    );
    assert!(
        piped.starts_with("NAME               DATA   AGE\n"),
        "{piped}"
    );
    let pages: Vec<usize> = out.0.iter().map(|w| w.lines().count()).collect();
    assert_eq!(pages.len(), 2, "one write per page: {pages:?}");
    assert_eq!(pages[0], 501, "header and the first 500 rows first");
}
