//! Read-only SQLite statements run on the calling thread.
//!
//! sqlx gives each SQLite connection a thread of its own: a statement is handed to it and its
//! rows handed back, and a pooled connection is pinged on that thread again when it is returned.
//! For the one read every search makes, those hand-offs cost more than the read: 0.11 to 0.13 ms
//! at the median and 0.24 to 0.29 ms at the 99th percentile, against 0.01 ms for the same
//! statement run here (a scratch program, two cores). So searches, which run on the calling thread
//! anyway, read SQLite directly through rusqlite, on the same SQLite library sqlx links.
//!
//! The connections are opened read-only, so they can never write, and kept in a free list: a
//! connection to a local file needs no health check or background upkeep, which is what a pool
//! library would add. Only the file's path is taken from the database URL; its other options
//! (the writer's journal mode and the like) do not concern a reader.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rusqlite::{Connection, OpenFlags, ToSql};
use sea_orm::Value;
use sea_orm::sea_query::{SelectStatement, SqliteQueryBuilder};

/// Connections open at most: one per core of a small server. A search holds one for the few
/// microseconds its statement takes, so a further search rarely waits.
const OPEN_MAX: usize = 2;

pub struct SqliteReads {
    path: PathBuf,
    /// Also how long a search waits for a connection.
    busy_timeout: Duration,
    slots: Mutex<Slots>,
    /// Signalled when a connection is given back or closed.
    freed: Condvar,
    /// When the writing connection last refreshed the planner statistics: SQLite reads them when
    /// a connection opens, so connections opened before are replaced.
    analyzed: Mutex<Instant>,
    statements: Arc<AtomicU64>,
}

struct Slots {
    idle: Vec<Opened>,
    /// Idle and in use.
    open: usize,
}

struct Opened {
    connection: Connection,
    at: Instant,
}

impl SqliteReads {
    pub(crate) fn new(path: PathBuf, busy_timeout: Duration, statements: Arc<AtomicU64>) -> Self {
        let slots = Mutex::new(Slots { idle: Vec::new(), open: 0 });
        let analyzed = Mutex::new(Instant::now());
        Self { path, busy_timeout, slots, freed: Condvar::new(), analyzed, statements }
    }

    /// Called when the writing connection has refreshed the planner statistics.
    pub(crate) fn statistics_refreshed(&self) {
        *self.analyzed.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
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
        // A connection whose statement failed (an I/O error, a damaged file) is not trusted again.
        self.give_back(rows.is_ok().then_some(opened));
        rows.with_context(|| format!("reading SQLite: {sql}"))
    }

    fn checkout(&self) -> anyhow::Result<Opened> {
        let analyzed = *self.analyzed.lock().unwrap_or_else(|e| e.into_inner());
        let (mut slots, _) = self
            .freed
            .wait_timeout_while(self.lock_slots(), self.busy_timeout, |slots| {
                slots.idle.is_empty() && slots.open >= OPEN_MAX
            })
            .unwrap_or_else(|e| e.into_inner());
        let before = slots.idle.len();
        slots.idle.retain(|opened| opened.at > analyzed);
        slots.open -= before - slots.idle.len();
        if let Some(opened) = slots.idle.pop() {
            return Ok(opened);
        }
        anyhow::ensure!(
            slots.open < OPEN_MAX,
            "no connection to read SQLite came free within {:?}",
            self.busy_timeout
        );
        slots.open += 1;
        drop(slots);
        self.open().inspect_err(|_| self.give_back(None))
    }

