//! A user's own profile, and the directory of organisations and people behind the pickers.

use praxis_core::types::Role;
use praxis_tests::{TestApp, error_code, error_field, strong_password};
use serde_json::{Value, json};

const UPDATE: &str = "mutation($input: UpdateProfileInput!) {
    updateProfile(input: $input) { displayName country locale organization { name } }
}";
const VIEWER: &str = "{ viewer { displayName country locale organization { id name verified } } }";
const ORGANIZATIONS: &str = "query($s: String!) { organizations(search: $s) { id name verified } }";
const USERS: &str = "query($s: String!) { users(search: $s) { id displayName email } }";
const VERIFY: &str = "mutation($id: ID!, $v: Boolean!) { setOrganizationVerified(id: $id, verified: $v) { verified } }";

async fn register(app: &TestApp, email: &str, name: &str, organization: &str) -> String {
    let data = app
        .data(
            None,
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken } }",
            json!({ "input": { "email": email, "password": strong_password(), "displayName": name,
                "organizationName": organization, "country": "TH" } }),
        )
        .await;
    data["register"]["accessToken"].as_str().unwrap().to_owned()
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_user_changes_their_profile_and_what_is_left_out_stays() {
    let app = TestApp::spawn().await;
    let token = register(&app, "dao@example.org", "Dao", "Bangkok Peace Circle").await;

    let updated = app
        .data(Some(&token), UPDATE, json!({ "input": { "displayName": "Dao P.", "locale": "th" } }))
        .await;
    assert_eq!(updated["updateProfile"]["displayName"], "Dao P.");
    assert_eq!(updated["updateProfile"]["locale"], "th");
    assert_eq!(updated["updateProfile"]["country"], "TH");
    assert_eq!(updated["updateProfile"]["organization"]["name"], "Bangkok Peace Circle");

    let moved = app
        .data(
            Some(&token),
            UPDATE,
            json!({ "input": { "organizationName": "Mekong Women Mediators", "country": "lao" } }),
        )
        .await;
    assert_eq!(moved["updateProfile"]["organization"]["name"], "Mekong Women Mediators");
    assert_eq!(moved["updateProfile"]["country"], "LA");

    let cleared = app
        .data(Some(&token), UPDATE, json!({ "input": { "organizationName": "", "locale": " " } }))
        .await;
    assert_eq!(cleared["updateProfile"]["organization"], Value::Null);
    assert_eq!(cleared["updateProfile"]["locale"], Value::Null);
    let viewer = app.data(Some(&token), VIEWER, json!({})).await;
    assert_eq!(viewer["viewer"]["displayName"], "Dao P.");
    assert_eq!(viewer["viewer"]["country"], "LA");
    app.stop().await;
}

#[tokio::test]
async fn a_bad_profile_change_names_its_field_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let token = register(&app, "lin@example.org", "Lin", "Yangon Women's League").await;
    let cases = [
        ("displayName", json!({ "displayName": "  " })),
        ("country", json!({ "country": "Atlantis", "displayName": "Changed" })),
        ("locale", json!({ "locale": "not a language" })),
        ("organizationName", json!({ "organizationName": "x".repeat(201) })),
    ];
    for (field, input) in cases {
        let response = app.gql(Some(&token), UPDATE, json!({ "input": input })).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{field}: {response}");
        assert_eq!(error_field(&response), Some(field), "{response}");
    }
    let viewer = app.data(Some(&token), VIEWER, json!({})).await;
    assert_eq!(viewer["viewer"]["displayName"], "Lin");
    assert_eq!(viewer["viewer"]["country"], "TH");
    assert_eq!(viewer["viewer"]["organization"]["name"], "Yangon Women's League");

    let anonymous = app.gql(None, UPDATE, json!({ "input": { "displayName": "Someone" } })).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    app.stop().await;
}

