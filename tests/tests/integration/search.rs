//! Search through GraphQL: what is found, with facets and snippets, and what never leaks.

use base64::Engine as _;
use praxis_core::ids::{GlobalId, NodeKind};
use praxis_core::types::Role;
use praxis_db::entities::{document, outbox as outbox_rows, post, thread};
use praxis_db::outbox;
use praxis_tests::{TestApp, TestUser, error_code, error_field, hit_ids};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, EntityTrait as _, QueryFilter as _,
    TransactionTrait as _,
};
use serde_json::{Value, json};

const SEARCH: &str = "query($q: String!, $f: SearchFilter, $o: SearchOrder, $first: Int, $after: String) {
  search(query: $q, filter: $f, orderBy: $o, first: $first, after: $after) {
    totalCount tookMs
    pageInfo { hasNextPage endCursor }
    facets { field values { value count } }
    edges { cursor node { score title language snippet node { __typename ... on Thread { id } ... on Post { id } ... on Document { id } } } }
  }
}";

async fn search(app: &TestApp, token: Option<&str>, query: &str, filter: Value) -> Value {
    app.gql(token, SEARCH, json!({ "q": query, "f": filter })).await
}

fn total(response: &Value) -> i64 {
    response["data"]["search"]["totalCount"].as_i64().unwrap_or(-1)
}

fn facet<'a>(response: &'a Value, field: &str) -> &'a Value {
    let facets = response["data"]["search"]["facets"].as_array().unwrap();
    &facets.iter().find(|f| f["field"] == field).unwrap()["values"]
}

#[tokio::test]
async fn private_threads_and_drafts_never_show_in_hits_counts_facets_or_snippets() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let member = app.user(Role::Member).await;
    let outsider = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let public = app.space(&admin, "open", "PUBLIC", "EVERYONE").await;
    let private = app.space(&admin, "closed", "PRIVATE", "SPACE_MEMBERS").await;
    app.add_member(&admin, &private, &member).await;
    app.thread(&member, &public, "Shelter network meeting", "DISCUSSION").await;
    let (secret, _) =
        app.thread(&member, &private, "Shelter addresses zanzibarite", "DISCUSSION").await;
    app.reply(&member, &secret, "The shelter moved to the zanzibarite quarter").await;
    app.data(
        Some(&member.access_token),
        "mutation($i: DocumentInput!) { createDocument(input: $i) { id } }",
        json!({ "i": { "title": "Shelter funding draft zanzibarite", "kind": "REPORT", "summary": "shelter budget", "language": "en", "countries": ["MM"] } }),
    )
    .await;
    app.indexed().await;

    for token in [None, Some(outsider.access_token.as_str())] {
        let response = search(&app, token, "shelter", json!(null)).await;
        assert_eq!(total(&response), 1, "{response}");
        assert!(!response.to_string().contains("zanzibarite"), "{response}");
        assert_eq!(facet(&response, "country"), &json!([]));
        // The space facet names spaces by their API ids, which `filter.spaceIds` takes back.
        assert_eq!(facet(&response, "space"), &json!([{ "value": public, "count": 1 }]));
        let hidden = search(&app, token, "zanzibarite", json!(null)).await;
        assert_eq!(total(&hidden), 0, "{hidden}");
        assert_eq!(hidden["data"]["search"]["facets"][0]["values"], json!([]));
    }
    let as_member = search(&app, Some(&member.access_token), "zanzibarite", json!(null)).await;
    assert_eq!(
        total(&as_member),
        3,
        "the member sees the thread, the reply and their own draft: {as_member}"
    );
    let as_moderator =
        search(&app, Some(&moderator.access_token), "zanzibarite", json!(null)).await;
    assert_eq!(
        total(&as_moderator),
        1,
        "moderators see drafts, not private spaces they are not in"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_change_of_membership_counts_from_the_very_next_search() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let member = app.user(Role::Member).await;
    let private = app.space(&admin, "circle", "PRIVATE", "SPACE_MEMBERS").await;
    app.add_member(&admin, &private, &member).await;
    let (thread, _) =
        app.thread(&member, &private, "Safe house rota quillwort", "DISCUSSION").await;
    app.reply(&member, &thread, "Quillwort rota for next week").await;
    app.indexed().await;
    let token = Some(member.access_token.as_str());
    assert_eq!(total(&search(&app, token, "quillwort", json!(null)).await), 2);

    app.remove_member(&admin, &private, &member).await;
    let removed = search(&app, token, "quillwort", json!(null)).await;
    assert_eq!(total(&removed), 0, "the space's hits still counted: {removed}");
    assert!(!removed.to_string().contains("uillwort"), "{removed}");
    assert_eq!(facet(&removed, "space"), &json!([]));

    app.add_member(&admin, &private, &member).await;
    let back = search(&app, token, "quillwort", json!(null)).await;
    assert_eq!(total(&back), 2, "a new member finds the space's threads at once: {back}");
    app.stop().await;
}

