//! GraphQL hardening and bad transport input: query limits, page arguments, batches, methods,
//! content types, body sizes, error codes, production lockdown, security headers, dead tokens,
//! health checks, malformed ids and a graceful shutdown under a slow request.
// Helpers report failure by panicking, like the tests that use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use base64::Engine as _;

use praxis_core::ids::{GlobalId, NodeKind};
use praxis_core::types::Role;
use praxis_server::config::Environment;
use praxis_tests::{TestApp, error_code, error_field};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::{Value, json};

/// POSTs any JSON body (single or batch) and returns the status and the parsed response body.
async fn post_json(app: &TestApp, body: &Value) -> (StatusCode, Value) {
    let response =
        app.http.post(app.url("/graphql")).json(body).send().await.expect("request sent");
    let status = response.status();
    (status, response.json().await.expect("JSON response"))
}

/// POSTs raw bytes with the given content type.
async fn post_raw(
    app: &TestApp,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    post_raw_as(app, None, content_type, body).await
}

/// POSTs raw bytes with the given content type, with a bearer token if given.
async fn post_raw_as(
    app: &TestApp,
    token: Option<&str>,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    let mut request =
        app.http.post(app.url("/graphql")).header(CONTENT_TYPE, content_type).body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status();
    (status, response.json().await.expect("JSON response"))
}

/// Sends a GraphQL document over GET, as `?query=...`.
async fn get_query(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let response = app
        .http
        .get(app.url("/graphql"))
        .query(&[("query", query)])
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    (status, response.json().await.expect("JSON response"))
}

/// A request with a bearer token, returning the status too (the harness' `gql` hides it).
async fn gql_with_status(app: &TestApp, token: &str, query: &str) -> (StatusCode, Value) {
    let response = app
        .http
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    (status, response.json().await.expect("JSON response"))
}

/// Every error in the response carries `extensions.code`; returns how many errors there were.
fn assert_every_error_has_a_code(response: &Value) -> usize {
    let errors =
        response["errors"].as_array().unwrap_or_else(|| panic!("expected errors: {response:#}"));
    assert!(!errors.is_empty(), "expected errors: {response:#}");
    for error in errors {
        assert!(
            error["extensions"]["code"].is_string(),
            "error without extensions.code: {error:#}"
        );
    }
    errors.len()
}

