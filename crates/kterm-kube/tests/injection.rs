#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! The injection corpus through kubectl against the sandbox: hostile
//! strings stored in a ConfigMap, an annotation and an Event, printed by
//! every output format, and a remote terminal that cuts its escape
//! sequences between WebSocket frames. What the terminal writer hands the
//! screen must hold no escape sequence from the data; pipes and files keep
//! the bytes.

mod common;

use common::Term;
use kterm_shell::term::TermWriter;
use kterm_shell::Cancel;

/// OSC 0/2/8/52, CSI clear/move/report/conceal/alt-screen/mouse/paste-off,
/// DCS, C1 CSI/OSC/NEL, `\r`, `\b`, DEL, BEL, bidi.
pub const CORPUS: &[&str] = &[
    "\x1b]0;T0\x07",
    "\x1b]2;T2\x1b\\",
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J",
    "\x1b[10;10H",
    "\x1b[6n",
    "\x1b[8mHIDDEN\x1b[0m",
    "\x1b[?1049h",
    "\x1b[?1000h",
    "\x1b[?2004l",
    "\x1bPq#0;2;0;0;0#0~~\x1b\\",
    "\u{9b}2J",
    "\u{9d}0;C1\u{9c}",
    "a\u{85}b",
    "safe\rEVIL",
    "abc\x08\x08\x08XYZ",
    "del\x7f",
    "bell\x07",
    "\u{202e}gnp.exe",
    "\u{2066}iso\u{2069}",
];

/// What may not reach the screen from data: ESC, C0 other than `\n`,
/// `\t` (and `\r` directly before `\n`), DEL, C1, bidi controls.
pub fn leaks(screen: &str) -> Vec<String> {
    // ibmcloud's own styling (OK green, FAILED red, bold headers) is the
    // engine's, on the terminal writer's raw channel: not a leak.
    let mut screen = screen.to_string();
    for own in ["0", "1", "3", "30", "96", "106", "32;1", "31;1", "36;1"] {
        screen = screen.replace(&format!("\x1b[{own}m"), "");
    }
    let mut found = Vec::new();
    let mut it = screen.chars().peekable();
    while let Some(c) = it.next() {
        let cp = c as u32;
        let bad = match c {
            '\n' | '\t' => false,
            '\r' => it.peek() != Some(&'\n'),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
            _ => cp < 0x20 || cp == 0x7f || (0x80..0xa0).contains(&cp),
        };
        if bad {
            found.push(format!("{c:?}"));
        }
    }
    found
}

