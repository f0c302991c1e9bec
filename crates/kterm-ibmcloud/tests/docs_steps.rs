#![allow(clippy::unwrap_used)] // tests fail loudly by design
#![allow(clippy::disallowed_methods)] // a native test
//! The `ibmcloud` steps of the IBM docs over the years, against the sandbox
//! over real HTTP: `ks region-set`/`region`/`regions` (also as `bx cs`),
//! `ks init --host`, plug-ins uninstalled and installed, `iam oauth-tokens
//! --output json`, and the CLI's colours on a terminal.

mod common;

use std::sync::Arc;

use common::{failed, ok, serve_with, Term, T0};
use kterm_sim::{Config, ManualClock};

/// The CLI's session file, `~/.bluemix/config.json`.
fn session_file(t: &Term) -> serde_json::Value {
    let bytes = t.shell.state.fs.read("/home/user/.bluemix/config.json");
    serde_json::from_slice(bytes.unwrap()).unwrap()
}

async fn logged_in() -> Term {
    let mut t = Term::new().await;
    let out = t
        .ibmcloud(&[
            "login",
            "--apikey",
            "demo-apikey",
            "-r",
            "us-south",
            "-g",
            "Default",
        ])
        .await;
    assert_eq!(out.status, 0, "{}", out.stderr);
    t
}

const REGIONS: &str = "OK\nRegion Name   Region Alias\nap-north      jp-tok\nap-south      au-syd\neu-central    eu-de\nuk-south      eu-gb\nus-east       us-east\nus-south      us-south\n";

const CHOOSE: &str = "Choose a region:\n1. ap-north\n2. ap-south\n3. eu-central\n4. uk-south\n5. us-east\n6. us-south\n";

#[tokio::test(flavor = "current_thread")]
async fn regions_and_region_set_as_the_2018_docs_use_them() {
    let mut t = logged_in().await;
    assert_eq!(t.ibmcloud(&["ks", "regions"]).await, ok(REGIONS));
    assert_eq!(t.ibmcloud(&["cs", "regions"]).await, ok(REGIONS));
    // Before any region-set, the region is the targeted region's.
    assert_eq!(
        t.ibmcloud(&["ks", "region"]).await,
        ok("Region: us-south\n")
    );

    // No region given: the CLI asks, and asks again after a wrong number.
    t.host.push_line("9");
    t.host.push_line("3");
    let out = t.ibmcloud(&["cs", "region-set"]).await;
    assert_eq!(
        out,
        ok(&format!(
            "{CHOOSE}Please enter a number between 1 to 6.\nOK\n"
        ))
    );
    assert_eq!(
        t.host.prompts.borrow().as_slice(),
        [
            ("Enter a number> ".to_string(), false),
            ("Enter a number> ".to_string(), false)
        ]
    );
    assert_eq!(
        t.ibmcloud(&["ks", "region"]).await,
        ok("Region: eu-central\n")
    );
    // Only that region's clusters are listed.
    let out = t.ibmcloud(&["ks", "clusters", "-q"]).await;
    assert!(out.stdout.starts_with("Name "), "{}", out.stdout);
    assert!(out.stdout.contains("\ndev-vpc "), "{}", out.stdout);
    assert!(!out.stdout.contains("mycluster"), "{}", out.stdout);

    // A name or its IBM Cloud alias, positional or --region.
    assert_eq!(
        t.ibmcloud(&["ks", "region-set", "us-south"]).await,
        ok("OK\n")
    );
    assert_eq!(
        t.ibmcloud(&["ks", "region"]).await,
        ok("Region: us-south\n")
    );
    assert_eq!(
        t.ibmcloud(&["ks", "region-set", "--region", "eu-gb"]).await,
        ok("OK\n")
    );
    assert_eq!(
        t.ibmcloud(&["ks", "region"]).await,
        ok("Region: uk-south\n")
    );
    assert_eq!(
        t.ibmcloud(&["ks", "region-set", "mars"]).await,
        failed("The region 'mars' is not valid. Valid regions are: ap-north, ap-south, eu-central, uk-south, us-east, us-south")
    );
    // No answer at all (Ctrl-D): nothing is changed.
    let out = t.ibmcloud(&["ks", "region-set"]).await;
    assert_eq!((out.stdout.as_str(), out.status), (CHOOSE, 130));
    assert_eq!(
        t.ibmcloud(&["ks", "region"]).await,
        ok("Region: uk-south\n")
    );
    // The shell's `bx cs` spelling, line by line as the docs show it.
    t.host.push_line("6");
    let (out, err, code) = t.sh("bx cs region-set").await;
    assert_eq!((err.as_str(), code), ("", 0));
    assert!(out.starts_with(CHOOSE), "{out}");
}

