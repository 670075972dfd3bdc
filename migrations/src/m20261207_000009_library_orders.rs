//! Indexes for each order of the library (newest first, by last update, by title), each with the
//! columns a list's filters test, so that a page is found, sorted and counted without reading the
//! documents' rows.
//!
//! As for the shelf (`m20261207_000008_library_shelf`): a document's long text comes before its
//! dates and language in the row, so a list that read each row to sort or test it read every text
//! too. On the 10,952 UN statements a page in order of last update took 150 to 160 ms whoever
//! asked, a page by title 16 to 20 ms, and a member's page newest first, naming no status and a
//! language no document is in, 160 ms: the index on `(listed_at, id)` found the rows in order, but
//! each had to be read to test its language.
//!
//! Each order has two: one leading with the status, as the shelf's does, for a list of one status
//! (the web app's, an anonymous reader's, a moderator's queue of one stage); and one leading with
//! the order's column, for a list that names no status (a member's "published or mine", a
//! moderator's view of every document), which tests the status within the index as it walks it in
//! order. SQLite will not walk the second for a list of one status: it looks the status up and
//! sorts what it finds.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each index and the columns it leads with. The shelf's index is the one leading with the status
/// for the newest first; the first here replaces the index of that name on `(listed_at, id)`.
const INDEXES: [(&str, &[&str]); 5] = [
    ("idx_documents_listed", &["listed_at"]),
    ("idx_documents_updated", &["updated_at"]),
    ("idx_documents_title", &["title"]),
    ("idx_documents_status_updated", &["status", "updated_at"]),
    ("idx_documents_status_title", &["status", "title"]),
];

/// What follows the leading columns: the order's tie-break, then what the filters test.
const FOLLOWING: [&str; 5] = ["id", "status", "kind", "language", "author_id"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    // One transaction on SQLite too: if an index cannot be built, the one it replaces stays.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(crate::index_drop("documents", INDEXES[0].0)).await?;
        for (name, leading) in INDEXES {
            let following = FOLLOWING.into_iter().filter(|column| !leading.contains(column));
            let columns: Vec<&str> = leading.iter().copied().chain(following).collect();
            manager.create_index(crate::index("documents", name, &columns)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager.drop_index(crate::index_drop("documents", name)).await?;
        }
        manager.create_index(crate::index("documents", INDEXES[0].0, &["listed_at", "id"])).await
    }
}
