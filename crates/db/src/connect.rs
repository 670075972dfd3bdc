//! Opening the database, SQLite or PostgreSQL by URL, with the settings each needs.

use std::str::FromStr as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseBackend, DatabaseConnection};

use crate::sqlite_reads::SqliteReads;

/// An open database plus a count of the SQL statements requests run on it (used to prove that a
/// page costs a bounded number of queries).
#[derive(Clone)]
pub struct Database {
    pub conn: DatabaseConnection,
    /// On SQLite in a file, read-only connections for statements that only read and may run
    /// beside a write, as every search does (WAL lets them read while `conn` writes), on the
    /// calling thread. None on PostgreSQL, whose pool `conn` serves reads as well, and on SQLite in
    /// memory, which only `conn` can see.
    pub reads: Option<Arc<SqliteReads>>,
    statements: Arc<AtomicU64>,
}

impl Database {
    pub fn statements_run(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    /// Refreshes SQLite's query-planner statistics where they are stale. Without them, SQLite
    /// guesses that `status = 'PUBLISHED'` is selective and looks documents up by id by walking
    /// every published one; with a small table's, it reads the whole table for a page of ids.
    /// PostgreSQL's autovacuum keeps its own statistics.
    pub async fn optimize(&self) -> Result<(), sea_orm::DbErr> {
        if self.backend() == DatabaseBackend::Sqlite {
            self.conn.execute_unprepared(OPTIMIZE_EVERY_TABLE).await?;
            if let Some(reads) = &self.reads {
                reads.statistics_refreshed();
            }
        }
        Ok(())
    }
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Analyzes every table whose statistics are missing or far from its size. Plain `PRAGMA optimize`
/// looks only at the tables this connection has queried since it opened, which need not include
/// the documents `praxis import`, another process, adds by the thousand: a server that took
/// their statistics at 3 rows then read all 10,952 UN statements for each search's page of ids
/// (22 ms instead of 1.2, until it restarted).
const OPTIMIZE_EVERY_TABLE: &str = "PRAGMA optimize=0x10002";

/// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://...`).
///
/// SQLite runs in WAL mode with full synchronous commits and foreign keys on. It gets a single
/// pooled connection for everything that may write: SQLite allows one writer at a time anyway,
/// and one connection means a transaction never fails with SQLITE_BUSY when upgrading from a
/// read to a write. Reads that need no transaction can take the read-only connections (`reads`).
pub async fn connect(url: &str) -> anyhow::Result<Database> {
    let is_sqlite = url.starts_with("sqlite:");
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if is_sqlite {
        // A file cannot drop a connection the way a network can: checking the connection before
        // each use would only add a round trip to SQLite's thread to every query.
        options.max_connections(1).min_connections(1).test_before_acquire(false);
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(BUSY_TIMEOUT)
                .create_if_missing(true)
        });
    } else {
        options.max_connections(16).min_connections(1);
    }
    let statements = Arc::new(AtomicU64::new(0));
    let mut conn =
        sea_orm::Database::connect(options).await.context("connecting to the database")?;
    let counter = statements.clone();
    conn.set_metric_callback(move |info| {
        // The indexer polls the outbox in the background; what is counted is the work of
        // requests, so a page's cost can be read off the counter while the indexer runs.
        if !info.statement.sql.contains("\"outbox\"") {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    conn.execute_unprepared("SELECT 1").await.context("checking the database connection")?;
    // Opened after the writing connection has created the file and set WAL mode. A database in
    // memory is private to its connection, so it is read where it is written.
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let reads = if is_sqlite && !in_memory {
        let path = SqliteConnectOptions::from_str(url)
            .context("reading the database URL")?
            .get_filename()
            .to_owned();
        Some(Arc::new(SqliteReads::new(path, BUSY_TIMEOUT, statements.clone())))
    } else {
        None
    };
    Ok(Database { conn, reads, statements })
}
