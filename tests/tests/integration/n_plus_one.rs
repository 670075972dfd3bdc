//! A thread page costs a fixed number of SQL statements, however many posts, authors,
//! organisations and reactions it shows: every per-post field goes through a batching loader.
// Helpers report failure by panicking, like the tests that use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use praxis_core::types::Role;
use praxis_tests::{TestApp, TestUser, strong_password};
use serde_json::{Value, json};

/// Everything a thread page shows.
const THREAD_PAGE: &str = r#"query($id: ID!) {
  thread(id: $id) {
    title
    author { displayName organization { name } }
    tags
    posts(first: 50) {
      totalCount
      edges { node {
        body
        bodyHtml
        author { displayName organization { name } }
        reactions { reaction count viewerReacted }
        replyTo { id }
        isAcceptedAnswer
        revisions { body }
      } }
    }
  }
}"#;

const REACTIONS: [&str; 3] = ["LIKE", "INSIGHTFUL", "THANKS"];

/// Registers `count` members, each of an organisation of their own, so authors and
/// organisations both vary from post to post.
async fn authors(app: &TestApp, count: usize) -> Vec<TestUser> {
    let mut authors = Vec::with_capacity(count);
    for i in 0..count {
        let email = format!("author-{i}-{}@praxis.test", uuid::Uuid::new_v4().simple());
        let password = strong_password();
        app.data(
            None,
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken } }",
            json!({ "input": {
                "email": email, "password": password,
                "displayName": format!("Author {i}"), "organizationName": format!("Organisation {i}"),
            } }),
        )
        .await;
        authors.push(app.login(&email, &password).await);
    }
    authors
}

/// A question thread of `posts` posts (the opening one included) in `space`: authors take turns,
/// every third reply answers an earlier post, every post gets a reaction from each of
/// `reactors`, one post is edited and one accepted as the answer. Returns the thread id.
async fn busy_thread(
    app: &TestApp,
    space: &str,
    authors: &[TestUser],
    reactors: &[TestUser],
    posts: usize,
) -> String {
    let opener = &authors[0];
    let created = app
        .data(
            Some(&opener.access_token),
            "mutation($input: CreateThreadInput!) { createThread(input: $input) { id posts(first: 1) { edges { node { id } } } } }",
            json!({ "input": {
                "spaceId": space, "title": format!("A thread of {posts} posts"),
                "body": "How do we **share** lessons across borders?", "kind": "QUESTION",
                "tags": ["border-management", "lessons"],
            } }),
        )
        .await;
    let thread = created["createThread"]["id"].as_str().unwrap().to_owned();
    let mut post_ids = vec![
        created["createThread"]["posts"]["edges"][0]["node"]["id"].as_str().unwrap().to_owned(),
    ];

    for i in 1..posts {
        let author = &authors[i % authors.len()];
        let reply_to = (i % 3 == 0).then(|| post_ids[i / 2].clone());
        let data = app
            .data(
                Some(&author.access_token),
                "mutation($input: ReplyInput!) { reply(input: $input) { id } }",
                json!({ "input": { "threadId": thread, "body": format!("Reply {i} with a [link](https://example.org/{i})"), "replyToId": reply_to } }),
            )
            .await;
        post_ids.push(data["reply"]["id"].as_str().unwrap().to_owned());
    }

    for (i, post) in post_ids.iter().enumerate() {
        for (j, reactor) in reactors.iter().enumerate() {
            app.data(
                Some(&reactor.access_token),
                "mutation($p: ID!, $r: ReactionKind!) { react(postId: $p, reaction: $r) { id } }",
                json!({ "p": post, "r": REACTIONS[(i + j) % REACTIONS.len()] }),
            )
            .await;
        }
    }

    let edited_author = &authors[1 % authors.len()];
    app.data(
        Some(&edited_author.access_token),
        "mutation($input: EditPostInput!) { editPost(input: $input) { id } }",
        json!({ "input": { "id": post_ids[1], "body": "Reply 1, corrected" } }),
    )
    .await;
    app.data(
        Some(&opener.access_token),
        "mutation($p: ID!) { acceptAnswer(postId: $p) { id } }",
        json!({ "p": post_ids[1] }),
    )
    .await;
    thread
}

/// Loads the thread page as `viewer` and returns the page and the statements it cost.
async fn load_thread_page(app: &TestApp, viewer: &TestUser, thread: &str) -> (Value, u64) {
    let before = app.statements_run();
    let data = app.data(Some(&viewer.access_token), THREAD_PAGE, json!({ "id": thread })).await;
    (data, app.statements_run() - before)
}

