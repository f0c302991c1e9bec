#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! kterm's `kubectl delete pod` against the sandbox's graceful deletion:
//! the pod shows Terminating while its containers stop, and delete's
//! default `--wait` returns once it is gone. The terminal's sleeps move
//! the sandbox's clock, so the wait sees what a person would.

mod common;

use common::{login, sh, table, SimHost, Term, DEMO_APIKEY};
use kterm_shell::Shell;

async fn term() -> (Shell, SimHost) {
    let (mut shell, host, _) = Term::new().await.into_sim();
    login(&mut shell, &host, DEMO_APIKEY).await;
    (shell, host)
}

/// The seeded web deployment's running pods.
async fn web_pods(shell: &mut Shell, host: &SimHost) -> Vec<String> {
    let (out, err, code) = sh(shell, host, "kubectl get pods -l app=web -o name").await;
    assert_eq!((err.as_str(), code), ("", 0));
    out.lines()
        .map(|l| l.trim_start_matches("pod/").to_string())
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn delete_pod_waits_out_the_termination() {
    let (mut shell, host) = term().await;
    let pods = web_pods(&mut shell, &host).await;
    let (a, b) = (pods[0].clone(), pods[1].clone());
    let deleted = |p: &str| format!("pod \"{p}\" deleted from default namespace\n");
    let gone = |p: &str| format!("Error from server (NotFound): pods \"{p}\" not found\n");
    let get = |p: &str| {
        format!("kubectl get pod {p} --no-headers -o custom-columns=N:.metadata.name,G:.metadata.deletionGracePeriodSeconds")
    };
    table(
        &mut shell,
        &host,
        &[
            // Without waiting, the pod is still there, with its grace period.
            (
                format!("kubectl delete pod {a} --wait=false"),
                deleted(&a),
                String::new(),
                0,
            ),
            (get(&a), format!("{a}   30\n"), String::new(), 0),
        ],
    )
    .await;
    let (out, _, _) = sh(&mut shell, &host, &format!("kubectl get pod {a}")).await;
    let row: Vec<&str> = out
        .lines()
        .nth(1)
        .unwrap_or("")
        .split_whitespace()
        .collect();
    assert_eq!(row[..4], [a.as_str(), "1/1", "Terminating", "0"], "{out}");
    table(
        &mut shell,
        &host,
        &[
            // Waiting returns once the containers have stopped.
            (
                format!("kubectl delete pod {b}"),
                deleted(&b),
                String::new(),
                0,
            ),
            (get(&b), String::new(), gone(&b), 1),
        ],
    )
    .await;
    let (out, _, _) = sh(&mut shell, &host, "kubectl get pods -l app=web").await;
    // By now `a` is gone too (it was deleted first), and the replica set
    // has replaced both.
    assert!(!out.contains(&a) && !out.contains(&b), "{out}");
    assert_eq!(web_pods(&mut shell, &host).await.len(), pods.len());
}
