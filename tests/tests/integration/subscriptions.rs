//! `threadActivity` over graphql-transport-ws: who receives a thread's posts, who is refused,
//! and that a lost right to read (removal, logout) or a server shutdown ends the stream.
//!
//! A subscription is live only once the server has run its resolver, which the protocol does not
//! acknowledge; so each test that expects posts first "syncs": it posts probe replies until the
//! subscriber sees one. Waits for a specific post skip the probes.
// Helpers report failure by panicking, like the tests that use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use praxis_core::types::Role;
use praxis_tests::ws::{self, WsClient};
use praxis_tests::{TestApp, TestUser};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const THREAD_ACTIVITY: &str =
    "subscription($t: ID!) { threadActivity(threadId: $t) { id body author { displayName } } }";

/// How long a subscriber that must not receive a post is watched.
const QUIET: Duration = Duration::from_secs(1);
/// The bound on waiting for anything that should arrive.
const PATIENCE: Duration = Duration::from_secs(10);

/// The post in a `next` message, if it carries one.
fn delivered_post(message: &Value) -> Option<&Value> {
    (message["type"] == "next")
        .then(|| &message["payload"]["data"]["threadActivity"])
        .filter(|post| post.is_object())
}

/// Waits up to `wait` for the post with `body`, skipping other posts; None if it does not come.
async fn post_with_body(client: &mut WsClient, body: &str, wait: Duration) -> Option<Value> {
    post_delivered_to(client, None, body, wait).await
}

/// As `post_with_body`, to the subscription with `id` only (any subscription if None).
async fn post_delivered_to(
    client: &mut WsClient,
    subscription: Option<&str>,
    body: &str,
    wait: Duration,
) -> Option<Value> {
    let deadline = Instant::now() + wait;
    loop {
        let remaining = deadline.checked_duration_since(Instant::now())?;
        let message = client.next_json(remaining).await?;
        if subscription.is_some_and(|id| message["id"] != id) {
            continue;
        }
        if let Some(post) = delivered_post(&message).filter(|post| post["body"] == body) {
            return Some(post.clone());
        }
    }
}

/// Subscribes `client` to the thread's activity and returns once its subscription is live, proven
/// by a probe reply from `poster` arriving.
async fn subscribe_live(
    app: &TestApp,
    client: &mut WsClient,
    id: &str,
    thread: &str,
    poster: &TestUser,
) {
    client.subscribe(id, THREAD_ACTIVITY, json!({ "t": thread })).await;
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        let probe = format!("probe {}", uuid::Uuid::new_v4().simple());
        app.reply(poster, thread, &probe).await;
        if post_with_body(client, &probe, Duration::from_millis(500)).await.is_some() {
            return;
        }
    }
    panic!("subscription {id} never delivered a probe");
}

/// The error a refused subscription answers with, past the ends of earlier subscriptions.
/// async-graphql reports a resolver error as a `next` carrying `errors` (then `complete`) rather
/// than an `error` message; both are accepted, as long as no data comes with it.
async fn subscription_refusal(client: &mut WsClient, id: &str) -> Value {
    let message = loop {
        let message = client
            .next_json(PATIENCE)
            .await
            .unwrap_or_else(|| panic!("no answer to subscription {id}"));
        if message["id"] == id {
            break message;
        }
        assert_eq!(message["type"], "complete", "while waiting for {id}: {message:#}");
    };
    match message["type"].as_str() {
        Some("error") => message["payload"][0].clone(),
        Some("next") => {
            assert!(
                message["payload"]["data"].is_null(),
                "a refused subscription carried data: {message:#}"
            );
            message["payload"]["errors"][0].clone()
        }
        _ => panic!("expected an error for subscription {id}: {message:#}"),
    }
}

/// A private space with a thread, its admin, and one member.
struct PrivateThread {
    admin: TestUser,
    member: TestUser,
    space: String,
    thread: String,
}