fn distinct_authors(page: &Value) -> usize {
    let edges = page["thread"]["posts"]["edges"].as_array().unwrap();
    let names: std::collections::HashSet<&str> =
        edges.iter().map(|e| e["node"]["author"]["displayName"].as_str().unwrap()).collect();
    names.len()
}

fn total_reactions(page: &Value) -> i64 {
    let edges = page["thread"]["posts"]["edges"].as_array().unwrap();
    edges
        .iter()
        .flat_map(|e| e["node"]["reactions"].as_array().unwrap())
        .map(|r| r["count"].as_i64().unwrap())
        .sum()
}

#[tokio::test]
async fn a_thread_page_costs_a_bounded_number_of_statements_for_5_or_50_posts() {
    thread_pages_cost_a_bounded_number_of_statements().await;
}

/// As the server runs: resolvers on one worker while the loaders' batches may start on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn so_it_does_on_the_multi_threaded_runtime() {
    thread_pages_cost_a_bounded_number_of_statements().await;
}

async fn thread_pages_cost_a_bounded_number_of_statements() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "n-plus-one", "PUBLIC", "EVERYONE").await;
    let authors = authors(&app, 10).await;

    let small = busy_thread(&app, &space, &authors[..2], &authors[..1], 5).await;
    let large = busy_thread(&app, &space, &authors, &authors[..3], 50).await;
    // The search indexer shares the connection (and the statement count): let it finish the
    // writes above first, so it only adds its poll of the outbox (one statement) now and then.
    app.indexed().await;

    // The admin may see every post's revisions, so that loader runs for every post too. Each
    // page is loaded a few times: the thread's own fields and its posts' fields resolve side by
    // side, and a load that comes after its kind's batch has gone (its loader gathers keys for
    // only 100 us) starts a second one, more often the longer the page takes to resolve. What
    // must not happen is a cost that grows with the number of posts: that would show in every
    // load, so the cheapest load of each size is compared.
    let mut small_costs = Vec::new();
    let mut large_costs = Vec::new();
    let (mut small_page, mut large_page) = (Value::Null, Value::Null);
    for _ in 0..3 {
        let (page, cost) = load_thread_page(&app, &admin, &small).await;
        small_page = page;
        small_costs.push(cost);
        let (page, cost) = load_thread_page(&app, &admin, &large).await;
        large_page = page;
        large_costs.push(cost);
    }
    eprintln!("thread page statements: {small_costs:?} for 5 posts, {large_costs:?} for 50 posts");

    // The pages really are what they claim to be.
    assert_eq!(small_page["thread"]["posts"]["totalCount"], 5);
    assert_eq!(large_page["thread"]["posts"]["totalCount"], 50);
    assert_eq!(large_page["thread"]["posts"]["edges"].as_array().unwrap().len(), 50);
    assert_eq!((distinct_authors(&small_page), distinct_authors(&large_page)), (2, 10));
    assert_eq!((total_reactions(&small_page), total_reactions(&large_page)), (5, 150));
    for page in [&small_page, &large_page] {
        let posts = page["thread"]["posts"]["edges"].as_array().unwrap();
        assert_eq!(page["thread"]["author"]["organization"]["name"], "Organisation 0");
        assert_eq!(page["thread"]["tags"].as_array().unwrap().len(), 2);
        assert!(posts.iter().any(|e| e["node"]["replyTo"]["id"].is_string()));
        assert_eq!(posts.iter().filter(|e| e["node"]["isAcceptedAnswer"] == true).count(), 1);
        assert_eq!(
            posts[1]["node"]["revisions"][0]["body"],
            "Reply 1 with a [link](https://example.org/1)"
        );
        assert!(posts.iter().all(|e| e["node"]["author"]["organization"]["name"].is_string()));
    }

    let cheapest = |costs: &[u64]| costs.iter().min().copied().unwrap_or_default();
    let (small_cost, large_cost) = (cheapest(&small_costs), cheapest(&large_costs));
    // A batch that splits loads its kind twice, which bounds every load; a statement per post
    // would add 45 to each load of 50 posts.
    let dearest = small_costs.iter().chain(&large_costs).max().copied().unwrap_or_default();
    assert!(
        large_cost <= 2 * small_cost && dearest <= 2 * small_cost,
        "a thread page must cost about the same statements, whatever its size: \
         {small_costs:?} for 5 posts, {large_costs:?} for 50 posts"
    );
    assert!(
        small_cost < 20,
        "a thread page should take a handful of statements, took {small_cost}"
    );

    app.stop().await;
}
