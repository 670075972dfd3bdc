//! A database of the test's own: a SQLite file in its temp dir, or, when
//! `PRAXIS_TEST_DATABASE_URL` names a PostgreSQL server, a new database created there.

use std::path::Path;

use sea_orm::{ConnectionTrait as _, Database};

pub struct TestDatabase {
    url: String,
    /// The server URL and the database name, for PostgreSQL.
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create(dir: &Path) -> Self {
        match std::env::var("PRAXIS_TEST_DATABASE_URL") {
            Ok(server) if !server.is_empty() => Self::create_postgres(server).await,
            _ => Self {
                url: format!("sqlite://{}?mode=rwc", dir.join("praxis.db").display()),
                postgres: None,
            },
        }
    }

    async fn create_postgres(server: String) -> Self {
        let name = format!("praxis_t_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&server).await.expect("connect to PRAXIS_TEST_DATABASE_URL");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        admin.close().await.expect("close admin connection");
        let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
        Self { url: format!("{base}/{name}"), postgres: Some((server.clone(), name)) }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    pub async fn drop_database(self) {
        if let Some((server, name)) = self.postgres {
            let admin =
                Database::connect(&server).await.expect("connect to PRAXIS_TEST_DATABASE_URL");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .expect("drop test database");
            admin.close().await.expect("close admin connection");
        }
    }
}
