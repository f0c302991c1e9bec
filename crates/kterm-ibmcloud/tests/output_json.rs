#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `--output json` (and the ks plug-in's `--json`) on every listing: the
//! service's objects as JSON and nothing else on stdout, and the CLI's
//! usage error for any other format.

mod common;

use common::Term;
use serde_json::Value;

async fn logged_in() -> Term {
    let mut t = Term::new().await;
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "--no-region"])
        .await;
    t
}

/// Runs a listing that must answer JSON; returns it parsed.
async fn json(t: &mut Term, args: &[&str]) -> Value {
    let out = t.ibmcloud(args).await;
    assert_eq!((out.stderr.as_str(), out.status), ("", 0), "{args:?}");
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", out.stdout))
}

fn strings(v: &Value, path: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.pointer(path).and_then(Value::as_str).unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn listings_answer_json() {
    let mut t = logged_in().await;
    let cases: &[(&[&str], &str, &[&str])] = &[
        (
            &["ks", "clusters", "--output", "json"],
            "/name",
            &["mycluster", "dev-vpc"],
        ),
        (
            &["ks", "clusters", "--json"],
            "/name",
            &["mycluster", "dev-vpc"],
        ),
        (
            &[
                "ks",
                "cluster",
                "ls",
                "--location",
                "dal10",
                "--output=JSON",
            ],
            "/name",
            &["mycluster"],
        ),
        (
            &["resource", "groups", "--output", "json"],
            "/name",
            &["Default", "dev"],
        ),
        (
            &["resource", "groups", "--default", "--output", "json"],
            "/name",
            &["Default"],
        ),
        (
            &["account", "list", "--output", "json"],
            "/entity/name",
            &["Demo Account", "Team Account"],
        ),
        (
            &["ks", "zones", "--provider", "vpc-gen2", "--output", "json"],
            "/id",
            &[
                "eu-de-1",
                "eu-de-2",
                "eu-de-3",
                "us-south-1",
                "us-south-2",
                "us-south-3",
            ],
        ),
    ];
    for (args, path, want) in cases {
        let v = json(&mut t, args).await;
        let got = strings(&v, path);
        assert_eq!(&got, want, "{args:?}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn one_cluster_its_workers_and_the_versions_as_json() {
    let mut t = logged_in().await;
    let c = json(
        &mut t,
        &["ks", "cluster", "get", "-c", "mycluster", "--json"],
    )
    .await;
    assert_eq!(c["name"], "mycluster");
    let w = json(
        &mut t,
        &["ks", "workers", "-c", "mycluster", "--output", "json"],
    )
    .await;
    assert_eq!(w.as_array().unwrap().len(), 3);
    assert_eq!(w[0]["location"], "dal10");
    let v = json(&mut t, &["ks", "versions", "--output", "json"]).await;
    assert!(v["kubernetes"].as_array().unwrap().len() >= 3, "{v}");
    let keys = json(&mut t, &["iam", "api-keys", "--output", "json"]).await;
    assert!(keys.as_array().is_some(), "{keys}");
}

#[tokio::test(flavor = "current_thread")]
async fn other_formats_are_refused_before_any_request() {
    let mut t = logged_in().await;
    for args in [
        &["ks", "clusters", "--output", "yaml"][..],
        &["resource", "groups", "--output", "yaml"][..],
        &["ks", "workers", "-c", "mycluster", "--output", "yaml"][..],
    ] {
        let out = t.ibmcloud(args).await;
        assert_eq!(
            (out.stdout.as_str(), out.stderr.as_str(), out.status),
            (
                "",
                "FAILED\nIncorrect Usage: Invalid output format 'yaml'. Supported formats: JSON\n\n",
                1
            ),
            "{args:?}"
        );
    }
}

/// `cluster config --output zip` keeps the service's zip in the current
/// directory (a browser tab has no other disk) and merges nothing.
#[tokio::test(flavor = "current_thread")]
async fn cluster_config_zip_lands_in_the_current_directory() {
    let mut t = logged_in().await;
    let out = t
        .ibmcloud(&[
            "ks",
            "cluster",
            "config",
            "-c",
            "mycluster",
            "--output",
            "zip",
        ])
        .await;
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.status),
        (
            "OK\nThe configuration for mycluster was downloaded successfully.\nZip file: /home/user/kubeConfig-mycluster.zip\n",
            "",
            0
        )
    );
    let zip = t
        .shell
        .state
        .fs
        .read("/home/user/kubeConfig-mycluster.zip")
        .unwrap();
    assert!(zip.starts_with(b"PK\x03\x04"), "a zip archive");
    assert!(
        t.shell.state.fs.read("/home/user/.kube/config").is_err(),
        "no merge"
    );
}
