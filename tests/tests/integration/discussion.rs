//! Threads and posts: tags, replies, edits with revisions, soft delete, reactions, accepted
//! answers, locking, pagination, Markdown sanitizing, and refusals that change nothing.

use praxis_core::types::Role;
use praxis_tests::{TestApp, TestUser, error_code, error_field};
use serde_json::{Value, json};

async fn public_space(app: &TestApp) -> (TestUser, String) {
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "protection", "PUBLIC", "EVERYONE").await;
    (admin, space)
}

async fn post_field(app: &TestApp, token: Option<&str>, post: &str, selection: &str) -> Value {
    let query = format!("query($id: ID!) {{ node(id: $id) {{ ... on Post {{ {selection} }} }} }}");
    app.data(token, &query, json!({ "id": post })).await["node"].clone()
}

#[tokio::test]
async fn a_thread_has_an_opening_post_tags_and_replies_in_order() {
    let app = TestApp::spawn().await;
    let (_, space) = public_space(&app).await;
    let author = app.user(Role::Member).await;
    let created = app
        .data(
            Some(&author.access_token),
            "mutation($input: CreateThreadInput!) { createThread(input: $input) { id kind tags title replyCount author { id } } }",
            json!({ "input": { "spaceId": space, "title": "  Referral pathways  ", "body": "How do **you** refer?", "kind": "QUESTION", "tags": ["GBV", "gbv", "การคุ้มครอง"] } }),
        )
        .await;
    let thread = &created["createThread"];
    assert_eq!(thread["title"], "Referral pathways");
    assert_eq!(thread["kind"], "QUESTION");
    assert_eq!(thread["author"]["id"], author.id.as_str());
    let mut tags: Vec<String> = serde_json::from_value(thread["tags"].clone()).unwrap();
    tags.sort();
    assert_eq!(tags, vec!["gbv".to_owned(), "การคุ้มครอง".to_owned()]);
    let thread_id = thread["id"].as_str().unwrap();
    let first = app.reply(&author, thread_id, "First reply").await;
    let reply_to = app
        .data(
            Some(&author.access_token),
            "mutation($input: ReplyInput!) { reply(input: $input) { replyTo { id } } }",
            json!({ "input": { "threadId": thread_id, "body": "Answering the first", "replyToId": first } }),
        )
        .await;
    assert_eq!(reply_to["reply"]["replyTo"]["id"], first.as_str());
    let page = app
        .data(None, "query($id: ID!) { thread(id: $id) { replyCount posts { totalCount edges { node { body bodyHtml } } } } }", json!({ "id": thread_id }))
        .await;
    assert_eq!(page["thread"]["replyCount"], 2);
    assert_eq!(page["thread"]["posts"]["totalCount"], 3);
    let bodies: Vec<&str> = page["thread"]["posts"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["How do **you** refer?", "First reply", "Answering the first"]);
    assert_eq!(
        page["thread"]["posts"]["edges"][0]["node"]["bodyHtml"],
        "<p>How do <strong>you</strong> refer?</p>\n"
    );
    let tagged =
        app.data(None, "{ threads(filter: { tag: \"GBV\" }) { totalCount } }", json!({})).await;
    assert_eq!(tagged["threads"]["totalCount"], 1);
    let kinds = app
        .data(None, "{ threads(filter: { kind: LESSON_LEARNED }) { totalCount } }", json!({}))
        .await;
    assert_eq!(kinds["threads"]["totalCount"], 0);
    app.stop().await;
}

