//! The `praxis` binary as an operator runs it: each test in an empty temp dir as the current
//! directory, with no `PRAXIS_*` variables, so the defaults (./data, SQLite) are what is tested.
// Helpers report failure by panicking, like the tests that use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long a server gets to start answering /healthz.
const STARTUP: Duration = Duration::from_secs(30);
/// How long a server gets to exit after SIGTERM.
const PROMPT_EXIT: Duration = Duration::from_secs(10);

/// `praxis` with `args`, run in `dir`, without any PRAXIS_* variable from the test's environment.
fn praxis(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_praxis"));
    command.args(args).current_dir(dir);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PRAXIS_") {
            command.env_remove(name);
        }
    }
    command
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.local_addr().expect("local addr").port()
}

/// Runs a one-shot command, feeding `stdin`, and returns its output.
fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = praxis(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("praxis starts");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("praxis runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A `praxis serve` running in the background; killed if a test fails before stopping it.
struct Server {
    child: Option<Child>,
    url: String,
    stdout: mpsc::Receiver<String>,
    log: std::path::PathBuf,
}

impl Server {
    /// Starts `praxis serve` on a free port with `extra` arguments and waits until /healthz answers.
    async fn start(dir: &Path, extra: &[&str]) -> Self {
        let port = free_port();
        let bind = format!("127.0.0.1:{port}");
        let log = dir.join(format!("serve-{port}.log"));
        let mut args = vec!["serve", "--bind", bind.as_str()];
        args.extend_from_slice(extra);
        let mut child = praxis(dir, &args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("praxis serve starts");
        // Lines arrive through a channel so a test can wait for them with a bound.
        let (lines, stdout) = mpsc::channel();
        let reader = BufReader::new(child.stdout.take().expect("stdout"));
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Self { child: Some(child), url: format!("http://{bind}"), stdout, log };
        server.wait_until_healthy().await;
        server
    }

    async fn wait_until_healthy(&mut self) {
        let deadline = Instant::now() + STARTUP;
        let client = reqwest::Client::new();
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.as_mut().expect("running").try_wait() {
                panic!("praxis serve exited early ({status}):\n{}", self.logs());
            }
            if let Ok(response) = client.get(self.url("/healthz")).send().await
                && response.status() == reqwest::StatusCode::OK
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("praxis serve did not answer /healthz within {STARTUP:?}:\n{}", self.logs());
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Standard output up to and including the first line containing `marker`.
    fn stdout_until(&self, marker: &str) -> Vec<String> {
        let deadline = Instant::now() + STARTUP;
        let mut seen = Vec::new();
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(remaining) {
                Ok(line) => {
                    let done = line.contains(marker);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                Err(_) => panic!("no {marker:?} on stdout; saw {seen:#?}\n{}", self.logs()),
            }
        }
    }

    async fn graphql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = reqwest::Client::new()
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent").json().await.expect("JSON response")
    }

    /// Signs in and returns the access token, failing the test on any error.
    async fn login(&self, email: &str, password: &str) -> String {
        let response = self
            .graphql(
                None,
                "mutation($input: LoginInput!) { login(input: $input) { accessToken } }",
                json!({ "input": { "email": email, "password": password } }),
            )
            .await;
        response["data"]["login"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("login failed: {response:#}"))
            .to_owned()
    }

    /// The title of the first hit for `query`, as a visitor searches, once there is one; empty
    /// if none came within `patience`.
    async fn first_hit_within(&self, query: &str, patience: Duration) -> String {
        let search =
            "query($q: String!) { search(query: $q, first: 1) { edges { node { title } } } }";
        let deadline = Instant::now() + patience;
        loop {
            let response = self.graphql(None, search, json!({ "q": query })).await;
            let title = response["data"]["search"]["edges"][0]["node"]["title"].as_str();
            if title.is_some() || Instant::now() >= deadline {
                return title.unwrap_or_default().to_owned();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends SIGTERM and returns the exit status and how long the exit took.
    fn terminate(mut self) -> (ExitStatus, Duration) {
        let mut child = self.child.take().expect("running");
        let sent = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -TERM failed");
        let started = Instant::now();
        while started.elapsed() < PROMPT_EXIT {
            if let Some(status) = child.try_wait().expect("wait") {
                return (status, started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("praxis serve still running {PROMPT_EXIT:?} after SIGTERM:\n{}", self.logs());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test]
async fn serve_without_configuration_creates_its_data_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]).await;

    assert!(dir.path().join("data/praxis.db").is_file(), "no ./data/praxis.db");
    let key =
        std::fs::metadata(dir.path().join("data/signing.key")).expect("./data/signing.key exists");
    assert_eq!(key.permissions().mode() & 0o777, 0o600, "the signing key is readable by others");

    let health = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    let ready = reqwest::get(server.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), reqwest::StatusCode::OK);
    let response =
        server.graphql(None, "{ __typename threads(first: 1) { totalCount } }", json!({})).await;
    assert!(response["data"]["__typename"].is_string(), "{response:#}");
    assert_eq!(response["data"]["threads"]["totalCount"], 0, "{response:#}");

    let (status, took) = server.terminate();
    assert!(status.success(), "SIGTERM should end praxis serve cleanly, got {status}");
    assert!(took < PROMPT_EXIT, "took {took:?}");
}

/// The admin email and password printed by `serve --demo`, if any.
fn demo_credentials(stdout: &[String]) -> Option<(String, String)> {
    let field = |name: &str| {
        stdout
            .iter()
            .find_map(|line| line.trim().strip_prefix(name).map(|rest| rest.trim().to_owned()))
    };
    Some((field("email:")?, field("password:")?))
}

#[tokio::test]
async fn serve_demo_prints_a_working_admin_password_once() {
    let dir = tempfile::tempdir().unwrap();

    let first = Server::start(dir.path(), &["--demo"]).await;
    let stdout = first.stdout_until("Praxis is listening on");
    let (email, password) =
        demo_credentials(&stdout).unwrap_or_else(|| panic!("no credentials in {stdout:#?}"));
    let token = first.login(&email, &password).await;
    let viewer = first.graphql(Some(&token), "{ viewer { role } }", json!({})).await;
    assert_eq!(viewer["data"]["viewer"]["role"], "ADMIN", "{viewer:#}");
    // The region's languages can be tried at once: Vietnamese typed without its tone marks, Thai.
    for (query, title) in [("phu nu ung pho thien tai", "Nhóm phụ nữ"), ("เฝ้าระวัง", "ขอตัวอย่าง")]
    {
        let found = first.first_hit_within(query, Duration::from_secs(10)).await;
        assert!(found.starts_with(title), "{query}: {found}");
    }
    let (status, _) = first.terminate();
    assert!(status.success(), "{status}");

    let second = Server::start(dir.path(), &["--demo"]).await;
    let stdout = second.stdout_until("Praxis is listening on");
    assert!(
        !stdout.iter().any(|line| line.to_lowercase().contains("password")),
        "a second --demo start printed a password again: {stdout:#?}"
    );
    // The demo from the first start is still there, with the same password.
    second.login(&email, &password).await;
    let (status, _) = second.terminate();
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn user_create_takes_the_password_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let password = "lantern-orchid-Mekong-47";
    let args = [
        "user",
        "create",
        "--email",
        "ops@praxis.test",
        "--display-name",
        "Ops",
        "--role",
        "admin",
        "--password-stdin",
    ];

    let output = run(dir.path(), &args, &format!("{password}\n"));
    assert!(output.status.success(), "user create failed: {}", text(&output.stderr));
    assert!(text(&output.stdout).contains("ops@praxis.test"), "stdout: {}", text(&output.stdout));
    assert!(!text(&output.stdout).contains(password), "the password was echoed");

    let server = Server::start(dir.path(), &[]).await;
    let token = server.login("ops@praxis.test", password).await;
    let viewer = server.graphql(Some(&token), "{ viewer { displayName role } }", json!({})).await;
    assert_eq!(
        viewer["data"]["viewer"],
        json!({ "displayName": "Ops", "role": "ADMIN" }),
        "{viewer:#}"
    );
    let (status, _) = server.terminate();
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn user_create_refuses_a_weak_password() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "user",
        "create",
        "--email",
        "weak@praxis.test",
        "--display-name",
        "Weak",
        "--password-stdin",
    ];

    let output = run(dir.path(), &args, "password1234\n");
    assert!(!output.status.success(), "a weak password was accepted");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error:") && stderr.contains("password"), "unclear message: {stderr}");

    // Nothing was created: the same email still takes a strong password.
    let output = run(dir.path(), &args, "lantern-orchid-Mekong-47\n");
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[tokio::test]
async fn migrate_prepares_a_fresh_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    for attempt in ["first", "second"] {
        let output = run(dir.path(), &["migrate"], "");
        assert!(output.status.success(), "{attempt} migrate failed: {}", text(&output.stderr));
    }
    assert!(dir.path().join("data/praxis.db").is_file(), "no ./data/praxis.db");
}

/// Creates an admin account with `praxis user create`.
fn create_admin(dir: &Path, email: &str, password: &str) {
    let args = [
        "user",
        "create",
        "--email",
        email,
        "--display-name",
        "Ops",
        "--role",
        "admin",
        "--password-stdin",
    ];
    let created = run(dir, &args, &format!("{password}\n"));
    assert!(created.status.success(), "{}", text(&created.stderr));
}

#[tokio::test]
async fn import_lists_refused_lines_imports_the_rest_and_fails_its_exit_status() {
    let dir = tempfile::tempdir().expect("temp dir");
    create_admin(dir.path(), "librarian@praxis.test", "lantern-orchid-Mekong-47");
    let record = |title: &str, kind: &str| {
        json!({
            "title": title, "kind": kind, "summary": "From the field.", "language": "en",
            "body": format!("{title}, as the committees reported it."), "status": "PUBLISHED",
            "publishedAt": "2024-03-01T00:00:00Z", "countries": ["VN"],
        })
        .to_string()
    };
    let lines = [
        record("Mekong water committees", "REPORT"),
        r#"{"title": "Cut off", "kind": "#.to_owned(),
        String::new(),
        record("Misfiled memo", "MEMO"),
        record("Upland seed banks", "GOOD_PRACTICE"),
    ];
    let path = dir.path().join("library.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines.join("\n").as_bytes()).unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();

    let args = ["import", "documents", path.to_str().unwrap(), "--as", "librarian@praxis.test"];
    let imported = run(dir.path(), &args, "");
    let (stdout, stderr) = (text(&imported.stdout), text(&imported.stderr));
    assert!(!imported.status.success(), "refused lines fail the exit status: {stdout}");
    assert!(stdout.contains("imported 2 documents from 5 lines; 2 refused"), "{stdout}");
    assert!(stdout.contains("line 2: not a document record: EOF while parsing"), "{stdout}");
    assert!(!stdout.contains("at line 1"), "serde's own line numbers would mislead: {stdout}");
    assert!(stdout.contains("line 4: kind:"), "{stdout}");
    assert!(stderr.contains("2 of 4 records were refused"), "{stderr}");
    let again = run(dir.path(), &args, "");
    let (stdout, stderr) = (text(&again.stdout), text(&again.stderr));
    let summary = "imported 0 documents from 5 lines; 2 already in the library, skipped; 2 refused";
    assert!(stdout.contains(summary), "the same file again adds nothing twice: {stdout}");
    assert!(!again.status.success(), "its refused lines still fail the exit status: {stdout}");
    assert!(stderr.contains("2 of 4 records were refused"), "{stderr}");

    let server = Server::start(dir.path(), &[]).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while hits(&server, "committees").await != 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(hits(&server, "committees").await, 2, "both good records, searchable");
    assert_eq!(hits(&server, "misfiled").await, 0, "nothing of a refused record");
}

/// Counts the search hits for `query` as an anonymous reader.
async fn hits(server: &Server, query: &str) -> i64 {
    let response = server
        .graphql(
            None,
            "query($q: String!) { search(query: $q) { totalCount } }",
            json!({ "q": query }),
        )
        .await;
    response["data"]["search"]["totalCount"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn after_kill_9_the_index_catches_up_with_nothing_missing_or_stale() {
    let dir = tempfile::tempdir().expect("temp dir");
    create_admin(dir.path(), "ops@praxis.test", "lantern-orchid-Mekong-47");
    let mut server = Server::start(dir.path(), &[]).await;
    let token = server.login("ops@praxis.test", "lantern-orchid-Mekong-47").await;
    let space = server
        .graphql(
            Some(&token),
            "mutation { createSpace(input: { slug: \"field-notes\", name: \"Field notes\", visibility: PUBLIC }) { id } }",
            json!({}),
        )
        .await["data"]["createSpace"]["id"]
        .as_str()
        .expect("space")
        .to_owned();
    let create = "mutation($s: ID!, $t: String!) { createThread(input: { spaceId: $s, title: $t, body: \"osprey sighting\" }) { id posts(first: 1) { edges { node { id } } } } }";
    let mut opening_post = String::new();
    for i in 0..25 {
        let response = server
            .graphql(
                Some(&token),
                create,
                json!({ "s": space, "t": format!("Kestrel report {i}") }),
            )
            .await;
        assert!(response["errors"].is_null(), "{response}");
        opening_post = response["data"]["createThread"]["posts"]["edges"][0]["node"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
    }
    let edit = "mutation($p: ID!) { editPost(input: { id: $p, body: \"heron sighting instead\" }) { id } }";
    assert!(
        server.graphql(Some(&token), edit, json!({ "p": opening_post })).await["errors"].is_null()
    );
    // Everything above was acknowledged. Kill the server without letting it finish anything.
    server.child.as_mut().expect("running").kill().expect("kill -9");
    server.child.as_mut().expect("running").wait().expect("reaped");
    drop(server);

    let restarted = Server::start(dir.path(), &[]).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while hits(&restarted, "kestrel").await != 25 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(hits(&restarted, "kestrel").await, 25, "every acknowledged thread is searchable");
    assert_eq!(hits(&restarted, "heron").await, 1, "the edit is in the index");
    assert_eq!(hits(&restarted, "osprey").await, 24, "the edited post's old text is gone");
}
