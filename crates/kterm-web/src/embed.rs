//! The embedding side: bindings to the DOM glue in `js/embed.js`, and the
//! events a host page hears (DOM `kterm-<name>` events on the element and
//! `handle.on(name, fn)` listeners).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/embed.js")]
extern "C" {
    #[wasm_bindgen(js_name = bundleBase)]
    pub fn bundle_base() -> String;

    #[wasm_bindgen(js_name = ensureStyles)]
    pub fn ensure_styles();

    fn dispatch(el: &web_sys::Element, name: &str, detail: &JsValue);

    /// Resolves to `[[name, Uint8Array]…]`.
    #[wasm_bindgen(js_name = pickFiles)]
    pub fn pick_files() -> js_sys::Promise;

    #[wasm_bindgen(js_name = droppedFiles)]
    pub fn dropped_files(event: &JsValue) -> js_sys::Promise;

    #[wasm_bindgen(js_name = saveFile)]
    pub fn save_file(name: &str, bytes: &[u8]);

    #[wasm_bindgen(js_name = defineElement)]
    pub fn define_element(mount: &js_sys::Function);

    /// The postMessage bridge, heard from the origins the server allows.
    #[wasm_bindgen(js_name = iframeFromServer)]
    pub fn iframe_from_server(el: &web_sys::Element, mount: &js_sys::Function);
}

/// `[[name, Uint8Array]…]` as Rust values.
pub fn files_of(v: &JsValue) -> Vec<(String, Vec<u8>)> {
    js_sys::Array::from(v)
        .iter()
        .filter_map(|pair| {
            let pair = js_sys::Array::from(&pair);
            let name = pair.get(0).as_string()?;
            let bytes = js_sys::Uint8Array::new(&pair.get(1)).to_vec();
            Some((name, bytes))
        })
        .collect()
}

/// Where events go: the element, and listeners registered with `on`.
pub struct Events {
    el: web_sys::Element,
    listeners: RefCell<Vec<(String, js_sys::Function)>>,
}

impl Events {
    pub fn new(el: web_sys::Element) -> Self {
        Self {
            el,
            listeners: RefCell::default(),
        }
    }

    pub fn on(&self, name: String, f: js_sys::Function) {
        self.listeners.borrow_mut().push((name, f));
    }

    pub fn off(&self, name: &str, f: &js_sys::Function) {
        self.listeners
            .borrow_mut()
            .retain(|(n, g)| !(n == name && g == f));
    }

    pub fn emit(&self, name: &str, detail: &[(&str, JsValue)]) {
        let obj = js_sys::Object::new();
        for (k, v) in detail {
            let _ = js_sys::Reflect::set(&obj, &(*k).into(), v);
        }
        dispatch(&self.el, name, &obj);
        // A listener may add or remove listeners: call a copy.
        let targets: Vec<js_sys::Function> = self
            .listeners
            .borrow()
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, f)| f.clone())
            .collect();
        for f in targets {
            let _ = f.call1(&JsValue::NULL, &obj);
        }
    }

    /// Drops every listener (dispose).
    pub fn clear(&self) {
        self.listeners.borrow_mut().clear();
    }
}