async fn private_thread(app: &TestApp, slug: &str) -> PrivateThread {
    let admin = app.user(Role::Admin).await;
    let member = app.user(Role::Member).await;
    let space = app.space(&admin, slug, "PRIVATE", "EVERYONE").await;
    app.add_member(&admin, &space, &member).await;
    let (thread, _) = app.thread(&admin, &space, "Closed-door consultation", "DISCUSSION").await;
    PrivateThread { admin, member, space, thread }
}

#[tokio::test]
async fn a_member_receives_replies_and_edits_in_a_private_thread() {
    let app = TestApp::spawn().await;
    let t = private_thread(&app, "sub-private").await;

    let mut member = WsClient::connect(&app.server.url(), Some(&t.member.access_token)).await;
    subscribe_live(&app, &mut member, "1", &t.thread, &t.admin).await;

    let reply_id = app.reply(&t.admin, &t.thread, "Minutes of the meeting attached").await;
    let post = post_with_body(&mut member, "Minutes of the meeting attached", PATIENCE)
        .await
        .expect("the reply arrives");
    assert_eq!(post["id"], reply_id.as_str());
    assert_eq!(post["author"]["displayName"], "Test admin");

    app.data(
        Some(&t.admin.access_token),
        "mutation($input: EditPostInput!) { editPost(input: $input) { id } }",
        json!({ "input": { "id": reply_id, "body": "Minutes of the meeting, corrected" } }),
    )
    .await;
    let edited = post_with_body(&mut member, "Minutes of the meeting, corrected", PATIENCE)
        .await
        .expect("the edit arrives");
    assert_eq!(edited["id"], reply_id.as_str());

    app.stop().await;
}

/// A connection lives for many events; each must be read as it is now, not as an earlier event
/// of the same connection found it.
#[tokio::test]
async fn an_edited_post_arrives_with_its_reactions_and_revisions_as_they_are_now() {
    let app = TestApp::spawn().await;
    let t = private_thread(&app, "sub-fresh").await;
    // The author, who sees the revisions.
    let mut admin = WsClient::connect(&app.server.url(), Some(&t.admin.access_token)).await;
    let detailed = "subscription($t: ID!) { threadActivity(threadId: $t) { \
                    id body reactions { reaction count } revisions { body } } }";
    admin.subscribe("detailed", detailed, json!({ "t": t.thread })).await;
    // Live once a reply arrives (see `subscribe_live`).
    let deadline = Instant::now() + PATIENCE;
    let (reply_id, first) = loop {
        assert!(Instant::now() < deadline, "the subscription never delivered");
        let body = format!("Draft agenda {}", uuid::Uuid::new_v4().simple());
        let id = app.reply(&t.admin, &t.thread, &body).await;
        let wait = Duration::from_millis(500);
        if let Some(post) = post_delivered_to(&mut admin, Some("detailed"), &body, wait).await {
            break (id, post);
        }
    };
    assert_eq!(first["reactions"], json!([]), "{first:#}");
    assert_eq!(first["revisions"], json!([]), "{first:#}");

    app.data(
        Some(&t.member.access_token),
        "mutation($p: ID!) { react(postId: $p, reaction: THANKS) { id } }",
        json!({ "p": reply_id }),
    )
    .await;
    app.data(
        Some(&t.admin.access_token),
        "mutation($input: EditPostInput!) { editPost(input: $input) { id } }",
        json!({ "input": { "id": reply_id, "body": "Final agenda" } }),
    )
    .await;
    let edited = post_delivered_to(&mut admin, Some("detailed"), "Final agenda", PATIENCE)
        .await
        .expect("the edit arrives");
    assert_eq!(edited["id"], reply_id.as_str());
    assert_eq!(edited["reactions"], json!([{ "reaction": "THANKS", "count": 1 }]), "{edited:#}");
    assert_eq!(edited["revisions"].as_array().map(Vec::len), Some(1), "{edited:#}");

    app.stop().await;
}

