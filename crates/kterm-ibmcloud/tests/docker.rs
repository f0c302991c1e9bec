#![allow(clippy::unwrap_used)] // tests fail loudly by design
#![allow(clippy::disallowed_methods)] // a native test
//! `docker login` and `docker logout` as the Container Registry docs
//! automate them, against the sandbox's registry over real HTTP: exact
//! stdout, stderr, exit status and `~/.docker/config.json`.

mod common;

use common::Term;

const CONFIG: &str = "/home/user/.docker/config.json";

const INSECURE: &str = "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n";

const UNENCRYPTED: &str = "\nWARNING! Your credentials are stored unencrypted in '/home/user/.docker/config.json'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n";

const DENIED: &str = "unauthorized: Authorization required. See https://cloud.ibm.com/docs/Registry?topic=Registry-troubleshoot-auth-req";

/// Docker's note as a terminal shows it (its `tui` styling).
const NOTE: &str = "\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m\x1b[3mTo login with a different account, run 'docker logout' followed by 'docker login'\x1b[0m\n";

fn config(t: &Term) -> Option<String> {
    t.shell
        .state
        .fs
        .read(CONFIG)
        .ok()
        .map(|b| String::from_utf8(b.to_vec()).unwrap())
}

fn auth(user: &str, password: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}

#[tokio::test(flavor = "current_thread")]
async fn login_with_an_api_key_as_the_registry_doc_shows() {
    let mut t = Term::new().await;
    let (out, err, code) = t
        .sh("docker login -u iamapikey -p demo-apikey us.icr.io")
        .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Login Succeeded\n", &*format!("{INSECURE}{UNENCRYPTED}"), 0)
    );
    assert_eq!(
        config(&t).unwrap(),
        format!(
            "{{\n\t\"auths\": {{\n\t\t\"us.icr.io\": {{\n\t\t\t\"auth\": \"{}\"\n\t\t}}\n\t}}\n}}",
            auth("iamapikey", "demo-apikey")
        )
    );
    // The same credentials again: nothing to store, so no second warning.
    let (out, err, code) = t
        .sh("docker login -u iamapikey -p demo-apikey https://us.icr.io/")
        .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Login Succeeded\n", INSECURE, 0)
    );
    // From a pipe, as CI scripts do; another region, kept beside the first.
    let (out, err, code) = t
        .sh("echo demo-viewer-apikey | docker login -u iamapikey --password-stdin de.icr.io")
        .await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Login Succeeded\n", UNENCRYPTED, 0)
    );
    let file = config(&t).unwrap();
    assert!(file.contains("\"us.icr.io\""), "{file}");
    assert!(
        file.contains(&auth("iamapikey", "demo-viewer-apikey")),
        "{file}"
    );
    // Stored credentials are used when none are given.
    let (out, err, code) = t.sh("docker login us.icr.io").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "Login Succeeded\n",
            &*format!(
                "Authenticating with existing credentials... [Username: iamapikey]\n\n{NOTE}\n\n"
            ),
            0
        )
    );
    // NO_COLOR: Docker's note in its plain form.
    let (_, err, _) = t.sh("NO_COLOR=1 docker login us.icr.io").await;
    assert_eq!(
        err,
        "Authenticating with existing credentials... [Username: iamapikey]\n\n Info -> To login with a different account, run 'docker logout' followed by 'docker login'\n\n\n"
    );
    // The password never reaches the history.
    let (hist, _, _) = t.sh("history").await;
    assert!(!hist.contains("demo-apikey"), "{hist}");
}