/// `{ node(id: ...) { ... on Post { replyTo { replyTo { ... { id } } } } } }` with `levels` of replyTo.
fn reply_to_chain(levels: usize) -> String {
    let unknown_post = GlobalId::new(NodeKind::Post, uuid::Uuid::new_v4()).encode();
    let mut selection = "id".to_owned();
    for _ in 0..levels {
        selection = format!("replyTo {{ {selection} }}");
    }
    format!(r#"{{ node(id: "{unknown_post}") {{ ... on Post {{ {selection} }} }} }}"#)
}

#[tokio::test]
async fn queries_nested_deeper_than_the_limit_are_refused() {
    let app = TestApp::spawn().await;

    // node + 8 replyTo + id is well inside the limit: it runs (and finds nothing).
    let shallow = app.gql(None, &reply_to_chain(8), json!({})).await;
    assert!(shallow.get("errors").is_none(), "{shallow:#}");
    assert_eq!(shallow["data"]["node"], Value::Null);

    let too_deep = app.gql(None, &reply_to_chain(praxis_api::MAX_DEPTH + 2), json!({})).await;
    assert_eq!(error_code(&too_deep), Some("BAD_USER_INPUT"), "{too_deep:#}");
    assert!(too_deep["data"].is_null(), "nothing may run: {too_deep:#}");

    app.stop().await;
}

#[tokio::test]
async fn queries_over_the_complexity_limit_are_refused() {
    let app = TestApp::spawn().await;

    let modest = app.gql(None, "{ threads(first: 10) { edges { node { id } } } }", json!({})).await;
    assert!(modest.get("errors").is_none(), "{modest:#}");

    // Each alias may fetch 100 threads of 100 posts each: far beyond MAX_COMPLEXITY.
    let aliases: String = (0..5)
        .map(|i| {
            format!(
                "t{i}: threads(first: 100) {{ edges {{ node {{ posts(first: 100) {{ edges {{ node {{ id body }} }} }} }} }} }} "
            )
        })
        .collect();
    let heavy = app.gql(None, &format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(error_code(&heavy), Some("BAD_USER_INPUT"), "{heavy:#}");
    assert!(heavy["data"].is_null(), "nothing may run: {heavy:#}");

    app.stop().await;
}

#[tokio::test]
async fn page_arguments_out_of_range_or_forged_are_bad_input() {
    let app = TestApp::spawn().await;

    for first in [101, -1] {
        for query in [
            "query($n: Int) { threads(first: $n) { totalCount } }",
            "query($n: Int) { spaces(first: $n) { totalCount } }",
        ] {
            let response = app.gql(None, query, json!({ "n": first })).await;
            assert_eq!(
                error_code(&response),
                Some("BAD_USER_INPUT"),
                "first: {first}: {response:#}"
            );
            assert_eq!(error_field(&response), Some("first"), "first: {first}: {response:#}");
        }
    }

    let at_cap = app.gql(None, "{ threads(first: 100) { totalCount } }", json!({})).await;
    assert!(at_cap.get("errors").is_none(), "first: 100 is allowed: {at_cap:#}");

    let forged =
        app.gql(None, r#"{ threads(after: "not-a-cursor!") { totalCount } }"#, json!({})).await;
    assert_eq!(error_code(&forged), Some("BAD_USER_INPUT"), "{forged:#}");
    assert_eq!(error_field(&forged), Some("after"), "{forged:#}");

    app.stop().await;
}

#[tokio::test]
async fn batches_are_limited_in_size() {
    let app = TestApp::spawn().await;
    let operation = json!({ "query": "{ __typename }" });

    let (status, body) =
        post_json(&app, &json!(vec![operation.clone(); praxis_api::MAX_BATCH + 1])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body:#}");
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body:#}");

    let (status, body) = post_json(&app, &json!([operation.clone(), operation])).await;
    assert_eq!(status, StatusCode::OK, "{body:#}");
    let responses =
        body.as_array().unwrap_or_else(|| panic!("a batch answers with an array: {body:#}"));
    assert_eq!(responses.len(), 2);
    for response in responses {
        assert!(response["data"]["__typename"].is_string(), "{response:#}");
    }

    app.stop().await;
}

#[tokio::test]
async fn get_serves_queries_but_never_mutations() {
    let app = TestApp::spawn().await;

    let (status, body) = get_query(&app, "mutation { logout }").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body:#}");
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body:#}");

    // A mutation hidden behind a query in a multi-operation document is refused too.
    let (status, body) = get_query(&app, "query A { __typename } mutation B { logout }").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body:#}");

    let (status, body) = get_query(&app, "{ __typename threads(first: 1) { totalCount } }").await;
    assert_eq!(status, StatusCode::OK, "{body:#}");
    assert!(body["data"]["__typename"].is_string(), "{body:#}");
    assert_eq!(body["data"]["threads"]["totalCount"], 0, "{body:#}");

    // A document that does not parse is reported as such, not taken for a mutation.
    let (status, body) = get_query(&app, "{ threads(first: ").await;
    assert_eq!(status, StatusCode::OK, "{body:#}");
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("expected"), "the parser says what it expected: {body:#}");

    app.stop().await;
}

#[tokio::test]
async fn simple_request_content_types_are_refused() {
    let app = TestApp::spawn().await;
    let user = app.user(Role::Member).await;

    // What a cross-site form or a no-preflight fetch could send.
    for (content_type, body) in [
        ("text/plain", r#"{"query":"mutation { logout }"}"#),
        ("application/x-www-form-urlencoded", "query=mutation%20%7B%20logout%20%7D"),
    ] {
        // The token makes a wrongly accepted `logout` visible below.
        let (status, response) =
            post_raw_as(&app, Some(&user.access_token), content_type, body).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}: {response:#}");
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{content_type}: {response:#}");
    }

    // The refused `logout`s did not run: the session is still live.
    let viewer = app.data(Some(&user.access_token), "{ viewer { id } }", json!({})).await;
    assert_eq!(viewer["viewer"]["id"], user.id.as_str());

    app.stop().await;
}

#[tokio::test]
async fn oversized_and_malformed_bodies_are_refused_with_a_graphql_error() {
    let app = TestApp::spawn().await;

    let padding = "x".repeat(1024 * 1024 + 1);
    let oversized =
        json!({ "query": "{ __typename }", "variables": { "padding": padding } }).to_string();
    let (status, body) = post_raw(&app, "application/json", oversized).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body:#}");
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body:#}");

    // Without a Content-Length (chunked), the limit holds all the same.
    let chunks = (0..20).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64 * 1024]));
    let streamed = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let (status, body) = post_raw(&app, "application/json", streamed).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body:#}");
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body:#}");

    for malformed in [r#"{"query": "{ __typename }""#, "not json at all", "42", "[1, 2]"] {
        let (status, body) = post_raw(&app, "application/json", malformed).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{malformed}: {body:#}");
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{malformed}: {body:#}");
    }

    // Invalid UTF-8 inside a JSON string is bad input too, not a 500.
    let (status, body) =
        post_raw(&app, "application/json", b"{\"query\": \"{ __typename \xff }\"}".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body:#}");
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body:#}");

    app.stop().await;
}

#[tokio::test]
async fn every_engine_error_carries_a_code() {
    let app = TestApp::spawn().await;

    for query in [
        "{ threads(first: 1) { totalCount }",            // syntax error
        "{ noSuchField }",                               // unknown field
        r#"{ threads(first: "ten") { totalCount } }"#,   // wrong argument type
        "{ threads(orderBy: SIDEWAYS) { totalCount } }", // unknown enum value
        "query($n: Int!) { threads(first: $n) { totalCount } }", // missing variable
        "{ threads { edges { node { posts } } } }",      // object without a selection
    ] {
        let response = app.gql(None, query, json!({})).await;
        assert_every_error_has_a_code(&response);
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{query}: {response:#}");
    }

    app.stop().await;
}

#[tokio::test]
async fn production_hides_the_schema() {
    let app = TestApp::spawn_with(|config| config.env = Environment::Production).await;

    // async-graphql answers disabled introspection with null rather than an error: either way,
    // no type of the schema may be named in the answer.
    let introspection = app.gql(None, "{ __schema { types { name } } }", json!({})).await;
    assert!(introspection["data"]["__schema"].is_null(), "{introspection:#}");
    assert!(!introspection.to_string().contains("Thread"), "{introspection:#}");

    let type_probe =
        app.gql(None, r#"{ __type(name: "User") { name fields { name } } }"#, json!({})).await;
    assert!(type_probe["data"]["__type"].is_null(), "{type_probe:#}");
    assert!(!type_probe.to_string().contains("displayName"), "{type_probe:#}");

    let misspelled = app.gql(None, "{ threadz { totalCount } }", json!({})).await;
    assert_every_error_has_a_code(&misspelled);
    let message = misspelled["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(!message.contains("Did you mean"), "suggestions leak the schema: {message}");

    let graphiql = app.http.get(app.url("/graphiql")).send().await.expect("request sent");
    let status = graphiql.status();
    let page = graphiql.text().await.expect("body");
    assert!(
        !(status == StatusCode::OK && page.to_lowercase().contains("graphiql")),
        "GraphiQL is served in production ({status})"
    );

    app.stop().await;
}

#[tokio::test]
async fn development_offers_introspection_suggestions_and_graphiql() {
    let app = TestApp::spawn().await;

    let introspection = app.data(None, "{ __schema { types { name } } }", json!({})).await;
    let types = introspection["__schema"]["types"].as_array().expect("types");
    assert!(types.iter().any(|t| t["name"] == "Thread"), "{introspection:#}");

    let misspelled = app.gql(None, "{ threadz { totalCount } }", json!({})).await;
    let message = misspelled["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("Did you mean"), "development keeps suggestions: {message}");

    let graphiql = app.http.get(app.url("/graphiql")).send().await.expect("request sent");
    assert_eq!(graphiql.status(), StatusCode::OK);
    assert!(graphiql.text().await.expect("body").to_lowercase().contains("graphiql"));

    app.stop().await;
}

/// The directive's sources, or the default-src ones when the policy has no such directive.
fn csp_directive<'a>(policy: &'a str, name: &str) -> Option<&'a str> {
    let find = |wanted: &str| {
        policy
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix(wanted).filter(|rest| rest.starts_with(' ')))
    };
    find(name).or_else(|| find("default-src"))
}

fn assert_security_headers(what: &str, headers: &HeaderMap) {
    let header =
        |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let csp = header("content-security-policy");
    assert!(!csp.is_empty(), "{what}: no Content-Security-Policy");
    let scripts = csp_directive(&csp, "script-src")
        .unwrap_or_else(|| panic!("{what}: CSP without script-src: {csp}"));
    assert!(!scripts.contains("'unsafe-inline'"), "{what}: inline script allowed: {csp}");
    assert_eq!(
        csp_directive(&csp, "frame-ancestors").map(str::trim),
        Some("'none'"),
        "{what}: {csp}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;

    let graphql = app
        .http
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_security_headers("POST /graphql", graphql.headers());
    let refused = app
        .http
        .post(app.url("/graphql"))
        .header(CONTENT_TYPE, "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_security_headers("refused POST /graphql", refused.headers());
    let health = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_security_headers("GET /healthz", health.headers());
    let missing = app.http.get(app.url("/no/such/page")).send().await.unwrap();
    assert_security_headers("GET /no/such/page", missing.headers());

    app.stop().await;
}

#[tokio::test]
async fn invalid_and_ended_tokens_are_unauthenticated() {
    let app = TestApp::spawn().await;
    let user = app.user(Role::Member).await;

    for token in ["not-a-token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"] {
        let (status, body) = gql_with_status(&app, token, "{ viewer { id } }").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body:#}");
        assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body:#}");
    }

    let (status, body) = gql_with_status(&app, &user.access_token, "{ viewer { id } }").await;
    assert_eq!(status, StatusCode::OK, "{body:#}");
    assert_eq!(body["data"]["viewer"]["id"], user.id.as_str());

    let (status, body) = gql_with_status(&app, &user.access_token, "mutation { logout }").await;
    assert_eq!((status, &body["data"]["logout"]), (StatusCode::OK, &json!(true)), "{body:#}");

    let (status, body) = gql_with_status(&app, &user.access_token, "{ viewer { id } }").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the token outlived its session: {body:#}");
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body:#}");

    // The same over GET.
    let response = app
        .http
        .get(app.url("/graphql"))
        .query(&[("query", "{ viewer { id } }")])
        .bearer_auth(&user.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body:#}");

    app.stop().await;
}

#[tokio::test]
async fn health_checks_answer() {
    let app = TestApp::spawn().await;
    for path in ["/healthz", "/readyz"] {
        let response = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    app.stop().await;
}

#[tokio::test]
async fn malformed_ids_are_bad_input_and_unknown_ones_are_null() {
    let app = TestApp::spawn().await;

    for query in [r#"{ thread(id: "nope") { id } }"#, r#"{ node(id: "nope") { id } }"#] {
        let response = app.gql(None, query, json!({})).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{query}: {response:#}");
        assert_eq!(error_field(&response), Some("id"), "{query}: {response:#}");
    }

    // A well-formed id of the wrong kind is malformed for `thread`.
    let space_id = GlobalId::new(NodeKind::Space, uuid::Uuid::new_v4()).encode();
    let response = app
        .gql(None, "query($id: ID!) { thread(id: $id) { id } }", json!({ "id": space_id }))
        .await;
    assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{response:#}");

    let unknown_thread = GlobalId::new(NodeKind::Thread, uuid::Uuid::new_v4()).encode();
    let data = app
        .data(None, "query($id: ID!) { thread(id: $id) { id } }", json!({ "id": unknown_thread }))
        .await;
    assert_eq!(data["thread"], Value::Null);
    let data = app
        .data(None, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": unknown_thread }))
        .await;
    assert_eq!(data["node"], Value::Null);
    let data = app
        .data(
            None,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            json!({ "ids": [unknown_thread] }),
        )
        .await;
    assert_eq!(data["nodes"], json!([null]));

    app.stop().await;
}

/// PostgreSQL can neither store nor compare the NUL character (U+0000): with one in a name, a
/// slug, a tag or a link, the statement failed inside the database and the caller saw INTERNAL,
/// where SQLite answered. However the text is sent, it is refused first, with where it is, and
/// nothing is written.
#[tokio::test]
async fn text_holding_a_nul_character_is_refused_with_where_it_is() {
    let app = TestApp::spawn().await;
    let moderator = app.user(Role::Moderator).await;
    let token = Some(moderator.access_token.as_str());
    let report = json!({ "title": "Shelters", "kind": "REPORT", "summary": "Lessons learned",
        "language": "en", "sourceUrl": "https://example.org/report\u{0}.pdf" });
    let organizations = "query($s: String!) { organizations(search: $s) { id } }";
    let login = "mutation($i: LoginInput!) { login(input: $i) { accessToken } }";
    let sign_in = json!({ "i": { "email": "mai\u{0}@example.org", "password": "not needed" } });
    let cases = [
        (None, organizations, json!({ "s": "a\u{0}b" }), "`$s`", "s"),
        (
            None,
            "query($slug: String!) { space(slug: $slug) { id } }",
            json!({ "slug": "wps\u{0}" }),
            "`$slug`",
            "slug",
        ),
        (None, login, sign_in, "`$i.email`", "email"),
        (
            None,
            r#"{ threads(filter: { tag: "gbv\u0000" }) { totalCount } }"#,
            json!({}),
            "`threads(filter:).tag`",
            "tag",
        ),
        (
            token,
            "query($s: String!) { users(search: $s) { id } }",
            json!({ "s": "\u{0}Mai" }),
            "`$s`",
            "s",
        ),
        (
            token,
            "mutation($i: DocumentInput!) { createDocument(input: $i) { id } }",
            json!({ "i": report }),
            "`$i.sourceUrl`",
            "sourceUrl",
        ),
    ];
    for (token, query, variables, place, field) in cases {
        let response = app.gql(token, query, variables).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{query}: {response:#}");
        assert_eq!(error_field(&response), Some(field), "{query}: {response:#}");
        let message = response["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(place) && message.contains("U+0000"), "{query}: {message}");
        assert_eq!(response["data"], Value::Null, "{query}: refused before it ran");
    }
    let (status, response) = get_query(&app, r#"{ space(slug: "wps\u0000") { id } }"#).await;
    assert_eq!((status, error_code(&response)), (StatusCode::OK, Some("BAD_USER_INPUT")));
    // A cursor is the server's, but a client can forge one; the title in it is compared in SQL.
    let forged = json!({ "at": null, "title": "\u{0}", "id": uuid::Uuid::new_v4() }).to_string();
    let after = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged);
    let query = "query($after: String) { documents(orderBy: TITLE, after: $after) { totalCount } }";
    let response = app.gql(None, query, json!({ "after": after })).await;
    assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{response:#}");
    assert_eq!(error_field(&response), Some("after"), "{response:#}");
    let documents = app.data(token, "{ documents { totalCount } }", json!({})).await;
    assert_eq!(documents["documents"]["totalCount"], 0, "nothing was written");
    app.stop().await;
}

#[tokio::test]
async fn a_request_in_flight_completes_during_graceful_shutdown() {
    let app = TestApp::spawn().await;
    let url = app.url("/graphql");
    let health_url = app.url("/healthz");
    let client = app.http.clone();

    let body = json!({ "query": "{ threads(first: 1) { totalCount } }" }).to_string().into_bytes();
    let (head, tail) = body.split_at(body.len() / 2);
    let (first, second) = head.split_at(head.len() / 2);
    // Capacity 1: the second send returns only once the client has taken the first chunk, that
    // is, once the request is on its way; the tail follows only after shutdown has begun.
    let (chunks, receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    let request = tokio::spawn(async move {
        let response = client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .body(reqwest::Body::wrap_stream(stream))
            .send()
            .await
            .expect("the request completes");
        let status = response.status();
        (status, response.json::<Value>().await.expect("JSON response"))
    });

    chunks.send(Ok(first.to_vec())).await.unwrap();
    chunks.send(Ok(second.to_vec())).await.unwrap();
    // Give the server a generous moment to read the request head before shutdown begins.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stopping = app.stop_in_background();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!stopping.is_finished(), "shutdown must wait for the request in flight");
    // Shutdown really has begun: a new connection is no longer served.
    let fresh = tokio::time::timeout(Duration::from_secs(2), reqwest::get(&health_url)).await;
    assert!(!matches!(fresh, Ok(Ok(_))), "a new connection was served during shutdown");
    chunks.send(Ok(tail.to_vec())).await.unwrap();
    drop(chunks);

    let (status, response) = tokio::time::timeout(Duration::from_secs(10), request)
        .await
        .expect("the request finishes in time")
        .unwrap();
    assert_eq!(status, StatusCode::OK, "{response:#}");
    assert_eq!(response["data"]["threads"]["totalCount"], 0, "{response:#}");
    tokio::time::timeout(Duration::from_secs(10), stopping)
        .await
        .expect("shutdown finishes once the request is done")
        .unwrap();
}

#[tokio::test]
async fn api_responses_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::spawn().await;
    let query = json!({ "query": "{ taxonomy { countries { code label } } }" });
    let plain = app.http.post(app.url("/graphql")).json(&query).send().await.unwrap();
    assert_eq!(plain.headers().get("content-encoding"), None);
    let plain_length = plain.bytes().await.unwrap().len();

    let gzipped = app
        .http
        .post(app.url("/graphql"))
        .header("accept-encoding", "gzip")
        .json(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    let compressed = gzipped.bytes().await.unwrap();
    assert!(compressed.len() * 3 < plain_length, "{} of {plain_length}", compressed.len());
    let mut inflated = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut inflated,
    )
    .unwrap();
    let body: Value = serde_json::from_str(&inflated).unwrap();
    assert!(body["data"]["taxonomy"]["countries"].as_array().unwrap().len() > 100);
    app.stop().await;
}
