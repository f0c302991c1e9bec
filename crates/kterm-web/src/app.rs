//! The Yew component: owns the layout; xterm.js owns its childless `<div>`.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::embed::Events;
use crate::options::Options;
use crate::session::Session;

/// Where the component puts its session once mounted, for the handle.
#[derive(Default)]
pub struct Slot {
    pub session: RefCell<Option<Rc<Session>>>,
    pub on_ready: RefCell<Option<js_sys::Function>>,
}

#[derive(Properties, Clone)]
pub struct AppProps {
    pub options: Rc<Options>,
    pub slot: Rc<Slot>,
    pub events: Rc<Events>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.options, &other.options) && Rc::ptr_eq(&self.slot, &other.slot)
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let props = props.clone();
        use_effect_with((), move |_| {
            let session = node
                .cast::<web_sys::HtmlElement>()
                .map(|el| Session::start(&el, props.options.clone(), props.events.clone()));
            if let Some(s) = &session {
                s.focus();
                *props.slot.session.borrow_mut() = Some(s.clone());
                let s = s.clone();
                let slot = props.slot.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    s.boot().await;
                    if let Some(resolve) = slot.on_ready.borrow_mut().take() {
                        let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
                    }
                    s.events.emit("ready", &[]);
                });
            }
            move || {
                if let Some(s) = session {
                    s.dispose();
                }
                props.slot.session.borrow_mut().take();
            }
        });
    }
    let class = classes!(
        "kterm",
        (props.options.theme_now() == crate::theme::Theme::Light).then_some("kterm-light")
    );
    html! {
        <div class={class}>
            <div class="kterm-term" ref={node}></div>
        </div>
    }
}
