//! The test harness: a real Praxis server in-process on port 0, each with its own database
//! (a SQLite file, or a fresh PostgreSQL database when `PRAXIS_TEST_DATABASE_URL` is set), spoken
//! to over HTTP and WebSocket exactly as a client would.
// A harness reports failure by panicking, like the tests that use it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod database;
pub mod ws;

use praxis_core::types::Role;
use praxis_server::{Config, RunningServer};
use praxis_service::NewUser;
use serde_json::{Value, json};

pub use database::TestDatabase;

pub struct TestApp {
    pub server: RunningServer,
    pub http: reqwest::Client,
    database: TestDatabase,
    _data_dir: tempfile::TempDir,
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub password: String,
    pub access_token: String,
    pub refresh_token: String,
}

/// A password strong enough for the policy, unique per call.
pub fn strong_password() -> String {
    format!("lantern-orchid-{}", uuid::Uuid::new_v4().simple())
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Spawns with a configuration adjusted by `adjust` (for production mode and the like).
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let database = TestDatabase::create(data_dir.path()).await;
        let mut config = Config {
            data_dir: data_dir.path().to_path_buf(),
            database_url: Some(database.url().to_owned().into()),
            bind: "127.0.0.1:0".parse().unwrap(),
            ..Config::default()
        };
        adjust(&mut config);
        let server = praxis_server::spawn(config).await.expect("server starts");
        Self { server, http: reqwest::Client::new(), database, _data_dir: data_dir }
    }

    /// Spawns on PostgreSQL, or returns `None` (the test then has nothing to do) when the tests
    /// run on SQLite: for tests of transactions running side by side, which SQLite's one writer
    /// never lets happen.
    pub async fn spawn_on_postgres() -> Option<Self> {
        let app = Self::spawn().await;
        if app.is_postgres() {
            return Some(app);
        }
        app.stop().await;
        None
    }

    /// Whether this app's database is PostgreSQL (else SQLite).
    pub fn is_postgres(&self) -> bool {
        self.database.is_postgres()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// Sends a GraphQL request and returns the whole response body.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .http
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent").json().await.expect("JSON response")
    }

    /// Sends a GraphQL request and returns `data`, failing the test on any error.
    pub async fn data(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let response = self.gql(token, query, variables).await;
        assert!(response.get("errors").is_none(), "unexpected errors: {response:#}");
        response["data"].clone()
    }

    /// Creates an account through the service (as `praxis user create` does) and signs it in
    /// over GraphQL.
    pub async fn user(&self, role: Role) -> TestUser {
        let email = format!("{}@praxis.test", uuid::Uuid::new_v4().simple());
        let password = strong_password();
        self.server
            .praxis
            .create_user(NewUser {
                email: email.clone(),
                password: password.clone(),
                display_name: format!("Test {}", role.as_str().to_lowercase()),
                role,
            })
            .await
            .expect("user created");
        self.login(&email, &password).await
    }

    pub async fn login(&self, email: &str, password: &str) -> TestUser {
        let data = self
            .data(
                None,
                "mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id } } }",
                json!({ "input": { "email": email, "password": password } }),
            )
            .await;
        TestUser {
            id: data["login"]["user"]["id"].as_str().unwrap().to_owned(),
            email: email.to_owned(),
            password: password.to_owned(),
            access_token: data["login"]["accessToken"].as_str().unwrap().to_owned(),
            refresh_token: data["login"]["refreshToken"].as_str().unwrap().to_owned(),
        }
    }

    /// Creates a space as `admin` and returns its id.
    pub async fn space(
        &self,
        admin: &TestUser,
        slug: &str,
        visibility: &str,
        posting: &str,
    ) -> String {
        let data = self
            .data(
                Some(&admin.access_token),
                "mutation($input: CreateSpaceInput!) { createSpace(input: $input) { id } }",
                json!({ "input": { "slug": slug, "name": slug, "visibility": visibility, "postingPolicy": posting } }),
            )
            .await;
        data["createSpace"]["id"].as_str().unwrap().to_owned()
    }

    pub async fn add_member(&self, admin: &TestUser, space_id: &str, user: &TestUser) {
        self.membership("addSpaceMember", admin, space_id, user).await;
    }

    pub async fn remove_member(&self, admin: &TestUser, space_id: &str, user: &TestUser) {
        self.membership("removeSpaceMember", admin, space_id, user).await;
    }

    async fn membership(&self, mutation: &str, admin: &TestUser, space_id: &str, user: &TestUser) {
        self.data(
            Some(&admin.access_token),
            &format!(
                "mutation($s: ID!, $u: ID!) {{ {mutation}(spaceId: $s, userId: $u) {{ id }} }}"
            ),
            json!({ "s": space_id, "u": user.id }),
        )
        .await;
    }

    /// Starts a thread and returns (thread id, opening post id).
    pub async fn thread(
        &self,
        author: &TestUser,
        space_id: &str,
        title: &str,
        kind: &str,
    ) -> (String, String) {
        let body = format!("Opening post of {title}");
        self.thread_with_body(author, space_id, title, &body, kind).await
    }

    /// Starts a thread whose opening post is `body`; returns (thread id, opening post id).
    pub async fn thread_with_body(
        &self,
        author: &TestUser,
        space_id: &str,
        title: &str,
        body: &str,
        kind: &str,
    ) -> (String, String) {
        let data = self
            .data(
                Some(&author.access_token),
                "mutation($input: CreateThreadInput!) { createThread(input: $input) { id posts(first: 1) { edges { node { id } } } } }",
                json!({ "input": { "spaceId": space_id, "title": title, "body": body, "kind": kind } }),
            )
            .await;
        let thread = &data["createThread"];
        (
            thread["id"].as_str().unwrap().to_owned(),
            thread["posts"]["edges"][0]["node"]["id"].as_str().unwrap().to_owned(),
        )
    }

    pub async fn reply(&self, author: &TestUser, thread_id: &str, body: &str) -> String {
        let data = self
            .data(
                Some(&author.access_token),
                "mutation($input: ReplyInput!) { reply(input: $input) { id } }",
                json!({ "input": { "threadId": thread_id, "body": body } }),
            )
            .await;
        data["reply"]["id"].as_str().unwrap().to_owned()
    }

    /// Submits the author's document and has the moderator publish it.
    pub async fn publish(&self, author: &TestUser, moderator: &TestUser, id: &str) {
        self.data(
            Some(&author.access_token),
            "mutation($id: ID!) { submitDocument(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
        self.data(
            Some(&moderator.access_token),
            "mutation($id: ID!) { reviewDocument(id: $id, decision: PUBLISH) { status } }",
            json!({ "id": id }),
        )
        .await;
    }

    /// Waits until every change so far is searchable.
    pub async fn indexed(&self) {
        self.server.praxis.index_until_caught_up().await.expect("indexing");
    }

    pub fn statements_run(&self) -> u64 {
        self.server.statements_run()
    }

    /// Shuts the server down gracefully and drops the test's database.
    pub async fn stop(self) {
        self.server.shutdown().await.expect("clean shutdown");
        self.database.drop_database().await;
    }

    /// Begins `stop` in the background, so a test can watch its clients while the server shuts
    /// down; await the handle to know the shutdown finished cleanly.
    pub fn stop_in_background(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(self.stop())
    }
}

/// The `extensions.code` of the first error.
pub fn error_code(response: &Value) -> Option<&str> {
    response["errors"][0]["extensions"]["code"].as_str()
}

/// The node ids of a search's hits, best first.
pub fn hit_ids(response: &Value) -> Vec<&str> {
    response["data"]["search"]["edges"]
        .as_array()
        .expect("a search's hits")
        .iter()
        .map(|e| e["node"]["node"]["id"].as_str().expect("a hit's node id"))
        .collect()
}

/// The `extensions.field` of the first error.
pub fn error_field(response: &Value) -> Option<&str> {
    response["errors"][0]["extensions"]["field"].as_str()
}