#[tokio::test]
async fn bad_thread_and_reply_input_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (_, space) = public_space(&app).await;
    let author = app.user(Role::Member).await;
    let create = "mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }";
    let cases = [
        ("title", json!({ "spaceId": space, "title": "   ", "body": "b" })),
        ("title", json!({ "spaceId": space, "title": "t".repeat(201), "body": "b" })),
        ("body", json!({ "spaceId": space, "title": "t", "body": "  \n " })),
        ("body", json!({ "spaceId": space, "title": "t", "body": "b".repeat(50_001) })),
        ("tags", json!({ "spaceId": space, "title": "t", "body": "b", "tags": ["two words"] })),
        ("spaceId", json!({ "spaceId": "garbage", "title": "t", "body": "b" })),
    ];
    for (field, input) in cases {
        let response = app.gql(Some(&author.access_token), create, json!({ "input": input })).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{field}: {response}");
        assert_eq!(error_field(&response), Some(field), "{response}");
    }
    let (thread, _) = app.thread(&author, &space, "Real thread", "DISCUSSION").await;
    let (other_thread, other_post) =
        app.thread(&author, &space, "Other thread", "DISCUSSION").await;
    let wrong_target = app
        .gql(
            Some(&author.access_token),
            "mutation($input: ReplyInput!) { reply(input: $input) { id } }",
            json!({ "input": { "threadId": thread, "body": "hi", "replyToId": other_post } }),
        )
        .await;
    assert_eq!(error_field(&wrong_target), Some("replyToId"));
    let wrong_kind = app
        .gql(
            Some(&author.access_token),
            "mutation($input: ReplyInput!) { reply(input: $input) { id } }",
            json!({ "input": { "threadId": other_post, "body": "hi" } }),
        )
        .await;
    assert_eq!(error_code(&wrong_kind), Some("BAD_USER_INPUT"));
    let threads = app.data(None, "{ threads { totalCount } }", json!({})).await;
    assert_eq!(threads["threads"]["totalCount"], 2, "only the two valid threads exist");
    let replies = app
        .data(None, "query($id: ID!) { thread(id: $id) { replyCount } }", json!({ "id": thread }))
        .await;
    assert_eq!(replies["thread"]["replyCount"], 0);
    let _ = other_thread;
    app.stop().await;
}

