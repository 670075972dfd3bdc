//! The knowledge library: documents with the WPS taxonomy, the review workflow, translations,
//! citations, content health, and a non-author trying every path to someone else's draft.

use praxis_core::types::Role;
use praxis_tests::{TestApp, TestUser, error_code, error_field};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: DocumentInput!) { createDocument(input: $input) { id status title language countries pillars priorityActions themes year sections { context lessonsLearned results } bodyHtml } }";
const UPDATE: &str = "mutation($id: ID!, $input: DocumentInput!) { updateDocument(id: $id, input: $input) { id title status } }";
const SUBMIT: &str = "mutation($id: ID!) { submitDocument(id: $id) { status } }";
const REVIEW: &str = "mutation($id: ID!, $d: ReviewDecision!, $c: String) { reviewDocument(id: $id, decision: $d, comment: $c) { status reviewComments publishedAt lastVerifiedAt } }";
const DOCUMENT: &str = "query($id: ID!) { document(id: $id) { id title status history { status comment actor { id } } reviewComments } }";

fn good_practice(title: &str) -> Value {
    json!({
        "title": title,
        "kind": "GOOD_PRACTICE",
        "summary": "Women-led village committees mapped safe routes to evacuation centres.",
        "body": "The committees met **monthly**.",
        "sections": { "context": "Flood-prone districts", "lessonsLearned": "Start before the rainy season", "results": "  " },
        "language": "en",
        "countries": ["ph", "VNM"],
        "pillars": ["PROTECTION", "RELIEF_AND_RECOVERY"],
        "priorityActions": ["2.2.6"],
        "themes": ["disaster-response", "climate-security"],
        "year": 2024
    })
}

async fn create(app: &TestApp, author: &TestUser, input: Value) -> Value {
    app.gql(Some(&author.access_token), CREATE, json!({ "input": input })).await
}