/// Snippets are written only for a query that selects them, and for one that selects them under
/// an alias or in a fragment as for one that names them plainly.
#[tokio::test]
async fn snippets_are_written_when_selected_by_any_name_or_fragment() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    let (thread, _) = app.thread(&admin, &space, "Field notes", "LESSON_LEARNED").await;
    app.reply(&admin, &thread, "Women mediators met the council in Cotabato").await;
    app.indexed().await;

    let titles_only = app
        .gql(
            None,
            r#"{ search(query: "council") { totalCount edges { node { title } } } }"#,
            json!({}),
        )
        .await;
    assert!(titles_only.get("errors").is_none(), "{titles_only}");
    assert_eq!(total(&titles_only), 1);
    assert_eq!(titles_only["data"]["search"]["edges"][0]["node"]["title"], "Field notes");

    let selections = [
        r#"{ search(query: "council") { edges { node { marked: snippet } } } }"#,
        r#"{ search(query: "council") { edges { ...Hit } } } fragment Hit on SearchEdge { node { marked: snippet } }"#,
        r#"{ search(query: "council") { edges { ... on SearchEdge { node { ... on SearchHit { marked: snippet } } } } } }"#,
    ];
    for query in selections {
        let response = app.gql(None, query, json!({})).await;
        let marked = response["data"]["search"]["edges"][0]["node"]["marked"].as_str();
        assert!(marked.is_some_and(|m| m.contains("<mark>council</mark>")), "{query}: {response}");
    }
}

#[tokio::test]
async fn results_have_snippets_facets_filters_and_stable_pages() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let author = app.user(Role::Member).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    for i in 0..5 {
        let (thread, _) =
            app.thread(&author, &space, &format!("Mediation lesson {i}"), "LESSON_LEARNED").await;
        let reply = format!("Women <b>mediators</b> met the **council**, round {i}");
        app.reply(&author, &thread, &reply).await;
    }
    app.indexed().await;
    let response = search(&app, None, "council", json!(null)).await;
    assert_eq!(total(&response), 5, "{response}");
    let snippet = response["data"]["search"]["edges"][0]["node"]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>council</mark>"), "{snippet}");
    assert!(snippet.contains("&lt;b&gt;"), "escaped: {snippet}");
    assert!(!snippet.contains("**"), "the text as read, not its Markdown: {snippet}");
    assert_eq!(facet(&response, "kind"), &json!([{ "value": "post", "count": 5 }]));
    assert!(response["data"]["search"]["tookMs"].as_f64().unwrap() >= 0.0);
    let title = response["data"]["search"]["edges"][0]["node"]["title"].as_str().unwrap();
    assert!(title.starts_with("Mediation lesson"), "a reply is titled by its thread: {title}");
    let by_title = search(&app, None, "lesson", json!(null)).await;
    assert_eq!(
        facet(&by_title, "kind"),
        &json!([{ "value": "thread", "count": 5 }]),
        "replies are not found by their thread's title: {by_title}"
    );

    let stemmed = search(&app, None, "mediators", json!(null)).await;
    assert_eq!(total(&stemmed), 10, "English stemming finds mediation and mediators: {stemmed}");
    let edges = stemmed["data"]["search"]["edges"].as_array().unwrap();
    assert!(
        edges.iter().all(|e| !e["node"]["snippet"].as_str().unwrap().is_empty()),
        "a hit found by its stem still shows its text"
    );
    let threads_only = search(&app, None, "mediation", json!({ "kinds": ["THREAD"] })).await;
    assert_eq!(total(&threads_only), 5);
    let thread_snippet =
        threads_only["data"]["search"]["edges"][0]["node"]["snippet"].as_str().unwrap();
    assert!(!thread_snippet.is_empty(), "a hit by its title still shows the start of its text");
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app.gql(None, SEARCH, json!({ "q": "mediation", "f": { "kinds": ["THREAD"] }, "first": 2, "after": after })).await;
        let search = &page["data"]["search"];
        seen.extend(
            search["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["title"].as_str().unwrap().to_owned()),
        );
        if search["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = search["pageInfo"]["endCursor"].clone();
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5, "every hit once across pages: {seen:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_posts_list_items_and_headings_stay_apart_in_its_snippet() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    let (thread, _) = app.thread(&admin, &space, "Field notes", "QUESTION").await;
    let reply = "Sightings were logged.\n\n- a numbat by the river\n- two in the woods\n\n## Where\n\nNorth";
    app.reply(&admin, &thread, reply).await;
    app.indexed().await;
    let response = search(&app, None, "numbat", json!(null)).await;
    let snippet = response["data"]["search"]["edges"][0]["node"]["snippet"].as_str().unwrap();
    assert_eq!(
        snippet,
        "Sightings were logged. a <mark>numbat</mark> by the river \u{B7} two in the woods \u{B7} Where \u{B7} North",
        "{response}"
    );
    app.stop().await;
}

/// A year's filter finds what its facet value counted: a document under the year it declares, not
/// the year it was published in the library; a thread under the year it was written.
#[tokio::test]
async fn a_years_filter_finds_the_hits_its_facet_counted() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    app.thread(&admin, &space, "Ceasefire monitoring this year", "DISCUSSION").await;
    let operator = app.server.praxis.viewer_by_email(&admin.email).await.unwrap();
    let report = |year: i32| {
        let record = json!({ "title": format!("Ceasefire monitoring report {year}"),
            "kind": "REPORT", "summary": "Ceasefire monitoring", "language": "en", "year": year,
            "status": "PUBLISHED", "publishedAt": format!("{}-03-01T00:00:00Z", year + 1) });
        (year as usize, record.to_string())
    };
    let lines = vec![report(2019), report(2024)];
    let imported = app.server.praxis.import_documents(&operator, lines).await.unwrap();
    assert!(imported.failures.is_empty(), "{:?}", imported.failures);
    app.indexed().await;

    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let all = search(&app, None, "ceasefire", json!(null)).await;
    let mut counted: Vec<(i64, i64)> = facet(&all, "year")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["value"].as_str().unwrap().parse().unwrap(), v["count"].as_i64().unwrap()))
        .collect();
    counted.sort();
    assert_eq!(counted, [(2019, 1), (2024, 1), (i64::from(this_year), 1)], "{all}");
    for (year, count) in counted {
        let filtered = search(&app, None, "ceasefire", json!({ "years": [year] })).await;
        assert_eq!(total(&filtered), count, "{year}: {filtered}");
        assert_eq!(facet(&filtered, "year"), facet(&all, "year"), "the other years stay on offer");
    }
    let two = search(&app, None, "ceasefire", json!({ "years": [2019, this_year] })).await;
    assert_eq!(total(&two), 2, "years are alternatives: {two}");
    // Dates are of when a document was published: the 2019 report, in 2020.
    let dated = |year: i32| json!({ "from": format!("{year}-01-01T00:00:00Z"), "to": format!("{year}-12-31T23:59:59Z") });
    assert_eq!(total(&search(&app, None, "ceasefire", dated(2019)).await), 0);
    assert_eq!(total(&search(&app, None, "ceasefire", dated(2020)).await), 1);
    app.stop().await;
}

