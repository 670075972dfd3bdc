//! The database schema, as migrations shared by SQLite and PostgreSQL. Table names are strings and
//! no entity is imported, so old migrations never change when the entities do.

// sea-orm-migration declares `&SchemaManager` without its lifetime, and impls must match it.
#![allow(elided_lifetimes_in_paths)]

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_discussion;
mod m20261123_000003_outbox;
mod m20261123_000004_library;
mod m20261123_000005_name_keys;
mod m20261202_000006_outbox_transactions;
mod m20261206_000007_import_keys;
mod m20261207_000008_library_shelf;
mod m20261207_000009_library_orders;
mod m20261207_000010_space_threads;
mod m20261207_000011_document_files;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_discussion::Migration),
            Box::new(m20261123_000003_outbox::Migration),
            Box::new(m20261123_000004_library::Migration),
            Box::new(m20261123_000005_name_keys::Migration),
            Box::new(m20261202_000006_outbox_transactions::Migration),
            Box::new(m20261206_000007_import_keys::Migration),
            Box::new(m20261207_000008_library_shelf::Migration),
            Box::new(m20261207_000009_library_orders::Migration),
            Box::new(m20261207_000010_space_threads::Migration),
            Box::new(m20261207_000011_document_files::Migration),
        ]
    }
}

/// A foreign key from `table.column` to `target.id`.
fn references(
    table: &'static str,
    column: &'static str,
    target: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(target, "id").on_delete(on_delete).to_owned()
}

fn index(
    table: &'static str,
    name: &'static str,
    columns: &[&'static str],
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    index.to_owned()
}

/// Drops the index `name` of `table`.
fn index_drop(table: &'static str, name: &'static str) -> IndexDropStatement {
    Index::drop().name(name).table(table).to_owned()
}