#[tokio::test]
async fn edits_keep_revisions_visible_to_author_and_moderators_only() {
    let app = TestApp::spawn().await;
    let (_, space) = public_space(&app).await;
    let author = app.user(Role::Member).await;
    let stranger = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let (thread, _) = app.thread(&author, &space, "Evolving notes", "DISCUSSION").await;
    let post = app.reply(&author, &thread, "Version one").await;
    let edit = "mutation($id: ID!, $body: String!) { editPost(input: { id: $id, body: $body }) { body editedAt } }";
    let edited = app
        .data(Some(&author.access_token), edit, json!({ "id": post, "body": "Version two" }))
        .await;
    assert_eq!(edited["editPost"]["body"], "Version two");
    assert!(edited["editPost"]["editedAt"].is_string());
    app.data(
        Some(&moderator.access_token),
        edit,
        json!({ "id": post, "body": "Version three (moderated)" }),
    )
    .await;
    let refused = app
        .gql(Some(&stranger.access_token), edit, json!({ "id": post, "body": "Hijacked" }))
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));

    let selection = "body revisions { body editor { id } }";
    let as_author = post_field(&app, Some(&author.access_token), &post, selection).await;
    assert_eq!(as_author["body"], "Version three (moderated)");
    let revisions: Vec<&str> = as_author["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["body"].as_str().unwrap())
        .collect();
    assert_eq!(revisions, ["Version one", "Version two"]);
    assert_eq!(as_author["revisions"][1]["editor"]["id"], moderator.id.as_str());
    assert_eq!(
        post_field(&app, Some(&stranger.access_token), &post, selection).await["revisions"],
        json!([])
    );
    assert_eq!(post_field(&app, None, &post, selection).await["revisions"], json!([]));
    assert_eq!(
        post_field(&app, Some(&moderator.access_token), &post, selection).await["revisions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    app.stop().await;
}

#[tokio::test]
async fn deleted_posts_stay_as_placeholders_without_their_text() {
    let app = TestApp::spawn().await;
    let (_, space) = public_space(&app).await;
    let author = app.user(Role::Member).await;
    let stranger = app.user(Role::Member).await;
    let (thread, _) = app.thread(&author, &space, "Delete me", "DISCUSSION").await;
    let post = app.reply(&author, &thread, "Regrettable words").await;
    let delete = "mutation($id: ID!) { deletePost(id: $id) { deleted body bodyHtml } }";
    assert_eq!(
        error_code(&app.gql(Some(&stranger.access_token), delete, json!({ "id": post })).await),
        Some("FORBIDDEN")
    );
    let deleted = app.data(Some(&author.access_token), delete, json!({ "id": post })).await;
    assert_eq!(deleted["deletePost"], json!({ "deleted": true, "body": "", "bodyHtml": "" }));
    let listed = app.data(None, "query($id: ID!) { thread(id: $id) { posts { totalCount edges { node { deleted body } } } } }", json!({ "id": thread })).await;
    assert_eq!(listed["thread"]["posts"]["totalCount"], 2);
    assert!(!listed.to_string().contains("Regrettable"));
    let edit_deleted = app
        .gql(
            Some(&author.access_token),
            "mutation($id: ID!) { editPost(input: { id: $id, body: \"back\" }) { id } }",
            json!({ "id": post }),
        )
        .await;
    assert_eq!(error_code(&edit_deleted), Some("BAD_USER_INPUT"));
    app.stop().await;
}

#[tokio::test]
async fn reactions_count_per_kind_and_know_the_viewer() {
    let app = TestApp::spawn().await;
    let (_, space) = public_space(&app).await;
    let a = app.user(Role::Member).await;
    let b = app.user(Role::Member).await;
    let (_, post) = app.thread(&a, &space, "Thank you all", "DISCUSSION").await;
    let react = "mutation($p: ID!, $r: ReactionKind!) { react(postId: $p, reaction: $r) { reactions { reaction count viewerReacted } } }";
    app.data(Some(&a.access_token), react, json!({ "p": post, "r": "LIKE" })).await;
    app.data(Some(&a.access_token), react, json!({ "p": post, "r": "LIKE" })).await;
    app.data(Some(&b.access_token), react, json!({ "p": post, "r": "LIKE" })).await;
    let last = app.data(Some(&b.access_token), react, json!({ "p": post, "r": "THANKS" })).await;
    assert_eq!(
        last["react"]["reactions"],
        json!([
            { "reaction": "LIKE", "count": 2, "viewerReacted": true },
            { "reaction": "THANKS", "count": 1, "viewerReacted": true }
        ])
    );
    let as_a = post_field(
        &app,
        Some(&a.access_token),
        &post,
        "reactions { reaction count viewerReacted }",
    )
    .await;
    assert_eq!(
        as_a["reactions"][1],
        json!({ "reaction": "THANKS", "count": 1, "viewerReacted": false })
    );
    let unreact = "mutation($p: ID!) { unreact(postId: $p, reaction: LIKE) { reactions { reaction count } } }";
    let after = app.data(Some(&a.access_token), unreact, json!({ "p": post })).await;
    assert_eq!(after["unreact"]["reactions"][0], json!({ "reaction": "LIKE", "count": 1 }));
    assert_eq!(
        error_code(&app.gql(None, unreact, json!({ "p": post })).await),
        Some("UNAUTHENTICATED")
    );
    let bad_kind = app.gql(Some(&a.access_token), react, json!({ "p": post, "r": "ANGRY" })).await;
    assert_eq!(error_code(&bad_kind), Some("BAD_USER_INPUT"));
    app.stop().await;
}

#[tokio::test]
async fn the_asker_or_a_moderator_accepts_an_answer_to_a_question() {
    let app = TestApp::spawn().await;
    let (_, space) = public_space(&app).await;
    let asker = app.user(Role::Member).await;
    let helper = app.user(Role::Member).await;
    let (question, opening) =
        app.thread(&asker, &space, "Where to find shelter data?", "QUESTION").await;
    let answer = app.reply(&helper, &question, "The ministry's annual report, annex 3.").await;
    let accept =
        "mutation($p: ID!) { acceptAnswer(postId: $p) { acceptedAnswer { id isAcceptedAnswer } } }";
    assert_eq!(
        error_code(&app.gql(Some(&helper.access_token), accept, json!({ "p": answer })).await),
        Some("FORBIDDEN")
    );
    assert_eq!(
        error_code(&app.gql(Some(&asker.access_token), accept, json!({ "p": opening })).await),
        Some("BAD_USER_INPUT")
    );
    let accepted = app.data(Some(&asker.access_token), accept, json!({ "p": answer })).await;
    assert_eq!(
        accepted["acceptAnswer"]["acceptedAnswer"],
        json!({ "id": answer, "isAcceptedAnswer": true })
    );
    let (discussion, _) = app.thread(&asker, &space, "Just chatting", "DISCUSSION").await;
    let chat_reply = app.reply(&helper, &discussion, "Hello").await;
    let not_question = app.gql(Some(&asker.access_token), accept, json!({ "p": chat_reply })).await;
    assert_eq!(error_code(&not_question), Some("BAD_USER_INPUT"));
    app.stop().await;
}

#[tokio::test]
async fn locked_threads_take_no_replies_except_from_moderators() {
    let app = TestApp::spawn().await;
    let (admin, space) = public_space(&app).await;
    let member = app.user(Role::Member).await;
    let (thread, _) = app.thread(&member, &space, "Heated topic", "DISCUSSION").await;
    let lock = "mutation($t: ID!) { lockThread(id: $t, locked: true) { locked viewerCanReply } }";
    assert_eq!(
        error_code(&app.gql(Some(&member.access_token), lock, json!({ "t": thread })).await),
        Some("FORBIDDEN")
    );
    let locked = app.data(Some(&admin.access_token), lock, json!({ "t": thread })).await;
    assert_eq!(locked["lockThread"]["locked"], true);
    let reply = "mutation($t: ID!) { reply(input: { threadId: $t, body: \"one more\" }) { id } }";
    let refused = app.gql(Some(&member.access_token), reply, json!({ "t": thread })).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("locked"));
    app.data(Some(&admin.access_token), reply, json!({ "t": thread })).await;
    let count = app
        .data(None, "query($id: ID!) { thread(id: $id) { replyCount } }", json!({ "id": thread }))
        .await;
    assert_eq!(count["thread"]["replyCount"], 1);
    app.stop().await;
}

#[tokio::test]
async fn pages_are_stable_and_ordered() {
    let app = TestApp::spawn().await;
    let (_, space) = public_space(&app).await;
    let author = app.user(Role::Member).await;
    let (thread, _) = app.thread(&author, &space, "Long thread", "DISCUSSION").await;
    let mut written = Vec::new();
    for i in 0..7 {
        written.push(app.reply(&author, &thread, &format!("Reply {i}")).await);
    }
    let query = "query($id: ID!, $after: String) { thread(id: $id) { posts(first: 3, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app.data(None, query, json!({ "id": thread, "after": after })).await;
        let posts = &page["thread"]["posts"];
        assert_eq!(posts["totalCount"], 8);
        seen.extend(
            posts["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["id"].as_str().unwrap().to_owned()),
        );
        if posts["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = posts["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen.len(), 8);
    assert_eq!(&seen[1..], written.as_slice());

    // Threads by latest activity: replying moves a thread to the top.
    let (older, _) = app.thread(&author, &space, "Older", "DISCUSSION").await;
    let (newer, _) = app.thread(&author, &space, "Newer", "DISCUSSION").await;
    app.reply(&author, &older, "bump").await;
    let list = app.data(None, "{ threads(first: 2) { edges { node { id } } } }", json!({})).await;
    assert_eq!(list["threads"]["edges"][0]["node"]["id"], older.as_str());
    let newest = app
        .data(None, "{ threads(first: 1, orderBy: NEWEST) { edges { node { id } } } }", json!({}))
        .await;
    assert_eq!(newest["threads"]["edges"][0]["node"]["id"], newer.as_str());
    // Pinned threads lead their space.
    let admin = app.user(Role::Admin).await;
    app.data(
        Some(&admin.access_token),
        "mutation($t: ID!) { pinThread(id: $t, pinned: true) { pinned } }",
        json!({ "t": thread }),
    )
    .await;
    let space_page = app
        .data(None, "query($s: ID!) { node(id: $s) { ... on Space { threads(first: 2) { edges { node { id pinned } } } } } }", json!({ "s": space }))
        .await;
    assert_eq!(space_page["node"]["threads"]["edges"][0]["node"]["id"], thread.as_str());
    app.stop().await;
}

#[tokio::test]
async fn markdown_is_sanitized_and_the_preview_matches_the_post() {
    let app = TestApp::spawn().await;
    let (_, space) = public_space(&app).await;
    let author = app.user(Role::Member).await;
    let hostile = "<script>alert('x')</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)> ![pixel](https://tracker.example/p.png) [ok](https://asean.org)";
    let (thread, _) = app.thread(&author, &space, "Hostile", "DISCUSSION").await;
    let post = app.reply(&author, &thread, hostile).await;
    let html =
        post_field(&app, None, &post, "bodyHtml").await["bodyHtml"].as_str().unwrap().to_owned();
    for banned in ["<script", "javascript:", "<img", "tracker.example"] {
        assert!(!html.contains(banned), "{banned} survived in {html}");
    }
    // Raw HTML is shown as text, so its event handler is inert.
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    assert!(html.contains(r#"href="https://asean.org""#));
    assert!(html.contains("noopener noreferrer nofollow ugc"));
    let preview = app
        .data(None, "query($b: String!) { renderMarkdown(body: $b) }", json!({ "b": hostile }))
        .await;
    assert_eq!(preview["renderMarkdown"], html.as_str());
    app.stop().await;
}