/// With the indexer's look for other processes' changes an hour apart, this server's own changes
/// are found only because each commit wakes it: a new thread, a reply, a document's creation
/// and its publication.
#[tokio::test]
async fn this_servers_own_changes_wake_the_indexer_without_waiting_for_its_poll() {
    let app = TestApp::spawn_with(|config| config.index_poll_ms = 3_600_000).await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "live", "PUBLIC", "EVERYONE").await;
    let (thread_id, _) = app.thread(&admin, &space, "Quokka consultation", "DISCUSSION").await;
    assert_eq!(searchable(&app, None, "quokka").await, 1, "the new thread");
    app.reply(&admin, &thread_id, "Wallaby notes from the consultation").await;
    assert_eq!(searchable(&app, None, "wallaby").await, 1, "the reply");

    let author = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let draft = app
        .data(
            Some(&author.access_token),
            "mutation($input: DocumentInput!) { createDocument(input: $input) { id } }",
            json!({ "input": {
                "title": "Numbat shelter guide", "kind": "TOOLKIT", "summary": "Routes",
                "body": "Mapped routes.", "language": "en"
            } }),
        )
        .await;
    let id = draft["createDocument"]["id"].as_str().unwrap().to_owned();
    let token = Some(author.access_token.as_str());
    assert_eq!(searchable(&app, token, "numbat").await, 1, "the draft, for its author");
    app.publish(&author, &moderator, &id).await;
    assert_eq!(searchable(&app, None, "numbat").await, 1, "the published document, for anyone");
    app.stop().await;
}

/// The count of hits for `query` once it finds any, looking for up to 10 s.
async fn searchable(app: &TestApp, token: Option<&str>, query: &str) -> i64 {
    let mut found = 0;
    for _ in 0..100 {
        found = total(&search(app, token, query, json!(null)).await);
        if found > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    found
}

/// PostgreSQL numbers an outbox row when it is inserted, not when its transaction commits, so a
/// change can commit behind one the indexer has already passed. It must be indexed all the same.
#[tokio::test]
async fn a_change_that_commits_behind_a_later_numbered_one_is_still_indexed() {
    // SQLite admits one writer at a time: its outbox rows commit in the order they are numbered.
    let Some(app) = TestApp::spawn_on_postgres().await else { return };
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "commit-order", "PUBLIC", "EVERYONE").await;
    let (slow, _) = app.thread(&admin, &space, "Lantern budget", "DISCUSSION").await;
    let slow = GlobalId::decode_as("thread", &slow, NodeKind::Thread).unwrap();
    let praxis = &app.server.praxis;
    praxis.index_until_caught_up().await.unwrap();

    // A slow transaction renames the thread and takes its outbox number...
    let transaction = praxis.database().conn.begin().await.unwrap();
    thread::Entity::update_many()
        .col_expr(thread::Column::Title, Expr::value("Marigold budget"))
        .filter(thread::Column::Id.eq(slow))
        .exec(&transaction)
        .await
        .unwrap();
    outbox::record(&transaction, outbox::Entity::Thread, slow, outbox::Op::Upsert).await.unwrap();
    // ...another change takes later numbers, commits first, and the indexer does what it can...
    app.thread(&admin, &space, "Quince harvest", "DISCUSSION").await;
    while praxis.index_pending().await.unwrap() > 0 {}
    // ...and only then does the slow one commit.
    transaction.commit().await.unwrap();
    praxis.index_until_caught_up().await.unwrap();

    for word in ["marigold", "quince"] {
        assert_eq!(total(&search(&app, None, word, json!(null)).await), 1, "{word}");
    }
    app.stop().await;
}

/// Applied outbox rows go after a week, so an index that starts over (new, or replaced after an
/// upgrade) fills from the tables, which hold everything.
#[tokio::test]
async fn applied_outbox_rows_are_pruned_and_an_index_starting_over_fills_from_the_tables() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "pruning", "PUBLIC", "EVERYONE").await;
    app.thread(&admin, &space, "Pelican survey", "DISCUSSION").await;
    let praxis = &app.server.praxis;
    praxis.index_until_caught_up().await.unwrap();
    let db = &praxis.database().conn;
    let week_ago = praxis_db::now() - chrono::TimeDelta::days(8);
    let aged = outbox_rows::Entity::update_many()
        .col_expr(outbox_rows::Column::CreatedAt, Expr::value(week_ago))
        .exec(db)
        .await
        .unwrap()
        .rows_affected;
    assert!(aged >= 2, "the thread and its opening post: {aged}");
    app.thread(&admin, &space, "Cormorant survey", "DISCUSSION").await;

    assert_eq!(praxis.prune_outbox().await.unwrap(), aged, "the aged rows, all applied");
    let left = outbox_rows::Entity::find().all(db).await.unwrap();
    assert!(!left.is_empty() && left.iter().all(|row| row.created_at > week_ago), "{left:?}");
    assert_eq!(praxis.prune_outbox().await.unwrap(), 0, "recent rows stay");

    let index = praxis.search_index();
    tokio::task::spawn_blocking(move || index.clear()).await.unwrap().unwrap();
    praxis.index_until_caught_up().await.unwrap();
    for word in ["pelican", "cormorant"] {
        assert_eq!(total(&search(&app, None, word, json!(null)).await), 1, "{word}");
    }
    app.stop().await;
}

