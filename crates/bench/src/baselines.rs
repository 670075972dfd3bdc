//! The engines users would pick instead, on the same texts and queries: SQLite FTS5 (bm25) and
//! PostgreSQL full-text search (tsvector with a GIN index, ranked by ts_rank).

use std::path::Path;

use sea_orm::{
    ConnectionTrait as _, Database, DatabaseConnection, DbBackend, Statement as SqlStatement,
};

use crate::corpus::Statement;

#[derive(Clone)]
pub struct Fts5 {
    db: DatabaseConnection,
}

impl Fts5 {
    pub async fn build(dir: &Path, statements: &[Statement]) -> anyhow::Result<Self> {
        let url = format!("sqlite://{}?mode=rwc", dir.join("fts5.db").display());
        let db = Database::connect(url).await?;
        db.execute_unprepared("CREATE VIRTUAL TABLE docs USING fts5(title, body)").await?;
        db.execute_unprepared("BEGIN").await?;
        for s in statements {
            db.execute_raw(SqlStatement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO docs (title, body) VALUES (?, ?)",
                [format!("Statement of {} ({})", s.country, s.year).into(), s.text.clone().into()],
            ))
            .await?;
        }
        db.execute_unprepared("COMMIT").await?;
        Ok(Self { db })
    }

    /// The FTS5 form of each benchmark query.
    pub fn query_for(kind: &str, plain: &str) -> String {
        match kind {
            "phrase" => format!("\"{plain}\""),
            _ => plain.to_owned(),
        }
    }

    pub async fn search(&self, query: &str) -> anyhow::Result<()> {
        self.db
            .query_all_raw(SqlStatement::from_sql_and_values(
                DbBackend::Sqlite,
                "SELECT rowid, bm25(docs) AS score FROM docs WHERE docs MATCH ? ORDER BY score LIMIT 10",
                [query.into()],
            ))
            .await?;
        Ok(())
    }
}

/// What PostgreSQL is asked to return.
#[derive(Clone, Copy)]
pub enum Answer {
    /// The top ten ids by rank: less than a search page shows.
    TopIds,
    /// What the benchmark's GraphQL search returns: the top ten with their titles and marked
    /// snippets (ts_headline, PostgreSQL's own), and the number of all hits.
    SamePage,
}

#[derive(Clone)]
pub struct PostgresFts {
    db: DatabaseConnection,
    admin: DatabaseConnection,
    name: String,
}

impl PostgresFts {
    pub async fn build(url: &str, statements: &[Statement]) -> anyhow::Result<Self> {
        let admin = Database::connect(url).await?;
        let name = format!("praxis_bench_{}", uuid::Uuid::new_v4().simple());
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
        let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
        let db = match Database::connect(format!("{base}/{name}")).await {
            Ok(db) => db,
            Err(e) => {
                admin.execute_unprepared(&format!("DROP DATABASE {name}")).await?;
                return Err(e.into());
            }
        };
        let built = Self { db, admin, name };
        match built.fill(statements).await {
            Ok(()) => Ok(built),
            Err(e) => {
                built.remove().await?;
                Err(e)
            }
        }
    }

    /// The statements, their tsvectors and the GIN index over them.
    async fn fill(&self, statements: &[Statement]) -> anyhow::Result<()> {
        let db = &self.db;
        db.execute_unprepared(
            "CREATE TABLE docs (id serial PRIMARY KEY, title text, body text,
             tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || body)) STORED)",
        )
        .await?;
        for chunk in statements.chunks(200) {
            let mut sql = String::from("INSERT INTO docs (title, body) VALUES ");
            let mut values = Vec::new();
            for (i, s) in chunk.iter().enumerate() {
                sql.push_str(&format!(
                    "{}(${}, ${})",
                    if i == 0 { "" } else { "," },
                    2 * i + 1,
                    2 * i + 2
                ));
                values.push(format!("Statement of {} ({})", s.country, s.year).into());
                values.push(s.text.replace('\0', "").into());
            }
            db.execute_raw(SqlStatement::from_sql_and_values(DbBackend::Postgres, &sql, values))
                .await?;
        }
        db.execute_unprepared("CREATE INDEX docs_tsv ON docs USING GIN (tsv)").await?;
        db.execute_unprepared("ANALYZE docs").await?;
        Ok(())
    }

    /// Drops the benchmark's database: it holds a copy of the corpus.
    pub async fn remove(self) -> anyhow::Result<()> {
        self.db.close().await?;
        let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        self.admin.execute_unprepared(&drop).await?;
        Ok(())
    }

    pub fn function_for(kind: &str) -> &'static str {
        if kind == "phrase" { "phraseto_tsquery" } else { "plainto_tsquery" }
    }

    pub async fn search(&self, function: &str, text: &str, answer: Answer) -> anyhow::Result<()> {
        let sql = match answer {
            Answer::TopIds => format!(
                "SELECT id, ts_rank(tsv, q) AS rank FROM docs, {function}('english', $1) q
                 WHERE tsv @@ q ORDER BY rank DESC LIMIT 10"
            ),
            Answer::SamePage => format!(
                "WITH top AS (SELECT id, ts_rank(tsv, q) AS rank, count(*) OVER () AS total
                              FROM docs, {function}('english', $1) q WHERE tsv @@ q
                              ORDER BY rank DESC LIMIT 10)
                 SELECT top.id, top.total, docs.title,
                        ts_headline('english', docs.body, {function}('english', $1),
                                    'StartSel=<mark>, StopSel=</mark>, MinWords=20, MaxWords=35')
                 FROM top JOIN docs USING (id) ORDER BY top.rank DESC"
            ),
        };
        self.query(&sql, text).await
    }

    async fn query(&self, sql: &str, text: &str) -> anyhow::Result<()> {
        self.db
            .query_all_raw(SqlStatement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                [text.into()],
            ))
            .await?;
        Ok(())
    }
}
