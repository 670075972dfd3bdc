//! Accounts and sessions: register, login, refresh rotation, logout, throttling, roles, privacy.

use praxis_core::types::Role;
use praxis_tests::{TestApp, error_code, error_field, strong_password};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($input: RegisterInput!) {
    register(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id displayName email role country organization { name actorType } } }
}";
const LOGIN: &str = "mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id } } }";
const REFRESH: &str =
    "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }";
const VIEWER: &str = "{ viewer { id displayName email } }";

fn registration(email: &str) -> Value {
    json!({ "input": {
        "email": email,
        "password": strong_password(),
        "displayName": "Mai Nguyen",
        "organizationName": "Hanoi Women's Network",
        "country": "vn",
        "locale": "vi"
    } })
}

async fn login(app: &TestApp, email: &str, password: &str) -> Value {
    app.gql(None, LOGIN, json!({ "input": { "email": email, "password": password } })).await
}

#[tokio::test]
async fn register_signs_in_and_the_viewer_sees_their_own_email() {
    let app = TestApp::spawn().await;
    let data = app.data(None, REGISTER, registration("Mai@Example.org")).await;
    let payload = &data["register"];
    assert_eq!(payload["user"]["email"], "mai@example.org");
    assert_eq!(payload["user"]["role"], "MEMBER");
    assert_eq!(payload["user"]["country"], "VN");
    assert_eq!(payload["user"]["organization"]["name"], "Hanoi Women's Network");
    assert_eq!(payload["user"]["organization"]["actorType"], "OTHER");
    let token = payload["accessToken"].as_str().unwrap();
    let viewer = app.data(Some(token), VIEWER, json!({})).await;
    assert_eq!(viewer["viewer"]["email"], "mai@example.org");
    assert_eq!(app.data(None, VIEWER, json!({})).await["viewer"], Value::Null);
    app.stop().await;
}

#[tokio::test]
async fn bad_registrations_are_refused_with_the_field_and_create_nothing() {
    let app = TestApp::spawn().await;
    let cases = [
        ("email", json!({ "email": "not-an-email" })),
        ("password", json!({ "password": "short" })),
        ("password", json!({ "password": "password1234" })),
        ("displayName", json!({ "displayName": "   " })),
        ("displayName", json!({ "displayName": "x".repeat(81) })),
        ("country", json!({ "country": "Atlantis" })),
        ("locale", json!({ "locale": "not a language" })),
    ];
    for (field, overrides) in cases {
        let mut variables = registration("someone@example.org");
        for (key, value) in overrides.as_object().unwrap() {
            variables["input"][key] = value.clone();
        }
        let response = app.gql(None, REGISTER, variables).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{field}: {response}");
        assert_eq!(error_field(&response), Some(field), "{response}");
        assert_eq!(response["data"], Value::Null);
    }
    // None of the refused attempts created the account: it can still be registered.
    app.data(None, REGISTER, registration("someone@example.org")).await;
    app.stop().await;
}

#[tokio::test]
async fn a_duplicate_email_is_a_conflict() {
    let app = TestApp::spawn().await;
    app.data(None, REGISTER, registration("dup@example.org")).await;
    let again = app.gql(None, REGISTER, registration("DUP@example.org")).await;
    assert_eq!(error_code(&again), Some("CONFLICT"));
    assert_eq!(error_field(&again), Some("email"));
    app.stop().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let user = app.user(Role::Member).await;
    let wrong = login(&app, &user.email, "lantern-orchid-wrong").await;
    let unknown = login(&app, "nobody@praxis.test", "lantern-orchid-wrong").await;
    assert_eq!(error_code(&wrong), Some("UNAUTHENTICATED"));
    assert_eq!(wrong["errors"][0]["message"], unknown["errors"][0]["message"]);
    assert_eq!(error_code(&unknown), Some("UNAUTHENTICATED"));
    app.stop().await;
}

#[tokio::test]
async fn repeated_failed_logins_are_rate_limited_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    let user = app.user(Role::Member).await;
    for _ in 0..5 {
        let response = login(&app, &user.email, "lantern-orchid-wrong").await;
        assert_eq!(error_code(&response), Some("UNAUTHENTICATED"));
    }
    let limited = login(&app, &user.email, &user.password).await;
    assert_eq!(error_code(&limited), Some("RATE_LIMITED"), "{limited}");
    assert!(limited["errors"][0]["message"].as_str().unwrap().contains("try again"));
    app.stop().await;
}