#[tokio::test]
async fn accepted_answers_and_published_good_practices_rank_above_plain_replies() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let moderator = app.user(Role::Moderator).await;
    let asker = app.user(Role::Member).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    let (question, _) = app.thread(&asker, &space, "Where are the shelters?", "QUESTION").await;
    let text = "The ministry lists every shelter with its occupancy, updated quarterly.";
    let plain = app.reply(&asker, &question, text).await;
    let answer = app.reply(&moderator, &question, text).await;
    app.data(
        Some(&asker.access_token),
        "mutation($p: ID!) { acceptAnswer(postId: $p) { id } }",
        json!({ "p": answer }),
    )
    .await;
    let practice = app
        .data(
            Some(&asker.access_token),
            "mutation($i: DocumentInput!) { createDocument(input: $i) { id } }",
            json!({ "i": { "title": "Shelter registers kept by village women", "kind": "GOOD_PRACTICE", "summary": text, "language": "en" } }),
        )
        .await["createDocument"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.publish(&asker, &moderator, &practice).await;
    app.indexed().await;

    let found = search(&app, None, "occupancy quarterly", json!(null)).await;
    let ids = hit_ids(&found);
    let position = |id: &str| ids.iter().position(|hit| *hit == id).unwrap_or(usize::MAX);
    assert!(position(answer.as_str()) < position(plain.as_str()), "{found}");
    assert!(position(practice.as_str()) < position(plain.as_str()), "{found}");
    app.stop().await;
}

#[tokio::test]
async fn a_reply_too_short_to_tell_is_found_under_its_threads_language() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    let opening = "Perempuan memimpin upaya perdamaian di desa mereka setelah konflik panjang.";
    let thread = app
        .data(
            Some(&admin.access_token),
            "mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }",
            json!({ "input": { "spaceId": space, "title": "Pelajaran dari Aceh", "body": opening } }),
        )
        .await["createThread"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Too short for its own language to be told (see crates/search/src/language.rs).
    let reply = app.reply(&admin, &thread, "Terima kasih").await;
    app.indexed().await;

    // Filed under the thread's languages, Indonesian and Malay, which it is then found under;
    // but its own text is too short to say what it is in.
    for language in ["id", "ms"] {
        let found = search(&app, None, "terima", json!({ "languages": [language] })).await;
        assert_eq!(hit_ids(&found), [reply.as_str()], "{language}: {found}");
        assert_eq!(found["data"]["search"]["edges"][0]["node"]["language"], Value::Null);
    }
    let thread_hit = search(&app, None, "perdamaian", json!(null)).await;
    assert_eq!(hit_ids(&thread_hit), [thread.as_str()]);
    assert_eq!(thread_hit["data"]["search"]["edges"][0]["node"]["language"], "id", "{thread_hit}");
    let found = search(&app, None, "terima", json!({ "languages": ["en"] })).await;
    assert_eq!(total(&found), 0, "{found}");
    app.stop().await;
}

#[tokio::test]
async fn a_short_reply_follows_its_thread_when_the_opening_post_is_edited() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    let (thread_id, opening) =
        app.thread_with_body(&admin, &space, "Aceh", "Draf", "DISCUSSION").await;
    let reply = app.reply(&admin, &thread_id, "Terima kasih").await;
    app.indexed().await;
    let under_id = || search(&app, None, "terima", json!({ "languages": ["id"] }));
    // Neither the thread nor the reply can be read yet.
    assert_eq!(total(&under_id().await), 0);

    let edit = "mutation($input: EditPostInput!) { editPost(input: $input) { id } }";
    let body = "Perempuan memimpin upaya perdamaian di desa mereka setelah konflik panjang.";
    app.data(Some(&admin.access_token), edit, json!({ "input": { "id": opening, "body": body } }))
        .await;
    app.indexed().await;
    let found = under_id().await;
    assert_eq!(hit_ids(&found), [reply.as_str()], "{found}");

    // With the opening post deleted, the thread's start is its title alone, which tells no
    // language: the reply is filed under none again, and still found.
    app.data(
        Some(&admin.access_token),
        "mutation($id: ID!) { deletePost(id: $id) { id } }",
        json!({ "id": opening }),
    )
    .await;
    app.indexed().await;
    assert_eq!(total(&under_id().await), 0);
    let found = search(&app, None, "terima", json!(null)).await;
    assert_eq!(hit_ids(&found), [reply.as_str()], "{found}");
    app.stop().await;
}