#[tokio::test(flavor = "current_thread")]
async fn ks_init_takes_the_docs_hosts_and_refuses_others_up_front() {
    let mut t = logged_in().await;
    for host in [
        "https://us-east.containers.bluemix.net",
        "https://eu-gb.containers.cloud.ibm.com",
        "https://containers.bluemix.net",
        "https://uk-south.containers.bluemix.net/",
    ] {
        let out = t.ibmcloud(&["ks", "init", "--host", host]).await;
        let shown = host.trim_end_matches('/');
        assert_eq!(
            out,
            ok(&format!(
                "Using Kubernetes Service API endpoint: {shown}\nOK\n"
            ))
        );
        // The same service answers.
        let out = t.ibmcloud(&["ks", "clusters"]).await;
        assert_eq!(out.status, 0, "{host}: {}", out.stderr);
        assert!(out.stdout.contains("\nmycluster "), "{host}");
    }
    let out = t
        .ibmcloud(&["ks", "init", "--host", "https://containers.example.com"])
        .await;
    assert_eq!(
        out,
        failed("'https://containers.example.com' is not an IBM Cloud Kubernetes Service API endpoint. Use https://containers.cloud.ibm.com (the default) or a regional one such as https://us-south.containers.cloud.ibm.com or https://us-east.containers.bluemix.net.")
    );
    // The refused host left the endpoint as it was: later commands work.
    assert_eq!(t.ibmcloud(&["ks", "clusters"]).await.status, 0);
    assert_eq!(
        t.ibmcloud(&["ks", "init"]).await,
        ok("Using Kubernetes Service API endpoint: https://containers.cloud.ibm.com\nOK\n")
    );
    assert_eq!(session_file(&t)["ContainersHost"], "");
}

#[tokio::test(flavor = "current_thread")]
async fn registry_tokens_expire_after_a_day_unless_non_expiring() {
    let clock = Arc::new(ManualClock::new(T0));
    let origin = serve_with(clock.clone(), Config::default()).await;
    let mut t = Term::on(&origin);
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "-r", "us-south"])
        .await;
    let daily = t
        .ibmcloud(&["cr", "token-add", "-q", "--description", "ci"])
        .await;
    assert_eq!(daily.status, 0, "{}", daily.stderr);
    let daily = daily.stdout.trim().to_string();
    let forever = t
        .ibmcloud(&["cr", "token-add", "-q", "--non-expiring"])
        .await;
    let forever = forever.stdout.trim().to_string();
    let list = t.ibmcloud(&["cr", "tokens"]).await;
    assert!(
        list.stdout
            .contains("   true       2026-01-02 00:00:00 UTC   ci\n"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.contains("   true       0\n"), "{}", list.stdout);
    let login = |token: &str| format!("docker login -u token -p {token} registry.ng.bluemix.net");
    let (out, _, code) = t.sh(&login(&daily)).await;
    assert_eq!((out.as_str(), code), ("Login Succeeded\n", 0));
    clock.advance_ms(24 * 3_600_000);
    let (out, err, code) = t.sh(&login(&daily)).await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("", "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nGet \"https://registry.ng.bluemix.net/v2/\": unauthorized: Authorization required. See https://cloud.ibm.com/docs/Registry?topic=Registry-troubleshoot-auth-req\n", 1)
    );
    let (out, _, code) = t.sh(&login(&forever)).await;
    assert_eq!((out.as_str(), code), ("Login Succeeded\n", 0));
}

