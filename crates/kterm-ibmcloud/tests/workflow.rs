#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! `ibmcloud` against the sandbox over real HTTP, with exact output: the
//! IBM docs workflow, errors, and the session file.

mod common;

use std::rc::Rc;

use common::{failed, ok, Term, T0};
use kterm_http::native::NativeTransport;
use kterm_http::{Client, Endpoints};
use kterm_shell::testing::TestHost;

const TABLE: &str = "
API endpoint:     https://cloud.ibm.com
Region:           us-south
User:             demo@example.com
Account:          Demo Account (b3c8a1d2e4f5061728394a5b6c7d8e9f) <-> 2468013
Resource group:   Default
";

#[tokio::test(flavor = "current_thread")]
async fn login_with_api_key_region_and_group() {
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
    let want = format!(
        "API endpoint: https://cloud.ibm.com\nAuthenticating...\nRetrieving API key token...\nOK\n\n\
         Targeted account Demo Account (b3c8a1d2e4f5061728394a5b6c7d8e9f) <-> 2468013\n\n\
         Targeted resource group Default\n\nTargeted region us-south\n\n{TABLE}"
    );
    assert_eq!(out, ok(&want));
    // The session lives in the CLI's own config file.
    let cfg = t
        .shell
        .state
        .fs
        .read("/home/user/.bluemix/config.json")
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(cfg).unwrap();
    assert_eq!(v["Region"], "us-south");
    assert!(v["IAMToken"].as_str().unwrap().starts_with("Bearer ey"));
    assert_eq!(
        kterm_ibmcloud::prompt_segment(&t.shell.state).as_deref(),
        Some("us-south")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn target_shows_and_switches() {
    let mut t = Term::new().await;
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "-r", "us-south"])
        .await;
    assert_eq!(t.ibmcloud(&["target"]).await, ok(TABLE));
    let out = t.ibmcloud(&["target", "-g", "dev", "-r", "eu-de"]).await;
    assert_eq!(
        out,
        ok(&format!(
            "Targeted resource group dev\n\nSwitched to region eu-de\n{}",
            TABLE.replace("us-south", "eu-de").replace("Default", "dev")
        ))
    );
    assert_eq!(
        t.ibmcloud(&["target", "-g", "nope"]).await,
        failed("Resource group 'nope' was not found.")
    );
    assert_eq!(
        t.ibmcloud(&["target", "-r", "mars-1"]).await,
        failed("Region 'mars-1' is not found. Use 'ibmcloud regions' to list the regions.")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn bad_key_not_logged_in_and_logout() {
    let mut t = Term::new().await;
    let out = t
        .ibmcloud(&["login", "--apikey", "wrong", "--no-region"])
        .await;
    assert_eq!(
        out.stdout,
        "API endpoint: https://cloud.ibm.com\nAuthenticating...\nRetrieving API key token...\n"
    );
    assert_eq!(
        (out.stderr.as_str(), out.status),
        ("FAILED\nProvided API key could not be found.\n\n", 1)
    );
    assert_eq!(
        t.ibmcloud(&["ks", "clusters"]).await,
        failed("Not logged in. Use 'ibmcloud login' to log in.")
    );
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "--no-region"])
        .await;
    assert_eq!(t.ibmcloud(&["logout"]).await, ok("Logging out...\nOK\n"));
    assert!(!t.shell.state.fs.exists("/home/user/.bluemix/config.json"));
}

#[tokio::test(flavor = "current_thread")]
async fn sso_passcode_and_password_prompts() {
    let mut t = Term::new().await;
    // The passcode comes from the sandbox's passcode page, as a person would copy it.
    let origin = match t.shell.state.ext.get::<Client>() {
        Some(c) => c.endpoints().map("https://iam.cloud.ibm.com"),
        None => unreachable!(),
    };
    let code: serde_json::Value = reqwest_get_json(&format!("{origin}/identity/passcode")).await;
    t.host = TestHost::with_lines(&["n", code["passcode"].as_str().unwrap(), "1"]);
    t.host.advance_ms(T0 - kterm_shell::testing::T0_MS);
    let out = t.ibmcloud(&["login", "--sso", "--no-region"]).await;
    assert!(
        out.stdout.contains(&format!(
            "Get One Time Code from {origin}/identity/passcode to proceed."
        )),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Authenticating...\nOK\n"),
        "{}",
        out.stdout
    );
    assert_eq!(
        t.host.prompts.borrow()[1],
        ("One Time Code > ".to_string(), true)
    );

    t.host = TestHost::with_lines(&["demo@example.com", "demo-password", "1"]);
    let out = t.ibmcloud(&["login", "--no-region"]).await;
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        *t.host.prompts.borrow(),
        [
            ("Email> ".to_string(), false),
            ("Password> ".to_string(), true),
            ("Enter a number> ".to_string(), false)
        ]
    );
}