/// Only the start of an opening post says what language its short replies are filed under, so an
/// edit further down leaves them as they are.
#[tokio::test]
async fn an_edit_past_the_start_of_an_opening_post_re_files_no_reply() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    let start =
        "Perempuan memimpin upaya perdamaian di desa mereka setelah konflik panjang. ".repeat(20);
    let (thread_id, opening) =
        app.thread_with_body(&admin, &space, "Aceh", &start, "DISCUSSION").await;
    let reply = app.reply(&admin, &thread_id, "Terima kasih").await;
    let reply = GlobalId::decode_as("id", &reply, NodeKind::Post).unwrap();
    let db = &app.server.praxis.database().conn;
    let changes_to_reply = || async {
        outbox_rows::Entity::find()
            .filter(outbox_rows::Column::EntityId.eq(reply))
            .all(db)
            .await
            .unwrap()
            .len()
    };
    let edit = |body: String| {
        app.data(
            Some(&admin.access_token),
            "mutation($input: EditPostInput!) { editPost(input: $input) { id } }",
            json!({ "input": { "id": opening, "body": body } }),
        )
    };
    assert_eq!(changes_to_reply().await, 1, "its writing");
    edit(format!("{start}\n\nDitambahkan: laporan lengkap menyusul.")).await;
    assert_eq!(changes_to_reply().await, 1, "past the start");
    edit(format!("Ringkasan. {start}")).await;
    assert_eq!(changes_to_reply().await, 2, "the start changed");
    app.stop().await;
}

/// On PostgreSQL, an edit that re-files a thread's replies and a reply being written beside it
/// must neither wait for the other's checks of keys (with FOR UPDATE locks, an edit and a reply
/// to the opening post deadlocked) nor miss each other: a reply that has counted itself in the
/// thread is committed before the edit reads the replies, or else written after the edit.
#[tokio::test]
async fn an_opening_posts_edit_and_a_reply_being_written_beside_it_neither_wait_nor_miss() {
    // SQLite admits one writer at a time: the edit could not begin beside the reply.
    let Some(app) = TestApp::spawn_on_postgres().await else { return };
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "forum", "PUBLIC", "EVERYONE").await;
    let (thread_id, opening) =
        app.thread_with_body(&admin, &space, "Aceh", "Draf", "DISCUSSION").await;
    let thread_id = GlobalId::decode_as("id", &thread_id, NodeKind::Thread).unwrap();
    let opening = GlobalId::decode_as("id", &opening, NodeKind::Post).unwrap();
    let praxis = &app.server.praxis;
    let viewer = praxis.viewer_by_email(&admin.email).await.unwrap();
    let db = &praxis.database().conn;
    // A reply to the opening post, written as `reply` writes it, up to its insert.
    let begin_reply = || async {
        let writing = db.begin().await.unwrap();
        let reply = post::ActiveModel {
            id: Set(praxis_core::ids::new_id()),
            thread_id: Set(thread_id),
            author_id: Set(viewer.actor().unwrap().user_id),
            body: Set("Terima kasih".to_owned()),
            body_html: Set("<p>Terima kasih</p>".to_owned()),
            reply_to_id: Set(Some(opening)),
            created_at: Set(praxis_db::now()),
            edited_at: Set(None),
            deleted_at: Set(None),
        }
        .insert(&writing)
        .await
        .unwrap();
        (writing, reply.id)
    };
    // ...and the rest of it: its count in the thread, and its outbox row.
    let count_in_thread = |writing, reply| async move {
        thread::Entity::update_many()
            .col_expr(thread::Column::ReplyCount, Expr::col(thread::Column::ReplyCount).add(1))
            .filter(thread::Column::Id.eq(thread_id))
            .exec(&writing)
            .await
            .unwrap();
        outbox::record(&writing, outbox::Entity::Post, reply, outbox::Op::Upsert).await.unwrap();
        writing
    };
    let changes_to = |reply: uuid::Uuid| async move {
        outbox_rows::Entity::find()
            .filter(outbox_rows::Column::EntityId.eq(reply))
            .all(db)
            .await
            .unwrap()
            .len()
    };
    let indonesian = "Perempuan memimpin upaya perdamaian di desa mereka setelah konflik panjang.";

    // The reply has checked its keys to the thread and the post: the edit goes ahead.
    let (writing, first) = begin_reply().await;
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        praxis.edit_post(&viewer, opening, indonesian),
    )
    .await
    .expect("the edit waited for a reply to its post being written")
    .unwrap();
    count_in_thread(writing, first).await.commit().await.unwrap();
    app.indexed().await;
    let found = search(&app, None, "terima", json!({ "languages": ["id"] })).await;
    let first_id = GlobalId::new(NodeKind::Post, first).encode();
    assert_eq!(hit_ids(&found), [first_id.as_str()], "{found}");

    // The reply has counted itself in the thread: the edit waits for it, and then re-files it.
    let (writing, second) = begin_reply().await;
    let writing = count_in_thread(writing, second).await;
    let edit = praxis.edit_post(&viewer, opening, "Draf lagi");
    let commit_later = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        writing.commit().await.unwrap();
    };
    let (edited, ()) = tokio::join!(edit, commit_later);
    edited.unwrap();
    assert_eq!(changes_to(second).await, 2, "its own change, and the edit's");
    app.stop().await;
}