#[tokio::test(flavor = "current_thread")]
async fn a_plugin_uninstalled_is_gone_until_installed_again() {
    let mut t = logged_in().await;
    assert_eq!(
        t.ibmcloud(&["plugin", "list"]).await,
        ok("Listing installed plug-ins...\n\nPlugin Name                            Version   Status\ncontainer-registry                     1.3.17\ncontainer-service/kubernetes-service   1.0.740\n")
    );
    assert_eq!(
        t.ibmcloud(&["plugin", "uninstall", "container-service"]).await,
        ok("Uninstalling plug-in 'container-service'...\nOK\nPlug-in 'container-service' was successfully uninstalled.\n")
    );
    assert_eq!(
        t.ibmcloud(&["plugin", "list"]).await,
        ok("Listing installed plug-ins...\n\nPlugin Name          Version   Status\ncontainer-registry   1.3.17\n")
    );
    for (args, word) in [
        (&["ks", "clusters"][..], "ks"),
        (&["cs", "clusters"][..], "cs"),
        (&["help", "ks"][..], "ks"),
        (&["ks", "cluster", "get", "--help"][..], "ks"),
    ] {
        assert_eq!(
            t.ibmcloud(args).await,
            failed(&format!(
                "'{word}' is not a registered command. See 'ibmcloud help'."
            )),
            "{args:?}"
        );
    }
    assert_eq!(
        t.ibmcloud(&["plugin", "uninstall", "kubernetes-service"])
            .await,
        failed("Plug-in 'kubernetes-service' is not installed.")
    );
    // The other plug-in is untouched.
    assert_eq!(t.ibmcloud(&["cr", "region"]).await.status, 0);
    assert_eq!(
        t.ibmcloud(&["plugin", "install", "kubernetes-service"]).await,
        ok("Looking up 'kubernetes-service' from repository 'IBM Cloud'...\nPlug-in 'container-service 1.0.740' found in repository 'IBM Cloud'\nInstalling binary...\nOK\nPlug-in 'container-service 1.0.740' was successfully installed into /home/user/.bluemix/plugins/container-service. Use 'ibmcloud plugin show container-service' to show its details.\n")
    );
    assert_eq!(t.ibmcloud(&["ks", "clusters"]).await.status, 0);
    assert_eq!(
        t.ibmcloud(&["plugin", "install", "container-registry"])
            .await,
        ok("Plug-in 'container-registry 1.3.17' is already installed.\nOK\n")
    );
    assert_eq!(
        t.ibmcloud(&["plugin", "install", "vpc-infrastructure"]).await,
        failed("Plug-in 'vpc-infrastructure' is not available in this terminal. Built in: container-service (ks) and container-registry (cr).")
    );
    // Uninstalling touches nothing on the service side.
    let cmd = t.shell.registry.get("ibmcloud").unwrap();
    let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
    assert_eq!(
        cmd.mutates(&words("plugin uninstall container-service")),
        None
    );
    assert_eq!(cmd.mutates(&words("config --color false")), None);
    assert_eq!(cmd.mutates(&words("ks region-set us-south")), None);
    // A leading --no-color does not hide a change from the read-only policy.
    assert_eq!(
        cmd.mutates(&words("--no-color cr namespace-add ns1"))
            .as_deref(),
        Some("cr namespace-add")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn oauth_tokens_as_json() {
    let mut t = logged_in().await;
    let cfg = session_file(&t);
    let token = cfg["IAMToken"].as_str().unwrap().to_string();
    assert!(token.starts_with("Bearer ey"));
    for format in ["json", "JSON"] {
        assert_eq!(
            t.ibmcloud(&["iam", "oauth-tokens", "--output", format])
                .await,
            ok(&format!("{{\n  \"iam_token\": \"{token}\"\n}}\n"))
        );
    }
    assert_eq!(
        t.ibmcloud(&["iam", "oauth-tokens"]).await,
        ok(&format!("IAM token:  {token}\n"))
    );
    assert_eq!(
        t.ibmcloud(&["iam", "oauth-tokens", "--output", "yaml"])
            .await,
        failed("Incorrect Usage: Invalid output format 'yaml'. Supported formats: JSON")
    );
}

fn file(t: &Term, name: &str) -> String {
    let path = format!("/home/user/{name}");
    String::from_utf8(t.shell.state.fs.read(&path).unwrap().to_vec()).unwrap()
}

const BOLD_OK: &str = "\x1b[32;1mOK\x1b[0m";

/// `ibmcloud target` as a terminal shows it: labels of the key/value table
/// in bold cyan.
fn coloured_target() -> String {
    let label = |l: &str| format!("\x1b[36;1m{l}\x1b[0m");
    format!(
        "\n{}     https://cloud.ibm.com\n{}           us-south\n{}             demo@example.com\n{}          Demo Account (b3c8a1d2e4f5061728394a5b6c7d8e9f) <-> 2468013\n{}   Default\n",
        label("API endpoint:"),
        label("Region:"),
        label("User:"),
        label("Account:"),
        label("Resource group:")
    )
}

const PLAIN_TARGET: &str = "\nAPI endpoint:     https://cloud.ibm.com\nRegion:           us-south\nUser:             demo@example.com\nAccount:          Demo Account (b3c8a1d2e4f5061728394a5b6c7d8e9f) <-> 2468013\nResource group:   Default\n";

#[tokio::test(flavor = "current_thread")]
async fn colours_on_a_terminal_and_nowhere_else() {
    let mut t = logged_in().await;
    assert_eq!(t.sh("ibmcloud target").await.0, coloured_target());
    // Pipes and files get none.
    assert_eq!(t.sh("ibmcloud target | cat").await.0, PLAIN_TARGET);
    t.sh("ibmcloud target > out.txt").await;
    assert_eq!(t.sh("cat out.txt").await.0, PLAIN_TARGET);
    // Turned off by the flag, NO_COLOR and the CLI's own switches.
    assert_eq!(t.sh("ibmcloud target --no-color").await.0, PLAIN_TARGET);
    assert_eq!(t.sh("ibmcloud --no-color target").await.0, PLAIN_TARGET);
    assert_eq!(t.sh("NO_COLOR=1 ibmcloud target").await.0, PLAIN_TARGET);
    assert_eq!(
        t.sh("IBMCLOUD_COLOR=false ibmcloud target").await.0,
        PLAIN_TARGET
    );
    // IBMCLOUD_COLOR=true colours a pipe too, as the CLI does (read from
    // the file: `cat` to the terminal would show the escapes made safe).
    t.sh("IBMCLOUD_COLOR=true ibmcloud target | cat > piped.txt")
        .await;
    assert_eq!(file(&t, "piped.txt"), coloured_target());
    // OK green, a table header bold and its first column bold cyan.
    let (out, _, _) = t.sh("ibmcloud ks regions").await;
    assert!(
        out.starts_with(&format!(
            "{BOLD_OK}\n\x1b[1mRegion Name\x1b[0m   \x1b[1mRegion Alias\x1b[0m\n\x1b[36;1map-north\x1b[0m      jp-tok\n"
        )),
        "{out:?}"
    );
    // FAILED red, on stderr.
    let (_, err, code) = t.sh("ibmcloud ks region-set mars").await;
    assert_eq!(code, 1);
    assert!(
        err.starts_with("\x1b[31;1mFAILED\x1b[0m\nThe region 'mars'"),
        "{err:?}"
    );
    // Names in messages bold cyan.
    let (out, _, _) = t.sh("ibmcloud target -g Default").await;
    assert!(
        out.starts_with("Targeted resource group \x1b[36;1mDefault\x1b[0m\n\n"),
        "{out:?}"
    );
    // Prompts: the `>` bold cyan.
    t.host.push_line("6");
    t.sh("ibmcloud ks region-set").await;
    assert_eq!(
        t.host.prompts.borrow().last().unwrap().0,
        "Enter a number\x1b[36;1m>\x1b[0m "
    );
    // `ibmcloud config --color false` turns them off for the session.
    assert_eq!(
        t.sh("ibmcloud config --color false").await.0,
        format!("{BOLD_OK}\n")
    );
    assert_eq!(t.sh("ibmcloud target").await.0, PLAIN_TARGET);
    let (_, err, _) = t.sh("ibmcloud ks region-set mars").await;
    assert!(err.starts_with("FAILED\n"), "{err:?}");
    // ... and true colours pipes.
    assert_eq!(t.sh("ibmcloud config --color true").await.0, "OK\n");
    t.sh("ibmcloud target > coloured.txt").await;
    assert_eq!(file(&t, "coloured.txt"), coloured_target());
    let (_, err, code) = t.sh("ibmcloud config --color blue").await;
    assert_eq!(code, 1);
    assert!(
        err.contains("'blue' is not a valid value for --color"),
        "{err}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_session_taken_over_from_the_page_shows_its_account_name() {
    let t = logged_in().await;
    let cfg = session_file(&t);
    let (access, refresh) = (
        cfg["IAMToken"].as_str().unwrap().to_string(),
        cfg["IAMRefreshToken"].as_str().unwrap().to_string(),
    );
    // A fresh tab: the embedding page hands its session over (KTerm.mount's
    // getToken), then the preset context runs `ibmcloud target -r -g`.
    let mut t = Term::on(&t.origin);
    kterm_ibmcloud::session::adopt_tokens(&mut t.shell.state, &access, &refresh, T0).unwrap();
    let out = t
        .ibmcloud(&["target", "-r", "us-south", "-g", "Default"])
        .await;
    assert_eq!(
        out,
        ok(&format!(
            "Targeted resource group Default\n\nSwitched to region us-south\n{PLAIN_TARGET}"
        ))
    );
    assert_eq!(t.ibmcloud(&["target"]).await, ok(PLAIN_TARGET));
}