async fn create_id(app: &TestApp, author: &TestUser, input: Value) -> String {
    let response = create(app, author, input).await;
    response["data"]["createDocument"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{response}"))
        .to_owned()
}

#[tokio::test]
async fn a_good_practice_keeps_its_template_and_normalized_taxonomy() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let response = create(&app, &author, good_practice("Safe evacuation routes")).await;
    let doc = &response["data"]["createDocument"];
    assert_eq!(doc["status"], "DRAFT", "{response}");
    assert_eq!(doc["countries"], json!(["PH", "VN"]));
    assert_eq!(doc["pillars"], json!(["PROTECTION", "RELIEF_AND_RECOVERY"]));
    assert_eq!(doc["priorityActions"], json!(["2.2.6"]));
    assert_eq!(doc["themes"], json!(["climate-security", "disaster-response"]));
    assert_eq!(
        doc["sections"],
        json!({ "context": "Flood-prone districts", "lessonsLearned": "Start before the rainy season", "results": null })
    );
    assert_eq!(doc["bodyHtml"], "<p>The committees met <strong>monthly</strong>.</p>\n");
    let taxonomy = app
        .data(None, "{ taxonomy { pillars { code label } countries { code label } themes { code } languages { code label } priorityActions { code label } documentKinds { code } actorTypes { code } } }", json!({}))
        .await;
    let countries = taxonomy["taxonomy"]["countries"].as_array().unwrap();
    let first: Vec<&str> = countries.iter().take(11).map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(first, ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"]);
    assert_eq!(
        taxonomy["taxonomy"]["pillars"][3],
        json!({ "code": "RELIEF_AND_RECOVERY", "label": "Relief and recovery" })
    );
    assert!(
        taxonomy["taxonomy"]["languages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["code"] == "th" && l["label"] == "ไทย")
    );
    app.stop().await;
}

#[tokio::test]
async fn bad_document_input_is_refused_and_nothing_is_half_stored() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let original = create_id(&app, &author, good_practice("Original")).await;
    let cases: Vec<(&str, Value)> = vec![
        ("countries", json!({ "countries": ["XX"] })),
        ("themes", json!({ "themes": ["not-a-theme"] })),
        ("priorityActions", json!({ "priorityActions": ["9.9.9"] })),
        ("language", json!({ "language": "xx" })),
        ("title", json!({ "title": "t".repeat(201) })),
        ("title", json!({ "title": "  " })),
        ("summary", json!({ "summary": "" })),
        ("year", json!({ "year": 1800 })),
        ("sourceUrl", json!({ "sourceUrl": "javascript:alert(1)" })),
        ("sections.context", json!({ "sections": { "context": "c".repeat(10_001) } })),
        ("translationOf", json!({ "translationOf": original })),
    ];
    for (field, overrides) in cases {
        let mut input = good_practice("Refused");
        for (key, value) in overrides.as_object().unwrap() {
            input[key] = value.clone();
        }
        let response = create(&app, &author, input).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{field}: {response}");
        assert_eq!(error_field(&response), Some(field), "{response}");
    }
    let update_self = app.gql(Some(&author.access_token), UPDATE, json!({ "id": original, "input": { "title": "x", "kind": "REPORT", "summary": "s", "language": "vi", "translationOf": original } })).await;
    assert_eq!(error_field(&update_self), Some("translationOf"), "{update_self}");
    let mine = app.data(Some(&author.access_token), "query($a: ID!) { documents(filter: { authorId: $a }) { totalCount edges { node { title } } } }", json!({ "a": author.id })).await;
    assert_eq!(mine["documents"]["totalCount"], 1, "only the original exists: {mine}");
    assert_eq!(mine["documents"]["edges"][0]["node"]["title"], "Original");
    app.stop().await;
}

#[tokio::test]
async fn the_review_workflow_records_every_step() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let id = create_id(&app, &author, good_practice("Helpline lessons")).await;
    let early =
        app.gql(Some(&moderator.access_token), REVIEW, json!({ "id": id, "d": "PUBLISH" })).await;
    assert_eq!(error_code(&early), Some("BAD_USER_INPUT"), "a draft cannot be published: {early}");
    assert_eq!(
        app.data(Some(&author.access_token), SUBMIT, json!({ "id": id })).await["submitDocument"]["status"],
        "SUBMITTED"
    );
    let locked = app
        .gql(
            Some(&author.access_token),
            UPDATE,
            json!({ "id": id, "input": good_practice("Edited while submitted") }),
        )
        .await;
    assert_eq!(error_code(&locked), Some("FORBIDDEN"));
    let by_author =
        app.gql(Some(&author.access_token), REVIEW, json!({ "id": id, "d": "PUBLISH" })).await;
    assert_eq!(error_code(&by_author), Some("FORBIDDEN"));
    let silent = app
        .gql(Some(&moderator.access_token), REVIEW, json!({ "id": id, "d": "REQUEST_CHANGES" }))
        .await;
    assert_eq!(error_field(&silent), Some("comment"));
    let changes = app
        .data(
            Some(&moderator.access_token),
            REVIEW,
            json!({ "id": id, "d": "REQUEST_CHANGES", "c": "Please add the results." }),
        )
        .await;
    assert_eq!(changes["reviewDocument"]["status"], "CHANGES_REQUESTED");
    app.data(
        Some(&author.access_token),
        UPDATE,
        json!({ "id": id, "input": good_practice("Helpline lessons, with results") }),
    )
    .await;
    app.data(Some(&author.access_token), SUBMIT, json!({ "id": id })).await;
    let published =
        app.data(Some(&moderator.access_token), REVIEW, json!({ "id": id, "d": "PUBLISH" })).await;
    assert_eq!(published["reviewDocument"]["status"], "PUBLISHED");
    assert!(published["reviewDocument"]["publishedAt"].is_string());
    assert_eq!(
        published["reviewDocument"]["lastVerifiedAt"],
        published["reviewDocument"]["publishedAt"]
    );

    let as_author = app.data(Some(&author.access_token), DOCUMENT, json!({ "id": id })).await;
    let steps: Vec<&str> = as_author["document"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "SUBMITTED", "PUBLISHED"]);
    assert_eq!(as_author["document"]["history"][2]["comment"], "Please add the results.");
    assert_eq!(as_author["document"]["history"][2]["actor"]["id"], moderator.id.as_str());
    assert_eq!(as_author["document"]["reviewComments"], json!(["Please add the results."]));
    let public = app.data(None, DOCUMENT, json!({ "id": id })).await;
    assert_eq!(public["document"]["title"], "Helpline lessons, with results");
    assert_eq!(
        public["document"]["history"],
        json!([]),
        "history is for the author and moderators"
    );
    assert_eq!(public["document"]["reviewComments"], json!([]));

    let again = app.gql(Some(&author.access_token), SUBMIT, json!({ "id": id })).await;
    assert_eq!(error_code(&again), Some("BAD_USER_INPUT"));
    let archive = "mutation($id: ID!) { archiveDocument(id: $id, reason: \"Superseded by the 2026 plan\") { status } }";
    assert_eq!(
        error_code(&app.gql(Some(&author.access_token), archive, json!({ "id": id })).await),
        Some("FORBIDDEN")
    );
    assert_eq!(
        app.data(Some(&moderator.access_token), archive, json!({ "id": id })).await["archiveDocument"]
            ["status"],
        "ARCHIVED"
    );
    assert_eq!(
        app.data(None, DOCUMENT, json!({ "id": id })).await["document"],
        Value::Null,
        "archived documents leave the public library"
    );
    app.stop().await;
}

