//! Session persistence in sessionStorage, so a reload of the tab keeps the
//! session and closing the tab ends it. The layout (several entries,
//! credentials apart, only changes written, refusals reported once) is the
//! engine's [`kterm_shell::persist`]; this is the browser's store for it.
//! Nothing goes to localStorage, IndexedDB or cookies.

use kterm_shell::persist::{self, KeyValue, Loaded};

pub struct SessionStorage(web_sys::Storage);

/// The tab's sessionStorage; `None` where the browser refuses it (a
/// cross-site frame with storage blocked): the session is then in memory.
pub fn session() -> Option<SessionStorage> {
    web_sys::window()?
        .session_storage()
        .ok()
        .flatten()
        .map(SessionStorage)
}

impl KeyValue for SessionStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.0.set_item(key, value).map_err(|e| {
            js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_else(|| "the browser refused".into())
        })
    }

    fn remove(&self, key: &str) {
        let _ = self.0.remove_item(key);
    }

    fn keys(&self) -> Vec<String> {
        let n = self.0.length().unwrap_or(0);
        (0..n)
            .filter_map(|i| self.0.key(i).ok().flatten())
            .collect()
    }
}

pub fn load() -> Option<Loaded> {
    persist::load(&session()?)
}

pub fn clear() {
    if let Some(s) = session() {
        persist::clear(&s);
    }
}
