//! WebSocket upgrades (kubectl exec, attach, port-forward) pass through the
//! gateway to the cluster's API server: the handshake with its subprotocol
//! goes up, the switch comes back, then frames flow both ways.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::Request;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use futures::{SinkExt, StreamExt};
use kterm_server::gateway::config::ClusterEndpoint;
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

use super::support::{loopback_config, serve, serve_gateway};

/// An exec endpoint that first says which URI it was asked for, then
/// echoes every binary frame.
async fn exec(ws: WebSocketUpgrade, req: Request) -> Response {
    let uri = req.uri().to_string();
    ws.protocols(["v5.channel.k8s.io"])
        .on_upgrade(move |mut socket: WebSocket| async move {
            let _ = socket.send(Message::Text(uri.into())).await;
            while let Some(Ok(m)) = socket.recv().await {
                if let Message::Binary(b) = m {
                    if socket.send(Message::Binary(b)).await.is_err() {
                        break;
                    }
                }
            }
        })
}

#[tokio::test(flavor = "current_thread")]
async fn exec_websocket_passes_through() {
    let api = serve(Router::new().route(
        "/api/v1/namespaces/default/pods/{pod}/exec",
        get(|ws: WebSocketUpgrade, req: Request| exec(ws, req)),
    ))
    .await;
    let mut config = loopback_config(&api);
    config.clusters.endpoints.insert(
        "wsc".into(),
        ClusterEndpoint {
            url: api.clone(),
            ca_file: None,
        },
    );
    let gw = serve_gateway(config).await;
    let url = format!(
        "{}/api/k8s/wsc/api/v1/namespaces/default/pods/web-1/exec?command=sh&stdin=true",
        gw.replace("http://", "ws://")
    );
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "v5.channel.k8s.io, v4.channel.k8s.io".parse().unwrap(),
    );
    let (mut ws, resp) = tokio_tungstenite::connect_async(req).await.unwrap();
    assert_eq!(resp.status(), 101);
    assert_eq!(
        resp.headers()["sec-websocket-protocol"],
        "v5.channel.k8s.io"
    );
    let first = ws.next().await.unwrap().unwrap();
    assert_eq!(
        first,
        tungstenite::Message::Text(
            "/api/v1/namespaces/default/pods/web-1/exec?command=sh&stdin=true".into()
        )
    );
    for frame in [&b"\x00ls\n"[..], b"\x00echo hi\n"] {
        ws.send(tungstenite::Message::Binary(frame.to_vec().into()))
            .await
            .unwrap();
        let back = ws.next().await.unwrap().unwrap();
        assert_eq!(back, tungstenite::Message::Binary(frame.to_vec().into()));
    }
    ws.close(None).await.unwrap();
}