#[tokio::test]
async fn rejection_needs_a_reason_and_ends_the_workflow() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let id = create_id(&app, &author, good_practice("Off topic")).await;
    app.data(Some(&author.access_token), SUBMIT, json!({ "id": id })).await;
    let rejected = app
        .data(
            Some(&moderator.access_token),
            REVIEW,
            json!({ "id": id, "d": "REJECT", "c": "Not about WPS." }),
        )
        .await;
    assert_eq!(rejected["reviewDocument"]["status"], "REJECTED");
    assert_eq!(rejected["reviewDocument"]["reviewComments"], json!(["Not about WPS."]));
    assert_eq!(
        error_code(&app.gql(Some(&author.access_token), SUBMIT, json!({ "id": id })).await),
        Some("BAD_USER_INPUT")
    );
    app.stop().await;
}

#[tokio::test]
async fn the_review_queue_is_for_moderators_oldest_first() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let first = create_id(&app, &author, good_practice("First")).await;
    let second = create_id(&app, &author, good_practice("Second")).await;
    let draft = create_id(&app, &author, good_practice("Still a draft")).await;
    app.data(Some(&author.access_token), SUBMIT, json!({ "id": second })).await;
    app.data(Some(&author.access_token), SUBMIT, json!({ "id": first })).await;
    let queue = "{ reviewQueue { totalCount edges { node { id } } } }";
    let listed = app.data(Some(&moderator.access_token), queue, json!({})).await;
    assert_eq!(listed["reviewQueue"]["totalCount"], 2);
    let ids: Vec<&str> = listed["reviewQueue"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second.as_str(), first.as_str()]);
    assert!(!listed.to_string().contains(&draft));
    assert_eq!(
        error_code(&app.gql(Some(&author.access_token), queue, json!({})).await),
        Some("FORBIDDEN")
    );
    assert_eq!(error_code(&app.gql(None, queue, json!({})).await), Some("UNAUTHENTICATED"));
    app.stop().await;
}

