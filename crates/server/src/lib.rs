//! The `praxis` server as a library: `spawn` starts a complete server (database, migrations,
//! GraphQL over HTTP and WebSocket) on the configured address, port 0 included, which is how the
//! tests run it in-process.

pub mod config;
mod documents;
mod downloads;
mod exports;
mod graphql_http;
mod router;
mod signing_key;
mod state;
pub mod telemetry;
mod ws;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use praxis_auth::throttle::ThrottleLimits;
use praxis_core::taxonomy::Taxonomy;
use praxis_migrations::{Migrator, MigratorTrait as _};
use praxis_service::{AttachmentSettings, Praxis, Settings};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use config::Config;

/// How long open WebSockets get to close after shutdown begins.
const WS_DRAIN: Duration = Duration::from_secs(5);

/// Opens the database (creating the data dir for SQLite), applies pending migrations, and
/// refreshes the statistics of every table and index that lacks them or has outgrown them.
///
/// After the migrations: an index one of them adds has no statistics until then, and SQLite
/// guesses that a value of its first column is rare. A new index on documents' status was taken
/// for each search's recheck, which then read every published document.
pub async fn open_database(config: &Config) -> anyhow::Result<praxis_db::Database> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating the data dir {}", config.data_dir.display()))?;
    let db = praxis_db::connect(&config.database_url()).await?;
    Migrator::up(&db.conn, None).await.context("applying migrations")?;
    db.optimize().await.context("refreshing the query-planner statistics")?;
    Ok(db)
}

/// The application for `config`, with its database open and migrated.
pub async fn application(config: &Config, bound: SocketAddr) -> anyhow::Result<Arc<Praxis>> {
    let db = open_database(config).await?;
    let signing_key =
        signing_key::load_or_create(config.token_signing_key.as_ref(), &config.data_dir)?;
    let taxonomy = Taxonomy::extended(config.taxonomy.clone())
        .map_err(|e| anyhow::anyhow!("the [taxonomy] configuration: {e}"))?;
    Praxis::new(
        db,
        Settings {
            signing_key,
            issuer: config.public_url(bound),
            login_throttle: ThrottleLimits::default(),
            taxonomy,
            review_after_months: config.review_after_months,
            index_home: praxis_search::IndexHome::new(config.data_dir.clone()),
            attachments: AttachmentSettings {
                dir: config.data_dir.join("attachments"),
                max_bytes: config.max_attachment_bytes(),
            },
        },
    )
}

/// A server running in the background.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub praxis: Arc<Praxis>,
    shutdown: CancellationToken,
    ws_tasks: TaskTracker,
    task: JoinHandle<std::io::Result<()>>,
    indexer: JoinHandle<()>,
}

impl RunningServer {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// SQL statements run since the server started.
    pub fn statements_run(&self) -> u64 {
        self.praxis.database().statements_run()
    }

    /// Stops accepting connections, lets in-flight requests finish, sends every WebSocket client
    /// a close frame, and closes the database.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        self.task.await.context("server task")?.context("serving HTTP")?;
        self.indexer.await.context("indexer task")?;
        self.ws_tasks.close();
        if tokio::time::timeout(WS_DRAIN, self.ws_tasks.wait()).await.is_err() {
            tracing::warn!("websocket connections still open after the drain period");
        }
        self.praxis.database().conn.clone().close().await.context("closing the database")?;
        tracing::info!("shut down");
        Ok(())
    }
}

/// Starts a server for `config` and returns once it is listening.
pub async fn spawn(config: Config) -> anyhow::Result<RunningServer> {
    // Checked before anything starts or the database is migrated.
    let index_poll = config.index_poll()?;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("binding {}", config.bind))?;
    let addr = listener.local_addr()?;
    let praxis = application(&config, addr).await?;
    serve_on(listener, praxis, &config, index_poll)
}

/// Serves an already built application on `listener`.
fn serve_on(
    listener: tokio::net::TcpListener,
    praxis: Arc<Praxis>,
    config: &Config,
    index_poll: Duration,
) -> anyhow::Result<RunningServer> {
    let addr = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let ws_tasks = TaskTracker::new();
    let state = state::AppState {
        praxis: praxis.clone(),
        schema: praxis_api::build_schema(praxis.clone(), config.is_production()),
        documents: Arc::default(),
        max_body_bytes: config.max_body_bytes,
        max_attachment_bytes: config.max_attachment_bytes(),
        public_url: config.public_url(addr),
        allowed_origins: Arc::new(config.allowed_origins.clone()),
        shutdown: shutdown.clone(),
        ws_tasks: ws_tasks.clone(),
    };
    let tls = config.public_url(addr).starts_with("https://");
    let app = router::build(state, config.is_production(), tls, &config.web_dir);
    let signal = shutdown.clone().cancelled_owned();
    let task = tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(signal)
            .await
    });
    let indexer = tokio::spawn(praxis_service::run_indexer(
        praxis.clone(),
        index_poll,
        shutdown.clone().cancelled_owned(),
    ));
    tracing::info!(%addr, "listening");
    Ok(RunningServer { addr, praxis, shutdown, ws_tasks, task, indexer })
}

#[cfg(test)]
mod tests {
    use praxis_db::test_support::{long_documents, sqlite_plan};

    use super::*;

    /// The migrations before the one that adds the library shelf's index.
    const BEFORE_THE_SHELF: u32 = 7;

    #[tokio::test]
    async fn an_index_added_by_an_upgrade_has_statistics_once_the_database_is_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config { data_dir: dir.path().to_owned(), ..Config::default() };
        let earlier = praxis_db::connect(&config.database_url()).await.expect("connect");
        Migrator::up(&earlier.conn, Some(BEFORE_THE_SHELF)).await.expect("earlier migrations");
        long_documents(&earlier.conn, 500).await.expect("rows");
        earlier.optimize().await.expect("statistics");
        earlier.conn.close().await.expect("close");

        let db = open_database(&config).await.expect("open and upgrade");
        // A search's recheck of its page of 20: looked up by id, not by walking the published
        // documents.
        let page: Vec<String> = (1..=20).map(|i| format!("x'{i:02x}'")).collect();
        let recheck = format!(
            "SELECT id FROM documents WHERE id IN ({}) AND status = 'PUBLISHED'",
            page.join(", ")
        );
        let plan = sqlite_plan(&db.conn, &recheck).await.expect("plan");
        assert!(plan.contains("sqlite_autoindex_documents_1"), "{plan}");
    }
}
