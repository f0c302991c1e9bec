//! Small bindings to xterm.js 6 and its addons, imported as ES modules
//! from next to the bundle (relative specifiers, so a host page needs no
//! import map, which a strict Content-Security-Policy would block). Written here rather than taken from
//! xterm-js-rs because that crate binds the xterm 4 API (options and addon
//! shapes changed since) and its `Terminal` is not `Clone`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(raw_module = "./xterm.mjs")]
extern "C" {
    pub type Terminal;

    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Terminal;

    #[wasm_bindgen(method)]
    pub fn open(this: &Terminal, parent: &web_sys::HtmlElement);

    #[wasm_bindgen(method)]
    pub fn write(this: &Terminal, data: &str);

    /// `done` runs once xterm.js has parsed `data` (and everything before it).
    #[wasm_bindgen(method, js_name = write)]
    pub fn write_then(this: &Terminal, data: &str, done: &js_sys::Function);

    #[wasm_bindgen(method)]
    pub fn focus(this: &Terminal);

    #[wasm_bindgen(method)]
    pub fn dispose(this: &Terminal);

    #[wasm_bindgen(method, getter)]
    pub fn cols(this: &Terminal) -> u32;

    #[wasm_bindgen(method, getter)]
    pub fn rows(this: &Terminal) -> u32;

    #[wasm_bindgen(method, js_name = loadAddon)]
    pub fn load_addon(this: &Terminal, addon: &JsValue);

    #[wasm_bindgen(method, js_name = onData)]
    pub fn on_data(this: &Terminal, f: &Closure<dyn FnMut(String)>) -> Disposable;

    #[wasm_bindgen(method, js_name = onResize)]
    pub fn on_resize(this: &Terminal, f: &Closure<dyn FnMut(JsValue)>) -> Disposable;

    #[wasm_bindgen(method, js_name = onSelectionChange)]
    pub fn on_selection_change(this: &Terminal, f: &Closure<dyn FnMut()>) -> Disposable;

    #[wasm_bindgen(method, js_name = onTitleChange)]
    pub fn on_title_change(this: &Terminal, f: &Closure<dyn FnMut(String)>) -> Disposable;

    /// `f` returning false leaves the key to the browser.
    #[wasm_bindgen(method, js_name = attachCustomKeyEventHandler)]
    pub fn attach_custom_key_event_handler(
        this: &Terminal,
        f: &Closure<dyn FnMut(web_sys::KeyboardEvent) -> bool>,
    );

    #[wasm_bindgen(method)]
    pub fn resize(this: &Terminal, cols: u32, rows: u32);

    /// Live options: setting a field (`theme`) applies it.
    #[wasm_bindgen(method, getter)]
    pub fn options(this: &Terminal) -> JsValue;

    #[wasm_bindgen(method, js_name = getSelection)]
    pub fn get_selection(this: &Terminal) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn buffer(this: &Terminal) -> JsValue;

    #[wasm_bindgen(method, getter)]
    pub fn unicode(this: &Terminal) -> JsValue;

    /// A subscription; `dispose` ends it.
    pub type Disposable;

    #[wasm_bindgen(method)]
    pub fn dispose(this: &Disposable);
}

#[wasm_bindgen(raw_module = "./addon-fit.mjs")]
extern "C" {
    pub type FitAddon;

    #[wasm_bindgen(constructor)]
    pub fn new() -> FitAddon;

    #[wasm_bindgen(method)]
    pub fn fit(this: &FitAddon);
}

#[wasm_bindgen(raw_module = "./addon-web-links.mjs")]
extern "C" {
    pub type WebLinksAddon;

    #[wasm_bindgen(constructor)]
    pub fn new() -> WebLinksAddon;
}

#[wasm_bindgen(raw_module = "./addon-unicode11.mjs")]
extern "C" {
    pub type Unicode11Addon;

    #[wasm_bindgen(constructor)]
    pub fn new() -> Unicode11Addon;
}

/// The screen and scrollback as plain text, one line per row, without
/// trailing blank rows.
pub fn screen_text(term: &Terminal) -> String {
    let active =
        js_sys::Reflect::get(&term.buffer(), &"active".into()).unwrap_or(JsValue::UNDEFINED);
    let length = js_sys::Reflect::get(&active, &"length".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32;
    let get_line: Option<js_sys::Function> = js_sys::Reflect::get(&active, &"getLine".into())
        .ok()
        .and_then(|f| f.dyn_into().ok());
    let mut lines = Vec::new();
    if let Some(get_line) = get_line {
        for i in 0..length {
            let line = get_line
                .call1(&active, &JsValue::from(i))
                .unwrap_or(JsValue::UNDEFINED);
            let text = js_sys::Reflect::get(&line, &"translateToString".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call1(&line, &JsValue::TRUE).ok())
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            lines.push(text);
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Completes when xterm.js has parsed everything written so far, so that
/// `screen_text` shows it.
pub async fn parsed(term: &Terminal) {
    let promise = js_sys::Promise::new(&mut |resolve, _| term.write_then("", &resolve));
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
