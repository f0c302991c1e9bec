#![allow(clippy::unwrap_used)] // tests fail loudly by design
//! Browser-only glue, run in headless Chromium by wasm-bindgen-test.

use kterm_shell::persist::Saver;
use kterm_shell::ShellState;
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
fn session_round_trips_through_session_storage() {
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage::clear();
    assert!(storage::load().is_none());
    let mut state = ShellState::default();
    state.history.push("echo hi".into());
    state.cwd = "/tmp".into();
    state.fs.write("/home/user/f", b"data".to_vec(), 1).unwrap();
    let kv = storage::session().unwrap();
    assert_eq!(Saver::default().save(&kv, &mut state), None);
    // The session's entries, the file apart in base64.
    assert_eq!(session.length().unwrap(), 2);
    assert_eq!(
        session
            .get_item("kterm.session.v2.file:/home/user/f")
            .unwrap()
            .as_deref(),
        Some(r#"{"m":1,"d":"ZGF0YQ=="}"#)
    );
    let back = storage::load().expect("saved").snapshot;
    assert_eq!(back.history, ["echo hi"]);
    assert_eq!(back.cwd, "/tmp");
    assert_eq!(back.fs.read("/home/user/f").unwrap(), b"data");
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