/// Runs `line` with both streams on the terminal writer.
async fn screen(t: &mut Term, line: &str) -> (String, String, i32) {
    let mut out = TermWriter::new(Vec::new());
    let mut err = TermWriter::new(Vec::new());
    let code = t
        .shell
        .run_line(line, &t.host, &mut out, &mut err, Cancel::new())
        .await;
    let text = |v: Vec<u8>| String::from_utf8(v).unwrap();
    (text(out.into_inner()), text(err.into_inner()), code)
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn kubectl_output_never_carries_sequences_from_data() {
    let mut t = Term::logged_in().await;
    let data: Vec<String> = CORPUS
        .iter()
        .enumerate()
        .map(|(i, s)| format!("\"k{i}\": {}", json_str(s)))
        .collect();
    let all = CORPUS.concat();
    let cm = format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"evil\",\"namespace\":\"default\",\"annotations\":{{\"note\":{}}}}},\"data\":{{{}}}}}",
        json_str(&all),
        data.join(",")
    );
    let ev = format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{{\"name\":\"evil.1\",\"namespace\":\"default\"}},\"involvedObject\":{{\"kind\":\"ConfigMap\",\"name\":\"evil\",\"namespace\":\"default\"}},\"reason\":{},\"message\":{},\"type\":\"Warning\",\"count\":1,\"firstTimestamp\":\"2026-01-01T00:00:00Z\",\"lastTimestamp\":\"2026-01-01T00:00:00Z\"}}",
        json_str("Evil\x1b]0;R\x07"),
        json_str(&all)
    );
    t.shell
        .state
        .fs
        .write("/home/user/cm.json", cm.into_bytes(), 0)
        .unwrap();
    t.shell
        .state
        .fs
        .write("/home/user/ev.json", ev.into_bytes(), 0)
        .unwrap();
    let (_, err, code) = screen(
        &mut t,
        "kubectl apply -f cm.json && kubectl create -f ev.json",
    )
    .await;
    assert_eq!((err.as_str(), code), ("", 0));

    let commands = [
        "kubectl get cm evil -o yaml",
        "kubectl get cm evil -o json",
        "kubectl get cm evil -o jsonpath='{.data}'",
        "kubectl get cm evil -o jsonpath='{.metadata.annotations.note}'",
        "kubectl get cm evil -o jsonpath='{range .data.*}{@}{\"\\n\"}{end}'",
        "kubectl get cm evil -o custom-columns=NOTE:.metadata.annotations.note,K:.data.k0",
        "kubectl get cm evil -o wide",
        "kubectl get cm evil -o name",
        "kubectl get cm evil -o go-template='{{.metadata.annotations.note}}'",
        "kubectl describe cm evil",
        "kubectl get events",
        "kubectl get events -o wide",
        "kubectl events",
        "kubectl describe ev evil.1",
        "kubectl get ev evil.1 -o yaml",
        "kubectl get cm evil -o yaml | grep note",
        "kubectl get cm evil -o jsonpath='{.data.k0}' > f; cat f",
    ];
    let mut failures = Vec::new();
    for c in commands {
        let (out, err, _) = screen(&mut t, c).await;
        for (which, text) in [("stdout", &out), ("stderr", &err)] {
            let l = leaks(text);
            if !l.is_empty() {
                failures.push(format!("{c} ({which}): {l:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // A file keeps the bytes the API gave (only the screen escapes them).
    let (out, _, _) = screen(
        &mut t,
        "kubectl get cm evil -o jsonpath='{.data.k0}' > f; wc -c f",
    )
    .await;
    assert_eq!(out, format!("{} f\n", CORPUS[0].len()));
}

#[tokio::test(flavor = "current_thread")]
async fn exec_tty_sequences_cut_between_frames_never_pass() {
    let mut t = Term::logged_in().await;
    // The remote writes ESC in one frame and the rest of an OSC in the
    // next; every such pair, then a prompt.
    let mut script = Vec::new();
    for tail in [
        "]0;SPLIT-TITLE\x07",
        "]52;c;ZXZpbA==\x07",
        "]8;;http://e/\x07x",
        "P1$qm\x1b\\",
    ] {
        script.push(format!("echo -n '\x1b'; echo -n '{tail}'"));
    }
    script.push("echo -n '\x1b[?2004l\x1b[?1000h\x1b[?1h\x1b[?25l\x1b[?1049h'".into());
    let line = format!(
        "kubectl exec -it deploy/web -- sh -c \"{}\"",
        script.join("; ")
    );
    t.host.push_raw(b"");
    let (out, err, code) = screen(&mut t, &line).await;
    assert_eq!((err.as_str(), code), ("", 0));
    assert!(!out.contains("\x1b]") && !out.contains("\x1bP"), "{out:?}");
    assert!(
        out.contains("SPLIT-TITLE") || !out.contains('\x07'),
        "{out:?}"
    );
    // The modes the remote changed are put back once it ends.
    assert!(
        out.ends_with("\x1b[?1049h\x1b[?1049l\x1b[?1l\x1b[?25h\x1b[?1000l\x1b[?2004h"),
        "{out:?}"
    );
}

/// `ibmcloud logout` leaves no IAM token behind: not in the CLI's config,
/// not in the kubeconfigs `ks cluster config` wrote, so kubectl stops
/// working until the next login.
#[tokio::test(flavor = "current_thread")]
async fn logout_drops_the_kubeconfig_tokens() {
    let mut t = Term::logged_in().await;
    let (_, _, code) = t.sh("kubectl get ns default -o name").await;
    assert_eq!(code, 0);
    let count = "cat ~/.kube/config $KUBECONFIG | grep -c -e id-token -e refresh-token";
    let (_, err, code) = t
        .sh("eval $(ibmcloud ks cluster config --cluster mycluster --export)")
        .await;
    assert_eq!((err.as_str(), code), ("", 0));
    assert_ne!(t.sh(count).await.0, "0\n");
    let (_, err, code) = t.sh("ibmcloud logout").await;
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(t.sh(count).await, ("0\n".to_string(), String::new(), 1));
    t.sh("unset KUBECONFIG").await;
    let (_, _, code) = t.sh("grep -c 'client-id: kube' ~/.kube/config").await;
    assert_eq!(code, 0, "the user entry stays, without its tokens");
    let (out, _, code) = t.sh("kubectl get ns default -o name").await;
    assert_ne!((out.as_str(), code), ("namespace/default\n", 0));
}

/// ibmcloud listings of names a user of the account chose (API keys,
/// registry token descriptions) carrying the corpus.
#[tokio::test(flavor = "current_thread")]
async fn ibmcloud_listings_never_carry_sequences_from_data() {
    let mut t = Term::logged_in().await;
    for (i, s) in CORPUS.iter().enumerate() {
        let name = s.replace('\'', "");
        let (_, err, code) = screen(
            &mut t,
            &format!("ibmcloud iam api-key-create 'k{i}{name}' -d '{name}'"),
        )
        .await;
        assert_eq!(code, 0, "{err}");
        let (_, err, code) = screen(
            &mut t,
            &format!("ibmcloud cr token-add --description '{name}'"),
        )
        .await;
        assert_eq!(code, 0, "{err}");
    }
    let mut failures = Vec::new();
    for c in [
        "ibmcloud iam api-keys",
        "ibmcloud iam api-keys --output json",
        "ibmcloud cr token-list",
        "ibmcloud cr tokens --output json",
        "ibmcloud target",
        "ibmcloud account show",
        "ibmcloud resource groups",
        "ibmcloud cr namespace-list",
    ] {
        let (out, err, _) = screen(&mut t, c).await;
        let l = [leaks(&out), leaks(&err)].concat();
        if !l.is_empty() {
            failures.push(format!("{c}: {l:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
