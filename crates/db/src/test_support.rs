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

/// SQLite's plan for the query `statement` builds, its steps joined by "; ".
pub async fn statement_plan(
    db: &DatabaseConnection,
    statement: &sea_orm::sea_query::SelectStatement,
) -> Result<String, DbErr> {
    sqlite_plan(db, &statement.to_string(sea_orm::sea_query::SqliteQueryBuilder)).await
}

/// SQLite's plan for `sql`, its steps joined by "; ".
pub async fn sqlite_plan(db: &DatabaseConnection, sql: &str) -> Result<String, DbErr> {
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let rows = db.query_all_raw(Statement::from_string(DatabaseBackend::Sqlite, explain)).await?;
    let steps = rows.iter().map(|row| row.try_get::<String>("", "detail"));
    Ok(steps.collect::<Result<Vec<_>, _>>()?.join("; "))
}

/// Whether SQLite's `plan` (as `sqlite_plan` gives it) finds the row of `table` it reads by its id,
/// rather than reading the table whole or listing its rows by another column.
pub fn finds_by_id(plan: &str, table: &str) -> bool {
    let step = plan.split("; ").find(|step| step.contains(&format!(" {table} ")));
    step.is_some_and(|step| step.contains("(id=?") || step.contains(" id=?"))
}

/// The columns of the index SQLite's `plan` walks first, in order.
pub async fn walked_index_columns(
    db: &DatabaseConnection,
    plan: &str,
) -> Result<Vec<String>, DbErr> {
    let mut words = plan.split_whitespace().skip_while(|word| *word != "INDEX");
    let name = words.nth(1).unwrap_or_else(|| panic!("no index walked: {plan}"));
    sqlite_index_columns(db, name).await
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

/// The public space of `forum`.
pub const FORUM_SPACE: uuid::Uuid = uuid::Uuid::from_u128(0xb);
/// The space of `forum` that only signed-in members may read.
pub const MEMBERS_SPACE: uuid::Uuid = uuid::Uuid::from_u128(0xd);

/// `count` threads in each of two spaces, one public and one for members, each thread with five
/// posts of 1,700 characters (Markdown and HTML), active a minute apart, every hundredth pinned,
/// written into a migrated database.
pub async fn forum(db: &DatabaseConnection, count: u32) -> Result<(), DbErr> {
    let author = "x'0000000000000000000000000000000c'";
    let (public, members) = (FORUM_SPACE.simple(), MEMBERS_SPACE.simple());
    let rows = format!(
        "INSERT INTO users (id, email, display_name, password_hash, role, created_at)
            VALUES ({author}, 'f@example.org', 'F', '-', 'MEMBER', '2026-01-01T00:00:00+00:00');
        INSERT INTO spaces (id, slug, name, visibility, posting_policy, created_by, created_at)
            VALUES (x'{public}', 'forum', 'Forum', 'PUBLIC', 'EVERYONE', {author},
                '2026-01-01T00:00:00+00:00'),
            (x'{members}', 'lounge', 'Lounge', 'MEMBERS', 'EVERYONE', {author},
                '2026-01-01T00:00:00+00:00');
        CREATE TEMP TABLE forum_threads (i INTEGER PRIMARY KEY, id BLOB, space BLOB, at TEXT);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2 * {count})
        INSERT INTO forum_threads SELECT i, randomblob(16),
            CASE WHEN i % 2 = 0 THEN x'{public}' ELSE x'{members}' END,
            strftime('%Y-%m-%dT%H:%M:%S+00:00', '2026-01-01', '+' || i || ' minutes') FROM n;
        INSERT INTO threads (id, space_id, author_id, title, kind, pinned, locked, reply_count,
            last_activity_at, created_at)
        SELECT id, space, {author}, 'Thread ' || i, 'DISCUSSION', i % 200 < 2, 0, 4, at, at
        FROM forum_threads;
        WITH k(j) AS (VALUES (1), (2), (3), (4), (5))
        INSERT INTO posts (id, thread_id, author_id, body, body_html, created_at)
        SELECT randomblob(16), id, {author}, printf('%.*c', 800, 'w'),
            '<p>' || printf('%.*c', 900, 'w') || '</p>', at
        FROM forum_threads, k;
        DROP TABLE forum_threads;"
    );
    db.execute_unprepared(&rows).await.map(|_| ())
}

/// A migrated SQLite database in `dir`, filled by `fill`, with fresh statistics (for this crate's
/// own tests).
#[cfg(test)]
pub(crate) async fn filled(
    dir: &std::path::Path,
    fill: impl AsyncFnOnce(&DatabaseConnection) -> Result<(), DbErr>,
) -> crate::Database {
    use praxis_migrations::{Migrator, MigratorTrait as _};
    let url = format!("sqlite://{}?mode=rwc", dir.join("t.db").display());
    let db = crate::connect(&url).await.expect("connect");
    Migrator::up(&db.conn, None).await.expect("migrate");
    fill(&db.conn).await.expect("rows");
    db.optimize().await.expect("statistics");
    db
}
