use std::rc::Rc;

use crate::{Endpoints, HttpError, Request, Response, Transport, WebSocket};

/// A transport plus the endpoint map. Cheap to clone; commands find it in the
/// shell's extensions.
#[derive(Clone)]
pub struct Client {
    transport: Rc<dyn Transport>,
    endpoints: Endpoints,
}

impl Client {
    pub fn new(transport: Rc<dyn Transport>, endpoints: Endpoints) -> Self {
        Self {
            transport,
            endpoints,
        }
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn endpoints_mut(&mut self) -> &mut Endpoints {
        &mut self.endpoints
    }

    pub async fn send(&self, mut req: Request) -> Result<Response, HttpError> {
        req.url = self.endpoints.map(&req.url);
        self.transport.send(req).await
    }

    pub async fn websocket(
        &self,
        url: &str,
        protocols: &[String],
    ) -> Result<Box<dyn WebSocket>, HttpError> {
        let url = self.endpoints.map(url);
        let url = if let Some(rest) = url.strip_prefix("http") {
            format!("ws{rest}")
        } else {
            url
        };
        self.transport.websocket(&url, protocols).await
    }
}