#[tokio::test]
async fn someone_elses_draft_is_invisible_and_untouchable() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let other = app.user(Role::FocalPoint).await;
    let draft = create_id(&app, &author, good_practice("Confidential draft")).await;
    for token in [None, Some(other.access_token.as_str())] {
        let read = app.gql(token, DOCUMENT, json!({ "id": draft })).await;
        assert_eq!(read["data"]["document"], Value::Null, "{read}");
        let node = app
            .gql(token, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": draft }))
            .await;
        assert_eq!(node["data"]["node"], Value::Null);
        let listed = app
            .gql(token, "{ documents(first: 100) { totalCount edges { node { id } } } }", json!({}))
            .await;
        assert_eq!(listed["data"]["documents"]["totalCount"], 0, "{listed}");
        let by_author = app.gql(token, "query($a: ID!) { documents(filter: { authorId: $a, status: DRAFT }) { totalCount } }", json!({ "a": author.id })).await;
        assert_eq!(by_author["data"]["documents"]["totalCount"], 0);
    }
    let update = app
        .gql(
            Some(&other.access_token),
            UPDATE,
            json!({ "id": draft, "input": good_practice("Hijacked") }),
        )
        .await;
    assert_eq!(error_code(&update), Some("NOT_FOUND"));
    let submit = app.gql(Some(&other.access_token), SUBMIT, json!({ "id": draft })).await;
    assert_eq!(error_code(&submit), Some("NOT_FOUND"));
    let translate = create(&app, &other, json!({ "title": "Bản dịch", "kind": "GOOD_PRACTICE", "summary": "s", "language": "vi", "translationOf": draft })).await;
    assert_eq!(error_field(&translate), Some("translationOf"));
    let mine = app.data(Some(&author.access_token), DOCUMENT, json!({ "id": draft })).await;
    assert_eq!(mine["document"]["title"], "Confidential draft");
    assert_eq!(mine["document"]["status"], "DRAFT");
    app.stop().await;
}

#[tokio::test]
async fn translations_list_each_other() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let english = create_id(&app, &author, good_practice("Safe routes")).await;
    let mut thai = good_practice("เส้นทางปลอดภัย");
    thai["language"] = json!("th");
    thai["translationOf"] = json!(english);
    let thai = create_id(&app, &author, thai).await;
    let mut vietnamese = good_practice("Tuyến đường an toàn");
    vietnamese["language"] = json!("vi");
    vietnamese["translationOf"] = json!(thai);
    let vietnamese = create_id(&app, &author, vietnamese).await;
    let same_language = create(&app, &author, json!({ "title": "Copy", "kind": "OTHER", "summary": "s", "language": "en", "translationOf": english })).await;
    assert_eq!(error_field(&same_language), Some("translationOf"));
    for id in [&english, &thai, &vietnamese] {
        app.publish(&author, &moderator, id).await;
    }
    let query = "query($id: ID!) { document(id: $id) { translations { id language } translationOf { id } } }";
    let en = app.data(None, query, json!({ "id": english })).await;
    let langs: Vec<&str> = en["document"]["translations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["language"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["th", "vi"]);
    let vi = app.data(None, query, json!({ "id": vietnamese })).await;
    assert_eq!(
        vi["document"]["translationOf"]["id"],
        english.as_str(),
        "a translation of a translation points at the original"
    );
    let vi_langs: Vec<&str> = vi["document"]["translations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["language"].as_str().unwrap())
        .collect();
    assert_eq!(vi_langs, ["en", "th"]);
    app.stop().await;
}

#[tokio::test]
async fn threads_cite_documents_and_documents_list_their_threads() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let author = app.user(Role::Member).await;
    let outsider = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let report = create_id(&app, &author, good_practice("Regional report")).await;
    let draft = create_id(&app, &author, good_practice("Unpublished")).await;
    app.publish(&author, &moderator, &report).await;
    let public = app.space(&admin, "library-talk", "PUBLIC", "EVERYONE").await;
    let private = app.space(&admin, "closed-group", "PRIVATE", "SPACE_MEMBERS").await;
    app.add_member(&admin, &private, &author).await;
    let cite = "mutation($s: ID!, $t: String!, $d: [ID!]) { createThread(input: { spaceId: $s, title: $t, body: \"See the report\", citedDocumentIds: $d }) { id citedDocuments { id } } }";
    let open = app
        .data(
            Some(&author.access_token),
            cite,
            json!({ "s": public, "t": "Discussing the report", "d": [report] }),
        )
        .await;
    assert_eq!(open["createThread"]["citedDocuments"], json!([{ "id": report }]));
    app.data(
        Some(&author.access_token),
        cite,
        json!({ "s": private, "t": "Closed discussion", "d": [report] }),
    )
    .await;
    let unreadable = app
        .gql(Some(&outsider.access_token), cite, json!({ "s": public, "t": "x", "d": [draft] }))
        .await;
    assert_eq!(error_field(&unreadable), Some("citedDocumentIds"));
    let related = "query($id: ID!) { document(id: $id) { relatedThreads { totalCount edges { node { title } } } } }";
    let seen_by_outsider =
        app.data(Some(&outsider.access_token), related, json!({ "id": report })).await;
    assert_eq!(seen_by_outsider["document"]["relatedThreads"]["totalCount"], 1);
    assert!(!seen_by_outsider.to_string().contains("Closed discussion"));
    let seen_by_member =
        app.data(Some(&author.access_token), related, json!({ "id": report })).await;
    assert_eq!(seen_by_member["document"]["relatedThreads"]["totalCount"], 2);
    app.stop().await;
}

