#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `--help`, `-h` and `help …` everywhere, logged in or not, never touching
//! the session.

mod common;

use common::{failed, Term};

#[tokio::test(flavor = "current_thread")]
async fn every_spelling_of_help_finds_the_command() {
    let mut t = Term::new().await;
    let cases: &[(&[&str], &str)] = &[
        (&["login", "--help"], "NAME:\n  login - Log in user\n"),
        (&["help", "login"], "NAME:\n  login - Log in user\n"),
        (&["target", "-r", "us-south", "-h"], "NAME:\n  target - "),
        (
            &[
                "ks",
                "cluster",
                "config",
                "--cluster",
                "mycluster",
                "--help",
            ],
            "NAME:\n  config - Download the Kubernetes configuration",
        ),
        (&["cs", "cluster-config", "-h"], "NAME:\n  config - "),
        (
            &["ks", "help", "cluster", "get"],
            "NAME:\n  get - View the details",
        ),
        (&["cr", "help", "token-add"], "NAME:\n  token-add - "),
        (&["cr", "token-rm", "--help"], "NAME:\n  token-rm - "),
        (
            &["iam", "api-key-create", "-h"],
            "NAME:\n  api-key-create - ",
        ),
        (&["help"], "NAME:\n  ibmcloud - "),
        (&["ks", "--help"], "NAME:\n  ibmcloud ks - "),
    ];
    for (args, start) in cases {
        let out = t.ibmcloud(args).await;
        assert_eq!((out.stderr.as_str(), out.status), ("", 0), "{args:?}");
        assert!(out.stdout.starts_with(start), "{args:?}: {}", out.stdout);
    }
    assert_eq!(
        t.ibmcloud(&["help", "nosuch"]).await,
        failed("'nosuch' is not a registered command. See 'ibmcloud help'.")
    );
}