#[tokio::test]
async fn outsiders_are_refused_a_private_thread_and_receive_nothing() {
    let app = TestApp::spawn().await;
    let t = private_thread(&app, "sub-outsiders").await;
    let outsider = app.user(Role::Member).await;

    let mut member = WsClient::connect(&app.server.url(), Some(&t.member.access_token)).await;
    subscribe_live(&app, &mut member, "1", &t.thread, &t.admin).await;

    let mut non_member = WsClient::connect(&app.server.url(), Some(&outsider.access_token)).await;
    non_member.subscribe("1", THREAD_ACTIVITY, json!({ "t": t.thread })).await;
    let mut anonymous = WsClient::connect(&app.server.url(), None).await;
    anonymous.subscribe("1", THREAD_ACTIVITY, json!({ "t": t.thread })).await;
    for (who, client) in [("non-member", &mut non_member), ("anonymous", &mut anonymous)] {
        let error = subscription_refusal(client, "1").await;
        assert_eq!(error["extensions"]["code"], "NOT_FOUND", "{who}: {error:#}");
    }

    app.reply(&t.admin, &t.thread, "Only for members").await;
    assert!(
        post_with_body(&mut member, "Only for members", PATIENCE).await.is_some(),
        "the member gets it"
    );
    for (who, client) in [("non-member", &mut non_member), ("anonymous", &mut anonymous)] {
        assert!(
            post_with_body(client, "Only for members", QUIET).await.is_none(),
            "{who} received a private post"
        );
    }

    app.stop().await;
}

#[tokio::test]
async fn a_member_removed_from_the_space_stops_receiving() {
    let app = TestApp::spawn().await;
    let t = private_thread(&app, "sub-removed").await;

    let mut admin = WsClient::connect(&app.server.url(), Some(&t.admin.access_token)).await;
    subscribe_live(&app, &mut admin, "1", &t.thread, &t.admin).await;
    let mut member = WsClient::connect(&app.server.url(), Some(&t.member.access_token)).await;
    subscribe_live(&app, &mut member, "1", &t.thread, &t.admin).await;

    app.remove_member(&t.admin, &t.space, &t.member).await;
    app.reply(&t.admin, &t.thread, "After the removal").await;

    // The admin's copy proves the post went out; the removed member's must not follow.
    assert!(post_with_body(&mut admin, "After the removal", PATIENCE).await.is_some());
    assert!(
        post_with_body(&mut member, "After the removal", QUIET).await.is_none(),
        "a removed member still receives posts"
    );

    app.stop().await;
}

#[tokio::test]
async fn a_logged_out_session_stops_receiving() {
    let app = TestApp::spawn().await;
    let t = private_thread(&app, "sub-logout").await;

    let mut admin = WsClient::connect(&app.server.url(), Some(&t.admin.access_token)).await;
    subscribe_live(&app, &mut admin, "1", &t.thread, &t.admin).await;
    let mut member = WsClient::connect(&app.server.url(), Some(&t.member.access_token)).await;
    subscribe_live(&app, &mut member, "1", &t.thread, &t.admin).await;

    let logout = app.data(Some(&t.member.access_token), "mutation { logout }", json!({})).await;
    assert_eq!(logout["logout"], true);
    app.reply(&t.admin, &t.thread, "After the logout").await;

    assert!(post_with_body(&mut admin, "After the logout", PATIENCE).await.is_some());
    assert!(
        post_with_body(&mut member, "After the logout", QUIET).await.is_none(),
        "a logged-out session still receives posts"
    );

    app.stop().await;
}

#[tokio::test]
async fn an_anonymous_client_receives_replies_in_a_public_space() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "sub-public", "PUBLIC", "EVERYONE").await;
    let (thread, _) = app.thread(&admin, &space, "Open consultation", "DISCUSSION").await;

    let mut anonymous = WsClient::connect(&app.server.url(), None).await;
    subscribe_live(&app, &mut anonymous, "1", &thread, &admin).await;

    let reply_id = app.reply(&admin, &thread, "Everyone may read this").await;
    let post = post_with_body(&mut anonymous, "Everyone may read this", PATIENCE)
        .await
        .expect("the reply arrives");
    assert_eq!(post["id"], reply_id.as_str());
    assert_eq!(post["author"]["displayName"], "Test admin");

    app.stop().await;
}