async fn reqwest_get_json(url: &str) -> serde_json::Value {
    use kterm_http::Transport;
    let r = NativeTransport::new()
        .send(kterm_http::Request::get(url).header("Accept", "application/json"))
        .await
        .unwrap();
    serde_json::from_slice(&r.bytes().await.unwrap()).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn ks_clusters_and_cluster_get() {
    let mut t = Term::new().await;
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "-r", "us-south"])
        .await;
    let want = "OK
Name        ID                     State    Created        Workers   Location    Version       Resource Group Name   Provider
mycluster   cnvgf7md0b9ab3c5mcl0   normal   3 months ago   3         Dallas      1.36.3_1521   Default               classic
dev-vpc     cq2aj5ld0nqrvs6e7vp0   normal   3 months ago   2         Frankfurt   1.35.7_1545   dev                   vpc-gen2
";
    assert_eq!(t.ibmcloud(&["ks", "clusters"]).await, ok(want));
    assert_eq!(t.ibmcloud(&["cs", "cluster", "ls"]).await, ok(want));
    let get = t
        .ibmcloud(&["ks", "cluster", "get", "--cluster", "mycluster"])
        .await;
    assert!(get.stdout.starts_with("Retrieving cluster mycluster...\nOK\n\nName:                           mycluster\nID:                             cnvgf7md0b9ab3c5mcl0\n"), "{}", get.stdout);
    let missing = t
        .ibmcloud(&["ks", "cluster", "get", "--cluster", "nope"])
        .await;
    assert!(
        missing
            .stderr
            .starts_with("FAILED\nThe specified cluster could not be found."),
        "{}",
        missing.stderr
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_ibm_docs_workflow_in_the_shell() {
    let mut t = Term::new().await;
    // The shell's stdout is a terminal, so the CLI colours as it would.
    let (_, err, code) = t
        .sh("ibmcloud login --apikey demo-apikey -r us-south -g Default")
        .await;
    assert_eq!((err.as_str(), code), ("", 0));
    let (out, _, _) = t.sh("ibmcloud plugin list").await;
    assert_eq!(
        out,
        "Listing installed plug-ins...\n\n\x1b[1mPlugin Name\x1b[0m                            \x1b[1mVersion\x1b[0m   \x1b[1mStatus\x1b[0m\n\x1b[36;1mcontainer-registry\x1b[0m                     1.3.17\n\x1b[36;1mcontainer-service/kubernetes-service\x1b[0m   1.0.740\n"
    );
    let (out, err, code) = t.sh("ibmcloud ks cluster config --cluster mycluster").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "\x1b[32;1mOK\x1b[0m\nThe configuration for mycluster was downloaded successfully.\n\nAdded context for mycluster to the current kubeconfig file.\nYou can now execute 'kubectl' commands against your cluster. For example, run 'kubectl get nodes'.\nIf you are accessing the cluster for the first time, 'kubectl' commands might fail for a few seconds while RBAC synchronizes.\n",
            "",
            0
        )
    );
    let kube = String::from_utf8(
        t.shell
            .state
            .fs
            .read("/home/user/.kube/config")
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(
        kube.contains("current-context: mycluster/cnvgf7md0b9ab3c5mcl0"),
        "{kube}"
    );
    assert!(kube.contains("certificate-authority: /home/user/.bluemix/plugins/kubernetes-service/clusters/mycluster-cnvgf7md0b9ab3c5mcl0/ca-mycluster.pem"), "{kube}");
    assert!(kube.contains("name: oidc"), "{kube}");

    let (out, _, code) = t
        .sh("eval $(ibmcloud ks cluster config --export --cluster mycluster); echo $KUBECONFIG")
        .await;
    assert_eq!((out.as_str(), code), ("/home/user/.bluemix/plugins/kubernetes-service/clusters/mycluster-cnvgf7md0b9ab3c5mcl0/kube-config-mycluster.yml\n", 0));
    let (out, _, _) = t.sh("bx cs cluster-config mycluster").await;
    assert_eq!(
        out,
        "\x1b[32;1mOK\x1b[0m\nThe configuration for mycluster was downloaded successfully. Export environment variables to start using Kubernetes.\n\nexport KUBECONFIG=/home/user/.bluemix/plugins/kubernetes-service/clusters/mycluster-cnvgf7md0b9ab3c5mcl0/kube-config-mycluster.yml\n"
    );
    let (_, err, code) = t.sh("ibmcloud ks cluster config").await;
    assert_eq!(
        (err.as_str(), code),
        (
            "\x1b[31;1mFAILED\x1b[0m\nIncorrect Usage: the required flag '-c, --cluster' was not specified\n\n",
            1
        )
    );
    let (_, err, code) = t.sh("ibmcloud nosuch").await;
    assert_eq!(
        (err.as_str(), code),
        (
            "\x1b[31;1mFAILED\x1b[0m\n'nosuch' is not a registered command. See 'ibmcloud help'.\n\n",
            1
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn resource_groups_accounts_and_api_keys() {
    let mut t = Term::new().await;
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "--no-region"])
        .await;
    assert_eq!(
        t.ibmcloud(&["resource", "groups"]).await,
        ok("Retrieving all resource groups under account Demo Account as demo@example.com...\nOK\nName      ID                                 Default Group   State\nDefault   5e1f2a3b4c5d46e7f8091a2b3c4d5e6f   true            ACTIVE\ndev       9a8b7c6d5e4f40312a1b2c3d4e5f6a7b   false           ACTIVE\n")
    );
    assert_eq!(
        t.ibmcloud(&["account", "list"]).await,
        ok("Retrieving all accounts of demo@example.com...\nOK\nAccount GUID                       Name           State    Owner\nb3c8a1d2e4f5061728394a5b6c7d8e9f   Demo Account   ACTIVE   demo@example.com\n4f6e2d1c0b9a48372615a4b3c2d1e0f9   Team Account   ACTIVE   demo@example.com\n")
    );
    let tokens = t.ibmcloud(&["iam", "oauth-tokens"]).await;
    assert!(
        tokens.stdout.starts_with("IAM token:  Bearer ey"),
        "{}",
        tokens.stdout
    );

    let created = t
        .ibmcloud(&["iam", "api-key-create", "newkey", "-d", "for CI"])
        .await;
    assert_eq!(created.status, 0, "{}", created.stderr);
    assert!(created.stdout.starts_with("Creating API key newkey under b3c8a1d2e4f5061728394a5b6c7d8e9f as demo@example.com...\nOK\nAPI key newkey was created\n\nPlease preserve the API key! It cannot be retrieved after it's created.\n\nID            ApiKey-"), "{}", created.stdout);
    let value = created
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("API Key       "))
        .unwrap()
        .to_string();
    let listed = t.ibmcloud(&["iam", "api-keys"]).await;
    assert!(
        listed.stdout.contains("newkey") && listed.stdout.contains("for CI"),
        "{}",
        listed.stdout
    );
    // The new key logs in, also from a file as `--apikey @file`.
    let saved = t
        .ibmcloud(&["iam", "api-key-create", "filekey", "--file", "key.json"])
        .await;
    assert!(
        saved
            .stdout
            .ends_with("Successfully save API key information to key.json\n"),
        "{}",
        saved.stdout
    );
    assert_eq!(
        t.ibmcloud(&["login", "--apikey", "@key.json", "--no-region"])
            .await
            .status,
        0
    );
    assert_eq!(
        t.ibmcloud(&["login", "--apikey", &value, "--no-region"])
            .await
            .status,
        0
    );
    assert_eq!(
        t.ibmcloud(&["iam", "api-key-delete", "newkey", "-f"]).await,
        ok("Deleting API key newkey as demo@example.com...\nOK\nAPI key newkey was deleted successfully\n")
    );
    assert_eq!(
        t.ibmcloud(&["iam", "api-key-delete", "newkey", "-f"]).await,
        failed("Unable to find API key 'newkey'.")
    );
    let out = t
        .ibmcloud(&["login", "--apikey", &value, "--no-region"])
        .await;
    assert_eq!(
        out.stderr,
        "FAILED\nProvided API key could not be found.\n\n"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn container_registry() {
    let mut t = Term::new().await;
    t.ibmcloud(&[
        "login",
        "--apikey",
        "demo-apikey",
        "-r",
        "us-south",
        "-g",
        "Default",
    ])
    .await;
    assert_eq!(
        t.ibmcloud(&["cr", "api"]).await,
        ok("Registry API endpoint   https://us.icr.io/api\n\nOK\n")
    );
    assert_eq!(
        t.ibmcloud(&["cr", "region"]).await,
        ok("You are targeting region 'us-south', the registry is 'us.icr.io'.\n\nOK\n")
    );
    assert_eq!(
        t.ibmcloud(&["cr", "namespace-list"]).await,
        ok("Listing namespaces for account 'Demo Account' in registry 'us.icr.io'...\n\nNamespace\ndemo-ns\nteam-apps\n\nOK\n")
    );
    assert_eq!(
        t.ibmcloud(&["cr", "namespace-list", "-v"]).await,
        ok("Listing namespaces for account 'Demo Account' in registry 'us.icr.io'...\n\nNamespace   Resource Group   Created\ndemo-ns     Default          1 year ago\nteam-apps   dev              1 month ago\n\nOK\n")
    );
    assert_eq!(
        t.ibmcloud(&["cr", "namespace-add", "birds"]).await,
        ok("Adding namespace 'birds' in resource group 'Default' for account Demo Account in registry us.icr.io...\n\nSuccessfully added namespace 'birds'\n\nOK\n")
    );
    let dup = t.ibmcloud(&["cr", "namespace-add", "birds"]).await;
    assert_eq!(dup.stderr, "FAILED\nThe namespace 'birds' is already in use. Namespaces must be unique in the region.\n\n");
    assert_eq!(
        t.ibmcloud(&["cr", "namespace-rm", "birds", "-f"]).await,
        ok("Removing namespace 'birds'...\n\nSuccessfully removed namespace 'birds'.\n\nOK\n")
    );
    assert_eq!(
        t.ibmcloud(&["cr", "images", "-q", "--restrict", "demo-ns"]).await,
        ok("us.icr.io/demo-ns/web:1.27\nus.icr.io/demo-ns/web:latest\nus.icr.io/demo-ns/api:2.4.1\n")
    );
    let images = t.ibmcloud(&["cr", "image-list"]).await;
    assert!(images.stdout.contains("us.icr.io/demo-ns/api        2.4.1    7b1d9c0e5f2a   demo-ns     2 days ago   144 MB   3 Issues\n"), "{}", images.stdout);
    assert_eq!(
        t.ibmcloud(&["cr", "quota"]).await,
        ok("Getting quotas and usage for the current month, for account 'Demo Account'...\n\nQuota          Limit    Used\nPull traffic   5 GB     0 B\nStorage        537 MB   337 MB\n\nOK\n")
    );
    let added = t
        .ibmcloud(&[
            "cr",
            "token-add",
            "--description",
            "ci token",
            "--non-expiring",
        ])
        .await;
    assert!(
        added
            .stdout
            .starts_with("Requesting a registry token...\n\nToken identifier   "),
        "{}",
        added.stdout
    );
    let id = added
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Token identifier   "))
        .unwrap()
        .to_string();
    let listed = t.ibmcloud(&["cr", "token-list"]).await;
    assert_eq!(listed.stdout, format!("Retrieving registry tokens\n\nToken ID                               Readonly   Expiry   Description\n{id}   true       0        ci token\n\nOK\n"));
    let got = t.ibmcloud(&["cr", "token-get", &id]).await;
    assert!(
        got.stdout
            .contains(&format!("Token identifier   {id}\nToken              ey")),
        "{}",
        got.stdout
    );
    assert_eq!(
        t.ibmcloud(&["cr", "token-rm", &id, "-f"]).await,
        ok(&format!("Removing registry token '{id}'...\n\nOK\n"))
    );
    assert_eq!(
        t.ibmcloud(&["cr", "token-get", &id]).await.stderr,
        format!("FAILED\nThe token with ID '{id}' was not found.\n\n")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn ks_workers_versions_zones() {
    let mut t = Term::new().await;
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "--no-region"])
        .await;
    assert_eq!(
        t.ibmcloud(&["ks", "workers", "--cluster", "mycluster"]).await,
        ok("OK
ID                                                     Public IP      Private IP     Flavor               State    Status   Zone    Version
kube-cnvgf7md0b9ab3c5mcl0-mycluster-default-000001bc   169.47.64.80   10.176.48.60   b3c.4x16.encrypted   normal   Ready    dal10   1.36.3_1521
kube-cnvgf7md0b9ab3c5mcl0-mycluster-default-000001bd   169.47.64.81   10.176.48.61   b3c.4x16.encrypted   normal   Ready    dal10   1.36.3_1521
kube-cnvgf7md0b9ab3c5mcl0-mycluster-default-000001be   169.47.64.82   10.176.48.62   b3c.4x16.encrypted   normal   Ready    dal10   1.36.3_1521
")
    );
    let vpc = t.ibmcloud(&["ks", "worker", "ls", "-c", "dev-vpc"]).await;
    assert!(vpc.stdout.starts_with("OK\nID                                                  Primary IP    Flavor     State    Status   Zone      Version\nkube-cq2aj5ld0nqrvs6e7vp0-devvpc-default-000001bc   10.243.0.10   bx2.4x16   normal   Ready    eu-de-1   1.35.7_1545\n"), "{}", vpc.stdout);
    assert_eq!(
        t.ibmcloud(&["ks", "versions"]).await,
        ok("OK\nKubernetes Versions\n1.34.9\n1.35.7\n1.36.3 (default)\n\nOpenShift Versions\n4.17.40\n4.18.22 (default)\n")
    );
    let zones = t.ibmcloud(&["ks", "zones", "--provider", "vpc-gen2"]).await;
    assert!(
        zones.stdout.starts_with("OK\neu-de-1\n"),
        "{}",
        zones.stdout
    );
}

#[tokio::test(flavor = "current_thread")]
async fn tab_completion_offers_live_names() {
    let mut t = Term::new().await;
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "--no-region"])
        .await;
    let line = "ibmcloud ks cluster config --cluster my";
    let c = kterm_shell::editor::complete::complete(&mut t.shell, &t.host, line, line.len()).await;
    assert_eq!(c.candidates, ["mycluster"]);
    let line = "ibmcloud target -g d";
    let c = kterm_shell::editor::complete::complete(&mut t.shell, &t.host, line, line.len()).await;
    assert_eq!(c.candidates, ["dev"]);
    let line = "ibmcloud login -r us-";
    let c = kterm_shell::editor::complete::complete(&mut t.shell, &t.host, line, line.len()).await;
    assert_eq!(c.candidates, ["us-east", "us-south"]);
    let line = "bx cr token-";
    let c = kterm_shell::editor::complete::complete(&mut t.shell, &t.host, line, line.len()).await;
    assert_eq!(
        c.candidates,
        ["token-add", "token-get", "token-list", "token-rm"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn unreachable_service_is_reported_and_the_session_kept() {
    let mut t = Term::new().await;
    t.ibmcloud(&["login", "--apikey", "demo-apikey", "-r", "us-south"])
        .await;
    // Nothing listens on port 9 of loopback.
    t.shell.state.ext.insert(Client::new(
        Rc::new(NativeTransport::new()),
        Endpoints::ibm_cloud("http://127.0.0.1:9"),
    ));
    let out = t.ibmcloud(&["ks", "clusters"]).await;
    assert_eq!(out.status, 1);
    assert!(
        out.stderr
            .starts_with("FAILED\nUnable to reach https://containers.cloud.ibm.com: "),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("Bearer"), "no token in errors");
    assert_eq!(
        kterm_ibmcloud::session::Session::load(&t.shell.state).region,
        "us-south"
    );
}
