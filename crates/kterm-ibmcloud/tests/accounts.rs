#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! A user with two accounts: the login pickers, tokens scoped to the chosen
//! account, and `target -c` switching between them. An API key keeps the
//! account it belongs to.

mod common;

use common::{ok, Term, T0};
use kterm_shell::testing::TestHost;

const DEMO: &str = "b3c8a1d2e4f5061728394a5b6c7d8e9f";
const TEAM: &str = "4f6e2d1c0b9a48372615a4b3c2d1e0f9";

#[tokio::test(flavor = "current_thread")]
async fn password_login_picks_an_account_and_skips_the_region() {
    let mut t = Term::new().await;
    t.host = TestHost::with_lines(&["demo@example.com", "demo-password", "x", "2", ""]);
    t.host.advance_ms(T0 - kterm_shell::testing::T0_MS);
    let out = t.ibmcloud(&["login"]).await;
    assert_eq!((out.stderr.as_str(), out.status), ("", 0));
    let want_start = format!(
        "API endpoint: https://cloud.ibm.com

Authenticating...
OK

Select an account:
1. Demo Account ({DEMO}) <-> 2468013
2. Team Account ({TEAM})
Please enter a valid number.
Targeted account Team Account ({TEAM})

Targeted resource group Default

Select a region (or press enter to skip):
1. au-syd
"
    );
    assert!(out.stdout.starts_with(&want_start), "{}", out.stdout);
    assert!(
        out.stdout.ends_with(&format!(
            "Account:          Team Account ({TEAM})\nResource group:   Default\n"
        )),
        "{}",
        out.stdout
    );
    // The token is the team account's: it has no clusters.
    assert_eq!(
        t.ibmcloud(&["ks", "clusters"]).await,
        ok("OK\nNo clusters were found.\n")
    );
    let groups = t
        .ibmcloud(&["resource", "groups", "--output", "json"])
        .await;
    let v: serde_json::Value = serde_json::from_str(&groups.stdout).unwrap();
    assert_eq!(v[0]["account_id"], TEAM);
    // Registry namespaces are the account's own; names stay unique per region.
    let ns = t.ibmcloud(&["cr", "namespace-list"]).await;
    assert_eq!(ns.status, 0, "{}", ns.stderr);
    assert!(!ns.stdout.contains("demo-ns"), "{}", ns.stdout);
    let taken = t.ibmcloud(&["cr", "namespace-add", "demo-ns"]).await;
    assert!(
        taken.stderr.contains("'demo-ns' is already in use"),
        "{}",
        taken.stderr
    );
    assert_eq!(
        t.ibmcloud(&["cr", "namespace-rm", "demo-ns", "-f"])
            .await
            .status,
        1
    );
}

#[tokio::test(flavor = "current_thread")]
async fn target_c_switches_account_and_its_default_group() {
    let mut t = Term::new().await;
    t.ibmcloud(&[
        "login",
        "-u",
        "demo@example.com",
        "-p",
        "demo-password",
        "-c",
        TEAM,
        "-r",
        "us-south",
    ])
    .await;
    let out = t.ibmcloud(&["target", "-c", DEMO]).await;
    assert_eq!((out.stderr.as_str(), out.status), ("", 0));
    assert!(
        out.stdout.starts_with(&format!(
            "Targeted account Demo Account ({DEMO}) <-> 2468013\n\nTargeted resource group Default\n\n"
        )),
        "{}",
        out.stdout
    );
    let clusters = t.ibmcloud(&["ks", "clusters", "-q"]).await;
    assert!(clusters.stdout.contains("mycluster"), "{}", clusters.stdout);
    let bad = t.ibmcloud(&["target", "-c", "nosuchaccount"]).await;
    assert_eq!(
        (bad.stderr.as_str(), bad.status),
        (
            "FAILED\nAccount 'nosuchaccount' was not found, or you do not have access to it.\n\n",
            1
        )
    );
}
