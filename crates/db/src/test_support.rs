//! For tests of the crates that read SQLite: a library of long texts, and SQLite's plan for a
//! statement, to show which index a read goes through.

use sea_orm::{ConnectionTrait as _, DatabaseBackend, DatabaseConnection, DbErr, Statement};

/// `count` documents of 20,000 characters by one member, listed a second apart, every fiftieth
/// a draft and the others published, written into a migrated database.
pub async fn long_documents(db: &DatabaseConnection, count: u32) -> Result<(), DbErr> {
    let rows = format!(
        "INSERT INTO users (id, email, display_name, password_hash, role, created_at)
            VALUES (x'01', 'a@example.org', 'A', '-', 'MEMBER', '2026-01-01T00:00:00+00:00');
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
        INSERT INTO documents (id, title, kind, status, summary, body, language, author_id,
            created_at, updated_at, listed_at)
        SELECT randomblob(16), 'Statement ' || i, 'STATEMENT',
            CASE WHEN i % 50 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END, 'summary',
            printf('%.*c', 20000, 'x'), 'en', x'01', '2026-01-01T00:00:00+00:00',
            '2026-01-01T00:00:00+00:00',
            strftime('%Y-%m-%dT%H:%M:%S+00:00', '2026-01-01', '+' || i || ' seconds')
        FROM n;"
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
