//! A graphql-transport-ws client over a real WebSocket.

use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub struct WsClient {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// Opens the socket with the graphql-transport-ws subprotocol, optionally as a browser at `origin`.
pub async fn open(
    http_url: &str,
    origin: Option<&str>,
) -> Result<WsClient, tokio_tungstenite::tungstenite::Error> {
    let url = format!("{}/graphql/ws", http_url.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request()?;
    let headers = request.headers_mut();
    headers.insert("Sec-WebSocket-Protocol", HeaderValue::from_static("graphql-transport-ws"));
    if let Some(origin) = origin {
        headers.insert("Origin", HeaderValue::from_str(origin).expect("origin header"));
    }
    let (socket, _) = tokio_tungstenite::connect_async(request).await?;
    Ok(WsClient { socket })
}

impl WsClient {
    /// Opens a socket and completes `connection_init`, with a token if given.
    pub async fn connect(http_url: &str, token: Option<&str>) -> Self {
        let mut client = open(http_url, None).await.expect("websocket opens");
        let payload = match token {
            Some(token) => json!({ "authorization": format!("Bearer {token}") }),
            None => json!({}),
        };
        client.send(json!({ "type": "connection_init", "payload": payload })).await;
        let ack = client.next_json(Duration::from_secs(5)).await;
        assert_eq!(
            ack.as_ref().map(|m| m["type"].clone()),
            Some(json!("connection_ack")),
            "{ack:?}"
        );
        client
    }

    pub async fn send(&mut self, message: Value) {
        self.socket.send(Message::Text(message.to_string().into())).await.expect("send");
    }

    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }))
            .await;
    }

    /// The next JSON message within `wait`, skipping pings; None on timeout or close.
    pub async fn next_json(&mut self, wait: Duration) -> Option<Value> {
        loop {
            match self.next_frame(wait).await? {
                Message::Text(text) => {
                    let value: Value = serde_json::from_str(&text).expect("JSON message");
                    if value["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return Some(value);
                }
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// The next raw frame within `wait`.
    pub async fn next_frame(&mut self, wait: Duration) -> Option<Message> {
        match tokio::time::timeout(wait, self.socket.next()).await {
            Ok(Some(Ok(frame))) => Some(frame),
            _ => None,
        }
    }
}
