//! kterm's browser front end. `boot` mounts the terminal on the page at `/`
//! and installs `window.KTerm.mount(element, options)` for host pages; both
//! return the automation handle (`ready`, `run`, `screenText`, `focus`).

pub mod app;
pub mod host;
pub mod output;
pub mod session;
pub mod storage;
pub mod theme;
pub mod xterm;

use std::rc::Rc;

use kterm_shell::shell::PromptHook;
use kterm_shell::Registry;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use app::{App, AppProps, Slot};
use theme::Theme;

/// Mount options (more arrive with the embedding work).
#[derive(Clone, Debug)]
pub struct Options {
    pub theme: Theme,
    pub font_size: f64,
    pub font_family: String,
    pub screen_reader: bool,
    pub banner: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            theme: Theme::preferred(),
            font_size: 14.0,
            font_family: "'IBM Plex Mono', Menlo, 'DejaVu Sans Mono', Consolas, monospace".into(),
            screen_reader: false,
            banner: None,
        }
    }
}

impl Options {
    /// Reads a JS options object; unknown or mistyped fields keep defaults.
    pub fn from_js(v: &JsValue) -> Options {
        let mut o = Options::default();
        let get = |k: &str| {
            js_sys::Reflect::get(v, &k.into())
                .ok()
                .filter(|x| !x.is_undefined() && !x.is_null())
        };
        if let Some(t) = get("theme")
            .and_then(|t| t.as_string())
            .and_then(|t| Theme::parse(&t))
        {
            o.theme = t;
        }
        if let Some(n) = get("fontSize").and_then(|n| n.as_f64()) {
            o.font_size = n;
        }
        if let Some(f) = get("fontFamily").and_then(|f| f.as_string()) {
            o.font_family = f;
        }
        if let Some(b) = get("screenReaderMode").and_then(|b| b.as_bool()) {
            o.screen_reader = b;
        }
        if let Some(b) = get("banner").and_then(|b| b.as_string()) {
            o.banner = Some(b);
        }
        o
    }
}

/// Every command the terminal offers: the one place registries are assembled.
pub fn registry() -> Registry {
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    kterm_ibmcloud::register(&mut reg);
    kterm_kube::register(&mut reg);
    reg
}

/// Segments the prompt shows besides the working directory.
pub fn prompt_hooks() -> Vec<PromptHook> {
    vec![kterm_ibmcloud::prompt_segment, kterm_kube::prompt_segment]
}

fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &key.into(), value);
}

/// Mounts a terminal into `element` and returns its handle.
pub fn mount(element: web_sys::Element, options: Options) -> JsValue {
    let slot = Rc::new(Slot::default());
    let handle = js_sys::Object::new();

    let ready_slot = slot.clone();
    let ready = js_sys::Promise::new(&mut |resolve, _reject| {
        *ready_slot.on_ready.borrow_mut() = Some(resolve);
    });
    set(&handle, "ready", &ready);

    // The handle's functions live as long as the page's reference to the
    // handle, so they are handed to JS (`into_js_value`) rather than kept here.
    let s = slot.clone();
    let run = Closure::<dyn FnMut(String) -> js_sys::Promise>::new(move |line: String| {
        let s = s.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let session = s
                .session
                .borrow()
                .clone()
                .ok_or_else(|| JsValue::from_str("kterm is not ready"))?;
            let r = session.run_api(&line).await;
            let obj = js_sys::Object::new();
            set(&obj, "stdout", &r.stdout.into());
            set(&obj, "stderr", &r.stderr.into());
            set(&obj, "code", &r.code.into());
            Ok(obj.into())
        })
    });
    set(&handle, "run", &run.into_js_value());

    let s = slot.clone();
    let screen = Closure::<dyn FnMut() -> String>::new(move || {
        s.session
            .borrow()
            .as_ref()
            .map(|x| xterm::screen_text(&x.term))
            .unwrap_or_default()
    });
    set(&handle, "screenText", &screen.into_js_value());

    let s = slot.clone();
    let focus = Closure::<dyn FnMut()>::new(move || {
        if let Some(x) = s.session.borrow().as_ref() {
            x.focus();
        }
    });
    set(&handle, "focus", &focus.into_js_value());

    yew::Renderer::<App>::with_root_and_props(
        element,
        AppProps {
            options: Rc::new(options),
            slot,
        },
    )
    .render();
    handle.into()
}

/// Entry point of the page: installs `window.KTerm` and mounts the terminal
/// into `#terminal` (if the page has one) as `window.kterm`.
pub fn boot() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let kterm_ns = js_sys::Object::new();
    let mount_fn = Closure::<dyn FnMut(web_sys::Element, JsValue) -> JsValue>::new(
        |el: web_sys::Element, opts: JsValue| mount(el, Options::from_js(&opts)),
    );
    set(&kterm_ns, "mount", &mount_fn.into_js_value());
    set(&window, "KTerm", &kterm_ns);

    let Some(el) = window
        .document()
        .and_then(|d| d.get_element_by_id("terminal"))
    else {
        return;
    };
    let mut options = Options::default();
    let query = window.location().search().unwrap_or_default();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&query) {
        if let Some(t) = params.get("theme").and_then(|t| Theme::parse(&t)) {
            options.theme = t;
        }
    }
    let handle = mount(el.unchecked_into(), options);
    set(&window, "kterm", &handle);
}
