//! An index the library's shelf is read from: published documents, newest first, with the
//! columns its filters test (kind, language) and the one a member's own drafts are found by.
//!
//! Without it, SQLite found the published documents through the status index and then read
//! each one's row to sort it and to test its filters. A document's long text comes before its
//! language and dates in the row, so every row read meant reading its text too: on the 10,952 UN
//! statements the shelf's first page took 140 to 350 ms, and 218 to 275 ms filtered by a
//! language. Read from this index, each took 2 to 5 ms, the count of all matches included.
//! The other orders have their own indexes since `m20261207_000009_library_orders`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_documents_shelf";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = ["status", "listed_at", "id", "kind", "language", "author_id"];
        manager.create_index(crate::index("documents", NAME, &columns)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(NAME).table("documents").to_owned()).await
    }
}