#[tokio::test(flavor = "current_thread")]
async fn registry_tokens_and_iam_bearer_tokens_log_in_too() {
    let mut t = Term::new().await;
    t.sh("ibmcloud login --apikey demo-apikey -r us-south")
        .await;
    let (token, _, code) = t.sh("ibmcloud cr token-add -q --readwrite").await;
    assert_eq!(code, 0);
    let token = token.trim();
    for server in ["registry.ng.bluemix.net", "us.icr.io"] {
        let (out, _err, code) = t
            .sh(&format!("docker login -u token -p {token} {server}"))
            .await;
        assert_eq!(
            (out.as_str(), code),
            ("Login Succeeded\n", 0),
            "{server}: {_err}"
        );
    }
    // A read-only token logs in as well; pushing is what it may not do.
    let (ro, _, _) = t.sh("ibmcloud cr token-add -q").await;
    let (out, _, code) = t
        .sh(&format!("docker login -u token -p {} us.icr.io", ro.trim()))
        .await;
    assert_eq!((out.as_str(), code), ("Login Succeeded\n", 0));
    let (json, _, _) = t.sh("ibmcloud iam oauth-tokens --output json").await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let bearer = v["iam_token"]
        .as_str()
        .unwrap()
        .trim_start_matches("Bearer ");
    let (out, _, code) = t
        .sh(&format!("docker login -u iambearer -p {bearer} us.icr.io"))
        .await;
    assert_eq!((out.as_str(), code), ("Login Succeeded\n", 0));
    // A token for another region's registry is still the account's.
    let (out, _, code) = t
        .sh(&format!(
            "docker login -u token -p {token} registry.eu-de.bluemix.net"
        ))
        .await;
    assert_eq!((out.as_str(), code), ("Login Succeeded\n", 0));
}

#[tokio::test(flavor = "current_thread")]
async fn wrong_credentials_get_dockers_error_and_change_nothing() {
    let mut t = Term::new().await;
    t.sh("docker login -u iamapikey -p demo-apikey us.icr.io")
        .await;
    let before = config(&t);
    for (line, server) in [
        (
            "docker login -u iamapikey -p wrong-key us.icr.io",
            "us.icr.io",
        ),
        (
            "docker login -u token -p not-a-token registry.ng.bluemix.net",
            "registry.ng.bluemix.net",
        ),
        (
            "docker login -u someone -p demo-apikey de.icr.io",
            "de.icr.io",
        ),
    ] {
        let (out, err, code) = t.sh(line).await;
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            (
                "",
                &*format!("{INSECURE}Get \"https://{server}/v2/\": {DENIED}\n"),
                1
            ),
            "{line}"
        );
    }
    assert_eq!(config(&t), before);
    // Stored credentials that no longer work: Docker says so, then needs new ones.
    t.sh("echo '{\"auths\":{\"us.icr.io\":{\"auth\":\"aWFtYXBpa2V5Om5vcGU=\"}}}' > /home/user/.docker/config.json").await;
    let (out, err, code) = t.sh("true | docker login us.icr.io").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "",
            &*format!("Authenticating with existing credentials... [Username: iamapikey]\n\n{NOTE}\n\nStored credentials invalid or expired\nerror: cannot perform an interactive login from a non-TTY device\n"),
            1
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn prompts_on_a_terminal() {
    let mut t = Term::new().await;
    t.host.push_line("iamapikey");
    t.host.push_line("demo-apikey");
    let (out, err, code) = t.sh("docker login us.icr.io").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Login Succeeded\n", UNENCRYPTED, 0)
    );
    assert_eq!(
        t.host.prompts.borrow().as_slice(),
        [
            ("Username: ".to_string(), false),
            ("Password: ".to_string(), true)
        ]
    );
    t.host.push_line("");
    let (_, err, code) = t.sh("docker login -u iamapikey us.icr.io").await;
    assert_eq!((err.as_str(), code), ("error: password is required\n", 1));
}