    fn open(&self) -> anyhow::Result<Opened> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&self.path, flags)
            .with_context(|| format!("opening {} to read", self.path.display()))?;
        connection.busy_timeout(self.busy_timeout)?;
        Ok(Opened { connection, at: Instant::now() })
    }

    /// Returns a connection to the idle ones, or with `None` counts one as closed.
    fn give_back(&self, opened: Option<Opened>) {
        let mut slots = self.lock_slots();
        match opened {
            Some(opened) => slots.idle.push(opened),
            None => slots.open -= 1,
        }
        drop(slots);
        self.freed.notify_one();
    }

    fn lock_slots(&self) -> MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
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

    fn plan_of(opened: &Opened, planned: &str) -> String {
        let mut prepared = opened.connection.prepare(planned).expect("plan");
        let details = prepared.query_map([], |r| r.get::<_, String>("detail")).expect("plan");
        details.collect::<rusqlite::Result<String>>().expect("plan")
    }

    fn reader_plan(reads: &SqliteReads, planned: &str) -> String {
        let opened = reads.checkout().expect("a read connection");
        let plan = plan_of(&opened, planned);
        reads.give_back(Some(opened));
        plan
    }

    async fn open_in(dir: &tempfile::TempDir) -> (crate::Database, Arc<SqliteReads>) {
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let db = crate::connect(&url).await.expect("connect");
        let reads = db.reads.clone().expect("SQLite in a file reads on its own connections");
        (db, reads)
    }

    const DOCS: &str = "CREATE TABLE doc (id INTEGER PRIMARY KEY, status TEXT, kind TEXT);
        CREATE INDEX doc_kind ON doc (kind);
        CREATE INDEX doc_status ON doc (status);";

    /// `count` published docs of a kind each, analyzed, and the readers told.
    async fn published_docs(db: &crate::Database, count: u32) {
        let rows = format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
             INSERT INTO doc (status, kind) SELECT 'PUBLISHED', 'k' || i FROM n;
             ANALYZE;"
        );
        db.conn.execute_unprepared(&rows).await.expect("rows");
        db.optimize().await.expect("optimize");
    }

    #[tokio::test]
    async fn read_connections_plan_with_the_statistics_of_the_last_refresh() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (db, reads) = open_in(&dir).await;
        db.conn.execute_unprepared(DOCS).await.expect("schema");
        // Planned without statistics, both indexes look alike.
        let before = reader_plan(&reads, PLANNED);
        assert!(before.contains("doc_status"), "{before}");
        let held = reads.checkout().expect("a read connection");

        published_docs(&db, 5000).await;
        // The writer knows every row is published and each kind rare; so must the reader, whose
        // connection was opened before.
        let writer = writer_plan(&db.conn).await;
        assert!(!writer.contains("doc_status"), "{writer}");
        // What the replacement is for: a connection opened before keeps the old statistics.
        assert_eq!(plan_of(&held, PLANNED), before);
        reads.give_back(Some(held));
        assert_eq!(reader_plan(&reads, PLANNED), writer);
    }

    /// How a search rechecks its hits: a page of ids, and the status that makes them readable.
    const RECHECK_PLANNED: &str = "EXPLAIN QUERY PLAN SELECT id FROM item \
        WHERE id IN (x'01', x'02') AND status = 'PUBLISHED'";

    /// `count` published items, written through `db`.
    async fn published_items(db: &crate::Database, count: u32) {
        let rows = format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
             INSERT INTO item (id, status) SELECT randomblob(16), 'PUBLISHED' FROM n;"
        );
        db.conn.execute_unprepared(&rows).await.expect("rows");
    }

    #[tokio::test]
    async fn statistics_are_refreshed_after_another_process_fills_a_table() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (first, _) = open_in(&dir).await;
        let schema = "CREATE TABLE item (id BLOB PRIMARY KEY, status TEXT);
            CREATE INDEX item_status ON item (status);";
        first.conn.execute_unprepared(schema).await.expect("schema");
        published_items(&first, 3).await;
        // The server starts on a small library, whose statistics it takes at start...
        let (server, reads) = open_in(&dir).await;
        server.optimize().await.expect("optimize");
        let small = reader_plan(&reads, RECHECK_PLANNED);
        assert!(small.contains("SCAN item"), "three rows are read whole: {small}");
        // ...then `praxis import`, another process, adds thousands.
        published_items(&first, 5000).await;
        server.optimize().await.expect("optimize");
        let plan = reader_plan(&reads, RECHECK_PLANNED);
        assert!(plan.contains("sqlite_autoindex_item_1"), "the ids are looked up: {plan}");
    }

    #[tokio::test]
    async fn a_statement_run_again_with_other_values_is_not_compiled_again() {
        use sea_orm::sea_query::{Alias, Expr, ExprTrait as _, Query};

        let dir = tempfile::tempdir().expect("temp dir");
        let (db, reads) = open_in(&dir).await;
        db.conn.execute_unprepared(DOCS).await.expect("schema");
        published_docs(&db, 500).await;
        // The shape of a search's recheck: a value on an indexed column, and a page of ids.
        let published = |ids: [i64; 2]| {
            Query::select()
                .column(Alias::new("kind"))
                .from(Alias::new("doc"))
                .and_where(Expr::col(Alias::new("status")).eq("PUBLISHED"))
                .and_where(Expr::col(Alias::new("id")).is_in(ids))
                .to_owned()
        };
        for ids in [[1, 2], [3, 4], [5, 6]] {
            let kinds = reads.query(&published(ids), |row| row.get::<_, String>("kind"));
            assert_eq!(kinds.expect("read").len(), 2);
        }

        let opened = reads.checkout().expect("a read connection");
        let (sql, _) = published([0, 0]).build(SqliteQueryBuilder);
        let cached = opened.connection.prepare_cached(&sql).expect("the cached statement");
        let recompiled = cached.get_status(rusqlite::StatementStatus::RePrepare);
        drop(cached);
        reads.give_back(Some(opened));
        assert_eq!(recompiled, 0, "SQLite planned the statement again for new values");
    }

    #[tokio::test]
    async fn values_bind_as_sqlx_stored_them() {
        use sea_orm::sea_query::{Alias, Expr, ExprTrait as _, Query};

        let dir = tempfile::tempdir().expect("temp dir");
        let (db, reads) = open_in(&dir).await;
        let id = uuid::Uuid::new_v4();
        db.conn
            .execute_unprepared("CREATE TABLE item (id BLOB PRIMARY KEY, name TEXT, n INTEGER)")
            .await
            .expect("schema");
        db.conn
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                DatabaseBackend::Sqlite,
                "INSERT INTO item VALUES (?, ?, ?)",
                [id.into(), "shelter".into(), 7_i64.into()],
            ))
            .await
            .expect("insert through sqlx");
        let find = |condition: sea_orm::sea_query::SimpleExpr| {
            let statement = Query::select()
                .column(Alias::new("name"))
                .from(Alias::new("item"))
                .and_where(condition)
                .to_owned();
            reads.query(&statement, |row| row.get::<_, String>("name"))
        };
        let by_id = find(Expr::col(Alias::new("id")).eq(id)).expect("by id");
        assert_eq!(by_id, ["shelter"], "a UUID binds as the 16-byte blob sqlx stored");
        let by_all = find(
            Expr::col(Alias::new("name"))
                .eq("shelter")
                .and(Expr::col(Alias::new("n")).eq(7))
                .and(Expr::col(Alias::new("id")).is_in([id, uuid::Uuid::nil()])),
        )
        .expect("by every value");
        assert_eq!(by_all, ["shelter"]);
        let unbound = find(Expr::col(Alias::new("n")).eq(7.5_f64));
        assert!(unbound.is_err(), "a value without a binding here is an error, not a panic");
    }

    #[tokio::test]
    async fn at_most_two_connections_are_open_and_a_search_waits_for_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_db, _) = open_in(&dir).await;
        let reads = Arc::new(SqliteReads::new(
            dir.path().join("t.db"),
            Duration::from_millis(200),
            Arc::new(AtomicU64::new(0)),
        ));
        let first = reads.checkout().expect("one");
        let second = reads.checkout().expect("two");
        let refused = reads.checkout().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(refused.contains("came free"), "a third waits, then says why: {refused}");

        // Given back while another search waits, a connection goes to it.
        let waiting = std::thread::spawn({
            let reads = reads.clone();
            move || reads.checkout().map(|opened| reads.give_back(Some(opened)))
        });
        std::thread::sleep(Duration::from_millis(20));
        reads.give_back(Some(first));
        assert!(waiting.join().expect("thread").is_ok());
        // A connection that failed is closed, which frees its place.
        reads.give_back(None);
        drop(second);
        let again = [reads.checkout().expect("one"), reads.checkout().expect("two")];
        assert_eq!(reads.lock_slots().open, again.len());
    }
}
