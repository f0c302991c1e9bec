use std::cell::RefCell;
use std::rc::Rc;

use crate::{Endpoints, HttpError, Request, Response, Transport, WebSocket};

/// A transport plus the endpoint map. Cheap to clone; commands find it in the
/// shell's extensions.
#[derive(Clone)]
pub struct Client {
    transport: Rc<dyn Transport>,
    endpoints: Endpoints,
    /// Routes learnt while running (clusters' API servers), shared by clones.
    learnt: Rc<RefCell<Endpoints>>,
}

impl Client {
    pub fn new(transport: Rc<dyn Transport>, endpoints: Endpoints) -> Self {
        Self {
            transport,
            endpoints,
            learnt: Rc::new(RefCell::new(Endpoints::none())),
        }
    }

    /// Routes a cluster's API server through the gateway when it lives on
    /// another host (see [`Endpoints::cluster_route`]); true if it is.
    pub fn route_cluster(&self, server: &str, cluster_id: &str) -> bool {
        if self.learnt.borrow().map(server) != server {
            return true;
        }
        match self.endpoints.cluster_route(server, cluster_id) {
            Some((real, local)) => {
                self.learnt.borrow_mut().add(&real, &local);
                true
            }
            None => false,
        }
    }

    fn map(&self, url: &str) -> String {
        let learnt = self.learnt.borrow().map(url);
        if learnt != url {
            return learnt;
        }
        self.endpoints.map(url)
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn endpoints_mut(&mut self) -> &mut Endpoints {
        &mut self.endpoints
    }

    pub async fn send(&self, mut req: Request) -> Result<Response, HttpError> {
        req.url = self.map(&req.url);
        self.transport.send(req).await
    }

    pub async fn websocket(
        &self,
        url: &str,
        protocols: &[String],
    ) -> Result<Box<dyn WebSocket>, HttpError> {
        let url = self.map(url);
        let url = if let Some(rest) = url.strip_prefix("http") {
            format!("ws{rest}")
        } else {
            url
        };
        self.transport.websocket(&url, protocols).await
    }
}
