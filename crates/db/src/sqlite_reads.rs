//! Read-only SQLite statements run on the calling thread.
//!
//! sqlx gives each SQLite connection a thread of its own: a statement is handed to it and its
//! rows handed back, and a pooled connection is pinged on that thread again when it is returned.
//! For the one read every search makes, those hand-offs cost more than the read: 0.11 to 0.13 ms
//! at the median and 0.24 to 0.29 ms at the 99th percentile, against 0.01 ms for the same
//! statement run here (a scratch program, two cores). So searches, which already run on a thread
//! that may block, read SQLite directly through rusqlite, on the same SQLite library sqlx links.
//!
//! The connections are opened read-only, so they can never write, and kept in a free list: a
//! connection to a local file needs no health check or background upkeep, which is what a pool
//! library would add.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rusqlite::{Connection, OpenFlags, ToSql};
use sea_orm::Value;
use sea_orm::sea_query::{SelectStatement, SqliteQueryBuilder};

/// Connections kept open between searches: one per core of a small server. More may be open
/// while more searches run at once; those are closed when done.
const IDLE_MAX: usize = 2;

pub struct SqliteReads {
    path: PathBuf,
    busy_timeout: Duration,
    idle: Mutex<Vec<Opened>>,
    /// When the writing connection last refreshed the planner statistics: SQLite reads them when
    /// a connection opens, so connections opened before are replaced.
    analyzed: Arc<Mutex<Instant>>,
    statements: Arc<AtomicU64>,
}

struct Opened {
    connection: Connection,
    at: Instant,
}

impl SqliteReads {
    pub(crate) fn new(
        path: PathBuf,
        busy_timeout: Duration,
        analyzed: Arc<Mutex<Instant>>,
        statements: Arc<AtomicU64>,
    ) -> Self {
        Self { path, busy_timeout, idle: Mutex::new(Vec::new()), analyzed, statements }
    }

    /// Runs `statement` and maps each row. Blocks: call it where blocking is allowed.
    pub fn query<T>(
        &self,
        statement: &SelectStatement,
        mut row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> anyhow::Result<Vec<T>> {
        let (sql, values) = statement.build(SqliteQueryBuilder);
        let params = values.0.iter().map(parameter).collect::<anyhow::Result<Vec<_>>>()?;
        let opened = self.checkout()?;
        self.statements.fetch_add(1, Ordering::Relaxed);
        let rows = (|| {
            let mut prepared = opened.connection.prepare_cached(&sql)?;
            let mapped = prepared.query_map(rusqlite::params_from_iter(params.iter()), &mut row)?;
            mapped.collect::<rusqlite::Result<Vec<T>>>()
        })();
        self.give_back(opened);
        rows.with_context(|| format!("reading SQLite: {sql}"))
    }

    fn checkout(&self) -> anyhow::Result<Opened> {
        let analyzed = *self.analyzed.lock().unwrap_or_else(|e| e.into_inner());
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.retain(|opened| opened.at > analyzed);
        if let Some(opened) = idle.pop() {
            return Ok(opened);
        }
        drop(idle);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&self.path, flags)
            .with_context(|| format!("opening {} to read", self.path.display()))?;
        connection.busy_timeout(self.busy_timeout)?;
        Ok(Opened { connection, at: Instant::now() })
    }

    fn give_back(&self, opened: Opened) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < IDLE_MAX {
            idle.push(opened);
        }
    }
}

/// A value sea-query bound, as rusqlite binds it; the types sqlx would store for the same column.
fn parameter(value: &Value) -> anyhow::Result<Box<dyn ToSql>> {
    Ok(match value {
        Value::String(Some(s)) => Box::new(s.clone()),
        Value::Uuid(Some(id)) => Box::new(*id),
        Value::Bool(Some(b)) => Box::new(*b),
        Value::Int(Some(n)) => Box::new(*n),
        Value::BigInt(Some(n)) => Box::new(*n),
        other => anyhow::bail!("no SQLite binding here for the value {other:?}"),
    })
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait as _, DatabaseBackend, DatabaseConnection};

    use super::*;

    const PLANNED: &str =
        "EXPLAIN QUERY PLAN SELECT id FROM doc WHERE status = 'PUBLISHED' AND kind = 'k7'";

    async fn writer_plan(db: &DatabaseConnection) -> String {
        let statement = sea_orm::Statement::from_string(DatabaseBackend::Sqlite, PLANNED);
        let rows = db.query_all_raw(statement).await.expect("plan");
        rows.iter().map(|r| r.try_get::<String>("", "detail").expect("detail")).collect()
    }

    fn reader_plan(reads: &SqliteReads) -> String {
        let opened = reads.checkout().expect("a read connection");
        let plan = opened
            .connection
            .prepare(PLANNED)
            .and_then(|mut p| p.query_map([], |r| r.get::<_, String>("detail"))?.collect())
            .expect("plan");
        reads.give_back(opened);
        plan
    }

    #[tokio::test]
    async fn read_connections_plan_with_the_statistics_of_the_last_refresh() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let db = crate::connect(&url).await.expect("connect");
        let reads = db.reads.clone().expect("SQLite in a file reads on its own connections");
        db.conn
            .execute_unprepared(
                "CREATE TABLE doc (id INTEGER PRIMARY KEY, status TEXT, kind TEXT);
                 CREATE INDEX doc_kind ON doc (kind);
                 CREATE INDEX doc_status ON doc (status);",
            )
            .await
            .expect("schema");
        // Planned without statistics, both indexes look alike.
        let before = reader_plan(&reads);
        assert!(before.contains("doc_status"), "{before}");

        db.conn
            .execute_unprepared(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
                 INSERT INTO doc (status, kind) SELECT 'PUBLISHED', 'k' || i FROM n;
                 ANALYZE;",
            )
            .await
            .expect("rows");
        db.optimize().await.expect("optimize");
        // The writer knows every row is published and each kind rare; so must the reader, whose
        // connection was opened before.
        let writer = writer_plan(&db.conn).await;
        assert!(!writer.contains("doc_status"), "{writer}");
        assert_eq!(reader_plan(&reads), writer);
    }
}