#[tokio::test]
async fn filters_find_documents_by_taxonomy() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let a = create_id(&app, &author, good_practice("Alpha")).await;
    let mut other = good_practice("Beta");
    other["countries"] = json!(["TH"]);
    other["pillars"] = json!(["PARTICIPATION"]);
    other["themes"] = json!(["mediation"]);
    other["kind"] = json!("REPORT");
    other["language"] = json!("th");
    let b = create_id(&app, &author, other).await;
    app.publish(&author, &moderator, &a).await;
    app.publish(&author, &moderator, &b).await;
    let count = |filter: &str| {
        format!("{{ documents(filter: {filter}) {{ totalCount edges {{ node {{ title }} }} }} }}")
    };
    for (filter, expected) in [
        ("{ country: \"PH\" }", vec!["Alpha"]),
        ("{ country: \"tha\" }", vec!["Beta"]),
        ("{ pillar: PARTICIPATION }", vec!["Beta"]),
        ("{ theme: \"disaster-response\" }", vec!["Alpha"]),
        ("{ kind: REPORT }", vec!["Beta"]),
        ("{ language: \"th\" }", vec!["Beta"]),
        ("{ priorityAction: \"2.2.6\" }", vec!["Beta", "Alpha"]),
    ] {
        let data = app.data(None, &count(filter), json!({})).await;
        let titles: Vec<&str> = data["documents"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, expected, "{filter}");
        assert_eq!(data["documents"]["totalCount"], expected.len());
    }
    let bad = app.gql(None, &count("{ theme: \"nope\" }"), json!({})).await;
    assert_eq!(error_field(&bad), Some("filter.theme"));
    let by_title = app.data(None, "{ documents(orderBy: TITLE, first: 1) { edges { node { title } } pageInfo { hasNextPage endCursor } } }", json!({})).await;
    assert_eq!(by_title["documents"]["edges"][0]["node"]["title"], "Alpha");
    let cursor = by_title["documents"]["pageInfo"]["endCursor"].clone();
    let next = app.data(None, "query($c: String) { documents(orderBy: TITLE, first: 1, after: $c) { edges { node { title } } } }", json!({ "c": cursor })).await;
    assert_eq!(next["documents"]["edges"][0]["node"]["title"], "Beta");
    app.stop().await;
}

