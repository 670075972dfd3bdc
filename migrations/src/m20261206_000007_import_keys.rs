//! The key of the record each imported document came from (a SHA-256 of its JSON), so that
//! importing the same file again skips the records already there instead of adding them twice.
//! Unique: two imports of one file at once cannot both write a record.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("documents").add_column(string_null("import_key")).to_owned(),
            )
            .await?;
        manager
            .create_index(
                crate::index("documents", "idx_documents_import_key", &["import_key"])
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop().name("idx_documents_import_key").table("documents").to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table("documents").drop_column("import_key").to_owned())
            .await
    }
}
