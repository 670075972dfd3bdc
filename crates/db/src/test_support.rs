//! For tests of the crates that read SQLite: a library of long texts, SQLite's plan for a
//! statement and the columns of an index, to show which index a read goes through and what it
//! can test without reading the rows.

use sea_orm::{ConnectionTrait as _, DatabaseBackend, DatabaseConnection, DbErr, Statement};

/// `count` documents of 20,000 characters by one member, listed and updated a second apart,
/// every fiftieth a draft and the others published, written into a migrated database.
pub async fn long_documents(db: &DatabaseConnection, count: u32) -> Result<(), DbErr> {
    let author = "x'0000000000000000000000000000000a'";
    let rows = format!(
        "INSERT INTO users (id, email, display_name, password_hash, role, created_at)
            VALUES ({author}, 'a@example.org', 'A', '-', 'MEMBER', '2026-01-01T00:00:00+00:00');
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}),
            at(i, time) AS (
                SELECT i, strftime('%Y-%m-%dT%H:%M:%S+00:00', '2026-01-01', '+' || i || ' seconds')
                FROM n)
        INSERT INTO documents (id, title, kind, status, summary, body, language, author_id,
            created_at, updated_at, listed_at)
        SELECT randomblob(16), 'Statement ' || i, 'STATEMENT',
            CASE WHEN i % 50 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END, 'summary',
            printf('%.*c', 20000, 'x'), 'en', {author}, time, time, time
        FROM at;"
    );
    db.execute_unprepared(&rows).await.map(|_| ())
}

/// SQLite's plan for `sql`, its steps joined by "; ".
pub async fn sqlite_plan(db: &DatabaseConnection, sql: &str) -> Result<String, DbErr> {
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let rows = db.query_all_raw(Statement::from_string(DatabaseBackend::Sqlite, explain)).await?;
    let steps = rows.iter().map(|row| row.try_get::<String>("", "detail"));
    Ok(steps.collect::<Result<Vec<_>, _>>()?.join("; "))
}

/// The columns of SQLite's index `name`, in order.
pub async fn sqlite_index_columns(
    db: &DatabaseConnection,
    name: &str,
) -> Result<Vec<String>, DbErr> {
    let info = format!("SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
    let rows = db.query_all_raw(Statement::from_string(DatabaseBackend::Sqlite, info)).await?;
    rows.iter().map(|row| row.try_get::<String>("", "name")).collect()
}
