//! One terminal session: xterm.js on screen, the line editor, the shell
//! engine, and the glue between them. Keystrokes go to a command's pending
//! read, to the running command (Ctrl-C), or to the line editor.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use futures::lock::Mutex;
use kterm_shell::editor::complete::complete;
use kterm_shell::editor::{Action, Editor};
use kterm_shell::{Cancel, Shell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::embed::Events;
use crate::host::WebHost;
use crate::options::{Options, Storage};
use crate::output::TermOut;
use crate::xterm::{Disposable, FitAddon, Terminal, Unicode11Addon, WebLinksAddon};
use crate::{storage, theme};

/// What `run` reports back to the automation API.
pub struct RunResult {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

#[derive(Default)]
struct Busy {
    cancel: Option<Cancel>,
    /// Lines of an incomplete command (open quote, here-document).
    continuation: String,
}

type DataHandler = Closure<dyn FnMut(String)>;
type KeyHandler = Closure<dyn FnMut(web_sys::KeyboardEvent) -> bool>;

/// A DOM listener kept so that `dispose` can remove it.
pub(crate) struct Listener {
    pub target: web_sys::EventTarget,
    pub event: &'static str,
    pub callback: Closure<dyn FnMut(web_sys::Event)>,
    /// Registered for the capture phase (removal must say so too).
    pub capture: bool,
}

pub struct Session {
    pub term: Rc<Terminal>,
    pub(crate) fit: FitAddon,
    pub(crate) host: Rc<WebHost>,
    pub(crate) shell: Mutex<Shell>,
    pub(crate) editor: RefCell<Editor>,
    busy: RefCell<Busy>,
    pub(crate) options: Rc<Options>,
    pub(crate) events: Rc<Events>,
    /// The `.kterm` frame around the terminal (drop target, theme class).
    pub(crate) frame: Option<web_sys::Element>,
    /// Whether an IAM session is in the CLI's config (login/logout events).
    pub(crate) logged_in: std::cell::Cell<bool>,
    /// A paste is being delivered (set by the DOM `paste` event, before
    /// xterm.js turns it into input).
    pub(crate) pasting: std::cell::Cell<bool>,
    /// Set once the user logs out: `getToken` is not asked again.
    pub(crate) token_declined: std::cell::Cell<bool>,
    /// Writes the session to sessionStorage after each command.
    saver: RefCell<kterm_shell::persist::Saver>,
    /// After `dispose` nothing is saved (a command still finishing must not
    /// write the wiped session back).
    disposed: std::cell::Cell<bool>,
    /// Subscriptions and listeners, released on dispose.
    subs: RefCell<Vec<Disposable>>,
    on_data: RefCell<Option<DataHandler>>,
    on_select: RefCell<Option<Closure<dyn FnMut()>>>,
    on_title: RefCell<Option<DataHandler>>,
    on_key: RefCell<Option<KeyHandler>>,
    pub(crate) listeners: RefCell<Vec<Listener>>,
}

impl Session {
    /// Opens the terminal in `parent`; `boot` then applies the options'
    /// session and context and shows the prompt.
    pub fn start(
        parent: &web_sys::HtmlElement,
        options: Rc<Options>,
        events: Rc<Events>,
    ) -> Rc<Session> {
        let term = Rc::new(Terminal::new(&theme::terminal_options(&options)));
        let fit = FitAddon::new();
        term.load_addon(&fit);
        term.load_addon(&WebLinksAddon::new());
        term.load_addon(&Unicode11Addon::new());
        let _ = js_sys::Reflect::set(&term.unicode(), &"activeVersion".into(), &"11".into());
        term.open(parent);
        fit.fit();
        // Bracketed paste: pasted text arrives wrapped, so it is not run
        // key by key.
        term.write("\x1b[?2004h");

        let mut shell = Shell::new(crate::registry());
        shell.prompt_hooks.extend(crate::prompt_hooks());
        let client = kterm_http::Client::new(
            Rc::new(kterm_http::wasm::FetchTransport::new()),
            endpoints(&options),
        );
        shell.state.ext.insert(client);
        if options.read_only {
            shell.state.policy = Some(Rc::new(kterm_shell::policy::ReadOnly));
        }
        let mut editor = Editor::new();
        let saved = match options.storage {
            Storage::Session => storage::load(),
            Storage::Memory => None,
        };
        if let Some(saved) = saved {
            *editor.history_mut() =
                kterm_shell::editor::history::History::from_entries(&saved.snapshot.history);
            shell.state.restore(saved.snapshot);
            if saved.from_v1 {
                // Rewritten in the new form by the first save.
                shell.state.fs.mark_all_changed();
            }
        }
        editor.resize(term.cols() as usize);

        let logged_in = kterm_ibmcloud::session::Session::load(&shell.state).logged_in();
        let host = Rc::new(WebHost::new(term.clone()));
        let session = Rc::new(Session {
            term,
            fit,
            host,
            shell: Mutex::new(shell),
            editor: RefCell::new(editor),
            busy: RefCell::default(),
            options,
            events,
            frame: parent.parent_element(),
            logged_in: std::cell::Cell::new(logged_in),
            token_declined: std::cell::Cell::new(false),
            pasting: std::cell::Cell::new(false),
            disposed: std::cell::Cell::new(false),
            saver: RefCell::default(),
            subs: RefCell::default(),
            on_data: RefCell::default(),
            on_select: RefCell::default(),
            on_title: RefCell::default(),
            on_key: RefCell::default(),
            listeners: RefCell::default(),
        });
        session.subscribe();
        session.listen_dom();
        session
    }

    fn subscribe(self: &Rc<Self>) {
        let weak: Weak<Session> = Rc::downgrade(self);
        let on_data = Closure::<dyn FnMut(String)>::new(move |data: String| {
            if let Some(s) = weak.upgrade() {
                s.on_input(&data);
            }
        });
        self.subs.borrow_mut().push(self.term.on_data(&on_data));
        *self.on_data.borrow_mut() = Some(on_data);

        let weak = Rc::downgrade(self);
        let on_resize = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(s) = weak.upgrade() {
                let cols = s.term.cols() as usize;
                s.editor.borrow_mut().resize(cols);
                s.flush_editor();
            }
        });
        self.subs.borrow_mut().push(self.term.on_resize(&on_resize));
        // The closure must outlive the subscription, which `dispose` ends;
        // xterm keeps only a reference to it.
        on_resize.forget();

        let weak = Rc::downgrade(self);
        let on_select = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = weak.upgrade() {
                let text = s.term.get_selection();
                if !text.is_empty() {
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().clipboard().write_text(&text);
                    }
                }
            }
        });
        self.subs
            .borrow_mut()
            .push(self.term.on_selection_change(&on_select));
        *self.on_select.borrow_mut() = Some(on_select);

        let weak = Rc::downgrade(self);
        let on_title = Closure::<dyn FnMut(String)>::new(move |title: String| {
            if let Some(s) = weak.upgrade() {
                s.events.emit("title", &[("title", title.into())]);
            }
        });
        self.subs
            .borrow_mut()
            .push(self.term.on_title_change(&on_title));
        *self.on_title.borrow_mut() = Some(on_title);

        // Tab completes, so Shift+Tab is the way out of the terminal for
        // keyboard users: xterm leaves it to the browser, which moves focus.
        let on_key = Closure::<dyn FnMut(web_sys::KeyboardEvent) -> bool>::new(
            |e: web_sys::KeyboardEvent| !(e.key() == "Tab" && e.shift_key()),
        );
        self.term.attach_custom_key_event_handler(&on_key);
        *self.on_key.borrow_mut() = Some(on_key);
    }

    /// Releases every subscription and listener, and the terminal.
    pub fn dispose(&self) {
        self.disposed.set(true);
        for d in self.subs.borrow_mut().drain(..) {
            d.dispose();
        }
        for l in self.listeners.borrow_mut().drain(..) {
            let _ = l.target.remove_event_listener_with_callback_and_bool(
                l.event,
                l.callback.as_ref().unchecked_ref(),
                l.capture,
            );
        }
        self.host.abort_read();
        if let Some(c) = &self.busy.borrow().cancel {
            c.cancel();
        }
        self.term.dispose();
        self.on_data.borrow_mut().take();
        self.on_select.borrow_mut().take();
        self.on_title.borrow_mut().take();
        self.on_key.borrow_mut().take();
        self.events.clear();
    }

    pub fn focus(&self) {
        self.term.focus();
    }

    pub fn is_busy(&self) -> bool {
        self.busy.borrow().cancel.is_some()
    }

    pub(crate) fn prompt_now(&self) -> String {
        match self.shell.try_lock() {
            Some(sh) => sh.prompt(),
            None => "$ ".into(),
        }
    }

    pub(crate) fn flush_editor(&self) {
        let out = self.editor.borrow_mut().take_output();
        if !out.is_empty() {
            self.term.write(&out);
        }
    }

    fn on_input(self: &Rc<Self>, data: &str) {
        // A paste while bracketed paste is off (a remote program turned it
        // off, or `printf` did) arrives as plain keys, newlines as `\r`:
        // mark it as a paste so that the editor keeps it for Enter.
        let wrapped;
        let data = if self.pasting.replace(false)
            && !self.host.is_reading()
            && !data.starts_with("\x1b[200~")
        {
            wrapped = format!("\x1b[200~{data}\x1b[201~");
            wrapped.as_str()
        } else {
            data
        };
        if self.host.is_reading() {
            if data.contains('\x03') && !self.host.is_reading_raw() {
                if let Some(c) = &self.busy.borrow().cancel {
                    c.cancel();
                }
            }
            self.host.input(data);
            return;
        }
        if let Some(cancel) = self.busy.borrow().cancel.clone() {
            if data.contains('\x03') {
                self.term.write("^C");
                cancel.cancel();
                self.editor.borrow_mut().clear_queue();
            } else {
                self.editor.borrow_mut().feed(data.as_bytes());
            }
            return;
        }
        let actions = self.editor.borrow_mut().feed(data.as_bytes());
        self.flush_editor();
        for action in actions {
            match action {
                Action::Submit(line) => self.submit(line),
                Action::Interrupt => {
                    self.busy.borrow_mut().continuation.clear();
                    let p = self.prompt_now();
                    self.resume(&p);
                }
                Action::Eof => {
                    self.term.write("\r\n");
                    self.term.write("kterm: there is no shell to exit; the session ends when you close the tab.\r\n");
                    self.editor.borrow_mut().submit_text("");
                    let _ = self.editor.borrow_mut().take_output();
                    let p = self.prompt_now();
                    self.resume(&p);
                }
                Action::Complete { line, cursor } => {
                    let s = self.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let c = {
                            let mut shell = s.shell.lock().await;
                            complete(&mut shell, &*s.host, &line, cursor).await
                        };
                        s.editor
                            .borrow_mut()
                            .apply_completion(c.start, &c.candidates);
                        s.flush_editor();
                    });
                }
            }
        }
    }

    /// Shows the prompt; runs the next queued line of a paste, if any.
    pub(crate) fn resume(self: &Rc<Self>, prompt: &str) {
        let next = self.editor.borrow_mut().resume(prompt);
        self.flush_editor();
        if let Some(Action::Submit(line)) = next {
            self.submit(line);
        }
    }

    fn submit(self: &Rc<Self>, line: String) {
        let text = {
            let mut busy = self.busy.borrow_mut();
            let mut t = std::mem::take(&mut busy.continuation);
            t.push_str(&line);
            t
        };
        let incomplete = self
            .shell
            .try_lock()
            .map(|sh| sh.is_incomplete(&text))
            .unwrap_or(false);
        if incomplete {
            self.busy.borrow_mut().continuation = format!("{text}\n");
            self.resume("> ");
            return;
        }
        let s = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            s.execute(&text, false).await;
        });
    }

    /// Runs a command line as if typed; used by the automation API.
    pub async fn run_api(self: &Rc<Self>, line: &str) -> RunResult {
        while self.is_busy() {
            gloo_timers::future::TimeoutFuture::new(10).await;
        }
        self.editor.borrow_mut().submit_text(line);
        self.flush_editor();
        let result = self.execute(line, true).await;
        // Resolve only once the output is on screen (`screenText` sees it).
        crate::xterm::parsed(&self.term).await;
        result
    }

    async fn execute(self: &Rc<Self>, text: &str, capture: bool) -> RunResult {
        // Events carry the line as history keeps it: secrets masked.
        let shown = kterm_shell::editor::history::redact(text);
        let announce = !text.trim().is_empty();
        if announce {
            self.editor.borrow_mut().history_mut().add(text);
            self.events
                .emit("command-start", &[("line", shown.as_str().into())]);
        }
        let cancel = Cancel::new();
        self.busy.borrow_mut().cancel = Some(cancel.clone());
        let out_cap = capture.then(|| Rc::new(RefCell::new(Vec::new())));
        let err_cap = capture.then(|| Rc::new(RefCell::new(Vec::new())));
        let ends = Rc::new(RefCell::new(true));
        let (code, prompt) = {
            let mut shell = self.shell.lock().await;
            self.refresh_token(&mut shell).await;
            shell.state.history = self.editor.borrow().history().entries();
            let mut out = TermOut::new(self.term.clone(), out_cap.clone(), ends.clone());
            let mut err = TermOut::new(self.term.clone(), err_cap.clone(), ends.clone());
            let code = shell
                .run_line(text, &*self.host, &mut out, &mut err, cancel.clone())
                .await;
            // `history -c` and friends change the shell's copy.
            if shell.state.history.len() != self.editor.borrow().history().len() {
                *self.editor.borrow_mut().history_mut() =
                    kterm_shell::editor::history::History::from_entries(&shell.state.history);
            }
            self.after_command(&mut shell);
            (code, shell.prompt())
        };
        self.host.abort_read();
        self.busy.borrow_mut().cancel = None;
        if cancel.is_cancelled() || !*ends.borrow() {
            self.term.write("\r\n");
        }
        self.resume(&prompt);
        let text_of = |c: Option<Rc<RefCell<Vec<u8>>>>| {
            c.map(|c| String::from_utf8_lossy(&c.borrow()).into_owned())
                .unwrap_or_default()
        };
        if announce {
            self.events.emit(
                "command-end",
                &[("line", shown.as_str().into()), ("code", code.into())],
            );
        }
        RunResult {
            stdout: text_of(out_cap),
            stderr: text_of(err_cap),
            code,
        }
    }

    /// Saves the session where the options say, and tells the page about
    /// a login or a logout.
    pub(crate) fn after_command(&self, shell: &mut Shell) {
        if self.disposed.get() {
            return;
        }
        if self.options.storage == Storage::Session {
            if let Some(kv) = storage::session() {
                let refused = self.saver.borrow_mut().save(&kv, &mut shell.state);
                if let Some(msg) = refused {
                    self.term.write(&format!("{msg}\r\n"));
                }
            }
        }
        let ibm = kterm_ibmcloud::session::Session::load(&shell.state);
        let now = ibm.logged_in();
        if now != self.logged_in.replace(now) {
            if now {
                self.events.emit("login", &[("user", ibm.user().into())]);
            } else {
                self.token_declined.set(true);
                self.events.emit("logout", &[]);
            }
        }
    }
}

/// The endpoint map: the options' base (default: where the bundle came
/// from) for every IBM Cloud host, then the options' own routes.
fn endpoints(options: &Options) -> kterm_http::Endpoints {
    let base = options
        .endpoint_base
        .clone()
        .unwrap_or_else(crate::embed::bundle_base);
    let base = base.trim_end_matches('/');
    let mut e = kterm_http::Endpoints::ibm_cloud(base);
    for (real, local) in &options.endpoints {
        if local.starts_with("https://") || local.starts_with("http://") {
            e.add(real, local);
        } else {
            e.add(real, &format!("{base}{local}"));
        }
    }
    e
}