#[tokio::test]
async fn unreadable_queries_and_filters_are_bad_input() {
    let app = TestApp::spawn().await;
    for (query, filter, field) in [
        ("peace OR", json!(null), "query"),
        ("", json!(null), "query"),
        ("-only", json!(null), "query"),
        (&*"x".repeat(501), json!(null), "query"),
        ("peace", json!({ "countries": ["XX"] }), "filter.countries"),
        ("peace", json!({ "languages": ["klingon"] }), "filter.languages"),
        ("peace", json!({ "spaceIds": ["nope"] }), "filter.spaceIds"),
        ("peace", json!({ "years": [2019, 20204] }), "filter.years"),
        (
            "peace",
            json!({ "from": "2025-01-01T00:00:00Z", "to": "2024-01-01T00:00:00Z" }),
            "filter.to",
        ),
    ] {
        let response = search(&app, None, query, filter).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{query}: {response}");
        assert_eq!(error_field(&response), Some(field), "{response}");
    }
    // Nothing the index keeps: each says so, rather than asking for something to be typed.
    for query in ["🕊️", &*"a".repeat(81)] {
        let response = search(&app, None, query, json!(null)).await;
        let message = response["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("can be looked up"), "{query}: {response}");
    }
    app.stop().await;
}

#[tokio::test]
async fn bulk_import_reports_bad_lines_and_reindex_swaps_in_a_complete_index() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let member = app.user(Role::Member).await;
    let praxis = &app.server.praxis;
    let operator = praxis.viewer_by_email(&admin.email).await.unwrap();
    let lines = vec![
        (1, r#"{"title":"Statement by Timor-Leste","kind":"STATEMENT","summary":"Debate","body":"Timor-Leste joined ASEAN in October 2025.","language":"en","countries":["TLS"],"year":2025,"status":"PUBLISHED"}"#.to_owned()),
        (2, r#"{"title":"Broken","kind":"STATEMENT","summary":"Debate","language":"en","countries":["ZZZ"]}"#.to_owned()),
        (3, "{ not json".to_owned()),
        (4, r#"{"title":"Draft statement","kind":"STATEMENT","summary":"Unpublished","language":"en","unknownField":1}"#.to_owned()),
        (6, r#"{"title":"Statement to come","kind":"STATEMENT","summary":"Debate","language":"en","status":"PUBLISHED","publishedAt":"2999-09-01T00:00:00Z"}"#.to_owned()),
        (7, r#"{"title":"Statement of 2019","kind":"STATEMENT","summary":"Debate","language":"en","status":"ARCHIVED","publishedAt":"2019-09-24T00:00:00Z"}"#.to_owned()),
        // A NUL character, which PostgreSQL cannot store: the batch failed there, all of it.
        (8, r#"{"title":"Statement with a link","kind":"STATEMENT","summary":"Debate","language":"en","sourceUrl":"https://example.org/\u0000"}"#.to_owned()),
    ];
    let report = praxis.import_documents(&operator, lines.clone()).await.unwrap();
    let refused: Vec<usize> = report.failures.iter().map(|f| f.line).collect();
    assert_eq!((refused.as_slice(), report.already_imported), ([2, 3, 4, 6, 8].as_slice(), 0));
    let failures = &report.failures;
    assert!(failures[0].message.contains("countries"), "{}", failures[0].message);
    assert!(failures[3].message.starts_with("publishedAt: 2999-09-01"), "{}", failures[3].message);
    assert!(failures[4].message.starts_with("sourceUrl: "), "{}", failures[4].message);
    // An archived record was published then, but is not vouched for as current.
    let archived = document::Entity::find()
        .filter(document::Column::Title.eq("Statement of 2019"))
        .one(&praxis.database().conn)
        .await
        .unwrap()
        .unwrap();
    let published = chrono::DateTime::parse_from_rfc3339("2019-09-24T00:00:00Z").unwrap();
    assert_eq!(archived.published_at, Some(published.to_utc()));
    assert_eq!(archived.last_verified_at, None);
    // The same file again, its bad line fixed and its good one respaced by a formatter, with a
    // copy of the fixed line: each record is imported once.
    let mut fixed = lines;
    fixed[0].1 = fixed[0].1.replace(r#"","#, r#"", "#);
    fixed[1].1 = fixed[1].1.replace("ZZZ", "KH");
    fixed.push((5, fixed[1].1.clone()));
    let again = praxis.import_documents(&operator, fixed).await.unwrap();
    let refused: Vec<usize> = again.failures.iter().map(|f| f.line).collect();
    assert_eq!((refused.as_slice(), again.already_imported), ([3, 4, 6, 8].as_slice(), 3));
    let as_member = praxis.viewer_by_email(&member.email).await.unwrap();
    assert!(
        praxis.import_documents(&as_member, Vec::new()).await.is_err(),
        "members may not import"
    );
    app.indexed().await;
    let found = search(&app, None, "asean october", json!({ "countries": ["TL"] })).await;
    assert_eq!(total(&found), 1, "{found}");

    let summary = praxis.rebuild_search_index().await.unwrap();
    assert_eq!(summary.documents, 3, "the first record once, the archived one, the fixed one");
    let space = app.space(&admin, "after-rebuild", "PUBLIC", "EVERYONE").await;
    app.thread(&admin, &space, "Written after the rebuild", "DISCUSSION").await;
    app.indexed().await;
    assert_eq!(
        total(&search(&app, None, "asean", json!(null)).await),
        1,
        "the rebuilt index has the import"
    );
    assert_eq!(
        total(&search(&app, None, "rebuild", json!(null)).await),
        1,
        "and later changes on top"
    );
    app.stop().await;
}

/// On PostgreSQL, two imports of one file can run at once: a record the other import committed
/// after this batch read the keys is refused by the unique key when the batch writes it. The
/// batch is then CONFLICT, says to import again, and writes none of its records; importing again
/// adds them.
#[tokio::test]
async fn an_import_batch_that_meets_another_imports_record_writes_nothing_and_says_so() {
    // SQLite's one writer connection serializes the batches of a process: the race needs two
    // processes, and nothing could hold the batch between its keys and its writes.
    let Some(app) = TestApp::spawn_on_postgres().await else { return };
    let admin = app.user(Role::Admin).await;
    let praxis = &app.server.praxis;
    let operator = praxis.viewer_by_email(&admin.email).await.unwrap();
    let db = &praxis.database().conn;
    let record = |title: &str| {
        json!({ "title": title, "kind": "STATEMENT", "summary": "Debate", "language": "en" })
            .to_string()
    };
    let (written_elsewhere, new) = (record("Statement by Lao PDR"), record("Statement by Brunei"));
    praxis.import_documents(&operator, vec![(1, written_elsewhere.clone())]).await.unwrap();
    let elsewhere = document::Entity::find().one(db).await.unwrap().unwrap();
    let key = elsewhere.import_key.clone().unwrap();
    let set_key = |key: Option<String>| document::ActiveModel {
        id: Set(elsewhere.id),
        import_key: Set(key),
        ..Default::default()
    };
    // As if that record had not been imported yet, and the other import is writing it now.
    set_key(None).update(db).await.unwrap();
    let other_import = db.begin().await.unwrap();
    set_key(Some(key)).update(&other_import).await.unwrap();
    let other_import_pid = backend_pid(&other_import).await;

    let batch = praxis.import_documents(&operator, vec![(1, new.clone()), (2, written_elsewhere)]);
    let commit_once_the_batch_waits = async {
        let waits = async {
            while !anyone_waits_for(db, other_import_pid).await {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), waits)
            .await
            .expect("the batch never waited for the other import's record");
        other_import.commit().await.unwrap();
    };
    let (refused, ()) = tokio::join!(batch, commit_once_the_batch_waits);
    let error = refused.expect_err("the batch met the other import's record");
    assert_eq!((error.code().as_str(), error.field()), ("CONFLICT", Some("importKey")));
    assert!(error.to_string().contains("import the file again"), "{error}");
    let titles = || async {
        let mut titles: Vec<String> =
            document::Entity::find().all(db).await.unwrap().into_iter().map(|d| d.title).collect();
        titles.sort();
        titles
    };
    assert_eq!(titles().await, ["Statement by Lao PDR"], "none of the batch was written");

    let again =
        praxis.import_documents(&operator, vec![(1, new), (2, record("Statement by Lao PDR"))]);
    let again = again.await.unwrap();
    assert_eq!((again.failures.len(), again.already_imported), (0, 1));
    assert_eq!(titles().await, ["Statement by Brunei", "Statement by Lao PDR"]);
    app.stop().await;
}

/// The PostgreSQL server process of the session running `db`'s statements.
async fn backend_pid(db: &impl sea_orm::ConnectionTrait) -> i32 {
    use sea_orm::Statement;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT pg_backend_pid() AS pid",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i32>("", "pid").unwrap()
}

/// Whether some session waits for a lock that the session of server process `pid` holds.
async fn anyone_waits_for(db: &sea_orm::DatabaseConnection, pid: i32) -> bool {
    use sea_orm::{ConnectionTrait as _, Statement};
    let waiting = "SELECT count(*) AS waiting FROM pg_stat_activity \
                   WHERE $1 = ANY(pg_blocking_pids(pid))";
    let statement =
        Statement::from_sql_and_values(db.get_database_backend(), waiting, [pid.into()]);
    let row = db.query_one_raw(statement).await.unwrap().unwrap();
    row.try_get::<i64>("", "waiting").unwrap() > 0
}

/// The titles on every page of `query`, 2 hits a page, with `between` run after each page.
async fn titles_paged<F: AsyncFnMut()>(
    app: &TestApp,
    query: &str,
    order: &str,
    mut between: F,
) -> Vec<String> {
    let mut titles = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app
            .gql(None, SEARCH, json!({ "q": query, "o": order, "first": 2, "after": after }))
            .await;
        let search = &page["data"]["search"];
        let edges = search["edges"].as_array().unwrap_or_else(|| panic!("{page}"));
        titles.extend(edges.iter().map(|e| e["node"]["title"].as_str().unwrap().to_owned()));
        if search["pageInfo"]["hasNextPage"] == false {
            return titles;
        }
        after = search["pageInfo"]["endCursor"].clone();
        between().await;
    }
}

/// Five threads of "kestrel", ranked by relevance in the order they are posted in, then the
/// titles of every page in `order`: once as they are, and once with a thread posted after each
/// page that is newer and ranks higher than every other.
async fn kestrels_paged(
    app: &TestApp,
    admin: &TestUser,
    space: &str,
    order: &str,
) -> (Vec<String>, Vec<String>) {
    // The longer the title, the lower the relevance.
    for n in 1..=5 {
        let title = format!("Kestrel{}", " count".repeat(n));
        app.thread(admin, space, &title, "DISCUSSION").await;
    }
    app.indexed().await;
    let before = titles_paged(app, "kestrel", order, async || ()).await;
    assert_eq!(before.len(), 5, "{before:?}");
    let during = titles_paged(app, "kestrel", order, async || {
        app.thread(admin, space, "Kestrel kestrel kestrel", "DISCUSSION").await;
        app.indexed().await;
    })
    .await;
    (before, during)
}

/// "Show more" by relevance after others have posted, edited or deleted: the next page carries on
/// in the first page's order, and shows each hit as it is now.
#[tokio::test]
async fn a_next_page_by_relevance_carries_on_from_the_last_while_others_post_and_edit_meanwhile() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "paging", "PUBLIC", "EVERYONE").await;
    let (before, during) = kestrels_paged(&app, &admin, &space, "RELEVANCE").await;
    assert_eq!(during, before, "every hit of the first page's list once, in order");
    let now = titles_paged(&app, "kestrel", "RELEVANCE", async || ()).await;
    assert_eq!(now[..2], ["Kestrel kestrel kestrel"; 2], "{now:?}");

    // Replies ranked 1 to 5; after page 1, the first is deleted (a count would then skip the
    // third), the fourth edited and the fifth edited so that the search no longer finds it.
    let (thread, _) = app.thread(&admin, &space, "Heron sightings", "DISCUSSION").await;
    let mut replies = Vec::new();
    for n in 1..=5 {
        replies.push(app.reply(&admin, &thread, &format!("Egret{}", " note".repeat(n))).await);
    }
    app.indexed().await;
    let egrets = |after: Value| json!({ "q": "egret", "f": { "kinds": ["POST"] }, "first": 2, "after": after });
    let first = app.gql(None, SEARCH, egrets(Value::Null)).await;
    assert_eq!(hit_ids(&first), [replies[0].as_str(), replies[1].as_str()], "{first}");
    let edit = "mutation($input: EditPostInput!) { editPost(input: $input) { id } }";
    let delete = "mutation($id: ID!) { deletePost(id: $id) { id } }";
    app.data(Some(&admin.access_token), delete, json!({ "id": replies[0] })).await;
    let revised = json!({ "input": { "id": replies[3], "body": "Egret note note note, revised" } });
    app.data(Some(&admin.access_token), edit, revised).await;
    let moved = json!({ "input": { "id": replies[4], "body": "Heron only" } });
    app.data(Some(&admin.access_token), edit, moved).await;
    app.indexed().await;
    let cursor = first["data"]["search"]["pageInfo"]["endCursor"].clone();
    let second = app.gql(None, SEARCH, egrets(cursor)).await;
    assert_eq!(hit_ids(&second), [replies[2].as_str(), replies[3].as_str()], "{second}");
    let snippet =
        second["data"]["search"]["edges"][1]["node"]["snippet"].as_str().unwrap_or_default();
    assert!(snippet.contains("revised"), "the text as it is now: {second}");
    assert_eq!(second["data"]["search"]["pageInfo"]["hasNextPage"], false, "{second}");
    app.stop().await;
}

/// "Show more" newest first after others have posted or deleted: the next page carries on from
/// the last.
#[tokio::test]
async fn a_next_page_newest_first_carries_on_from_the_last_while_others_post_meanwhile() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let space = app.space(&admin, "paging", "PUBLIC", "EVERYONE").await;
    let (before, during) = kestrels_paged(&app, &admin, &space, "NEWEST").await;
    assert_eq!(during, before, "every hit of the first page's list once, in order");
    // Deleted since the page before: the next page carries on after them.
    let (thread, _) = app.thread(&admin, &space, "Heron sightings", "DISCUSSION").await;
    let mut replies = Vec::new();
    for n in 1..=5 {
        replies.push(app.reply(&admin, &thread, &format!("Egret note {n}")).await);
    }
    app.indexed().await;
    let egrets = |after: Value| json!({ "q": "egret", "o": "NEWEST", "f": { "kinds": ["POST"] }, "first": 2, "after": after });
    let first = app.gql(None, SEARCH, egrets(Value::Null)).await;
    // Page 1 is the newest two, 5 and 4; 5 goes. A count would start page 2 at 2, and skip 3.
    app.data(
        Some(&admin.access_token),
        "mutation($id: ID!) { deletePost(id: $id) { id } }",
        json!({ "id": replies[4] }),
    )
    .await;
    app.indexed().await;
    let cursor = first["data"]["search"]["pageInfo"]["endCursor"].clone();
    let second = app.gql(None, SEARCH, egrets(cursor)).await;
    let next: Vec<&str> = second["data"]["search"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{second}"))
        .iter()
        .map(|e| e["node"]["node"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(next, [replies[2].as_str(), replies[1].as_str()], "3 and 2: {second}");
    let relevance = app.gql(None, SEARCH, json!({ "q": "egret", "first": 1 })).await;
    let cursor = relevance["data"]["search"]["pageInfo"]["endCursor"].clone();
    let mixed =
        app.gql(None, SEARCH, json!({ "q": "egret", "o": "NEWEST", "after": cursor })).await;
    assert_eq!(error_field(&mixed), Some("after"), "a cursor of the other order: {mixed}");

    let none = app.gql(None, SEARCH, json!({ "q": "kestrel", "first": 0 })).await;
    assert_eq!(none["data"]["search"]["edges"], json!([]), "{none}");
    assert_eq!(none["data"]["search"]["pageInfo"]["hasNextPage"], true, "{none}");
    let from_none = app
        .gql(None, SEARCH, json!({ "q": "kestrel", "first": 2, "after": none["data"]["search"]["pageInfo"]["endCursor"] }))
        .await;
    assert_eq!(
        from_none["data"]["search"]["edges"].as_array().map(Vec::len),
        Some(2),
        "{from_none}"
    );
    let stale = app.gql(None, SEARCH, json!({ "q": "kestrel", "after": "MA" })).await;
    assert_eq!(error_code(&stale), Some("BAD_USER_INPUT"), "an offset cursor of before: {stale}");
    // A page by relevance counts its way down to its start: not without end.
    let place = json!({ "order": "Relevance", "before": 10_000, "sort": 0, "tie": 0 }).to_string();
    let deep = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(place);
    let deep = app.gql(None, SEARCH, json!({ "q": "kestrel", "after": deep })).await;
    assert_eq!(error_field(&deep), Some("after"), "{deep}");
    assert!(deep["errors"][0]["message"].as_str().unwrap_or_default().contains("narrow"), "{deep}");
    app.stop().await;
}