#[tokio::test]
async fn organisations_are_found_by_name_and_strangers_see_only_verified_ones() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let member = register(&app, "ana@example.org", "Ana", "Women's Network of Timor").await;
    register(&app, "sri@example.org", "Sri", "Aceh Women's Network").await;

    let signed_in = app.data(Some(&member), ORGANIZATIONS, json!({ "s": "NETWORK" })).await;
    assert_eq!(
        names(&signed_in["organizations"]),
        ["Aceh Women's Network", "Women's Network of Timor"]
    );
    // A stranger cannot list the small groups people signed up with...
    let stranger = app.data(None, ORGANIZATIONS, json!({ "s": "network" })).await;
    assert_eq!(names(&stranger["organizations"]), Vec::<&str>::new());

    // ...until an admin verifies one, which is then listed first.
    let timor = signed_in["organizations"][1]["id"].as_str().unwrap();
    let refused = app.gql(Some(&member), VERIFY, json!({ "id": timor, "v": true })).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    app.data(Some(&admin.access_token), VERIFY, json!({ "id": timor, "v": true })).await;
    let stranger = app.data(None, ORGANIZATIONS, json!({ "s": "network" })).await;
    assert_eq!(names(&stranger["organizations"]), ["Women's Network of Timor"]);
    let signed_in = app.data(Some(&member), ORGANIZATIONS, json!({ "s": "network" })).await;
    assert_eq!(
        names(&signed_in["organizations"]),
        ["Women's Network of Timor", "Aceh Women's Network"]
    );

    // Accents, tone marks and case do not matter: "uy ban" finds "Ủy ban".
    register(&app, "ha@example.org", "Hạnh", "Ủy ban Quốc gia vì sự tiến bộ của phụ nữ").await;
    let folded = app.data(Some(&member), ORGANIZATIONS, json!({ "s": "UY BAN quoc" })).await;
    assert_eq!(names(&folded["organizations"]), ["Ủy ban Quốc gia vì sự tiến bộ của phụ nữ"]);

    // Wildcards are taken literally, and too short a search is refused with its limits.
    let literal = app.data(Some(&member), ORGANIZATIONS, json!({ "s": "%_" })).await;
    assert_eq!(names(&literal["organizations"]), Vec::<&str>::new());
    let short = app.gql(Some(&member), ORGANIZATIONS, json!({ "s": "a" })).await;
    assert_eq!(error_code(&short), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&short), Some("search"));
    app.stop().await;
}

#[tokio::test]
async fn only_admins_and_space_moderators_can_look_people_up() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let member = app.user(Role::Member).await;
    let space_moderator = app.user(Role::Member).await;
    register(&app, "kanya@example.org", "Kanya Srisuk", "Chiang Mai Circle").await;

    for token in [None, Some(member.access_token.as_str())] {
        let refused = app.gql(token, USERS, json!({ "s": "kanya" })).await;
        assert!(matches!(error_code(&refused), Some("UNAUTHENTICATED" | "FORBIDDEN")), "{refused}");
        assert_eq!(refused["data"], Value::Null);
    }

    let space = app.space(&admin, "working-group", "PRIVATE", "EVERYONE").await;
    app.data(
        Some(&admin.access_token),
        "mutation($s: ID!, $u: ID!) { addSpaceMember(spaceId: $s, userId: $u, role: MODERATOR) { id } }",
        json!({ "s": space, "u": space_moderator.id }),
    )
    .await;
    let found =
        app.data(Some(&space_moderator.access_token), USERS, json!({ "s": "SRISUK" })).await;
    assert_eq!(found["users"][0]["displayName"], "Kanya Srisuk");
    assert_eq!(found["users"][0]["email"], Value::Null, "moderators do not see emails");
    let by_email = app
        .data(Some(&space_moderator.access_token), USERS, json!({ "s": "kanya@example.org" }))
        .await;
    assert_eq!(by_email["users"], json!([]), "only admins find people by email");

    let admin_found =
        app.data(Some(&admin.access_token), USERS, json!({ "s": "Kanya@Example.org" })).await;
    assert_eq!(admin_found["users"][0]["email"], "kanya@example.org");
    app.stop().await;
}
