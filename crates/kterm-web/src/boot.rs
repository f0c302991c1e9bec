//! What an embedded session does besides running typed lines: taking over
//! the page's IAM session, applying the preset context and start-up
//! commands, dropped files, and following the host's light/dark preference.

use std::rc::Rc;

use kterm_shell::Shell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::session::{Listener, Session};
use crate::theme::{self, Theme};

/// Tokens from the page: `(access, refresh)`.
fn tokens_of(v: &JsValue) -> Option<(String, String)> {
    if let Some(s) = v.as_string() {
        return Some((s, String::new()));
    }
    let get = |k: &str| {
        js_sys::Reflect::get(v, &k.into())
            .ok()
            .and_then(|x| x.as_string())
    };
    Some((get("accessToken")?, get("refreshToken").unwrap_or_default()))
}

impl Session {
    /// Applies the options once the terminal is open: the page's IAM
    /// session, the banner, the preset context (quietly, errors shown),
    /// the prompt, and the start-up commands as if typed.
    pub async fn boot(self: &Rc<Self>) {
        {
            let mut shell = self.shell.lock().await;
            if let Some((access, refresh)) = self.options.session.clone() {
                self.adopt(&mut shell, &access, &refresh);
            } else {
                self.refresh_token(&mut shell).await;
            }
            self.after_command(&mut shell);
        }
        let mut banner = self.options.banner.clone().unwrap_or_default();
        if self.options.read_only {
            if !banner.is_empty() && !banner.ends_with('\n') {
                banner.push('\n');
            }
            banner.push_str(
                "This terminal is read-only: commands that change resources are refused.\n",
            );
        }
        if !banner.is_empty() {
            if !banner.ends_with('\n') {
                banner.push('\n');
            }
            self.term.write(&banner.replace('\n', "\r\n"));
        }
        for line in self.options.context_commands() {
            if self.run_quiet(&line).await != 0 {
                break;
            }
        }
        let prefetch = self.shell.lock().await.registry.prefetch();
        let prompt = self.prompt_now();
        self.resume(&prompt);
        mark_first_prompt();
        // The families' code, fetched while the user reads the prompt; a
        // command typed before it arrives waits for it (Registry::resolve).
        wasm_bindgen_futures::spawn_local(prefetch);
        for line in self.options.commands.clone() {
            self.run_api(&line).await;
        }
    }

    /// Runs a line without showing it; only its errors reach the screen.
    async fn run_quiet(self: &Rc<Self>, line: &str) -> i32 {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut shell = self.shell.lock().await;
        let code = shell
            .run_line(
                line,
                &*self.host,
                &mut out,
                &mut err,
                kterm_shell::Cancel::new(),
            )
            .await;
        self.after_command(&mut shell);
        if code != 0 {
            let text = kterm_shell::sanitize::bytes(&err);
            self.term.write(&text.replace('\n', "\r\n"));
        }
        code
    }

    fn adopt(&self, shell: &mut Shell, access: &str, refresh: &str) {
        let now = js_sys::Date::now() as i64;
        if let Err(e) =
            kterm_ibmcloud::session::adopt_tokens(&mut shell.state, access, refresh, now)
        {
            self.term.write(
                &kterm_shell::sanitize::text(&format!("kterm: the page's IAM session: {e}\n"))
                    .replace('\n', "\r\n"),
            );
        }
    }

    /// Asks the page's `getToken()` for the current token and takes it over
    /// (unless the user logged out of this terminal).
    pub(crate) async fn refresh_token(&self, shell: &mut Shell) {
        let Some(f) = self.options.get_token.clone() else {
            return;
        };
        if self.token_declined.get() {
            return;
        }
        let mut v = f.call0(&JsValue::NULL).unwrap_or(JsValue::UNDEFINED);
        if let Ok(p) = v.clone().dyn_into::<js_sys::Promise>() {
            v = JsFuture::from(p).await.unwrap_or(JsValue::UNDEFINED);
        }
        if let Some((access, refresh)) = tokens_of(&v).filter(|t| !t.0.is_empty()) {
            self.adopt(shell, &access, &refresh);
        }
    }

