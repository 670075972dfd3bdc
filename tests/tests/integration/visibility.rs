//! The one visibility predicate, tried from every read path: a non-member and an anonymous caller
//! learn nothing about a private space, not even that it exists.

use praxis_core::types::Role;
use praxis_tests::{TestApp, TestUser, error_code};
use serde_json::{Value, json};

/// A private space with a thread and a reply, plus a public space with one thread.
struct World {
    admin: TestUser,
    member: TestUser,
    outsider: TestUser,
    private_space: String,
    private_thread: String,
    private_post: String,
    public_thread: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.user(Role::Admin).await;
    let member = app.user(Role::Member).await;
    let outsider = app.user(Role::Moderator).await;
    let private_space = app.space(&admin, "secret-group", "PRIVATE", "SPACE_MEMBERS").await;
    app.add_member(&admin, &private_space, &member).await;
    let (private_thread, _) =
        app.thread(&member, &private_space, "Safe houses near the border", "DISCUSSION").await;
    let private_post =
        app.reply(&member, &private_thread, "Addresses are shared only in person.").await;
    let public_space = app.space(&admin, "open-forum", "PUBLIC", "EVERYONE").await;
    let (public_thread, _) =
        app.thread(&member, &public_space, "Public lessons", "DISCUSSION").await;
    World { admin, member, outsider, private_space, private_thread, private_post, public_thread }
}

/// Everything a reader could ask that might reveal the private space, as (query, variables).
fn read_paths(w: &World) -> Vec<(&'static str, Value)> {
    vec![
        ("{ space(slug: \"secret-group\") { id } }", json!({})),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": w.private_space })),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": w.private_thread })),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": w.private_post })),
        (
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            json!({ "ids": [w.private_space, w.private_thread, w.private_post] }),
        ),
        ("query($id: ID!) { thread(id: $id) { id title } }", json!({ "id": w.private_thread })),
        (
            "query($s: ID!) { threads(filter: { spaceId: $s }) { totalCount edges { node { id } } } }",
            json!({ "s": w.private_space }),
        ),
        (
            "query($a: ID!) { threads(filter: { authorId: $a }) { totalCount edges { node { id title } } } }",
            json!({ "a": w.member.id }),
        ),
        ("{ threads(first: 100) { totalCount edges { node { id title } } } }", json!({})),
        ("{ spaces(first: 100) { totalCount edges { node { id slug } } } }", json!({})),
    ]
}

fn mentions_private(response: &Value, w: &World) -> bool {
    let text = response.to_string();
    text.contains(&w.private_space)
        || text.contains(&w.private_thread)
        || text.contains(&w.private_post)
        || text.contains("secret-group")
        || text.contains("Safe houses")
}

fn total(response: &Value, list: &str) -> i64 {
    response["data"][list]["totalCount"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn non_members_and_anonymous_callers_find_nothing_of_a_private_space() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    for token in [None, Some(w.outsider.access_token.as_str())] {
        for (query, variables) in read_paths(&w) {
            let response = app.gql(token, query, variables.clone()).await;
            assert!(response.get("errors").is_none(), "{query}: {response}");
            assert!(!mentions_private(&response, &w), "leak via {query} as {token:?}: {response}");
        }
        let public = app
            .data(
                token,
                "query($id: ID!) { thread(id: $id) { title } }",
                json!({ "id": w.public_thread }),
            )
            .await;
        assert_eq!(public["thread"]["title"], "Public lessons");
        // Counts agree with what is listed: one public thread, one public space.
        let threads = app.gql(token, "{ threads { totalCount } }", json!({})).await;
        assert_eq!(total(&threads, "threads"), 1);
        let spaces = app.gql(token, "{ spaces { totalCount } }", json!({})).await;
        assert_eq!(total(&spaces, "spaces"), 1);
    }
    // The member sees all of it, and the counts include it.
    for (query, variables) in read_paths(&w) {
        let response = app.gql(Some(&w.member.access_token), query, variables).await;
        assert!(
            mentions_private(&response, &w),
            "member should see the private space via {query}: {response}"
        );
    }
    let threads =
        app.gql(Some(&w.member.access_token), "{ threads { totalCount } }", json!({})).await;
    assert_eq!(total(&threads, "threads"), 2);
    app.stop().await;
}

#[tokio::test]
async fn writes_into_a_private_space_answer_not_found_to_outsiders() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let attempts = [
        (
            "mutation($t: ID!) { reply(input: { threadId: $t, body: \"hello\" }) { id } }",
            json!({ "t": w.private_thread }),
        ),
        (
            "mutation($p: ID!) { editPost(input: { id: $p, body: \"changed\" }) { id } }",
            json!({ "p": w.private_post }),
        ),
        ("mutation($p: ID!) { deletePost(id: $p) { id } }", json!({ "p": w.private_post })),
        (
            "mutation($p: ID!) { react(postId: $p, reaction: LIKE) { id } }",
            json!({ "p": w.private_post }),
        ),
        ("mutation($p: ID!) { acceptAnswer(postId: $p) { id } }", json!({ "p": w.private_post })),
        (
            "mutation($s: ID!) { createThread(input: { spaceId: $s, title: \"t\", body: \"b\" }) { id } }",
            json!({ "s": w.private_space }),
        ),
        (
            "mutation($s: ID!, $u: ID!) { addSpaceMember(spaceId: $s, userId: $u) { id } }",
            json!({ "s": w.private_space, "u": w.outsider.id }),
        ),
        (
            "mutation($t: ID!) { lockThread(id: $t, locked: true) { id } }",
            json!({ "t": w.private_thread }),
        ),
    ];
    for (mutation, variables) in attempts {
        let response = app.gql(Some(&w.outsider.access_token), mutation, variables.clone()).await;
        assert_eq!(error_code(&response), Some("NOT_FOUND"), "{mutation}: {response}");
        assert!(!mentions_private(&response, &w), "{response}");
        let anonymous = app.gql(None, mutation, variables).await;
        assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"), "{mutation}: {anonymous}");
    }
    // Nothing changed: the post is as the member wrote it, with no reactions.
    let post = app
        .data(
            Some(&w.member.access_token),
            "query($id: ID!) { node(id: $id) { ... on Post { body deleted reactions { count } } } }",
            json!({ "id": w.private_post }),
        )
        .await;
    assert_eq!(post["node"]["body"], "Addresses are shared only in person.");
    assert_eq!(post["node"]["deleted"], false);
    assert_eq!(post["node"]["reactions"], json!([]));
    app.stop().await;
}

