//! The engine's `Host` in the browser: the clock, timers, and interactive
//! input for commands that ask for it (passcodes, pickers, full-screen
//! programs). Keystrokes reach a pending read through `input`.

use std::cell::RefCell;
use std::rc::Rc;

use async_trait::async_trait;
use futures::channel::oneshot;
use kterm_shell::Host;

use crate::xterm::Terminal;

enum Pending {
    Line {
        buf: String,
        secret: bool,
        reply: oneshot::Sender<Option<String>>,
    },
    Raw {
        reply: oneshot::Sender<Option<Vec<u8>>>,
    },
}

pub struct WebHost {
    term: Rc<Terminal>,
    pending: RefCell<Option<Pending>>,
    /// Set by the first raw read of a command until it ends: keys typed
    /// while the program is busy between two reads wait here instead of
    /// reaching the line editor (a fast typist or a paste loses nothing).
    raw: RefCell<Option<Vec<u8>>>,
}

impl WebHost {
    pub fn new(term: Rc<Terminal>) -> Self {
        Self {
            term,
            pending: RefCell::new(None),
            raw: RefCell::new(None),
        }
    }

    /// True while a command waits for input, or runs a full-screen program.
    pub fn is_reading(&self) -> bool {
        self.pending.borrow().is_some() || self.raw.borrow().is_some()
    }

    /// True while a full-screen program reads raw keys: Ctrl-C is then a
    /// key for it (vi, nano, `exec -it`), not an interrupt.
    pub fn is_reading_raw(&self) -> bool {
        self.raw.borrow().is_some()
    }

    /// Ends any pending read (Ctrl-C, or the command finished).
    pub fn abort_read(&self) {
        self.raw.borrow_mut().take();
        match self.pending.borrow_mut().take() {
            Some(Pending::Line { reply, .. }) => {
                let _ = reply.send(None);
            }
            Some(Pending::Raw { reply }) => {
                let _ = reply.send(None);
            }
            None => {}
        }
    }

    /// Feeds keystrokes to the pending read.
    pub fn input(&self, data: &str) {
        let mut pending = self.pending.borrow_mut();
        match pending.take() {
            Some(Pending::Raw { reply }) => {
                let _ = reply.send(Some(data.as_bytes().to_vec()));
            }
            Some(Pending::Line {
                mut buf,
                secret,
                reply,
            }) => {
                for c in data.chars() {
                    match c {
                        '\r' | '\n' => {
                            self.term.write("\r\n");
                            let _ = reply.send(Some(buf));
                            return;
                        }
                        '\x03' => {
                            self.term.write("^C\r\n");
                            let _ = reply.send(None);
                            return;
                        }
                        '\x7f' | '\x08' if buf.pop().is_some() && !secret => {
                            self.term.write("\x08 \x08")
                        }
                        c if !c.is_control() => {
                            buf.push(c);
                            if !secret {
                                let shown = kterm_shell::sanitize::caret(c);
                                self.term.write(&shown.unwrap_or_else(|| c.to_string()));
                            }
                        }
                        _ => {}
                    }
                }
                *pending = Some(Pending::Line { buf, secret, reply });
            }
            None => {
                if let Some(buf) = self.raw.borrow_mut().as_mut() {
                    buf.extend_from_slice(data.as_bytes());
                }
            }
        }
    }
}

#[async_trait(?Send)]
impl Host for WebHost {
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }

    async fn sleep_ms(&self, ms: u64) {
        gloo_timers::future::TimeoutFuture::new(ms.min(u32::MAX as u64) as u32).await;
    }

    async fn read_line(&self, prompt: &str, secret: bool) -> Option<String> {
        // A prompt may quote data (an account name): shown escaped, but for
        // the CLI's own colours.
        let prompt = kterm_shell::sanitize::prompt(prompt);
        self.term.write(&prompt.replace('\n', "\r\n"));
        let (tx, rx) = oneshot::channel();
        *self.pending.borrow_mut() = Some(Pending::Line {
            buf: String::new(),
            secret,
            reply: tx,
        });
        rx.await.ok().flatten()
    }

    async fn read_raw(&self) -> Option<Vec<u8>> {
        {
            let mut raw = self.raw.borrow_mut();
            let buf = raw.get_or_insert_with(Vec::new);
            if !buf.is_empty() {
                return Some(std::mem::take(buf));
            }
        }
        let (tx, rx) = oneshot::channel();
        *self.pending.borrow_mut() = Some(Pending::Raw { reply: tx });
        rx.await.ok().flatten()
    }

    fn size(&self) -> (u16, u16) {
        (self.term.cols() as u16, self.term.rows() as u16)
    }

    async fn pick_files(&self) -> Option<Vec<(String, Vec<u8>)>> {
        let v = wasm_bindgen_futures::JsFuture::from(crate::embed::pick_files())
            .await
            .ok()?;
        Some(crate::embed::files_of(&v))
    }

    async fn save_file(&self, name: &str, data: &[u8]) -> bool {
        crate::embed::save_file(name, data);
        true
    }
}