    /// Listeners on the page: window size, dropped files, colour scheme.
    pub(crate) fn listen_dom(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let weak = Rc::downgrade(self);
        self.listen(window.clone().into(), "resize", move |_| {
            if let Some(s) = weak.upgrade() {
                s.fit.fit();
            }
        });
        if let Some(frame) = self.frame.clone() {
            let target: web_sys::EventTarget = frame.into();
            // Before xterm.js's own paste handler (capture phase): the
            // input it then delivers is a paste, whatever the mode.
            let weak = Rc::downgrade(self);
            self.listen_with(target.clone(), "paste", true, move |_| {
                if let Some(s) = weak.upgrade() {
                    s.pasting.set(true);
                    // Only the input delivered within this event.
                    let weak = Rc::downgrade(&s);
                    wasm_bindgen_futures::spawn_local(async move {
                        gloo_timers::future::TimeoutFuture::new(0).await;
                        if let Some(s) = weak.upgrade() {
                            s.pasting.set(false);
                        }
                    });
                }
            });
            // Without preventing dragover the browser would open the file.
            self.listen(target.clone(), "dragover", |e| e.prevent_default());
            let weak = Rc::downgrade(self);
            self.listen(target, "drop", move |e| {
                e.prevent_default();
                if let Some(s) = weak.upgrade() {
                    let promise = crate::embed::dropped_files(&e);
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(v) = JsFuture::from(promise).await {
                            s.store_dropped(crate::embed::files_of(&v)).await;
                        }
                    });
                }
            });
        }
        if self.options.theme.is_none() {
            if let Ok(Some(mq)) = window.match_media("(prefers-color-scheme: light)") {
                let weak = Rc::downgrade(self);
                self.listen(mq.into(), "change", move |_| {
                    if let Some(s) = weak.upgrade() {
                        s.apply_theme(Theme::preferred());
                    }
                });
            }
        }
    }

    fn listen(
        &self,
        target: web_sys::EventTarget,
        event: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) {
        self.listen_with(target, event, false, f);
    }

    fn listen_with(
        &self,
        target: web_sys::EventTarget,
        event: &'static str,
        capture: bool,
        f: impl FnMut(web_sys::Event) + 'static,
    ) {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        let _ = target.add_event_listener_with_callback_and_bool(
            event,
            callback.as_ref().unchecked_ref(),
            capture,
        );
        self.listeners.borrow_mut().push(Listener {
            target,
            event,
            callback,
            capture,
        });
    }

    fn apply_theme(&self, t: Theme) {
        let opts = self.term.options();
        let _ = js_sys::Reflect::set(
            &opts,
            &"theme".into(),
            &theme::xterm_theme(t, &self.options.colors),
        );
        if let Some(frame) = &self.frame {
            let _ = frame
                .class_list()
                .toggle_with_force("kterm-light", t == Theme::Light);
        }
    }

    /// Writes dropped files into the working directory, as `upload` does.
    async fn store_dropped(self: &Rc<Self>, files: Vec<(String, Vec<u8>)>) {
        if files.is_empty() {
            return;
        }
        let mut lines = String::new();
        {
            let mut shell = self.shell.lock().await;
            let now = js_sys::Date::now() as i64;
            let cwd = shell.state.cwd.clone();
            for (name, data) in files {
                let line =
                    kterm_shell::builtins::store_upload(&mut shell.state, &cwd, &name, data, now)
                        .unwrap_or_else(|e| format!("upload: {e}"));
                lines.push_str(&line);
                lines.push_str("\r\n");
            }
            self.after_command(&mut shell);
        }
        self.term.write("\r\n");
        self.term.write(&lines);
        if !self.is_busy() {
            let prompt = self.prompt_now();
            self.resume(&prompt);
        }
    }

    /// `handle.write(text)`: text from the page, shown as is.
    pub fn write_text(&self, text: &str) {
        let mut crlf = crate::output::Crlf::default();
        self.term.write(&crlf.convert(text.as_bytes()));
    }

    /// `handle.resize(cols, rows)`; without sizes, fits the element.
    pub fn resize(&self, size: Option<(u32, u32)>) {
        match size {
            Some((cols, rows)) if cols > 1 && rows > 0 => self.term.resize(cols, rows),
            _ => self.fit.fit(),
        }
    }
}

/// `performance.mark("kterm-prompt")`: when the first prompt was drawn, for
/// the lazy-loading test (tests/e2e/lazy.test.mjs) and the bench.
fn mark_first_prompt() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("kterm-prompt");
    }
}