#[tokio::test]
async fn moderators_see_what_needs_review_and_verify_it() {
    // With a zero-month period every published document is due for review at once.
    let app = TestApp::spawn_with(|config| config.review_after_months = 0).await;
    let author = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let id = create_id(&app, &author, good_practice("Aging guidance")).await;
    app.publish(&author, &moderator, &id).await;
    let due = "{ documentsNeedingReview { totalCount edges { node { id lastVerifiedAt } } } }";
    let listed = app.data(Some(&moderator.access_token), due, json!({})).await;
    assert_eq!(listed["documentsNeedingReview"]["totalCount"], 1);
    let before = listed["documentsNeedingReview"]["edges"][0]["node"]["lastVerifiedAt"]
        .as_str()
        .unwrap()
        .to_owned();
    let verify = "mutation($id: ID!) { verifyDocument(id: $id) { lastVerifiedAt status } }";
    assert_eq!(
        error_code(&app.gql(Some(&author.access_token), verify, json!({ "id": id })).await),
        Some("FORBIDDEN")
    );
    let verified = app.data(Some(&moderator.access_token), verify, json!({ "id": id })).await;
    assert_eq!(verified["verifyDocument"]["status"], "PUBLISHED");
    assert!(verified["verifyDocument"]["lastVerifiedAt"].as_str().unwrap() > before.as_str());
    assert_eq!(
        error_code(&app.gql(Some(&author.access_token), due, json!({})).await),
        Some("FORBIDDEN")
    );
    app.stop().await;

    let fresh = TestApp::spawn().await;
    let author = fresh.user(Role::Member).await;
    let moderator = fresh.user(Role::Moderator).await;
    let id = create_id(&fresh, &author, good_practice("Current guidance")).await;
    fresh.publish(&author, &moderator, &id).await;
    let none = fresh.data(Some(&moderator.access_token), due, json!({})).await;
    assert_eq!(none["documentsNeedingReview"]["totalCount"], 0, "the default period is 18 months");
    fresh.stop().await;
}

#[tokio::test]
async fn a_documents_text_is_read_where_it_is_shown_and_each_mutation_sees_its_own() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let id = create_id(&app, &author, good_practice("Evacuation drills")).await;

    // Documents are loaded without their long text; it is read when a field asks for it.
    let shown = app
        .data(
            Some(&author.access_token),
            "query($id: ID!) { document(id: $id) { body bodyHtml sections { context } translationOf { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(shown["document"]["body"], "The committees met **monthly**.");
    assert_eq!(
        shown["document"]["bodyHtml"],
        "<p>The committees met <strong>monthly</strong>.</p>\n"
    );
    assert_eq!(shown["document"]["sections"]["context"], "Flood-prone districts");
    let listed = app
        .data(
            Some(&author.access_token),
            "{ documents(first: 5) { edges { node { title body } } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["documents"]["edges"][0]["node"]["body"], "The committees met **monthly**.");
    app.indexed().await;
    let found = app
        .data(
            Some(&author.access_token),
            "{ search(query: \"committees\") { edges { node { node { ... on Document { id body } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        found["search"]["edges"][0]["node"]["node"]["body"],
        "The committees met **monthly**."
    );

    // Two changes in one request: each answer shows the text as that change left it.
    let (mut first, mut second) =
        (good_practice("Evacuation drills"), good_practice("Evacuation drills"));
    first["body"] = json!("First draft");
    second["body"] = json!("Second draft");
    let changed = app
        .data(
            Some(&author.access_token),
            "mutation($id: ID!, $first: DocumentInput!, $second: DocumentInput!) { \
             a: updateDocument(id: $id, input: $first) { body } \
             b: updateDocument(id: $id, input: $second) { body } }",
            json!({ "id": id, "first": first, "second": second }),
        )
        .await;
    assert_eq!(
        (&changed["a"]["body"], &changed["b"]["body"]),
        (&json!("First draft"), &json!("Second draft"))
    );
    app.stop().await;
}