#[tokio::test]
async fn connection_init_with_an_invalid_token_is_refused() {
    let app = TestApp::spawn().await;
    let mut client = ws::open(&app.server.url(), None).await.expect("websocket opens");
    client.send(json!({ "type": "connection_init", "payload": { "authorization": "Bearer not-a-token" } })).await;

    // The refusal is a close frame (or a connection error message); never an acknowledgement.
    match client.next_frame(PATIENCE).await {
        Some(Message::Close(_)) => {}
        Some(Message::Text(text)) => {
            let message: Value = serde_json::from_str(text.as_str()).expect("JSON message");
            assert_ne!(message["type"], "connection_ack", "an invalid token was accepted");
            assert!(
                matches!(message["type"].as_str(), Some("connection_error" | "error")),
                "{message:#}"
            );
        }
        None => panic!("no refusal within {PATIENCE:?}: the socket stayed open without an answer"),
        Some(other) => panic!("unexpected frame: {other:?}"),
    }

    app.stop().await;
}

#[tokio::test]
async fn a_foreign_browser_origin_is_refused_at_the_upgrade() {
    let app = TestApp::spawn().await;

    let refused = ws::open(&app.server.url(), Some("https://evil.example")).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403)
        }
        Err(other) => panic!("expected a 403 at the upgrade, got {other}"),
        Ok(_) => panic!("a foreign origin opened a WebSocket"),
    }

    // The server's own origin is welcome.
    let own = ws::open(&app.server.url(), Some(&app.server.url())).await;
    assert!(own.is_ok(), "the server's own origin was refused: {:?}", own.err());

    app.stop().await;
}

#[tokio::test]
async fn shutdown_closes_sockets_with_going_away() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "sub-shutdown", "PUBLIC", "EVERYONE").await;
    let (thread, _) = app.thread(&admin, &space, "Until the end", "DISCUSSION").await;
    let mut client = WsClient::connect(&app.server.url(), None).await;
    subscribe_live(&app, &mut client, "1", &thread, &admin).await;

    let stopping = app.stop_in_background();

    let deadline = Instant::now() + PATIENCE;
    let close = loop {
        let remaining = deadline.checked_duration_since(Instant::now()).unwrap_or_default();
        match client.next_frame(remaining).await {
            Some(Message::Close(frame)) => break frame,
            Some(_) => continue,
            None => panic!("the socket ended without a close frame"),
        }
    };
    let code = close.map(|frame| u16::from(frame.code));
    assert_eq!(code, Some(1001), "close code");
    tokio::time::timeout(PATIENCE, stopping)
        .await
        .expect("shutdown finishes")
        .expect("clean shutdown");
}

#[tokio::test]
async fn subscription_errors_carry_codes() {
    let app = TestApp::spawn().await;
    let mut client = WsClient::connect(&app.server.url(), None).await;

    // A malformed id is the resolver's error; an unknown field is the engine's.
    client.subscribe("1", THREAD_ACTIVITY, json!({ "t": "nope" })).await;
    let error = subscription_refusal(&mut client, "1").await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{error:#}");

    client
        .subscribe(
            "2",
            "subscription { threadActivity(threadId: \"x\") { noSuchField } }",
            json!({}),
        )
        .await;
    let error = subscription_refusal(&mut client, "2").await;
    assert!(error["message"].is_string(), "{error:#}");
    assert_eq!(
        error["extensions"]["code"], "BAD_USER_INPUT",
        "an engine error over WebSocket without a code: {error:#}"
    );

    // Text PostgreSQL cannot hold is refused over the WebSocket as over HTTP.
    let query = "query($s: String!) { organizations(search: $s) { id } }";
    client.subscribe("3", query, json!({ "s": "a\u{0}b" })).await;
    let error = subscription_refusal(&mut client, "3").await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{error:#}");
    assert!(error["message"].as_str().unwrap().contains("U+0000"), "{error:#}");

    app.stop().await;
}
