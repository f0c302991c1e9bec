#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The IAM session over time, with the sandbox's clock and the terminal's
//! moved separately: refresh before expiry, one refresh and retry after a
//! 401, and an expired refresh token asking to log in again without losing
//! anything else.

mod common;

use std::sync::Arc;

use common::{failed, serve_with, Term, T0};
use kterm_ibmcloud::session::Session;
use kterm_sim::{Config, ManualClock};

const MINUTE: i64 = 60 * 1000;

#[tokio::test(flavor = "current_thread")]
async fn token_is_refreshed_before_it_expires() {
    let mut t = Term::new().await;
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "--no-region"])
        .await;
    let before = Session::load(&t.shell.state).iam_token;
    // The sandbox's clock stands still; the terminal's moves to 58 minutes later.
    t.host.advance_ms(58 * MINUTE);
    assert_eq!(t.ibmcloud(&["ks", "clusters", "-q"]).await.status, 0);
    let after = Session::load(&t.shell.state).iam_token;
    assert_ne!(before, after);
}

#[tokio::test(flavor = "current_thread")]
async fn a_401_is_answered_by_one_refresh_and_a_retry() {
    let clock = Arc::new(ManualClock::new(T0));
    let mut t = Term::on(&serve_with(clock.clone(), Config::default()).await);
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "--no-region"])
        .await;
    let before = Session::load(&t.shell.state).iam_token;
    // Only the sandbox's clock moves: the terminal believes its token is
    // fresh, the service answers 401, and the command still succeeds.
    clock.advance_ms(61 * MINUTE);
    let out = t.ibmcloud(&["ks", "clusters", "-q"]).await;
    assert_eq!((out.stderr.as_str(), out.status), ("", 0));
    assert!(out.stdout.contains("mycluster"), "{}", out.stdout);
    assert_ne!(Session::load(&t.shell.state).iam_token, before);
}

#[tokio::test(flavor = "current_thread")]
async fn an_expired_refresh_token_asks_to_log_in_again_and_keeps_the_rest() {
    let clock = Arc::new(ManualClock::new(T0));
    let config = Config {
        refresh_token_ttl_s: 2 * 3600,
        ..Config::default()
    };
    let mut t = Term::on(&serve_with(clock.clone(), config).await);
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "-r", "us-south"])
        .await;
    t.sh("echo keep me > notes.txt").await;
    clock.advance_ms(3 * 60 * MINUTE);
    t.host.advance_ms(3 * 60 * MINUTE);
    assert_eq!(
        t.ibmcloud(&["ks", "clusters"]).await,
        failed("Session has expired. Log in again with 'ibmcloud login'.")
    );
    // The files, the region and a new login all survive the error.
    assert_eq!(t.sh("cat notes.txt").await.0, "keep me\n");
    assert_eq!(Session::load(&t.shell.state).region, "us-south");
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "-r", "us-south"])
        .await;
    assert_eq!(t.ibmcloud(&["ks", "clusters", "-q"]).await.status, 0);
}
