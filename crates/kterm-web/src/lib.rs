//! kterm's browser front end. `boot` mounts the terminal on the page at `/`
//! (or, with `?embed=iframe`, waits for its host's postMessage), installs
//! `window.KTerm.mount(element, options)` and `<kterm-terminal>` for host
//! pages; each returns the handle described in the README.

pub mod app;
pub mod boot;
pub mod embed;
pub mod families;
pub mod host;
pub mod options;
pub mod output;
pub mod session;
pub mod storage;
pub mod theme;
pub mod xterm;

use std::cell::RefCell;
use std::rc::Rc;

use kterm_shell::shell::PromptHook;
use kterm_shell::Registry;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use app::{App, AppProps, Slot};
use embed::Events;
pub use options::Options;

/// Every command the terminal offers: the one place registries are assembled.
/// The builtins are at hand; each family's code loads on first use
/// (`families`).
pub fn registry() -> Registry {
    let mut reg = Registry::new();
    kterm_shell::builtins::register(&mut reg);
    for family in families::all() {
        reg.register_family(family);
    }
    reg
}

/// Segments the prompt shows besides the working directory.
pub fn prompt_hooks() -> Vec<PromptHook> {
    vec![kterm_ibmcloud::prompt_segment, kterm_kube::prompt_segment]
}

fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &key.into(), value);
}

/// Puts a function on the handle. The handle's functions live as long as
/// the page's reference to the handle, so they are handed to JS
/// (`into_js_value`); what they hold is released by `dispose`.
fn method<F: ?Sized + wasm_bindgen::closure::WasmClosure>(
    obj: &js_sys::Object,
    key: &str,
    f: Closure<F>,
) {
    set(obj, key, &f.into_js_value());
}

type Renderer = yew::AppHandle<App>;

/// Mounts a terminal into `element` and returns its handle.
pub fn mount(element: web_sys::Element, options: Options) -> JsValue {
    embed::ensure_styles();
    let storage_choice = options.storage;
    let slot = Rc::new(Slot::default());
    let events = Rc::new(Events::new(element.clone()));
    let handle = js_sys::Object::new();

    let ready_slot = slot.clone();
    let ready = js_sys::Promise::new(&mut |resolve, _reject| {
        *ready_slot.on_ready.borrow_mut() = Some(resolve);
    });
    set(&handle, "ready", &ready);

    let s = slot.clone();
    method(
        &handle,
        "run",
        Closure::<dyn FnMut(String) -> js_sys::Promise>::new(move |line: String| {
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
        }),
    );

    let s = slot.clone();
    method(
        &handle,
        "screenText",
        Closure::<dyn FnMut() -> String>::new(move || {
            s.session
                .borrow()
                .as_ref()
                .map(|x| xterm::screen_text(&x.term))
                .unwrap_or_default()
        }),
    );

    let s = slot.clone();
    method(
        &handle,
        "focus",
        Closure::<dyn FnMut()>::new(move || {
            if let Some(x) = s.session.borrow().as_ref() {
                x.focus();
            }
        }),
    );

    // The wasm linear memory in bytes: what the bench reports as the heap
    // after a large listing (it only grows, so it is the high-water mark).
    method(
        &handle,
        "heapBytes",
        Closure::<dyn FnMut() -> f64>::new(|| {
            wasm_bindgen::memory()
                .dyn_into::<js_sys::WebAssembly::Memory>()
                .map(|m| {
                    f64::from(
                        m.buffer()
                            .unchecked_into::<js_sys::ArrayBuffer>()
                            .byte_length(),
                    )
                })
                .unwrap_or(0.0)
        }),
    );

    let s = slot.clone();
    method(
        &handle,
        "write",
        Closure::<dyn FnMut(String)>::new(move |text: String| {
            if let Some(x) = s.session.borrow().as_ref() {
                x.write_text(&text);
            }
        }),
    );

    let s = slot.clone();
    method(
        &handle,
        "resize",
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |cols: JsValue, rows: JsValue| {
            let size = cols
                .as_f64()
                .zip(rows.as_f64())
                .map(|(c, r)| (c as u32, r as u32));
            if let Some(x) = s.session.borrow().as_ref() {
                x.resize(size);
            }
        }),
    );

    let ev = events.clone();
    method(
        &handle,
        "on",
        Closure::<dyn FnMut(String, js_sys::Function)>::new(move |name, f| ev.on(name, f)),
    );
    let ev = events.clone();
    method(
        &handle,
        "off",
        Closure::<dyn FnMut(String, js_sys::Function)>::new(move |name: String, f| {
            ev.off(&name, &f)
        }),
    );

    let renderer: Rc<RefCell<Option<Renderer>>> = Rc::default();
    let (s, r, ev) = (slot.clone(), renderer.clone(), events.clone());
    method(
        &handle,
        "dispose",
        Closure::<dyn FnMut()>::new(move || {
            // Unmounting runs the component's clean-up: the session drops
            // its listeners and subscriptions and disposes xterm.
            if let Some(app) = r.borrow_mut().take() {
                app.destroy();
            }
            if let Some(x) = s.session.borrow_mut().take() {
                x.dispose();
            }
            s.on_ready.borrow_mut().take();
            ev.clear();
            if storage_choice == options::Storage::Session {
                storage::clear();
            }
        }),
    );

    let app = yew::Renderer::<App>::with_root_and_props(
        element,
        AppProps {
            options: Rc::new(options),
            slot,
            events,
        },
    )
    .render();
    *renderer.borrow_mut() = Some(app);
    handle.into()
}

fn mount_function() -> js_sys::Function {
    Closure::<dyn FnMut(web_sys::Element, JsValue) -> JsValue>::new(
        |el: web_sys::Element, opts: JsValue| mount(el, Options::from_js(&opts)),
    )
    .into_js_value()
    .unchecked_into()
}

/// Entry point of the page: installs `window.KTerm` and `<kterm-terminal>`,
/// then mounts the terminal into `#terminal` (if the page has one) as
/// `window.kterm`, or in iframe mode waits for the host's `mount` message.
pub fn boot() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let kterm_ns = js_sys::Object::new();
    let mount_fn = mount_function();
    set(&kterm_ns, "mount", &mount_fn);
    set(&window, "KTerm", &kterm_ns);
    embed::define_element(&mount_fn);

    let Some(el) = window
        .document()
        .and_then(|d| d.get_element_by_id("terminal"))
    else {
        return;
    };
    let query = window.location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&query).ok();
    let param = |k: &str| params.as_ref().and_then(|p| p.get(k));
    if param("embed").as_deref() == Some("iframe") {
        // Only the origins the server allows may drive the terminal (the
        // URL is anyone's to write).
        embed::iframe_from_server(&el, &mount_fn);
        return;
    }
    let handle = mount(el, Options::from_query(&query));
    set(&window, "kterm", &handle);
}