#[tokio::test]
async fn refresh_rotates_and_reusing_an_old_token_revokes_the_session() {
    let app = TestApp::spawn().await;
    let user = app.user(Role::Member).await;
    let first = app.data(None, REFRESH, json!({ "t": user.refresh_token })).await;
    let rotated = first["refreshSession"]["refreshToken"].as_str().unwrap().to_owned();
    let access = first["refreshSession"]["accessToken"].as_str().unwrap().to_owned();
    assert_ne!(rotated, user.refresh_token);
    assert_eq!(app.data(Some(&access), VIEWER, json!({})).await["viewer"]["id"], user.id.as_str());

    // The old token again: someone replayed it, so the whole family ends.
    let replay = app.gql(None, REFRESH, json!({ "t": user.refresh_token })).await;
    assert_eq!(error_code(&replay), Some("UNAUTHENTICATED"));
    let rotated_after = app.gql(None, REFRESH, json!({ "t": rotated })).await;
    assert_eq!(error_code(&rotated_after), Some("UNAUTHENTICATED"));
    let access_after = app.gql(Some(&access), VIEWER, json!({})).await;
    assert_eq!(error_code(&access_after), Some("UNAUTHENTICATED"));

    let garbage = app.gql(None, REFRESH, json!({ "t": "not-a-token" })).await;
    assert_eq!(error_code(&garbage), Some("UNAUTHENTICATED"));
    app.stop().await;
}

#[tokio::test]
async fn logout_ends_the_access_and_refresh_tokens_at_once() {
    let app = TestApp::spawn().await;
    let user = app.user(Role::Member).await;
    let other_session = app.login(&user.email, &user.password).await;
    let out = app.data(Some(&user.access_token), "mutation { logout }", json!({})).await;
    assert_eq!(out["logout"], true);
    let after = app.gql(Some(&user.access_token), VIEWER, json!({})).await;
    assert_eq!(error_code(&after), Some("UNAUTHENTICATED"));
    let refresh = app.gql(None, REFRESH, json!({ "t": user.refresh_token })).await;
    assert_eq!(error_code(&refresh), Some("UNAUTHENTICATED"));
    // Other sessions of the same person go on.
    let other = app.data(Some(&other_session.access_token), VIEWER, json!({})).await;
    assert_eq!(other["viewer"]["id"], user.id.as_str());
    let anonymous = app.gql(None, "mutation { logout }", json!({})).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    app.stop().await;
}

#[tokio::test]
async fn emails_are_visible_only_to_their_owner_and_admins() {
    let app = TestApp::spawn().await;
    let owner = app.user(Role::Member).await;
    let other = app.user(Role::Moderator).await;
    let admin = app.user(Role::Admin).await;
    let query = "query($id: ID!) { node(id: $id) { ... on User { email role } } }";
    let vars = json!({ "id": owner.id });
    let as_other = app.data(Some(&other.access_token), query, vars.clone()).await;
    assert_eq!(as_other["node"]["email"], Value::Null);
    assert_eq!(as_other["node"]["role"], "MEMBER");
    assert_eq!(app.data(None, query, vars.clone()).await["node"]["email"], Value::Null);
    let as_admin = app.data(Some(&admin.access_token), query, vars.clone()).await;
    assert_eq!(as_admin["node"]["email"], owner.email.as_str());
    let as_owner = app.data(Some(&owner.access_token), query, vars).await;
    assert_eq!(as_owner["node"]["email"], owner.email.as_str());
    app.stop().await;
}

#[tokio::test]
async fn only_admins_create_spaces() {
    let app = TestApp::spawn().await;
    let create =
        "mutation($input: CreateSpaceInput!) { createSpace(input: $input) { slug visibility } }";
    let input = json!({ "input": { "slug": "gender-and-climate", "name": "Gender and climate", "visibility": "PUBLIC" } });
    for role in [Role::Member, Role::FocalPoint, Role::Moderator] {
        let user = app.user(role).await;
        let response = app.gql(Some(&user.access_token), create, input.clone()).await;
        assert_eq!(error_code(&response), Some("FORBIDDEN"), "{role}");
    }
    assert_eq!(error_code(&app.gql(None, create, input.clone()).await), Some("UNAUTHENTICATED"));
    let admin = app.user(Role::Admin).await;
    let created = app.data(Some(&admin.access_token), create, input.clone()).await;
    assert_eq!(created["createSpace"]["slug"], "gender-and-climate");
    let again = app.gql(Some(&admin.access_token), create, input).await;
    assert_eq!(error_code(&again), Some("CONFLICT"));
    assert_eq!(error_field(&again), Some("slug"));
    let bad_slug =
        json!({ "input": { "slug": "Not A Slug", "name": "x", "visibility": "PUBLIC" } });
    let refused = app.gql(Some(&admin.access_token), create, bad_slug).await;
    assert_eq!(error_field(&refused), Some("slug"));
    app.stop().await;
}
