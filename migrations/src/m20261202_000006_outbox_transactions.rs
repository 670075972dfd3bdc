//! The transaction that wrote each outbox row, on PostgreSQL.
//!
//! PostgreSQL hands out sequence numbers when rows are inserted, not when their transactions
//! commit: a transaction holding `seq` 100 can commit after another has committed 101. An
//! indexer that had moved past 101 would never see 100. Ordered by the writing transaction's id
//! first, and read only below the oldest transaction still running, the outbox is read in an
//! order that nothing can commit into behind the reader. SQLite admits one writer at a time, so
//! there every row keeps 0 and `seq` alone orders them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Rows already written keep 0, so an index's watermark from before (a plain sequence
        // number, which reads as transaction 0) still says which of them it has applied.
        manager
            .alter_table(
                Table::alter()
                    .table("outbox")
                    .add_column(big_integer("txid").default(0))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE outbox ALTER COLUMN txid \
                     SET DEFAULT (pg_current_xact_id()::text::bigint)",
                )
                .await?;
        }
        manager.create_index(crate::index("outbox", "idx_outbox_position", &["txid", "seq"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_outbox_position").table("outbox").to_owned())
            .await?;
        manager.alter_table(Table::alter().table("outbox").drop_column("txid").to_owned()).await
    }
}
