#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Browser-only glue, run in headless Chromium by wasm-bindgen-test.

use kterm_shell::state::Snapshot;
use kterm_web::output::Crlf;
use kterm_web::storage;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn newlines_become_crlf_for_xterm() {
    let cases: &[(&[&[u8]], &str)] = &[
        (&[b"a\nb"], "a\r\nb"),
        (&[b"a\r\nb"], "a\r\nb"),
        (&[&[0xe2, 0x9c], &[0x93, b'\n']], "\u{2713}\r\n"),
        (&[b"\xff\n"], "\u{fffd}\r\n"),
    ];
    for (chunks, want) in cases {
        let mut c = Crlf::default();
        let got: String = chunks.iter().map(|b| c.convert(b)).collect();
        assert_eq!(got, *want);
    }
}

#[wasm_bindgen_test]
fn session_snapshot_round_trips_through_session_storage() {
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage::clear();
    assert!(storage::load().is_none());
    let snap = Snapshot {
        history: vec!["echo hi".into()],
        cwd: "/tmp".into(),
        ..Snapshot::default()
    };
    storage::save(&snap);
    assert_eq!(
        session.length().unwrap(),
        1,
        "one sessionStorage entry holds the session"
    );
    let back = storage::load().expect("saved");
    assert_eq!(back.history, ["echo hi"]);
    assert_eq!(back.cwd, "/tmp");
    storage::clear();
    assert_eq!(session.length().unwrap(), 0);
}

#[wasm_bindgen_test]
async fn fetch_transport_reports_unreachable_hosts() {
    use kterm_http::{HttpError, Request, Transport};
    let t = kterm_http::wasm::FetchTransport::new();
    let r = t.send(Request::get("http://127.0.0.1:9/nothing")).await;
    assert!(matches!(r, Err(HttpError::Connect { .. })), "{:?}", r.err());
}