#[tokio::test(flavor = "current_thread")]
async fn flags_and_servers_docker_refuses() {
    let mut t = Term::new().await;
    let cases: &[(&str, &str, i32)] = &[
        (
            "docker login --pasword x us.icr.io",
            "unknown flag: --pasword\n\nUsage:  docker login [OPTIONS] [SERVER]\n\nRun 'docker login --help' for more information\n",
            125,
        ),
        (
            "docker login --password-stdin us.icr.io",
            "the --password-stdin option requires --username to be set\n",
            1,
        ),
        (
            "docker login -u iamapikey -p x --password-stdin us.icr.io",
            "conflicting options: cannot specify both --password and --password-stdin\n",
            1,
        ),
        ("docker login -u '' us.icr.io", "username is empty\n", 1),
        (
            "echo | docker login -u iamapikey --password-stdin us.icr.io",
            "password is empty\n",
            1,
        ),
        (
            "docker login us.icr.io de.icr.io",
            "docker: 'docker login' requires at most 1 argument\n\nUsage:  docker login [OPTIONS] [SERVER]\n\nRun 'docker login --help' for more information\n",
            1,
        ),
        (
            "docker login -u x -p y",
            "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nGet \"https://index.docker.io/v2/\": this terminal reaches only IBM Cloud Container Registry (icr.io, us.icr.io, de.icr.io, …, and the former registry.ng.bluemix.net, …)\n",
            1,
        ),
        (
            "docker login -u x -p y ghcr.io",
            "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nGet \"https://ghcr.io/v2/\": this terminal reaches only IBM Cloud Container Registry (icr.io, us.icr.io, de.icr.io, …, and the former registry.ng.bluemix.net, …)\n",
            1,
        ),
        (
            "docker push us.icr.io/demo-ns/web:1",
            "docker: 'push' needs a Docker engine, and a browser has none. Only 'docker login' and 'docker logout' work here; build, run, push and pull on a machine with Docker.\n",
            1,
        ),
    ];
    for (line, err, code) in cases {
        let got = t.sh(line).await;
        assert_eq!(
            (got.0.as_str(), got.1.as_str(), got.2),
            ("", *err, *code),
            "{line}"
        );
    }
    assert_eq!(config(&t), None);
    let (out, _, code) = t.sh("docker login --help").await;
    assert_eq!(code, 0);
    assert!(
        out.contains("Usage:  docker login [OPTIONS] [SERVER]\n"),
        "{out}"
    );
    // Local state only: a read-only terminal lets both through.
    let cmd = t.shell.registry.get("docker").unwrap();
    for line in ["login -u iamapikey -p k us.icr.io", "logout us.icr.io"] {
        let words: Vec<String> = line.split(' ').map(String::from).collect();
        assert_eq!(cmd.mutates(&words), None, "{line}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn logout_removes_the_credentials() {
    let mut t = Term::new().await;
    t.sh("docker login -u iamapikey -p demo-apikey us.icr.io")
        .await;
    t.sh("docker login -u iamapikey -p demo-apikey de.icr.io")
        .await;
    let (out, err, code) = t.sh("docker logout https://us.icr.io").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("Removing login credentials for us.icr.io\n", "", 0)
    );
    let file = config(&t).unwrap();
    assert!(!file.contains("\"us.icr.io\""), "{file}");
    assert!(file.contains("\"de.icr.io\""), "{file}");
    let (out, _, code) = t.sh("docker logout de.icr.io").await;
    assert_eq!(
        (out.as_str(), code),
        ("Removing login credentials for de.icr.io\n", 0)
    );
    assert_eq!(config(&t).unwrap(), "{\n\t\"auths\": {}\n}");
    // Logging out again, or of Docker Hub, is no error.
    let (out, _, code) = t.sh("docker logout").await;
    assert_eq!(
        (out.as_str(), code),
        (
            "Removing login credentials for https://index.docker.io/v1/\n",
            0
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn cr_login_logs_docker_in_with_the_sessions_refresh_token() {
    let mut t = Term::new().await;
    let (_, err, code) = t.sh("ibmcloud cr login").await;
    assert_eq!(
        (err.as_str(), code),
        (
            "\x1b[31;1mFAILED\x1b[0m\nNot logged in. Use 'ibmcloud login' to log in.\n\n",
            1
        )
    );
    t.sh("ibmcloud login --apikey demo-apikey -r us-south")
        .await;
    let (out, err, code) = t.sh("ibmcloud cr login | cat").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "Logging 'docker' in to 'us.icr.io'...\nLogged in to 'us.icr.io'.\n\nOK\n",
            "",
            0
        )
    );
    let file = config(&t).unwrap();
    assert!(file.contains("\"us.icr.io\""), "{file}");
    // docker then logs in with what cr login stored.
    let (out, _, code) = t.sh("NO_COLOR=1 docker login us.icr.io").await;
    assert_eq!((out.as_str(), code), ("Login Succeeded\n", 0));
    // The registry of the region cr region-set chose.
    t.sh("ibmcloud cr region-set eu-gb").await;
    let (out, _, code) = t.sh("ibmcloud cr login --client docker | cat").await;
    assert_eq!(
        (out.as_str(), code),
        (
            "Logging 'docker' in to 'uk.icr.io'...\nLogged in to 'uk.icr.io'.\n\nOK\n",
            0
        )
    );
    let out = t.ibmcloud(&["cr", "login", "--client", "podman"]).await;
    assert_eq!(
        (out.stderr.as_str(), out.status),
        (
            "FAILED\nThe client 'podman' is not available in a browser terminal; 'docker' is (ibmcloud cr login --client docker).\n\n",
            1
        )
    );
}
