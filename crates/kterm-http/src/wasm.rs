//! The browser transport: fetch with an AbortController (dropping the
//! request or its body aborts it, which is how Ctrl-C stops a stream) and
//! the ReadableStream body read chunk by chunk; WebSocket with subprotocols.

use std::cell::RefCell;
use std::rc::Rc;

use async_trait::async_trait;
use futures::channel::{mpsc, oneshot};
use futures::StreamExt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::{Body, HttpError, Request, Response, Transport, WebSocket, WsMessage};

#[derive(Clone, Default)]
pub struct FetchTransport;

impl FetchTransport {
    pub fn new() -> Self {
        Self
    }
}

/// Aborts the fetch when dropped (a no-op once the body is complete).
struct AbortOnDrop(web_sys::AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn js_error(v: JsValue) -> String {
    v.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| v.as_string())
        .unwrap_or_else(|| "network error".into())
}

#[async_trait(?Send)]
impl Transport for FetchTransport {
    async fn send(&self, req: Request) -> Result<Response, HttpError> {
        let connect = |m: String| HttpError::Connect {
            url: req.url.clone(),
            message: m,
        };
        let controller = web_sys::AbortController::new().map_err(|e| connect(js_error(e)))?;
        let guard = AbortOnDrop(controller);
        let init = web_sys::RequestInit::new();
        init.set_method(&req.method);
        init.set_signal(Some(&guard.0.signal()));
        let headers = web_sys::Headers::new().map_err(|e| connect(js_error(e)))?;
        for (k, v) in &req.headers {
            headers.append(k, v).map_err(|e| connect(js_error(e)))?;
        }
        init.set_headers(&headers);
        if !req.body.is_empty() {
            init.set_body(&js_sys::Uint8Array::from(req.body.as_slice()).into());
        }
        let request = web_sys::Request::new_with_str_and_init(&req.url, &init)
            .map_err(|e| connect(js_error(e)))?;
        let window = web_sys::window().ok_or_else(|| connect("no window".into()))?;
        let resp: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|e| connect(js_error(e)))?
            .dyn_into()
            .map_err(|_| connect("not a response".into()))?;
        let mut out_headers = Vec::new();
        if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
            for pair in iter.flatten() {
                let pair = js_sys::Array::from(&pair);
                if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                    out_headers.push((k, v));
                }
            }
        }
        let status = resp.status();
        // fetch does not say the protocol; HTTP/2 and 3 send no reason
        // phrase, HTTP/1.1 always does.
        let reason = resp.status_text();
        let version = if reason.is_empty() {
            "HTTP/2"
        } else {
            "HTTP/1.1"
        }
        .to_string();
        let body = match resp.body() {
            None => Body::from_bytes(Vec::new()),
            Some(stream) => {
                let reader: web_sys::ReadableStreamDefaultReader =
                    stream
                        .get_reader()
                        .dyn_into()
                        .map_err(|_| connect("no body reader".into()))?;
                Body::from_stream(futures::stream::unfold(
                    Some((reader, guard)),
                    |state| async move {
                        let (reader, guard) = state?;
                        match JsFuture::from(reader.read()).await {
                            Err(e) => Some((Err(HttpError::Body(js_error(e))), None)),
                            Ok(chunk) => {
                                let done = js_sys::Reflect::get(&chunk, &"done".into())
                                    .ok()
                                    .and_then(|d| d.as_bool())
                                    .unwrap_or(true);
                                if done {
                                    return None;
                                }
                                let value = js_sys::Reflect::get(&chunk, &"value".into())
                                    .unwrap_or(JsValue::UNDEFINED);
                                let bytes = js_sys::Uint8Array::new(&value).to_vec();
                                Some((Ok(bytes), Some((reader, guard))))
                            }
                        }
                    },
                ))
            }
        };
        Ok(Response {
            status,
            reason,
            version,
            headers: out_headers,
            body,
        })
    }

    async fn websocket(
        &self,
        url: &str,
        protocols: &[String],
    ) -> Result<Box<dyn WebSocket>, HttpError> {
        let connect = |m: String| HttpError::Connect {
            url: url.to_string(),
            message: m,
        };
        let list = js_sys::Array::new();
        for p in protocols {
            list.push(&JsValue::from_str(p));
        }
        let ws = web_sys::WebSocket::new_with_str_sequence(url, &list)
            .map_err(|e| connect(js_error(e)))?;
        ws.set_binary_type(web_sys::BinaryType::Arraybuffer);
        let (tx, rx) = mpsc::unbounded::<Result<WsMessage, HttpError>>();
        let (open_tx, open_rx) = oneshot::channel::<bool>();
        let open_tx = Rc::new(RefCell::new(Some(open_tx)));

        let t = tx.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                let msg = match data.as_string() {
                    Some(s) => WsMessage::Text(s),
                    None => WsMessage::Binary(js_sys::Uint8Array::new(&data).to_vec()),
                };
                let _ = t.unbounded_send(Ok(msg));
            });
        let o = open_tx.clone();
        let on_open = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = o.borrow_mut().take() {
                let _ = s.send(true);
            }
        });
        let o = open_tx.clone();
        let t = tx.clone();
        let on_close = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = o.borrow_mut().take() {
                let _ = s.send(false);
            }
            let _ = t.unbounded_send(Ok(WsMessage::Close));
            t.close_channel();
        });
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        if !open_rx.await.unwrap_or(false) {
            return Err(connect("WebSocket connection failed".into()));
        }
        Ok(Box::new(BrowserWs {
            ws,
            rx,
            _closures: (on_message, on_open, on_close),
        }))
    }
}

/// onmessage, onopen, onclose.
type Handlers = (
    Closure<dyn FnMut(web_sys::MessageEvent)>,
    Closure<dyn FnMut()>,
    Closure<dyn FnMut()>,
);

struct BrowserWs {
    ws: web_sys::WebSocket,
    rx: mpsc::UnboundedReceiver<Result<WsMessage, HttpError>>,
    /// The socket's event handlers; dropped (and detached) with it.
    _closures: Handlers,
}

impl Drop for BrowserWs {
    fn drop(&mut self) {
        self.ws.set_onmessage(None);
        self.ws.set_onopen(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

#[async_trait(?Send)]
impl WebSocket for BrowserWs {
    fn protocol(&self) -> String {
        self.ws.protocol()
    }

    async fn send(&mut self, msg: WsMessage) -> Result<(), HttpError> {
        let r = match msg {
            WsMessage::Text(t) => self.ws.send_with_str(&t),
            WsMessage::Binary(b) => self.ws.send_with_u8_array(&b),
            WsMessage::Close => self.ws.close(),
        };
        r.map_err(|e| HttpError::Body(js_error(e)))
    }

    async fn recv(&mut self) -> Option<Result<WsMessage, HttpError>> {
        self.rx.next().await
    }
}
