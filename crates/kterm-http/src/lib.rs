//! How kterm's commands reach HTTP APIs. Commands build a [`Request`] as data
//! and send it through a [`Client`], which maps the real service URLs
//! (`https://iam.cloud.ibm.com/...`) onto the page's same-origin prefixes
//! (`/api/iam/...`) and hands it to a [`Transport`]: fetch in the browser,
//! reqwest natively (tests).

mod client;
mod endpoints;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
mod types;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use client::Client;
pub use endpoints::Endpoints;
pub use types::{Body, HttpError, Request, Response, Transport, WebSocket, WsMessage};
