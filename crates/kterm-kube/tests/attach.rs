#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `kubectl attach` against the sandbox over real HTTP: kubectl's
//! notices, errors and the main process's output as it is written, until
//! Ctrl-C. (Errors are also compared with the real kubectl in
//! crates/kterm-server/tests/kubectl_differential_verbs.rs.)

mod common;

use std::time::Duration;

use common::Term;
use kterm_shell::Cancel;

const NOTICES: &str = "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n";

#[tokio::test(flavor = "current_thread")]
async fn attach_errors() {
    let mut t = Term::logged_in().await;
    t.table(&[
        ("kubectl attach", "", "error: at least 1 argument is required for attach\n", 1),
        ("kubectl attach a b c", "", "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]\n", 1),
        ("kubectl attach web-ctlrfs7p7j-648d2 -c nope", "", "error: cannot attach to the container: container nope is not valid for pod web-ctlrfs7p7j-648d2 out of: web\n", 1),
        ("kubectl attach nope", "", "Error from server (NotFound): pods \"nope\" not found\n", 1),
        ("kubectl attach svc/kubernetes", "", "error: cannot attach to *v1.Service: invalid service 'kubernetes': Service is defined without a selector\n", 1),
        ("kubectl attach deploy/web --pod-running-timeout=0", "", "error: --pod-running-timeout must be higher than zero\nSee 'kubectl attach -h' for help and examples\n", 1),
    ])
    .await;
}

/// What the web server logs while attached: nothing while the clock
/// stands still, its access log lines as time passes.
#[tokio::test(flavor = "current_thread")]
async fn attach_streams_until_ctrl_c() {
    let mut t = Term::logged_in().await;
    let cancel = Cancel::new();
    let (clock, c) = (t.clock.clone(), cancel.clone());
    let driver = async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        clock.advance_ms(20_000);
        // The sandbox looks at its clock every 200 ms.
        tokio::time::sleep(Duration::from_millis(1_000)).await;
        c.cancel();
    };
    let (got, ()) = futures::join!(t.sh_with("kubectl attach deploy/web -i -t", cancel), driver);
    let (out, err, code) = got;
    // No TTY in the container: kubectl says so and streams plainly.
    assert_eq!(
        err,
        format!("error: Unable to use a TTY - container web did not allocate one\n{NOTICES}")
    );
    assert_eq!(code, 130);
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty(), "some output as time passed");
    assert!(
        lines.iter().all(|l| l.contains(" - - [01/Jan/2026:00:00:")),
        "{out}"
    );
}
