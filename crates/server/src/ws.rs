//! GraphQL subscriptions over WebSocket (graphql-transport-ws, and the older graphql-ws).
//! The viewer authenticates in `connection_init`; browsers' `Origin` must be this server or an
//! allowed origin; on shutdown every client gets a close frame.

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt as _, StreamExt as _};
use praxis_api::{Batches, CodedSchema, RequestContext};
use praxis_service::Viewer;

use crate::state::AppState;

/// Close code 1001: the server is going away.
const GOING_AWAY: u16 = 1001;

fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        // Not a browser: origin checks protect browsers' ambient credentials only.
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let same_origin = origin.split_once("://").is_some_and(|(_, rest)| rest == host);
    same_origin || state.allowed_origins.iter().any(|allowed| allowed == origin)
}

pub async fn upgrade(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !origin_allowed(&state, &headers) {
        return (StatusCode::FORBIDDEN, "this origin may not open a WebSocket here")
            .into_response();
    }
    let tracker = state.ws_tasks.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| tracker.track_future(serve(socket, state, protocol)))
}

async fn serve(socket: WebSocket, state: AppState, protocol: GraphQLProtocol) {
    let (mut sink, stream) = socket.split();
    // Outgoing messages pass through a channel so the socket's sink is still ours afterwards,
    // to send the close frame when the server shuts down.
    let (tx, mut rx) = futures_channel::mpsc::channel::<Message>(32);
    let shutdown = state.shutdown.clone();
    let input = stream.take_until(shutdown.clone().cancelled_owned());
    let praxis = state.praxis.clone();
    let batches = Batches::default();
    let spawner = batches.spawner();
    let graphql =
        GraphQLWebSocket::new_with_pair(tx, input, CodedSchema(state.schema.clone()), protocol)
            .on_connection_init(move |payload| async move {
                let token = payload
                    .get("authorization")
                    .or_else(|| payload.get("Authorization"))
                    .and_then(|v| v.as_str())
                    .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim().to_owned());
                let viewer = match token {
                    Some(token) if !token.is_empty() => praxis
                        .authenticate(&token)
                        .await
                        .map_err(|e| async_graphql::Error::new(e.to_string()))?,
                    _ => Viewer::Anonymous,
                };
                let mut data = Data::default();
                data.insert(RequestContext::for_connection(praxis, viewer, &spawner));
                Ok(data)
            })
            .serve();
    let forward = async {
        while let Some(message) = rx.next().await {
            if sink.send(message).await.is_err() {
                return None;
            }
        }
        Some(sink)
    };
    let ((), sink) = tokio::join!(batches.run(graphql), forward);
    if let (Some(mut sink), true) = (sink, shutdown.is_cancelled()) {
        let frame = CloseFrame { code: GOING_AWAY, reason: "server shutting down".into() };
        let _ = sink.send(Message::Close(Some(frame))).await;
    }
}