#[tokio::test]
async fn membership_grants_and_removal_revokes_access() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let query = "query($id: ID!) { thread(id: $id) { title } }";
    let vars = json!({ "id": w.private_thread });
    assert_eq!(
        app.data(Some(&w.outsider.access_token), query, vars.clone()).await["thread"],
        Value::Null
    );
    app.add_member(&w.admin, &w.private_space, &w.outsider).await;
    let granted = app.data(Some(&w.outsider.access_token), query, vars.clone()).await;
    assert_eq!(granted["thread"]["title"], "Safe houses near the border");
    app.remove_member(&w.admin, &w.private_space, &w.outsider).await;
    assert_eq!(app.data(Some(&w.outsider.access_token), query, vars).await["thread"], Value::Null);
    app.stop().await;
}

#[tokio::test]
async fn members_only_spaces_are_for_signed_in_users() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let member = app.user(Role::Member).await;
    let space = app.space(&admin, "members-lounge", "MEMBERS", "EVERYONE").await;
    let (thread, _) = app.thread(&member, &space, "Introductions", "DISCUSSION").await;
    let query = "query($id: ID!) { thread(id: $id) { title space { slug viewerCanPost } } }";
    let signed_in = app.data(Some(&member.access_token), query, json!({ "id": thread })).await;
    assert_eq!(signed_in["thread"]["space"]["slug"], "members-lounge");
    assert_eq!(signed_in["thread"]["space"]["viewerCanPost"], true);
    assert_eq!(app.data(None, query, json!({ "id": thread })).await["thread"], Value::Null);
    assert_eq!(
        app.data(None, "{ space(slug: \"members-lounge\") { id } }", json!({})).await["space"],
        Value::Null
    );
    app.stop().await;
}

#[tokio::test]
async fn readers_who_may_not_post_are_refused_with_forbidden() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let reader = app.user(Role::Member).await;
    let announcements = app.space(&admin, "announcements", "PUBLIC", "MODERATORS").await;
    let working = app.space(&admin, "working-group", "MEMBERS", "SPACE_MEMBERS").await;
    let (thread, _) =
        app.thread(&admin, &announcements, "Regional consultation on 12 March", "DISCUSSION").await;
    for space in [&announcements, &working] {
        let create = app
            .gql(
                Some(&reader.access_token),
                "mutation($s: ID!) { createThread(input: { spaceId: $s, title: \"t\", body: \"b\" }) { id } }",
                json!({ "s": space }),
            )
            .await;
        assert_eq!(error_code(&create), Some("FORBIDDEN"), "{create}");
        let can_post = app
            .data(
                Some(&reader.access_token),
                "query($id: ID!) { node(id: $id) { ... on Space { viewerCanPost } } }",
                json!({ "id": space }),
            )
            .await;
        assert_eq!(can_post["node"]["viewerCanPost"], false);
    }
    let reply = app
        .gql(
            Some(&reader.access_token),
            "mutation($t: ID!) { reply(input: { threadId: $t, body: \"hi\" }) { id } }",
            json!({ "t": thread }),
        )
        .await;
    assert_eq!(error_code(&reply), Some("FORBIDDEN"));
    let count = app
        .data(None, "query($id: ID!) { thread(id: $id) { replyCount } }", json!({ "id": thread }))
        .await;
    assert_eq!(count["thread"]["replyCount"], 0);
    app.stop().await;
}

#[tokio::test]
async fn member_lists_are_for_members_and_managers() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let query =
        "query($id: ID!) { node(id: $id) { ... on Space { members { role user { id } } } } }";
    let vars = json!({ "id": w.private_space });
    let as_member = app.data(Some(&w.member.access_token), query, vars.clone()).await;
    let members = as_member["node"]["members"].as_array().unwrap();
    assert_eq!(members.len(), 2, "the admin who created it moderates it; plus the member");
    let hidden = app
        .gql(
            Some(&w.outsider.access_token),
            "{ space(slug: \"open-forum\") { members { role } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&hidden), Some("FORBIDDEN"));
    app.stop().await;
}
