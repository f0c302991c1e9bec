//! Session persistence: the shell's snapshot (files, history, variables) in
//! sessionStorage, so it survives a reload of the tab and is gone when the
//! tab closes. Nothing goes to localStorage, IndexedDB or cookies.

use kterm_shell::state::Snapshot;

const KEY: &str = "kterm.session.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn load() -> Option<Snapshot> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    // from_slice: the one JSON reader the rest of the bundle already uses.
    serde_json::from_slice(text.as_bytes()).ok()
}

/// Saves the snapshot; a full quota keeps the previous copy.
pub fn save(snapshot: &Snapshot) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(snapshot)) {
        let _ = s.set_item(KEY, &text);
    }
}

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
